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
    [{ source: { type: 'greenhouse' } }, /source\.board: is missing \(the board name, as in the board's public URL/],
    [{ source: { type: 'lever', board: 'x', apiBase: 'not a url' } }, /source\.apiBase: must be an http\(s\) URL \(got "not a url"\)/],
    [{ source: { type: 'hackernews', months: 0 } }, /source\.months: must be an integer from 1 to 240 \(got 0\)/],
    [{ source: { type: 'hackernews', threads: ['abc'] } }, /source\.threads\[0\]: must be an integer of at least 1 \(got "abc"\)/],
    [{ source: { type: 'feed', urls: [] } }, /source\.urls: must not be empty \(a list of http\(s\) URLs, at least 1\)/],
    [
      { source: { type: 'feed', urls: ['file:///etc/passwd'] } },
      /source\.urls\[0\]: must be an http\(s\) URL \(got "file:\/\/\/etc\/passwd"\)/,
    ],
    [
      { source: { type: 'career-site', startUrls: ['https://x.example'], selectors: { title: 'h1' } } },
      /source\.selectors\.description: is missing \(CSS selector of the job description/,
    ],
    [
      { source: { type: 'career-site', startUrls: ['https://x.example'], follow: ['('] } },
      /source\.follow\[0\]: must be a regular expression \(got "\(": /,
    ],
    [{ source: { type: 'monster' } }, /source\.type: must be one of: sample-board, career-site, greenhouse, .* \(got "monster"\)$/],
    [{ source: { type: 'hackernews' }, limits: { maxRetries: -1 } }, /limits\.maxRetries: must be an integer from 0 to 10 \(got -1\)/],
    [{ source: { type: 'sample-board' }, schedule: '61 * * * *' }, /schedule: must be a cron expression/],
    [{ id: 'Bad Id', source: { type: 'sample-board' } }, /id: must be lower-case letters, digits and dashes/],
  ])('rejects %j naming the file and field', (doc, message) => {
    expect(() => parseJob({ id: 'bad', ...doc }, 'jobs/bad.yaml')).toThrow(message);
    expect(() => parseJob({ id: 'bad', ...doc }, 'jobs/bad.yaml')).toThrow(/^job file jobs\/bad\.yaml: /);
  });
});
