import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { METHODOLOGY } from '@skillpulse/api';
import { fileDigest } from '@skillpulse/ingest';
import { type SkillStore, SQLITE_FILE_NAME, SqliteStore } from '@skillpulse/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ES_AVAILABLE, ES_MISSING_MESSAGE, ES_URL, openTestElasticsearch, REQUIRE_ES } from '../support/elasticsearch.js';
import { cli, FIXTURES, postingsById, reportsOf, SAMPLE_JOB, tmp } from './cli-import-harness.js';

/**
 * Issue 21: `export postings --format jsonl` then `import --format jsonl` into an empty store gives
 * the same postings and the same reports, byte for byte (minus when they were generated), on SQLite
 * and on Elasticsearch; `snapshot DIR` round-trips through `import DIR --format snapshot`, which
 * refuses a snapshot whose files differ from its manifest.
 */

const dirs: string[] = [];
const dir = (name: string) => {
  const d = tmp(name);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sqlite = (d: string) => new SqliteStore({ path: join(d, SQLITE_FILE_NAME) });
async function using<T>(store: SkillStore, fn: (store: SkillStore) => Promise<T>): Promise<T> {
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The crawled sample board, two imports, and some postings expired or seen again later: a store with a history. */
async function buildSource(d: string, env: Record<string, string> = {}): Promise<void> {
  const args = env.SKILLPULSE_STORE ? [] : ['--data-dir', d];
  const crawl = cli(['crawl', '--job', SAMPLE_JOB, ...args], env);
  expect(crawl.code, crawl.stderr).toBe(0);
  expect(cli(['import', join(FIXTURES, 'jobspy.csv'), '--format', 'jobspy', ...args], env).code).toBe(3);
  expect(cli(['import', join(FIXTURES, 'jsonld'), '--format', 'jsonld', ...args], env).code).toBe(3);
}

async function ageSome(store: SkillStore): Promise<void> {
  const ids: string[] = [];
  for await (const p of store.iteratePostings()) ids.push(p.id);
  ids.sort();
  await store.markExpired(ids.slice(0, 5));
  await store.touchPostings(ids.slice(5, 9), '2030-01-02T03:04:05.000Z');
}

describe('export postings --format jsonl → import into an empty SQLite store', { timeout: 600_000 }, () => {
  const a = dir('roundtrip-a');
  const b = dir('roundtrip-b');
  let exported = '';

  beforeAll(async () => {
    await buildSource(a);
    await using(sqlite(a), ageSome);
    const ran = cli(['export', 'postings', '--format', 'jsonl', '--data-dir', a]);
    expect(ran.code, ran.stderr).toBe(0);
    exported = ran.stdout;
  }, 600_000);

  it('writes every stored posting, duplicates included, with skills, role, place and pay', async () => {
    const lines = exported
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const stored = await using(sqlite(a), (s) => postingsById(s, true));
    expect(lines.length).toBe(stored.size);
    expect(lines.length).toBeGreaterThan(300);
    expect(lines.some((p) => p.canonicalId !== null)).toBe(true);
    expect(lines.filter((p) => p.expired).length).toBe(5);
    const java = lines.find((p) => p.id === 'import:jobspy:linkedin:li-4099999999');
    expect(java.salary.annualMax).toBe(90000);
    expect(java.role.id).toBeTruthy();
    expect(java.place.countries).toEqual(['DE']);
    // A filter narrows it like the reports' filters do.
    const filtered = cli([
      'export',
      'postings',
      '--format',
      'jsonl',
      '--source',
      'import:jobspy',
      '--skills',
      'kubernetes',
      '--data-dir',
      a,
    ]);
    const some = filtered.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(some.length).toBeGreaterThan(0);
    for (const p of some) {
      expect(p.source).toBe('import:jobspy');
      expect(p.skills.map((s: { skillId: string }) => s.skillId)).toContain('kubernetes');
    }
  });

  it('imports into an empty store with the same postings and byte-identical reports; again changes nothing', async () => {
    const file = join(b, 'postings.jsonl');
    writeFileSync(file, exported);
    const ran = cli(['import', file, '--format', 'jsonl', '--data-dir', b]);
    expect(ran.code, ran.stderr).toBe(0);
    const lines = exported.trim().split('\n').length;
    expect(ran.stderr).toContain(`import:postings: succeeded — ${lines} rows, ${lines} new, 0 updated`);
    const [before, after] = [await using(sqlite(a), (s) => postingsById(s, true)), await using(sqlite(b), (s) => postingsById(s, true))];
    expect(after).toEqual(before);
    const [reportsA, reportsB] = [await using(sqlite(a), reportsOf), await using(sqlite(b), reportsOf)];
    for (const url of Object.keys(reportsA)) expect(reportsB[url], url).toBe(reportsA[url]);
    expect(reportsA['/api/top?limit=200']).toMatch(/^200\n/);

    const again = cli(['import', file, '--format', 'jsonl', '--data-dir', b]);
    expect(again.stderr).toContain(`${lines} rows, 0 new, 0 updated`);
    expect(await using(sqlite(b), (s) => postingsById(s, true))).toEqual(before);
  });

  it('snapshot DIR writes a verifiable dataset that imports to the same reports', async () => {
    const snap = join(dir('snapshot'), 'dataset');
    const ran = cli(['snapshot', snap, '--data-dir', a]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(readdirSync(snap).sort()).toEqual(['METHODOLOGY.md', 'manifest.json', 'postings.jsonl.gz', 'skills_by_month.csv']);
    const manifest = JSON.parse(readFileSync(join(snap, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'skillpulse-snapshot', formatVersion: 1, query: {} });
    expect(Object.keys(manifest.versions).sort()).toEqual(['extractor', 'places', 'roles', 'skillpulse', 'taxonomy']);
    for (const name of ['postings.jsonl.gz', 'skills_by_month.csv', 'METHODOLOGY.md'])
      expect(manifest.files[name]).toEqual(await fileDigest(join(snap, name)));
    const postings = gunzipSync(readFileSync(join(snap, 'postings.jsonl.gz'))).toString('utf8');
    expect(postings).toBe(exported);
    expect(manifest.rows.postings).toBe(exported.trim().split('\n').length);
    expect(readFileSync(join(snap, 'METHODOLOGY.md'), 'utf8')).toContain(METHODOLOGY);
    const csv = readFileSync(join(snap, 'skills_by_month.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('month,skill_id,skill_name,category,postings,total_postings,share');
    expect(csv.length - 1).toBe(manifest.rows.skillsByMonth);

    const c = dir('snapshot-import');
    const imported = cli(['import', snap, '--format', 'snapshot', '--data-dir', c]);
    expect(imported.code, imported.stderr).toBe(0);
    const [reportsA, reportsC] = [await using(sqlite(a), reportsOf), await using(sqlite(c), reportsOf)];
    for (const url of Object.keys(reportsA)) expect(reportsC[url], url).toBe(reportsA[url]);

    // A file changed after the snapshot was taken: refused, naming it, before anything is loaded.
    const tampered = join(dir('snapshot-tampered'), 'dataset');
    cpSync(snap, tampered, { recursive: true });
    appendFileSync(join(tampered, 'skills_by_month.csv'), '2026-11,python,Python,languages,999,999,1.000000\n');
    const d = dir('snapshot-refused');
    const refused = cli(['import', tampered, '--format', 'snapshot', '--data-dir', d]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(tampered, 'skills_by_month.csv')}: SHA-256`);
    expect(refused.stderr).toContain("differs from manifest.json's");
    expect(refused.stderr).toContain('nothing was imported');
    expect(await using(sqlite(d), (s) => s.countPostings({}))).toBe(0);
  });
});

describe.skipIf(!ES_AVAILABLE && !REQUIRE_ES)('export → import on Elasticsearch', { timeout: 900_000 }, () => {
  const prefixes = ['a', 'b', 'c', 'd'].map((name) => `sp-test-rt-${name}-${randomBytes(3).toString('hex')}`);
  const dataDir = dir('roundtrip-es');
  const env = (prefix: string) => ({
    SKILLPULSE_STORE: 'elasticsearch',
    SKILLPULSE_ES_URL: ES_URL,
    SKILLPULSE_ES_INDEX_PREFIX: prefix,
    SKILLPULSE_DATA_DIR: dataDir,
  });
  const es = (prefix: string) => openTestElasticsearch(prefix);
  // The source store (prefix a), built once for every case here.
  let built: Promise<void> | undefined;
  const sourceBuilt = () => {
    built ??= (async () => {
      await buildSource('', env(prefixes[0] as string));
      await using(await es(prefixes[0] as string), ageSome);
    })();
    return built;
  };

  afterAll(async () => {
    for (const prefix of prefixes) {
      const store = await es(prefix);
      await store.destroy();
      await store.close();
    }
  });

  it('gives the same postings and byte-identical reports', async () => {
    if (!ES_AVAILABLE) throw new Error(ES_MISSING_MESSAGE);
    const [a, b] = prefixes as [string, string];
    await sourceBuilt();
    const exported = cli(['export', 'postings', '--format', 'jsonl'], env(a));
    expect(exported.code, exported.stderr).toBe(0);
    const rows = exported.stdout.trim().split('\n');
    const lines = rows.length;
    expect(lines).toBeGreaterThan(300);
    // ageSome's writes, made by another process, are in the export (not only in a later read).
    expect(rows.filter((row) => JSON.parse(row).expired).length).toBe(5);
    // Through standard input this time.
    const ran = cli(['import', '-', '--format', 'jsonl', '--source', 'copy'], env(b), exported.stdout);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain(`import:copy: succeeded — ${lines} rows, ${lines} new`);
    const [before, after] = [
      await using(await es(a), (s) => postingsById(s, true)),
      await using(await es(b), (s) => postingsById(s, true)),
    ];
    expect(after).toEqual(before);
    const [reportsA, reportsB] = [await using(await es(a), reportsOf), await using(await es(b), reportsOf)];
    for (const url of Object.keys(reportsA)) expect(reportsB[url], url).toBe(reportsA[url]);
  });

  it('snapshot DIR → import DIR --format snapshot into an empty store: same postings and reports; a changed file is refused', async () => {
    if (!ES_AVAILABLE) throw new Error(ES_MISSING_MESSAGE);
    const [a, , c, d] = prefixes as [string, string, string, string];
    await sourceBuilt();
    const snap = join(dir('snapshot-es'), 'dataset');
    const ran = cli(['snapshot', snap], env(a));
    expect(ran.code, ran.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(snap, 'manifest.json'), 'utf8'));
    for (const name of ['postings.jsonl.gz', 'skills_by_month.csv', 'METHODOLOGY.md'])
      expect(manifest.files[name]).toEqual(await fileDigest(join(snap, name)));
    const stored = await using(await es(a), (s) => postingsById(s, true));
    expect(manifest.rows.postings).toBe(stored.size);

    const imported = cli(['import', snap, '--format', 'snapshot'], env(c));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`succeeded — ${stored.size} rows, ${stored.size} new, 0 updated`);
    expect(await using(await es(c), (s) => postingsById(s, true))).toEqual(stored);
    const [reportsA, reportsC] = [await using(await es(a), reportsOf), await using(await es(c), reportsOf)];
    for (const url of Object.keys(reportsA)) expect(reportsC[url], url).toBe(reportsA[url]);
    // The run record names the postings file of the snapshot, with the size and SHA-256 the manifest lists.
    const [run] = await using(await es(c), (s) => s.listRuns('import:dataset'));
    expect(run).toMatchObject({
      status: 'succeeded',
      postingsNew: stored.size,
      postingsRejected: 0,
      file: { name: join(snap, 'postings.jsonl.gz'), ...manifest.files['postings.jsonl.gz'] },
    });

    // A file changed after the snapshot was taken: refused, naming it, and nothing reaches the store.
    const tampered = join(dir('snapshot-es-tampered'), 'dataset');
    cpSync(snap, tampered, { recursive: true });
    writeFileSync(join(tampered, 'METHODOLOGY.md'), `${readFileSync(join(snap, 'METHODOLOGY.md'), 'utf8')}\nEdited.\n`);
    const refused = cli(['import', tampered, '--format', 'snapshot'], env(d));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(tampered, 'METHODOLOGY.md')}: SHA-256`);
    expect(refused.stderr).toContain("differs from manifest.json's");
    expect(refused.stderr).toContain('nothing was imported');
    await using(await es(d), async (s) => {
      expect(await s.countPostings({})).toBe(0);
      expect(await s.listRuns()).toEqual([]);
    });
  });
});
