import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredPosting } from '@skillpulse/core';
import { ElasticsearchStore, type PostingFilter, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL } from '../support/elasticsearch.js';

/**
 * Postings in monthly (or yearly) indices behind the alias
 * (docs/decisions/0010-elasticsearch-monthly-indices.md): the indices that exist, answers equal to
 * SQLite's, one copy of every id when a posting changes month, by-id writes across partitions, a
 * month-by-month re-index that resumes, and the upgrade of a store with the old single index.
 */

type Partition = 'month' | 'year' | 'none';
const open = (indexPrefix: string, partition?: Partition) =>
  ElasticsearchStore.open({ url: ES_URL, indexPrefix, shards: 1, replicas: 0, partition } as Parameters<typeof ElasticsearchStore.open>[0]);

const opened: ElasticsearchStore[] = [];
const prefixes = new Set<string>();
async function openTracked(prefix: string, partition?: Partition): Promise<ElasticsearchStore> {
  const store = await open(prefix, partition);
  opened.push(store);
  prefixes.add(prefix);
  return store;
}
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close().catch(() => undefined);
  for (const prefix of prefixes) {
    const store = await open(prefix);
    await store.destroy();
    await store.close();
  }
  prefixes.clear();
});
const newPrefix = () => `sp-test-parts-${randomBytes(4).toString('hex')}`;
const THIS_MONTH = new Date().toISOString().slice(0, 7);

async function es<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${ES_URL}${path}`, { headers: { 'content-type': 'application/json' }, ...init });
  return (await response.json()) as T;
}
/** The indices behind the alias, sorted. */
const aliasIndices = async (prefix: string) => Object.keys(await es<object>(`/_alias/${prefix}-postings`)).sort();
/** Every postings index of the prefix, behind the alias or not. */
const allIndices = async (prefix: string) =>
  (await es<Array<{ index: string }>>(`/_cat/indices/${prefix}-*?format=json&h=index&expand_wildcards=all`)).map((r) => r.index).sort();
/** Where the copies of a posting are (an id must be in exactly one index). */
async function copiesOf(prefix: string, id: string): Promise<string[]> {
  await es(`/${prefix}-postings/_refresh`, { method: 'POST' });
  const found = await es<{ hits: { hits: Array<{ _index: string }> } }>(`/${prefix}-postings/_search`, {
    method: 'POST',
    body: JSON.stringify({ query: { ids: { values: [id] } }, size: 10 }),
  });
  return found.hits.hits.map((h) => h._index).sort();
}

const SKILLS = ['python', 'java', 'rust', 'go', 'sql', 'react', 'docker', 'kafka'];
/** `n` postings spread over the months of `months` (YYYY-MM), with varied skills, companies and countries. */
function spread(n: number, months: readonly string[], tag = 'p'): PostingInput[] {
  return Array.from({ length: n }, (_, i) =>
    fixturePosting({
      id: `${tag}${String(i).padStart(4, '0')}`,
      datePosted: `${months[i % months.length]}-${String(1 + (i % 27)).padStart(2, '0')}`,
      company: `Company ${i % 5}`,
      country: i % 3 === 0 ? 'US' : 'DE',
      contentHash: `h-${tag}${i}`,
      skills: SKILLS.filter((_, k) => (i + k) % 3 === 0).map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
    }),
  );
}

/** Report answers for a set of windows, on the rollups path and on the postings path (a filter rollups do not answer). */
async function answers(store: SkillStore, windows: PostingFilter[]) {
  const out: unknown[] = [];
  for (const window of windows) {
    for (const filter of [window, { ...window, country: 'DE' }]) {
      out.push(await store.countPostings(filter));
      out.push(await store.skillCounts(filter, 20));
      for (const interval of ['day', 'month', 'year'] as const) out.push(await store.periodTotals(filter, interval));
      out.push(await store.trendCounts(filter, 'month', ['python', 'go', 'kafka']));
      out.push(await store.facetCounts(filter, 'company', 10));
      out.push(await store.cooccurrence(filter, 'python', 10));
      const page = await store.searchPostings({ filter, page: 1, pageSize: 50 });
      out.push(
        page.total,
        page.postings.map((p) => p.id),
      );
    }
  }
  return out;
}
const WINDOWS: PostingFilter[] = [{}, { from: '2024-12-10', to: '2025-02-20' }, { from: '2025-03-01' }];
const MONTHS = ['2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];

function sqlite(): SqliteStore {
  return new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-parts-')), 'test.db') });
}

describe.skipIf(!ES_AVAILABLE)('Elasticsearch monthly indices', () => {
  it('writes each posting to the index of its month and answers like SQLite', async () => {
    const prefix = newPrefix();
    const store = await openTracked(prefix);
    const reference = sqlite();
    const postings = spread(120, MONTHS);
    for (const s of [store, reference] as SkillStore[]) await s.upsertPostings(postings);
    expect(await aliasIndices(prefix)).toEqual([...new Set([...MONTHS, THIS_MONTH])].sort().map((m) => `${prefix}-postings-v1-${m}`));
    expect(await answers(store, WINDOWS)).toEqual(await answers(reference, WINDOWS));
    const partitions = await store.partitions();
    expect(partitions.filter((p) => p.postings > 0).map((p) => [p.key, p.postings])).toEqual(MONTHS.map((m) => [m, 24]));
    // The template stays the source of every partition's mapping and settings.
    const mapping = await es<Record<string, { mappings: { dynamic: string; _meta: { schema_version: number } } }>>(
      `/${prefix}-postings/_mapping`,
    );
    for (const m of Object.values(mapping))
      expect(m.mappings).toMatchObject({ dynamic: 'strict', _meta: { schema_version: expect.any(Number) } });
    await store.destroy();
    expect(await allIndices(prefix)).toEqual([]);
    reference.close();
  }, 180_000);

  it('keeps one copy of a posting whose date moves to another month, and the data version changes on every write', async () => {
    const prefix = newPrefix();
    const store = await openTracked(prefix);
    const reference = sqlite();
    const moved = (datePosted: string, hash: string) => fixturePosting({ id: 'm', datePosted, contentHash: hash });
    const v0 = await store.dataVersion();
    for (const s of [store, reference] as SkillStore[]) await s.upsertPostings([moved('2025-01-10', 'h1'), fixturePosting({ id: 'x' })]);
    expect(await copiesOf(prefix, 'm')).toEqual([`${prefix}-postings-v1-2025-01`]);
    const v1 = await store.dataVersion();
    expect(v1).not.toBe(v0);
    // Moved in its own batch, then moved again and back within one batch.
    expect(await store.upsertPostings([moved('2025-03-02', 'h2')])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    await reference.upsertPostings([moved('2025-03-02', 'h2')]);
    expect(await copiesOf(prefix, 'm')).toEqual([`${prefix}-postings-v1-2025-03`]);
    const v2 = await store.dataVersion();
    expect(v2).not.toBe(v1);
    const twice = [moved('2025-05-05', 'h3'), moved('2024-12-24', 'h4')];
    for (const s of [store, reference] as SkillStore[]) await s.upsertPostings(twice);
    expect(await copiesOf(prefix, 'm')).toEqual([`${prefix}-postings-v1-2024-12`]);
    expect(await store.countPostings({})).toBe(2);
    expect(await answers(store, WINDOWS)).toEqual(await answers(reference, WINDOWS));
    // Unchanged: a touch of the copy where it is, no new copy.
    expect(await store.upsertPostings([moved('2024-12-24', 'h4')])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await copiesOf(prefix, 'm')).toEqual([`${prefix}-postings-v1-2024-12`]);
    const v3 = await store.dataVersion();
    expect(v3).not.toBe(v2);
    // A copy left behind (a move whose delete never happened) is removed by the next upsert of the posting.
    const source = await es<{ _source: object }>(`/${prefix}-postings-v1-2024-12/_doc/m`);
    await es(`/${prefix}-postings-v1-2025-01/_doc/m?refresh=true`, { method: 'PUT', body: JSON.stringify(source._source) });
    expect(await copiesOf(prefix, 'm')).toEqual([`${prefix}-postings-v1-2024-12`, `${prefix}-postings-v1-2025-01`]);
    await store.upsertPostings([moved('2024-12-24', 'h5')]);
    expect(await copiesOf(prefix, 'm')).toEqual([`${prefix}-postings-v1-2024-12`]);
    reference.close();
  }, 180_000);

  it('touches, expires, links and reads postings across partitions', async () => {
    const prefix = newPrefix();
    const store = await openTracked(prefix);
    const reference = sqlite();
    const postings = spread(9, ['2024-06', '2025-01', '2025-08']);
    const ids = postings.map((p) => p.id);
    const canonical = ids[0] as string;
    for (const s of [store, reference] as SkillStore[]) {
      await s.upsertPostings(postings);
      expect(await s.touchPostings([...ids, 'missing'], '2025-09-01T00:00:00.000Z')).toBe(9);
      expect(await s.markExpired(ids.slice(0, 4))).toBe(4);
      expect(await s.markExpired(ids.slice(0, 5))).toBe(1);
      expect(await s.setCanonical(ids.slice(1, 4).map((id) => ({ id, canonicalId: canonical })))).toBe(3);
      expect(await s.duplicatesOf(canonical)).toEqual(ids.slice(1, 4));
      expect(await s.getContentHashes([...ids.slice(0, 3), 'missing'])).toEqual(
        new Map(postings.slice(0, 3).map((p) => [p.id, p.contentHash])),
      );
    }
    const all = async (s: SkillStore) => {
      const out: StoredPosting[] = [];
      for await (const p of s.iteratePostings({})) out.push(p);
      return out.sort((a, b) => a.id.localeCompare(b.id)).map((p) => [p.id, p.lastSeen, p.expired, p.canonicalId]);
    };
    expect(await all(store)).toEqual(await all(reference));
    expect((await all(store)).every(([, lastSeen]) => lastSeen === '2025-09-01T00:00:00.000Z')).toBe(true);
    expect(await answers(store, WINDOWS)).toEqual(await answers(reference, WINDOWS));
    reference.close();
  }, 180_000);

  it("counts skills exactly across partitions (a skill outside every month's top 11 can be the top skill)", async () => {
    const prefix = newPrefix();
    const store = await openTracked(prefix);
    const reference = sqlite();
    // Each month: 11 skills of its own in 6 postings each, and "zzz" in 5: every shard's default
    // top 11 (size 1 × 1.5 + 10) leaves out "zzz", which is the top skill overall (15).
    const postings: PostingInput[] = [];
    for (const month of ['2025-01', '2025-02', '2025-03']) {
      const skills = [...Array.from({ length: 11 }, (_, k) => Array(6).fill(`${month}-s${k}`)).flat(), ...Array(5).fill('zzz')];
      for (const [i, skillId] of skills.entries()) {
        postings.push(
          fixturePosting({ id: `${month}-${i}`, datePosted: `${month}-10`, skills: [{ skillId, level: 'required', count: 1 }] }),
        );
      }
    }
    for (const s of [store, reference] as SkillStore[]) await s.upsertPostings(postings);
    for (const filter of [{ country: 'DE' }, { country: 'DE', from: '2025-01-01' }]) {
      expect(await store.skillCounts(filter, 1)).toEqual([{ skillId: 'zzz', postings: 15 }]);
      expect(await store.skillCounts(filter, 3)).toEqual(await reference.skillCounts(filter, 3));
    }
    reference.close();
  }, 180_000);

  it('creates the same month from two processes at once', async () => {
    const prefix = newPrefix();
    const a = await openTracked(prefix);
    const b = await openTracked(prefix);
    await Promise.all([a.upsertPostings(spread(20, ['2023-04'], 'a')), b.upsertPostings(spread(20, ['2023-04'], 'b'))]);
    expect(await a.countPostings({})).toBe(40);
    expect((await aliasIndices(prefix)).filter((i) => i.endsWith('2023-04'))).toEqual([`${prefix}-postings-v1-2023-04`]);
  }, 180_000);

  it('re-indexes month by month into the next generation, resuming after a kill', async () => {
    const prefix = newPrefix();
    const store = await openTracked(prefix);
    const months = ['2024-10', '2024-11', '2024-12'];
    await store.upsertPostings(spread(2400, months));
    const before = await answers(store, WINDOWS);
    const rewrite = (stale: StoredPosting[]) => stale.map((p) => ({ ...p, extractorVersion: 'e2' }));
    const seen: string[] = [];
    let calls = 0;
    await expect(
      store.rewritePostings({
        isCurrent: (p) => p.extractorVersion === 'e2',
        rewrite: (stale) => {
          seen.push((stale[0] as StoredPosting).datePosted.slice(0, 7));
          // Killed in the second month's first page (the first month took one page of 800).
          if (++calls === 2) throw new Error('killed');
          return rewrite(stale);
        },
      }),
    ).rejects.toThrow('killed');
    expect(seen).toEqual(['2024-10', '2024-11']);
    // Interrupted: readers still see the old generation, complete; the new one is not behind the alias.
    expect((await aliasIndices(prefix)).every((i) => i.includes('-v1-'))).toBe(true);
    expect(await allIndices(prefix)).toContain(`${prefix}-postings-v2-2024-10`);
    expect(await store.countPostings({})).toBe(2400);
    const progress: number[] = [];
    const result = await store.rewritePostings({
      isCurrent: (p) => p.extractorVersion === 'e2',
      rewrite,
      onProgress: (p) => progress.push(p.done),
    });
    expect(result).toMatchObject({ resumed: true, done: 2400, total: 2400, rewritten: 2400 });
    // Resumed at the second month: the first is not copied again.
    expect(progress[0]).toBe(1600);
    expect(await aliasIndices(prefix)).toEqual(months.map((m) => `${prefix}-postings-v2-${m}`));
    expect((await allIndices(prefix)).filter((i) => i.includes('-postings-v'))).toEqual(months.map((m) => `${prefix}-postings-v2-${m}`));
    expect(await answers(store, WINDOWS)).toEqual(before);
    expect((await store.info()).extractorVersions).toEqual(['e2']);
    // Writes after the swap land in the new generation, in their month.
    await store.upsertPostings([fixturePosting({ id: 'new', datePosted: '2025-02-02' })]);
    expect(await copiesOf(prefix, 'new')).toEqual([`${prefix}-postings-v2-2025-02`]);
  }, 180_000);

  it('keeps an old single-index store working, and `reindex` moves it to monthly indices', async () => {
    const prefix = newPrefix();
    const old = await openTracked(prefix, 'none');
    const reference = sqlite();
    const postings = spread(60, MONTHS);
    for (const s of [old, reference] as SkillStore[]) await s.upsertPostings(postings);
    expect(await aliasIndices(prefix)).toEqual([`${prefix}-postings-v1`]);
    await old.close();
    const store = await openTracked(prefix, 'month');
    expect(await answers(store, WINDOWS)).toEqual(await answers(reference, WINDOWS));
    // A changed posting moves out of the single index into its month; an unchanged one stays; a new one goes to its month.
    const changed = { ...(postings[0] as PostingInput), contentHash: 'h-changed' };
    const unchanged = { ...(postings[1] as PostingInput), seenAt: '2025-06-01T00:00:00.000Z' };
    const fresh = fixturePosting({ id: 'fresh', datePosted: '2025-04-04' });
    for (const s of [store, reference] as SkillStore[]) await s.upsertPostings([changed, unchanged, fresh]);
    expect(await copiesOf(prefix, changed.id)).toEqual([`${prefix}-postings-v1-${changed.datePosted.slice(0, 7)}`]);
    expect(await copiesOf(prefix, unchanged.id)).toEqual([`${prefix}-postings-v1`]);
    expect(await copiesOf(prefix, 'fresh')).toEqual([`${prefix}-postings-v1-2025-04`]);
    for (const s of [store, reference] as SkillStore[])
      expect(await s.touchPostings([changed.id, unchanged.id], '2025-07-01T00:00:00.000Z')).toBe(2);
    expect(await answers(store, WINDOWS)).toEqual(await answers(reference, WINDOWS));
    const result = await store.rewritePostings({ isCurrent: () => true, rewrite: async (p) => p });
    expect(result).toMatchObject({ resumed: false, done: 61, total: 61, rewritten: 0 });
    expect(await aliasIndices(prefix)).toEqual([...MONTHS, '2025-04'].map((m) => `${prefix}-postings-v2-${m}`));
    expect((await allIndices(prefix)).filter((i) => i.includes('-postings-v'))).toEqual(await aliasIndices(prefix));
    expect(await answers(store, WINDOWS)).toEqual(await answers(reference, WINDOWS));
    reference.close();
  }, 180_000);

  it('partitions by year when asked, and refuses an unknown scheme', async () => {
    const prefix = newPrefix();
    const store = await openTracked(prefix, 'year');
    await store.upsertPostings(spread(30, ['2023-05', '2024-02', '2024-11']));
    expect(await aliasIndices(prefix)).toEqual(
      [...new Set(['2023', '2024', THIS_MONTH.slice(0, 4)])].sort().map((y) => `${prefix}-postings-v1-${y}`),
    );
    await expect(open(newPrefix(), 'week' as Partition)).rejects.toMatchObject({
      message: expect.stringMatching(/partition: "week" is not a partition scheme \(use month, year or none\)/),
    });
  }, 180_000);
});
