import { basename } from 'node:path';
import { type JobDefinition, type LoadedJobs, loadJobsDir } from '@skillpulse/ingest';
import { jobFileError, jobSummary, nextStart } from '@skillpulse/scheduler';
import type { CrawlRun } from '@skillpulse/store';
import { exitCodeOf } from '../exit-codes.js';
import { crawlJob } from '../job-runner.js';
import { type Command, type Io, withStore } from '../runtime.js';
import { renderTable } from '../table.js';
import { oneOf, parseCommand, UsageError } from '../usage.js';

const ACTIONS = ['list', 'validate', 'run'] as const;

/** Every problem of every file that failed to load, one line each; 1 when there are any. */
function reportErrors(loaded: LoadedJobs, io: Io): number {
  for (const error of loaded.errors) for (const problem of error.problems) io.stderr.write(`invalid: ${problem}\n`);
  return loaded.errors.length > 0 ? 1 : 0;
}

/** The job `id` of the directory, or a UsageError naming the broken file or the known ids. */
export function findJob(loaded: LoadedJobs, id: string, dir: string): JobDefinition {
  const job = loaded.jobs.find((j) => j.id === id);
  if (job) return job;
  const broken = loaded.errors.find((e) => basename(e.file).replace(/\.ya?ml$/, '') === id);
  throw new UsageError(broken ? broken.message : `run: no job "${id}" in ${dir} (known: ${loaded.jobs.map((j) => j.id).join(', ')})`);
}

const stamp = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')}Z`;

/** One table row per job: the `jobs list` table. */
export function jobsTable(jobs: readonly JobDefinition[], lastRuns: ReadonlyArray<CrawlRun | undefined>, now = Date.now()): string {
  return renderTable([
    ['ID', 'SOURCE', 'ENABLED', 'SCHEDULE', 'NEXT RUN', 'LAST RUN'],
    ...jobs.map((job, i) => {
      const last = lastRuns[i];
      const next = nextStart(job, now);
      return [
        job.id,
        job.source.type,
        job.enabled ? 'yes' : 'no',
        job.schedule ? `${job.schedule} (${job.timezone})` : 'manual',
        next ? stamp(next) : '-',
        last ? `${last.status} ${stamp(last.startedAt)}, ${last.postingsNew} new, ${last.errorCount} errors` : 'never',
      ];
    }),
  ]);
}

/** `jobs list --format json`: the same job summaries as GET /api/jobs, and the files that failed to load. */
export function jobsJson(loaded: LoadedJobs, lastRuns: ReadonlyArray<CrawlRun | undefined>, now = Date.now()): string {
  const jobs = loaded.jobs.map((job, i) => jobSummary(job, { nextRun: nextStart(job, now), lastRun: lastRuns[i] }));
  return `${JSON.stringify({ jobs, errors: loaded.errors.map(jobFileError) }, null, 2)}\n`;
}

async function list(loaded: LoadedJobs, format: 'table' | 'json', dataDir: string | undefined, io: Io): Promise<number> {
  const lastRuns = await withStore(io, dataDir, (store) =>
    Promise.all(loaded.jobs.map(async (job) => (await store.listRuns(job.id, 1))[0])),
  );
  io.stdout.write(format === 'json' ? jobsJson(loaded, lastRuns) : jobsTable(loaded.jobs, lastRuns));
  return reportErrors(loaded, io);
}

export const jobs: Command = {
  summary: 'list, validate or run the crawl jobs of the jobs directory',
  usage: `skillpulse jobs list [--format table|json] [--jobs-dir DIR] [--data-dir DIR]
skillpulse jobs validate [--jobs-dir DIR]
skillpulse jobs run ID [--jobs-dir DIR] [--data-dir DIR]

  The jobs directory is SKILLPULSE_JOBS_DIR (default pipelines/jobs): one YAML file per job.
  list: every job with its source, schedule, next scheduled start and last run; files that fail to load are listed
        after it, each naming the file, the field and the problem (exit code 1 when there are any).
  validate: checks every file against the job-file schema (docs/crawl-jobs.md) and prints every problem of every
            file, one line each; exit code 1 when any file is invalid (such a job does not run; the others do).
  run: runs one job now, with a progress bar, recorded as a manual run; exit codes as for skillpulse crawl
       (0 succeeded, 1 failed, 3 completed with errors, 4 blocked, 5 suspicious, 6 interrupted).`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, {
      format: { type: 'string' },
      'jobs-dir': { type: 'string' },
      'data-dir': { type: 'string' },
    });
    const [action, id, extra] = positionals;
    if (!(ACTIONS as readonly (string | undefined)[]).includes(action)) {
      throw new UsageError(
        action === undefined ? 'missing action (list, validate or run)' : `unknown action "${action}" (list, validate or run)`,
      );
    }
    const dir = values['jobs-dir'] ?? io.config.jobsDir;
    const loaded = loadJobsDir(dir);
    if (action === 'validate') {
      if (id !== undefined) throw new UsageError(`unexpected argument "${id}"`);
      for (const job of loaded.jobs) io.stdout.write(`ok: ${job.file} (${job.id})\n`);
      return reportErrors(loaded, io);
    }
    if (action === 'run') {
      if (id === undefined) throw new UsageError('run: give the id of the job to run (skillpulse jobs list shows them)');
      if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
      const job = findJob(loaded, id, dir);
      return withStore(io, values['data-dir'], async (store) =>
        exitCodeOf((await crawlJob(job, store, io, values['data-dir'], 'manual')).status),
      );
    }
    if (id !== undefined) throw new UsageError(`unexpected argument "${id}"`);
    return list(loaded, oneOf('--format', values.format, ['table', 'json'] as const, 'table'), values['data-dir'], io);
  },
};
