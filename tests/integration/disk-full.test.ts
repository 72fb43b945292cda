import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@skillpulse/core';
import { DEFAULT_JOBS_DIR, loadJobFile, parseJob, runIngest } from '@skillpulse/ingest';
import { SqliteStore } from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';

/**
 * A store that cannot write fails the run with the reason, keeps the request queue so the next run
 * resumes, and expires nothing. The disk is "full" for real: SQLite's max_page_count caps the test
 * store's file, so writes that need a new page fail with SQLITE_FULL (no mock).
 */

interface Pragmas {
  pragma(source: string, options?: { simple: boolean }): unknown;
}
/** The store's own connection: max_page_count holds for the connection that sets it. */
const dbOf = (store: SqliteStore) => (store as unknown as { db: Pragmas }).db;
const pageCount = (store: SqliteStore) => Number(dbOf(store).pragma('page_count', { simple: true }));
const capPages = (store: SqliteStore, pages: number) => dbOf(store).pragma(`max_page_count = ${pages}`);

const stores: SqliteStore[] = [];
const servers: FixtureServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const store of stores.splice(0)) await store.close();
});

function newStore() {
  const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-diskfull-'));
  const store = new SqliteStore({ path: join(dataDir, 'skillpulse.db') });
  stores.push(store);
  return { store, dataDir };
}

const FULL_REASON = /^the store could not write: SQLITE_FULL: database or disk is full \(free space under .+: \d+ MB\); nothing expired/;

describe('a full store', () => {
  it('fails the sample-board crawl with the reason, keeps the queue, and the next run resumes and stores the rest', async () => {
    const { store, dataDir } = newStore();
    const job = loadJobFile(join(DEFAULT_JOBS_DIR, 'sample-board.yaml'));
    const queueDir = join(dataDir, 'queues', job.id);
    // Room for a few dozen postings of the board's 360.
    capPages(store, pageCount(store) + 40);
    const run = await runIngest({ job, store, logger: silentLogger, queueDir, dataDir });
    expect(run.status).toBe('failed');
    expect(run.errors[0]?.reason).toMatch(FULL_REASON);
    expect(run.postingsExpired).toBe(0);
    const stored = await store.countPostings({});
    expect(stored).toBeLessThan(360);
    // The run record says so, and the queue is still there to resume.
    expect((await store.listRuns(job.id, 1))[0]).toMatchObject({ id: run.id, status: 'failed' });
    const queue = join(queueDir, 'request_queues', 'source-sample-board');
    expect(existsSync(queue)).toBe(true);
    expect(readdirSync(queue).length).toBeGreaterThan(0);

    // Space is freed: the next run resumes from the queue and stores the rest.
    capPages(store, 1_000_000_000);
    const resumed = await runIngest({ job, store, logger: silentLogger, queueDir, dataDir });
    expect(resumed).toMatchObject({ status: 'succeeded', postingsExpired: 0, errorCount: 0 });
    expect(resumed.pagesFetched).toBeLessThan(360);
    expect(await store.countPostings({})).toBe(360);
    expect(existsSync(queue)).toBe(false);
  }, 120_000);

  it('a re-crawl of a full store expires nothing and fails with the reason', async () => {
    const { store, dataDir } = newStore();
    const posting = (n: number) => ({
      id: 7000 + n,
      title: `Engineer ${n}`,
      absolute_url: `https://boards.greenhouse.io/acme/jobs/${7000 + n}`,
      first_published: '2026-10-01T00:00:00Z',
      content: `&lt;p&gt;Role ${n}: Python and PostgreSQL. ${'Long description. '.repeat(300)}&lt;/p&gt;`,
    });
    const BOARD = '/v1/boards/acme/jobs';
    const server = await startFixtureServer({ [BOARD]: { body: { jobs: [1, 2, 3, 4].map(posting) } } });
    servers.push(server);
    const job = parseJob(
      {
        id: 'acme-board',
        source: { type: 'greenhouse', board: 'acme', apiBase: server.url },
        options: { allowPrivateNetwork: true, respectRobotsTxt: false },
        limits: { retryBaseMs: 10, maxRetries: 1 },
      },
      'acme-board.yaml',
    );
    const queueDir = join(dataDir, 'queues', job.id);
    const ingest = () => runIngest({ job, store, logger: silentLogger, queueDir, dataDir, dedupeWindowDays: 100_000 });
    expect(await ingest()).toMatchObject({ status: 'succeeded', postingsNew: 4 });

    // The board dropped two postings and added three; the store has no room left for the new ones.
    server.routes.set(BOARD, { body: { jobs: [1, 2, 5, 6, 7].map(posting) } });
    capPages(store, pageCount(store));
    const run = await ingest();
    expect(run).toMatchObject({ status: 'failed', postingsExpired: 0, postingsNew: 0 });
    expect(run.errors[0]?.reason).toMatch(FULL_REASON);
    const expired: string[] = [];
    for await (const p of store.iteratePostings({ source: 'greenhouse-acme' })) if (p.expired) expired.push(p.id);
    expect(expired).toEqual([]);
    expect(existsSync(join(queueDir, 'request_queues'))).toBe(true);

    // With room again, the listing left in the queue is read again and the new postings are stored
    // (a resumed run expires nothing: the next complete one expires the dropped postings).
    capPages(store, 1_000_000_000);
    const after = await ingest();
    expect(after).toMatchObject({ status: 'succeeded', postingsNew: 3 });
  }, 60_000);
});

describe('skillpulse serve', () => {
  it('warns when free space under the data directory is below SKILLPULSE_DISK_WARN_MB', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-diskwarn-'));
    const bin = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
    // No disk has a billion megabytes free: the warning must show.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SKILLPULSE_DISK_WARN_MB: '1000000000',
      SKILLPULSE_SCHEDULER: 'off',
      SKILLPULSE_LOG_FORMAT: 'json',
    };
    delete env.SKILLPULSE_STORE;
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('dashboard and API')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
    });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    const warning = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; freeMb?: number; dataDir?: string })
      .find((entry) => entry.msg?.startsWith('low disk space'));
    expect(warning).toMatchObject({ dataDir, freeMb: expect.any(Number) });
    expect(warning?.msg).toMatch(new RegExp(`^low disk space: \\d+ MB free under ${dataDir} \\(SKILLPULSE_DISK_WARN_MB is 1000000000\\)`));
  }, 30_000);
});
