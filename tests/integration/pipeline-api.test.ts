import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@skillpulse/api';
import { silentLogger } from '@skillpulse/core';
import { DEFAULT_JOBS_DIR, loadJobFile, parseJob, runIngest } from '@skillpulse/ingest';
import { type SampleBoard, startSampleBoard } from '@skillpulse/sample-board';
import { SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const parseCsv = (text: string): string[][] => parseCsvSync(text, { bom: true });

let store: SqliteStore;
let app: FastifyInstance;
let firstRun: Awaited<ReturnType<typeof runIngest>>;

beforeAll(async () => {
  store = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-e2e-')), 'skillpulse.db') });
  firstRun = await runIngest({ job: loadJobFile(join(DEFAULT_JOBS_DIR, 'sample-board.yaml')), store, logger: silentLogger });
  app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('ingest pipeline on the sample board', () => {
  it('stores every posting of the board, JSON-LD and microdata alike', async () => {
    expect(firstRun.status).toBe('succeeded');
    expect(firstRun.postingsNew).toBe(360);
    expect(firstRun.errorCount).toBe(0);
    expect(await store.countPostings({})).toBe(360);
    const runs = await store.listRuns('sample-board');
    expect(runs[0]?.status).toBe('succeeded');
  });

  it('does not duplicate postings when run again', async () => {
    const again = await runIngest({ job: loadJobFile(join(DEFAULT_JOBS_DIR, 'sample-board.yaml')), store, logger: silentLogger });
    expect(again.postingsNew).toBe(0);
    expect(again.postingsUpdated).toBe(0);
    expect(await store.countPostings({})).toBe(360);
  });

  it('spans at least 24 months', async () => {
    expect((await store.periodTotals({}, 'month')).length).toBeGreaterThanOrEqual(24);
  });
});

describe('robots.txt and the crawl', () => {
  let board: SampleBoard;
  beforeAll(async () => {
    board = await startSampleBoard({ size: 30 });
  });
  afterAll(async () => board?.close());

  it('never fetches a path robots.txt disallows', async () => {
    const scratch = new SqliteStore({ path: ':memory:' });
    const job = parseJob(
      {
        id: 'robots',
        source: { type: 'career-site', startUrls: [`${board.url}/jobs`], follow: [`^${board.url.replace(/\./g, '\\.')}/(jobs|internal)`] },
        options: { allowPrivateNetwork: true },
      },
      'inline.yaml',
    );
    const run = await runIngest({ job, store: scratch, logger: silentLogger });
    expect(run.postingsNew).toBe(30);
    expect(board.requests).toContain('/robots.txt');
    expect(board.requests.some((path) => path.startsWith('/internal/'))).toBe(false);
    await scratch.close();
  });

  it('refuses a private address unless the job allows it', async () => {
    const job = parseJob({ id: 'ssrf', source: { type: 'career-site', startUrls: [`${board.url}/jobs`] } }, 'inline.yaml');
    const scratch = new SqliteStore({ path: ':memory:' });
    await expect(runIngest({ job, store: scratch, logger: silentLogger })).rejects.toThrow(
      /private address 127\.0\.0\.1.*allowPrivateNetwork/,
    );
    expect((await scratch.listRuns('ssrf'))[0]?.status).toBe('failed');
    await scratch.close();
  });
});

describe('API', () => {
  it('answers health', async () => {
    const response = await app.inject('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', backend: 'sqlite', postings: 360 });
  });

  it('lists at least 20 top skills with shares and intervals', async () => {
    const response = await app.inject('/api/top?limit=25');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.totalPostings).toBe(360);
    expect(body.skills).toHaveLength(25);
    for (const row of body.skills) {
      expect(row.share).toBeCloseTo(row.postings / 360, 10);
      expect(row.shareLow).toBeLessThanOrEqual(row.share);
      expect(row.shareHigh).toBeGreaterThanOrEqual(row.share);
    }
    expect(body.skills[0].postings).toBeGreaterThanOrEqual(body.skills[24].postings);
    expect(body.stamp).toMatchObject({ backend: 'sqlite', taxonomyVersion: getDefaultTaxonomy().version });
  });

  it('filters top skills by category and window', async () => {
    const body = (await app.inject('/api/top?category=database&from=2025-01-01&to=2025-12-31')).json();
    expect(body.skills.length).toBeGreaterThan(0);
    expect(body.skills.every((s: { category: string }) => s.category === 'database')).toBe(true);
    expect(body.totalPostings).toBe(await store.countPostings({ from: '2025-01-01', to: '2025-12-31' }));
  });

  it('compares top skills with the previous window of equal length, with tests corrected for many skills', async () => {
    const body = (await app.inject('/api/top?from=2025-07-01&to=2025-12-31&limit=15')).json();
    expect(body.previousWindow).toMatchObject({ from: '2024-12-29', to: '2025-06-30' });
    const before = (await app.inject('/api/top?from=2024-12-29&to=2025-06-30&limit=200')).json();
    expect(body.previousWindow.totalPostings).toBe(before.totalPostings);
    const previousCount = new Map(before.skills.map((s: { skillId: string; postings: number }) => [s.skillId, s.postings]));
    for (const row of body.skills) {
      expect(row.previousPostings).toBe(previousCount.get(row.skillId) ?? 0);
      expect(row.changePp).toBeCloseTo(100 * (row.share - row.previousPostings / before.totalPostings), 8);
      expect(row.changeLowPp).toBeLessThanOrEqual(row.changePp);
      expect(row.changeHighPp).toBeGreaterThanOrEqual(row.changePp);
      expect(row.qValue).toBeGreaterThanOrEqual(row.pValue);
      expect(row.significant).toBe(row.qValue <= 0.05);
    }
    // Rust rises on the sample board; jQuery falls.
    const rust = (await app.inject('/api/top?from=2026-01-01&to=2026-06-30&limit=200')).json();
    const rustRow = rust.skills.find((s: { skillId: string }) => s.skillId === 'rust');
    expect(rustRow.changePp).toBeGreaterThan(0);
    // Without a window there is nothing to compare against.
    expect((await app.inject('/api/top?limit=3')).json().skills[0].changePp).toBeNull();
  });

  it('shows the sample board trends: Rust rises, jQuery falls', async () => {
    const body = (await app.inject('/api/trends?skills=rust,jquery&interval=year')).json();
    const [rust, jquery] = body.series;
    expect(rust.points.map((p: { period: string }) => p.period)).toEqual(['2024-01-01', '2025-01-01', '2026-01-01']);
    expect(rust.points[2].share).toBeGreaterThan(rust.points[0].share);
    expect(jquery.points[2].share).toBeLessThan(jquery.points[0].share);
  });

  it('fills empty periods with zero', async () => {
    const body = (await app.inject('/api/trends?skills=python&interval=month&from=2023-10-01&to=2024-02-29')).json();
    const points = body.series[0].points;
    expect(points.map((p: { period: string }) => p.period)).toEqual(['2023-10-01', '2023-11-01', '2023-12-01', '2024-01-01', '2024-02-01']);
    expect(points[0]).toMatchObject({ postings: 0, totalPostings: 0, share: null, tooSmall: true });
  });

  it('serves CSV that round-trips the JSON numbers', async () => {
    const url = '/api/top?limit=10&from=2025-07-01&to=2025-12-31';
    const json = (await app.inject(url)).json();
    const response = await app.inject({ url, headers: { accept: 'text/csv' } });
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="skillpulse-top-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual([
      'rank',
      'skill_id',
      'skill_name',
      'category',
      'postings',
      'total_postings',
      'share',
      'share_low',
      'share_high',
      'too_small',
      'previous_postings',
      'previous_total_postings',
      'previous_share',
      'change_pp',
      'change_low_pp',
      'change_high_pp',
      'relative_change',
      'p_value',
      'q_value',
      'significant',
      'test',
    ]);
    expect(rows).toHaveLength(10);
    rows.forEach((row, i) => {
      expect(row[1]).toBe(json.skills[i].skillId);
      expect(Number(row[4])).toBe(json.skills[i].postings);
      expect(Number(row[6])).toBe(json.skills[i].share);
      expect(Number(row[7])).toBe(json.skills[i].shareLow);
      expect(Number(row[13])).toBe(json.skills[i].changePp);
      expect(Number(row[18])).toBe(json.skills[i].qValue);
      expect(row[19]).toBe(String(json.skills[i].significant));
    });
    const trends = await app.inject('/api/trends.csv?skills=python,go&interval=quarter&bom=1');
    expect(trends.body.startsWith('\uFEFFperiod,skill_id')).toBe(true);
  });

  it('rejects bad parameters with 400 naming the parameter', async () => {
    for (const [url, pattern] of [
      ['/api/top?limit=0', /limit/],
      ['/api/top?from=2025-13-01', /from/],
      ['/api/top?from=2025-05-01&to=2025-01-01', /from/],
      ['/api/top?category=cooking', /category/],
      ['/api/trends?skills=python&interval=decade', /interval/],
      ['/api/trends?skills=a,b,c,d,e,f,g,h,i,j,k', /skills/],
      ['/api/trends', /skills/],
    ] as const) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().message, url).toMatch(pattern);
      expect(response.body, url).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('answers 404 naming an unknown skill', async () => {
    const response = await app.inject('/api/trends?skills=python,klingon');
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toMatch(/"klingon"/);
  });
});
