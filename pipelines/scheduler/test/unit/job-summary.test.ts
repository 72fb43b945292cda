import { parseJob } from '@skillpulse/ingest';
import type { CrawlRun } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { jobFileError, jobSummary } from '../../src/index.js';

const job = parseJob(
  { id: 'acme', description: 'Acme board', source: { type: 'sample-board' }, schedule: '0 3 * * *' },
  '/srv/jobs/acme.yaml',
);
const run = (status: CrawlRun['status'], endedAt: string | null) =>
  ({ id: 'r', job: 'acme', status, startedAt: '2026-11-28T03:00:00.000Z', endedAt }) as CrawlRun;

describe('jobSummary', () => {
  it('gives the fields of GET /api/jobs, the file relative to the jobs directory', () => {
    expect(jobSummary(job, { nextRun: '2026-11-29T03:00:00.000Z', running: true })).toEqual({
      id: 'acme',
      description: 'Acme board',
      source: 'sample-board',
      enabled: true,
      schedule: '0 3 * * *',
      timezone: 'UTC',
      file: 'acme.yaml',
      nextRun: '2026-11-29T03:00:00.000Z',
      running: true,
    });
    expect(jobSummary(job)).toMatchObject({ nextRun: null, running: false });
    expect('lastRun' in jobSummary(job)).toBe(false);
  });

  it('adds the last run with its duration when asked, null when the job never ran', () => {
    expect(jobSummary(job, { lastRun: run('succeeded', '2026-11-28T03:01:02.340Z') }).lastRun).toMatchObject({
      id: 'r',
      durationSeconds: 62.3,
    });
    expect(jobSummary(job, { lastRun: undefined }).lastRun).toBeNull();
  });

  it('counts a run still recorded as running (in another process) as running', () => {
    expect(jobSummary(job, { lastRun: run('running', null) })).toMatchObject({ running: true, lastRun: { durationSeconds: null } });
  });
});

describe('jobFileError', () => {
  it('takes the jobs directory out of the file and every sentence', () => {
    expect(
      jobFileError({
        file: '/srv/jobs/bad.yaml',
        message: 'job file /srv/jobs/bad.yaml: a\njob file /srv/jobs/bad.yaml: b',
        problems: ['job file /srv/jobs/bad.yaml: a', 'job file /srv/jobs/bad.yaml: b'],
      }),
    ).toEqual({
      file: 'bad.yaml',
      message: 'job file bad.yaml: a\njob file bad.yaml: b',
      problems: ['job file bad.yaml: a', 'job file bad.yaml: b'],
    });
  });
});
