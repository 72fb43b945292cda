import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@skillpulse/core';
import { SkillExtractor } from '@skillpulse/extract';
import { parseJob, runIngest } from '@skillpulse/ingest';
import { type SkillStore, SqliteStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fx from '../fixtures/sources.js';
import { ES_AVAILABLE, openTestElasticsearch } from '../support/elasticsearch.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { type TestLookups, withLookups } from '../support/store-lookups.js';

const backends: Array<[string, () => Promise<SkillStore & TestLookups>]> = [
  ['sqlite', async () => withLookups(new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-ingest-')), 'test.db') }))],
];
if (ES_AVAILABLE) backends.push(['elasticsearch', async () => withLookups(await openTestElasticsearch())]);

/** Counts extractions, to show that unchanged postings are not re-extracted. */
class CountingExtractor extends SkillExtractor {
  calls = 0;
  override extract(...args: Parameters<SkillExtractor['extract']>) {
    this.calls++;
    return super.extract(...args);
  }
}

const job = (source: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseJob(
    { id: 'test-job', source, options: { allowPrivateNetwork: true, respectRobotsTxt: false }, limits: { retryBaseMs: 10 }, ...extra },
    'test.yaml',
  );

describe.each(backends)('ingest on %s', (_name, open) => {
  let store: SkillStore & TestLookups;
  let server: FixtureServer;
  beforeEach(async () => {
    store = await open();
    server = await startFixtureServer({ '/v1/boards/acme/jobs': { body: fx.greenhouseJobs } });
  });
  afterEach(async () => {
    await server.close();
    if ('destroy' in store) await (store as { destroy(): Promise<void> }).destroy();
    await store.close();
  });
  const greenhouse = () => job({ type: 'greenhouse', board: 'acme', apiBase: server.url });
  const ingest = (definition: ReturnType<typeof job>, extractor = new CountingExtractor()) =>
    runIngest({ job: definition, store, logger: silentLogger, extractor, dedupeWindowDays: 100_000 });

  it('re-extracts only changed postings and expires the ones a board no longer lists', async () => {
    const first = await ingest(greenhouse());
    // The fixture's third job has no title: a page error.
    expect(first).toMatchObject({ status: 'completed_with_errors', postingsNew: 2, postingsUpdated: 0, postingsExpired: 0, errorCount: 1 });

    const extractor = new CountingExtractor();
    const again = await ingest(greenhouse(), extractor);
    expect(again).toMatchObject({ postingsNew: 0, postingsUpdated: 0, postingsExpired: 0 });
    expect(extractor.calls).toBe(0);
    const seenAgain = await store.getPosting('greenhouse-acme:4001');
    expect((seenAgain?.lastSeen ?? '') >= again.startedAt).toBe(true);
    expect((seenAgain?.firstSeen ?? '') < again.startedAt).toBe(true);

    // The board drops 4001 and rewrites 4002.
    const changed = { jobs: [{ ...fx.greenhouseJobs.jobs[1], content: '&lt;p&gt;SQL, Python and Looker now.&lt;/p&gt;' }] };
    server.routes.set('/v1/boards/acme/jobs', { body: changed });
    const counting = new CountingExtractor();
    const third = await ingest(greenhouse(), counting);
    expect(third).toMatchObject({ postingsNew: 0, postingsUpdated: 1, postingsExpired: 1 });
    expect(counting.calls).toBe(1);
    const dropped = await store.getPosting('greenhouse-acme:4001');
    expect(dropped?.expired).toBe(true);
    expect((await store.getPosting('greenhouse-acme:4002'))?.skills.map((s) => s.skillId)).toContain('looker');
    // Expired, not deleted: it still counts for the period it was posted in.
    expect(await store.countPostings({})).toBe(2);
  });

  it('does not expire anything after an incomplete crawl', async () => {
    await ingest(greenhouse());
    server.routes.set('/v1/boards/acme/jobs', { status: 503, body: 'down' });
    const run = await ingest(
      job({ type: 'greenhouse', board: 'acme', apiBase: server.url }, { limits: { maxRetries: 1, retryBaseMs: 10 } }),
    );
    // A listing that could not be read fails the run (tests/integration/run-status.test.ts has the rest).
    expect(run).toMatchObject({ status: 'failed', postingsExpired: 0 });
    expect(run.errors[0]?.reason).toMatch(/could not be read: HTTP 503$/);
    expect((await store.getPosting('greenhouse-acme:4001'))?.expired).toBe(false);
  });

  it('links a near-duplicate on another source to the earliest posting of its group', async () => {
    const description = `<p>Acme builds the payment rails that thousands of online shops rely on every day. Our platform team
      owns the services that authorise, capture and settle card payments across Europe, and we are growing.</p>
      <h3>What you will do</h3><ul><li>Design and run services in Go on Kubernetes</li><li>Model ledgers in PostgreSQL</li>
      <li>Own on-call for the systems you build, with a humane rotation</li><li>Mentor engineers and review designs</li></ul>
      <h3>What we look for</h3><ul><li>Five years of backend experience</li><li>Distributed systems you have run in production</li>
      <li>Clear writing and a taste for simple designs</li></ul><p>We offer a hybrid setup in Berlin, a learning budget and
      thirty days of holiday.</p>`;
    const board = (content: string) => ({
      jobs: [
        { id: 5001, title: 'Senior Backend Engineer', first_published: '2026-09-30T00:00:00Z', absolute_url: 'https://x/5001', content },
      ],
    });
    server.routes.set('/v1/boards/acme/jobs', { body: board(description) });
    await ingest(greenhouse());
    // The same job re-posted in a feed two days earlier, with a line of its own added.
    const feedItem = (id: string, title: string) => ({
      id,
      url: `https://feed.example/${id}`,
      title,
      content_html: `${description}<p>Posted via JobFeed.</p>`,
      date_published: '2026-09-28T00:00:00Z',
    });
    server.routes.set('/jobs.json', {
      body: {
        version: 'https://jsonfeed.org/version/1.1',
        // A different title over the same text is a different job.
        items: [feedItem('repost-1', 'Senior Backend Engineer'), feedItem('other-1', 'Staff Backend Engineer')],
      },
    });
    const run = await ingest(job({ type: 'feed', urls: [`${server.url}/jobs.json`] }));
    expect(run.postingsDuplicate).toBe(1);
    expect((await store.getPosting('greenhouse-acme:5001'))?.canonicalId).toBe('test-job:repost-1');
    expect((await store.getPosting('test-job:repost-1'))?.canonicalId).toBeNull();
    expect((await store.getPosting('test-job:other-1'))?.canonicalId).toBeNull();
    expect(await store.countPostings({})).toBe(2);

    // A third copy, later than the group's canonical posting, points at it.
    server.routes.set('/v1/boards/acme/jobs', {
      body: { jobs: [...board(description).jobs, { ...board(description).jobs[0], id: 5002, first_published: '2026-10-15T00:00:00Z' }] },
    });
    const third = await ingest(greenhouse());
    expect(third.postingsDuplicate).toBe(1);
    expect((await store.getPosting('greenhouse-acme:5002'))?.canonicalId).toBe('test-job:repost-1');
  });
});

describe('an interrupted crawl', () => {
  it('resumes from its request queue and ends with the same postings as an uninterrupted crawl', async () => {
    const server = await startFixtureServer({
      '/careers': { body: fx.careerPages['/careers'] as string },
      '/careers/graph': { body: fx.careerPages['/careers/graph'] as string },
      '/careers/microdata': { body: fx.careerPages['/careers/microdata'] as string },
      '/careers/rdfa': { body: fx.careerPages['/careers/rdfa'] as string },
      '/careers/broken-json': { body: fx.careerPages['/careers/broken-json'] as string },
      '/careers/escaped': { body: fx.careerPages['/careers/escaped'] as string },
    });
    const definition = (maxPages: number) =>
      job(
        { type: 'career-site', startUrls: [`${server.url}/careers`], follow: [`^${server.url}/careers/`] },
        { limits: { maxPages, maxConcurrency: 1 } },
      );
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-resume-'));
    const store = new SqliteStore({ path: join(dir, 'a.db') });
    const reference = new SqliteStore({ path: join(dir, 'b.db') });
    try {
      const queueDir = join(dir, 'queue');
      const partial = await runIngest({ job: definition(3), store, logger: silentLogger, queueDir });
      expect(partial.pagesFetched).toBe(3);
      const fetchedBefore = server.requests.length;
      const rest = await runIngest({ job: definition(100), store, logger: silentLogger, queueDir });
      // Only the pages the first run did not reach are fetched again.
      expect(server.requests.slice(fetchedBefore).filter((p) => p === '/careers')).toHaveLength(0);
      expect(partial.pagesFetched + rest.pagesFetched).toBe(server.requests.filter((p) => p !== '/robots.txt').length);
      await runIngest({ job: definition(100), store: reference, logger: silentLogger });
      const ids = async (s: SkillStore) => {
        const all: string[] = [];
        for await (const p of s.iteratePostings()) all.push(p.id);
        return all.sort();
      };
      expect(await ids(store)).toEqual(await ids(reference));
      expect((await ids(store)).length).toBe(5);
    } finally {
      await store.close();
      await reference.close();
      await server.close();
    }
  });
});
