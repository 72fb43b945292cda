import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@skillpulse/core';
import { type PostingInput, SqliteStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postingSignature } from '../../../src/dedupe.js';
import { WeeklySpill, WeekWindow, weekOf } from '../../../src/import/by-week.js';
import type { ImportItem } from '../../../src/import/formats.js';
import { runImport } from '../../../src/import/run.js';

/**
 * Issue 21 (flat memory): an import sets its postings aside by week of publication and stores them
 * week by week, so its near-duplicate index holds the weeks around the one being stored, never the
 * whole file.
 */

const TEXT =
  'Build payment services in Python and Django on Kubernetes with PostgreSQL, Redis and Kafka; ' +
  'four years of backend work, code review, on-call once a month, and a team of six in Berlin.';

function posting(id: string, datePosted: string, overrides: Partial<PostingInput> = {}): PostingInput {
  return {
    id,
    source: 'import:feed',
    url: `https://jobs.example/${id}`,
    title: 'Backend Engineer',
    company: 'Example Co',
    locations: ['Berlin'],
    country: 'DE',
    remote: 'onsite',
    employmentType: null,
    seniority: 'mid',
    salary: null,
    datePosted,
    dateInferred: false,
    validThrough: null,
    descriptionText: TEXT,
    descriptionHtml: null,
    contentHash: `hash-${id}`,
    skills: [],
    taxonomyVersion: 't1',
    extractorVersion: 'e1',
    canonicalId: null,
    role: null,
    place: null,
    seenAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

const prepared = (input: PostingInput) => ({ input, signature: postingSignature(input) });

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'skillpulse-by-week-'));
});
afterEach(() => {
  rmSync(parent, { recursive: true, force: true });
});

describe('WeeklySpill', () => {
  it('gives the postings back week by week in order, each week in the order added, with the weeks each batch spans', async () => {
    const spill = new WeeklySpill(parent);
    // 2026-03-02 and 2026-03-04 share a week; 2025-12-31 is earlier, 2026-06-10 later.
    const dates = ['2026-03-02', '2026-06-10', '2025-12-31', '2026-03-04', '2026-03-02', '2025-12-31', '2026-03-03'];
    const added = dates.map((date, i) => prepared(posting(`p${i}`, date)));
    for (const p of added) spill.add(p);
    expect(spill.size).toBe(7);
    const batches: Array<{ weeks: number[]; ids: string[] }> = [];
    for await (const { weeks, batch } of spill.batches(3)) {
      batches.push({ weeks, ids: batch.map((p) => p.input.id) });
      for (const p of batch) expect(p).toEqual(added[Number(p.input.id.slice(1))]);
    }
    const [winter, march, june] = [weekOf('2025-12-31'), weekOf('2026-03-02'), weekOf('2026-06-10')];
    expect(batches).toEqual([
      { weeks: [winter, march], ids: ['p2', 'p5', 'p0'] },
      { weeks: [march, march], ids: ['p3', 'p4', 'p6'] },
      { weeks: [june, june], ids: ['p1'] },
    ]);
    spill.remove();
    expect(readdirSync(parent)).toEqual([]);
  });

  it("removes the folders of imports that were killed, never a running one's", () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    mkdirSync(join(parent, `import-by-week-${gone}-abc123`));
    // An earlier process with this process's pid (a container's command is pid 1 every time).
    mkdirSync(join(parent, `import-by-week-${process.pid}-def456`));
    const running = new WeeklySpill(parent);
    const other = new WeeklySpill(parent);
    expect(existsSync(join(parent, `import-by-week-${gone}-abc123`))).toBe(false);
    expect(existsSync(join(parent, `import-by-week-${process.pid}-def456`))).toBe(false);
    expect(readdirSync(parent).filter((name) => name.startsWith(`import-by-week-${process.pid}-`))).toHaveLength(2);
    running.remove();
    other.remove();
  });
});

describe('WeeklySpill failures', () => {
  it('names a folder it cannot make, and a write that failed, with a stable code', async () => {
    const file = join(parent, 'import');
    writeFileSync(file, '');
    expect(() => new WeeklySpill(file)).toThrow(
      expect.objectContaining({ code: 'SKILLPULSE_ERR_CONFIG', message: expect.stringContaining(`${file} cannot be made (`) }),
    );
    const spill = new WeeklySpill(join(parent, 'ok'));
    spill.add(prepared(posting('p1', '2026-03-02')));
    // The folder gone (as a full disk would refuse the write): the flush before reading back fails.
    rmSync(join(parent, 'ok'), { recursive: true, force: true });
    await expect(spill.batches(10).next()).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_STORE_WRITE',
      message: expect.stringContaining('free space there and run the import again (what was stored stays)'),
    });
  });
});

describe('WeekWindow', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('holds the canonical postings stored within the window of the week, and lets earlier ones go as the weeks go on', async () => {
    await store.upsertPostings([
      posting('crawl:a', '2025-01-10', { source: 'crawl:board' }),
      posting('crawl:b', '2025-01-12', { source: 'crawl:board', canonicalId: 'crawl:a' }),
      posting('crawl:c', '2025-09-01', { source: 'crawl:board', title: 'Data Engineer' }),
    ]);
    const window = new WeekWindow(store, 90);
    const copy = (date: string) => ({
      id: 'import:new',
      title: 'Backend Engineer',
      datePosted: date,
      signature: postingSignature(posting('x', date)),
    });

    await window.cover(weekOf('2025-03-01'), weekOf('2025-03-01'));
    // The canonical posting only (crawl:b points at crawl:a), 50 days before the week.
    expect(window.index.size).toBe(1);
    expect(window.index.match(copy('2025-03-01'))?.id).toBe('crawl:a');

    await window.cover(weekOf('2025-08-01'), weekOf('2025-08-01'));
    // crawl:a (more than 90 days before) has gone; crawl:c is near.
    expect(window.index.size).toBe(1);
    expect(window.index.match(copy('2025-08-01'))).toBeNull();
  });
});

describe('runImport in order of publication', () => {
  it('finds near-duplicates whatever the order of the file, against stored postings of other sources too, the earliest canonical', {
    timeout: 60_000,
  }, async () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      // Published 200 days before the import's copies' first week: older than any crawl's window of today.
      await store.upsertPostings([posting('crawl:old', '2025-01-10', { source: 'crawl:board' })]);
      const rows = [
        // Newest first, as JobSpy writes; a copy 80 days after crawl:old, one 120 days after the first copy.
        posting('import:feed:3', '2025-07-29'),
        posting('import:feed:2', '2025-03-31'),
        posting('import:feed:1', '2025-01-20', { title: 'Data Engineer' }),
      ];
      const input = {
        stats: { name: 'feed.csv', bytes: 1, size: 1, sha256: null },
        items: (async function* (): AsyncGenerator<ImportItem> {
          for (const [
            i,
            { skills: _s, taxonomyVersion: _t, extractorVersion: _e, canonicalId: _c, role: _r, place: _p, seenAt: _at, ...p },
          ] of rows.entries()) {
            yield { at: `line ${i + 2}`, posting: p };
          }
        })(),
      };
      const result = await runImport({ input, name: 'feed', store, logger: silentLogger, spillDir: parent });
      expect(result.run).toMatchObject({ status: 'succeeded', postingsNew: 3, postingsDuplicate: 1 });
      const canonical: Record<string, string | null> = {};
      for await (const p of store.iteratePostings({ source: 'import:feed' })) canonical[p.id] = p.canonicalId;
      expect(canonical).toEqual({ 'import:feed:1': null, 'import:feed:2': 'crawl:old', 'import:feed:3': null });
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
