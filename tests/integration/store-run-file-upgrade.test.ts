import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CrawlRun, SqliteStore } from '@skillpulse/store';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ES_AVAILABLE, ES_URL, openTestElasticsearch } from '../support/elasticsearch.js';

/**
 * Issue 21: import runs keep their file (name, bytes, SHA-256) and rejected rows in fields of their
 * own. Stores written before (the file named by the run's first error) opened by this SkillPulse:
 * SQLite rewrites those runs (migration 7), an Elasticsearch runs index gains the new fields.
 */

const sha256 = 'cd'.repeat(32);
const legacy: CrawlRun = {
  id: 'imp-old',
  job: 'import:feed',
  trigger: 'cli',
  startedAt: '2025-01-01T00:00:00Z',
  endedAt: '2025-01-01T00:01:00Z',
  status: 'completed_with_errors',
  pagesFetched: 3,
  postingsNew: 2,
  postingsUpdated: 0,
  postingsDuplicate: 0,
  postingsExpired: 0,
  errorCount: 1,
  errors: [
    { url: 'feed.csv', reason: `imported file: 300 bytes, SHA-256 ${sha256}` },
    { url: 'feed.csv line 3', reason: 'no title' },
  ],
};
const upgraded: CrawlRun = {
  ...legacy,
  errors: [{ url: 'feed.csv line 3', reason: 'no title' }],
  file: { name: 'feed.csv', bytes: 300, sha256 },
  postingsRejected: 1,
};

describe('SQLite: a schema-6 file with an import run recorded before runs had a file', () => {
  it('migrates to schema 7, the run rewritten with its file and rejected rows in their fields', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-runs-')), 'old.db');
    const writer = new SqliteStore({ path });
    await writer.close();
    const db = new Database(path);
    const crawl = { ...legacy, id: 'crawl', job: 'acme', errors: [] };
    const insert = db.prepare('INSERT INTO runs (id, job, started_at, body) VALUES (?, ?, ?, ?)');
    for (const run of [legacy, crawl]) insert.run(run.id, run.job, run.startedAt, JSON.stringify(run));
    db.exec('PRAGMA user_version = 6');
    db.close();

    const store = new SqliteStore({ path });
    try {
      expect((await store.info()).schemaVersion).toBe(7);
      expect(await store.listRuns('import:feed')).toEqual([upgraded]);
      expect(await store.listRuns('acme')).toEqual([crawl]);
    } finally {
      await store.close();
    }
    // Rewritten in the file itself, not only when read.
    const check = new Database(path, { readonly: true });
    const bodies = check.prepare('SELECT id, body FROM runs ORDER BY id').all() as Array<{ id: string; body: string }>;
    check.close();
    expect(bodies.map((row) => [row.id, JSON.parse(row.body)])).toEqual([
      ['crawl', crawl],
      ['imp-old', upgraded],
    ]);
  });
});

const esFetch = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${ES_URL}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`);
  return body;
};

describe.runIf(ES_AVAILABLE)('Elasticsearch: a runs index created before runs had a file', () => {
  it('gains the new fields in place; its old import runs read with their file, new ones are found by it', async () => {
    const prefix = `sp-test-runs-${randomBytes(4).toString('hex')}`;
    // The runs index as SkillPulse created it before issue 21, holding a run of then.
    await esFetch(`/${prefix}-runs`, {
      method: 'PUT',
      body: JSON.stringify({
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic: false,
          properties: {
            id: { type: 'keyword' },
            job: { type: 'keyword' },
            startedAt: { type: 'date', format: 'strict_date_optional_time' },
          },
        },
      }),
    });
    await esFetch(`/${prefix}-runs/_doc/${legacy.id}?refresh=true`, { method: 'PUT', body: JSON.stringify(legacy) });

    const store = await openTestElasticsearch(prefix);
    try {
      const mapping = (await esFetch(`/${prefix}-runs/_mapping`)) as Record<
        string,
        { mappings: { properties: Record<string, { type?: string; properties?: Record<string, { type: string }> }> } }
      >;
      const properties = Object.values(mapping)[0]?.mappings.properties ?? {};
      expect(properties.postingsRejected?.type).toBe('integer');
      expect(properties.file?.properties).toEqual({ name: { type: 'keyword' }, bytes: { type: 'long' }, sha256: { type: 'keyword' } });

      expect(await store.listRuns('import:feed')).toEqual([upgraded]);
      const fresh = {
        ...upgraded,
        id: 'imp-new',
        startedAt: '2025-01-02T00:00:00Z',
        file: { name: 'b.csv', bytes: 9, sha256: 'ef'.repeat(32) },
      };
      await store.saveRun(fresh);
      const found = (await esFetch(`/${prefix}-runs/_search`, {
        method: 'POST',
        body: JSON.stringify({ query: { term: { 'file.sha256': 'ef'.repeat(32) } } }),
      })) as { hits: { hits: Array<{ _id: string }> } };
      expect(found.hits.hits.map((hit) => hit._id)).toEqual(['imp-new']);
    } finally {
      await store.destroy();
      await store.close();
    }
  }, 120_000);
});
