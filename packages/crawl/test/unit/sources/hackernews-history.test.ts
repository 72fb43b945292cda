import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hackerNewsSource } from '../../../src/sources/hackernews.js';
import { checkMonth, hiringThreadMonth, MonthWalk, monthsBetween, previousMonth } from '../../../src/sources/hackernews-history.js';

describe('months', () => {
  it('reads the month a "Who is hiring?" title names, and nothing from other titles', () => {
    expect(hiringThreadMonth('Ask HN: Who is Hiring? (April 2011)')).toBe('2011-04');
    expect(hiringThreadMonth('Ask HN: Who is hiring? (March 2025)')).toBe('2025-03');
    expect(hiringThreadMonth("Ask HN: Who's Hiring? (May 2012)")).toBe('2012-05');
    expect(hiringThreadMonth('Ask HN: Freelancer? Seeking freelancer? (July 2011)')).toBeNull();
    expect(hiringThreadMonth('Ask HN: Who wants to be hired? (July 2011)')).toBeNull();
  });

  it('lists the months from one to another across years', () => {
    expect(monthsBetween('2011-11', '2012-02')).toEqual(['2011-11', '2011-12', '2012-01', '2012-02']);
    expect(monthsBetween('2012-02', '2011-11')).toEqual([]);
    expect(monthsBetween('2011-04', '2026-11')).toHaveLength(188);
    expect(previousMonth('2012-01')).toBe('2011-12');
  });

  it('refuses a month not written YYYY-MM, saying how to write it', () => {
    expect(() => checkMonth('April 2011', 'source.from')).toThrow(
      'source.from: "April 2011" is not a month; write it as YYYY-MM, e.g. 2011-04',
    );
    expect(() => hackerNewsSource({ name: 'hn', months: 1, from: '2010-01' })).toThrow(/source\.from: 2010-01 is before the first monthly/);
    expect(() => hackerNewsSource({ name: 'hn', months: 1, from: '2012-01', to: '2011-12' })).toThrow(
      /source\.to: 2011-12 is before source\.from/,
    );
  });
});

describe('MonthWalk', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'skillpulse-walk-')), 'walk.json');

  it('fetches submissions oldest first, then skips finished months except the recent ones', () => {
    const path = file();
    const walk = new MonthWalk('2011-04', '2011-08', '2011-08', path);
    expect(walk.toFetch([50, 40, 30, 20, 10])).toEqual([10, 20, 30, 40, 50]);
    walk.thread(10, '2011-03', 0); // before the walk
    walk.thread(20, '2011-04', 1);
    walk.comment(20);
    walk.other(30); // a freelancer thread
    walk.thread(40, '2011-07', 2);
    walk.comment(40); // one of two read: unfinished
    walk.thread(50, '2011-08', 0);
    // May and June have no thread: 3 threads to read, April and August done, July half read.
    expect(walk.progress()).toBe('threads 2/3, comments 2/3 (2011-07)');

    // A later run, a month on: it reads the state file back.
    const later = new MonthWalk('2011-04', '2011-09', '2011-09', path);
    expect(later.toFetch([60, 50, 40, 30, 20, 10])).toEqual([40, 50, 60]);
  });

  it('names the months without a thread once every submission was read, once, never this month', () => {
    const walk = new MonthWalk('2011-04', '2011-07', '2011-07', file());
    walk.toFetch([2, 1]);
    expect(walk.thread(1, '2011-04', 0)).toEqual([]);
    expect(walk.thread(2, '2011-06', 0)).toEqual(['2011-05']);
    walk.toFetch([2, 1]);
    expect(walk.thread(1, '2011-04', 0)).toEqual([]);
    expect(walk.thread(2, '2011-06', 0)).toEqual([]);
  });

  it('starts over from a file it cannot read', () => {
    const path = file();
    writeFileSync(path, '{"version":1,"threads":');
    const walk = new MonthWalk('2011-04', '2011-05', '2011-05', path);
    expect(walk.toFetch([2, 1])).toEqual([1, 2]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ version: 1, pending: [1, 2] });
  });
});
