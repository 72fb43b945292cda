import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '@skillpulse/api';
import { SQLITE_FILE_NAME, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, FIXTURES, postingsById, tmp } from './cli-import-harness.js';

/**
 * Issue 21: `skillpulse import` of a JobSpy CSV, a generic CSV with a column map and a folder of
 * JSON-LD files, into a real SQLite store through the built CLI.
 */

const dirs: string[] = [];
const dataDir = (name: string) => {
  const dir = tmp(name);
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function withSqlite<T>(dir: string, fn: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore({ path: join(dir, SQLITE_FILE_NAME) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('skillpulse import --format jobspy', { timeout: 240_000 }, () => {
  const dir = dataDir('import-jobspy');
  const errors = join(dir, 'rejected.jsonl');
  const file = join(FIXTURES, 'jobspy.csv');

  it('imports the valid rows, rejects the bad ones with line and reason, and goes on', async () => {
    const ran = cli(['import', file, '--format', 'jobspy', '--data-dir', dir, '--errors', errors]);
    expect(ran.code, ran.stderr).toBe(3);
    expect(ran.stderr).toContain(
      'import:jobspy: completed_with_errors — 22 rows, 16 new, 0 updated, 0 unchanged, 6 rejected (1 of the new and updated near-duplicates of others)',
    );
    const sha = /SHA-256 ([0-9a-f]{64})/.exec(ran.stderr)?.[1];
    expect(sha).toMatch(/^[0-9a-f]{64}$/);

    const rejected = readFileSync(errors, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejected).toEqual([
      { line: 70, reason: 'no title' },
      { line: 84, reason: 'date_posted "last tuesday" is not a date (YYYY-MM-DD)' },
      { line: 99, reason: 'URL "not a url" is not an http(s) URL' },
      { line: 106, reason: 'min_amount "competitive" is not a number' },
      { line: 120, reason: 'no description' },
      { line: 121, reason: '4 fields where the header has 22' },
    ]);

    const bytes = readFileSync(file);
    const fileSha = createHash('sha256').update(bytes).digest('hex');
    expect(sha).toBe(fileSha);
    expect(ran.stderr).toContain(`; ${file} (${bytes.length} bytes, SHA-256 ${fileSha})`);

    await withSqlite(dir, async (store) => {
      const [run] = await store.listRuns('import:jobspy');
      // The run record keeps the file (name, size, SHA-256) and the counts; its errors are the rejected rows only.
      expect(run).toMatchObject({
        status: 'completed_with_errors',
        pagesFetched: 22,
        postingsNew: 16,
        postingsUpdated: 0,
        postingsDuplicate: 1,
        postingsRejected: 6,
        errorCount: 6,
        file: { name: file, bytes: bytes.length, sha256: fileSha },
      });
      expect(run?.errors).toEqual([
        { url: `${file} line 70`, reason: 'no title' },
        { url: `${file} line 84`, reason: 'date_posted "last tuesday" is not a date (YYYY-MM-DD)' },
        { url: `${file} line 99`, reason: 'URL "not a url" is not an http(s) URL' },
        { url: `${file} line 106`, reason: 'min_amount "competitive" is not a number' },
        { url: `${file} line 120`, reason: 'no description' },
        { url: `${file} line 121`, reason: '4 fields where the header has 22' },
      ]);

      const postings = await postingsById(store);
      expect(postings.size).toBe(16);
      for (const p of postings.values()) expect(p.source).toBe('import:jobspy');
      // An unknown site is kept; pay goes through the salary normaliser; role and place are derived.
      const iOS = postings.get('import:jobspy:stepstone:sx-77');
      expect(iOS).toMatchObject({ title: 'iOS Developer', company: 'Fabrikam Bank', country: 'DE', datePosted: '2026-11-10' });
      const java = postings.get('import:jobspy:linkedin:li-4099999999');
      expect(java?.salary).toMatchObject({ min: 6000, max: 7500, currency: 'EUR', period: 'month', annualMin: 72000, annualMax: 90000 });
      expect(java?.skills?.map((s) => s.skillId)).toEqual(expect.arrayContaining(['java', 'spring-boot', 'kafka']));
      expect(java?.role?.id).toBeTruthy();
      expect(java?.place?.countries).toEqual(['DE']);
      // The Indeed copy of the LinkedIn posting is a near-duplicate of it.
      expect(postings.get('import:jobspy:indeed:in-8a1b2c3d4e5f')?.canonicalId).toBe('import:jobspy:linkedin:li-4012345678');
      expect(postings.get('import:jobspy:indeed:in-1f2e3d4c5b6a')?.remote).toBe('remote');
    });
  });

  it('shows the file and the rejected rows in GET /api/runs and skillpulse export runs', async () => {
    const bytes = readFileSync(file);
    const fileSha = createHash('sha256').update(bytes).digest('hex');
    await withSqlite(dir, async (store) => {
      const app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
      try {
        const response = await app.inject({ method: 'GET', url: '/api/runs?job=import:jobspy' });
        expect(response.statusCode, response.body).toBe(200);
        const [run] = response.json().runs;
        expect(run).toMatchObject({ postingsRejected: 6, errorCount: 6, file: { name: file, bytes: bytes.length, sha256: fileSha } });
        expect(run.errors[0]).toEqual({ url: `${file} line 70`, reason: 'no title' });
      } finally {
        await app.close();
      }
    });
    const csv = cli(['export', 'runs', '--job', 'import:jobspy', '--data-dir', dir]);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, row] = csv.stdout.trim().split('\r\n');
    expect(header?.split(',').slice(-6)).toEqual([
      'first_error_url',
      'first_error',
      'postings_rejected',
      'file_name',
      'file_bytes',
      'file_sha256',
    ]);
    expect(row?.split(',').slice(-6)).toEqual([`${file} line 70`, 'no title', '6', file, String(bytes.length), fileSha]);
  });

  it('is idempotent: the same file again adds and changes nothing', async () => {
    const before = await withSqlite(dir, (store) => postingsById(store));
    const ran = cli(['import', file, '--format', 'jobspy', '--data-dir', dir]);
    expect(ran.code, ran.stderr).toBe(3);
    expect(ran.stderr).toContain('22 rows, 0 new, 0 updated, 16 unchanged, 6 rejected (0 of the new');
    // Without --errors, the summary says where the rejected rows are; with it (the first run), it does not.
    expect(ran.stderr).toContain('; the rejected rows with their line and reason: --errors FILE, or skillpulse export runs (the first 6)');
    expect(await withSqlite(dir, (store) => postingsById(store))).toEqual(before);
  });

  it('takes a JobSpy CSV on standard input, with --source naming it', async () => {
    const other = dataDir('import-stdin');
    const ran = cli(
      ['import', '-', '--format', 'jobspy', '--source', 'weekly-scrape', '--data-dir', other],
      {},
      readFileSync(file, 'utf8'),
    );
    expect(ran.code, ran.stderr).toBe(3);
    expect(ran.stderr).toContain('import:weekly-scrape: completed_with_errors — 22 rows, 16 new');
    await withSqlite(other, async (store) => {
      const bytes = readFileSync(file);
      // Standard input: named "-", with the size and SHA-256 of what was read.
      expect((await store.listRuns('import:weekly-scrape'))[0]?.file).toEqual({
        name: '-',
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(await store.facetCounts({}, 'source')).toEqual([{ value: 'import:weekly-scrape', postings: 15 }]);
    });
  });

  it('--dry-run checks every row and stores nothing', () => {
    const other = dataDir('import-dry');
    const ran = cli(['import', file, '--format', 'jobspy', '--dry-run', '--data-dir', other]);
    // As the import itself would: 3, some rows rejected (a script checking files first must see it).
    expect(ran.code, ran.stderr).toBe(3);
    expect(ran.stderr).toContain('import (dry run): 22 rows, 16 valid, 6 rejected; nothing stored');
    expect(ran.stderr).toContain('line 84: rejected: date_posted "last tuesday" is not a date');
  });

  it('exits 1 with a clear message when no row is valid', () => {
    const other = dataDir('import-none');
    const bad = join(other, 'bad.csv');
    writeFileSync(bad, 'site,job_url,title,description\nindeed,ftp://x,Engineer,text\nindeed,https://x.example/1,,text\n');
    const ran = cli(['import', bad, '--format', 'jobspy', '--data-dir', other]);
    expect(ran.code, ran.stderr).toBe(1);
    expect(ran.stderr).toContain(`import:jobspy: no valid posting in ${bad}`);
    expect(ran.stderr).toContain('2 rows, all rejected; first: ');
  });

  it('names a file that does not exist, once prefixed, and exits 2', () => {
    const other = dataDir('import-missing');
    const ran = cli(['import', 'nosuch.csv', '--format', 'jobspy', '--data-dir', other]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      'skillpulse import: nosuch.csv does not exist; give the path of the file or folder to import (or - for standard input)\n',
    );
  });

  it('refuses a CSV whose header lacks the columns it needs, naming them', () => {
    const other = dataDir('import-header');
    const bad = join(other, 'wrong.csv');
    writeFileSync(bad, 'name,link\nEngineer,https://x.example/1\n');
    const ran = cli(['import', bad, '--format', 'jobspy', '--data-dir', other]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('has no column "title", "job_url or job_url_direct", "description"; found "name", "link"');
    // A generic CSV mapped without a text column: refused at the header, not row by row.
    writeFileSync(bad, 'Job Title,Link\nEngineer,https://x.example/1\n');
    const mapped = cli(['import', bad, '--format', 'csv', '--column', 'title=Job Title', '--column', 'url=Link', '--data-dir', other]);
    expect(mapped.code).toBe(2);
    expect(mapped.stderr).toContain('has no column "description or description_html"');
  });
});

describe('skillpulse import --format csv', { timeout: 240_000 }, () => {
  it('maps columns by a map file and --column flags', async () => {
    const dir = dataDir('import-csv');
    const csv = join(dir, 'feed.csv');
    writeFileSync(
      csv,
      [
        'Ref;Job Title;Employer;Where;Posted;Link;Body;Pay',
        'A1;Backend Engineer;Vandelay;Berlin | Remote;2026-11-02;https://vandelay.example/jobs/a1;"We use Python, Django and PostgreSQL; Kubernetes on AWS.";€70,000 - €85,000 a year',
        'A2;Data Scientist;Vandelay;Munich;02/11/2026x;https://vandelay.example/jobs/a2;R and Python;',
        'A3;Site Reliability Engineer;Vandelay;Hamburg;2026-11-05;https://vandelay.example/jobs/a3;"Terraform, Prometheus and Go; on-call ""lite"".";',
      ].join('\n'),
    );
    const map = join(dir, 'map.yaml');
    writeFileSync(
      map,
      'delimiter: ";"\ncolumns:\n  id: Ref\n  title: Job Title\n  company: Employer\n  location: Where\n  date_posted: Posted\n  url: Link\n',
    );
    const ran = cli([
      'import',
      csv,
      '--format',
      'csv',
      '--map',
      map,
      '--column',
      'description=Body',
      '--column',
      'salary_text=Pay',
      '--data-dir',
      dir,
    ]);
    expect(ran.code, ran.stderr).toBe(3);
    expect(ran.stderr).toContain('import:feed: completed_with_errors — 3 rows, 2 new, 0 updated, 0 unchanged, 1 rejected');
    await withSqlite(dir, async (store) => {
      const postings = await postingsById(store);
      expect([...postings.keys()]).toEqual(['import:feed:A1', 'import:feed:A3']);
      expect(postings.get('import:feed:A1')).toMatchObject({ locations: ['Berlin', 'Remote'], company: 'Vandelay' });
      expect(postings.get('import:feed:A1')?.salary).toMatchObject({ currency: 'EUR', annualMin: 70000, annualMax: 85000, fromText: true });
      expect(postings.get('import:feed:A3')?.descriptionText).toBe('Terraform, Prometheus and Go; on-call "lite".');
    });
    const typo = cli(['import', csv, '--format', 'csv', '--column', 'titel=Job Title', '--data-dir', dir]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--column: unknown field "titel"; did you mean title?');
  });
});

describe('skillpulse import --format jsonld', { timeout: 240_000 }, () => {
  it('imports a folder of JSON-LD files through the career-site normaliser', async () => {
    const dir = dataDir('import-jsonld');
    const errors = join(dir, 'rejected.jsonl');
    const ran = cli(['import', join(FIXTURES, 'jsonld'), '--format', 'jsonld', '--data-dir', dir, '--errors', errors]);
    expect(ran.code, ran.stderr).toBe(3);
    expect(ran.stderr).toContain('import:jsonld: completed_with_errors — 7 rows, 4 new, 0 updated, 0 unchanged, 3 rejected');
    expect(
      readFileSync(errors, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).at),
    ).toEqual(['03-broken.json', 'more/04-no-url.jsonld', 'more/05-webpage.json']);
    await withSqlite(dir, async (store) => {
      const postings = await postingsById(store);
      expect([...postings.keys()]).toEqual([
        'import:jsonld:GR-2026-114',
        'import:jsonld:https://jobs.umbrella.example/postings/cloud-security-engineer',
        'import:jsonld:https://jobs.umbrella.example/postings/product-designer',
        'import:jsonld:https://soylent.example/careers/senior-go-engineer',
      ]);
      expect(postings.get('import:jsonld:GR-2026-114')).toMatchObject({
        company: 'Globex Robotics',
        country: 'DE',
        datePosted: '2026-11-03',
        validThrough: '2027-01-31',
      });
      expect(postings.get('import:jsonld:GR-2026-114')?.salary).toMatchObject({ currency: 'EUR', annualMin: 65000, annualMax: 82000 });
      expect(postings.get('import:jsonld:https://jobs.umbrella.example/postings/cloud-security-engineer')?.remote).toBe('remote');
      expect(postings.get('import:jsonld:https://soylent.example/careers/senior-go-engineer')?.skills?.map((s) => s.skillId)).toEqual(
        expect.arrayContaining(['go', 'grpc', 'postgresql', 'kubernetes']),
      );
    });
  });
});
