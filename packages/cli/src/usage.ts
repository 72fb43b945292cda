import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closestMatch, SkillPulseError } from '@skillpulse/core';

/** Bad command-line usage: exit code 2 and a one-line message naming the argument. */
export class UsageError extends SkillPulseError {
  constructor(message: string) {
    super('SKILLPULSE_ERR_USAGE', message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `; did you mean --x?` for a misspelt name, else ` (known: …)`. */
function hint(input: string, known: readonly string[]): string {
  const match = closestMatch(input, known);
  return match === undefined ? ` (known: ${known.join(', ')})` : `; did you mean ${match}?`;
}

/** The flag as written before any `=value`: `--format=xml` → `--format`. */
const flagName = (arg: string) => arg.split('=')[0] as string;

/** Turns parseArgs' errors into one sentence naming the flag and what would be right. */
function usageMessage(error: Error & { code?: string }, args: string[], options: Options): string {
  const flags = Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
  const quoted = /'(-[^' ]*)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) {
    // A one-letter flag is too short to guess from: list them all.
    if (!quoted.startsWith('--')) return `unknown flag ${quoted} (known: ${flags.join(', ')})`;
    const long = flags.filter((f) => f.startsWith('--'));
    return `unknown flag ${quoted}${hint(quoted, long)}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    const name = quoted.replace(/^--?/, '');
    const option = options[name] ?? Object.values(options).find((o) => o.short === name);
    if (option?.type === 'boolean') {
      const given = args.find((a) => flagName(a) === quoted);
      return `${quoted} takes no value${given?.includes('=') ? ` (got "${given.slice(quoted.length + 1)}")` : ''}`;
    }
    return `${quoted} needs a value (${quoted} VALUE; see --help)`;
  }
  return error.message.split('\n')[0] ?? 'bad usage';
}

/** parseArgs that turns its errors into UsageErrors and always knows --help. */
export function parseCommand<O extends Options>(args: string[], options: O) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } satisfies Options;
  try {
    return parseArgs({ args, options: all, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error, args, all));
  }
}

/** A flag's value among a fixed list: `--format must be one of: json, text (got "xml")`. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    const match = closestMatch(value, allowed);
    throw new UsageError(
      `${name} must be one of: ${allowed.join(', ')} (got "${value}")${match === undefined ? '' : `; did you mean ${match}?`}`,
    );
  }
  return value as T;
}

/** A count flag such as --limit: a whole number from 1 to 100000. */
export function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100000) throw new UsageError(`${name}: "${value}" is not a whole number from 1 to 100000`);
  return n;
}
