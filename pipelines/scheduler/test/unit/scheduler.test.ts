import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@skillpulse/core';
import { type JobDefinition, type LoadedJobs, parseJob } from '@skillpulse/ingest';
import { type CrawlRun, openStore, type SkillStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, JobRunningError, type RunContext, Scheduler } from '../../src/index.js';

/** A clock moved by hand: timers fire only when `advance` passes them. */
class ManualClock implements Clock {
  private timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];
  constructor(public time: number) {}
  now() {
    return this.time;
  }
  setTimer(callback: () => void, ms: number) {
    const timer = { at: this.time + ms, callback, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
  /** The time the scheduler asked to be woken at next. */
  nextTimer(): number | undefined {
    return this.timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at)[0]?.at;
  }
  async advanceTo(time: number) {
    this.time = time;
    for (const timer of this.timers.filter((t) => !t.cancelled && t.at <= time)) {
      timer.cancelled = true;
      timer.callback();
    }
    // Let the tick the timer started run its awaits.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  }
}

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

function job(id: string, fields: Record<string, unknown>): JobDefinition {
  return parseJob({ id, source: { type: 'sample-board' }, ...fields }, `/jobs/${id}.yaml`);
}

interface Started extends RunContext {
  job: string;
  finish: (status?: CrawlRun['status']) => Promise<void>;
}

describe('Scheduler', () => {
  let dir: string;
  let store: SkillStore;
  let started: Started[];
  let jobs: LoadedJobs;

  /** A run that records itself in the store and ends when the test says so (or when aborted). */
  const runJob = (definition: JobDefinition, context: RunContext) =>
    new Promise<CrawlRun>((resolve) => {
      const run: CrawlRun = { ...blankRun(definition.id), id: context.runId, trigger: context.trigger };
      const finish = async (status: CrawlRun['status'] = 'succeeded') => {
        const ended = { ...run, status, endedAt: new Date().toISOString() };
        await store.saveRun(ended);
        resolve(ended);
      };
      context.signal.addEventListener('abort', () => void finish('interrupted'));
      void store.saveRun(run).then(() => started.push({ ...context, job: definition.id, finish }));
    });

  const scheduler = (clock: Clock, owner = 'test-a') =>
    new Scheduler({ store, logger: silent, loadJobs: () => jobs, runJob, clock, owner, lockTtlMs: 60_000, maxSleepMs: 86_400_000 });

  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillpulse-scheduler-'));
    store = await openStore({ kind: 'sqlite', dataDir: dir }, silent);
    started = [];
    jobs = { jobs: [], errors: [] };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a job at each cron time, once, and sleeps until the next one', async () => {
    jobs.jobs = [job('every-five', { schedule: '*/5 * * * *', catchUp: false })];
    const clock = new ManualClock(Date.parse('2026-03-02T10:02:00Z'));
    const s = scheduler(clock);
    await s.start();
    expect(started).toHaveLength(0);
    expect(clock.nextTimer()).toBe(Date.parse('2026-03-02T10:05:00Z'));
    expect(s.states().states[0]?.nextRun).toBe('2026-03-02T10:05:00.000Z');

    await clock.advanceTo(Date.parse('2026-03-02T10:04:59Z'));
    expect(started).toHaveLength(0);
    await clock.advanceTo(Date.parse('2026-03-02T10:05:00Z'));
    expect(started.map((r) => [r.job, r.trigger])).toEqual([['every-five', 'schedule']]);
    await started[0]?.finish();
    await settle();
    await clock.advanceTo(Date.parse('2026-03-02T10:07:00Z'));
    expect(started).toHaveLength(1);
    await clock.advanceTo(Date.parse('2026-03-02T10:10:00Z'));
    expect(started).toHaveLength(2);
    await s.stop();
  });

  it("reads the schedule in the job's time zone", async () => {
    jobs.jobs = [job('berlin', { schedule: '0 9 * * *', timezone: 'Europe/Berlin', catchUp: false })];
    const clock = new ManualClock(Date.parse('2026-01-15T07:00:00Z'));
    const s = scheduler(clock);
    await s.start();
    // 09:00 in Berlin in January is 08:00 UTC; in July (summer time) 07:00 UTC.
    expect(clock.nextTimer()).toBe(Date.parse('2026-01-15T08:00:00Z'));
    await s.stop();
    jobs.jobs = [job('berlin', { schedule: '0 9 * * *', timezone: 'Europe/Berlin', catchUp: false })];
    const summer = new ManualClock(Date.parse('2026-07-15T06:00:00Z'));
    const t = scheduler(summer);
    await t.start();
    expect(summer.nextTimer()).toBe(Date.parse('2026-07-15T07:00:00Z'));
    await t.stop();
  });

  it('skips a start while the previous run of the job is still going', async () => {
    jobs.jobs = [job('slow', { schedule: '* * * * *', catchUp: false })];
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:30Z'));
    const s = scheduler(clock);
    await s.start();
    await clock.advanceTo(Date.parse('2026-03-02T10:01:00Z'));
    await clock.advanceTo(Date.parse('2026-03-02T10:02:00Z'));
    expect(started).toHaveLength(1);
    await expect(s.runNow('slow')).rejects.toBeInstanceOf(JobRunningError);
    await started[0]?.finish();
    await settle();
    await clock.advanceTo(Date.parse('2026-03-02T10:03:00Z'));
    expect(started).toHaveLength(2);
    await s.stop();
  });

  it('catches up on start when the last run is older than one period, and not otherwise', async () => {
    jobs.jobs = [
      job('daily-missed', { schedule: '0 3 * * *' }),
      job('daily-recent', { schedule: '0 3 * * *' }),
      job('daily-never', { schedule: '0 3 * * *' }),
      job('daily-off', { schedule: '0 3 * * *', catchUp: false }),
      job('manual-only', {}),
    ];
    const now = Date.now();
    const old = { startedAt: new Date(now - 30 * 3_600_000).toISOString(), status: 'succeeded' as const };
    const recent = { startedAt: new Date(now - 2 * 3_600_000).toISOString(), status: 'succeeded' as const };
    for (const [id, when] of [
      ['daily-missed', old],
      ['daily-recent', recent],
      ['daily-off', old],
      ['manual-only', old],
    ] as const) {
      await store.saveRun({ ...blankRun(id), ...when, endedAt: when.startedAt });
    }
    const s = scheduler(new ManualClock(now));
    await s.start();
    await settle();
    expect(started.map((r) => [r.job, r.trigger]).sort()).toEqual([
      ['daily-missed', 'catch-up'],
      ['daily-never', 'catch-up'],
    ]);
    await s.stop();
  });

  it('resumes a run left "running" by a process that died, and records that run as interrupted', async () => {
    jobs.jobs = [job('crashed', { schedule: '0 3 * * *', catchUp: false })];
    await store.saveRun({ ...blankRun('crashed'), id: 'dead-run', startedAt: new Date().toISOString() });
    const s = scheduler(new ManualClock(Date.now()));
    await s.start();
    await settle();
    expect(started.map((r) => r.trigger)).toEqual(['catch-up']);
    const dead = (await store.listRuns('crashed', 10)).find((r) => r.id === 'dead-run');
    expect(dead?.status).toBe('interrupted');
    expect(dead?.errors.at(-1)?.reason).toMatch(/stopped without recording an end/);
    await s.stop();
  });

  it('runs a job once when two schedulers share the store, and the other takes over after the lock expires', async () => {
    jobs.jobs = [job('shared', { schedule: '*/10 * * * *', catchUp: false })];
    const clock = new ManualClock(Date.parse('2026-03-02T09:59:00Z'));
    const a = scheduler(clock, 'owner-a');
    const b = scheduler(clock, 'owner-b');
    await a.start();
    await b.start();
    await clock.advanceTo(Date.parse('2026-03-02T10:00:00Z'));
    expect(started).toHaveLength(1);
    await expect(b.runNow('shared')).rejects.toBeInstanceOf(JobRunningError);
    await started[0]?.finish();
    await settle();
    // Released at the end of the run: the other scheduler can run it now.
    await b.runNow('shared');
    await settle();
    expect(started).toHaveLength(2);
    await a.stop();
    await b.stop();
  });

  it('takes over a scheduled run another process took and then died in, once its lock expires', async () => {
    jobs.jobs = [job('stranded', { schedule: '0 10 * * *', catchUp: false })];
    const clock = new ManualClock(Date.parse('2026-03-02T09:59:00Z'));
    const s = scheduler(clock);
    await s.start();
    // Another process took the 10:00 start (its lock lives 1.5 s: it will not renew it) and died.
    expect(await store.acquireLock('job:stranded', 'dead-process', 1500)).toBe(true);
    await store.saveRun({ ...blankRun('stranded'), id: 'dead-run', trigger: 'schedule', startedAt: new Date().toISOString() });
    await clock.advanceTo(Date.parse('2026-03-02T10:00:00Z'));
    expect(started).toHaveLength(0);
    // Half a TTL later the lock is still held: nothing starts, it looks again later.
    await clock.advanceTo(Date.parse('2026-03-02T10:00:30Z'));
    expect(started).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await clock.advanceTo(Date.parse('2026-03-02T10:01:00Z'));
    expect(started.map((r) => [r.job, r.trigger])).toEqual([['stranded', 'schedule']]);
    const dead = (await store.listRuns('stranded', 10)).find((r) => r.id === 'dead-run');
    expect(dead?.status).toBe('interrupted');
    await started[0]?.finish();
    await settle();
    // A finished run is not watched any more.
    await clock.advanceTo(Date.parse('2026-03-02T10:05:00Z'));
    expect(started).toHaveLength(1);
    await s.stop();
  });

  it('stop() aborts runs in progress, which record themselves as interrupted, and starts nothing more', async () => {
    jobs.jobs = [job('long', { schedule: '* * * * *', catchUp: false })];
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:30Z'));
    const s = scheduler(clock);
    await s.start();
    await clock.advanceTo(Date.parse('2026-03-02T10:01:00Z'));
    expect(started).toHaveLength(1);
    expect(await s.stop(5000)).toBe(true);
    expect(started[0]?.signal.aborted).toBe(true);
    expect((await store.listRuns('long', 1))[0]?.status).toBe('interrupted');
    await clock.advanceTo(Date.parse('2026-03-02T10:05:00Z'));
    expect(started).toHaveLength(1);
    // The lock was released: a new process can run the job at once.
    expect(await store.acquireLock('job:long', 'someone-else', 1000)).toBe(true);
  });

  it('runNow names an unknown job', async () => {
    jobs.jobs = [job('known', {})];
    const s = scheduler(new ManualClock(Date.now()));
    await expect(s.runNow('nope')).rejects.toThrow(/no job "nope"/);
  });
});

function blankRun(jobId: string): CrawlRun {
  return {
    id: `${jobId}-previous`,
    job: jobId,
    trigger: 'schedule',
    startedAt: new Date().toISOString(),
    endedAt: null,
    status: 'running',
    pagesFetched: 0,
    postingsNew: 0,
    postingsUpdated: 0,
    postingsDuplicate: 0,
    postingsExpired: 0,
    errorCount: 0,
    errors: [],
  };
}
