import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOBS_DIR, loadJobFile, parseJob } from '../../src/job.js';

describe('job files', () => {
  const files = readdirSync(DEFAULT_JOBS_DIR).filter((f) => f.endsWith('.yaml'));

  it('ships one job per source type; the real ones are off except Hacker News', () => {
    const jobs = files.map((f) => loadJobFile(join(DEFAULT_JOBS_DIR, f)));
    expect(new Set(jobs.map((j) => j.source.type))).toEqual(
      new Set([
        'sample-board',
        'hackernews',
        'career-site',
        'feed',
        'greenhouse',
        'lever',
        'ashby',
        'workable',
        'smartrecruiters',
        'recruitee',
      ]),
    );
    expect(
      jobs
        .filter((j) => j.enabled)
        .map((j) => j.id)
        .sort(),
    ).toEqual(['hackernews', 'sample-board']);
    for (const job of jobs) expect(job.allowPrivateNetwork).toBe(job.source.type === 'sample-board');
  });

  it.each([
    [{ source: { type: 'greenhouse' } }, /source\.board: is missing/],
    [{ source: { type: 'lever', board: 'x', apiBase: 'not a url' } }, /source\.apiBase: "not a url" is not a URL/],
    [{ source: { type: 'hackernews', months: 0 } }, /source\.months: must be a whole number/],
    [{ source: { type: 'hackernews', threads: ['abc'] } }, /source\.threads: must be a list of HN item ids/],
    [{ source: { type: 'feed', urls: [] } }, /source\.urls: needs at least one feed URL/],
    [{ source: { type: 'feed', urls: ['file:///etc/passwd'] } }, /source\.urls: "file:\/\/\/etc\/passwd" is not an http\(s\) URL/],
    [
      { source: { type: 'career-site', startUrls: ['https://x.example'], selectors: { title: 'h1' } } },
      /source\.selectors: needs at least title and description/,
    ],
    [{ source: { type: 'monster' } }, /source\.type: unknown source type "monster" \(known: sample-board, career-site, greenhouse/],
    [{ source: { type: 'hackernews' }, limits: { maxRetries: -1 } }, /limits\.maxRetries: must be a positive number/],
  ])('rejects %j naming the file and field', (doc, message) => {
    expect(() => parseJob({ id: 'bad', ...doc }, 'jobs/bad.yaml')).toThrow(message);
    expect(() => parseJob({ id: 'bad', ...doc }, 'jobs/bad.yaml')).toThrow(/^job file jobs\/bad\.yaml: /);
  });
});
