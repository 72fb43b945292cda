import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/index.js';
import { migrate } from '../../../src/sqlite/migrations.js';
import { dimensionColumns, sameDimensions } from '../../../src/sqlite/rows.js';

const place = {
  cities: ['Zürich, CH-ZH', 'ZÜRICH, CH-ZH'],
  regions: ['CH-ZH'],
  countries: ['CH'],
  metros: ['CH-zürich'],
  remoteScope: [],
  version: 'p1',
};
const role = { id: 'backend', occupationUri: null, isco: '2512', onetSoc: null, confidence: 0.8, version: 'r1' };

describe('dimensionColumns: how role and place are stored', () => {
  it('keeps the JSON and case-folds the place lists the filters read, one entry per value', () => {
    const columns = dimensionColumns({ role, place });
    expect(JSON.parse(columns.role as string)).toEqual(role);
    expect(JSON.parse(columns.place as string)).toEqual(place);
    expect(columns).toMatchObject({
      roleId: 'backend',
      citiesKey: '["zürich, ch-zh"]',
      regionsKey: '["ch-zh"]',
      metrosKey: '["ch-zürich"]',
    });
  });

  it('stores null and empty lists when role and place were not derived (or left out by an older caller)', () => {
    const none = { role: null, place: null, roleId: null, citiesKey: '[]', regionsKey: '[]', metrosKey: '[]' };
    expect(dimensionColumns({ role: null, place: null })).toEqual(none);
    expect(dimensionColumns({} as never)).toEqual(none);
  });

  it('sees a newly derived role or place as a change', () => {
    const stored = dimensionColumns({ role: null, place: null });
    expect(sameDimensions(stored, { role: null, place: null })).toBe(true);
    expect(sameDimensions(stored, { role, place: null })).toBe(false);
    expect(sameDimensions(dimensionColumns({ role, place }), { role, place })).toBe(true);
    expect(sameDimensions(dimensionColumns({ role, place }), { role, place: { ...place, version: 'p2' } })).toBe(false);
  });
});

describe('migration 5: a file written by schema 4 (before roles)', () => {
  it('gains role and place columns (null), keeping every posting and its pay', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-migrate-')), 'store.db');
    const db = new Database(path);
    migrate(db, 4);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    const salary = {
      min: 50,
      max: 70,
      currency: 'GBP',
      period: 'hour',
      annualMin: 97_500,
      annualMax: 136_500,
      annualMid: 117_000,
      fromText: true,
    };
    // The row as SkillPulse wrote it at schema 4 (its rollups are left out: every read below scans postings).
    db.prepare(
      `INSERT INTO postings (id, source, url, title, company, locations, country, remote, employment_type, seniority, salary,
         date_posted, date_inferred, valid_through, description_text, description_html, content_hash, canonical_id, first_seen,
         last_seen, expired, taxonomy_version, extractor_version, skills, company_key, locations_key, skill_ids)
       VALUES ('old', 'unit', 'https://jobs.example.com/old', 'Engineer', 'Example', '["London"]', 'GB', 'onsite', NULL, 'mid', ?,
         '2025-03-01', 0, NULL, 'text', NULL, 'h', NULL, '2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z', 0, 't', 'e',
         '[{"skillId":"python","level":"required","count":1}]', 'example', '["london"]', '["python"]')`,
    ).run(JSON.stringify(salary));
    db.close();

    const store = new SqliteStore({ path });
    try {
      expect((await store.info()).schemaVersion).toBe(7);
      const postings = [];
      for await (const p of store.iteratePostings()) postings.push(p);
      expect(postings).toHaveLength(1);
      expect(postings[0]).toMatchObject({ id: 'old', salary, role: null, place: null, locations: ['London'] });
      expect(await store.countPostings({ location: 'LONDON' })).toBe(1);
      expect(await store.countPostings({ role: 'backend' })).toBe(0);
      expect(await store.facetCounts({}, 'role')).toEqual([]);
      expect(await store.salaryPoints({}, 'python')).toEqual([{ currency: 'GBP', annualMid: 117_000, fromText: true, hasSkill: true }]);
    } finally {
      await store.close();
    }
  });
});
