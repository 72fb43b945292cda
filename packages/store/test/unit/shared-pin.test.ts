import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { filterClauses } from '../../src/elasticsearch/queries.js';
import { SqliteStore } from '../../src/index.js';
import { isDateOnlyFilter, pinOfDataVersion } from '../../src/shared.js';
import { migrate } from '../../src/sqlite/migrations.js';

describe('pinOfDataVersion: the pin a data version starts with (asOf)', () => {
  it('reads <ms>.<token> of both backends and refuses anything else', () => {
    expect(pinOfDataVersion('1764340000000.12.3')).toBe(1_764_340_000_000);
    expect(pinOfDataVersion('0.sp-postings-v1:20:0:25,sp-runs:0:0:2')).toBe(0);
    for (const bad of ['', '12', '12.', 'x.1', '2025-06-01', '1.2 3', '1234567890123456.1']) expect(pinOfDataVersion(bad)).toBeUndefined();
  });

  it('makes a filter not date-only: a pinned count is never read from the rollups', () => {
    expect(isDateOnlyFilter({ from: '2025-01-01' })).toBe(true);
    expect(isDateOnlyFilter({ from: '2025-01-01', storedBy: 0 })).toBe(false);
  });

  it('on Elasticsearch counts a document without stored_at (written before schema 3) inside every pin', () => {
    expect(filterClauses({ storedBy: 42 }, false)).toEqual([
      {
        bool: {
          should: [{ range: { stored_at: { lte: 42 } } }, { bool: { must_not: { exists: { field: 'stored_at' } } } }],
          minimum_should_match: 1,
        },
      },
    ]);
  });
});

describe('stored_at on SQLite (schema 6)', () => {
  it('gives a schema-5 file 0 for every posting it had, and each later batch a time after the newest', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-pin-')), 'old.db');
    const db = new Database(path);
    migrate(db, 5);
    db.close();
    const store = new SqliteStore({ path });
    try {
      expect(await store.dataVersion()).toMatch(/^0\./);
      const raw = new Database(path, { readonly: true });
      expect(raw.prepare("SELECT count(*) AS n FROM pragma_index_list('postings') WHERE name = 'postings_stored_at'").get()).toEqual({
        n: 1,
      });
      raw.close();
      const posting = (id: string) => ({
        id,
        source: 'unit',
        url: `https://jobs.example.com/${id}`,
        title: 'Engineer',
        company: null,
        locations: [],
        country: null,
        remote: 'onsite' as const,
        employmentType: null,
        seniority: 'mid' as const,
        salary: null,
        datePosted: '2025-03-01',
        dateInferred: false,
        validThrough: null,
        descriptionText: 'text',
        descriptionHtml: null,
        contentHash: `h-${id}`,
        skills: [],
        taxonomyVersion: 't',
        extractorVersion: 'e',
        canonicalId: null,
        role: null,
        place: null,
        seenAt: '2025-03-01T00:00:00.000Z',
      });
      // Batches in the same millisecond still get increasing times: a pin never takes in a later batch.
      const pins: number[] = [];
      for (const id of ['a', 'b', 'c']) {
        await store.upsertPostings([posting(id)]);
        pins.push(pinOfDataVersion(await store.dataVersion()) as number);
      }
      expect(pins[0]).toBeGreaterThan(0);
      expect(pins[1]).toBeGreaterThan(pins[0] as number);
      expect(pins[2]).toBeGreaterThan(pins[1] as number);
      expect(await store.countPostings({ storedBy: pins[1] as number })).toBe(2);
      // An update keeps when the posting was first stored.
      await store.upsertPostings([{ ...posting('a'), contentHash: 'changed' }]);
      expect(await store.countPostings({ storedBy: pins[0] as number })).toBe(1);
    } finally {
      await store.close();
    }
  });
});
