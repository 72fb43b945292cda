import { parseJob } from '@skillpulse/ingest';
import type { JobState } from '@skillpulse/scheduler';
import type { CrawlRun } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { describeSchedule, jobsFromDir, queueDirOf, writeRunSummary } from '../../src/job-runner.js';
import { sink } from './io.js';

const job = (id: string, enabled = true) => parseJob({ id, source: { type: 'sample-board' }, enabled }, `/jobs/${id}.yaml`);
const state = (id: string, nextRun: string | null, running = false): JobState => ({ id, nextRun, running, runId: null });

describe('describeSchedule', () => {
  it('names each enabled job with its next start or running, and counts disabled and invalid files', () => {
    const scheduler = {
      states: () => ({
        states: [state('a', '2026-11-29T03:00:00.000Z'), state('b', null, true), state('c', null), state('d', null)],
        loaded: { jobs: [job('a'), job('b'), job('c'), job('d', false)], errors: [{ file: 'x.yaml', message: '', problems: [] }] },
      }),
    };
    expect(describeSchedule(scheduler)).toBe(
      'a next 2026-11-29 03:00Z, b running, c manual only; 1 disabled (1 job files invalid: skillpulse jobs validate)',
    );
  });

  it('says so when no job is enabled', () => {
    expect(describeSchedule({ states: () => ({ states: [], loaded: { jobs: [], errors: [] } }) })).toBe('no enabled jobs');
  });
});

describe('writeRunSummary', () => {
  const run = (status: CrawlRun['status'], errors: number): CrawlRun => ({
    id: 'r',
    job: 'acme',
    trigger: 'cli',
    startedAt: '2026-11-28T10:00:00.000Z',
    endedAt: '2026-11-28T10:00:10.000Z',
    status,
    pagesFetched: 3,
    postingsNew: 1,
    postingsUpdated: 0,
    postingsDuplicate: 0,
    postingsExpired: 0,
    errorCount: errors,
    errors: Array.from({ length: Math.min(errors, 10) }, (_, i) => ({ url: i === 1 ? '' : `https://x/${i}`, reason: `reason ${i}` })),
  });
  const lines = async (r: CrawlRun) => {
    const out = sink();
    writeRunSummary(r, out);
    await new Promise((resolve) => setImmediate(resolve));
    return out.text().split('\n').slice(1, -1);
  };

  it('lists up to five errors after the summary, then how many more and where to see them', async () => {
    expect(await lines(run('completed_with_errors', 7))).toEqual([
      '  https://x/0: reason 0',
      '  reason 1',
      '  https://x/2: reason 2',
      '  https://x/3: reason 3',
      '  https://x/4: reason 4',
      '  … 2 more: skillpulse export runs --job acme',
    ]);
  });

  it('leaves out the first error of a failed run: the summary gave it', async () => {
    expect(await lines(run('failed', 2))).toEqual(['  reason 1']);
  });

  it('leaves out the run-level reason of a run stopped by a store outage: the summary gave it', async () => {
    const stopped = {
      ...run('completed_with_errors', 2),
      errors: [
        { url: '', reason: '3 postings not stored' },
        { url: 'https://x/1', reason: 'r' },
      ],
    };
    expect(await lines(stopped)).toEqual(['  https://x/1: r']);
  });
});

describe('job files', () => {
  it('keeps a job queue per job under the data directory', () => {
    expect(queueDirOf('/data', 'acme')).toBe('/data/queues/acme');
  });

  it('lists the files of a directory as job summaries when no scheduler runs', async () => {
    const listed = await jobsFromDir(new URL('../../../../pipelines/jobs', import.meta.url).pathname).list();
    expect(listed.jobs.map((j) => j.id)).toContain('sample-board');
    expect(listed.jobs[0]).toMatchObject({ nextRun: null, running: false });
    expect(listed.jobs.every((j) => !j.file.includes('/'))).toBe(true);
  });
});
