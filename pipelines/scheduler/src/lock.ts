import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Logger, SkillPulseError } from '@skillpulse/core';
import type { JobDefinition } from '@skillpulse/ingest';
import type { CrawlRun, SkillStore } from '@skillpulse/store';

/** The job is running already, in this process or in another one sharing the store. */
export class JobRunningError extends SkillPulseError {
  constructor(jobId: string) {
    super('SKILLPULSE_ERR_JOB_RUNNING', `job "${jobId}" is already running`);
  }
}

export interface RunContext {
  trigger: CrawlRun['trigger'];
  runId: string;
  /** Aborted on SIGTERM or when the job's lock is lost: stop taking pages, store what was fetched. */
  signal: AbortSignal;
}

export type RunJob = (job: JobDefinition, context: RunContext) => Promise<CrawlRun>;

export interface LockOptions {
  store: SkillStore;
  owner: string;
  /** A lock not renewed for this long is stale and taken over (default 120 s). */
  ttlMs: number;
  logger: Logger;
}

/** A name for this process that says where it runs, unique per scheduler. */
export function lockOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

const lockName = (jobId: string) => `job:${jobId}`;

/**
 * Takes the job's lock in the store or throws JobRunningError. While `work` runs the lock is
 * renewed (the heartbeat) every third of its time to live; if a renewal finds the lock taken over,
 * `work`'s signal is aborted. Runs of the job still marked running are left over from a process
 * that died (nobody else holds the lock), and are recorded as interrupted first.
 */
export async function acquireJobLock(jobId: string, options: LockOptions): Promise<JobLock> {
  const { store, owner, ttlMs, logger } = options;
  if (!(await store.acquireLock(lockName(jobId), owner, ttlMs))) throw new JobRunningError(jobId);
  for (const run of await store.listRuns(jobId, 10)) {
    if (run.status !== 'running') continue;
    await store.saveRun({
      ...run,
      status: 'interrupted',
      endedAt: run.endedAt ?? new Date().toISOString(),
      errorCount: run.errorCount + 1,
      errors: [...run.errors, { url: '', reason: 'the process running it stopped without recording an end (crash or kill)' }],
    });
    logger.warn({ job: jobId, run: run.id }, 'run left over from a stopped process recorded as interrupted');
  }
  const controller = new AbortController();
  let beating: Promise<void> | null = null;
  const heartbeat = setInterval(
    () => {
      // One renewal at a time: two in flight would race each other's optimistic write, and the
      // loser would read as a takeover (a slow Elasticsearch makes renewals outlast the interval).
      if (beating || controller.signal.aborted) return;
      beating = renew(store, jobId, owner, ttlMs)
        .then(
          (held) => {
            if (held) return;
            logger.error({ job: jobId, owner }, 'job lock taken over by another process; stopping this run');
            controller.abort();
          },
          (error: Error) => logger.warn({ job: jobId, err: error.message }, 'job lock heartbeat failed'),
        )
        .finally(() => {
          beating = null;
        });
    },
    Math.max(1000, Math.floor(ttlMs / 3)),
  );
  return {
    signal: controller.signal,
    async release() {
      clearInterval(heartbeat);
      // A renewal still in flight would otherwise write the lock back after it is released.
      await beating;
      await store.releaseLock(lockName(jobId), owner).catch((error: Error) => {
        logger.warn({ job: jobId, err: error.message }, 'job lock release failed; it expires on its own');
      });
    },
  };
}

/**
 * Renews the lock; a refusal is checked once more before it counts as a takeover, because a write
 * of our own (a renewal that timed out on our side but reached Elasticsearch) also makes the
 * optimistic write fail: the second try finds the lock ours and renews it.
 */
async function renew(store: SkillStore, jobId: string, owner: string, ttlMs: number): Promise<boolean> {
  if (await store.acquireLock(lockName(jobId), owner, ttlMs)) return true;
  return store.acquireLock(lockName(jobId), owner, ttlMs);
}

export interface JobLock {
  /** Aborted when the lock is lost. */
  signal: AbortSignal;
  release(): Promise<void>;
}
