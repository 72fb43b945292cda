import { RUN_STATUSES } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeOf } from '../../src/exit-codes.js';

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
