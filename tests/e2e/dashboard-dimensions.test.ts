import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlacesReport, RoleDetail, RolesReport, SalaryReport } from '@skillpulse/api';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, HAVE_BROWSER, startSampleDashboard } from '../support/sample-dashboard.js';

/**
 * The Roles, Pay and Places views in Debian's Chromium (never a downloaded browser), against
 * `skillpulse serve` on a store seeded by crawling the sample board, as dashboard.test.ts does. Each
 * view must show the API's own figures for the same query, sort, and link CSV that answers CSV.
 * Without /usr/bin/chromium the suite is skipped (dashboard.test.ts fails it under SKILLPULSE_REQUIRE_BROWSER=1).
 */

/** Figures as the dashboard writes them (src/ui.ts, src/views/dimensions.ts). */
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const times = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)}×`);
const money = (currency: string, v: number | null) =>
  v === null ? 'n/a' : new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(v);

describe.skipIf(!HAVE_BROWSER)('dashboard: roles, pay and places in Chromium', () => {
  let browser: Browser;
  let server: ChildProcess;
  let base = '';
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ base, server, browser } = await startSampleDashboard('e2e-dim'));
  }, 180_000);

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
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      ),
    );
    await page.goto(`${base}${path}`);
    await ready(page, view);
    return page;
  }

  const ready = (page: Page, view: string) =>
    page.waitForFunction((name) => document.body.dataset.ready === name, view, { timeout: 20_000 });

  /** The API's JSON for a query, fetched outside the browser. */
  async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const search = new URLSearchParams(params);
    const response = await fetch(`${base}${path}${search.size > 0 ? `?${search}` : ''}`);
    expect(response.status, `${path}?${search}`).toBe(200);
    return (await response.json()) as T;
  }

  const svgPaths = (page: Page, selector: string) =>
    page.$$eval(`${selector} .chart`, (charts) => charts.map((chart) => chart.querySelectorAll('svg path').length));

  const column = (page: Page, card: string, index: number) =>
    page.$$eval(`#${card} table.data tbody tr`, (rows, i) => rows.map((row) => row.children[i]?.textContent?.trim() ?? ''), index);

  /** Follows a card's CSV link: it must answer text/csv; returns the parsed rows. */
  async function csvOf(page: Page, card: string): Promise<Array<Record<string, string>>> {
    const href = await page.getAttribute(`#${card} a.download`, 'href');
    expect(href, `#${card} has a CSV link`).toMatch(/\.csv(\?|$)/);
    const response = await fetch(new URL(href as string, base));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${card} a.download`)]);
    return parseCsv(readFileSync(await download.path(), 'utf8'), { bom: true, columns: true });
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

  it('roles: families as bars with the API figures, sortable, CSV; a role shows its skill profile and trend', async () => {
    const page = await open('/?view=roles', 'roles');
    const report = await api<RolesReport>('/api/roles', { limit: '200' });
    const known = report.roles.filter((r) => r.roleId !== 'unknown');
    expect(known.length, 'the sample board maps titles to several role families').toBeGreaterThan(3);
    expect((await svgPaths(page, '#roles'))[0]).toBeGreaterThan(known.length);
    // Default order: most postings first, the API's order; the figures are the API's.
    expect(await column(page, 'roles', 0)).toEqual(report.roles.map((r) => r.name));
    expect(await column(page, 'roles', 1)).toEqual(report.roles.map((r) => r.postings.toLocaleString('en')));
    const top = report.roles[0] as RolesReport['roles'][number];
    expect((await column(page, 'roles', 2))[0]).toContain(pct(top.share));
    expect((await column(page, 'roles', 3))[0]).toBe(`${pct(top.shareLow)}–${pct(top.shareHigh)}`);
    const csv = await csvOf(page, 'roles');
    expect(csv.map((r) => r.role_name)).toEqual(report.roles.map((r) => r.name));

    // Sorting by name: the URL keeps it, the table and the bars follow.
    await page.click('#roles th button:has-text("Role")');
    await ready(page, 'roles');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    const byName = await column(page, 'roles', 0);
    expect(byName).toEqual([...byName].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    await page.click('#roles th button:has-text("Role")');
    await ready(page, 'roles');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('asc');
    expect(await column(page, 'roles', 0)).toEqual([...byName].reverse());
    expect(consoleErrors).toEqual([]);

    // A role: its skill profile (share in the role, lift against all postings) and its trend.
    const chosen = known[0] as RolesReport['roles'][number];
    await page.click(`#roles tbody a:text-is("${chosen.name}")`);
    await ready(page, 'roles');
    expect(new URL(page.url()).searchParams.get('role')).toBe(chosen.roleId);
    await page.waitForSelector('#role-profile table.data');
    const detail = await api<RoleDetail>(`/api/roles/${chosen.roleId}`, { limit: '20' });
    expect(detail.skills.length).toBeGreaterThan(3);
    expect(await page.textContent('#role-profile h2')).toBe(`Skill profile: ${chosen.name}`);
    expect(await column(page, 'role-profile', 1)).toEqual(detail.skills.map((s) => s.name));
    const first = detail.skills[0] as RoleDetail['skills'][number];
    expect((await column(page, 'role-profile', 3))[0]).toContain(pct(first.share));
    expect((await column(page, 'role-profile', 6))[0]).toBe(times(first.lift));
    expect((await column(page, 'role-profile', 7))[0]).toBe(
      first.liftLow === null ? '–' : `${times(first.liftLow)}–${times(first.liftHigh)}`,
    );
    expect((await csvOf(page, 'role-profile')).map((r) => r.skill_id)).toEqual(detail.skills.map((s) => s.skillId));
    // The trend is of the role's postings: /api/trends with the role filter.
    await page.waitForSelector('#role-trend .chart svg');
    expect((await svgPaths(page, '#role-trend'))[0]).toBeGreaterThan(3);
    const trendCsv = new URL((await page.getAttribute('#role-trend a.download', 'href')) as string, base);
    expect(trendCsv.pathname).toBe('/api/trends.csv');
    expect(trendCsv.searchParams.get('role')).toBe(chosen.roleId);
    expect(new Set((await csvOf(page, 'role-trend')).map((r) => r.skill_id))).toEqual(
      new Set(detail.skills.slice(0, 5).map((s) => s.skillId)),
    );
    await shot(page, 'roles');
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('pay: one card per currency with the API median and quartiles and their intervals, small cells flagged, CSV', async () => {
    const page = await open('/?view=pay', 'pay');
    const report = await api<SalaryReport>('/api/salary');
    expect(report.postingsWithPay, 'sample postings state pay').toBeGreaterThan(0);
    expect(report.postingsWithPay, 'some sample postings hide pay').toBeLessThan(report.totalPostings);
    expect(report.currencies.length, 'the sample board pays in several currencies').toBeGreaterThan(1);
    const cards = await page.$$eval('#view section.card[id^="pay-"]', (sections) => sections.map((s) => s.id));
    expect(cards).toEqual(report.currencies.map((c) => `pay-${c.currency}`));
    expect(await page.textContent('#pay .status')).toContain(
      `${report.postingsWithPay.toLocaleString('en')} of ${report.totalPostings.toLocaleString('en')}`,
    );
    for (const row of report.currencies) {
      const card = `#pay-${row.currency}`;
      const figure = (key: string, cell: number) => page.textContent(`${card} tr[data-figure=${key}] td:nth-of-type(${cell})`);
      expect(await page.isVisible(`${card} .badge.few`), `${row.currency} small cell flagged`).toBe(row.tooSmall);
      if (row.tooSmall) continue;
      expect(await figure('median', 1)).toBe(money(row.currency, row.median.value));
      expect(await figure('q1', 1)).toBe(money(row.currency, row.q1.value));
      expect(await figure('q3', 1)).toBe(money(row.currency, row.q3.value));
      if (row.median.low !== null) {
        expect(await figure('median', 2)).toBe(`${money(row.currency, row.median.low)}–${money(row.currency, row.median.high)}`);
      }
      // The box and its whiskers are drawn.
      expect((await svgPaths(page, card))[0]).toBeGreaterThan(4);
    }
    const csv = await csvOf(page, 'pay');
    expect(csv.map((r) => r.currency)).toEqual(report.currencies.map((c) => c.currency));
    await shot(page, 'pay');

    // A skill: the premium per currency with its bootstrap interval, as the API computes it.
    const withSkill = await open('/?view=pay&skill=python', 'pay');
    const premium = await api<SalaryReport>('/api/salary', { skill: 'python' });
    expect(await withSkill.textContent('#pay h2')).toBe('Pay: Python');
    const shown = premium.currencies.filter((c) => c.premium && !c.premium.tooSmall);
    for (const row of shown) {
      const p = row.premium as NonNullable<SalaryRow['premium']>;
      const text = await withSkill.textContent(`#pay-${row.currency} tr[data-figure=premium] td:nth-of-type(1)`);
      const signed = (v: number | null) =>
        v === null ? 'n/a' : v > 0 ? `+${money(row.currency, v)}` : v < 0 ? `−${money(row.currency, -v)}` : money(row.currency, 0);
      expect(text).toContain(signed(p.difference));
      expect(await withSkill.textContent(`#pay-${row.currency} tr[data-figure=premium] td:nth-of-type(2)`)).toBe(
        p.differenceLow === null ? '–' : `${signed(p.differenceLow)} to ${signed(p.differenceHigh)}`,
      );
      expect(await withSkill.$$eval(`#pay-${row.currency} .chart`, (charts) => charts.length)).toBe(2);
    }
    const skillCsv = await csvOf(withSkill, 'pay');
    expect(new Set(skillCsv.map((r) => r.skill_id))).toEqual(new Set(['python']));

    // A role filter from the select: the URL and the figures follow.
    const roles = await withSkill.$$eval('select[name=role] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    const role = roles.find((r) => r !== '' && r !== 'unknown') as string;
    await withSkill.selectOption('select[name=role]', role);
    await ready(withSkill, 'pay');
    expect(new URL(withSkill.url()).searchParams.get('role')).toBe(role);
    const scoped = await api<SalaryReport>('/api/salary', { skill: 'python', role });
    expect(await withSkill.textContent('#pay .status')).toContain(
      `${scoped.postingsWithPay.toLocaleString('en')} of ${scoped.totalPostings.toLocaleString('en')}`,
    );
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('places: metros and countries as sortable bars with the API shares; a skill gives its location quotient with intervals', async () => {
    const page = await open('/?view=places', 'places');
    const metros = await api<BreakdownRows>('/api/breakdown', { by: 'metro', limit: '30' });
    expect(metros.rows.length, 'sample postings have metro areas').toBeGreaterThan(2);
    expect(await column(page, 'places', 1)).toEqual(metros.rows.map((r) => r.postings.toLocaleString('en')));
    expect((await column(page, 'places', 2))[0]).toContain(pct(metros.rows[0]?.share ?? null));
    expect((await svgPaths(page, '#places'))[0]).toBeGreaterThan(metros.rows.length);
    expect((await csvOf(page, 'places')).map((r) => r.value)).toEqual(metros.rows.map((r) => r.value));

    await page.selectOption('select[name=by]', 'country');
    await ready(page, 'places');
    expect(new URL(page.url()).searchParams.get('by')).toBe('country');
    const countries = await api<BreakdownRows>('/api/breakdown', { by: 'country', limit: '30' });
    expect(await column(page, 'places', 0)).toEqual(countries.rows.map((r) => r.label ?? r.value));
    // Sort by share, lowest first.
    await page.click('#places th button:has-text("Share")');
    await ready(page, 'places');
    await page.click('#places th button:has-text("Share")');
    await ready(page, 'places');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('asc');
    const ascending = [...countries.rows].sort((a, b) => (a.share ?? 0) - (b.share ?? 0)).map((r) => r.postings.toLocaleString('en'));
    expect(await column(page, 'places', 1)).toEqual(ascending);
    expect(consoleErrors).toEqual([]);

    const lq = await open('/?view=places&by=country&skill=python', 'places');
    const report = await api<PlacesReport>('/api/places', { by: 'country', skill: 'python', limit: '30' });
    expect(report.rows.length).toBeGreaterThan(1);
    expect(await column(lq, 'places', 0)).toEqual(report.rows.map((r) => r.label));
    expect(await column(lq, 'places', 4)).toEqual(report.rows.map((r) => times(r.lq)));
    expect(await column(lq, 'places', 5)).toEqual(
      report.rows.map((r) => (r.lqLow === null ? '–' : `${times(r.lqLow)}–${times(r.lqHigh)}`)),
    );
    expect((await csvOf(lq, 'places')).map((r) => r.place)).toEqual(report.rows.map((r) => r.place));
    await shot(lq, 'places');
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('the new views fit a phone, label every control, and show a designed error for a bad filter', async () => {
    for (const [path, view] of [
      ['/?view=roles', 'roles'],
      ['/?view=pay&skill=python', 'pay'],
      ['/?view=places', 'places'],
    ] as const) {
      const page = await open(path, view, { width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(1);
      expect(await page.$$eval('input, select', (controls) => controls.filter((c) => !c.closest('label')).length)).toBe(0);
      expect(consoleErrors).toEqual([]);
      await page.close();
    }
    const bad = await open('/?view=pay&currency=EURO', 'pay');
    expect(await bad.textContent('#pay .status')).toMatch(/currency/);
    const unknownRole = await open('/?view=roles&role=no-such-role', 'roles');
    expect(await unknownRole.textContent('#role-profile .status')).toMatch(/no-such-role/);
  }, 90_000);
});

type SalaryRow = SalaryReport['currencies'][number];
type BreakdownRows = { rows: Array<{ value: string; label?: string; postings: number; share: number | null }> };
