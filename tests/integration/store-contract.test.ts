import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredPosting } from '@skillpulse/core';
import { ElasticsearchStore, RUN_STATUSES, type SkillStore, SqliteStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePosting as posting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_MISSING_MESSAGE, openTestElasticsearch, REQUIRE_ES } from '../support/elasticsearch.js';
import { type TestLookups, withLookups } from '../support/store-lookups.js';

/** The storage contract; every backend runs the same cases. */
const backends: Array<[string, () => Promise<SkillStore & TestLookups>]> = [
  ['sqlite', async () => withLookups(new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-store-')), 'test.db') }))],
];
if (ES_AVAILABLE) backends.push(['elasticsearch', async () => withLookups(await openTestElasticsearch())]);

describe('Elasticsearch for the contract suite', () => {
  // Without Elasticsearch this is a visible skip locally and a failure in CI (SKILLPULSE_REQUIRE_ES=1).
  const check = ES_AVAILABLE || REQUIRE_ES ? it : it.skip;
  check('is reachable, so the contract runs on it too', () => {
    if (!ES_AVAILABLE) throw new Error(ES_MISSING_MESSAGE);
    expect(backends.map(([name]) => name)).toEqual(['sqlite', 'elasticsearch']);
  });
});

const ids = async (store: SkillStore, filter = {}) => {
  const seen: string[] = [];
  for await (const p of store.iteratePostings(filter)) seen.push(p.id);
  return seen.sort();
};

describe.each(backends)('SkillStore contract: %s', (_name, open) => {
  let store: SkillStore & TestLookups;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    if (store instanceof ElasticsearchStore) await store.destroy();
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
    expect(await store.trendCounts({ from: '2025-01-01' }, 'month', ['python', 'go', 'rust'])).toEqual({
      totals: [
        { period: '2025-01-01', postings: 2 },
        { period: '2025-04-01', postings: 1 },
      ],
      counts: [
        { period: '2025-01-01', skillId: 'go', postings: 1 },
        { period: '2025-01-01', skillId: 'python', postings: 1 },
        { period: '2025-04-01', skillId: 'python', postings: 1 },
      ],
    });
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

  it('touches unchanged postings: last seen moves on, an expired posting is live again, skills stay', async () => {
    await store.upsertPostings([posting({ id: 'a' })]);
    await store.markExpired(['a']);
    expect(await store.touchPostings(['a', 'missing'], '2025-02-01T00:00:00.000Z')).toBe(1);
    const touched = await store.getPosting('a');
    expect(touched).toMatchObject({ lastSeen: '2025-02-01T00:00:00.000Z', firstSeen: '2025-01-16T00:00:00.000Z', expired: false });
    expect(touched?.skills.map((s) => s.skillId)).toEqual(['python', 'postgresql']);
  });

  it('streams every posting, duplicates included, with filters', async () => {
    await store.upsertPostings([
      posting({ id: 'a', datePosted: '2025-01-10' }),
      posting({ id: 'b', canonicalId: 'a' }),
      posting({ id: 'c', datePosted: '2025-03-10', country: 'US' }),
    ]);
    expect(await ids(store)).toEqual(['a', 'b', 'c']);
    expect(await ids(store, { country: 'US' })).toEqual(['c']);
  });

  it('streams past one page of results', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => posting({ id: `p${String(i).padStart(5, '0')}` }));
    expect((await store.upsertPostings(many)).inserted).toBe(1203);
    const seen = await ids(store);
    expect(seen).toHaveLength(1203);
    expect(new Set(seen).size).toBe(1203);
  });

  it('filters company and location case-insensitively, and by required skills', async () => {
    await store.upsertPostings([
      posting({ id: 'a', company: 'Acme GmbH', locations: ['Berlin', 'Remote'] }),
      posting({ id: 'b', company: 'Other', locations: ['München'], skills: [{ skillId: 'go', level: 'required', count: 1 }] }),
    ]);
    expect(await store.countPostings({ company: 'acme gmbh' })).toBe(1);
    expect(await store.countPostings({ location: 'MÜNCHEN' })).toBe(1);
    expect(await store.countPostings({ location: 'remote' })).toBe(1);
    expect(await store.countPostings({ location: 'Paris' })).toBe(0);
    expect(await store.countPostings({ hasSkills: ['python', 'postgresql'] })).toBe(1);
    expect(await store.countPostings({ hasSkills: ['python', 'go'] })).toBe(0);
    expect(await store.skillCounts({ hasSkills: ['go'] })).toEqual([{ skillId: 'go', postings: 1 }]);
    expect(await store.countPostings({ anySkills: ['go', 'python'] })).toBe(2);
    expect(await store.countPostings({ anySkills: ['postgresql', 'rust'] })).toBe(1);
    expect(await store.countPostings({ anySkills: [] })).toBe(0);
  });

  it('counts a union of skills once per posting (a skill with its descendants), in the window and per period', async () => {
    const skills = (...ids: string[]) => ids.map((skillId) => ({ skillId, level: 'required' as const, count: 1 }));
    await store.upsertPostings([
      posting({ id: 'both', datePosted: '2025-01-10', skills: skills('java', 'spring') }),
      posting({ id: 'java', datePosted: '2025-01-20', skills: skills('java', 'sql') }),
      posting({ id: 'spring', datePosted: '2025-02-10', skills: skills('spring', 'kotlin') }),
      posting({ id: 'none', datePosted: '2025-02-11', skills: skills('python') }),
      posting({ id: 'dup', datePosted: '2025-02-12', skills: skills('java', 'spring'), canonicalId: 'both' }),
    ]);
    const jvm = ['java', 'spring', 'kotlin'];
    // Per-skill counts sum to 5; the union of postings asking for any of them is 3.
    const perSkill = await store.skillCounts({ skillIds: jvm });
    expect(perSkill.reduce((sum, c) => sum + c.postings, 0)).toBe(5);
    expect(await store.countPostings({ skillGroups: [jvm] })).toBe(3);
    expect(await store.countPostings({ skillGroups: [jvm], from: '2025-02-01', to: '2025-02-28' })).toBe(1);
    expect(await store.periodTotals({ skillGroups: [jvm] }, 'month')).toEqual([
      { period: '2025-01-01', postings: 2 },
      { period: '2025-02-01', postings: 1 },
    ]);
    // Every group must match: (Java or Spring) and (SQL or Kotlin).
    expect(
      await store.countPostings({
        skillGroups: [
          ['java', 'spring'],
          ['sql', 'kotlin'],
        ],
      }),
    ).toBe(2);
    expect(await store.countPostings({ skillGroups: [jvm, []] })).toBe(0);
    expect((await store.searchPostings({ filter: { skillGroups: [jvm], country: 'DE' }, page: 1, pageSize: 10 })).total).toBe(3);
    expect(await ids(store, { skillGroups: [['spring']] })).toEqual(['both', 'dup', 'spring']);
    expect(await store.skillCounts({ skillGroups: [['kotlin', 'sql']] })).toEqual([
      { skillId: 'java', postings: 1 },
      { skillId: 'kotlin', postings: 1 },
      { skillId: 'spring', postings: 1 },
      { skillId: 'sql', postings: 1 },
    ]);
  });

  it('answers date windows with ragged month ends the same as a scan would', async () => {
    const days = [
      '2024-12-31',
      '2025-01-01',
      '2025-01-15',
      '2025-01-31',
      '2025-02-01',
      '2025-02-28',
      '2025-03-01',
      '2025-03-10',
      '2025-03-11',
    ];
    await store.upsertPostings(days.map((d) => posting({ id: d, datePosted: d })));
    const windows: Array<[string | undefined, string | undefined, number]> = [
      ['2025-01-15', '2025-03-10', 6],
      ['2025-01-01', '2025-02-28', 5],
      ['2025-01-02', '2025-01-30', 1],
      [undefined, '2025-01-31', 4],
      ['2025-03-01', undefined, 3],
      [undefined, undefined, 9],
    ];
    for (const [from, to, expected] of windows) {
      expect(await store.countPostings({ from, to }), `${from}..${to}`).toBe(expected);
      // The same window through a facet filter takes the scan path on SQLite.
      expect(await store.countPostings({ from, to, country: 'DE' }), `${from}..${to} scan`).toBe(expected);
      expect(await store.skillCounts({ from, to })).toEqual([
        { skillId: 'postgresql', postings: expected },
        { skillId: 'python', postings: expected },
      ]);
    }
    expect(await store.periodTotals({ from: '2025-01-15', to: '2025-03-10' }, 'month')).toEqual([
      { period: '2025-01-01', postings: 2 },
      { period: '2025-02-01', postings: 2 },
      { period: '2025-03-01', postings: 2 },
    ]);
    expect(await store.periodSkillCounts({ from: '2025-01-15', to: '2025-03-10' }, 'year', ['python'])).toEqual([
      { period: '2025-01-01', skillId: 'python', postings: 6 },
    ]);
  });

  it('keeps near-duplicate groups: links, counts and unlinks', async () => {
    await store.upsertPostings([posting({ id: 'a' }), posting({ id: 'b' }), posting({ id: 'c' })]);
    expect(
      await store.setCanonical([
        { id: 'b', canonicalId: 'a' },
        { id: 'c', canonicalId: 'a' },
        { id: 'missing', canonicalId: 'a' },
      ]),
    ).toBe(2);
    expect(await store.countPostings({})).toBe(1);
    expect(await store.skillCounts({})).toContainEqual({ skillId: 'python', postings: 1 });
    expect(await store.periodTotals({}, 'month')).toEqual([{ period: '2025-01-01', postings: 1 }]);
    expect(await store.duplicatesOf('a')).toEqual(['b', 'c']);
    expect((await store.getPosting('b'))?.canonicalId).toBe('a');
    expect(await store.setCanonical([{ id: 'c', canonicalId: null }])).toBe(1);
    expect(await store.countPostings({})).toBe(2);
    expect(await store.duplicatesOf('a')).toEqual(['b']);
    // A changed duplicate stays out of the counts.
    await store.upsertPostings([posting({ id: 'b', canonicalId: 'a', contentHash: 'changed' })]);
    expect(await store.countPostings({})).toBe(2);
  });

  it('counts co-occurring skills', async () => {
    await store.upsertPostings([
      posting({
        id: 'a',
        skills: ['python', 'django', 'postgresql'].map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
      }),
      posting({ id: 'b', skills: ['python', 'postgresql'].map((skillId) => ({ skillId, level: 'required' as const, count: 1 })) }),
      posting({ id: 'c', skills: ['go', 'postgresql'].map((skillId) => ({ skillId, level: 'required' as const, count: 1 })) }),
      posting({
        id: 'd',
        canonicalId: 'a',
        skills: ['python', 'rust'].map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
      }),
    ]);
    expect(await store.cooccurrence({}, 'python')).toEqual({
      postings: 2,
      skills: [
        { skillId: 'postgresql', postings: 2 },
        { skillId: 'django', postings: 1 },
      ],
    });
    expect(await store.cooccurrence({}, 'python', 1)).toEqual({ postings: 2, skills: [{ skillId: 'postgresql', postings: 2 }] });
    expect(await store.cooccurrence({ country: 'US' }, 'python')).toEqual({ postings: 0, skills: [] });
  });

  it('breaks unique postings down by facet', async () => {
    await store.upsertPostings([
      posting({ id: 'a', company: 'Acme', locations: ['Berlin', 'Hamburg'] }),
      posting({ id: 'b', company: 'Acme', locations: ['Berlin'], remote: 'remote' }),
      posting({ id: 'c', company: null, locations: [], source: 'other' }),
      posting({ id: 'd', company: 'Dup', canonicalId: 'a' }),
    ]);
    expect(await store.facetCounts({}, 'company')).toEqual([{ value: 'Acme', postings: 2 }]);
    expect(await store.facetCounts({}, 'location')).toEqual([
      { value: 'Berlin', postings: 2 },
      { value: 'Hamburg', postings: 1 },
    ]);
    expect(await store.facetCounts({}, 'source')).toEqual([
      { value: 'fixture', postings: 2 },
      { value: 'other', postings: 1 },
    ]);
    expect(await store.facetCounts({ hasSkills: ['python'] }, 'remote', 1)).toEqual([{ value: 'hybrid', postings: 2 }]);
    expect(await store.facetCounts({}, 'seniority')).toEqual([{ value: 'mid', postings: 3 }]);
    expect(await store.facetCounts({}, 'country')).toEqual([{ value: 'DE', postings: 3 }]);
  });

  it('searches postings by text and filters, newest first, in pages', async () => {
    await store.upsertPostings([
      posting({ id: 'a', datePosted: '2025-01-01', title: 'Data Engineer', descriptionText: 'Kafka streams and Python.' }),
      posting({ id: 'b', datePosted: '2025-03-01', title: 'Backend Engineer', descriptionText: 'We use Kafka and Go.' }),
      posting({ id: 'c', datePosted: '2025-02-01', title: 'Designer', descriptionText: 'Figma all day.', country: 'US' }),
      posting({ id: 'd', datePosted: '2025-04-01', title: 'Kafka admin', descriptionText: 'Duplicate.', canonicalId: 'b' }),
    ]);
    const search = (text: string | undefined, page = 1, pageSize = 10, filter = {}) =>
      store.searchPostings({ filter, text, page, pageSize });
    const kafka = await search('kafka');
    expect(kafka.total).toBe(2);
    expect(kafka.postings.map((p) => p.id)).toEqual(['b', 'a']);
    expect((await search('KAFKA python')).postings.map((p) => p.id)).toEqual(['a']);
    expect((await search('engineer go')).postings.map((p) => p.id)).toEqual(['b']);
    expect((await search('cobol')).total).toBe(0);
    const all = await search(undefined, 2, 2);
    expect(all.total).toBe(3);
    expect(all.postings.map((p) => p.id)).toEqual(['a']);
    expect((await search(undefined, 1, 10, { country: 'US' })).postings.map((p) => p.id)).toEqual(['c']);
    expect(all.postings[0]?.descriptionText).toBe('Kafka streams and Python.');
    await expect(search('x', 0)).rejects.toThrow(/page: 0/);
    await expect(search('x', 600, 20)).rejects.toThrow(/first 10000/);
  });

  it('re-extracts stale postings, keeping when they were seen', async () => {
    await store.upsertPostings([
      posting({ id: 'a' }),
      posting({ id: 'b', extractorVersion: 'e2' }),
      posting({ id: 'c', canonicalId: 'a' }),
    ]);
    const progress: number[] = [];
    const result = await store.rewritePostings({
      isCurrent: (p) => p.extractorVersion === 'e2',
      rewrite: (stale: StoredPosting[]) =>
        stale.map((p) => ({ ...p, extractorVersion: 'e2', skills: [{ skillId: 'rust', level: 'required', count: 1 }] })),
      onProgress: (p) => progress.push(p.done),
    });
    expect(result).toMatchObject({ total: 3, done: 3, rewritten: 2 });
    expect(progress.at(-1)).toBe(3);
    expect(await store.skillCounts({})).toEqual([
      { skillId: 'postgresql', postings: 1 },
      { skillId: 'python', postings: 1 },
      { skillId: 'rust', postings: 1 },
    ]);
    const a = await store.getPosting('a');
    expect(a?.firstSeen).toBe('2025-01-16T00:00:00.000Z');
    expect(a?.skills).toEqual([{ skillId: 'rust', level: 'required', count: 1 }]);
    expect((await store.info()).extractorVersions).toEqual(['e2']);
    expect(await store.countPostings({})).toBe(2);
    // Nothing is stale any more: a second run rewrites nothing and loses nothing.
    expect(await store.rewritePostings({ isCurrent: () => true, rewrite: () => [] })).toMatchObject({ total: 3, rewritten: 0 });
    expect(await ids(store)).toEqual(['a', 'b', 'c']);
  });

  it('returns content hashes of stored postings only', async () => {
    await store.upsertPostings([posting({ id: 'a' })]);
    expect(await store.getContentHashes(['a', 'zzz'])).toEqual(new Map([['a', 'hash-a']]));
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

  it('records an import run with its file and rejected rows, and reads an older one without them', async () => {
    const base = {
      trigger: 'cli' as const,
      endedAt: '2025-01-01T00:01:00Z',
      status: 'completed_with_errors' as const,
      pagesFetched: 22,
      postingsNew: 16,
      postingsUpdated: 0,
      postingsDuplicate: 1,
      postingsExpired: 0,
      errorCount: 6,
    };
    const sha256 = 'ab'.repeat(32);
    const imported = {
      ...base,
      id: 'imp-new',
      job: 'import:jobspy',
      startedAt: '2025-01-01T00:02:00Z',
      errors: [{ url: 'jobs.csv line 70', reason: 'no title' }],
      file: { name: 'jobs.csv', bytes: 10503, sha256 },
      postingsRejected: 6,
    };
    const fromStdin = {
      ...imported,
      id: 'imp-stdin',
      startedAt: '2025-01-01T00:03:00Z',
      status: 'interrupted' as const,
      file: { name: '-', bytes: 512, sha256: null },
    };
    // As SkillPulse recorded an import before runs had `file`: the file was the first error.
    const older = {
      ...base,
      id: 'imp-old',
      job: 'import:jobspy',
      startedAt: '2025-01-01T00:00:00Z',
      errors: [
        { url: 'old.csv', reason: `imported file: 2048 bytes, SHA-256 ${sha256}` },
        { url: 'old.csv line 9', reason: 'no description' },
      ],
    };
    const crawl = { ...base, id: 'crawl-old', job: 'acme', startedAt: '2025-01-01T00:04:00Z', errors: [] };
    for (const run of [older, imported, fromStdin, crawl]) await store.saveRun(run);
    expect(await store.listRuns('import:jobspy')).toEqual([
      fromStdin,
      imported,
      {
        ...older,
        errors: [{ url: 'old.csv line 9', reason: 'no description' }],
        file: { name: 'old.csv', bytes: 2048, sha256 },
        postingsRejected: 6,
      },
    ]);
    // A crawl run (and any run recorded without the fields) reads as stored.
    expect(await store.listRuns('acme')).toEqual([crawl]);
  });

  it('keeps every run status, with the reason in its errors', async () => {
    expect(RUN_STATUSES).toEqual(['running', 'succeeded', 'completed_with_errors', 'failed', 'blocked', 'suspicious', 'interrupted']);
    const runs = RUN_STATUSES.map((status, i) => ({
      id: `r-${status}`,
      job: 'statuses',
      trigger: 'schedule' as const,
      startedAt: `2025-01-01T00:0${i}:00Z`,
      endedAt: status === 'running' ? null : `2025-01-01T00:0${i}:30Z`,
      status,
      pagesFetched: 1,
      postingsNew: 0,
      postingsUpdated: 0,
      postingsDuplicate: 0,
      postingsExpired: 0,
      errorCount: 1,
      errors: [{ url: 'https://boards.example/acme', reason: `why it was ${status}` }],
    }));
    for (const run of runs) await store.saveRun(run);
    expect(await store.listRuns('statuses')).toEqual([...runs].reverse());
  });

  it('moves its data version on every write and only then', async () => {
    const empty = await store.dataVersion();
    expect(await store.dataVersion()).toBe(empty);
    await store.upsertPostings([posting({ id: 'a' })]);
    const one = await store.dataVersion();
    expect(one).not.toBe(empty);
    expect(await store.dataVersion()).toBe(one);
    await store.markExpired(['a']);
    expect(await store.dataVersion()).not.toBe(one);
  });

  it('gives concurrent callers one data version, but never one read before their own write', async () => {
    const before = await store.dataVersion();
    const [first, second, afterWrite] = await Promise.all([
      store.dataVersion(),
      store.dataVersion(),
      (async () => {
        await store.upsertPostings([posting({ id: 'a' })]);
        return store.dataVersion();
      })(),
    ]);
    // The two reads started together agree (whether they saw the write under way or not).
    expect(second).toBe(first);
    expect(afterWrite).not.toBe(before);
    expect(await store.dataVersion()).toBe(afterWrite);
  });

  it('locks: one owner at a time, renewed by its owner, taken over when stale, released only by its owner', async () => {
    expect(await store.acquireLock('job:a', 'one', 60_000)).toBe(true);
    expect(await store.acquireLock('job:a', 'two', 60_000)).toBe(false);
    expect(await store.acquireLock('job:b', 'two', 60_000)).toBe(true);
    expect(await store.acquireLock('job:a', 'one', 60_000)).toBe(true);
    await store.releaseLock('job:a', 'two');
    expect(await store.acquireLock('job:a', 'two', 60_000)).toBe(false);
    await store.releaseLock('job:a', 'one');
    expect(await store.acquireLock('job:a', 'two', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Its heartbeat stopped: the lock is stale and another owner takes it over.
    expect(await store.acquireLock('job:a', 'three', 60_000)).toBe(true);
    expect(await store.acquireLock('job:a', 'two', 60_000)).toBe(false);
  });

  it('locks: of many owners racing for a free lock, exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.acquireLock('race', `owner-${i}`, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stamps versions', async () => {
    await store.upsertPostings([posting({ id: 'a' })]);
    const info = await store.info();
    expect(info.taxonomyVersions).toEqual(['t1']);
    expect(info.extractorVersions).toEqual(['e1']);
  });
});

describe.each(backends)('data version and locks seen by a second connection: %s', (name) => {
  it('moves when another connection writes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-store-')), 'test.db');
    const prefix = `sp-test-dv-${Date.now().toString(36)}`;
    const open = () => (name === 'sqlite' ? Promise.resolve(new SqliteStore({ path })) : openTestElasticsearch(prefix));
    const reader = await open();
    const writer = await open();
    try {
      const before = await reader.dataVersion();
      await writer.upsertPostings([posting({ id: 'a' })]);
      // The writer's process would serve its own writes; the reader must see that data changed.
      await (writer instanceof ElasticsearchStore ? writer.countPostings({}) : Promise.resolve());
      expect(await reader.dataVersion()).not.toBe(before);
      expect(await reader.countPostings({})).toBe(1);
      // A lock taken on one connection holds on the other.
      expect(await writer.acquireLock('job:x', 'writer', 60_000)).toBe(true);
      expect(await reader.acquireLock('job:x', 'reader', 60_000)).toBe(false);
      await writer.releaseLock('job:x', 'writer');
      expect(await reader.acquireLock('job:x', 'reader', 60_000)).toBe(true);
    } finally {
      if (writer instanceof ElasticsearchStore) await writer.destroy();
      await writer.close();
      await reader.close();
    }
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
    expect((await reopened.info()).schemaVersion).toBe(7);
    await reopened.close();
  });
});
