import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { buildApp, type JobsProvider, REPORT_QUERIES } from '@skillpulse/api';
import { type Logger, SkillPulseError } from '@skillpulse/core';
import { type EmergingInput, EXTRACTOR_VERSION, emergingOverlayYaml, findEmergingTerms } from '@skillpulse/extract';
import { freeBytes, type JobDefinition, loadJobFile, loadJobsDir, reextractPostings, runIngest, runSummary } from '@skillpulse/ingest';
import { acquireJobLock, type JobState, lockOwner, nextStart, type RunJob, Scheduler } from '@skillpulse/scheduler';
import { type CrawlRun, openStore, type SkillStore } from '@skillpulse/store';
import { lookupSkill } from '@skillpulse/taxonomy';
import { DASHBOARD_DIR } from '@skillpulse/web';
import type { FastifyBaseLogger } from 'fastify';
import { type Config, configuredExtractor, configuredTaxonomy, storeConfig } from './config.js';
import { exitCodeOf } from './exit-codes.js';
import { progressReporter } from './progress.js';
import { storeCommand } from './store-command.js';
import { oneOf, parseCommand, UsageError } from './usage.js';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  config: Config;
  logger: Logger & FastifyBaseLogger;
}

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}

function readInput(file: string | undefined, io: Io): Promise<string> {
  if (file === undefined || file === '-') {
    return new Promise((resolve, reject) => {
      let text = '';
      io.stdin.setEncoding('utf8');
      io.stdin.on('data', (chunk: string) => (text += chunk));
      io.stdin.on('end', () => resolve(text));
      io.stdin.on('error', reject);
    });
  }
  try {
    return Promise.resolve(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`FILE: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const extract: Command = {
  summary: 'print the skills in a posting (text or HTML)',
  usage: `skillpulse extract [FILE|-] [--format json|text]
skillpulse extract --jsonl < postings.jsonl

  FILE            posting text or HTML; - or nothing reads standard input
  --format        json (default) or text
  --jsonl         read JSON lines {"id","text"} or {"id","html"}; write {"id","skills":[{"id","name"}]} per line`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { format: { type: 'string' }, jsonl: { type: 'boolean' } });
    const format = oneOf('--format', values.format, ['json', 'text'] as const, 'json');
    if (positionals.length > 1) throw new UsageError(`extract: unexpected argument "${positionals[1]}"`);
    const extractor = configuredExtractor(io.config);
    if (values.jsonl) {
      const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let lineNumber = 0;
      let failures = 0;
      for await (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue;
        let record: { id?: unknown; text?: unknown; html?: unknown };
        try {
          record = JSON.parse(line);
        } catch {
          failures++;
          io.stderr.write(`skillpulse extract: line ${lineNumber}: not valid JSON, skipped\n`);
          continue;
        }
        const input =
          typeof record.html === 'string' ? { html: record.html } : typeof record.text === 'string' ? { text: record.text } : null;
        if (!input) {
          failures++;
          io.stderr.write(`skillpulse extract: line ${lineNumber}: needs a "text" or "html" string, skipped\n`);
          continue;
        }
        const result = extractor.extract(input);
        const out = JSON.stringify({ id: record.id ?? null, skills: result.skills.map((s) => ({ id: s.id, name: s.name })) });
        if (!io.stdout.write(`${out}\n`)) await new Promise((resolve) => io.stdout.once('drain', resolve));
      }
      return failures > 0 ? 1 : 0;
    }
    const result = extractor.extract(await readInput(positionals[0], io));
    if (format === 'text') {
      for (const skill of result.skills) io.stdout.write(`${skill.name}\t${skill.category}\t${skill.count}\t${skill.level}\n`);
      return 0;
    }
    io.stdout.write(
      `${JSON.stringify(
        {
          skills: result.skills.map((s) => ({
            id: s.id,
            name: s.name,
            category: s.category,
            count: s.count,
            level: s.level,
            years: s.years,
            mentions: s.mentions.map((m) => ({
              start: m.start,
              end: m.end,
              text: m.text,
              section: m.section,
              level: m.level,
              confidence: m.confidence,
            })),
          })),
          taxonomyVersion: result.taxonomyVersion,
          extractorVersion: result.extractorVersion,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  },
};

const taxonomy: Command = {
  summary: 'look up a skill, or list emerging terms the taxonomy lacks',
  usage: `skillpulse taxonomy lookup TEXT
skillpulse taxonomy emerging [--limit N] [--min-postings N] [--format json|text] [--data-dir DIR]

  lookup     prints {"id","name","category"} for a skill name, alias or id; exit code 1 when unknown
  emerging   frequent capitalised or "experience with X" terms across stored postings that are not
             in the taxonomy, ranked by TF-IDF, with an example sentence each: candidates to curate`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, {
      limit: { type: 'string' },
      'min-postings': { type: 'string' },
      format: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    if (sub === 'lookup') {
      if (rest.length === 0) throw new UsageError('taxonomy lookup: missing TEXT');
      const skill = lookupSkill(configuredTaxonomy(io.config), rest.join(' '));
      if (!skill) {
        io.stderr.write(`skillpulse taxonomy lookup: no skill named "${rest.join(' ')}"\n`);
        return 1;
      }
      io.stdout.write(`${JSON.stringify({ id: skill.id, name: skill.name, category: skill.category })}\n`);
      return 0;
    }
    if (sub !== 'emerging') {
      throw new UsageError(
        sub === undefined
          ? 'taxonomy: missing subcommand (lookup or emerging)'
          : `taxonomy: unknown subcommand "${sub}" (lookup or emerging)`,
      );
    }
    if (rest.length > 0) throw new UsageError(`taxonomy emerging: unexpected argument "${rest[0]}"`);
    const limit = wholeNumber('--limit', values.limit, 50);
    const minPostings = wholeNumber('--min-postings', values['min-postings'], 2);
    const format = oneOf('--format', values.format, ['json', 'text'] as const, 'text');
    const store = await openStore(storeConfig(io.config, values['data-dir']), io.logger);
    try {
      const postings: EmergingInput[] = [];
      for await (const posting of store.iteratePostings()) {
        postings.push({ text: posting.descriptionText, exclude: [posting.company ?? '', ...posting.locations, posting.country ?? ''] });
      }
      const taxonomy = configuredTaxonomy(io.config);
      const terms = findEmergingTerms(postings, taxonomy, { limit, minPostings });
      // Every candidate as a ready-to-paste overlay entry: text output is itself an overlay file.
      const overlay = emergingOverlayYaml(terms, taxonomy, postings.length);
      if (format === 'json') io.stdout.write(`${JSON.stringify({ postings: postings.length, terms, overlay }, null, 2)}\n`);
      else io.stdout.write(overlay);
    } finally {
      await store.close();
    }
    return 0;
  },
};

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100000) throw new UsageError(`${name}: "${value}" is not a whole number from 1 to 100000`);
  return n;
}

/** The job's request queue lives here, so a stopped or killed run resumes where it was. */
const queueDirOf = (dataDir: string, jobId: string) => join(dataDir, 'queues', jobId);

/**
 * Runs a job in the foreground with a progress bar, holding the job's lock so that no scheduler
 * runs it at the same time. SIGINT/SIGTERM stop taking pages; what was fetched is stored and the
 * run is recorded as interrupted.
 */
async function crawlJob(
  job: JobDefinition,
  store: SkillStore,
  io: Io,
  dataDir = io.config.dataDir,
  trigger: CrawlRun['trigger'] = 'cli',
): Promise<CrawlRun> {
  const lock = await acquireJobLock(job.id, { store, owner: lockOwner(), ttlMs: io.config.lockTtlMs, logger: io.logger });
  const progress = progressReporter(`crawl ${job.id}`, io.stderr, io.logger);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let run: CrawlRun;
  try {
    run = await runIngest({
      job,
      store,
      extractor: configuredExtractor(io.config),
      logger: io.logger,
      queueDir: queueDirOf(dataDir, job.id),
      dataDir,
      signal: AbortSignal.any([stop.signal, lock.signal]),
      trigger,
      onProgress: (p) => progress.update(p.pagesFetched, Math.max(p.pagesQueued, p.pagesFetched), `pages, ${p.postingsFound} postings`),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await lock.release();
  }
  progress.finish();
  io.stderr.write(`${runSummary(run)}\n`);
  // The summary already gave the first error's reason when it was why the run failed.
  const shown = ['failed', 'blocked', 'suspicious'].includes(run.status) ? 1 : 0;
  for (const error of run.errors.slice(shown, 5)) io.stderr.write(`  ${error.url ? `${error.url}: ` : ''}${error.reason}\n`);
  if (run.errorCount > 5) io.stderr.write(`  … ${run.errorCount - 5} more: skillpulse export runs --job ${run.job}\n`);
  return run;
}

/** How the scheduler runs a job: in the background, with a progress log line every few seconds. */
function backgroundRunner(store: SkillStore, io: Io, dataDir: string): RunJob {
  return (job, { trigger, runId, signal }) => {
    let lastLog = 0;
    return runIngest({
      job,
      store,
      extractor: configuredExtractor(io.config),
      logger: io.logger,
      queueDir: queueDirOf(dataDir, job.id),
      dataDir,
      signal,
      trigger,
      runId,
      onProgress: (p) => {
        if (Date.now() - lastLog < 5000) return;
        lastLog = Date.now();
        io.logger.info(
          { job: job.id, run: runId, pages: p.pagesFetched, queued: p.pagesQueued, postings: p.postingsFound },
          'crawl progress',
        );
      },
    });
  };
}

const crawl: Command = {
  summary: 'run a crawl job file into the store',
  usage: `skillpulse crawl --job FILE.yaml [--data-dir DIR]

  Exit code: 0 the run succeeded with no page errors, 1 failed (a listing could not be read),
  3 completed with page errors, 4 blocked (robots.txt, HTTP 401/403), 5 suspicious (would have
  expired too many postings; none expired), 6 interrupted; 2 bad usage.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { job: { type: 'string' }, 'data-dir': { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`crawl: unexpected argument "${positionals[0]}"`);
    if (!values.job) throw new UsageError('crawl: --job FILE.yaml is required');
    const store = await openStore(storeConfig(io.config, values['data-dir']), io.logger);
    try {
      return exitCodeOf((await crawlJob(loadJobFile(values.job), store, io, values['data-dir'])).status);
    } finally {
      await store.close();
    }
  },
};

const jobs: Command = {
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
    if (action !== 'list' && action !== 'validate' && action !== 'run') {
      throw new UsageError(
        action === undefined ? 'missing action (list, validate or run)' : `unknown action "${action}" (list, validate or run)`,
      );
    }
    const dir = values['jobs-dir'] ?? io.config.jobsDir;
    const loaded = loadJobsDir(dir);
    const reportErrors = () => {
      for (const error of loaded.errors) for (const problem of error.problems) io.stderr.write(`invalid: ${problem}\n`);
      return loaded.errors.length > 0 ? 1 : 0;
    };
    if (action === 'validate') {
      if (id !== undefined) throw new UsageError(`unexpected argument "${id}"`);
      for (const job of loaded.jobs) io.stdout.write(`ok: ${job.file} (${job.id})\n`);
      return reportErrors();
    }
    if (action === 'run') {
      if (id === undefined) throw new UsageError('run: give the id of the job to run (skillpulse jobs list shows them)');
      if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
      const job = loaded.jobs.find((j) => j.id === id);
      if (!job) {
        const broken = loaded.errors.find((e) => basename(e.file).replace(/\.ya?ml$/, '') === id);
        throw new UsageError(broken ? broken.message : `run: no job "${id}" in ${dir} (known: ${loaded.jobs.map((j) => j.id).join(', ')})`);
      }
      const store = await openStore(storeConfig(io.config, values['data-dir']), io.logger);
      try {
        const run = await crawlJob(job, store, io, values['data-dir'], 'manual');
        return exitCodeOf(run.status);
      } finally {
        await store.close();
      }
    }
    if (id !== undefined) throw new UsageError(`unexpected argument "${id}"`);
    const format = oneOf('--format', values.format, ['table', 'json'] as const, 'table');
    const store = await openStore(storeConfig(io.config, values['data-dir']), io.logger);
    let lastRuns: Array<CrawlRun | undefined>;
    try {
      lastRuns = await Promise.all(loaded.jobs.map(async (job) => (await store.listRuns(job.id, 1))[0]));
    } finally {
      await store.close();
    }
    if (format === 'json') {
      const rows = loaded.jobs.map((job, i) => ({
        id: job.id,
        source: job.source.type,
        enabled: job.enabled,
        schedule: job.schedule,
        timezone: job.timezone,
        // Relative to the jobs directory, as GET /api/jobs shows it.
        file: basename(job.file),
        nextRun: nextStart(job),
        lastRun: lastRuns[i] ?? null,
      }));
      const local = (file: string, text: string) => text.split(`${dirname(file)}/`).join('');
      const errors = loaded.errors.map((e) => ({
        file: basename(e.file),
        message: local(e.file, e.message),
        problems: e.problems.map((p) => local(e.file, p)),
      }));
      io.stdout.write(`${JSON.stringify({ jobs: rows, errors }, null, 2)}\n`);
    } else {
      const table = [
        ['ID', 'SOURCE', 'ENABLED', 'SCHEDULE', 'NEXT RUN', 'LAST RUN'],
        ...loaded.jobs.map((job, i) => {
          const last = lastRuns[i];
          const next = nextStart(job);
          return [
            job.id,
            job.source.type,
            job.enabled ? 'yes' : 'no',
            job.schedule ? `${job.schedule} (${job.timezone})` : 'manual',
            next ? `${next.slice(0, 16).replace('T', ' ')}Z` : '-',
            last
              ? `${last.status} ${last.startedAt.slice(0, 16).replace('T', ' ')}Z, ${last.postingsNew} new, ${last.errorCount} errors`
              : 'never',
          ];
        }),
      ];
      const widths = table[0]?.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length))) ?? [];
      for (const row of table)
        io.stdout.write(
          `${row
            .map((cell, col) => cell.padEnd(widths[col] ?? 0))
            .join('  ')
            .trimEnd()}\n`,
        );
    }
    return reportErrors();
  },
};

const jobSummary = (job: JobDefinition, state?: JobState) => ({
  id: job.id,
  description: job.description,
  source: job.source.type,
  enabled: job.enabled,
  schedule: job.schedule,
  timezone: job.timezone,
  file: job.file,
  nextRun: state?.nextRun ?? null,
  running: state?.running ?? false,
});

/** The jobs as the scheduler sees them (next start, running) and its run-now, for the API. */
function schedulerJobs(scheduler: Scheduler): JobsProvider {
  return {
    async list() {
      const { states, loaded } = scheduler.states();
      return { jobs: loaded.jobs.map((job, i) => jobSummary(job, states[i])), errors: loaded.errors };
    },
    runNow: (jobId) => scheduler.runNow(jobId),
  };
}

/** The job files alone, read again on every request, when this process runs no scheduler. */
function jobsFromDir(dir: string): JobsProvider {
  return {
    async list() {
      const { jobs, errors } = loadJobsDir(dir);
      return { jobs: jobs.map((job) => jobSummary(job)), errors };
    },
  };
}

function newScheduler(store: SkillStore, io: Io, dataDir: string): Scheduler {
  return new Scheduler({
    store,
    logger: io.logger,
    loadJobs: () => loadJobsDir(io.config.jobsDir),
    runJob: backgroundRunner(store, io, dataDir),
    lockTtlMs: io.config.lockTtlMs,
  });
}

/** Resolves on the first SIGINT or SIGTERM. */
const stopSignal = () =>
  new Promise<NodeJS.Signals>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

/** Runs in progress get 25 s to store their batch and record themselves interrupted: exit within 30 s. */
const SHUTDOWN_GRACE_MS = 25_000;

async function stopScheduler(scheduler: Scheduler, io: Io): Promise<void> {
  if (!(await scheduler.stop(SHUTDOWN_GRACE_MS))) io.logger.warn('runs still going after the grace period; their queues resume next start');
}

async function serveUntilStopped(
  store: SkillStore,
  host: string,
  port: number,
  io: Io,
  dataDir: string,
  withScheduler: boolean,
): Promise<number> {
  const scheduler = withScheduler ? newScheduler(store, io, dataDir) : null;
  const app = await buildApp({
    store,
    taxonomy: configuredTaxonomy(io.config),
    logger: io.logger,
    dashboardDir: DASHBOARD_DIR,
    minCell: io.config.minCell,
    jobs: scheduler ? schedulerJobs(scheduler) : jobsFromDir(io.config.jobsDir),
    adminKey: io.config.adminKey,
  });
  const stopped = stopSignal();
  warnIfDiskLow(dataDir, io);
  const address = await app.listen({ host, port });
  io.stderr.write(`SkillPulse dashboard and API: ${address.replace('[::1]', 'localhost')}\n`);
  if (!io.config.adminKey && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.logger.warn({ host }, 'listening beyond loopback without SKILLPULSE_ADMIN_KEY: anyone who can reach it can start crawl jobs');
  }
  if (scheduler) {
    await scheduler.start();
    io.stderr.write(`scheduler: ${describeSchedule(scheduler)}\n`);
  }
  const signal = await stopped;
  io.logger.info({ signal }, 'shutting down');
  if (scheduler) await stopScheduler(scheduler, io);
  await app.close();
  await store.close();
  return 0;
}

/** A crawl that cannot write fails (and resumes later): say so before it happens. */
function warnIfDiskLow(dataDir: string, io: Io): void {
  const free = freeBytes(dataDir);
  if (free === null || io.config.diskWarnMb === 0 || free >= io.config.diskWarnMb * 1_048_576) return;
  const freeMb = Math.floor(free / 1_048_576);
  io.logger.warn(
    { dataDir, freeMb, warnBelowMb: io.config.diskWarnMb },
    `low disk space: ${freeMb} MB free under ${dataDir} (SKILLPULSE_DISK_WARN_MB is ${io.config.diskWarnMb}); a crawl that cannot write fails and resumes once space is freed`,
  );
}

function describeSchedule(scheduler: Scheduler): string {
  const { states, loaded } = scheduler.states();
  const enabled = states.filter((_, i) => loaded.jobs[i]?.enabled);
  const parts = enabled.map(
    (s) => `${s.id} ${s.running ? 'running' : s.nextRun ? `next ${s.nextRun.slice(0, 16).replace('T', ' ')}Z` : 'manual only'}`,
  );
  const disabled = states.length - enabled.length;
  return `${parts.join(', ') || 'no enabled jobs'}${disabled ? `; ${disabled} disabled` : ''}${loaded.errors.length ? ` (${loaded.errors.length} job files invalid: skillpulse jobs validate)` : ''}`;
}

const schedulerCommand: Command = {
  summary: 'run the crawl jobs on their schedules, without the API',
  usage: `skillpulse scheduler [--data-dir DIR]

  Runs every enabled job of the jobs directory (SKILLPULSE_JOBS_DIR) on its cron schedule, in its
  time zone. At start, a job whose last run was interrupted resumes, and a job whose last run is
  older than one period runs once (catchUp: false in the job file turns that off). Job files are
  read again every minute. Several schedulers may share one store: a lock in the store makes
  each job run once. SIGINT/SIGTERM stop taking pages, store what was fetched, record the runs as
  interrupted and exit within 30 s. \`skillpulse serve\` runs the same scheduler unless
  SKILLPULSE_SCHEDULER=off.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { 'data-dir': { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = values['data-dir'] ?? io.config.dataDir;
    const store = await openStore(storeConfig(io.config, dataDir), io.logger);
    const scheduler = newScheduler(store, io, dataDir);
    const stopped = stopSignal();
    try {
      await scheduler.start();
      io.stderr.write(`scheduler: ${describeSchedule(scheduler)}\n`);
      const signal = await stopped;
      io.logger.info({ signal }, 'shutting down');
      await stopScheduler(scheduler, io);
    } finally {
      await store.close();
    }
    return 0;
  },
};

function portOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}

/** The options `serve` and `start` share: where to listen and which store to open. */
async function serverSetup(
  command: string,
  args: string[],
  io: Io,
): Promise<{ store: SkillStore; host: string; port: number; dataDir: string }> {
  const { values, positionals } = parseCommand(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`${command}: unexpected argument "${positionals[0]}"`);
  const port = portOption(values.port, io.config.port);
  const dataDir = values['data-dir'] ?? io.config.dataDir;
  const store = await openStore(storeConfig(io.config, dataDir), io.logger);
  return { store, host: values.host ?? io.config.host, port, dataDir };
}

const serve: Command = {
  summary: 'serve the API and dashboard, and run the scheduled jobs',
  usage: `skillpulse serve [--host HOST] [--port PORT] [--data-dir DIR]

  Runs the scheduler too (see skillpulse scheduler --help) unless SKILLPULSE_SCHEDULER=off.`,
  async run(args, io) {
    const { store, host, port, dataDir } = await serverSetup('serve', args, io);
    return serveUntilStopped(store, host, port, io, dataDir, io.config.scheduler);
  },
};

const start: Command = {
  summary: 'serve the dashboard and run the jobs: those never run or overdue at once (what `npm start` runs)',
  usage: `skillpulse start [--host HOST] [--port PORT] [--data-dir DIR]

  Like serve, with the scheduler always on: on a first start every enabled job (the sample board,
  Hacker News) runs at once, then on its schedule.`,
  async run(args, io) {
    const { store, host, port, dataDir } = await serverSetup('start', args, io);
    return serveUntilStopped(store, host, port, io, dataDir, true);
  },
};

/** The report each `skillpulse export` name writes, as the API's CSV route of the same name. */
const EXPORT_PATHS: Record<string, string> = {
  skills: '/api/skills.csv',
  skill: '/api/skills/:id.csv',
  top: '/api/top.csv',
  trends: '/api/trends.csv',
  movers: '/api/movers.csv',
  cooccurrence: '/api/cooccurrence.csv',
  breakdown: '/api/breakdown.csv',
  postings: '/api/postings.csv',
  runs: '/api/runs.csv',
};

const flag = (param: string) => `--${param.replaceAll('_', '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const exportCommand: Command = {
  summary: 'write a report as CSV to standard output',
  usage: `skillpulse export REPORT [--format csv] [--PARAMETER VALUE ...] [--bom] [--data-dir DIR]

  REPORT is one of ${Object.keys(EXPORT_PATHS).join(', ')}; its parameters are those of the API route
  (README, "Report catalogue"), with - for _: for example
    skillpulse export top --from 2025-01-01 --to 2025-06-30 --limit 50
    skillpulse export trends --skills typescript,rust --interval quarter
    skillpulse export movers --category languages
    skillpulse export skill kubernetes
    skillpulse export trends --skills java --include-descendants   (Java with Spring, Kotlin frameworks … as one)
    skillpulse export postings --skills go --country DE > go-postings.csv
  The CSV is the same, column for column, as the API's; postings are streamed, however many.`,
  async run(args, io) {
    const [report, ...rest] = args;
    const path = report === undefined ? undefined : EXPORT_PATHS[report];
    if (!report || report.startsWith('-') || !path) {
      const known = Object.keys(EXPORT_PATHS).join(', ');
      throw new UsageError(report && !report.startsWith('-') ? `unknown report "${report}" (${known})` : `missing report (${known})`);
    }
    const properties: Record<string, object> =
      report === 'runs' ? REPORT_QUERIES.runs.properties : REPORT_QUERIES[report as keyof typeof REPORT_QUERIES].properties;
    const params = Object.keys(properties).filter((name) => name !== 'bom' && name !== 'page' && name !== 'page_size');
    // A true/false parameter (includeDescendants) is a switch: --include-descendants.
    const isSwitch = (name: string) => (properties[name] as { type?: unknown } | undefined)?.type === 'boolean';
    const { values, positionals } = parseCommand(rest, {
      ...Object.fromEntries(
        params.map((name) => [flag(name).slice(2), { type: isSwitch(name) ? ('boolean' as const) : ('string' as const) }]),
      ),
      format: { type: 'string' },
      bom: { type: 'boolean' },
      'data-dir': { type: 'string' },
    });
    oneOf('--format', values.format as string | undefined, ['csv'] as const, 'csv');
    let url = path;
    if (report === 'skill') {
      if (positionals.length !== 1) throw new UsageError(`skill: give one skill id or name, e.g. skillpulse export skill kubernetes`);
      url = path.replace(':id', encodeURIComponent(positionals[0] as string));
    } else if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const query = new URLSearchParams();
    for (const name of params) {
      const value = (values as Record<string, unknown>)[flag(name).slice(2)];
      if (typeof value === 'string') query.set(name, value);
      else if (value === true) query.set(name, 'true');
    }
    if (values.bom) query.set('bom', '1');
    const store = await openStore(storeConfig(io.config, values['data-dir'] as string | undefined), io.logger);
    const app = await buildApp({ store, taxonomy: configuredTaxonomy(io.config), minCell: io.config.minCell });
    try {
      // The API's own route writes the file, so the CLI and the API can never disagree on a column.
      const response = await app.inject({ method: 'GET', url: `${url}?${query}`, payloadAsStream: true });
      if (response.statusCode !== 200) {
        const chunks: Buffer[] = [];
        for await (const chunk of response.stream()) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string; code?: string };
        // The API's sentences start with the parameter's name ("limit must be …; to: …"): name the flag instead.
        const message = (body.message ?? `status ${response.statusCode}`).replace(
          /(^|; )(\w+)(?=:| )/g,
          (whole, start: string, name: string) => (params.includes(name) ? `${start}${flag(name)}` : whole),
        );
        // A bad parameter or an unknown skill is bad usage (exit 2); anything else (the store) keeps its code (exit 1).
        if (response.statusCode === 400 || response.statusCode === 404 || !body.code) throw new UsageError(`${report}: ${message}`);
        throw new SkillPulseError(body.code, `${report}: ${message}`);
      }
      try {
        await pipeline(response.stream(), io.stdout);
      } catch (cause) {
        throw new SkillPulseError('SKILLPULSE_ERR_EXPORT', `${report}: the export stopped before its end: ${(cause as Error).message}`, {
          cause,
        });
      }
    } finally {
      await app.close();
      await store.close();
    }
    return 0;
  },
};

const reindex: Command = {
  summary: 're-run skill extraction over stored postings after a taxonomy or extractor upgrade',
  usage: `skillpulse reindex [--data-dir DIR]

  Re-extracts every posting stamped with another taxonomy or extractor version. Stopping it is safe:
  running it again picks up where it stopped. On Elasticsearch it copies into a new index and swaps
  the alias at the end, so the API keeps answering from the old index meanwhile; pause scheduled
  crawls while it runs (their writes to the old index would not be copied).`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { 'data-dir': { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`reindex: unexpected argument "${positionals[0]}"`);
    const store = await openStore(storeConfig(io.config, values['data-dir']), io.logger);
    try {
      const extractor = configuredExtractor(io.config);
      const progress = progressReporter('reindex', io.stderr, io.logger);
      const result = await reextractPostings({
        store,
        extractor,
        onProgress: (p) => progress.update(p.done, p.total, `postings, ${p.rewritten} re-extracted`),
      });
      progress.finish();
      io.stderr.write(
        `reindex: ${result.rewritten} of ${result.total} postings re-extracted with taxonomy ${extractor.taxonomy.version}, extractor ${EXTRACTOR_VERSION}${result.resumed ? ' (resumed)' : ''}\n`,
      );
    } finally {
      await store.close();
    }
    return 0;
  },
};

export const COMMANDS: Record<string, Command> = {
  extract,
  taxonomy,
  crawl,
  jobs,
  scheduler: schedulerCommand,
  serve,
  start,
  export: exportCommand,
  reindex,
  store: storeCommand,
};
