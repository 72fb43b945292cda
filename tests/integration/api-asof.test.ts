import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@skillpulse/api';
import { ElasticsearchStore, ES_SCHEMA_VERSION, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL, openTestElasticsearch } from '../support/elasticsearch.js';

/**
 * `asOf=<dataVersion>` (issue 21): a report URL pinned to the data version of its stamp keeps
 * answering the same bytes while postings arrive, on both backends.
 */
const backends: Array<[string, () => Promise<SkillStore>]> = [
  ['sqlite', async () => new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-asof-')), 'test.db') })],
];
if (ES_AVAILABLE) backends.push(['elasticsearch', () => openTestElasticsearch()]);

const taxonomy = getDefaultTaxonomy();
const day = (n: number) => new Date(Date.parse('2025-04-01T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
const skillsOf = (...ids: string[]) => ids.map((skillId) => ({ skillId, level: 'required' as const, count: 1 }));

/** Postings in April–June 2025: every third asks for Go, every second for Python, every fifth for SQL. */
function batch(prefix: string, count: number, offset = 0): PostingInput[] {
  return Array.from({ length: count }, (_, i) =>
    fixturePosting({
      id: `${prefix}${i}`,
      datePosted: day((i * 7 + offset) % 90),
      skills: skillsOf(...(i % 2 === 0 ? ['python'] : []), ...(i % 3 === 0 ? ['go'] : []), ...(i % 5 === 0 ? ['sql'] : [])),
    }),
  );
}

const URLS = [
  '/api/top?from=2025-04-01&to=2025-06-29&limit=10',
  '/api/trends?skills=python,golang,sql&interval=month&from=2025-01-01&to=2025-06-30',
  '/api/trends?skills=python&interval=week&from=2025-04-01&to=2025-06-29&country=DE',
  '/api/skills/python?from=2025-04-01&to=2025-06-29',
];
/** The body without the time it was computed at: the one part of a report that may differ. */
const withoutGeneratedAt = (body: string) => body.replace(/"generatedAt":"[^"]*",?/, '');

describe.each(backends)('asOf pins reports on %s', (_backend, open) => {
  let store: SkillStore;
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ method: 'GET', url });
  const pinned = (url: string, version: string) => `${url}&asOf=${encodeURIComponent(version)}`;

  beforeAll(async () => {
    store = await open();
    app = await buildApp({ store, taxonomy });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (store instanceof ElasticsearchStore) await store.destroy();
    await store?.close();
  });

  it('answers a pinned URL with the same bytes while postings arrive; unpinned numbers move', async () => {
    await store.upsertPostings(batch('a', 60));
    const first = new Map<string, { body: string; version: string }>();
    for (const url of URLS) {
      const response = await get(url);
      expect(response.statusCode, response.body).toBe(200);
      const version = response.json().stamp.dataVersion as string;
      expect(version).toMatch(/^\d+\.\S+$/);
      first.set(url, { body: response.body, version });
    }
    const version = (first.get(URLS[0] as string) as { version: string }).version;
    // Pinned at once: the same report, its stamp printing the version and when it was pinned to.
    const before = new Map<string, string>();
    for (const url of URLS) {
      const response = await get(pinned(url, version));
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.stamp.dataVersion).toBe(version);
      expect(body.stamp.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(body.stamp.query.asOf).toBe(version);
      const unpinned = JSON.parse((first.get(url) as { body: string }).body);
      expect({ ...body, stamp: undefined }).toEqual({ ...unpinned, stamp: undefined });
      before.set(url, response.body);
    }

    // More postings, in the same window and days: new ones, a near-duplicate of an earlier one, and
    // earlier ones seen again unchanged.
    await store.upsertPostings([
      ...batch('b', 45, 3),
      fixturePosting({ id: 'dup-of-a0', datePosted: day(0), skills: skillsOf('python'), canonicalId: 'a0' }),
    ]);
    await store.touchPostings(['a1', 'a2'], '2025-07-01T00:00:00.000Z');
    await store.upsertPostings(batch('a', 5));

    const later = await get(URLS[0] as string);
    expect(later.json().stamp.dataVersion).not.toBe(version);
    expect(later.json().totalPostings).toBe(105);
    expect(JSON.parse((first.get(URLS[0] as string) as { body: string }).body).totalPostings).toBe(60);
    for (const url of URLS) {
      const now = await get(url);
      expect(withoutGeneratedAt(now.body), url).not.toBe(withoutGeneratedAt((first.get(url) as { body: string }).body));
      const response = await get(pinned(url, version));
      expect(response.statusCode, response.body).toBe(200);
      expect(withoutGeneratedAt(response.body), url).toBe(withoutGeneratedAt(before.get(url) as string));
    }
    // The CSV of a pinned report is pinned too.
    const csvUrl = pinned('/api/top.csv?from=2025-04-01&to=2025-06-29&limit=10', version);
    const csv = (await get(csvUrl)).body;
    expect(csv.split('\n').length).toBeGreaterThan(2);
    await store.upsertPostings(batch('c', 10, 5));
    expect((await get(csvUrl)).body).toBe(csv);
  }, 120_000);

  it('refuses an asOf that is not a data version, or one after the newest posting, naming asOf', async () => {
    for (const bad of ['yesterday', '2025-06-01', '12345', 'x.12']) {
      const response = await get(`/api/top?asOf=${encodeURIComponent(bad)}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().message).toMatch(/^asOf: .*is not a data version.*a dataVersion as printed in a report's stamp/);
    }
    const current = (await get('/api/top?limit=1')).json().stamp.dataVersion as string;
    const future = `${Number(current.split('.')[0]) + 86_400_000}.0.0`;
    const response = await get(`/api/trends?skills=python&asOf=${future}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(
      /^asOf: .*after the newest posting this store holds.*a dataVersion as printed in a report's stamp/,
    );
  }, 60_000);

  it('keeps the pin of a posting across updates in place (they show their current state)', async () => {
    const version = await store.dataVersion();
    const pin = Number(version.split('.')[0]);
    const count = await store.countPostings({ storedBy: pin });
    // An update of a posting stored before the pin stays inside it, with its new content.
    await store.upsertPostings([fixturePosting({ id: 'a3', contentHash: 'changed', skills: skillsOf('rust'), datePosted: day(3) })]);
    expect(await store.countPostings({ storedBy: pin })).toBe(count);
    expect(await store.countPostings({ storedBy: pin, hasSkills: ['rust'] })).toBe(1);
    // A new posting is stored strictly after every pin handed out before it.
    await store.upsertPostings([fixturePosting({ id: 'z1', datePosted: day(3) })]);
    expect(await store.countPostings({ storedBy: pin })).toBe(count);
    expect(await store.countPostings({})).toBe(count + 1);
    expect(Number((await store.dataVersion()).split('.')[0])).toBeGreaterThan(pin);
  }, 60_000);
});

describe('asOf on a SQLite file written before stored_at (schema 5)', () => {
  it('counts the postings it had inside every pin, the ones stored after it outside', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-asof-old-')), 'old.db');
    const writer = new SqliteStore({ path });
    await writer.upsertPostings(batch('old', 20));
    await writer.close();
    // Put the file back to schema 5: the column and index migration 6 added go.
    const db = new Database(path);
    db.exec('DROP INDEX postings_stored_at; ALTER TABLE postings DROP COLUMN stored_at; PRAGMA user_version = 5;');
    db.close();

    const store = new SqliteStore({ path });
    const app = await buildApp({ store, taxonomy });
    try {
      expect((await store.info()).schemaVersion).toBe(7);
      const version = await store.dataVersion();
      expect(version).toMatch(/^0\./);
      const url = `/api/top?from=2025-04-01&to=2025-06-29&asOf=${encodeURIComponent(version)}`;
      const before = await app.inject({ method: 'GET', url });
      expect(before.statusCode, before.body).toBe(200);
      expect(before.json().totalPostings).toBe(20);
      await store.upsertPostings(batch('new', 7));
      // A re-extraction rewrites every posting in place: when each was stored is kept.
      await store.rewritePostings({ isCurrent: () => false, rewrite: (postings) => postings });
      const after = await app.inject({ method: 'GET', url });
      expect(withoutGeneratedAt(after.body)).toBe(withoutGeneratedAt(before.body));
      expect(await store.countPostings({})).toBe(27);
    } finally {
      await app.close();
      await store.close();
    }
  }, 60_000);
});

const esFetch = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${ES_URL}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`);
  return body;
};

describe.runIf(ES_AVAILABLE)('asOf on an Elasticsearch index written before stored_at (schema 2)', () => {
  it('counts its documents inside every pin, through the mapping upgrade and a re-index', async () => {
    // The schema-2 mapping and documents are today's minus stored_at.
    const template = await openTestElasticsearch();
    let mappings: { properties: Record<string, unknown>; _meta: Record<string, unknown> };
    let oldDocs: Array<Record<string, unknown>>;
    try {
      await template.upsertPostings(batch('old', 20));
      await template.countPostings({});
      const mapping = await esFetch(`/${template.alias}/_mapping`);
      mappings = (Object.values(mapping)[0] as { mappings: typeof mappings }).mappings;
      const hits = (await esFetch(`/${template.alias}/_search?size=100`)) as {
        hits: { hits: Array<{ _source: Record<string, unknown> }> };
      };
      oldDocs = hits.hits.hits.map((hit) => hit._source);
    } finally {
      await template.destroy();
      await template.close();
    }
    delete mappings.properties.stored_at;
    mappings._meta = { schema_version: 2 };
    for (const doc of oldDocs) delete doc.stored_at;
    expect(oldDocs).toHaveLength(20);

    const prefix = `sp-test-asof-${randomBytes(4).toString('hex')}`;
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
    const app = await buildApp({ store, taxonomy });
    try {
      const upgraded = await esFetch(`/${prefix}-postings/_mapping`);
      const after = (Object.values(upgraded)[0] as { mappings: typeof mappings }).mappings;
      expect(after._meta).toEqual({ schema_version: ES_SCHEMA_VERSION });
      expect(Object.keys(after.properties)).toContain('stored_at');
      const version = await store.dataVersion();
      expect(version).toMatch(/^0\./);
      const url = `/api/top?from=2025-04-01&to=2025-06-29&asOf=${encodeURIComponent(version)}`;
      const before = await app.inject({ method: 'GET', url });
      expect(before.statusCode, before.body).toBe(200);
      expect(before.json().totalPostings).toBe(20);
      // An old document updated keeps lacking stored_at (stored before every pin); new ones have it.
      await store.upsertPostings([
        ...batch('new', 7),
        fixturePosting({ id: 'old1', contentHash: 'changed', datePosted: day(7), skills: [] }),
      ]);
      expect((await app.inject({ method: 'GET', url })).json().totalPostings).toBe(20);
      const newest = await store.dataVersion();
      const pinnedNewest = `/api/top?from=2025-04-01&to=2025-06-29&asOf=${encodeURIComponent(newest)}`;
      const newestBefore = await app.inject({ method: 'GET', url: pinnedNewest });
      expect(newestBefore.json().totalPostings).toBe(27);
      // A re-index copies every document into a new index: stored_at goes with it.
      await store.rewritePostings({ isCurrent: () => false, rewrite: (postings) => postings });
      await store.upsertPostings(batch('later', 4));
      expect(withoutGeneratedAt((await app.inject({ method: 'GET', url })).body)).toBe(withoutGeneratedAt(before.body));
      expect(withoutGeneratedAt((await app.inject({ method: 'GET', url: pinnedNewest })).body)).toBe(withoutGeneratedAt(newestBefore.body));
      expect(await store.countPostings({})).toBe(31);
    } finally {
      await app.close();
      await store.destroy();
      await store.close();
    }
  }, 120_000);
});
