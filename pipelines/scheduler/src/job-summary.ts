import { basename, dirname } from 'node:path';
import type { JobDefinition, LoadedJobs } from '@skillpulse/ingest';
import type { CrawlRun } from '@skillpulse/store';

/**
 * A crawl job as `GET /api/jobs` and `skillpulse jobs list --format json` show it. The job file is
 * named relative to the jobs directory, so no absolute path leaves the program.
 */
export interface JobSummary {
  id: string;
  description: string;
  /** The source type (`sample-board`, `greenhouse`, …). */
  source: string;
  enabled: boolean;
  /** Cron expression, or null for manual runs only. */
  schedule: string | null;
  timezone: string;
  file: string;
  /** The next scheduled start (ISO), or null for a disabled or manual-only job. */
  nextRun: string | null;
  /** True while a run of the job is in progress (here, or in another process per its run record). */
  running: boolean;
  /** The newest run with its duration, or null when the job never ran; absent when not asked for. */
  lastRun?: (CrawlRun & { durationSeconds: number | null }) | null;
}

export interface JobSummaryState {
  nextRun?: string | null;
  running?: boolean;
  /** The job's newest run (`store.listRuns(id, 1)[0]`); undefined when it never ran. */
  lastRun?: CrawlRun | undefined;
}

/** A run's duration in seconds to one decimal, or null while it runs. */
export const durationSeconds = (run: Pick<CrawlRun, 'startedAt' | 'endedAt'>): number | null =>
  run.endedAt ? Math.round((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 100) / 10 : null;

/**
 * The one summary of a job, for the API (through the program's jobs provider) and the CLI.
 * Pass `lastRun` (even undefined) to get a `lastRun` field; a run still recorded as running marks
 * the job running, as the API does for runs in another process.
 */
export function jobSummary(job: JobDefinition, state: JobSummaryState = {}): JobSummary {
  const summary: JobSummary = {
    id: job.id,
    description: job.description,
    source: job.source.type,
    enabled: job.enabled,
    schedule: job.schedule,
    timezone: job.timezone,
    file: basename(job.file),
    nextRun: state.nextRun ?? null,
    running: state.running ?? false,
  };
  if (!('lastRun' in state)) return summary;
  const last = state.lastRun;
  return {
    ...summary,
    running: summary.running || last?.status === 'running',
    lastRun: last ? { ...last, durationSeconds: durationSeconds(last) } : null,
  };
}

/** A job file that failed to load, named relative to the jobs directory, in every sentence too. */
export function jobFileError(error: LoadedJobs['errors'][number]): { file: string; message: string; problems: string[] } {
  const local = (text: string) => text.split(`${dirname(error.file)}/`).join('');
  return { file: basename(error.file), message: local(error.message), problems: error.problems.map(local) };
}
