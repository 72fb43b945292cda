import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElasticsearchStore, type PostingFilter, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePosting as posting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL } from '../support/elasticsearch.js';

/**
 * Store contract for `windowSkillCounts` (issue 22: a top report makes two searches, not four):
 * it answers exactly what `countPostings` and `skillCounts` answer, on SQLite and on both
 * Elasticsearch paths (the rollups, and the postings when rollup reads are off).
 */
const openEs = (reads: boolean) =>
  ElasticsearchStore.open({
    url: ES_URL,
    indexPrefix: `sp-test-window-${randomBytes(4).toString('hex')}`,
    shards: 1,
    replicas: 0,
    rollups: { reads },
  } as Parameters<typeof ElasticsearchStore.open>[0]);

const backends: Array<[string, () => Promise<SkillStore>]> = [
  ['sqlite', async () => new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-window-')), 'test.db') })],
];
if (ES_AVAILABLE) {
  backends.push(['elasticsearch rollups', () => openEs(true)]);
  backends.push(['elasticsearch postings', () => openEs(false)]);
}

const skills = (...ids: string[]) => ids.map((skillId) => ({ skillId, level: 'required' as const, count: 1 }));

function seed(): PostingInput[] {
  return [
    posting({ id: 'a', datePosted: '2025-01-10', skills: skills('python', 'go') }),
    posting({ id: 'b', datePosted: '2025-01-20', skills: skills('python'), country: 'US' }),
    posting({ id: 'c', datePosted: '2025-02-05', skills: skills('rust', 'python') }),
    posting({ id: 'd', datePosted: '2025-02-06', skills: skills('go'), country: 'US' }),
    posting({ id: 'e', datePosted: '2025-03-31', skills: [] }),
    // A near-duplicate: stored, never counted.
    posting({ id: 'a-dup', datePosted: '2025-01-10', skills: skills('python', 'kafka'), canonicalId: 'a' }),
  ];
}

const FILTERS: PostingFilter[] = [
  {},
  { from: '2025-01-01', to: '2025-01-31' },
  { from: '2025-01-15', to: '2025-03-31' },
  { from: '2025-02-01' },
  { to: '2025-01-31' },
  { from: '2024-01-01', to: '2024-12-31' },
  { country: 'US' },
  { country: 'US', from: '2025-01-01', to: '2025-01-31' },
  { skillIds: ['rust', 'go', 'kafka', 'unknown'] },
  { from: '2025-01-01', to: '2025-02-28', skillIds: ['go'] },
  { country: 'US', skillIds: ['python'] },
  { skillIds: [] },
  { country: 'DE', skillIds: [] },
];

describe.each(backends)('windowSkillCounts contract: %s', (_name, open) => {
  let store: SkillStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    if (store instanceof ElasticsearchStore) await store.destroy();
    await store.close();
  });

  it('gives the unique total and the skill counts of the window in one answer', async () => {
    await store.upsertPostings(seed());
    expect(await store.windowSkillCounts({})).toEqual({
      total: 5,
      skills: [
        { skillId: 'python', postings: 3 },
        { skillId: 'go', postings: 2 },
        { skillId: 'rust', postings: 1 },
      ],
    });
    expect(await store.windowSkillCounts({ from: '2025-01-15', to: '2025-03-31' }, 2)).toEqual({
      total: 4,
      skills: [
        { skillId: 'python', postings: 2 },
        { skillId: 'go', postings: 1 },
      ],
    });
    // skillIds narrows the skills, never the total (the previous window of a top report).
    expect(await store.windowSkillCounts({ from: '2025-01-01', to: '2025-01-31', skillIds: ['go', 'rust', 'kafka'] }, 3)).toEqual({
      total: 2,
      skills: [{ skillId: 'go', postings: 1 }],
    });
    expect(await store.windowSkillCounts({ skillIds: [] }, 5)).toEqual({ total: 5, skills: [] });
    expect(await store.windowSkillCounts({ country: 'US' }, 5)).toEqual({
      total: 2,
      skills: [
        { skillId: 'go', postings: 1 },
        { skillId: 'python', postings: 1 },
      ],
    });
  });

  it('equals countPostings with skillCounts for every filter and limit', async () => {
    await store.upsertPostings(seed());
    for (const filter of FILTERS) {
      for (const limit of [1, 2, 50]) {
        const expected = { total: await store.countPostings(filter), skills: await store.skillCounts(filter, limit) };
        expect(await store.windowSkillCounts(filter, limit), JSON.stringify({ filter, limit })).toEqual(expected);
      }
    }
  });

  it('counts exactly past 10,000 postings', async () => {
    const many: PostingInput[] = [];
    for (let i = 0; i < 10_050; i++) {
      many.push(
        posting({
          id: `m${i}`,
          datePosted: i % 2 ? '2025-05-01' : '2025-05-02',
          descriptionText: 'x',
          skills: skills(...(i % 3 === 0 ? ['go'] : []), 'python'),
        }),
      );
    }
    for (let i = 0; i < many.length; i += 2_000) await store.upsertPostings(many.slice(i, i + 2_000));
    for (const filter of [{}, { from: '2025-05-01', to: '2025-05-31' }, { country: 'DE' }]) {
      expect(await store.windowSkillCounts(filter, 5), JSON.stringify(filter)).toEqual({
        total: 10_050,
        skills: [
          { skillId: 'python', postings: 10_050 },
          { skillId: 'go', postings: 3_350 },
        ],
      });
    }
  }, 120_000);
});
