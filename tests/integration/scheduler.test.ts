import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@skillpulse/core';
import { type CrawlRun, openStore, type SkillStore } from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The scheduler as users run it: `skillpulse scheduler` and `skillpulse serve` in child processes
 * on one SQLite store, stopped with SIGTERM and with kill -9 in the middle of a crawl.
 */

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const silent = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;
const SAMPLE_POSTINGS = 360;

interface Child {
  process: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const children: Child[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
});

function startCli(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', SKILLPULSE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  const handle: Child = {
    process: child,
    stderr: () => stderr,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }))),
  };
  children.push(handle);
  return handle;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A job crawling the bundled sample board; a low rate makes the crawl last long enough to stop it. */
function sampleJob(dir: string, id: string, { schedule, catchUp = true, rate }: { schedule?: string; catchUp?: boolean; rate: number }) {
  writeFileSync(
    join(dir, `${id}.yaml`),
    `id: ${id}
${schedule ? `schedule: "${schedule}"\n` : ''}catchUp: ${catchUp}
source:
  type: sample-board
  name: sample-board
limits:
  maxRequestsPerMinute: ${rate}
  maxConcurrency: 4
`,
  );
}

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `skillpulse-${name}-`));

async function postingIds(store: SkillStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const posting of store.iteratePostings()) ids.push(posting.id);
  return ids.sort();
}

async function uninterruptedCrawl(): Promise<{ ids: string[]; unique: number }> {
  const jobsDir = tempDir('jobs');
  const dataDir = tempDir('data');
  sampleJob(jobsDir, 'board', { rate: 6000 });
  const result = spawnSync(process.execPath, [BIN, 'jobs', 'run', 'board', '--data-dir', dataDir], {
    env: { PATH: process.env.PATH ?? '', SKILLPULSE_JOBS_DIR: jobsDir, SKILLPULSE_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 90_000,
  });
  expect(result.status, result.stderr).toBe(0);
  const store = await openStore({ kind: 'sqlite', dataDir }, silent);
  try {
    return { ids: await postingIds(store), unique: (await store.info()).uniquePostings };
  } finally {
    await store.close();
  }
}

describe('skillpulse scheduler', () => {
  it('SIGTERM stops within 30 s with the run interrupted; after a SIGTERM and a kill -9 the resumed crawl ends with the postings of an uninterrupted one', async () => {
    const baseline = await uninterruptedCrawl();
    expect(baseline.ids).toHaveLength(SAMPLE_POSTINGS);

    const jobsDir = tempDir('jobs');
    const dataDir = tempDir('data');
    // 15 pages a second: the ~380 pages take ~25 s, time to stop the crawl twice.
    sampleJob(jobsDir, 'board', { schedule: '0 3 * * *', rate: 900 });
    const env = { SKILLPULSE_JOBS_DIR: jobsDir, SKILLPULSE_DATA_DIR: dataDir, SKILLPULSE_JOB_LOCK_TTL_SECONDS: '3' };
    const store = await openStore({ kind: 'sqlite', dataDir }, silent);
    const stored = async () => (await store.info()).postings;
    try {
      // A job that never ran runs at start (catch-up).
      const first = startCli(['scheduler'], env);
      await waitFor('first postings', async () => (await stored()) >= 50);
      const signalledAt = Date.now();
      first.process.kill('SIGTERM');
      const exit = await first.exited;
      expect(exit.code, first.stderr()).toBe(0);
      const stopSeconds = (exit.at - signalledAt) / 1000;
      console.log(`scheduler stopped ${stopSeconds.toFixed(1)} s after SIGTERM`);
      expect(stopSeconds).toBeLessThan(30);
      const [interrupted] = await store.listRuns('board', 1);
      expect(interrupted).toMatchObject({ trigger: 'catch-up', status: 'interrupted' });
      expect(interrupted?.endedAt).not.toBeNull();
      // The batch in hand at the signal was stored, and counted by the run.
      const afterSigterm = await stored();
      expect(afterSigterm).toBeLessThan(SAMPLE_POSTINGS);
      expect(interrupted?.postingsNew).toBe(afterSigterm);

      // The interrupted run resumes at the next start; this time the process is killed outright.
      const second = startCli(['scheduler'], env);
      await waitFor('more postings', async () => (await stored()) >= afterSigterm + 50);
      second.process.kill('SIGKILL');
      await second.exited;
      const killedRun = (await store.listRuns('board', 1))[0] as CrawlRun;
      expect(killedRun.status).toBe('running');
      expect(await stored()).toBeLessThan(SAMPLE_POSTINGS);

      // The next start finds the dead process's lock, takes it over once it expires, and resumes.
      const third = startCli(['scheduler'], env);
      const finished = await waitFor(
        'the resumed run to finish',
        async () => {
          const [last] = await store.listRuns('board', 1);
          return last && last.id !== killedRun.id && last.status !== 'running' ? last : undefined;
        },
        90_000,
      );
      third.process.kill('SIGTERM');
      expect((await third.exited).code).toBe(0);
      expect(finished.status).toBe('succeeded');

      const runs = await store.listRuns('board', 10);
      expect(runs.map((r) => [r.trigger, r.status])).toEqual([
        ['catch-up', 'succeeded'],
        ['catch-up', 'interrupted'],
        ['catch-up', 'interrupted'],
      ]);
      expect(runs[1]?.errors.at(-1)?.reason).toMatch(/stopped without recording an end/);
      expect(await postingIds(store)).toEqual(baseline.ids);
      expect((await store.info()).uniquePostings).toBe(baseline.unique);
      // Nothing counted twice: the runs' new postings add up to the board, short by at most the
      // one batch a kill -9 can catch between storing it and recording the count.
      const counted = runs.reduce((sum, r) => sum + r.postingsNew, 0);
      expect(counted).toBeLessThanOrEqual(SAMPLE_POSTINGS);
      expect(counted).toBeGreaterThan(SAMPLE_POSTINGS - 50);
    } finally {
      await store.close();
    }
  }, 240_000);

  it('two schedulers on one store start each scheduled run once, never two at a time', async () => {
    const jobsDir = tempDir('jobs');
    const dataDir = tempDir('data');
    // Every 3 seconds (croner's six-field form); a run takes about as long, so starts collide.
    sampleJob(jobsDir, 'often', { schedule: '*/3 * * * * *', catchUp: false, rate: 6000 });
    const env = { SKILLPULSE_JOBS_DIR: jobsDir, SKILLPULSE_DATA_DIR: dataDir };
    // The store exists before the two processes race to create it.
    (await openStore({ kind: 'sqlite', dataDir }, silent)).close();
    const a = startCli(['scheduler'], env);
    const b = startCli(['scheduler'], env);
    const startedAt = Date.now();
    const store = await openStore({ kind: 'sqlite', dataDir }, silent);
    try {
      await waitFor('three finished runs', async () => (await store.listRuns('often', 50)).filter((r) => r.endedAt).length >= 3, 90_000);
      const seconds = (Date.now() - startedAt) / 1000;
      a.process.kill('SIGTERM');
      b.process.kill('SIGTERM');
      expect((await a.exited).code).toBe(0);
      expect((await b.exited).code).toBe(0);
      const runs = (await store.listRuns('often', 100)).sort((x, y) => x.startedAt.localeCompare(y.startedAt));
      for (let i = 1; i < runs.length; i++) {
        const previous = runs[i - 1] as CrawlRun;
        expect(previous.endedAt, `run ${i - 1} has no end`).not.toBeNull();
        expect((runs[i] as CrawlRun).startedAt >= (previous.endedAt as string), `runs ${i - 1} and ${i} overlap`).toBe(true);
      }
      // Each process sees every start: without the lock there would be two runs per start.
      expect(runs.length).toBeLessThanOrEqual(Math.ceil(seconds / 3) + 1);
      expect(`${a.stderr()}${b.stderr()}`).toMatch(/not started: running in another process|previous run has not finished/);
      expect(await postingIds(store)).toHaveLength(SAMPLE_POSTINGS);
    } finally {
      await store.close();
    }
  }, 150_000);
});

describe('skillpulse serve: jobs API', () => {
  it('runs a job on POST /api/jobs/:id/run with the admin key, 401/403 without it, 409 while it runs', async () => {
    const jobsDir = tempDir('jobs');
    const dataDir = tempDir('data');
    sampleJob(jobsDir, 'manual-board', { rate: 600 });
    sampleJob(jobsDir, 'nightly', { schedule: '30 2 * * *', catchUp: false, rate: 600 });
    writeFileSync(join(jobsDir, 'broken.yaml'), 'id: broken\nschedule: "every day"\nsource:\n  type: sample-board\n');
    const adminKey = 'test-admin-key-0123456789';
    const server = startCli(['serve', '--port', '0'], {
      SKILLPULSE_JOBS_DIR: jobsDir,
      SKILLPULSE_DATA_DIR: dataDir,
      SKILLPULSE_ADMIN_KEY: adminKey,
    });
    const base = await waitFor('the server address', () => /API: (http:\/\/\S+)/.exec(server.stderr())?.[1]);
    await waitFor('the scheduler', () => server.stderr().includes('scheduler: '));
    const post = (id: string, authorization?: string) =>
      fetch(`${base}/api/jobs/${id}/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      });

    const listed = (await (await fetch(`${base}/api/jobs`)).json()) as {
      jobs: Array<{ id: string; nextRun: string | null }>;
      errors: Array<{ message: string }>;
    };
    expect(listed.jobs.map((j: { id: string }) => j.id)).toEqual(['manual-board', 'nightly']);
    expect(listed.jobs[1]?.nextRun).toMatch(/T02:30:00\.000Z$/);
    expect(listed.errors[0]?.message).toMatch(
      /broken\.yaml: schedule: must be a cron expression such as "0 3 \* \* \*" .*\(got "every day"/,
    );

    const anonymous = await post('manual-board');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await anonymous.json()) as { code: string }).code).toBe('SKILLPULSE_ERR_UNAUTHORIZED');
    const wrong = await post('manual-board', 'Bearer not-the-key-at-all-000');
    expect(wrong.status).toBe(403);
    expect(await (await post('no-such-job', `Bearer ${adminKey}`)).json()).toMatchObject({
      code: 'SKILLPULSE_ERR_JOB_NOT_FOUND',
      statusCode: 404,
    });

    const accepted = await post('manual-board', `Bearer ${adminKey}`);
    expect(accepted.status).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };
    const again = await post('manual-board', `Bearer ${adminKey}`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toBe('job "manual-board" is already running');

    const running = await waitFor('the run to show', async () => {
      const runs = ((await (await fetch(`${base}/api/runs?job=manual-board`)).json()) as { runs: CrawlRun[] }).runs;
      return (runs[0]?.pagesFetched ?? 0) > 0 ? runs[0] : undefined;
    });
    expect(running).toMatchObject({ id: runId, trigger: 'manual', status: 'running' });
    const jobs = ((await (await fetch(`${base}/api/jobs`)).json()) as { jobs: unknown[] }).jobs;
    expect(jobs[0]).toMatchObject({ id: 'manual-board', running: true, lastRun: { id: runId } });

    server.process.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const store = await openStore({ kind: 'sqlite', dataDir }, silent);
    try {
      expect((await store.listRuns('manual-board', 1))[0]).toMatchObject({ id: runId, status: 'interrupted' });
    } finally {
      await store.close();
    }
  }, 120_000);
});
