import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ElasticsearchStore,
  type Interval,
  type PostingFilter,
  type PostingInput,
  type SkillStore,
  SqliteStore,
  type StoredPosting,
} from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL } from '../support/elasticsearch.js';

/**
 * Elasticsearch reports from per-day rollups (docs/decisions/0009-elasticsearch-rollups.md) must
 * give what aggregating the postings gives, and what SQLite gives, after any sequence of writes.
 */

type RollupOptions = {
  reads?: boolean;
  graceMs?: number;
  skipRecompute?: boolean;
  beforeRollupWrite?: (days: readonly string[]) => Promise<void>;
};
const open = (indexPrefix: string, rollups: RollupOptions = {}) =>
  ElasticsearchStore.open({ url: ES_URL, indexPrefix, shards: 1, replicas: 0, rollups } as Parameters<typeof ElasticsearchStore.open>[0]);

const opened: ElasticsearchStore[] = [];
const prefixes = new Set<string>();
async function openTracked(prefix: string, rollups: RollupOptions = {}): Promise<ElasticsearchStore> {
  const store = await open(prefix, rollups);
  opened.push(store);
  prefixes.add(prefix);
  return store;
}
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close().catch(() => undefined);
  for (const prefix of prefixes) {
    const store = await open(prefix, { skipRecompute: true });
    await store.destroy();
    await store.close();
  }
  prefixes.clear();
});

const newPrefix = () => `sp-test-rollups-${randomBytes(4).toString('hex')}`;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKILLS = ['python', 'java', 'rust', 'go', 'sql', 'react', 'docker', 'kafka', 'c++', 'node.js'];
const day = (n: number) => new Date(Date.UTC(2024, 10, 1) + n * 86_400_000).toISOString().slice(0, 10);
const INTERVALS: Interval[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Every rollup answer the store gives, for a set of windows. */
async function answers(store: SkillStore, windows: PostingFilter[]) {
  const out: unknown[] = [];
  for (const window of windows) {
    out.push(await store.countPostings(window));
    for (const limit of [1, 3, 20]) out.push(await store.skillCounts(window, limit));
    out.push(await store.skillCounts({ ...window, skillIds: ['rust', 'kafka', 'rust', 'unknown', 'c++'] }, 5));
    out.push(await store.skillCounts({ ...window, skillIds: [] }, 5));
    for (const interval of INTERVALS) {
      out.push(await store.periodTotals(window, interval));
      out.push(await store.trendCounts(window, interval, ['sql', 'go', 'unknown', 'go', 'node.js']));
      out.push(await store.trendCounts(window, interval, []));
    }
  }
  return out;
}

function randomWindows(random: () => number, n: number): PostingFilter[] {
  const windows: PostingFilter[] = [{}, { from: day(-400), to: day(-300) }, { from: day(50), to: day(10) }];
  for (let i = 0; i < n; i++) {
    const a = Math.floor(random() * 140) - 10;
    windows.push(random() < 0.2 ? { from: day(a) } : { from: day(a), to: day(a + Math.floor(random() * 100)) });
  }
  return windows;
}

describe.skipIf(!ES_AVAILABLE)('Elasticsearch rollups', () => {
  it('answer like the postings scan and like SQLite after random writes, moves, duplicates, expiry and a re-index', async () => {
    const seed = Number(process.env.SKILLPULSE_TEST_SEED) || Math.floor(Math.random() * 2 ** 31);
    console.log(`store-rollups-es random seed: ${seed} (rerun with SKILLPULSE_TEST_SEED=${seed})`);
    const random = seeded(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const prefix = newPrefix();
    const es = await openTracked(prefix);
    const scan = await openTracked(prefix, { reads: false });
    const sqlite = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-rollups-')), 'test.db') });
    const stores: SkillStore[] = [es, sqlite];
    const current = new Map<string, PostingInput>();
    const make = (id: string, version: number): PostingInput => {
      const others = [...current.keys()].filter((other) => other !== id && current.get(other)?.canonicalId === null);
      return fixturePosting({
        id,
        datePosted: day(Math.floor(random() * 120)),
        contentHash: `h-${id}-${version}`,
        skills: SKILLS.filter(() => random() < 0.3).map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
        canonicalId: others.length > 0 && random() < 0.15 ? pick(others) : null,
      });
    };
    let next = 0;
    let version = 0;
    for (let round = 0; round < 6; round++) {
      const batch: PostingInput[] = [];
      for (let i = 0; i < 40; i++) batch.push(make(`p${next++}`, 0));
      // Updates of stored postings: new dates (moves), new skills; a posting twice in one batch.
      for (const id of [...current.keys()].filter(() => random() < 0.15)) batch.push(make(id, ++version));
      if (batch.length > 1) batch.push({ ...(batch[0] as PostingInput), contentHash: `h-again-${++version}` });
      for (const store of stores) await store.upsertPostings(batch);
      for (const posting of batch) current.set(posting.id, posting);
      // Near-duplicate re-assignments, and links back to unique.
      const links = [...current.keys()]
        .filter(() => random() < 0.1)
        .map((id) => {
          const targets = [...current.keys()].filter((other) => other !== id);
          return { id, canonicalId: random() < 0.5 ? null : pick(targets) };
        });
      for (const store of stores) await store.setCanonical(links);
      for (const link of links) current.set(link.id, { ...(current.get(link.id) as PostingInput), canonicalId: link.canonicalId });
      const gone = [...current.keys()].filter(() => random() < 0.05);
      for (const store of stores) await store.markExpired(gone);
    }
    const windows = randomWindows(random, 12);
    const expected = await answers(sqlite, windows);
    // The rollups are there (one document per day and per month) and answer the date-only reports.
    await es.countPostings({});
    const kinds = await fetch(`${ES_URL}/${prefix}-rollups/_search?size=0&filter_path=aggregations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aggs: { kinds: { terms: { field: 'kind' } } } }),
    });
    const buckets = ((await kinds.json()) as { aggregations: { kinds: { buckets: Array<{ key: string }> } } }).aggregations.kinds.buckets;
    expect(buckets.map((b) => b.key).sort()).toEqual(['day', 'month']);
    expect(await answers(es, windows)).toEqual(expected);
    expect(await answers(scan, windows)).toEqual(expected);

    // A re-extraction that changes skills: every day's skill counts move.
    const rewrite = {
      isCurrent: (p: StoredPosting) => p.extractorVersion === 'e2',
      rewrite: (postings: StoredPosting[]) =>
        postings.map((p) => ({
          ...p,
          extractorVersion: 'e2',
          skills: [
            ...p.skills.filter((s) => s.skillId !== 'python'),
            ...(p.id.length % 2 ? [{ skillId: 'scala', level: 'required' as const, count: 1 }] : []),
          ],
        })),
    };
    for (const store of stores) await store.rewritePostings(rewrite);
    const after = await answers(sqlite, windows);
    expect(after).not.toEqual(expected);
    expect(await answers(es, windows)).toEqual(after);
    expect(await answers(scan, windows)).toEqual(after);
    await sqlite.close();
  }, 300_000);

  it('converge when two stores on the same indices write overlapping days at once', async () => {
    const prefix = newPrefix();
    const first = await openTracked(prefix);
    const second = await openTracked(prefix);
    const random = seeded(11);
    const write = async (store: ElasticsearchStore, name: string) => {
      for (let round = 0; round < 8; round++) {
        const batch = Array.from({ length: 25 }, (_, i) =>
          fixturePosting({
            // Both stores rewrite some of the same postings, on the same few days.
            id: `${random() < 0.3 ? 'shared' : name}-${i}`,
            datePosted: day(Math.floor(random() * 6)),
            contentHash: `${name}-${round}-${i}`,
            skills: SKILLS.filter(() => random() < 0.4).map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
          }),
        );
        await store.upsertPostings(batch);
        await store.setCanonical([{ id: `${name}-${round}`, canonicalId: random() < 0.5 ? `shared-${round}` : null }]);
      }
    };
    await Promise.all([write(first, 'a'), write(second, 'b')]);
    await first.close();
    await second.close();
    const reader = await openTracked(prefix);
    const scan = await openTracked(prefix, { reads: false });
    const windows = randomWindows(seeded(3), 6);
    expect(await answers(reader, windows)).toEqual(await answers(scan, windows));
  }, 120_000);

  it('keep the newer of two recomputes of a day: the stale one meets a version conflict and runs again', async () => {
    const prefix = newPrefix();
    const other = await openTracked(prefix);
    let interleaved = false;
    const first = await openTracked(prefix, {
      beforeRollupWrite: async (days) => {
        if (interleaved || !days.includes('2025-01-10')) return;
        interleaved = true;
        // Between this recompute's read of the postings and its write, another process writes the
        // same day and finishes its own recompute.
        await other.upsertPostings([fixturePosting({ id: 'b', datePosted: '2025-01-10' })]);
      },
    });
    await first.upsertPostings([fixturePosting({ id: 'a', datePosted: '2025-01-10' })]);
    expect(interleaved).toBe(true);
    expect(await first.countPostings({})).toBe(2);
    expect(await other.countPostings({ from: '2025-01-01', to: '2025-01-31' })).toBe(2);
    expect(await other.skillCounts({})).toEqual([
      { skillId: 'postgresql', postings: 2 },
      { skillId: 'python', postings: 2 },
    ]);
  }, 60_000);

  it('repair the days a writer left pending when it stopped between postings and rollups', async () => {
    const prefix = newPrefix();
    const ok = await openTracked(prefix);
    await ok.upsertPostings([fixturePosting({ id: 'kept', datePosted: '2025-01-10' })]);
    await ok.close();
    // What a crash leaves: markers and postings written, no recompute.
    const crashed = await openTracked(prefix, { skipRecompute: true });
    await crashed.upsertPostings([
      fixturePosting({ id: 'lost-1', datePosted: '2025-01-10', skills: [{ skillId: 'go', level: 'required', count: 1 }] }),
      fixturePosting({ id: 'lost-2', datePosted: '2025-01-12' }),
      fixturePosting({ id: 'kept', datePosted: '2025-02-01', contentHash: 'moved' }),
    ]);
    await crashed.close();
    const scan = await openTracked(prefix, { reads: false });
    // The crashed writer never refreshed: make its postings visible to the scan.
    await fetch(`${ES_URL}/${prefix}-postings/_refresh`, { method: 'POST' });
    const windows = [{}, { from: '2025-01-01', to: '2025-01-31' }];
    const truth = await answers(scan, windows);
    expect(await scan.countPostings({})).toBe(3);
    // Within the grace period the markers may be a live writer's: left alone, the rollups lag.
    const early = await openTracked(prefix, { graceMs: 3_600_000 });
    expect(await early.countPostings({})).toBe(1);
    expect(await answers(early, windows)).not.toEqual(truth);
    // Past it, opening the store recomputes the marked days.
    const reopened = await openTracked(prefix, { graceMs: 0 });
    expect(await answers(reopened, windows)).toEqual(truth);
    expect(await reopened.skillCounts({ from: '2025-01-10', to: '2025-01-10' })).toEqual([{ skillId: 'go', postings: 1 }]);
  }, 120_000);

  it('are built from the postings when a store that has postings gets them for the first time', async () => {
    const prefix = newPrefix();
    const store = await openTracked(prefix);
    await store.upsertPostings([fixturePosting({ id: 'a' }), fixturePosting({ id: 'b', datePosted: '2025-03-01' })]);
    await store.close();
    const response = await fetch(`${ES_URL}/${prefix}-rollups`, { method: 'DELETE' });
    expect(response.ok).toBe(true);
    const reopened = await openTracked(prefix);
    expect(await reopened.countPostings({})).toBe(2);
    expect(await reopened.periodTotals({}, 'month')).toEqual([
      { period: '2025-01-01', postings: 1 },
      { period: '2025-03-01', postings: 1 },
    ]);
  }, 60_000);
});
