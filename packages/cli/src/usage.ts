import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SkillPulseError } from '@skillpulse/core';

/** Bad command-line usage: exit code 2 and a one-line message naming the argument. */
export class UsageError extends SkillPulseError {
  constructor(message: string) {
    super('SKILLPULSE_ERR_USAGE', message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs that turns its errors into UsageErrors and always knows --help. */
export function parseCommand<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad usage');
  }
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${name}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}
