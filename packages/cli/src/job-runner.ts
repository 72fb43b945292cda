import { join } from 'node:path';
import type { JobsProvider } from '@skillpulse/api';
import { type IngestOptions, type JobDefinition, loadJobsDir, runIngest, runLevelReason, runSummary } from '@skillpulse/ingest';
import { jobSummary, lockOwner, type RunJob, runJobUnderLock, Scheduler } from '@skillpulse/scheduler';
import type { CrawlRun, SkillStore } from '@skillpulse/store';
import { configuredExtractor } from './config.js';
import { progressReporter } from './progress.js';
import { type Io, whileListeningForStop } from './runtime.js';

/** The job's request queue lives here, so a stopped or killed run resumes where it was. */
export const queueDirOf = (dataDir: string, jobId: string) => join(dataDir, 'queues', jobId);

/** runIngest into `store` with the configured extractor, reporting progress to `onProgress`. */
function ingestRunner(
  store: SkillStore,
  io: Io,
  dataDir: string,
  onProgress: (job: JobDefinition, runId: string) => NonNullable<IngestOptions['onProgress']>,
): RunJob {
  return (job, { trigger, runId, signal }) =>
    runIngest({
      job,
      store,
      extractor: configuredExtractor(io.config),
      logger: io.logger,
      queueDir: queueDirOf(dataDir, job.id),
      dataDir,
      signal,
      trigger,
      runId,
      onProgress: onProgress(job, runId),
    });
}

/** The run's summary line on stderr, then up to five of its errors. */
export function writeRunSummary(run: CrawlRun, stderr: NodeJS.WritableStream): void {
  stderr.write(`${runSummary(run)}\n`);
  // The summary already gave the first error's reason when it was why the run ended so.
  const shown = runLevelReason(run) === undefined ? 0 : 1;
  for (const error of run.errors.slice(shown, 5)) stderr.write(`  ${error.url ? `${error.url}: ` : ''}${error.reason}\n`);
  if (run.errorCount > 5) stderr.write(`  … ${run.errorCount - 5} more: skillpulse export runs --job ${run.job}\n`);
}

/**
 * Runs a job in the foreground with a progress bar, holding the job's lock so that no scheduler
 * runs it at the same time. SIGINT/SIGTERM stop taking pages; what was fetched is stored and the
 * run is recorded as interrupted.
 */
export async function crawlJob(
  job: JobDefinition,
  store: SkillStore,
  io: Io,
  dataDir = io.config.dataDir,
  trigger: CrawlRun['trigger'] = 'cli',
): Promise<CrawlRun> {
  const progress = progressReporter(`crawl ${job.id}`, io.stderr, io.logger);
  const runJob = ingestRunner(
    store,
    io,
    dataDir,
    () => (p) =>
      progress.update(
        p.pagesFetched,
        Math.max(p.pagesQueued, p.pagesFetched),
        `pages, ${p.postingsFound} postings${p.detail ? `; ${p.detail}` : ''}`,
      ),
  );
  const run = await whileListeningForStop(async (signal) => {
    const started = await runJobUnderLock(job, {
      store,
      logger: io.logger,
      owner: lockOwner(),
      ttlMs: io.config.lockTtlMs,
      trigger,
      signal,
      runJob,
    });
    return started.done;
  });
  progress.finish();
  writeRunSummary(run, io.stderr);
  return run;
}

/** How the scheduler runs a job: in the background, with a progress log line every few seconds. */
function backgroundRunner(store: SkillStore, io: Io, dataDir: string): RunJob {
  return ingestRunner(store, io, dataDir, (job, runId) => {
    let lastLog = 0;
    return (p) => {
      if (Date.now() - lastLog < 5000) return;
      lastLog = Date.now();
      io.logger.info(
        { job: job.id, run: runId, pages: p.pagesFetched, queued: p.pagesQueued, postings: p.postingsFound, detail: p.detail },
        'crawl progress',
      );
    };
  });
}

export function newScheduler(store: SkillStore, io: Io, dataDir: string): Scheduler {
  return new Scheduler({
    store,
    logger: io.logger,
    loadJobs: () => loadJobsDir(io.config.jobsDir),
    runJob: backgroundRunner(store, io, dataDir),
    lockTtlMs: io.config.lockTtlMs,
  });
}

/** The jobs as the scheduler sees them (next start, running) and its run-now, for the API's list and run button. */
export function schedulerJobs(scheduler: Scheduler): JobsProvider {
  return {
    async list() {
      const { states, loaded } = scheduler.states();
      return { jobs: loaded.jobs.map((job, i) => jobSummary(job, states[i])), errors: loaded.errors };
    },
    runNow: (jobId) => scheduler.runNow(jobId),
  };
}

/** The job files alone, read again on every request, when this process runs no scheduler. */
export function jobsFromDir(dir: string): JobsProvider {
  return {
    async list() {
      const { jobs, errors } = loadJobsDir(dir);
      return { jobs: jobs.map((job) => jobSummary(job)), errors };
    },
  };
}

/** Runs in progress get 25 s to store their batch and record themselves interrupted: exit within 30 s. */
const SHUTDOWN_GRACE_MS = 25_000;

export async function stopScheduler(scheduler: Scheduler, io: Io): Promise<void> {
  if (!(await scheduler.stop(SHUTDOWN_GRACE_MS))) io.logger.warn('runs still going after the grace period; their queues resume next start');
}

/** One line for the start banner: each enabled job's next start, how many are disabled or invalid. */
export function describeSchedule(scheduler: Pick<Scheduler, 'states'>): string {
  const { states, loaded } = scheduler.states();
  const enabled = states.filter((_, i) => loaded.jobs[i]?.enabled);
  const parts = enabled.map(
    (s) => `${s.id} ${s.running ? 'running' : s.nextRun ? `next ${s.nextRun.slice(0, 16).replace('T', ' ')}Z` : 'manual only'}`,
  );
  const disabled = states.length - enabled.length;
  return `${parts.join(', ') || 'no enabled jobs'}${disabled ? `; ${disabled} disabled` : ''}${loaded.errors.length ? ` (${loaded.errors.length} job files invalid: skillpulse jobs validate)` : ''}`;
}
