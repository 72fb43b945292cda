import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSqliteFile, SQLITE_FILE_NAME, SqliteStore } from '@skillpulse/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, postingsById, tmp } from './cli-import-harness.js';

/**
 * Issue 21: an import killed with SIGKILL part-way, then run again, leaves the same postings as one
 * clean run (no row lost or doubled, duplicates linked alike); SIGTERM stops it between batches,
 * exit code 6, what was stored kept.
 */

const ROWS = 4000;
const dirs: string[] = [];
const dir = (name: string) => {
  const d = tmp(name);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const TEMPLATES = [
  ['Backend Engineer', 'Build payment services in Python and Django on Kubernetes; PostgreSQL, Redis and Kafka. 4+ years of backend work.'],
  ['Frontend Engineer', 'Own the dashboard in TypeScript and React with Next.js; tests in Jest and Playwright; GraphQL is a plus.'],
  ['Data Engineer', 'Pipelines in Apache Spark, Airflow and dbt on Snowflake; strong SQL and Python; Terraform and Docker welcome.'],
  [
    'Site Reliability Engineer',
    'Kubernetes, Terraform, Prometheus and Grafana on Google Cloud; automation in Go; Helm and GitHub Actions.',
  ],
  ['Java Developer', 'Microservices in Java and Spring Boot with Kafka and Oracle; Hibernate, Maven and Docker; Kotlin is a plus.'],
];
const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A JobSpy CSV of ROWS rows: distinct jobs, every 10th a copy of the one before on another board, every 97th bad (no title). */
function bigJobspyCsv(path: string): void {
  const out = ['id,site,job_url,title,company,location,date_posted,interval,min_amount,max_amount,currency,is_remote,description'];
  for (let n = 0; n < ROWS; n++) {
    const copy = n % 10 === 9;
    const k = copy ? n - 1 : n;
    const [title, text] = TEMPLATES[k % TEMPLATES.length] as [string, string];
    const description = `**Team ${k}** ships feature set ${k * 7919} for client ${(k * 31) % 1000}.\n\n${text}\n\nWe offer ${k % 30} days of leave.`;
    const row = [
      `r${n}`,
      copy ? 'indeed' : 'linkedin',
      `https://jobs.example/${n}`,
      n % 97 === 0 ? '' : `${title} (team ${k})`,
      `Company ${k % 50}`,
      'Berlin, BE, DE',
      `2026-${String(1 + (k % 11)).padStart(2, '0')}-15`,
      'yearly',
      '60000',
      '80000',
      'EUR',
      'False',
      description,
    ];
    out.push(row.map(csvCell).join(','));
  }
  writeFileSync(path, `${out.join('\r\n')}\r\n`);
}

describe('skillpulse import interrupted', { timeout: 900_000 }, () => {
  const work = dir('import-resume');
  const file = join(work, 'big.csv');
  let clean: Awaited<ReturnType<typeof postingsById>>;

  beforeAll(async () => {
    bigJobspyCsv(file);
    const d = dir('import-clean');
    const ran = cli(['import', file, '--format', 'jobspy', '--data-dir', d]);
    expect(ran.code, ran.stderr).toBe(3);
    const store = new SqliteStore({ path: join(d, SQLITE_FILE_NAME) });
    clean = await postingsById(store);
    await store.close();
    expect(clean.size).toBeGreaterThan(3000);
    expect([...clean.values()].filter((p) => p.canonicalId !== null).length).toBeGreaterThan(300);
  }, 900_000);

  it('after kill -9 part-way, a re-run gives the same postings as one clean run', async () => {
    const d = dir('import-killed');
    const killed = await cliAsync(
      ['import', file, '--format', 'jobspy', '--data-dir', d],
      { SKILLPULSE_LOG_FORMAT: 'json', SKILLPULSE_LOG_LEVEL: 'info' },
      (log, kill) => {
        // The first progress line of the storing stage comes once a batch is stored.
        if (/"progress":"import: storing"/.test(log)) kill('SIGKILL');
      },
    );
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(checkSqliteFile(join(d, SQLITE_FILE_NAME)).ok).toBe(true);
    const store = new SqliteStore({ path: join(d, SQLITE_FILE_NAME) });
    const partial = (await postingsById(store)).size;
    await store.close();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(clean.size);

    // The killed import left its postings waiting by week; the re-run removes that folder.
    expect(readdirSync(join(d, 'import'))).toHaveLength(1);
    const rerun = cli(['import', file, '--format', 'jobspy', '--data-dir', d]);
    expect(rerun.code, rerun.stderr).toBe(3);
    expect(readdirSync(join(d, 'import'))).toEqual([]);
    const after = new SqliteStore({ path: join(d, SQLITE_FILE_NAME) });
    try {
      expect(await postingsById(after)).toEqual(clean);
    } finally {
      await after.close();
    }
  });

  it('SIGTERM stops between batches with exit code 6, keeps what was stored, and a re-run finishes it', async () => {
    const d = dir('import-term');
    let sentAt = 0;
    const stopped = await cliAsync(
      ['import', file, '--format', 'jobspy', '--data-dir', d],
      { SKILLPULSE_LOG_FORMAT: 'json', SKILLPULSE_LOG_LEVEL: 'info' },
      (log, kill) => {
        if (sentAt === 0 && /"progress":"import: storing"/.test(log)) {
          sentAt = Date.now();
          kill('SIGTERM');
        }
      },
    );
    expect(stopped.code, stopped.stderr).toBe(6);
    expect(Date.now() - sentAt).toBeLessThan(30_000);
    expect(stopped.stderr).toMatch(
      /import:jobspy: interrupted — \d+ rows, (\d+) new, .* so far, stored; run the same import again to finish/,
    );
    const store = new SqliteStore({ path: join(d, SQLITE_FILE_NAME) });
    try {
      const [run] = await store.listRuns('import:jobspy');
      expect(run?.status).toBe('interrupted');
      const kept = (await postingsById(store)).size;
      expect(kept).toBe(run?.postingsNew);
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(clean.size);
    } finally {
      await store.close();
    }
    const rerun = cli(['import', file, '--format', 'jobspy', '--data-dir', d]);
    expect(rerun.code, rerun.stderr).toBe(3);
    const after = new SqliteStore({ path: join(d, SQLITE_FILE_NAME) });
    try {
      expect(await postingsById(after)).toEqual(clean);
    } finally {
      await after.close();
    }
  });
});
