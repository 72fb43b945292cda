import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@skillpulse/api';
import { silentLogger } from '@skillpulse/core';
import { careerSiteSource, crawlSource } from '@skillpulse/crawl';
import { parseJob, runIngest } from '@skillpulse/ingest';
import { type CrawlRun, type SkillStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fx from '../fixtures/sources.js';
import { ES_AVAILABLE, openTestElasticsearch } from '../support/elasticsearch.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';

/**
 * A crawl that read nothing is not a success: a listing that cannot be read fails the run with the
 * reason and expires nothing, and a run that would expire most of a source at once holds back.
 */

const backends: Array<[string, () => Promise<SkillStore>]> = [
  ['sqlite', async () => new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-status-')), 'test.db') })],
];
if (ES_AVAILABLE) backends.push(['elasticsearch', openTestElasticsearch]);

const BOARD = '/v1/boards/acme/jobs';
/** A board whose postings all read cleanly (the shared fixture's third job has no title). */
const cleanBoard = { jobs: fx.greenhouseJobs.jobs.slice(0, 2) };
/** Four clean postings. */
const fourJobs = {
  jobs: [1, 2, 3, 4].map((n) => ({
    id: 7000 + n,
    title: `Engineer ${n}`,
    absolute_url: `https://boards.greenhouse.io/acme/jobs/${7000 + n}`,
    first_published: '2026-10-01T00:00:00Z',
    content: `&lt;p&gt;Role ${n}: Python and PostgreSQL.&lt;/p&gt;`,
  })),
};

const job = (base: string, options: Record<string, unknown> = {}) =>
  parseJob(
    {
      id: 'acme-board',
      source: { type: 'greenhouse', board: 'acme', apiBase: base },
      options: { allowPrivateNetwork: true, respectRobotsTxt: false, ...options },
      limits: { retryBaseMs: 10, maxRetries: 1 },
    },
    'acme-board.yaml',
  );

describe.each(backends)('run status on %s', (_name, open) => {
  let store: SkillStore;
  let server: FixtureServer;
  beforeEach(async () => {
    store = await open();
    server = await startFixtureServer({ [BOARD]: { body: cleanBoard } });
  });
  afterEach(async () => {
    await server.close();
    if ('destroy' in store) await (store as { destroy(): Promise<void> }).destroy();
    await store.close();
  });
  const ingest = (options: Record<string, unknown> = {}, maxExpiredShare?: number) =>
    runIngest({ job: job(server.url, options), store, logger: silentLogger, dedupeWindowDays: 100_000, maxExpiredShare });
  const expired = async () => {
    const ids: string[] = [];
    for await (const p of store.iteratePostings({ source: 'greenhouse-acme' })) if (p.expired) ids.push(p.id);
    return ids;
  };
  const lastRun = async () => (await store.listRuns('acme-board', 1))[0];

  it('a clean crawl succeeds', async () => {
    expect(await ingest()).toMatchObject({ status: 'succeeded', postingsNew: 2, errorCount: 0 });
  });

  it('a board that answers 404 after a successful crawl fails with the reason and expires nothing', async () => {
    await ingest();
    server.routes.delete(BOARD);
    const run = await ingest();
    expect(run).toMatchObject({ status: 'failed', postingsExpired: 0 });
    expect(run.errors[0]?.reason).toBe(
      `greenhouse board "acme" not found at ${server.url}${BOARD}?content=true&pay_transparency=true (HTTP 404); ` +
        "check source.board in the job file (the name in the board's public URL) and source.apiBase",
    );
    expect(await expired()).toEqual([]);
    // The run record says so too.
    expect(await lastRun()).toMatchObject({ id: run.id, status: 'failed', errors: [expect.objectContaining({ url: expect.any(String) })] });
  });

  it.each([401, 403])('a board that answers %i is blocked and expires nothing', async (status) => {
    await ingest();
    server.routes.set(BOARD, { status, body: { error: 'private' } });
    const run = await ingest();
    expect(run).toMatchObject({ status: 'blocked', postingsExpired: 0 });
    expect(run.errors[0]?.reason).toMatch(new RegExp(`^greenhouse board "acme" at .* refused access \\(HTTP ${status}\\)`));
    expect(await expired()).toEqual([]);
    expect((await lastRun())?.status).toBe('blocked');
  });

  it('a robots.txt that disallows everything blocks the run, which expires nothing', async () => {
    await ingest();
    server.routes.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /\n' });
    const run = await ingest({ respectRobotsTxt: true });
    expect(run).toMatchObject({ status: 'blocked', postingsExpired: 0, pagesFetched: 0 });
    expect(run.errors[0]?.reason).toMatch(new RegExp(`^robots\\.txt of ${new URL(server.url).host} disallows /v1/boards/acme/jobs `));
    expect(server.requests.filter((r) => r.startsWith(BOARD))).toHaveLength(1);
    expect(await expired()).toEqual([]);
  });

  it.each([
    ['JSON without the jobs array', { body: { error: 'board not found' } }, /is not in the expected form: expected a "jobs" array/],
    ['an HTML page', { body: '<html><body>Welcome</body></html>' }, /is not in the expected form: expected JSON, got text\/html/],
  ])('a listing of an unexpected shape (%s) fails the run and expires nothing', async (_what, route, reason) => {
    await ingest();
    server.routes.set(BOARD, route);
    const run = await ingest();
    expect(run).toMatchObject({ status: 'failed', postingsExpired: 0 });
    expect(run.errors[0]?.reason).toMatch(reason);
    expect(await expired()).toEqual([]);
  });

  it('a listing that keeps answering 503 fails the run and expires nothing', async () => {
    await ingest();
    server.routes.set(BOARD, { status: 503, body: 'down' });
    const run = await ingest();
    expect(run).toMatchObject({ status: 'failed', postingsExpired: 0 });
    expect(run.errors[0]?.reason).toMatch(/^greenhouse board "acme" at .* could not be read: HTTP 503$/);
    expect(await expired()).toEqual([]);
  });

  it('page errors make the run completed_with_errors', async () => {
    server.routes.set(BOARD, { body: fx.greenhouseJobs });
    const run = await ingest();
    expect(run).toMatchObject({ status: 'completed_with_errors', postingsNew: 2, errorCount: 1 });
  });

  it('a run that would expire most of the board expires none and is suspicious; the next complete run decides', async () => {
    server.routes.set(BOARD, { body: fourJobs });
    expect(await ingest()).toMatchObject({ status: 'succeeded', postingsNew: 4 });
    server.routes.set(BOARD, { body: { jobs: fourJobs.jobs.slice(0, 1) } });

    const held = await ingest();
    expect(held).toMatchObject({ status: 'suspicious', postingsExpired: 0 });
    expect(held.errors[0]?.reason).toMatch(
      /^this run would expire 3 of the 4 live postings of greenhouse-acme \(75%\), more than the job's maxExpiredShare of 50%, so it expired none/,
    );
    expect(await expired()).toEqual([]);
    expect((await lastRun())?.status).toBe('suspicious');

    // A failed run in between does not count; the next complete run confirms the drop.
    server.routes.delete(BOARD);
    expect((await ingest()).status).toBe('failed');
    server.routes.set(BOARD, { body: { jobs: fourJobs.jobs.slice(0, 1) } });
    const decided = await ingest();
    expect(decided).toMatchObject({ status: 'succeeded', postingsExpired: 3 });
    expect((await expired()).sort()).toEqual(['greenhouse-acme:7002', 'greenhouse-acme:7003', 'greenhouse-acme:7004']);
  });

  it('after a suspicious run, a complete run that lists everything again expires nothing', async () => {
    server.routes.set(BOARD, { body: fourJobs });
    await ingest();
    server.routes.set(BOARD, { body: { jobs: [] } });
    expect(await ingest()).toMatchObject({ status: 'suspicious', postingsExpired: 0 });
    server.routes.set(BOARD, { body: fourJobs });
    expect(await ingest()).toMatchObject({ status: 'succeeded', postingsExpired: 0 });
    expect(await expired()).toEqual([]);
  });

  it("honours the job's maxExpiredShare: up to the share expires, more is held back", async () => {
    server.routes.set(BOARD, { body: fourJobs });
    await ingest();
    const one = { body: { jobs: fourJobs.jobs.slice(0, 1) } };
    server.routes.set(BOARD, one);
    // Three of four is not more than 80% (runs may pass the share themselves too)...
    expect(await ingest({}, 0.8)).toMatchObject({ status: 'succeeded', postingsExpired: 3 });
    expect(await expired()).toHaveLength(3);
    // ... the board lists them again, and they are live again...
    server.routes.set(BOARD, { body: fourJobs });
    expect(await ingest()).toMatchObject({ status: 'succeeded', postingsExpired: 0 });
    expect(await expired()).toEqual([]);
    // ... but it is more than the 60% the job file allows.
    server.routes.set(BOARD, one);
    const held = await ingest({ maxExpiredShare: 0.6 });
    expect(held).toMatchObject({ status: 'suspicious', postingsExpired: 0 });
    expect(held.errors[0]?.reason).toMatch(/more than the job's maxExpiredShare of 60%/);
    expect(await expired()).toEqual([]);
  });
});

describe('listings of a career site', () => {
  let server: FixtureServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const crawl = async (routes: Parameters<typeof startFixtureServer>[0], respectRobotsTxt: boolean) => {
    server = await startFixtureServer(routes);
    const base = server.url;
    return crawlSource(
      careerSiteSource({
        name: 'acme',
        startUrls: [`${base}/careers`],
        sitemapUrls: [`${base}/sitemap.xml`],
        follow: [`^${base}/careers/`],
      }),
      {
        userAgent: 'SkillPulseTest/1.0',
        allowPrivateNetwork: true,
        respectRobotsTxt,
        logger: silentLogger,
        limits: { retryBaseMs: 10, maxRetries: 1 },
        onPostings: async () => {},
      },
    );
  };

  it('robots.txt disallowing the start page and the sitemap: both are reported, the crawl is not complete', async () => {
    const report = await crawl(
      {
        '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /\n' },
        '/careers': { body: fx.careerPages['/careers'] as string },
        '/sitemap.xml': { type: 'application/xml', body: '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>' },
      },
      true,
    );
    const host = new URL(server?.url ?? '').host;
    expect(report.complete).toBe(false);
    expect(report.listingFailures.map((f) => [f.blocked, f.reason.replace(/ for user agent.*/, '')]).sort()).toEqual([
      [true, `robots.txt of ${host} disallows /careers`],
      [true, `robots.txt of ${host} disallows /sitemap.xml`],
    ]);
  });

  it('a sitemap that is not one, and a start page that is gone, fail; a posting page that is gone only expires its posting', async () => {
    const report = await crawl(
      {
        '/careers': { body: '<html><body><a href="/careers/gone-job">Gone job</a></body></html>' },
        '/careers/gone-job': { status: 410, body: 'gone' },
        '/sitemap.xml': { type: 'text/html', body: '<html><body>Not a sitemap</body></html>' },
      },
      false,
    );
    expect(report.listingFailures).toEqual([
      {
        url: `${server?.url}/sitemap.xml`,
        reason: `sitemap at ${server?.url}/sitemap.xml is not in the expected form: not a sitemap (no <urlset> or <sitemapindex>)`,
        blocked: false,
      },
    ]);
    expect(report.gone).toEqual([`${server?.url}/careers/gone-job`]);
    expect(report.complete).toBe(false);
  });

  it('a start page that answers 404 is a listing failure, not a gone posting', async () => {
    const report = await crawl({ '/sitemap.xml': { type: 'application/xml', body: '<urlset></urlset>' } }, false);
    expect(report.gone).toEqual([]);
    expect(report.listingFailures.map((f) => f.reason)).toEqual([
      `start page not found at ${server?.url}/careers (HTTP 404); check source.startUrls in the job file`,
    ]);
  });
});

describe('GET /api/runs', () => {
  it('shows every status and filters by one; an unknown status is a 400 naming the allowed ones', async () => {
    const store = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-status-api-')), 'test.db') });
    const app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
    try {
      const run = (id: string, status: CrawlRun['status'], minute: number): CrawlRun => ({
        id,
        job: 'acme-board',
        trigger: 'schedule',
        startedAt: `2026-01-01T00:0${minute}:00.000Z`,
        endedAt: `2026-01-01T00:0${minute}:30.000Z`,
        status,
        pagesFetched: 1,
        postingsNew: 0,
        postingsUpdated: 0,
        postingsDuplicate: 0,
        postingsExpired: 0,
        errorCount: 1,
        errors: [{ url: 'https://robots.example/careers', reason: 'robots.txt of robots.example disallows /careers' }],
      });
      await store.saveRun(run('a', 'blocked', 1));
      await store.saveRun(run('b', 'suspicious', 2));
      await store.saveRun(run('c', 'completed_with_errors', 3));
      const all = (await app.inject('/api/runs')).json() as { runs: CrawlRun[] };
      expect(all.runs.map((r) => r.status)).toEqual(['completed_with_errors', 'suspicious', 'blocked']);
      const blocked = (await app.inject('/api/runs?status=blocked')).json() as { runs: CrawlRun[] };
      expect(blocked.runs).toEqual([
        expect.objectContaining({ id: 'a', errors: [expect.objectContaining({ reason: expect.stringMatching(/^robots\.txt/) })] }),
      ]);
      const csv = (await app.inject('/api/runs.csv?status=suspicious')).body;
      expect(csv.split('\r\n')[1]).toMatch(/^b,acme-board,schedule,.*,suspicious,/);
      const bad = await app.inject('/api/runs?status=fine');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(
        /^status must be one of: running, succeeded, completed_with_errors, failed, blocked, suspicious, interrupted/,
      );
    } finally {
      await app.close();
      await store.close();
    }
  });
});

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

describe('exit codes of skillpulse crawl and jobs run', () => {
  let server: FixtureServer;
  beforeEach(async () => {
    server = await startFixtureServer({ [BOARD]: { body: cleanBoard } });
  });
  afterEach(async () => {
    await server.close();
  });

  it('0 succeeded, 1 failed, 3 completed with errors, 4 blocked, 5 suspicious; the summary line says what happened', async () => {
    const jobsDir = mkdtempSync(join(tmpdir(), 'skillpulse-status-jobs-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-status-data-'));
    const file = join(jobsDir, 'acme-board.yaml');
    writeFileSync(
      file,
      `id: acme-board
source:
  type: greenhouse
  board: acme
  apiBase: ${server.url}
options:
  allowPrivateNetwork: true
  respectRobotsTxt: false
limits:
  maxRetries: 1
  retryBaseMs: 10
`,
    );
    const env = { PATH: process.env.PATH ?? '', SKILLPULSE_JOBS_DIR: jobsDir, SKILLPULSE_LOG_LEVEL: 'silent' };
    // Not spawnSync: the fixture server answers from this process.
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const crawl = () => run(['crawl', '--job', file]);
    const jobsRun = () => run(['jobs', 'run', 'acme-board']);

    const ok = await crawl();
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/^acme-board: succeeded — 1 pages, 2 new, 0 updated, 0 duplicate, 0 expired, 0 errors$/m);

    server.routes.delete(BOARD);
    for (const result of [await crawl(), await jobsRun()]) {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(
        /^acme-board: failed — 1 pages, 0 new, .*0 expired, 1 errors; nothing expired: greenhouse board "acme" not found at http:\/\/127\.0\.0\.1:\d+\/v1\/boards\/acme\/jobs\?content=true&pay_transparency=true \(HTTP 404\)/m,
      );
    }

    server.routes.set(BOARD, { status: 403, body: 'no' });
    const blocked = await jobsRun();
    expect(blocked.code, blocked.stderr).toBe(4);
    expect(blocked.stderr).toMatch(
      /acme-board: blocked — .*; the site refused the crawler; nothing expired: .*refused access \(HTTP 403\)/,
    );

    server.routes.set(BOARD, { body: fx.greenhouseJobs });
    const withErrors = await jobsRun();
    expect(withErrors.code, withErrors.stderr).toBe(3);
    expect(withErrors.stderr).toMatch(/acme-board: completed_with_errors — .*1 errors; some pages or postings could not be read or stored/);
    expect(withErrors.stderr).toMatch(/posting 4003 has no title or no description/);

    server.routes.set(BOARD, { body: { jobs: [] } });
    const suspicious = await crawl();
    expect(suspicious.code, suspicious.stderr).toBe(5);
    expect(suspicious.stderr).toMatch(
      /acme-board: suspicious — .*0 expired.*; nothing expired: this run would expire 2 of the 2 live postings/,
    );
    // The next complete run decides.
    const decided = await crawl();
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stderr).toMatch(/acme-board: succeeded — .* 2 expired, 0 errors/);
  }, 240_000);
});
