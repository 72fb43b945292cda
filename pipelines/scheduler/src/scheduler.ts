import { basename } from 'node:path';
import { NotFoundError, SkillPulseError } from '@skillpulse/core';
import type { JobDefinition, LoadedJobs } from '@skillpulse/ingest';
import type { CrawlRun } from '@skillpulse/store';
import { Cron } from 'croner';
import { JobRunningError, type LockOptions, lockOwner, type RunJob } from './lock.js';
import { runJobUnderLock, type StartedRun } from './run-job.js';

/** The scheduler is stopping (SIGTERM) and starts no new run. */
export class SchedulerStoppingError extends SkillPulseError {
  constructor() {
    super('SKILLPULSE_ERR_SCHEDULER_STOPPING', 'the scheduler is shutting down and starts no new run');
  }
}

/** Time as the scheduler sees it; tests pass one they move by hand. */
export interface Clock {
  now(): number;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export interface SchedulerOptions extends Omit<LockOptions, 'owner' | 'ttlMs'> {
  /** The jobs, read again on every tick so an edited file takes effect without a restart. */
  loadJobs: () => LoadedJobs;
  runJob: RunJob;
  owner?: string;
  lockTtlMs?: number;
  clock?: Clock;
  /** The longest sleep between two looks at the job files (default 60 s). */
  maxSleepMs?: number;
}

export interface JobState {
  id: string;
  /** The next scheduled start (ISO), or null for a manual-only or disabled job. */
  nextRun: string | null;
  /** True while this scheduler runs the job. */
  running: boolean;
  runId: string | null;
}

interface ActiveRun {
  runId: string | null;
  controller: AbortController;
  done: Promise<void>;
}

/** The next scheduled start of a job after `now` (ISO), or null for a disabled or manual-only job. */
export function nextStart(job: Pick<JobDefinition, 'enabled' | 'schedule' | 'timezone'>, now: number = Date.now()): string | null {
  if (!job.enabled || job.schedule === null) return null;
  return new Cron(job.schedule, { timezone: job.timezone, paused: true }).nextRun(new Date(now))?.toISOString() ?? null;
}

/** The period of a cron schedule: the gap between its next two starts. */
function periodMs(cron: Cron, now: number): number {
  const [first, second] = cron.nextRuns(2, new Date(now));
  return first && second ? second.getTime() - first.getTime() : Number.POSITIVE_INFINITY;
}

/**
 * Runs enabled jobs on their cron schedules (in each job's time zone), never two runs of one job at
 * once across every process sharing the store. On start, a job whose last run was interrupted
 * resumes, and a job whose last run is older than one period (or that never ran) runs once.
 */
export class Scheduler {
  readonly owner: string;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxSleepMs: number;
  private loaded: LoadedJobs = { jobs: [], errors: [] };
  private readonly crons = new Map<string, { key: string; cron: Cron; due: number | null }>();
  /** Catch-up runs that found the lock held: looked at again at this time. */
  private readonly retries = new Map<string, number>();
  /** Scheduled starts another process took: looked at again at this time, to take over if it died. */
  private readonly watches = new Map<string, number>();
  private readonly active = new Map<string, ActiveRun>();
  private cancelTimer: (() => void) | null = null;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {
    this.owner = options.owner ?? lockOwner();
    this.clock = options.clock ?? systemClock;
    this.ttlMs = options.lockTtlMs ?? 120_000;
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
  }

  /** Loads the jobs, starts the catch-up and resumed runs, and arms the timer. */
  async start(): Promise<void> {
    this.reload();
    for (const job of this.loaded.jobs) if (job.enabled) await this.catchUp(job);
    this.arm();
  }

  /** Starts every job that is due; the timer calls it, and tests call it after moving the clock. */
  async tick(): Promise<void> {
    if (this.stopping) return;
    this.reload();
    const now = this.clock.now();
    for (const job of this.loaded.jobs) {
      const retryAt = this.retries.get(job.id);
      if (retryAt !== undefined && retryAt <= now) {
        this.retries.delete(job.id);
        await this.catchUp(job);
      }
      const entry = this.crons.get(job.id);
      if (!entry || entry.due === null || entry.due > now) continue;
      entry.due = entry.cron.nextRun(new Date(now))?.getTime() ?? null;
      if (this.active.has(job.id)) {
        this.options.logger.warn({ job: job.id }, 'scheduled start skipped: the previous run has not finished');
        continue;
      }
      await this.launch(job, 'schedule').catch((error: Error) => {
        this.logSkipped(job.id, error);
        // Another process runs this start: watch it, to take it over if that process dies.
        if (error instanceof JobRunningError) this.watches.set(job.id, now + Math.ceil(this.ttlMs / 2));
      });
    }
    for (const [jobId, at] of this.watches) {
      if (at > now) continue;
      this.watches.delete(jobId);
      const job = this.loaded.jobs.find((j) => j.id === jobId);
      if (job?.enabled) await this.takeOverIfStranded(job);
    }
    this.arm();
  }

  /**
   * A scheduled start another process took: while its run is still marked running, try the lock
   * again every half TTL. The lock comes free only when that process ended the run (the run is
   * then no longer running: nothing to do) or died (its lock expired: this process records the
   * dead run as interrupted and runs the job, resuming its queue if the run was made here).
   */
  private async takeOverIfStranded(job: JobDefinition): Promise<void> {
    try {
      const last = (await this.options.store.listRuns(job.id, 1))[0];
      if (last?.status !== 'running' || this.active.has(job.id)) return;
      await this.launch(job, 'schedule');
      this.options.logger.warn({ job: job.id, run: last.id }, 'took over a scheduled run whose process stopped');
    } catch (error) {
      if (error instanceof SchedulerStoppingError) return;
      // Still held (or the store did not answer): look again later.
      if (!(error instanceof JobRunningError)) this.logSkipped(job.id, error as Error);
      this.watches.set(job.id, this.clock.now() + Math.ceil(this.ttlMs / 2));
    }
  }

  /** Starts a job now (the API's run button, `skillpulse jobs run`); resolves with the run id once its lock is held. */
  async runNow(jobId: string): Promise<string> {
    this.reload();
    const job = this.loaded.jobs.find((j) => j.id === jobId);
    if (!job) {
      const broken = this.loaded.errors.find((e) => basename(e.file).replace(/\.ya?ml$/, '') === jobId);
      throw new NotFoundError(broken ? broken.message : `no job "${jobId}"`, { code: 'SKILLPULSE_ERR_JOB_NOT_FOUND' });
    }
    return this.launch(job, 'manual');
  }

  /** What each loaded job will do next, for `GET /api/jobs`. */
  states(): { states: JobState[]; loaded: LoadedJobs } {
    this.reload();
    return {
      loaded: this.loaded,
      states: this.loaded.jobs.map((job) => {
        const due = this.crons.get(job.id)?.due ?? null;
        const active = this.active.get(job.id);
        return {
          id: job.id,
          nextRun: due === null ? null : new Date(due).toISOString(),
          running: active !== undefined,
          runId: active?.runId ?? null,
        };
      }),
    };
  }

  /**
   * Starts nothing more, aborts the runs in progress (each stores the batch in hand and is recorded
   * as interrupted) and waits for them up to `timeoutMs`. Resolves true when every run finished.
   */
  async stop(timeoutMs = 25_000): Promise<boolean> {
    this.stopping = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const runs = [...this.active.values()];
    for (const run of runs) run.controller.abort();
    if (runs.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(runs.map((r) => r.done)).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return finished;
  }

  private reload(): void {
    this.loaded = this.options.loadJobs();
    const now = this.clock.now();
    const seen = new Set<string>();
    for (const job of this.loaded.jobs) {
      if (!job.enabled || job.schedule === null) continue;
      seen.add(job.id);
      const key = `${job.schedule}|${job.timezone}`;
      if (this.crons.get(job.id)?.key === key) continue;
      const cron = new Cron(job.schedule, { timezone: job.timezone, paused: true });
      this.crons.set(job.id, { key, cron, due: cron.nextRun(new Date(now))?.getTime() ?? null });
    }
    for (const id of this.crons.keys()) if (!seen.has(id)) this.crons.delete(id);
  }

  private async catchUp(job: JobDefinition): Promise<void> {
    const last = (await this.options.store.listRuns(job.id, 1))[0];
    const now = this.clock.now();
    let reason: string | null = null;
    if (last && (last.status === 'interrupted' || last.status === 'running')) reason = `resume the ${last.status} run ${last.id}`;
    else if (job.catchUp && job.schedule !== null) {
      const period = periodMs(new Cron(job.schedule, { timezone: job.timezone, paused: true }), now);
      if (!last) reason = 'it never ran';
      else if (now - Date.parse(last.startedAt) > period) reason = `the last run started ${last.startedAt}, more than one period ago`;
    }
    if (reason === null) return;
    this.options.logger.info({ job: job.id, reason }, 'catch-up run');
    try {
      await this.launch(job, 'catch-up');
    } catch (error) {
      this.logSkipped(job.id, error as Error);
      // Held by a live run elsewhere, or by one that died and whose lock has not expired yet.
      if (error instanceof JobRunningError) this.retries.set(job.id, now + Math.ceil(this.ttlMs / 2));
    }
  }

  private async launch(job: JobDefinition, trigger: CrawlRun['trigger']): Promise<string> {
    if (this.stopping) throw new SchedulerStoppingError();
    if (this.active.has(job.id)) throw new JobRunningError(job.id);
    // Claimed before the first await, so two starts in this process cannot both pass the check.
    const controller = new AbortController();
    const claim: ActiveRun = { runId: null, controller, done: Promise.resolve() };
    this.active.set(job.id, claim);
    let started: StartedRun;
    try {
      const { store, logger, runJob } = this.options;
      started = await runJobUnderLock(job, {
        store,
        logger,
        owner: this.owner,
        ttlMs: this.ttlMs,
        runJob,
        trigger,
        signal: controller.signal,
      });
    } catch (error) {
      this.active.delete(job.id);
      throw error;
    }
    const { runId } = started;
    claim.runId = runId;
    const { logger } = this.options;
    logger.info({ job: job.id, run: runId, trigger }, 'run started');
    claim.done = started.done
      .then(
        // A run that failed, was blocked or held back an expiry says why in its first error.
        (run) =>
          run.status === 'succeeded'
            ? logger.info({ job: job.id, run: runId, status: run.status }, 'run ended')
            : logger.warn({ job: job.id, run: runId, status: run.status, reason: run.errors[0]?.reason }, 'run ended'),
        (error: Error) => logger.error({ job: job.id, run: runId, err: error.message }, 'run failed'),
      )
      .finally(() => {
        this.active.delete(job.id);
      });
    return runId;
  }

  private logSkipped(jobId: string, error: Error): void {
    if (error instanceof JobRunningError) this.options.logger.info({ job: jobId }, 'not started: running in another process');
    else if (!(error instanceof SchedulerStoppingError))
      this.options.logger.error({ job: jobId, err: error.message }, 'could not start run');
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.stopping) return;
    const now = this.clock.now();
    const dues = [...this.crons.values()].map((c) => c.due).filter((d): d is number => d !== null);
    const next = Math.min(now + this.maxSleepMs, ...dues, ...this.retries.values(), ...this.watches.values());
    this.cancelTimer = this.clock.setTimer(
      () => {
        this.tick().catch((error: Error) => this.options.logger.error({ err: error.message }, 'scheduler tick failed'));
      },
      Math.max(0, next - now),
    );
  }
}
