import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrawlRun, ElasticsearchStore } from '@skillpulse/store';
import { afterAll, describe, expect, it } from 'vitest';
import { ES_AVAILABLE, ES_MISSING_MESSAGE, ES_URL, openTestElasticsearch, REQUIRE_ES } from '../support/elasticsearch.js';
import { type GatedBoards, startGatedBoards } from './scheduler-fleet-boards.js';

/**
 * Many crawlers (docs/scheduling.md, "Several schedulers, one Elasticsearch"): three
 * `skillpulse scheduler` processes, each with its own data directory as on separate machines,
 * share one Elasticsearch and the same twelve job files. One is killed with SIGKILL while it holds
 * a job's lock partway through a crawl; the others take its jobs over once the lock expires.
 */

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const JOBS = 12;
const BOARD_SIZE = 6; // one listing page and 6 posting pages per board
/** Posting pages each board serves at once; the others wait for the gate. */
const OPEN_POSTINGS = 2;
const LOCK_TTL_SECONDS = 30;
const LEFT_OVER = /stopped without recording an end/;

interface Child {
  index: number;
  process: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: Child[] = [];
let boards: GatedBoards | undefined;
const dirs: string[] = [];
let store: ElasticsearchStore | undefined;

afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await boards?.close();
  await store?.destroy();
  await store?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `skillpulse-fleet-${name}-`));
  dirs.push(dir);
  return dir;
};

function startScheduler(index: number, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [BIN, 'scheduler'], {
    env: { PATH: process.env.PATH ?? '', SKILLPULSE_LOG_LEVEL: 'info', SKILLPULSE_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  const handle: Child = {
    index,
    process: child,
    stderr: () => stderr,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  children.push(handle);
  return handle;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Run ids each process logged as started (JSON log lines on stderr). */
function startedRuns(child: Child): Set<string> {
  const ids = new Set<string>();
  for (const line of child.stderr().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; run?: string };
    if (entry.msg === 'run started' && entry.run) ids.add(entry.run);
  }
  return ids;
}

/** The job locks as stored (a realtime get, so no refresh lag): owner and expiry per job id. */
async function locks(prefix: string, jobIds: string[]): Promise<Map<string, { owner: string; expiresAt: number }>> {
  const response = await fetch(`${ES_URL}/${prefix}-meta/_mget`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids: jobIds.map((id) => `lock:job:${id}`) }),
  });
  const body = (await response.json()) as { docs: Array<{ found: boolean; _source?: { owner: string; expiresAt: number } }> };
  const held = new Map<string, { owner: string; expiresAt: number }>();
  body.docs.forEach((doc, i) => {
    if (doc.found && doc._source) held.set(jobIds[i] as string, doc._source);
  });
  return held;
}

/** On failure: every process's log in a folder kept for reading, and the runs as stored. */
async function keepLogs(prefix: string, error: unknown): Promise<never> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-logs-`));
  for (const child of children) writeFileSync(join(dir, `scheduler-${child.index}-pid-${child.process.pid}.log`), child.stderr());
  const runs = (await store?.listRuns(undefined, 200)) ?? [];
  const table = runs.map((r) => `${r.job} ${r.status} ${r.startedAt} → ${r.endedAt} pages ${r.pagesFetched} new ${r.postingsNew} ${r.id}`);
  writeFileSync(join(dir, 'runs.txt'), `${table.sort().join('\n')}\n`);
  console.log(`scheduler logs and runs kept in ${dir}`);
  throw error;
}

const jobId = (i: number) => `fleet-${String(i + 1).padStart(2, '0')}`;

/** A career-site job crawling one board on loopback, scheduled once a year (so only the catch-up at start runs). */
function writeJob(jobsDir: string, id: string, url: string): void {
  const origin = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const job = {
    id,
    schedule: '0 0 1 1 *',
    source: { type: 'career-site', name: id, startUrls: [`${url}/jobs`], follow: [`^${origin}/jobs(\\?page=\\d+|/[a-z0-9-]+)$`] },
    // Pages held at the gate must not time out.
    limits: { maxRequestsPerMinute: 6000, maxConcurrency: 2, requestTimeoutSecs: 300 },
    options: { allowPrivateNetwork: true, respectRobotsTxt: false },
  };
  // JSON is YAML.
  writeFileSync(join(jobsDir, `${id}.yaml`), `${JSON.stringify(job, null, 2)}\n`);
}

const check = ES_AVAILABLE || REQUIRE_ES ? it : it.skip;

describe('three schedulers sharing one Elasticsearch', () => {
  check(
    'split twelve jobs, each run once; a kill -9 mid-crawl is taken over after the lock expires, no posting lost or doubled',
    async () => {
      if (!ES_AVAILABLE) throw new Error(ES_MISSING_MESSAGE);
      const prefix = `sp-fleet-${randomBytes(4).toString('hex')}`;
      // The indices exist before the three processes start (the first start of a store creates them).
      store = await openTestElasticsearch(prefix);
      await fleetScenario(prefix).catch((error) => keepLogs(prefix, error));
    },
    600_000,
  );
});

/** The test's body: three schedulers, twelve jobs, one kill -9, then the checks. */
async function fleetScenario(prefix: string): Promise<void> {
  const startedAt = Date.now();
  const jobsDir = tempDir('jobs');
  const ids = Array.from({ length: JOBS }, (_, i) => jobId(i));
  boards = await startGatedBoards(JOBS, BOARD_SIZE, OPEN_POSTINGS);
  const gated = boards;
  for (const [i, id] of ids.entries()) writeJob(jobsDir, id, gated.urls[i] as string);
  const env = (name: string) => ({
    SKILLPULSE_STORE: 'elasticsearch',
    SKILLPULSE_ES_URL: ES_URL,
    SKILLPULSE_ES_INDEX_PREFIX: prefix,
    SKILLPULSE_JOBS_DIR: jobsDir,
    // One data directory (request queues) per process, as on separate machines.
    SKILLPULSE_DATA_DIR: tempDir(name),
    SKILLPULSE_JOB_LOCK_TTL_SECONDS: String(LOCK_TTL_SECONDS),
    SKILLPULSE_EXTRACT_WORKERS: '1',
  });
  const fleet = [0, 1, 2].map((i) => startScheduler(i, env(`machine-${i}`)));
  const s = store as ElasticsearchStore;
  const runsOf = async (id: string) => (await s.listRuns(id, 20)).sort((a, b) => a.startedAt.localeCompare(b.startedAt));

  // A job partway through its crawl: postings stored, the rest held at the gate.
  const victimJob = await waitFor(
    'a run partway through its crawl',
    async () => {
      const dead = fleet.find((c) => c.process.exitCode !== null);
      if (dead) throw new Error(`scheduler ${dead.index} exited early (${dead.process.exitCode}): ${dead.stderr().slice(-2000)}`);
      const running = (await s.listRuns(undefined, 100)).filter((r) => r.status === 'running');
      return running.find((r) => r.postingsNew >= 1)?.job;
    },
    240_000,
  );
  const owner = (await locks(prefix, [victimJob])).get(victimJob)?.owner ?? '';
  const victim = fleet.find((c) => owner.split(':').at(-2) === String(c.process.pid));
  expect(victim, `the lock of ${victimJob} (owner "${owner}") belongs to one of the schedulers`).toBeDefined();
  const killed = victim as Child;
  killed.process.kill('SIGKILL');
  const killedAt = Date.now();
  await killed.exited;
  gated.open();
  // Every job whose lock the dead process still holds, with the expiry it left.
  const held = await locks(prefix, ids);
  const orphaned = new Map([...held].filter(([, lock]) => lock.owner === owner).map(([id, lock]) => [id, lock.expiresAt]));
  expect(orphaned.has(victimJob)).toBe(true);
  const startSplit = fleet.map((c) => startedRuns(c).size);
  const victimRuns = await runsOf(victimJob);
  expect(victimRuns.at(-1)).toMatchObject({ status: 'running' });
  expect(victimRuns.at(-1)?.postingsNew).toBeLessThan(BOARD_SIZE);

  // Every job ends with a finished run, the orphaned ones after a takeover.
  await waitFor(
    'every job to finish',
    async () => {
      for (const id of ids) {
        const runs = await runsOf(id);
        if (runs.length === 0 || runs.some((r) => r.status === 'running' || r.endedAt === null)) return false;
        if (orphaned.has(id) && runs.at(-1)?.status === 'interrupted') return false;
      }
      return true;
    },
    240_000,
  );
  const survivors = fleet.filter((c) => c !== killed);
  for (const child of survivors) child.process.kill('SIGTERM');
  for (const child of survivors) expect((await child.exited).code, child.stderr()).toBe(0);

  const ranBy = (run: CrawlRun) => fleet.find((c) => startedRuns(c).has(run.id))?.index;
  const split = new Map<number, string[]>();
  for (const id of ids) {
    const runs = await runsOf(id);
    const last = runs.at(-1) as CrawlRun;
    // Once per start: one run, or the killed run (recorded interrupted by the taker) then the takeover.
    expect(last.status, `${id}: ${JSON.stringify(last.errors)}`).toBe('succeeded');
    expect(last.trigger).toBe('catch-up');
    const earlier = runs.slice(0, -1);
    if (orphaned.has(id)) {
      expect(earlier.length, `${id} runs`).toBeLessThanOrEqual(1);
      for (const run of earlier) {
        expect(run.status).toBe('interrupted');
        expect(run.errors.at(-1)?.reason).toMatch(LEFT_OVER);
        expect(ranBy(run)).toBe(killed.index);
      }
      // Taken over by a living process, not before the dead process's lock expired.
      expect(ranBy(last), `${id} taken over by a survivor`).not.toBe(killed.index);
      expect(ranBy(last)).toBeDefined();
      expect(Date.parse(last.startedAt), `${id} taken over after its lock expired`).toBeGreaterThanOrEqual(orphaned.get(id) as number);
    } else {
      expect(earlier, `${id}: one run`).toEqual([]);
    }
    const index = ranBy(last) as number;
    split.set(index, [...(split.get(index) ?? []), id]);
  }
  expect(await runsOf(victimJob)).toHaveLength(2);

  // The postings are the union of the boards', each once.
  const stored = new Map<string, Set<string>>();
  const allIds: string[] = [];
  for await (const posting of s.iteratePostings()) {
    allIds.push(posting.id);
    stored.set(posting.source, (stored.get(posting.source) ?? new Set()).add(posting.url));
  }
  expect(new Set(allIds).size).toBe(allIds.length);
  expect(allIds).toHaveLength(JOBS * BOARD_SIZE);
  ids.forEach((id, i) => {
    expect([...(stored.get(id) ?? [])].sort(), `${id} postings`).toEqual([...(gated.postingUrls[i] as string[])].sort());
  });

  const took = (at: number) => ((at - startedAt) / 1000).toFixed(1);
  console.log(
    `runs started per scheduler before the kill: ${startSplit.join('/')}; ` +
      `killed scheduler ${killed.index} at ${took(killedAt)} s holding ${[...orphaned.keys()].join(', ')}; ` +
      `final runs by scheduler: ${[...split].map(([i, jobs]) => `${i}: ${jobs.length}`).join(', ')}; total ${took(Date.now())} s`,
  );
}
