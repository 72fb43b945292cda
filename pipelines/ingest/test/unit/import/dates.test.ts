import { describe, expect, it } from 'vitest';
import { jobspyPosting, jsonldPosting } from '../../../src/import/formats.js';

/** Issue 21: an imported row's date is read as written or refused, never guessed. */

const row = (date_posted: string) => ({
  site: 'indeed',
  job_url: 'https://jobs.example/1',
  title: 'Data Engineer',
  description: 'Python and SQL.',
  date_posted,
});
const dateOf = (text: string) => jobspyPosting(row(text), 'import:test', '2026-11-28T00:00:00.000Z').datePosted;

describe('import dates', () => {
  it('reads ISO dates, and day and month in numbers when one of them is over 12', () => {
    expect(dateOf('2026-03-10')).toBe('2026-03-10');
    expect(dateOf('25/03/2026')).toBe('2026-03-25');
    expect(dateOf('03/25/2026')).toBe('2026-03-25');
    expect(dateOf('04.04.2026')).toBe('2026-04-04');
  });

  it('refuses a date that could be day/month or month/day, and one that is no date', () => {
    expect(() => dateOf('03/10/2026')).toThrow('date_posted "03/10/2026" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD');
    expect(() => dateOf('31/02/2026')).toThrow('date_posted "31/02/2026" is not a date (YYYY-MM-DD)');
    expect(() => dateOf('2026-02-31')).toThrow('date_posted "2026-02-31" is not a date (YYYY-MM-DD)');
    expect(() => dateOf('last tuesday')).toThrow('is not a date');
  });

  it('refuses a JSON-LD JobPosting whose datePosted is given but is no date (the crawler would put it on the import day)', () => {
    const data = { '@type': 'JobPosting', title: 'Data Engineer', url: 'https://jobs.example/1', description: 'Python and SQL.' };
    const seenAt = '2026-11-28T00:00:00.000Z';
    expect(() => jsonldPosting({ ...data, datePosted: 'yesterday' }, 'import:test', seenAt)).toThrow(
      '"datePosted" "yesterday" is not a date (YYYY-MM-DD)',
    );
    expect(jsonldPosting({ ...data, datePosted: '2026-03-02' }, 'import:test', seenAt).datePosted).toBe('2026-03-02');
    // No date at all: the import's day, marked as inferred (as a crawled page without one).
    expect(jsonldPosting(data, 'import:test', seenAt)).toMatchObject({ datePosted: '2026-11-28', dateInferred: true });
  });
});
