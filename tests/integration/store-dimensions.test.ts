import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostingPlace, PostingRole, Salary } from '@skillpulse/core';
import { ElasticsearchStore, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePosting as posting } from '../fixtures/postings.js';
import { ES_AVAILABLE, openTestElasticsearch } from '../support/elasticsearch.js';
import { type TestLookups, withLookups } from '../support/store-lookups.js';

/** Issue 20's role, place and pay in the store contract; every backend runs the same cases (as store-contract.test.ts). */
const backends: Array<[string, () => Promise<SkillStore & TestLookups>]> = [
  ['sqlite', async () => withLookups(new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-dims-')), 'test.db') }))],
];
if (ES_AVAILABLE) backends.push(['elasticsearch', async () => withLookups(await openTestElasticsearch())]);

function role(id: string, isco: string | null = null): PostingRole {
  return {
    id,
    occupationUri: isco ? `http://data.europa.eu/esco/occupation/${id}` : null,
    isco,
    onetSoc: null,
    confidence: 0.9,
    version: 'r1',
  };
}

function place(cities: string[], regions: string[], metros: string[], countries: string[] = []): PostingPlace {
  return { cities, regions, countries, metros, remoteScope: [], version: 'p1' };
}

function pay(currency: string | null, annualMid: number | null, fromText = false): Salary {
  return {
    min: annualMid,
    max: annualMid,
    currency,
    period: 'year',
    annualMin: annualMid,
    annualMax: annualMid,
    annualMid,
    fromText,
    currencyInferred: false,
    periodInferred: false,
  };
}

/** Elasticsearch on a loaded 2-core machine: a case here can take well over the default 30 s. */
const SLOW = 120_000;

const go = [{ skillId: 'go', level: 'required' as const, count: 1 }];
const python = [{ skillId: 'python', level: 'required' as const, count: 1 }];

/**
 * Counted by hand below. Unique postings: a, b (data engineers), c, g, h (backend), d ('unknown'),
 * e (role and place not derived). f duplicates a and is never counted.
 */
const POSTINGS: PostingInput[] = [
  posting({
    id: 'a',
    role: role('data-engineer', '2511'),
    place: place(['Munich, DE-02'], ['DE-02'], ['DE-munich'], ['DE']),
    salary: pay('EUR', 70_000),
  }),
  posting({
    id: 'b',
    datePosted: '2025-02-10',
    role: role('data-engineer', '2511'),
    // A value listed twice still counts the posting once.
    place: place(['Berlin, DE-16', 'Munich, DE-02'], ['DE-16', 'DE-02', 'DE-02'], ['DE-berlin', 'DE-munich'], ['DE']),
    salary: pay('EUR', 90_000, true),
    skills: go,
  }),
  posting({
    id: 'c',
    country: 'US',
    role: role('backend', '2512'),
    place: place(['Portland, US-OR'], ['US-OR'], ['US-portland'], ['US']),
    salary: pay('USD', 150_000),
    skills: python,
  }),
  posting({ id: 'd', role: role('unknown'), salary: pay('USD', null) }),
  posting({ id: 'e', salary: pay(null, 50_000) }),
  posting({
    id: 'f',
    canonicalId: 'a',
    role: role('data-engineer', '2511'),
    place: place(['Munich, DE-02'], ['DE-02'], ['DE-munich'], ['DE']),
    salary: pay('EUR', 70_000),
  }),
  posting({
    id: 'g',
    datePosted: '2025-03-03',
    country: 'CH',
    role: role('backend', '2512'),
    place: place(['Zürich, CH-ZH'], ['CH-ZH'], ['CH-zürich'], ['CH']),
    salary: pay('CHF', 120_000),
    skills: python,
  }),
  posting({ id: 'h', role: role('backend', '2512'), salary: pay('USD', 150_000), skills: go }),
];

describe.each(backends)('store dimensions (role, place, pay): %s', (_name, open) => {
  let store: SkillStore & TestLookups;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    if (store instanceof ElasticsearchStore) await store.destroy();
    await store.close();
  }, SLOW);

  it(
    'keeps role, place and salary through upsert, iterate and search',
    async () => {
      await store.upsertPostings(POSTINGS);
      const iterated = new Map<string, unknown>();
      for await (const p of store.iteratePostings()) iterated.set(p.id, { role: p.role, place: p.place, salary: p.salary });
      for (const input of POSTINGS) expect(iterated.get(input.id)).toEqual({ role: input.role, place: input.place, salary: input.salary });
      expect((await store.getPosting('e'))?.role).toBeNull();
      expect((await store.getPosting('e'))?.place).toBeNull();
      const found = await store.searchPostings({ filter: { role: 'data-engineer' }, page: 1, pageSize: 10 });
      expect(found.postings.map((p) => [p.id, p.role, p.place])).toEqual([
        ['b', POSTINGS[1]?.role, POSTINGS[1]?.place],
        ['a', POSTINGS[0]?.role, POSTINGS[0]?.place],
      ]);
    },
    SLOW,
  );

  it(
    'stores a newly derived role or place of an otherwise unchanged posting',
    async () => {
      await store.upsertPostings([posting({ id: 'a' })]);
      const derived = posting({ id: 'a', role: role('backend'), place: place(['Berlin, DE-16'], ['DE-16'], ['DE-berlin']) });
      expect(await store.upsertPostings([derived])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.upsertPostings([derived])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
      const stored = await store.getPosting('a');
      expect([stored?.role, stored?.place]).toEqual([derived.role, derived.place]);
      expect(await store.countPostings({ metro: 'DE-berlin' })).toBe(1);
    },
    SLOW,
  );

  it(
    'filters by role, city, region and metro (case-insensitive places), in every count',
    async () => {
      await store.upsertPostings(POSTINGS);
      expect(await store.countPostings({})).toBe(7);
      expect(await store.countPostings({ role: 'data-engineer' })).toBe(2);
      expect(await store.countPostings({ role: 'backend' })).toBe(3);
      expect(await store.countPostings({ role: 'unknown' })).toBe(1);
      expect(await store.countPostings({ role: 'nurse' })).toBe(0);
      expect(await store.countPostings({ city: 'munich, de-02' })).toBe(2);
      expect(await store.countPostings({ city: 'ZÜRICH, ch-zh' })).toBe(1);
      expect(await store.countPostings({ region: 'de-02' })).toBe(2);
      expect(await store.countPostings({ region: 'US-OR' })).toBe(1);
      expect(await store.countPostings({ metro: 'DE-MUNICH' })).toBe(2);
      expect(await store.countPostings({ metro: 'de-berlin' })).toBe(1);
      expect(await store.countPostings({ metro: 'CH-Zürich' })).toBe(1);
      expect(await store.countPostings({ role: 'data-engineer', metro: 'DE-berlin' })).toBe(1);
      // Country stays posting.country.
      expect(await store.countPostings({ country: 'US' })).toBe(1);
    },
    SLOW,
  );

  it(
    'never answers the new filters from the date-and-skill rollups',
    async () => {
      await store.upsertPostings(POSTINGS);
      // Without the filter these would be the totals of all seven unique postings.
      expect(await store.skillCounts({ role: 'backend' })).toEqual([
        { skillId: 'python', postings: 2 },
        { skillId: 'go', postings: 1 },
      ]);
      expect(await store.skillCounts({ city: 'Portland, US-OR' })).toEqual([{ skillId: 'python', postings: 1 }]);
      expect(await store.periodTotals({ metro: 'DE-munich' }, 'month')).toEqual([
        { period: '2025-01-01', postings: 1 },
        { period: '2025-02-01', postings: 1 },
      ]);
      expect(await store.periodTotals({ region: 'CH-ZH', from: '2025-01-01', to: '2025-12-31' }, 'month')).toEqual([
        { period: '2025-03-01', postings: 1 },
      ]);
      expect(await store.trendCounts({ role: 'data-engineer', from: '2025-01-01', to: '2025-03-31' }, 'month', ['go', 'python'])).toEqual({
        totals: [
          { period: '2025-01-01', postings: 1 },
          { period: '2025-02-01', postings: 1 },
        ],
        counts: [
          { period: '2025-01-01', skillId: 'python', postings: 1 },
          { period: '2025-02-01', skillId: 'go', postings: 1 },
        ],
      });
      expect((await store.cooccurrence({ metro: 'US-portland' }, 'python')).postings).toBe(1);
    },
    SLOW,
  );

  it(
    'breaks down by role, city, region and metro, a posting once per distinct value',
    async () => {
      await store.upsertPostings(POSTINGS);
      expect(await store.facetCounts({}, 'role')).toEqual([
        { value: 'backend', postings: 3 },
        { value: 'data-engineer', postings: 2 },
        { value: 'unknown', postings: 1 },
      ]);
      expect(await store.facetCounts({}, 'city')).toEqual([
        { value: 'Munich, DE-02', postings: 2 },
        { value: 'Berlin, DE-16', postings: 1 },
        { value: 'Portland, US-OR', postings: 1 },
        { value: 'Zürich, CH-ZH', postings: 1 },
      ]);
      expect(await store.facetCounts({}, 'region')).toEqual([
        { value: 'DE-02', postings: 2 },
        { value: 'CH-ZH', postings: 1 },
        { value: 'DE-16', postings: 1 },
        { value: 'US-OR', postings: 1 },
      ]);
      expect(await store.facetCounts({ role: 'data-engineer' }, 'metro')).toEqual([
        { value: 'DE-munich', postings: 2 },
        { value: 'DE-berlin', postings: 1 },
      ]);
      expect(await store.facetCounts({ city: 'berlin, de-16' }, 'role')).toEqual([{ value: 'data-engineer', postings: 1 }]);
      expect(await store.facetCounts({}, 'metro', 1)).toEqual([{ value: 'DE-munich', postings: 2 }]);
    },
    SLOW,
  );

  it(
    'gives one salary point per unique posting with a currency and an annual midpoint',
    async () => {
      await store.upsertPostings(POSTINGS);
      // d (no annual figure), e (no currency) and f (duplicate of a) are left out.
      expect(await store.salaryPoints({})).toEqual([
        { currency: 'CHF', annualMid: 120_000, fromText: false, hasSkill: false },
        { currency: 'EUR', annualMid: 70_000, fromText: false, hasSkill: false },
        { currency: 'EUR', annualMid: 90_000, fromText: true, hasSkill: false },
        { currency: 'USD', annualMid: 150_000, fromText: false, hasSkill: false },
        { currency: 'USD', annualMid: 150_000, fromText: false, hasSkill: false },
      ]);
      expect(await store.salaryPoints({}, 'python')).toEqual([
        { currency: 'CHF', annualMid: 120_000, fromText: false, hasSkill: true },
        { currency: 'EUR', annualMid: 70_000, fromText: false, hasSkill: true },
        { currency: 'EUR', annualMid: 90_000, fromText: true, hasSkill: false },
        { currency: 'USD', annualMid: 150_000, fromText: false, hasSkill: false },
        { currency: 'USD', annualMid: 150_000, fromText: false, hasSkill: true },
      ]);
      expect(await store.salaryPoints({ role: 'data-engineer' }, 'go')).toEqual([
        { currency: 'EUR', annualMid: 70_000, fromText: false, hasSkill: false },
        { currency: 'EUR', annualMid: 90_000, fromText: true, hasSkill: true },
      ]);
      expect(await store.salaryPoints({ metro: 'us-portland', from: '2025-01-01', to: '2025-01-31' })).toEqual([
        { currency: 'USD', annualMid: 150_000, fromText: false, hasSkill: false },
      ]);
      expect(await store.salaryPoints({ role: 'nurse' }, 'python')).toEqual([]);
    },
    SLOW,
  );

  it(
    'leaves a posting out of the pay points once it becomes a duplicate, and back in when it is not',
    async () => {
      await store.upsertPostings([POSTINGS[0] as PostingInput, posting({ id: 'x', salary: pay('EUR', 80_000) })]);
      await store.setCanonical([{ id: 'x', canonicalId: 'a' }]);
      expect((await store.salaryPoints({})).map((p) => p.annualMid)).toEqual([70_000]);
      await store.setCanonical([{ id: 'x', canonicalId: null }]);
      expect((await store.salaryPoints({})).map((p) => p.annualMid)).toEqual([70_000, 80_000]);
    },
    SLOW,
  );
});
