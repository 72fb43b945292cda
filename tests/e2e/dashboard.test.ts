import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildApp } from '@skillpulse/api';
import { type PostingInput, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { parse as parseCsv } from 'csv-parse/sync';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, HAVE_BROWSER, startSampleDashboard } from '../support/sample-dashboard.js';

/**
 * The dashboard in Debian's Chromium (never a downloaded browser), against `skillpulse serve` on a
 * store seeded by crawling the sample board. Screenshots of every view go to tests/artifacts/.
 * Without /usr/bin/chromium the suite is skipped, unless SKILLPULSE_REQUIRE_BROWSER=1 (CI).
 */

const REQUIRE_BROWSER = process.env.SKILLPULSE_REQUIRE_BROWSER === '1';
const DIST = fileURLToPath(new URL('../../dashboards/web/dist/', import.meta.url));

if (REQUIRE_BROWSER && !HAVE_BROWSER) {
  describe('dashboard', () => {
    it('needs Debian chromium at /usr/bin/chromium (SKILLPULSE_REQUIRE_BROWSER=1)', () => {
      expect.fail('chromium is not installed: apt-get install chromium (.ci/run does)');
    });
  });
}

describe.skipIf(!HAVE_BROWSER)('dashboard in Chromium', () => {
  let browser: Browser;
  let server: ChildProcess;
  let base = '';
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ base, server, browser } = await startSampleDashboard('e2e'));
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  async function open(path: string, view: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    // A Content-Security-Policy violation (an inline script or style the policy blocks) is an error too.
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
      ),
    );
    await page.goto(`${base}${path}`);
    await ready(page, view);
    return page;
  }

  const ready = (page: Page, view: string) =>
    page.waitForFunction((name) => document.body.dataset.ready === name, view, { timeout: 20_000 });

  /** Draws something: an SVG with paths in every chart of the view. */
  async function chartsDrawn(page: Page): Promise<number[]> {
    return page.$$eval('.chart', (charts) => charts.map((chart) => chart.querySelectorAll('svg path').length));
  }

  const tableColumn = (page: Page, card: string, column: number) =>
    page.$$eval(`#${card} table.data tbody tr`, (rows, col) => rows.map((row) => row.children[col]?.textContent?.trim() ?? ''), column);

  async function downloadCsv(page: Page, card: string): Promise<Array<Record<string, string>>> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${card} a.download`)]);
    const file = await download.path();
    return parseCsv(readFileSync(file, 'utf8'), { bom: true, columns: true });
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

  it('overview: headline figures, the top skills chart with its table, sample label; a category filter updates the URL and the data', async () => {
    const page = await open('/', 'overview');
    expect(await chartsDrawn(page)).toEqual([expect.any(Number)]);
    expect((await chartsDrawn(page))[0]).toBeGreaterThan(20);
    expect(await page.isVisible('#sample-banner')).toBe(true);
    const tiles = await page.$$eval('.tile strong', (els) => els.map((e) => e.textContent));
    expect(tiles).toEqual(['360', '1', 'succeeded']);
    const names = await tableColumn(page, 'top', 1);
    expect(names).toHaveLength(20);
    await shot(page, 'overview');

    // The CSV is exactly the rows shown.
    const csv = await downloadCsv(page, 'top');
    expect(csv.map((r) => r.skill_name)).toEqual(names);

    await page.selectOption('select[name=category]', 'language');
    await ready(page, 'overview');
    expect(new URL(page.url()).searchParams.get('category')).toBe('language');
    const categories = await tableColumn(page, 'top', 2);
    expect(categories.length).toBeGreaterThan(0);
    expect(new Set(categories)).toEqual(new Set(['language']));
    const languageNames = await tableColumn(page, 'top', 1);
    expect((await downloadCsv(page, 'top')).map((r) => r.skill_name)).toEqual(languageNames);
    // The link reproduces the view.
    const again = await open(new URL(page.url()).search ? `/${new URL(page.url()).search}` : '/', 'overview');
    expect(await tableColumn(again, 'top', 1)).toEqual(languageNames);
    expect(consoleErrors).toEqual([]);
  });

  it('trends: the top five by default, interval bands, a granularity switch and a skill picker in the URL', async () => {
    const page = await open('/?view=trends', 'trends');
    const skills = new URL(page.url()).searchParams.get('skills')?.split(',') ?? [];
    expect(skills).toHaveLength(5);
    expect((await chartsDrawn(page))[0]).toBeGreaterThan(10);
    await shot(page, 'trends');

    await page.selectOption('select[name=interval]', 'quarter');
    await ready(page, 'trends');
    expect(new URL(page.url()).searchParams.get('interval')).toBe('quarter');
    const periods = await tableColumn(page, 'trend', 0);
    expect(periods.every((p) => /^\d{4}-Q[1-4]$/.test(p))).toBe(true);

    // Search as you type: the datalist fills from /api/skills, Enter adds the skill.
    await page.fill('.picker input', 'rus');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('datalist option')].some((o) => (o as HTMLOptionElement).value === 'Rust'),
    );
    await page.fill('.picker input', 'Rust');
    await page.press('.picker input', 'Enter');
    await ready(page, 'trends');
    expect(new URL(page.url()).searchParams.get('skills')?.split(',')).toEqual([...skills, 'rust']);
    const csv = await downloadCsv(page, 'trend');
    expect(new Set(csv.map((r) => r.skill_id))).toEqual(new Set([...skills, 'rust']));
    expect(csv).toHaveLength((await tableColumn(page, 'trend', 0)).length);
    expect(consoleErrors).toEqual([]);
  });

  it('movers: sortable tables with significance, the sort kept in the URL, CSV of the same rows', async () => {
    const page = await open('/?view=movers', 'movers');
    await shot(page, 'movers');
    const rising = await tableColumn(page, 'rising', 0);
    const declining = await tableColumn(page, 'declining', 0);
    expect(rising.length + declining.length).toBeGreaterThan(0);
    const csv = await downloadCsv(page, 'movers');
    expect(csv.filter((r) => r.direction === 'rising').map((r) => r.skill_name)).toEqual(rising);
    expect(csv.filter((r) => r.direction === 'declining').map((r) => r.skill_name)).toEqual(declining);

    const card = rising.length > 0 ? 'rising' : 'declining';
    await page.click(`#${card} th button:has-text("Skill")`);
    await ready(page, 'movers');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    const sorted = await tableColumn(page, card, 0);
    expect(sorted).toEqual([...sorted].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(consoleErrors).toEqual([]);
  });

  it('skill page: trend, co-occurring skills, breakdowns and recent postings with the mentions marked', async () => {
    const page = await open('/?view=skill&id=python', 'skill');
    await shot(page, 'skill');
    expect(await page.textContent('#skill h2')).toBe('Python');
    expect((await chartsDrawn(page))[0]).toBeGreaterThan(3);
    expect((await tableColumn(page, 'cooccurrence', 0)).length).toBeGreaterThan(5);
    for (const by of ['company', 'country', 'remote', 'seniority']) {
      expect(await page.$$eval(`#breakdown-${by} .bars li`, (items) => items.length)).toBeGreaterThan(0);
    }
    const marks = await page.$$eval('#postings mark', (items) => items.map((m) => m.getAttribute('data-skill')));
    expect(marks).toContain('python');
    // Following a co-occurring skill opens its page.
    const first = await page.textContent('#cooccurrence tbody tr a');
    await page.click('#cooccurrence tbody tr a');
    await ready(page, 'skill');
    expect(await page.textContent('#skill h2')).toBe(first);
    expect(consoleErrors).toEqual([]);
  });

  it('jobs: the history with counts, and "Run now" starts a run that shows up', async () => {
    const page = await open('/?view=jobs', 'jobs');
    await shot(page, 'jobs');
    expect(await tableColumn(page, 'jobs', 0)).toEqual(['sample-board']);
    const before = await tableColumn(page, 'runs', 2);
    expect(before).toEqual(['manual']);
    expect(await tableColumn(page, 'runs', 6)).toEqual(['360']);
    await page.click('button.run-now');
    await page.waitForFunction(() => document.querySelectorAll('#runs tbody tr').length === 2, undefined, { timeout: 30_000 });
    const csv = await downloadCsv(page, 'runs');
    expect(csv.map((r) => r.trigger)).toEqual(await tableColumn(page, 'runs', 2));
    expect(consoleErrors).toEqual([]);
  });

  it('keeps its Content-Security-Policy: the dashboard and the API docs (/docs) run with no violation', async () => {
    const response = await fetch(`${base}/`);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    const page = await open('/?view=trends', 'trends');
    expect(await chartsDrawn(page)).not.toEqual([]);
    expect(consoleErrors.filter((e) => e.startsWith('CSP violation'))).toEqual([]);
    const docs = await browser.newPage();
    const violations: string[] = [];
    docs.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await docs.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`),
      ),
    );
    await docs.goto(`${base}/docs`);
    await docs.waitForSelector('.opblock', { timeout: 20_000 });
    expect(violations.filter((e) => /CSP|Content Security Policy/i.test(e))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('is usable from the keyboard and on a phone-sized screen', async () => {
    const page = await open('/', 'overview', { width: 390, height: 844 });
    await shot(page, 'overview-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.focus('nav a[data-view=movers]');
    await page.keyboard.press('Enter');
    await ready(page, 'movers');
    // Every form control has a label.
    const unlabelled = await page.$$eval('input, select', (controls) => controls.filter((c) => !c.closest('label')).length);
    expect(unlabelled).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('an unknown skill and a bad filter show a designed error, not a blank page', async () => {
    const page = await open('/?view=skill&id=no-such-skill', 'skill');
    expect(await page.textContent('.failure')).toMatch(/no-such-skill/);
    const bad = await open('/?view=movers&from=2026-05-01&to=2025-01-01', 'movers');
    expect(await bad.textContent('.failure')).toMatch(/from/);
  });
});

describe.skipIf(!HAVE_BROWSER)('dashboard speed', () => {
  it('ships at most 400 KB of gzipped JavaScript', () => {
    const files = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, 'assets', f))).length, 0);
    const raw = files.reduce((sum, f) => sum + statSync(join(DIST, 'assets', f)).size, 0);
    console.log(`dashboard JavaScript: ${(raw / 1024).toFixed(0)} KB, ${(gzipped / 1024).toFixed(0)} KB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(400 * 1024);
  });

  it('prints how long the overview takes to be interactive against 100,000 postings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-e2e-100k-'));
    const store = new SqliteStore({ path: join(dir, 'skillpulse.db') });
    // The store bench's synthetic corpus: the same 100,000 postings every time.
    const bench = (await import(String(new URL('../bench/store.mjs', import.meta.url)))) as {
      batches: (total: number, seed: number) => Iterable<PostingInput[]>;
    };
    for (const batch of bench.batches(100_000, 7)) await store.upsertPostings(batch);
    const app = await buildApp({ store, taxonomy: getDefaultTaxonomy(), dashboardDir: DIST });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const timings: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const started = Date.now();
        await page.goto(address);
        await page.waitForFunction(() => document.body.dataset.ready === 'overview', undefined, { timeout: 30_000 });
        timings.push(Date.now() - started);
        expect(await page.$$eval('#top table.data tbody tr', (rows) => rows.length)).toBe(20);
        await page.close();
      }
      console.log(`overview interactive against 100,000 postings: ${timings.map((t) => `${t} ms`).join(', ')} (first, then warm)`);
    } finally {
      await browser.close();
      await app.close();
      await store.close();
    }
  }, 180_000);
});
