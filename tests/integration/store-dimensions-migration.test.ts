import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostingPlace, PostingRole, Salary } from '@skillpulse/core';
import { ES_SCHEMA_VERSION, type SkillStore, SqliteStore } from '@skillpulse/store';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixturePosting as posting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL, openTestElasticsearch } from '../support/elasticsearch.js';
import { withLookups } from '../support/store-lookups.js';

/** A store written before issue 20 (no role, place or pay fields) opened by this SkillPulse: nothing lost, the new fields work. */

const role: PostingRole = { id: 'data-engineer', occupationUri: null, isco: '2511', onetSoc: null, confidence: 1, version: 'r1' };
const place: PostingPlace = {
  cities: ['Munich, DE-02'],
  regions: ['DE-02'],
  countries: ['DE'],
  metros: ['DE-munich'],
  remoteScope: [],
  version: 'p1',
};
const salary: Salary = {
  min: 60_000,
  max: 80_000,
  currency: 'EUR',
  period: 'year',
  annualMin: 60_000,
  annualMax: 80_000,
  annualMid: 70_000,
  fromText: false,
  currencyInferred: false,
  periodInferred: false,
};

/** What every migrated store must do: keep the old postings (role and place not derived) and take new ones. */
async function checkMigrated(store: SkillStore): Promise<void> {
  const lookups = withLookups(store);
  expect(await store.countPostings({})).toBe(2);
  const old = await lookups.getPosting('old');
  expect(old).toMatchObject({ title: 'Old Engineer', salary, role: null, place: null, skills: posting({ id: 'x' }).skills });
  expect(await store.skillCounts({})).toEqual([
    { skillId: 'postgresql', postings: 2 },
    { skillId: 'python', postings: 2 },
  ]);
  expect(await store.upsertPostings([posting({ id: 'new', role, place, salary: { ...salary, annualMid: 90_000 } })])).toEqual({
    inserted: 1,
    updated: 0,
    unchanged: 0,
  });
  expect((await lookups.getPosting('new'))?.role).toEqual(role);
  expect(await store.countPostings({ role: 'data-engineer' })).toBe(1);
  expect(await store.countPostings({ metro: 'DE-munich' })).toBe(1);
  expect(await store.facetCounts({}, 'role')).toEqual([{ value: 'data-engineer', postings: 1 }]);
  expect(await store.facetCounts({}, 'city')).toEqual([{ value: 'Munich, DE-02', postings: 1 }]);
  // Re-deriving the role of an old posting stores it.
  expect(await store.upsertPostings([posting({ id: 'old', title: 'Old Engineer', salary, role })])).toMatchObject({ updated: 1 });
  expect(await store.countPostings({ role: 'data-engineer' })).toBe(2);
}

describe('SQLite: a schema-4 file (before roles) opened by this SkillPulse', () => {
  it('migrates to schema 5 without losing postings, role and place not derived', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-dims-')), 'old.db');
    const writer = new SqliteStore({ path });
    await writer.upsertPostings([posting({ id: 'old', title: 'Old Engineer', salary }), posting({ id: 'other' })]);
    await writer.close();
    // Put the file back to schema 4: the columns migration 5 added go.
    const db = new Database(path);
    db.exec(`DROP INDEX postings_role;
      ALTER TABLE postings DROP COLUMN role; ALTER TABLE postings DROP COLUMN place; ALTER TABLE postings DROP COLUMN role_id;
      ALTER TABLE postings DROP COLUMN cities_key; ALTER TABLE postings DROP COLUMN regions_key; ALTER TABLE postings DROP COLUMN metros_key;
      PRAGMA user_version = 4;`);
    db.close();

    const store = new SqliteStore({ path });
    try {
      expect((await store.info()).schemaVersion).toBe(7);
      // The old posting's pay was kept as it was stored: it is a salary point at once.
      expect((await store.salaryPoints({})).map((p) => p.annualMid)).toEqual([70_000]);
      await checkMigrated(store);
      expect((await store.salaryPoints({})).map((p) => p.annualMid)).toEqual([70_000, 90_000]);
    } finally {
      await store.close();
    }
  }, 120_000);
});

const esFetch = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${ES_URL}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`);
  return body;
};

/** The fields ES_SCHEMA_VERSION 2 added to the posting documents. */
const NEW_FIELDS = [
  'role_id',
  'role_isco',
  'cities',
  'cities_key',
  'regions',
  'regions_key',
  'place_countries',
  'metros',
  'metros_key',
  'salary_currency',
  'salary_annual_mid',
  'salary_from_text',
];

describe.runIf(ES_AVAILABLE)('Elasticsearch: an index written with schema 1 (before roles) opened by this SkillPulse', () => {
  it('gains the new fields in its mapping, keeps its postings and takes new ones', async () => {
    // The schema-1 mapping and document are today's minus the new fields.
    const template = await openTestElasticsearch();
    let mappings: { properties: Record<string, unknown>; _meta: Record<string, unknown> };
    let oldDocs: Array<Record<string, unknown>>;
    try {
      await template.upsertPostings([posting({ id: 'old', title: 'Old Engineer', salary }), posting({ id: 'other' })]);
      await template.countPostings({});
      const mapping = await esFetch(`/${template.alias}/_mapping`);
      mappings = (Object.values(mapping)[0] as { mappings: typeof mappings }).mappings;
      const hits = (await esFetch(`/${template.alias}/_search?size=10`)) as { hits: { hits: Array<{ _source: Record<string, unknown> }> } };
      oldDocs = hits.hits.hits.map((hit) => hit._source);
    } finally {
      await template.destroy();
      await template.close();
    }
    for (const field of NEW_FIELDS) delete mappings.properties[field];
    mappings._meta = { schema_version: 1 };
    for (const doc of oldDocs) {
      for (const field of NEW_FIELDS) delete doc[field];
      const stored = doc.stored as Record<string, unknown>;
      delete stored.role;
      delete stored.place;
    }

    const prefix = `sp-test-old-${randomBytes(4).toString('hex')}`;
    await esFetch(`/${prefix}-postings-v1`, {
      method: 'PUT',
      body: JSON.stringify({
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings,
        aliases: { [`${prefix}-postings`]: { is_write_index: true } },
      }),
    });
    for (const doc of oldDocs) {
      await esFetch(`/${prefix}-postings/_doc/${doc.id}?refresh=true`, { method: 'PUT', body: JSON.stringify(doc) });
    }

    const store = await openTestElasticsearch(prefix);
    try {
      const upgraded = await esFetch(`/${prefix}-postings/_mapping`);
      const after = (Object.values(upgraded)[0] as { mappings: typeof mappings }).mappings;
      expect(after._meta).toEqual({ schema_version: ES_SCHEMA_VERSION });
      expect(Object.keys(after.properties)).toEqual(expect.arrayContaining(NEW_FIELDS));
      // A schema-1 document has no searchable pay figures until it is written again (upsert or re-index).
      expect(await store.salaryPoints({})).toEqual([]);
      await checkMigrated(store);
      expect((await store.salaryPoints({})).map((p) => p.annualMid)).toEqual([70_000, 90_000]);
      await store.rewritePostings({ isCurrent: () => false, rewrite: (postings) => postings.map((p) => ({ ...p, place })) });
      expect(await store.countPostings({ metro: 'de-munich' })).toBe(3);
    } finally {
      await store.destroy();
      await store.close();
    }
  }, 120_000);
});
