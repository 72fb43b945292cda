import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@skillpulse/core';
import { parseJob } from '@skillpulse/ingest';
import { type CrawlRun, openStore, type SkillStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobRunningError, type RunContext, runJobUnderLock } from '../../src/index.js';

const silent = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;
const job = parseJob({ id: 'acme', source: { type: 'sample-board' } }, '/jobs/acme.yaml');

/** A run that ends when its signal aborts (interrupted) or when `end` is called (succeeded). */
function controllableRun() {
  let end: (status: CrawlRun['status']) => void = () => {};
  let context: RunContext | undefined;
  const runJob = (_job: unknown, ctx: RunContext) =>
    new Promise<CrawlRun>((resolve) => {
      context = ctx;
      end = (status) => resolve({ id: ctx.runId, job: 'acme', trigger: ctx.trigger, status } as CrawlRun);
      ctx.signal.addEventListener('abort', () => end('interrupted'));
    });
  return { runJob, end: (status: CrawlRun['status']) => end(status), context: () => context };
}

describe('runJobUnderLock', () => {
  let dir: string;
  let store: SkillStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillpulse-run-job-'));
    store = await openStore({ kind: 'sqlite', dataDir: dir }, silent);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const options = (owner: string, runJob: ReturnType<typeof controllableRun>['runJob'], signal?: AbortSignal) => ({
    store,
    logger: silent,
    owner,
    ttlMs: 60_000,
    trigger: 'manual' as const,
    runJob,
    signal,
  });

  it('holds the lock while the run goes on, refuses a second run, and releases the lock at the end', async () => {
    const first = controllableRun();
    const started = await runJobUnderLock(job, { ...options('a', first.runJob), runId: 'run-1' });
    expect(started.runId).toBe('run-1');
    expect(first.context()).toMatchObject({ runId: 'run-1', trigger: 'manual' });

    const second = controllableRun();
    await expect(runJobUnderLock(job, options('b', second.runJob))).rejects.toBeInstanceOf(JobRunningError);
    expect(second.context()).toBeUndefined();

    first.end('succeeded');
    expect((await started.done).status).toBe('succeeded');
    // Released: another owner may run it now.
    const third = controllableRun();
    const again = await runJobUnderLock(job, options('b', third.runJob));
    expect(again.runId).toMatch(/^[0-9a-f-]{36}$/);
    third.end('succeeded');
    await again.done;
  });

  it("aborts the run's signal when the caller's signal aborts (SIGTERM), and still releases the lock", async () => {
    const stop = new AbortController();
    const run = controllableRun();
    const started = await runJobUnderLock(job, options('a', run.runJob, stop.signal));
    stop.abort();
    expect((await started.done).status).toBe('interrupted');
    expect(await store.acquireLock('job:acme', 'b', 60_000)).toBe(true);
  });

  it('releases the lock when the run fails', async () => {
    const started = await runJobUnderLock(
      job,
      options('a', async () => Promise.reject(new Error('crawl broke'))),
    );
    await expect(started.done).rejects.toThrow('crawl broke');
    expect(await store.acquireLock('job:acme', 'b', 60_000)).toBe(true);
  });
});
