import { randomUUID } from 'node:crypto';
import type { JobDefinition } from '@skillpulse/ingest';
import type { CrawlRun } from '@skillpulse/store';
import { acquireJobLock, type LockOptions, type RunJob } from './lock.js';

export interface RunUnderLockOptions extends LockOptions {
  /** What runs the job once its lock is held (runIngest with the program's progress reporting). */
  runJob: RunJob;
  trigger: CrawlRun['trigger'];
  /** The run's id (default: a new UUID), known before the run starts. */
  runId?: string;
  /** Stops the run (SIGTERM, the scheduler stopping); the lock being lost stops it too. */
  signal?: AbortSignal;
}

export interface StartedRun {
  runId: string;
  /** Settles when the run ends; the lock is released before it does. */
  done: Promise<CrawlRun>;
}

/**
 * Runs a job under its lock: takes the lock (or throws JobRunningError, before anything runs),
 * starts `runJob` with a signal that aborts on `signal` or when the lock is lost, and releases
 * the lock when the run ends, however it ends. Resolves as soon as the lock is held, so the API's
 * run button can answer with the run id; the scheduler, `skillpulse crawl` and `jobs run` await `done`.
 */
export async function runJobUnderLock(job: JobDefinition, options: RunUnderLockOptions): Promise<StartedRun> {
  const { runJob, trigger, signal, ...lockOptions } = options;
  const lock = await acquireJobLock(job.id, lockOptions);
  const runId = options.runId ?? randomUUID();
  // One controller aborted by either signal (not AbortSignal.any), removed from the caller's signal at the end.
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (signal?.aborted) controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  lock.signal.addEventListener('abort', abort, { once: true });
  const release = async () => {
    signal?.removeEventListener('abort', abort);
    await lock.release();
  };
  let done: Promise<CrawlRun>;
  try {
    done = runJob(job, { trigger, runId, signal: controller.signal });
  } catch (error) {
    await release();
    throw error;
  }
  return { runId, done: done.finally(release) };
}
