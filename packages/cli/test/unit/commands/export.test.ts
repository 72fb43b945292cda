import { SkillPulseError } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { exportError, exportRequest, flag } from '../../../src/commands/export.js';
import { UsageError } from '../../../src/usage.js';

describe('export arguments', () => {
  it('names each API parameter as a flag', () => {
    expect(flag('page_size')).toBe('--page-size');
    expect(flag('includeDescendants')).toBe('--include-descendants');
  });

  it('turns flags into the query of the API route of the same name', () => {
    const request = exportRequest(['top', '--from', '2025-01-01', '--limit', '50', '--bom', '--data-dir', '/d']);
    expect(request).toMatchObject({ report: 'top', dataDir: '/d' });
    const url = new URL(request.url, 'http://x');
    expect(url.pathname).toBe('/api/top.csv');
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: '2025-01-01', limit: '50', bom: '1' });
  });

  it('takes a switch for a true/false parameter, and the skill as a positional', () => {
    const trends = new URL(exportRequest(['trends', '--skills', 'java', '--include-descendants']).url, 'http://x');
    expect(trends.searchParams.get('includeDescendants')).toBe('true');
    expect(exportRequest(['skill', 'c++']).url).toBe('/api/skills/c%2B%2B.csv?');
  });

  it.each([
    [[], /^missing report \(skills, skill, top/],
    [['--limit'], /^missing report/],
    [['tpo'], /^unknown report "tpo" \(skills, /],
    [['top', 'extra'], /^unexpected argument "extra"$/],
    [['skill'], /^skill: give one skill id or name/],
    [['top', '--format', 'json'], /^--format must be one of: csv \(got "json"\)/],
    [['top', '--limt', '5'], /^unknown flag --limt; did you mean --limit\?/],
  ])('%j is bad usage', (args, message) => {
    expect(() => exportRequest(args)).toThrow(UsageError);
    expect(() => exportRequest(args)).toThrow(message);
  });
});

describe('export errors', () => {
  const request = { report: 'top', params: ['limit', 'from', 'to'] };
  it('names the flag where the API named its parameter; a 400 or 404 is bad usage', () => {
    const error = exportError(request, 400, {
      message: 'limit must be at most 1000; to: not a date',
      code: 'SKILLPULSE_ERR_INVALID_INPUT',
    });
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('top: --limit must be at most 1000; --to: not a date');
    expect(exportError(request, 404, { message: 'no skill "x"', code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' })).toBeInstanceOf(UsageError);
  });

  it('keeps the code of any other failure (exit 1)', () => {
    const error = exportError(request, 503, { message: 'the store is unavailable', code: 'SKILLPULSE_ERR_STORE_UNAVAILABLE' });
    expect(error).not.toBeInstanceOf(UsageError);
    expect(error).toBeInstanceOf(SkillPulseError);
    expect((error as SkillPulseError).code).toBe('SKILLPULSE_ERR_STORE_UNAVAILABLE');
    expect(exportError(request, 500, {}).message).toBe('top: status 500');
  });
});
