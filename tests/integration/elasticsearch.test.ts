import type { StoredPosting } from '@skillpulse/core';
import type { ElasticsearchStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePosting as posting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL, openTestElasticsearch } from '../support/elasticsearch.js';
import { type TestLookups, withLookups } from '../support/store-lookups.js';

/** What only the Elasticsearch adapter does: the contract itself is in store-contract.test.ts. */
describe.skipIf(!ES_AVAILABLE)('Elasticsearch adapter', () => {
  let store: ElasticsearchStore & TestLookups;
  beforeEach(async () => {
    store = withLookups(await openTestElasticsearch());
  });
  afterEach(async () => {
    await store.destroy();
    await store.close();
  });

  const aliasTarget = async () => {
    const response = await fetch(`${ES_URL}/_alias/${store.alias}`);
    return Object.keys((await response.json()) as object).sort();
  };
  // Postings are in monthly indices (docs/decisions/0010-elasticsearch-monthly-indices.md); a new store starts with this month's.
  const thisMonth = new Date().toISOString().slice(0, 7);

  it("shows a run's last record to another process at once (a scheduler taking the job next must not see it running)", async () => {
    const other = await openTestElasticsearch(store.alias.replace(/-postings$/, ''));
    try {
      const run = {
        id: 'run-1',
        job: 'j',
        trigger: 'schedule' as const,
        startedAt: '2025-01-01T00:00:00Z',
        endedAt: null,
        status: 'running' as const,
        pagesFetched: 0,
        postingsNew: 0,
        postingsUpdated: 0,
        postingsDuplicate: 0,
        postingsExpired: 0,
        errorCount: 0,
        errors: [],
      };
      await store.saveRun(run);
      // A running record may show late; the ended one must show as soon as saveRun returns.
      await store.saveRun({ ...run, status: 'succeeded', endedAt: '2025-01-01T00:01:00Z' });
      expect((await other.listRuns('j')).map((r) => r.status)).toEqual(['succeeded']);
    } finally {
      await other.close();
    }
  });

  it("shows a closed store's writes to the next process's scan, also on shards gone search-idle", async () => {
    // A search-idle shard skips its periodic refresh, and a point in time opened on it does not
    // wait for one: `snapshot` or `export` run after `import` must still see every write.
    const writer = await openTestElasticsearch(store.alias.replace(/-postings$/, ''));
    try {
      await writer.upsertPostings([posting({ id: 'p1' }), posting({ id: 'p2' })]);
      expect(await writer.countPostings({})).toBe(2);
      const settings = await fetch(`${ES_URL}/${store.alias}/_settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ index: { search: { idle: { after: '1s' } } } }),
      });
      expect(settings.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await writer.markExpired(['p1'])).toBe(1);
    } finally {
      await writer.close();
    }
    const seen: Record<string, boolean> = {};
    for await (const p of store.iteratePostings()) seen[p.id] = p.expired;
    expect(seen).toEqual({ p1: true, p2: false });
  });

  it('reports every dropped document and keeps the rest', async () => {
    const bad = posting({ id: 'bad', datePosted: 'not-a-date' });
    await expect(store.upsertPostings([posting({ id: 'good' }), bad])).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_STORE_WRITE',
      message: expect.stringMatching(/dropped 1 of 2 documents.*bad: /),
    });
    expect(await store.getPosting('good')).not.toBeNull();
    expect(await store.getPosting('bad')).toBeNull();
  });

  it('puts postings in a versioned index behind an alias, with the explicit mapping', async () => {
    expect(await aliasTarget()).toEqual([`${store.alias}-v1-${thisMonth}`]);
    const mapping = (await (await fetch(`${ES_URL}/${store.alias}/_mapping`)).json()) as Record<
      string,
      { mappings: { dynamic: string; properties: Record<string, { type?: string }> } }
    >;
    const { mappings } = Object.values(mapping)[0] as (typeof mapping)[string];
    expect(mappings.dynamic).toBe('strict');
    expect(mappings.properties.skills?.type).toBe('keyword');
    expect(mappings.properties.date_posted?.type).toBe('date');
    expect(mappings.properties.description_text?.type).toBe('text');
  });

  it('re-indexes into a new index, swaps the alias, and resumes after an interruption', async () => {
    const postings = Array.from({ length: 1500 }, (_, i) => posting({ id: `p${String(i).padStart(4, '0')}` }));
    await store.upsertPostings(postings);
    const rewrite = (stale: StoredPosting[]) => stale.map((p) => ({ ...p, extractorVersion: 'e2' }));
    let calls = 0;
    await expect(
      store.rewritePostings({
        isCurrent: (p) => p.extractorVersion === 'e2',
        rewrite: (stale) => {
          calls++;
          if (calls === 2) throw new Error('killed');
          return rewrite(stale);
        },
      }),
    ).rejects.toThrow('killed');
    // Interrupted: readers still see the old index, complete.
    expect(await aliasTarget()).toEqual([`${store.alias}-v1-2025-01`, `${store.alias}-v1-${thisMonth}`].sort());
    expect(await store.countPostings({})).toBe(1500);
    const result = await store.rewritePostings({ isCurrent: (p) => p.extractorVersion === 'e2', rewrite });
    expect(result).toMatchObject({ resumed: true, done: 1500, total: 1500, rewritten: 1500 });
    expect(await aliasTarget()).toEqual([`${store.alias}-v2-2025-01`]);
    expect(await store.countPostings({})).toBe(1500);
    expect((await store.info()).extractorVersions).toEqual(['e2']);
    // Writes after the swap land in the new index.
    await store.upsertPostings([posting({ id: 'new' })]);
    expect(await store.countPostings({})).toBe(1501);
  });
});
