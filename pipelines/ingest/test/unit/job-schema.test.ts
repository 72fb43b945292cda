import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOBS_DIR, JobFileError, loadJobFile, loadJobsDir, parseJob } from '../../src/job.js';

/** Every problem sentence of a job document, or [] when it is valid. */
function problems(doc: unknown, file = 'jobs/lever.yaml'): string[] {
  try {
    parseJob(doc, file);
    return [];
  } catch (error) {
    if (error instanceof JobFileError) return error.problems;
    throw error;
  }
}

const lever = (source: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  id: 'lever',
  source: { type: 'lever', board: 'acme', ...source },
  ...extra,
});

describe('job file schema', () => {
  it('rejects a misspelt key, naming the file, the path and the key that was meant', () => {
    expect(problems(lever({ apibase: 'http://127.0.0.1:9999' }))).toEqual([
      'job file jobs/lever.yaml: source.apibase: unknown key; did you mean source.apiBase?',
    ]);
    expect(problems(lever({}, { limits: { maxPage: 10 } }))).toEqual([
      'job file jobs/lever.yaml: limits.maxPage: unknown key; did you mean limits.maxPages?',
    ]);
  });

  it('rejects a misplaced key and names where it belongs', () => {
    expect(problems(lever({}, { allowPrivateNetwork: true }))).toEqual([
      'job file jobs/lever.yaml: allowPrivateNetwork: unknown key; did you mean options.allowPrivateNetwork?',
    ]);
    expect(problems(lever({}, { options: { maxRetries: 2 } }))).toEqual([
      'job file jobs/lever.yaml: options.maxRetries: unknown key; did you mean limits.maxRetries?',
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(problems(lever({ zzzzzz: 1 }))).toEqual([
      'job file jobs/lever.yaml: source.zzzzzz: unknown key; the keys allowed here are: type, name, board, company, apiBase',
    ]);
  });

  it('rejects a wrong type, saying what it must be and what it got', () => {
    expect(problems(lever({}, { options: { userAgent: 42 } }))).toEqual([
      'job file jobs/lever.yaml: options.userAgent: must be a string (got 42)',
    ]);
    expect(problems(lever({}, { enabled: 'yes' }))).toEqual(['job file jobs/lever.yaml: enabled: must be true or false (got "yes")']);
  });

  it('rejects an integer out of range or not whole, with the range', () => {
    expect(problems(lever({}, { limits: { maxRetries: -1 } }))).toEqual([
      'job file jobs/lever.yaml: limits.maxRetries: must be an integer from 0 to 10 (got -1)',
    ]);
    expect(problems(lever({}, { limits: { maxPages: 1.5 } }))).toEqual([
      'job file jobs/lever.yaml: limits.maxPages: must be an integer from 1 to 1000000 (got 1.5)',
    ]);
    expect(problems(lever({}, { options: { maxExpiredShare: 0 } }))).toEqual([
      'job file jobs/lever.yaml: options.maxExpiredShare: must be a number greater than 0 and at most 1 (got 0)',
    ]);
  });

  it('accepts maxRetries: 0 (no retries)', () => {
    expect(parseJob(lever({}, { limits: { maxRetries: 0 } }), 'jobs/lever.yaml').limits).toEqual({ maxRetries: 0 });
  });

  it('rejects an unknown source type with the known ones and the closest', () => {
    expect(problems({ id: 'x', source: { type: 'leverr', board: 'acme' } })).toEqual([
      'job file jobs/lever.yaml: source.type: must be one of: sample-board, career-site, greenhouse, lever, ashby, workable, smartrecruiters, recruitee, hackernews, feed (got "leverr"); did you mean lever?',
    ]);
  });

  it('reports every problem of a file at once', () => {
    const found = problems(lever({ apibase: 'x', board: 7 }, { schedule: 'every day', limits: { maxRetries: 11 }, userAgent: 'me' }));
    expect(found).toEqual([
      'job file jobs/lever.yaml: userAgent: unknown key; did you mean options.userAgent?',
      'job file jobs/lever.yaml: limits.maxRetries: must be an integer from 0 to 10 (got 11)',
      'job file jobs/lever.yaml: source.apibase: unknown key; did you mean source.apiBase?',
      'job file jobs/lever.yaml: source.board: must be a string (got 7)',
      expect.stringMatching(/^job file jobs\/lever\.yaml: schedule: must be a cron expression such as "0 3 \* \* \*" .*\(got "every day"/),
    ]);
  });

  it('keeps the checks a schema cannot express, in the same style', () => {
    expect(problems({ id: 'x', source: { type: 'sample-board' }, timezone: 'Mars/Base' })).toEqual([
      'job file jobs/lever.yaml: timezone: must be an IANA time zone such as UTC, Europe/Berlin or America/New_York (got "Mars/Base")',
    ]);
    expect(problems({ id: 'x', source: { type: 'career-site', follow: ['^https://a\\.example/'] } })).toEqual([
      'job file jobs/lever.yaml: source: needs source.startUrls or source.sitemapUrls (at least one http(s) URL to start from)',
    ]);
    expect(problems({ id: 'x', source: { type: 'feed', urls: ['ftp://a.example/feed'] } })).toEqual([
      'job file jobs/lever.yaml: source.urls[0]: must be an http(s) URL (got "ftp://a.example/feed")',
    ]);
  });

  it('gives the documented defaults', () => {
    const job = parseJob({ source: { type: 'lever', board: 'acme' } }, 'jobs/acme.yaml');
    expect(job).toMatchObject({
      id: 'acme',
      enabled: true,
      schedule: null,
      timezone: 'UTC',
      catchUp: true,
      respectRobotsTxt: true,
      allowPrivateNetwork: false,
      maxExpiredShare: 0.5,
      source: { type: 'lever', name: 'lever-acme', board: 'acme' },
    });
    expect(parseJob(lever({}, { options: { maxExpiredShare: 0.9 } }), 'x.yaml').maxExpiredShare).toBe(0.9);
  });

  it('validates every example job in pipelines/jobs', () => {
    const files = readdirSync(DEFAULT_JOBS_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) expect(() => loadJobFile(join(DEFAULT_JOBS_DIR, file))).not.toThrow();
    expect(loadJobsDir(DEFAULT_JOBS_DIR).errors).toEqual([]);
  });

  it('loads the good files of a folder and lists every problem of the bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-job-schema-'));
    writeFileSync(join(dir, 'good.yaml'), 'source:\n  type: greenhouse\n  board: acme\n');
    writeFileSync(
      join(dir, 'typo.yaml'),
      'source:\n  type: lever\n  board: acme\n  apibase: http://127.0.0.1:1\nallowPrivateNetwork: true\n',
    );
    const loaded = loadJobsDir(dir);
    expect(loaded.jobs.map((j) => j.id)).toEqual(['good']);
    expect(loaded.errors).toEqual([
      {
        file: join(dir, 'typo.yaml'),
        message: expect.any(String),
        problems: [
          `job file ${join(dir, 'typo.yaml')}: allowPrivateNetwork: unknown key; did you mean options.allowPrivateNetwork?`,
          `job file ${join(dir, 'typo.yaml')}: source.apibase: unknown key; did you mean source.apiBase?`,
        ],
      },
    ]);
  });
});
