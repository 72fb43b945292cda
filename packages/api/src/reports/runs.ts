import { basename, dirname, sep } from 'node:path';
import type { CrawlRun } from '@skillpulse/store';
import type { JobSummary, JobsReport, RunRow, RunsQuery, RunsReport } from '../schemas/index.js';
import type { CsvReport, ReportContext } from './common.js';

export interface JobsProvider {
  /** The jobs that loaded, and one error per file that did not. */
  list(): Promise<{ jobs: JobSummary[]; errors: Array<{ file: string; message: string }> }>;
  /**
   * Starts a job now and resolves with the run id once it holds the job's lock; rejects with
   * SKILLPULSE_ERR_JOB_NOT_FOUND or SKILLPULSE_ERR_JOB_RUNNING. Absent when no scheduler runs.
   */
  runNow?(jobId: string): Promise<string>;
}

const withDuration = (run: CrawlRun): RunRow => ({
  ...run,
  durationSeconds: run.endedAt ? Math.round((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 100) / 10 : null,
});

/** Crawl runs, newest first. */
export async function runsReport(context: ReportContext, query: RunsQuery): Promise<RunsReport> {
  const limit = query.limit ?? 50;
  if (!query.status) return { runs: (await context.store.listRuns(query.job, limit)).map(withDuration) };
  // The store lists by job and time only; runs are few, so the newest thousand are filtered here.
  const runs = await context.store.listRuns(query.job, Math.max(limit, 1000));
  return {
    runs: runs
      .filter((r) => r.status === query.status)
      .slice(0, limit)
      .map(withDuration),
  };
}

export const runsCsv: CsvReport<RunsReport> = {
  columns: [
    'id',
    'job',
    'trigger',
    'started_at',
    'ended_at',
    'status',
    'duration_s',
    'pages_fetched',
    'postings_new',
    'postings_updated',
    'postings_duplicate',
    'postings_expired',
    'error_count',
    'first_error_url',
    'first_error',
    'postings_rejected',
    'file_name',
    'file_bytes',
    'file_sha256',
  ],
  rows: (report) =>
    report.runs.map((r) => [
      r.id,
      r.job,
      r.trigger,
      r.startedAt,
      r.endedAt,
      r.status,
      r.durationSeconds,
      r.pagesFetched,
      r.postingsNew,
      r.postingsUpdated,
      r.postingsDuplicate,
      r.postingsExpired,
      r.errorCount,
      r.errors[0]?.url,
      r.errors[0]?.reason,
      r.postingsRejected,
      r.file?.name,
      r.file?.bytes,
      r.file?.sha256,
    ]),
};

/**
 * A job file as the API names it: relative to the jobs directory (which holds its files side by
 * side), so that the answer does not reveal where the server keeps its files.
 */
const relativeFile = (file: string) => basename(file);

/** A load error's sentence with the jobs directory taken out of every path it names. */
function relativeMessage(file: string, message: string): string {
  const dir = dirname(file);
  return dir === '.' || dir === '' ? message : message.split(dir + sep).join('');
}

export async function jobsReport(context: ReportContext, provider: JobsProvider | undefined): Promise<JobsReport> {
  if (!provider) return { jobs: [], errors: [] };
  const { jobs, errors } = await provider.list();
  const lastRuns = await Promise.all(jobs.map((job) => context.store.listRuns(job.id, 1)));
  return {
    jobs: jobs.map((job, i) => {
      const last = lastRuns[i]?.[0];
      // A run in another process shows as running through its record.
      return {
        ...job,
        file: relativeFile(job.file),
        running: job.running || last?.status === 'running',
        lastRun: last ? withDuration(last) : null,
      };
    }),
    errors: errors.map((e) => ({ file: relativeFile(e.file), message: relativeMessage(e.file, e.message) })),
  };
}
