import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@skillpulse/core';
import type { CrawlLimits } from '@skillpulse/crawl';
import { parse as parseYaml } from 'yaml';

export type JobSource =
  | { type: 'sample-board'; name: string }
  | { type: 'career-site'; name: string; startUrls: string[]; sitemapUrls: string[]; follow: string[] };

export interface JobDefinition {
  id: string;
  description: string;
  enabled: boolean;
  /** Cron expression, or null for manual runs only. */
  schedule: string | null;
  timezone: string;
  source: JobSource;
  limits: Partial<CrawlLimits>;
  userAgent: string;
  respectRobotsTxt: boolean;
  allowPrivateNetwork: boolean;
  /** The file the job came from, for error messages. */
  file: string;
}

export const DEFAULT_USER_AGENT = 'SkillPulseBot/0.1 (+https://github.com/skillpulse/skillpulse)';

const LIMIT_KEYS = ['maxPages', 'maxRequestsPerMinute', 'maxConcurrency', 'requestTimeoutSecs', 'maxPageBytes'] as const;

function fail(file: string, field: string, problem: string): never {
  throw new ConfigError(`job file ${file}: ${field}: ${problem}`, { code: 'SKILLPULSE_ERR_JOB_INVALID' });
}

function stringArray(file: string, field: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(file, field, 'must be a list of strings');
  return value as string[];
}

/** Validates a parsed job document; every error names the file, the field and the problem. */
export function parseJob(data: unknown, file: string): JobDefinition {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(file, 'document', 'must be a mapping');
  const doc = data as Record<string, unknown>;
  const id = doc.id ?? basename(file).replace(/\.ya?ml$/i, '');
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(id)) fail(file, 'id', 'must be lower-case letters, digits and dashes');
  const source = doc.source as Record<string, unknown> | undefined;
  if (typeof source !== 'object' || source === null) fail(file, 'source', 'is missing');
  const name = typeof source.name === 'string' ? source.name : id;
  let jobSource: JobSource;
  if (source.type === 'sample-board') jobSource = { type: 'sample-board', name };
  else if (source.type === 'career-site') {
    const startUrls = stringArray(file, 'source.startUrls', source.startUrls);
    const sitemapUrls = stringArray(file, 'source.sitemapUrls', source.sitemapUrls);
    if (startUrls.length + sitemapUrls.length === 0) fail(file, 'source', 'needs startUrls or sitemapUrls');
    for (const url of [...startUrls, ...sitemapUrls]) {
      if (!URL.canParse(url)) fail(file, 'source.startUrls', `"${url}" is not a URL`);
    }
    const follow = stringArray(file, 'source.follow', source.follow);
    for (const pattern of follow) {
      try {
        new RegExp(pattern);
      } catch (error) {
        fail(file, 'source.follow', `"${pattern}" is not a regular expression (${(error as Error).message})`);
      }
    }
    jobSource = { type: 'career-site', name, startUrls, sitemapUrls, follow };
  } else fail(file, 'source.type', `unknown source type "${String(source.type)}" (known: sample-board, career-site)`);

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
  if (doc.schedule !== undefined && doc.schedule !== null && typeof doc.schedule !== 'string')
    fail(file, 'schedule', 'must be a cron expression');
  return {
    id,
    description: typeof doc.description === 'string' ? doc.description : '',
    enabled: bool('enabled', doc.enabled, true),
    schedule: (doc.schedule as string | undefined) ?? null,
    timezone: typeof doc.timezone === 'string' ? doc.timezone : 'UTC',
    source: jobSource,
    limits,
    userAgent: typeof options.userAgent === 'string' ? options.userAgent : DEFAULT_USER_AGENT,
    respectRobotsTxt: bool('options.respectRobotsTxt', options.respectRobotsTxt, true),
    // The bundled board is served on loopback by design.
    allowPrivateNetwork: bool('options.allowPrivateNetwork', options.allowPrivateNetwork, jobSource.type === 'sample-board'),
    file,
  };
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

/** The job files shipped with SkillPulse (`pipelines/jobs/`). */
export const DEFAULT_JOBS_DIR = fileURLToPath(new URL('../../jobs/', import.meta.url));
