import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@skillpulse/core';
import { ATS_KINDS, type AtsKind, type CrawlLimits, type PostingSelectors } from '@skillpulse/crawl';
import { Cron } from 'croner';
import { parse as parseYaml } from 'yaml';

export type JobSource =
  | { type: 'sample-board'; name: string }
  | { type: 'career-site'; name: string; startUrls: string[]; sitemapUrls: string[]; follow: string[]; selectors?: PostingSelectors }
  | { type: AtsKind; name: string; board: string; company?: string; apiBase?: string }
  | { type: 'hackernews'; name: string; months: number; threads?: number[]; apiBase?: string }
  | { type: 'feed'; name: string; urls: string[]; company?: string };

export const SOURCE_TYPES = ['sample-board', 'career-site', ...ATS_KINDS, 'hackernews', 'feed'] as const;

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
  /** The file the job came from, for error messages. */
  file: string;
}

export const DEFAULT_USER_AGENT = 'SkillPulseBot/0.1 (+https://github.com/skillpulse/skillpulse)';

const LIMIT_KEYS = [
  'maxPages',
  'maxRequestsPerMinute',
  'maxConcurrency',
  'requestTimeoutSecs',
  'maxPageBytes',
  'maxRetries',
  'retryBaseMs',
] as const;

function fail(file: string, field: string, problem: string): never {
  throw new ConfigError(`job file ${file}: ${field}: ${problem}`, { code: 'SKILLPULSE_ERR_JOB_INVALID' });
}

function stringArray(file: string, field: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(file, field, 'must be a list of strings');
  return value as string[];
}

function urls(file: string, field: string, value: unknown): string[] {
  const list = stringArray(file, field, value);
  for (const url of list) {
    if (!URL.canParse(url) || !/^https?:/i.test(url)) fail(file, field, `"${url}" is not an http(s) URL`);
  }
  return list;
}

function optionalString(file: string, field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(file, field, 'must be a non-empty string');
  return value;
}

function parseSource(file: string, id: string, source: Record<string, unknown>): JobSource {
  const name = optionalString(file, 'source.name', source.name);
  const type = source.type;
  if (type === 'sample-board') return { type, name: name ?? id };
  if (type === 'career-site') {
    const startUrls = urls(file, 'source.startUrls', source.startUrls);
    const sitemapUrls = urls(file, 'source.sitemapUrls', source.sitemapUrls);
    if (startUrls.length + sitemapUrls.length === 0) fail(file, 'source', 'needs startUrls or sitemapUrls');
    const follow = stringArray(file, 'source.follow', source.follow);
    for (const pattern of follow) {
      try {
        new RegExp(pattern);
      } catch (error) {
        fail(file, 'source.follow', `"${pattern}" is not a regular expression (${(error as Error).message})`);
      }
    }
    let selectors: PostingSelectors | undefined;
    if (source.selectors !== undefined) {
      const raw = source.selectors as Record<string, unknown>;
      if (typeof raw !== 'object' || raw === null) fail(file, 'source.selectors', 'must be a mapping of field to CSS selector');
      const title = optionalString(file, 'source.selectors.title', raw.title);
      const description = optionalString(file, 'source.selectors.description', raw.description);
      if (!title || !description) fail(file, 'source.selectors', 'needs at least title and description');
      selectors = {
        title,
        description,
        company: optionalString(file, 'source.selectors.company', raw.company),
        location: optionalString(file, 'source.selectors.location', raw.location),
        datePosted: optionalString(file, 'source.selectors.datePosted', raw.datePosted),
      };
    }
    return { type, name: name ?? id, startUrls, sitemapUrls, follow, selectors };
  }
  if ((ATS_KINDS as readonly unknown[]).includes(type)) {
    const board = optionalString(file, 'source.board', source.board);
    if (!board) fail(file, 'source.board', `is missing (the ${String(type)} board name, as in its public URL)`);
    const apiBase = optionalString(file, 'source.apiBase', source.apiBase);
    if (apiBase !== undefined && !URL.canParse(apiBase.replace('{board}', 'x'))) fail(file, 'source.apiBase', `"${apiBase}" is not a URL`);
    return {
      type: type as AtsKind,
      name: name ?? `${String(type)}-${board}`,
      board,
      company: optionalString(file, 'source.company', source.company),
      apiBase,
    };
  }
  if (type === 'hackernews') {
    const months = source.months ?? 1;
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 240) {
      fail(file, 'source.months', 'must be a whole number of months between 1 and 240');
    }
    const threads = source.threads ?? [];
    if (!Array.isArray(threads) || threads.some((t) => !Number.isInteger(t) || t <= 0)) {
      fail(file, 'source.threads', 'must be a list of HN item ids');
    }
    const apiBase = optionalString(file, 'source.apiBase', source.apiBase);
    if (apiBase !== undefined && !URL.canParse(apiBase)) fail(file, 'source.apiBase', `"${apiBase}" is not a URL`);
    return { type, name: name ?? 'hn', months, threads: threads as number[], apiBase };
  }
  if (type === 'feed') {
    const feedUrls = urls(file, 'source.urls', source.urls);
    if (feedUrls.length === 0) fail(file, 'source.urls', 'needs at least one feed URL');
    return { type, name: name ?? id, urls: feedUrls, company: optionalString(file, 'source.company', source.company) };
  }
  return fail(file, 'source.type', `unknown source type "${String(type)}" (known: ${SOURCE_TYPES.join(', ')})`);
}

/** Validates a parsed job document; every error names the file, the field and the problem. */
export function parseJob(data: unknown, file: string): JobDefinition {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(file, 'document', 'must be a mapping');
  const doc = data as Record<string, unknown>;
  const id = doc.id ?? basename(file).replace(/\.ya?ml$/i, '');
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(id)) fail(file, 'id', 'must be lower-case letters, digits and dashes');
  const source = doc.source as Record<string, unknown> | undefined;
  if (typeof source !== 'object' || source === null) fail(file, 'source', 'is missing');
  const jobSource = parseSource(file, id, source as Record<string, unknown>);
  const limits: Partial<CrawlLimits> = {};
  const rawLimits = (doc.limits ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(rawLimits)) {
    if (!(LIMIT_KEYS as readonly string[]).includes(key)) fail(file, `limits.${key}`, `unknown limit (known: ${LIMIT_KEYS.join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(file, `limits.${key}`, 'must be a positive number');
    limits[key as (typeof LIMIT_KEYS)[number]] = value;
  }
  const options = (doc.options ?? {}) as Record<string, unknown>;
  const bool = (field: string, value: unknown, fallback: boolean) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') fail(file, field, 'must be true or false');
    return value;
  };
  const schedule = (doc.schedule as unknown) ?? null;
  if (schedule !== null && typeof schedule !== 'string') fail(file, 'schedule', 'must be a cron expression in quotes, e.g. "0 3 * * *"');
  const timezone = doc.timezone ?? 'UTC';
  if (typeof timezone !== 'string' || !validTimeZone(timezone))
    fail(file, 'timezone', `"${String(timezone)}" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`);
  if (schedule !== null) {
    try {
      new Cron(schedule, { timezone, paused: true });
    } catch (error) {
      fail(file, 'schedule', `"${schedule}" is not a cron expression (${(error as Error).message})`);
    }
  }
  return {
    id,
    description: typeof doc.description === 'string' ? doc.description : '',
    enabled: bool('enabled', doc.enabled, true),
    schedule,
    timezone,
    catchUp: bool('catchUp', doc.catchUp, true),
    source: jobSource,
    limits,
    userAgent: typeof options.userAgent === 'string' ? options.userAgent : DEFAULT_USER_AGENT,
    respectRobotsTxt: bool('options.respectRobotsTxt', options.respectRobotsTxt, true),
    // The bundled board is served on loopback by design.
    allowPrivateNetwork: bool('options.allowPrivateNetwork', options.allowPrivateNetwork, jobSource.type === 'sample-board'),
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
  /** One per file that did not load, naming the file and the problem. */
  errors: Array<{ file: string; message: string }>;
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
      result.errors.push({ file, message: (error as Error).message });
    }
  }
  return result;
}

/** The job files shipped with SkillPulse (`pipelines/jobs/`). */
export const DEFAULT_JOBS_DIR = fileURLToPath(new URL('../../jobs/', import.meta.url));
