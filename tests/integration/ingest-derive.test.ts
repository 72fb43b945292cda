import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StoredPosting, silentLogger } from '@skillpulse/core';
import { SkillExtractor } from '@skillpulse/extract';
import { PostingDeriver, parseJob, reextractPostings, runIngest } from '@skillpulse/ingest';
import { loadRoleCatalogue, TitleClassifier } from '@skillpulse/roles';
import { generateSamplePostings, type SampleBoard, startSampleBoard } from '@skillpulse/sample-board';
import { SqliteStore } from '@skillpulse/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every stored posting carries its role, place and normalised pay (issue 20): the sample board is
 * crawled into SQLite, and a new role-mapping version makes `reindex` re-derive roles although the
 * skills are current.
 */

const SIZE = 80;
const ANNUAL = { year: 1, month: 12, hour: 2080 } as const;

let board: SampleBoard;
let store: SqliteStore;
let stored: StoredPosting[];
const expected = new Map(generateSamplePostings(SIZE).map((p) => [p.slug, p]));
const slugOf = (posting: StoredPosting) => posting.url.split('/').pop() as string;

async function all(): Promise<StoredPosting[]> {
  const out: StoredPosting[] = [];
  for await (const posting of store.iteratePostings({})) out.push(posting);
  return out;
}

beforeAll(async () => {
  board = await startSampleBoard({ size: SIZE });
  store = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-derive-')), 'skillpulse.db') });
  const job = parseJob(
    {
      id: 'derive',
      source: { type: 'career-site', startUrls: [`${board.url}/jobs`], follow: [`^${board.url.replace(/\./g, '\\.')}/jobs`] },
      options: { allowPrivateNetwork: true },
    },
    'inline.yaml',
  );
  const run = await runIngest({ job, store, logger: silentLogger });
  expect(run.postingsNew).toBe(SIZE);
  stored = await all();
}, 180_000);

afterAll(async () => {
  await board?.close();
  await store?.close();
});

describe('ingest derives role, place and pay', () => {
  it('stamps every posting with its role family, occupation and the role-mapping version', () => {
    const version = new TitleClassifier().version;
    expect(stored).toHaveLength(SIZE);
    let right = 0;
    for (const posting of stored) {
      expect(posting.role, posting.title).toMatchObject({ version, id: expect.any(String), confidence: expect.any(Number) });
      if (posting.role?.id === expected.get(slugOf(posting))?.roleFamily) right++;
    }
    // The board's titles are plain ones: all but a rare few map to the family they were written for.
    expect(right / SIZE).toBeGreaterThanOrEqual(0.95);
    const engineer = stored.find((p) => p.role?.id === 'data-engineer');
    expect(engineer?.role).toMatchObject({ isco: '2511', onetSoc: '15-1243.00', occupationUri: expect.stringMatching(/^http/) });
  });

  it('stamps every posting with its city, region, country and metro from its location', () => {
    for (const posting of stored) {
      const sample = expected.get(slugOf(posting));
      expect(posting.place?.version, posting.id).toMatch(/^places-/);
      expect(posting.place?.countries, posting.id).toEqual([sample?.country]);
      expect(posting.place?.cities, posting.id).toHaveLength(1);
      expect(posting.place?.cities[0], posting.id).toMatch(new RegExp(`, ${sample?.country}-\\w+$`));
      expect(posting.place?.regions, posting.id).toHaveLength(1);
      expect(posting.place?.metros, posting.id).toHaveLength(1);
    }
    const metros = new Set(stored.flatMap((p) => p.place?.metros ?? []));
    expect(metros.size).toBeGreaterThan(8);
    const sf = stored.find((p) => p.locations[0]?.startsWith('San Francisco'));
    if (sf) expect(sf.place).toMatchObject({ cities: ['San Francisco, US-CA'], regions: ['US-CA'], metros: ['US-san-francisco'] });
  });

  it('stores pay normalised and annualised in its own currency, or none when the posting hides it', () => {
    const currencies = new Set<string>();
    const periods = new Set<string>();
    for (const posting of stored) {
      const sample = expected.get(slugOf(posting));
      if (!sample) throw new Error(`${posting.url} is not a sample posting`);
      if (sample.salaryMin === null || sample.salaryMax === null) {
        expect(posting.salary, posting.id).toBeNull();
        continue;
      }
      const factor = ANNUAL[sample.salaryPeriod];
      expect(posting.salary, posting.id).toMatchObject({
        min: sample.salaryMin,
        max: sample.salaryMax,
        currency: sample.currency,
        period: sample.salaryPeriod,
        annualMin: sample.salaryMin * factor,
        annualMax: sample.salaryMax * factor,
        fromText: false,
      });
      currencies.add(sample.currency);
      periods.add(sample.salaryPeriod);
    }
    expect(currencies.size).toBeGreaterThanOrEqual(4);
    expect([...periods].sort()).toEqual(['hour', 'month', 'year']);
    expect(stored.some((p) => p.salary === null)).toBe(true);
  });
});

describe('reindex re-derives after a mapping upgrade', () => {
  it('re-derives every role stamped with another version, keeping current skills, then nothing', async () => {
    const upgraded = new PostingDeriver({ classifier: new TitleClassifier({ ...loadRoleCatalogue(), version: '2099.1.0-test' }) });
    const extractor = new SkillExtractor();
    const first = await reextractPostings({ store, extractor, deriver: upgraded });
    expect(first).toMatchObject({ total: SIZE, rewritten: SIZE });
    const after = await all();
    const before = new Map(stored.map((p) => [p.id, p]));
    for (const posting of after) {
      expect(posting.role?.version).toBe('2099.1.0-test');
      // The skills were current: not re-extracted, the same.
      expect(posting.skills).toEqual(before.get(posting.id)?.skills);
      expect(posting.role?.id).toBe(before.get(posting.id)?.role?.id);
    }
    // Everything is current now: a second reindex rewrites nothing.
    expect(await reextractPostings({ store, extractor, deriver: upgraded })).toMatchObject({ rewritten: 0 });
  }, 120_000);
});
