import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SkillStore, SqliteStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePosting as posting } from '../fixtures/postings.js';

/** The storage contract; every backend runs the same cases. */
const backends: Array<[string, () => Promise<SkillStore>]> = [
  ['sqlite', async () => new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-store-')), 'test.db') })],
];

describe.each(backends)('SkillStore contract: %s', (_name, open) => {
  let store: SkillStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('upserts idempotently: the same posting twice is one posting', async () => {
    expect(await store.upsertPostings([posting({ id: 'a' })])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await store.upsertPostings([posting({ id: 'a', seenAt: '2025-02-01T00:00:00.000Z' })])).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    expect(await store.countPostings({})).toBe(1);
    const stored = await store.getPosting('a');
    expect(stored?.firstSeen).toBe('2025-01-16T00:00:00.000Z');
    expect(stored?.lastSeen).toBe('2025-02-01T00:00:00.000Z');
  });

  it('replaces the skills of a changed posting', async () => {
    await store.upsertPostings([posting({ id: 'a' })]);
    const changed = posting({ id: 'a', contentHash: 'hash-a2', skills: [{ skillId: 'go', level: 'required', count: 2 }] });
    expect(await store.upsertPostings([changed])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await store.skillCounts({})).toEqual([{ skillId: 'go', postings: 1 }]);
    expect((await store.getPosting('a'))?.skills).toEqual([{ skillId: 'go', level: 'required', count: 2 }]);
  });

  it('counts canonical postings only', async () => {
    await store.upsertPostings([posting({ id: 'a' }), posting({ id: 'b', canonicalId: 'a' })]);
    expect(await store.countPostings({})).toBe(1);
    expect(await store.skillCounts({})).toEqual([
      { skillId: 'postgresql', postings: 1 },
      { skillId: 'python', postings: 1 },
    ]);
    expect((await store.info()).postings).toBe(2);
  });

  it('filters by window and facets', async () => {
    await store.upsertPostings([
      posting({ id: 'jan', datePosted: '2025-01-10', country: 'DE', remote: 'remote' }),
      posting({
        id: 'feb',
        datePosted: '2025-02-10',
        country: 'US',
        remote: 'onsite',
        company: 'Other',
        skills: [{ skillId: 'go', level: 'required', count: 1 }],
      }),
      posting({ id: 'mar', datePosted: '2025-03-10', country: 'US', seniority: 'senior', source: 'other' }),
    ]);
    expect(await store.countPostings({ from: '2025-02-01', to: '2025-02-28' })).toBe(1);
    expect(await store.countPostings({ country: 'US' })).toBe(2);
    expect(await store.countPostings({ remote: 'remote' })).toBe(1);
    expect(await store.countPostings({ seniority: 'senior' })).toBe(1);
    expect(await store.countPostings({ source: 'other' })).toBe(1);
    expect(await store.countPostings({ company: 'Other' })).toBe(1);
    expect(await store.skillCounts({ skillIds: ['go'] })).toEqual([{ skillId: 'go', postings: 1 }]);
    expect(await store.skillCounts({ skillIds: [] })).toEqual([]);
  });

  it('totals and counts per period', async () => {
    await store.upsertPostings([
      posting({ id: 'a', datePosted: '2025-01-10' }),
      posting({ id: 'b', datePosted: '2025-01-20', skills: [{ skillId: 'go', level: 'required', count: 1 }] }),
      posting({ id: 'c', datePosted: '2025-04-02' }),
    ]);
    expect(await store.periodTotals({}, 'month')).toEqual([
      { period: '2025-01-01', postings: 2 },
      { period: '2025-04-01', postings: 1 },
    ]);
    expect(await store.periodTotals({}, 'quarter')).toEqual([
      { period: '2025-01-01', postings: 2 },
      { period: '2025-04-01', postings: 1 },
    ]);
    expect(await store.periodTotals({}, 'week')).toEqual([
      { period: '2025-01-06', postings: 1 },
      { period: '2025-01-20', postings: 1 },
      { period: '2025-03-31', postings: 1 },
    ]);
    expect(await store.periodSkillCounts({}, 'month', ['python', 'go'])).toEqual([
      { period: '2025-01-01', skillId: 'go', postings: 1 },
      { period: '2025-01-01', skillId: 'python', postings: 1 },
      { period: '2025-04-01', skillId: 'python', postings: 1 },
    ]);
  });

  it('marks postings expired without deleting them', async () => {
    await store.upsertPostings([posting({ id: 'a' })]);
    expect(await store.markExpired(['a', 'missing'])).toBe(1);
    expect((await store.getPosting('a'))?.expired).toBe(true);
    expect(await store.countPostings({})).toBe(1);
  });

  it('streams every posting, duplicates included, with filters', async () => {
    await store.upsertPostings([
      posting({ id: 'a', datePosted: '2025-01-10' }),
      posting({ id: 'b', canonicalId: 'a' }),
      posting({ id: 'c', datePosted: '2025-03-10', country: 'US' }),
    ]);
    const ids = async (filter = {}) => {
      const seen: string[] = [];
      for await (const p of store.iteratePostings(filter)) seen.push(p.id);
      return seen.sort();
    };
    expect(await ids()).toEqual(['a', 'b', 'c']);
    expect(await ids({ country: 'US' })).toEqual(['c']);
  });

  it('records crawl runs', async () => {
    const run = {
      id: 'r1',
      job: 'j',
      trigger: 'cli' as const,
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
    await store.saveRun({ ...run, status: 'succeeded', endedAt: '2025-01-01T00:01:00Z', pagesFetched: 3 });
    expect(await store.listRuns('j')).toEqual([{ ...run, status: 'succeeded', endedAt: '2025-01-01T00:01:00Z', pagesFetched: 3 }]);
    expect(await store.listRuns('other')).toEqual([]);
  });

  it('stamps versions', async () => {
    await store.upsertPostings([posting({ id: 'a' })]);
    const info = await store.info();
    expect(info.taxonomyVersions).toEqual(['t1']);
    expect(info.extractorVersions).toEqual(['e1']);
  });
});

describe('SQLite specifics', () => {
  it('keeps data across reopen and never writes half a batch', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-store-')), 'test.db');
    const store = new SqliteStore({ path });
    await store.upsertPostings([posting({ id: 'a' })]);
    // The second posting breaks a NOT NULL constraint: the whole batch must be rolled back.
    const broken = { ...posting({ id: 'c' }), title: null as unknown as string };
    await expect(store.upsertPostings([posting({ id: 'b' }), broken])).rejects.toThrow(/nothing of it was written/);
    await store.close();
    const reopened = new SqliteStore({ path });
    expect(await reopened.countPostings({})).toBe(1);
    expect((await reopened.info()).schemaVersion).toBe(1);
    await reopened.close();
  });
});
