import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@skillpulse/core';
import type { CrawlLimits } from '@skillpulse/crawl';
import { Cron } from 'croner';
import { parse as parseYaml } from 'yaml';
import { checkJobDocument, type JobProblem } from './job-check.js';
import { JOB_DEFAULTS } from './job-schema.js';
import { optional as opt } from './sources/descriptor.js';
import { type JobSource, SOURCES, sourceDescriptor } from './sources.js';

export { checkJobDocument, type JobProblem } from './job-check.js';

export type { JobSource } from './sources.js';

export interface JobDefinition {
  id: string;
  description: string;
  enabled: boolean;
  /** Cron expression, or null for manual runs only. */
  schedule: string | null;
  timezone: string;
  /** Run once at start when the last run is older than one schedule period (default true). */
  catchUp: boolean;
  source: JobSource;
  limits: Partial<CrawlLimits>;
  userAgent: string;
  respectRobotsTxt: boolean;
  allowPrivateNetwork: boolean;
  /**
   * A run that would expire more than this share (0–1] of the source's live postings expires none
   * and is marked suspicious (default 0.5).
   */
  maxExpiredShare: number;
  /** The file the job came from, for error messages. */
  file: string;
}

/** A job file that cannot be valid; `problems` holds one sentence per problem, each naming the file and key. */
export class JobFileError extends ConfigError {
  readonly problems: string[];
  constructor(file: string, problems: JobProblem[]) {
    const sentences = problems.map((p) => `job file ${file}: ${p.path}: ${p.problem}`);
    super(sentences.join('\n'), { code: 'SKILLPULSE_ERR_JOB_INVALID' });
    this.problems = sentences;
  }
}

type Doc = Record<string, unknown>;
const mapping = (value: unknown): Doc => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : {});

/** Checks a schema cannot express: cron syntax, time zone, the id the file name gives, and the source's own. */
function semanticProblems(doc: Doc, id: string): JobProblem[] {
  const problems: JobProblem[] = [];
  if (doc.id === undefined || doc.id === null) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
      problems.push({
        path: 'id',
        problem: `is missing and the file name "${id}" is not an id; add id: with lower-case letters, digits and dashes`,
      });
  }
  const timezone = opt<string>(doc.timezone) ?? JOB_DEFAULTS.timezone;
  const zoneOk = typeof timezone !== 'string' || validTimeZone(timezone);
  if (!zoneOk)
    problems.push({
      path: 'timezone',
      problem: `must be an IANA time zone such as UTC, Europe/Berlin or America/New_York (got "${timezone}")`,
    });
  const schedule = opt<unknown>(doc.schedule);
  if (typeof schedule === 'string' && schedule !== '') {
    try {
      new Cron(schedule, { timezone: zoneOk ? timezone : 'UTC', paused: true });
    } catch (error) {
      problems.push({
        path: 'schedule',
        problem: `must be a cron expression such as "0 3 * * *" (minute hour day month weekday) (got "${schedule}": ${(error as Error).message})`,
      });
    }
  }
  const source = mapping(doc.source);
  problems.push(...(sourceDescriptor(source.type)?.problems?.(source) ?? []));
  return problems;
}

/**
 * Validates a parsed job document against the job-file schema (unknown keys, types, ranges) and the
 * checks a schema cannot express. Throws a JobFileError listing every problem, each naming the file,
 * the key path and what would be right.
 */
export function parseJob(data: unknown, file: string): JobDefinition {
  const doc = mapping(data);
  const id = typeof doc.id === 'string' ? doc.id : basename(file).replace(/\.ya?ml$/i, '');
  const problems = checkJobDocument(data);
  if (problems.length === 0) problems.push(...semanticProblems(doc, id));
  else problems.push(...semanticProblems(doc, id).filter((p) => !problems.some((q) => q.path === p.path)));
  if (problems.length > 0) throw new JobFileError(file, problems);
  const raw = mapping(doc.source);
  const descriptor = sourceDescriptor(raw.type);
  // The schema accepted the document, so its type is registered.
  if (!descriptor)
    throw new JobFileError(file, [{ path: 'source.type', problem: `must be one of: ${SOURCES.map((d) => d.type).join(', ')}` }]);
  const source = descriptor.section(raw, id) as JobSource;
  const limits = Object.fromEntries(Object.entries(mapping(doc.limits)).filter(([, v]) => v !== null)) as Partial<CrawlLimits>;
  const options = mapping(doc.options);
  return {
    id,
    description: opt<string>(doc.description) ?? JOB_DEFAULTS.description,
    enabled: opt<boolean>(doc.enabled) ?? JOB_DEFAULTS.enabled,
    schedule: opt<string>(doc.schedule) ?? null,
    timezone: opt<string>(doc.timezone) ?? JOB_DEFAULTS.timezone,
    catchUp: opt<boolean>(doc.catchUp) ?? JOB_DEFAULTS.catchUp,
    source,
    limits,
    userAgent: opt<string>(options.userAgent) ?? JOB_DEFAULTS.userAgent,
    respectRobotsTxt: opt<boolean>(options.respectRobotsTxt) ?? JOB_DEFAULTS.respectRobotsTxt,
    // Some sources (the bundled board) are served on loopback by design.
    allowPrivateNetwork: opt<boolean>(options.allowPrivateNetwork) ?? descriptor.allowPrivateNetwork === true,
    maxExpiredShare: opt<number>(options.maxExpiredShare) ?? JOB_DEFAULTS.maxExpiredShare,
    file,
  };
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadJobFile(file: string): JobDefinition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`job file ${file}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause,
      code: 'SKILLPULSE_ERR_JOB_INVALID',
    });
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`job file ${file}: not valid YAML (${(cause as Error).message.split('\n')[0]})`, {
      cause,
      code: 'SKILLPULSE_ERR_JOB_INVALID',
    });
  }
  return parseJob(data, file);
}

export interface LoadedJobs {
  jobs: JobDefinition[];
  /**
   * One per file that did not load: `problems` has one sentence per problem, each naming the file,
   * the key and what would be right; `message` is the same sentences, one a line.
   */
  errors: Array<{ file: string; message: string; problems: string[] }>;
}

/**
 * Every `*.yaml`/`*.yml` job file of a directory, sorted by name. A broken file is reported and
 * skipped, so the others still load; two files with the same job id are an error on the second.
 */
export function loadJobsDir(dir: string): LoadedJobs {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort();
  } catch (cause) {
    throw new ConfigError(`jobs directory ${dir}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause,
      code: 'SKILLPULSE_ERR_CONFIG',
    });
  }
  const result: LoadedJobs = { jobs: [], errors: [] };
  for (const name of names) {
    const file = join(dir, name);
    try {
      const job = loadJobFile(file);
      const first = result.jobs.find((other) => other.id === job.id);
      if (first)
        throw new ConfigError(`job file ${file}: id: "${job.id}" is already the id of ${first.file}`, {
          code: 'SKILLPULSE_ERR_JOB_INVALID',
        });
      result.jobs.push(job);
    } catch (error) {
      const message = (error as Error).message;
      result.errors.push({ file, message, problems: error instanceof JobFileError ? error.problems : [message] });
    }
  }
  return result;
}

/** The job files shipped with SkillPulse (`pipelines/jobs/`). */
export const DEFAULT_JOBS_DIR = fileURLToPath(new URL('../../jobs/', import.meta.url));
