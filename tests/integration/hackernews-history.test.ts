import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@skillpulse/core';
import { type CrawlProgress, crawlSource, hackerNewsSource } from '@skillpulse/crawl';
import { parseJob, runIngest } from '@skillpulse/ingest';
import { SqliteStore } from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureCrawler } from '../support/crawl-harness.js';
import { type FixtureRoute, type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { withLookups } from '../support/store-lookups.js';

/**
 * The Hacker News month walk (`from: 2011-04`) against a recorded thread tree served on loopback:
 * whoishiring's submissions and the threads' top-level comments, in the Firebase API's shapes
 * (tests/fixtures/hackernews-history.json). The fixture has March to September 2011: March is
 * before the walk, June has no thread, July also has a freelancer thread, one comment is deleted and
 * one dead.
 */

interface Recorded {
  user: object;
  userSeptember: object;
  items: Record<string, object>;
}
const recorded = JSON.parse(readFileSync(new URL('../fixtures/hackernews-history.json', import.meta.url), 'utf8')) as Recorded;

const routes = (user: object = recorded.user): Record<string, FixtureRoute> => {
  const table: Record<string, FixtureRoute> = { '/v0/user/whoishiring.json': { body: user } };
  for (const [id, item] of Object.entries(recorded.items)) table[`/v0/item/${id}.json`] = { body: item };
  return table;
};

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const crawl = fixtureCrawler({
  limits: { retryBaseMs: 50, maxRequestsPerMinute: 60000, maxConcurrency: 1 },
  sortPostings: true,
  onServer: (started) => {
    server = started;
  },
});

const at = (iso: string) => () => new Date(iso);
/** The postings of the live top-level comments of April, May, July and August 2011. */
const WALKED = ['hn:2396101', 'hn:2396103', 'hn:2503101', 'hn:2750101', 'hn:2750102', 'hn:2881101', 'hn:2881102'];
const items = (requests: string[]) => requests.filter((r) => r.startsWith('/v0/item/')).map((r) => Number(/(\d+)\.json$/.exec(r)?.[1]));

describe('Hacker News month walk', () => {
  it('walks every month from `from` to now, each posting dated by its comment, and names the month without a thread', async () => {
    const progress: CrawlProgress[] = [];
    const { postings, report, requests } = await crawl(
      routes(),
      (base) => hackerNewsSource({ name: 'hn', months: 1, from: '2011-04', apiBase: `${base}/v0`, now: at('2011-08-20T12:00:00Z') }),
      { onProgress: (p) => progress.push(p) },
    );
    expect(postings.map((p) => p.id)).toEqual(WALKED);
    // History lands in its months: each posting is dated by its comment's time, not by the crawl.
    expect(Object.fromEntries(postings.map((p) => [p.id, p.datePosted]))).toEqual({
      'hn:2396101': '2011-04-01',
      'hn:2396103': '2011-04-05',
      'hn:2503101': '2011-05-03',
      'hn:2750101': '2011-07-01',
      'hn:2750102': '2011-07-12',
      'hn:2881101': '2011-08-01',
      'hn:2881102': '2011-08-09',
    });
    expect(postings.every((p) => p.dateInferred === false)).toBe(true);
    expect(postings.find((p) => p.id === 'hn:2396101')).toMatchObject({ company: 'Acme Robotics', title: 'Embedded Engineer' });
    // March is before the walk and the freelancer thread is not a hiring thread: their comments are not read.
    const fetched = items(requests);
    expect(fetched).not.toContain(2290101);
    expect(fetched).not.toContain(2751101);
    // The deleted and the dead comment were read (they are top-level comments) but give no posting.
    expect(fetched).toEqual(expect.arrayContaining([2396102, 2503102]));
    expect(report.errors.map((e) => e.reason)).toEqual([
      `no "Ask HN: Who is hiring?" thread for 2011-06 among whoishiring's submissions; that month has no postings from Hacker News`,
    ]);
    expect(progress.at(-1)?.detail).toBe('threads 4/4, comments 9/9');
  });

  it('stops at `to`, reading no comment of a later thread', async () => {
    const { postings, report, requests } = await crawl(routes(), (base) =>
      hackerNewsSource({ name: 'hn', months: 1, from: '2011-04', to: '2011-05', apiBase: `${base}/v0`, now: at('2011-08-20T12:00:00Z') }),
    );
    expect(postings.map((p) => p.id)).toEqual(['hn:2396101', 'hn:2396103', 'hn:2503101']);
    expect(items(requests)).not.toContain(2750101);
    expect(report.errors).toEqual([]);
  });

  it('fails the run when the whoishiring user is not in the API shape, instead of walking nothing', async () => {
    const table = { ...routes(), '/v0/user/whoishiring.json': { body: { error: 'Permission denied' } } };
    const { postings, report } = await crawl(table, (base) =>
      hackerNewsSource({ name: 'hn', months: 1, from: '2011-04', apiBase: `${base}/v0` }),
    );
    expect(postings).toEqual([]);
    expect(report.listingFailures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/expected the whoishiring user with a "submitted" list/),
    ]);
  });

  it('resumes an interrupted walk where it stopped, and a later run reads only new and recent months', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-hn-walk-'));
    // One server for every run: the resumed queue holds its URLs.
    server = await startFixtureServer(routes());
    const base = `${server.url}/v0`;
    const run = async (now: string, maxPages = 1000) => {
      const postings: string[] = [];
      const before = server?.requests.length ?? 0;
      const report = await crawlSource(
        hackerNewsSource({ name: 'hn', months: 1, from: '2011-04', apiBase: base, now: at(now), statePath: join(dir, 'walk.json') }),
        {
          userAgent: 'SkillPulseTest/1.0 (+https://example.org/contact)',
          allowPrivateNetwork: true,
          logger: silentLogger,
          queueDir: join(dir, 'queue'),
          limits: { maxPages, maxConcurrency: 1, maxRequestsPerMinute: 60000, retryBaseMs: 50 },
          onPostings: async (batch) => {
            postings.push(...batch.map((p) => p.id));
          },
        },
      );
      return { report, postings: postings.sort(), requests: server?.requests.slice(before) ?? [] };
    };

    // The first run stops after 10 pages: whoishiring, its 6 submissions, then April's 3 comments.
    const first = await run('2011-08-20T12:00:00Z', 10);
    expect(first.report.complete).toBe(false);
    expect(first.postings).toEqual(['hn:2396101', 'hn:2396103']);

    // The next run continues the queue: no thread is read again, nor a comment of the finished April
    // thread (only a page in flight when the cap struck, whose answer was dropped, is asked again).
    const second = await run('2011-08-20T12:00:00Z');
    expect(second.report).toMatchObject({ resumed: true, complete: true });
    expect(second.requests).not.toContain('/v0/user/whoishiring.json');
    const again = items(second.requests).filter((id) => items(first.requests).includes(id));
    expect(again.filter((id) => String(id).endsWith('000') || String(id).startsWith('2396'))).toEqual([]);
    expect(again.length).toBeLessThanOrEqual(1);
    expect([...first.postings, ...second.postings].sort()).toEqual(WALKED);

    // A month later the walk is finished: only September (new) and August (still growing) are read.
    server.routes.set('/v0/user/whoishiring.json', { body: recorded.userSeptember });
    const third = await run('2011-09-15T12:00:00Z');
    expect(third.report).toMatchObject({ resumed: false, complete: true });
    expect(items(third.requests).sort()).toEqual([2881000, 2881101, 2881102, 2998000, 2998101]);
    expect(third.postings).toEqual(['hn:2881101', 'hn:2881102', 'hn:2998101']);
    // June was reported by the walk that found it missing, not again.
    expect(third.report.errors).toEqual([]);
  });

  it('runs from a job file with `from:` and keeps its progress next to the job queue', async () => {
    const store = withLookups(new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-hn-ingest-')), 'test.db') }));
    const queueDir = mkdtempSync(join(tmpdir(), 'skillpulse-hn-queue-'));
    server = await startFixtureServer(routes());
    const job = parseJob(
      {
        id: 'hn-history',
        source: { type: 'hackernews', from: '2011-04', to: '2011-08', apiBase: `${server.url}/v0` },
        options: { allowPrivateNetwork: true, respectRobotsTxt: false },
        limits: { retryBaseMs: 10 },
      },
      'hn-history.yaml',
    );
    try {
      const run = await runIngest({ job, store, logger: silentLogger, queueDir, dedupeWindowDays: 100_000 });
      expect(run).toMatchObject({ status: 'completed_with_errors', postingsNew: 7, errorCount: 1 });
      expect(run.errors[0]?.reason).toMatch(/thread for 2011-06/);
      expect((await store.getPosting('hn:2750102'))?.datePosted).toBe('2011-07-12');
      const months: Record<string, number> = {};
      for await (const posting of store.iteratePostings()) {
        const month = posting.datePosted?.slice(0, 7) ?? 'none';
        months[month] = (months[month] ?? 0) + 1;
      }
      expect(months).toEqual({ '2011-04': 2, '2011-05': 1, '2011-07': 2, '2011-08': 2 });
      expect(existsSync(join(queueDir, 'hackernews-walk.json'))).toBe(true);
    } finally {
      await store.close();
    }
    // The first run of the extractor (its taxonomy and models) takes seconds on a busy machine.
  }, 90_000);
});
