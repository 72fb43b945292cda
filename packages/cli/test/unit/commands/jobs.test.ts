import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadedJobs, loadJobsDir, parseJob } from '@skillpulse/ingest';
import type { CrawlRun } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { findJob, jobs, jobsJson, jobsTable } from '../../../src/commands/jobs.js';
import { UsageError } from '../../../src/usage.js';
import { testIo } from '../io.js';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const nightly = parseJob({ id: 'nightly', source: { type: 'sample-board' }, schedule: '0 3 * * *' }, '/srv/jobs/nightly.yaml');
const manual = parseJob({ id: 'by-hand', source: { type: 'sample-board' }, schedule: null, enabled: false }, '/srv/jobs/by-hand.yaml');
const run: CrawlRun = {
  id: 'r1',
  job: 'nightly',
  trigger: 'manual',
  startedAt: '2026-11-27T03:00:05.000Z',
  endedAt: '2026-11-27T03:01:10.500Z',
  status: 'succeeded',
  pagesFetched: 10,
  postingsNew: 7,
  postingsUpdated: 0,
  postingsDuplicate: 0,
  postingsExpired: 0,
  errorCount: 0,
  errors: [],
};
const loaded: LoadedJobs = {
  jobs: [nightly, manual],
  errors: [
    {
      file: '/srv/jobs/broken.yaml',
      message: 'job file /srv/jobs/broken.yaml: source: missing',
      problems: ['job file /srv/jobs/broken.yaml: source: missing'],
    },
  ],
};

describe('jobs list', () => {
  it('tables each job with its schedule, next start and last run', () => {
    expect(jobsTable(loaded.jobs, [run, undefined], NOW).split('\n')).toEqual([
      'ID       SOURCE        ENABLED  SCHEDULE         NEXT RUN           LAST RUN',
      'nightly  sample-board  yes      0 3 * * * (UTC)  2026-11-29 03:00Z  succeeded 2026-11-27 03:00Z, 7 new, 0 errors',
      'by-hand  sample-board  no       manual           -                  never',
      '',
    ]);
  });

  it('writes the API job summary as JSON, files relative to the jobs directory', () => {
    const body = JSON.parse(jsonOf());
    expect(body.jobs[0]).toEqual({
      id: 'nightly',
      description: nightly.description,
      source: 'sample-board',
      enabled: true,
      schedule: '0 3 * * *',
      timezone: 'UTC',
      file: 'nightly.yaml',
      nextRun: '2026-11-29T03:00:00.000Z',
      running: false,
      lastRun: { ...run, durationSeconds: 65.5 },
    });
    expect(body.jobs[1]).toMatchObject({ id: 'by-hand', nextRun: null, lastRun: null });
    expect(body.errors).toEqual([
      { file: 'broken.yaml', message: 'job file broken.yaml: source: missing', problems: ['job file broken.yaml: source: missing'] },
    ]);
  });
  const jsonOf = () => jobsJson(loaded, [run, undefined], NOW);
});

describe('jobs run ID', () => {
  it('finds the job, or names the broken file of that name, or lists the known ids', () => {
    expect(findJob(loaded, 'nightly', '/srv/jobs')).toBe(nightly);
    expect(() => findJob(loaded, 'broken', '/srv/jobs')).toThrow('job file /srv/jobs/broken.yaml: source: missing');
    expect(() => findJob(loaded, 'nope', '/srv/jobs')).toThrow(new UsageError('run: no job "nope" in /srv/jobs (known: nightly, by-hand)'));
  });
});

describe('jobs arguments', () => {
  const jobsDir = mkdtempSync(join(tmpdir(), 'skillpulse-cli-jobs-'));
  writeFileSync(join(jobsDir, 'nightly.yaml'), 'id: nightly\nsource:\n  type: sample-board\n');
  it.each([
    [[], 'missing action (list, validate or run)'],
    [['lsit'], 'unknown action "lsit" (list, validate or run)'],
    [['validate', 'x'], 'unexpected argument "x"'],
    [['run'], 'run: give the id of the job to run (skillpulse jobs list shows them)'],
    [['run', 'nightly', 'x'], 'unexpected argument "x"'],
    [['list', 'x'], 'unexpected argument "x"'],
    [['list', '--format', 'xml'], '--format must be one of: table, json (got "xml")'],
  ])('%j is bad usage: %s', async (args, message) => {
    const { io } = testIo({ SKILLPULSE_JOBS_DIR: jobsDir });
    await expect(jobs.run(args, io)).rejects.toThrow(new UsageError(message));
  });

  it('validate prints each good file and exits 0 when all load', async () => {
    const { io, stdout, flush } = testIo({ SKILLPULSE_JOBS_DIR: jobsDir });
    expect(await jobs.run(['validate'], io)).toBe(0);
    await flush();
    expect(stdout.text()).toBe(`ok: ${join(jobsDir, 'nightly.yaml')} (nightly)\n`);
    expect(loadJobsDir(jobsDir).errors).toEqual([]);
  });
});
