import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type PostingInput, SqliteStore } from '../../../src/index.js';
import { withPeriodSkillCounts } from '../../support/lookups.js';

function posting(id: string, datePosted: string, skillIds: string[], canonicalId: string | null = null): PostingInput {
  return {
    id,
    source: 'unit',
    url: `https://jobs.example.com/${id}`,
    title: 'Engineer',
    company: 'Example',
    locations: [],
    country: null,
    remote: 'unknown',
    employmentType: null,
    seniority: 'unknown',
    salary: null,
    datePosted,
    dateInferred: false,
    validThrough: null,
    descriptionText: 'text',
    descriptionHtml: null,
    contentHash: `${id}-${skillIds.join()}`,
    skills: skillIds.map((skillId) => ({ skillId, level: 'required', count: 1 })),
    taxonomyVersion: 't',
    extractorVersion: 'e',
    canonicalId,
    seenAt: '2025-06-01T00:00:00.000Z',
  };
}

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'skillpulse-rollups-')), 'store.db');

describe('SQLite rollup vectors', () => {
  it('rebuilds the vectors from the postings when a schema-2 file is opened', async () => {
    const path = tempDb();
    const store = new SqliteStore({ path });
    await store.upsertPostings([
      posting('a', '2025-01-15', ['python', 'sql']),
      posting('b', '2025-02-03', ['python']),
      posting('c', '2025-02-03', ['python'], 'b'),
    ]);
    const before = await store.skillCounts({}, 10);
    await store.close();

    // Put the file back to schema 2: per-(skill, day) rollup tables, no vectors, no locks, no role and place columns.
    const db = new Database(path);
    db.exec(`DROP INDEX postings_role;
      ALTER TABLE postings DROP COLUMN role; ALTER TABLE postings DROP COLUMN place; ALTER TABLE postings DROP COLUMN role_id;
      ALTER TABLE postings DROP COLUMN cities_key; ALTER TABLE postings DROP COLUMN regions_key; ALTER TABLE postings DROP COLUMN metros_key;
      DROP TABLE rollup_days; DROP TABLE rollup_months; DROP TABLE skill_keys; DROP TABLE locks;
      CREATE TABLE rollup_day (skill_id TEXT NOT NULL, day TEXT NOT NULL, postings INTEGER NOT NULL, PRIMARY KEY (skill_id, day)) WITHOUT ROWID;
      CREATE TABLE rollup_month (skill_id TEXT NOT NULL, month TEXT NOT NULL, postings INTEGER NOT NULL, PRIMARY KEY (skill_id, month)) WITHOUT ROWID;
      PRAGMA user_version = 2;`);
    db.close();

    const migrated = new SqliteStore({ path });
    expect((await migrated.info()).schemaVersion).toBe(7);
    expect(await migrated.skillCounts({}, 10)).toEqual(before);
    expect(before).toEqual([
      { skillId: 'python', postings: 2 },
      { skillId: 'sql', postings: 1 },
    ]);
    expect(await migrated.periodTotals({ from: '2025-01-20', to: '2025-12-31' }, 'month')).toEqual([{ period: '2025-02-01', postings: 1 }]);
    await migrated.close();
  });

  it('numbers new skills consistently when two connections write the same file', async () => {
    const path = tempDb();
    const first = new SqliteStore({ path });
    const second = new SqliteStore({ path });
    await first.upsertPostings([posting('a', '2025-03-01', ['rust'])]);
    // `second` loaded its skill numbering before `first` numbered rust.
    await second.upsertPostings([posting('b', '2025-03-01', ['go', 'rust'])]);
    await first.upsertPostings([posting('c', '2025-03-02', ['go'])]);
    for (const store of [first, second]) {
      expect(await store.skillCounts({ from: '2025-03-01', to: '2025-03-31' }, 10)).toEqual([
        { skillId: 'go', postings: 2 },
        { skillId: 'rust', postings: 2 },
      ]);
    }
    await first.close();
    await second.close();
  });

  it('answers ragged windows from day vectors and whole months from month vectors alike', async () => {
    const store = withPeriodSkillCounts(new SqliteStore({ path: tempDb() }));
    const days = ['2024-12-31', '2025-01-01', '2025-01-31', '2025-02-01', '2025-02-28', '2025-03-01'];
    await store.upsertPostings(days.map((day, i) => posting(`p${i}`, day, i % 2 ? ['python'] : ['python', 'java'])));
    const window = { from: '2025-01-01', to: '2025-02-28' };
    expect(await store.countPostings(window)).toBe(4);
    expect(await store.countPostings({ from: '2025-01-31', to: '2025-02-01' })).toBe(2);
    // A source filter takes the scan path; both paths must agree.
    expect(await store.skillCounts({ ...window, source: 'unit' }, 10)).toEqual(await store.skillCounts(window, 10));
    expect(await store.periodSkillCounts({ from: '2025-01-15' }, 'quarter', ['java', 'python', 'unknown-skill'])).toEqual([
      { period: '2025-01-01', skillId: 'java', postings: 2 },
      { period: '2025-01-01', skillId: 'python', postings: 4 },
    ]);
    await store.close();
  });

  it('gives any window the same totals, top skills (ties by id) and per-period counts as a scan of the postings', async () => {
    const store = withPeriodSkillCounts(new SqliteStore({ path: tempDb() }));
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const skills = ['python', 'java', 'rust', 'go', 'sql', 'react', 'docker', 'kafka'];
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const write = (from: number, count: number) =>
      store.upsertPostings(
        Array.from({ length: count }, (_, i) =>
          posting(
            `r${from + i}`,
            day(Math.floor(random() * 500)),
            skills.filter(() => random() < 0.3),
          ),
        ),
      );
    await write(0, 400);
    const windows = [{}, { from: '2023-01-01', to: '2023-12-31' }, { from: '2025-06-01', to: '2024-01-01' }];
    for (let i = 0; i < 40; i++) {
      const a = Math.floor(random() * 560) - 30;
      windows.push({ from: day(a), to: day(a + Math.floor(random() * 200)) });
    }
    const check = async () => {
      for (const window of windows) {
        const scan = { ...window, source: 'unit' };
        expect(await store.countPostings(window)).toBe(await store.countPostings(scan));
        for (const limit of [1, 3, 20]) expect(await store.skillCounts(window, limit)).toEqual(await store.skillCounts(scan, limit));
        const some = { ...window, skillIds: ['rust', 'kafka', 'rust', 'unknown'] };
        expect(await store.skillCounts(some, 5)).toEqual(await store.skillCounts({ ...some, source: 'unit' }, 5));
        for (const interval of ['day', 'week', 'month', 'quarter', 'year'] as const) {
          const trend = await store.trendCounts(window, interval, ['sql', 'go', 'unknown', 'go']);
          expect(trend).toEqual(await store.trendCounts(scan, interval, ['sql', 'go', 'unknown', 'go']));
          expect(trend.totals).toEqual(await store.periodTotals(window, interval));
          expect(trend.counts).toEqual(await store.periodSkillCounts(window, interval, ['go', 'sql']));
        }
      }
    };
    await check();
    // The running totals follow new writes.
    await write(400, 50);
    await check();
    await store.close();
  }, 60_000); // randomised over many windows: 0.4 s alone, over 5 s when CI runs packages side by side
});
