import { ConfigError, ERROR_CODES, ERROR_TABLE, InvalidInputError, NotFoundError, SkillPulseError, StoreError } from '@skillpulse/core';
import { RUN_STATUSES } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeOf, exitCodeOfError } from '../../src/exit-codes.js';

describe('exit codes of crawl and jobs run', () => {
  it('gives 0 only to a run that succeeded, and each other ending its own documented code', () => {
    expect(Object.fromEntries(RUN_STATUSES.map((status) => [status, exitCodeOf(status)]))).toEqual({
      running: 1,
      succeeded: 0,
      completed_with_errors: 3,
      failed: 1,
      blocked: 4,
      suspicious: 5,
      interrupted: 6,
    });
  });

  it('keeps 1 for failure and 2 for bad usage, and no two meanings share a code', () => {
    expect(EXIT_CODES).toMatchObject({ ok: 0, failed: 1, usage: 2 });
    const codes = Object.values(EXIT_CODES);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('exit codes of a command that threw', () => {
  it('looks the code up in the error table: 2 for bad usage and input, 1 for any other failure', () => {
    expect(exitCodeOfError(new SkillPulseError('SKILLPULSE_ERR_USAGE', 'x'))).toBe(EXIT_CODES.usage);
    expect(exitCodeOfError(new InvalidInputError('x'))).toBe(EXIT_CODES.usage);
    expect(exitCodeOfError(new NotFoundError('x', { code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' }))).toBe(EXIT_CODES.failed);
    expect(exitCodeOfError(new StoreError('x', { code: 'SKILLPULSE_ERR_STORE_CORRUPT' }))).toBe(EXIT_CODES.failed);
    expect(exitCodeOfError(new ConfigError('x'))).toBe(EXIT_CODES.failed);
    expect(exitCodeOfError(new SkillPulseError('SKILLPULSE_ERR_NOT_IN_THE_TABLE', 'x'))).toBe(EXIT_CODES.failed);
    expect(exitCodeOfError(new Error('x'))).toBe(EXIT_CODES.failed);
  });

  it('every exit code of the error table is one of the CLI’s', () => {
    for (const code of ERROR_CODES) expect(Object.values(EXIT_CODES), code).toContain(ERROR_TABLE[code].exit);
  });
});
