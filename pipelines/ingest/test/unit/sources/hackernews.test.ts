import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/job.js';
import { hackerNews } from '../../../src/sources/hackernews.js';

const job = (source: Record<string, unknown>) => parseJob({ id: 'hn-history', source: { type: 'hackernews', ...source } }, 'jobs/hn.yaml');

describe('hackernews job source: the month walk', () => {
  it('takes `from` and `to` months', () => {
    expect(job({ from: '2011-04', to: '2019-12' }).source).toMatchObject({ type: 'hackernews', from: '2011-04', to: '2019-12' });
    expect(job({ from: '2011-04' }).source).toMatchObject({ from: '2011-04', to: undefined });
  });

  it.each([
    [{ from: '2011-4' }, /source\.from: must be a month, YYYY-MM \(got "2011-4"\)/],
    [{ from: '2011-13' }, /source\.from: must be a month, YYYY-MM \(got "2011-13"\)/],
    [{ from: '2010-12' }, /source\.from: 2010-12 is before the first monthly "Who is hiring\?" thread; use 2011-04 or later/],
    [{ from: '2015-01', to: '2014-12' }, /source\.to: 2014-12 is before source\.from \(2015-01\); use a month from 2015-01 on/],
    [{ to: '2014-12' }, /source\.to: ends a month walk, which needs source\.from/],
    [{ from: '2011-04', months: 12 }, /source\.from: walks the months from `from` to `to`; remove source\.months and source\.threads/],
    [{ from: '2011-04', threads: [1] }, /source\.from: walks the months from `from` to `to`; remove source\.months and source\.threads/],
  ])('rejects %j, saying what would be right', (source, message) => {
    expect(() => job(source)).toThrow(message);
  });

  it('reports its progress in threads and comments only when it walks months', () => {
    const walking = hackerNews.create(hackerNews.section({ from: '2011-04', to: '2011-06' }, 'hn'), {}) as {
      adapter: { progress?(): string };
    };
    expect(walking.adapter.progress?.()).toBe('threads 0/3, comments 0/0');
    const latest = hackerNews.create(hackerNews.section({}, 'hn'), {}) as { adapter: { progress?(): string } };
    expect(latest.adapter.progress).toBeUndefined();
  });
});
