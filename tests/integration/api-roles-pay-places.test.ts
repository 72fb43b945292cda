import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BreakdownReport,
  buildApp,
  defaultRoles,
  PlacesReport,
  placesCsv,
  RoleDetail,
  RolesReport,
  roleDetailCsv,
  rolesCsv,
  SalaryReport,
  salaryCsv,
  TopReport,
} from '@skillpulse/api';
import type { PostingPlace, PostingRole, Salary } from '@skillpulse/core';
import { ElasticsearchStore, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { bootstrapMedianDifference, compareShares, locationQuotient, wilsonInterval } from '@skillpulse/trends';
import { Ajv } from 'ajv';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, openTestElasticsearch } from '../support/elasticsearch.js';

/**
 * /api/roles, /api/roles/:id, /api/salary, /api/places, the role and place filters and breakdowns,
 * on both stores. Every expected figure is counted by hand from the seed below (in the comments),
 * not read back from the store; every JSON answer is checked against its response schema.
 */
const backends: Array<[string, () => Promise<SkillStore>]> = [
  ['sqlite', async () => new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-rpp-')), 'test.db') })],
];
if (ES_AVAILABLE) backends.push(['elasticsearch', () => openTestElasticsearch()]);

const taxonomy = getDefaultTaxonomy();
const MIN_CELL = 5;
const WINDOW = 'from=2025-03-01&to=2025-03-30';

const role = (id: string): PostingRole => ({ id, occupationUri: null, isco: null, onetSoc: null, confidence: 0.9, version: 'test-roles' });
const PLACES = {
  berlin: { cities: ['Berlin, DE-16'], regions: ['DE-16'], countries: ['DE'], metros: ['DE-berlin'], remoteScope: [], version: 't' },
  sf: {
    cities: ['San Francisco, US-CA'],
    regions: ['US-CA'],
    countries: ['US'],
    metros: ['US-san-francisco'],
    remoteScope: [],
    version: 't',
  },
  london: { cities: ['London, GB-ENG'], regions: ['GB-ENG'], countries: ['GB'], metros: ['GB-london'], remoteScope: [], version: 't' },
  paris: { cities: ['Paris, FR-11'], regions: ['FR-11'], countries: ['FR'], metros: ['FR-paris'], remoteScope: [], version: 't' },
} satisfies Record<string, PostingPlace>;
const pay = (currency: string, annualMid: number, fromText: boolean): Salary => ({
  min: annualMid - 5000,
  max: annualMid + 5000,
  currency,
  period: 'year',
  annualMin: annualMid - 5000,
  annualMax: annualMid + 5000,
  annualMid,
  fromText,
  currencyInferred: false,
  periodInferred: false,
});

/**
 * 60 postings in March 2025 (i = 0 … 59):
 *   0–19  data-engineer: python all, sql when i is even (10), spark when i < 15 (15);
 *         0–9 San Francisco, USD 100k + 5k·i; 10–19 Berlin, EUR 60k + 2k·(i − 10)
 *  20–39  backend: java when i is even (10), python when i < 25 (5), sql when 20 ≤ i < 30 (10);
 *         20–34 Berlin (EUR 50k + 1k·(i − 20) for 20–29, no pay for 30–34); 35–39 San Francisco, USD 90k + 1k·(i − 35)
 *  40–49  frontend: react; London; no pay
 *  50–54  role unknown: communication; 50–52 Paris, 53–54 no place
 *  55–59  role never derived: python; no place
 * Pay read from text when i % 3 === 0. Plus 20 postings in the previous window (2025-01-30 … 02-28):
 * 10 data-engineer and 10 backend, all python, Berlin, no pay.
 */
function seed(): PostingInput[] {
  const out: PostingInput[] = [];
  for (let i = 0; i < 60; i++) {
    const skills: string[] = [];
    let roleId: string | null;
    let place: PostingPlace | null = null;
    let salary: Salary | null = null;
    const text = i % 3 === 0;
    if (i < 20) {
      roleId = 'data-engineer';
      skills.push('python');
      if (i % 2 === 0) skills.push('sql');
      if (i < 15) skills.push('spark');
      place = i < 10 ? PLACES.sf : PLACES.berlin;
      salary = i < 10 ? pay('USD', 100_000 + 5000 * i, text) : pay('EUR', 60_000 + 2000 * (i - 10), text);
    } else if (i < 40) {
      roleId = 'backend';
      if (i % 2 === 0) skills.push('java');
      if (i < 25) skills.push('python');
      if (i < 30) skills.push('sql');
      place = i < 35 ? PLACES.berlin : PLACES.sf;
      if (i < 30) salary = pay('EUR', 50_000 + 1000 * (i - 20), text);
      else if (i >= 35) salary = pay('USD', 90_000 + 1000 * (i - 35), text);
    } else if (i < 50) {
      roleId = 'frontend';
      skills.push('react');
      place = PLACES.london;
    } else if (i < 55) {
      roleId = 'unknown';
      skills.push('communication');
      if (i < 53) place = PLACES.paris;
    } else {
      roleId = null;
      skills.push('python');
    }
    out.push(
      fixturePosting({
        id: `m${i}`,
        datePosted: `2025-03-${String(1 + (i % 30)).padStart(2, '0')}`,
        title: roleId ?? 'Mystery role',
        locations: place ? [place.cities[0] as string] : [],
        country: place ? (place.countries[0] as string) : null,
        salary,
        role: roleId ? role(roleId) : null,
        place,
        skills: skills.map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
        descriptionText: `We need ${skills.join(', ')}.`,
      }),
    );
  }
  for (let i = 0; i < 20; i++) {
    out.push(
      fixturePosting({
        id: `f${i}`,
        datePosted: `2025-02-${String(1 + (i % 28)).padStart(2, '0')}`,
        role: role(i < 10 ? 'data-engineer' : 'backend'),
        place: PLACES.berlin,
        skills: [{ skillId: 'python', level: 'required', count: 1 }],
      }),
    );
  }
  return out;
}

const strict = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strict(v)]));
  if ('properties' in copy) copy.additionalProperties = false;
  return copy;
};
const ajv = new Ajv({ strict: false, allErrors: true });
const parseCsv = (text: string): Array<Record<string, string>> => parseCsvSync(text, { bom: true, columns: true });
const num = (value: string | undefined) => (value === '' || value === undefined ? null : Number(value));
const k = (n: number) => n * 1000;

describe.each(backends)('roles, pay and places on %s', (backend, open) => {
  let store: SkillStore;
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ method: 'GET', url });
  const json = async (url: string, schema: object) => {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    const body = response.json();
    const validate = ajv.compile(strict(schema) as object);
    expect(validate(body) ? [] : validate.errors, `${url} matches its schema`).toEqual([]);
    return body;
  };
  const csv = async (url: string, columns: readonly string[]) => {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.body.split('\r\n')[0]).toBe(columns.join(','));
    return parseCsv(response.body);
  };
  const error = async (url: string, status: number) => {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
    return response.json().message as string;
  };

  beforeAll(async () => {
    store = await open();
    await store.upsertPostings(seed());
    app = await buildApp({ store, taxonomy, minCell: MIN_CELL });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (store instanceof ElasticsearchStore) await store.destroy();
    await store?.close();
  });

  it('/api/roles: families with postings, share and change, unknown as its own row, names from the catalogue', async () => {
    const body = await json(`/api/roles?${WINDOW}`, RolesReport);
    expect(body.stamp.roleMappingVersion).toBe(defaultRoles().version);
    expect(body.stamp.backend).toBe(backend);
    expect(body.totalPostings).toBe(60);
    expect(body.previousWindow).toEqual({ from: '2025-01-30', to: '2025-02-28', totalPostings: 20 });
    const rows = body.roles.map((r: { roleId: string; name: string; postings: number }) => [r.roleId, r.name, r.postings]);
    // data-engineer and backend tie at 20 (either order); then frontend 10, unknown 5; never-derived roles count under none.
    expect(rows.slice(2)).toEqual([
      ['frontend', 'Frontend developer', 10],
      ['unknown', 'Unknown', 5],
    ]);
    expect(rows.slice(0, 2).sort()).toEqual([
      ['backend', 'Backend developer', 20],
      ['data-engineer', 'Data engineer', 20],
    ]);
    const de = body.roles.find((r: { roleId: string }) => r.roleId === 'data-engineer');
    const w = wilsonInterval(20, 60);
    expect(de).toMatchObject({ share: 20 / 60, previousPostings: 10, previousTotalPostings: 20, tech: true, tooSmall: false });
    expect(de.shareLow).toBeCloseTo(w.low, 12);
    const change = compareShares(20, 60, 10, 20);
    expect(de.changePp).toBeCloseTo(change.changePp, 10);
    expect(de.pValue).toBeCloseTo(change.pValue, 10);
    expect(body.roles.find((r: { roleId: string }) => r.roleId === 'frontend').previousPostings).toBe(0);

    const csvRows = await csv(`/api/roles.csv?${WINDOW}`, rolesCsv.columns);
    expect(csvRows.map((r) => [r.role_id, num(r.postings)]).sort()).toEqual([
      ['backend', 20],
      ['data-engineer', 20],
      ['frontend', 10],
      ['unknown', 5],
    ]);
    expect(csvRows.find((r) => r.role_id === 'unknown')?.role_name).toBe('Unknown');
  });

  it('/api/roles/:id: the skill profile with share in the role, overall share and lift with its interval', async () => {
    const body = await json(`/api/roles/data-engineer?${WINDOW}`, RoleDetail);
    expect(body.role).toEqual({ roleId: 'data-engineer', name: 'Data engineer', tech: true });
    expect(body.stamp.roleMappingVersion).toBe(defaultRoles().version);
    expect(body.postings).toBe(20);
    expect(body.totalPostings).toBe(60);
    expect(body.roleShare.share).toBe(20 / 60);
    // python 20 of 20 (overall 20 + 5 + 5 = 30 of 60), spark 15 (15), sql 10 (10 + 10 = 20).
    const rows = body.skills.map((s: { skillId: string; postings: number; overallPostings: number }) => [
      s.skillId,
      s.postings,
      s.overallPostings,
    ]);
    expect(rows).toEqual([
      ['python', 20, 30],
      ['spark', 15, 15],
      ['sql', 10, 20],
    ]);
    const python = body.skills[0];
    expect(python.share).toBe(1);
    expect(python.overallShare).toBe(0.5);
    expect(python.lift).toBe(2);
    const lq = locationQuotient(1, 20, 0.5, 60);
    expect(python.liftLow).toBeCloseTo(lq.low, 10);
    expect(python.liftHigh).toBeCloseTo(lq.high, 10);
    // spark: (15/20) / (15/60) = 3.
    expect(body.skills[1].lift).toBeCloseTo(3, 12);
    // sql: (10/20) / (20/60) = 1.5.
    expect(body.skills[2].lift).toBeCloseTo(1.5, 12);

    const csvRows = await csv(`/api/roles/data-engineer.csv?${WINDOW}`, roleDetailCsv.columns);
    expect(csvRows.map((r) => [r.skill_id, num(r.postings), num(r.overall_postings), num(r.lift)])).toEqual([
      ['python', 20, 30, 2],
      ['spark', 15, 15, body.skills[1].lift],
      ['sql', 10, 20, body.skills[2].lift],
    ]);

    // A role with fewer postings than the minimum cell: flagged, no shares or lifts.
    const small = await json(`/api/roles/unknown?${WINDOW}&metro=FR-paris`, RoleDetail);
    expect(small.postings).toBe(3);
    expect(small.skills[0]).toMatchObject({ skillId: 'communication', postings: 3, tooSmall: true, share: null, lift: null });
  });

  it('/api/salary: per currency, disclosure, median and quartiles with distribution-free intervals', async () => {
    const body = await json(`/api/salary?${WINDOW}`, SalaryReport);
    expect(body.totalPostings).toBe(60);
    // USD: 0–9 and 35–39 (15); EUR: 10–19 and 20–29 (20).
    expect(body.postingsWithPay).toBe(35);
    expect(body.disclosure.share).toBe(35 / 60);
    expect(body.currencies.map((c: { currency: string; postings: number }) => [c.currency, c.postings])).toEqual([
      ['EUR', 20],
      ['USD', 15],
    ]);
    const eur = body.currencies[0];
    // EUR sorted: 50k … 59k, then 60k, 62k … 78k. Median = (59k + 60k) / 2; 95% CI [X(6), X(15)] = [55k, 68k].
    expect(eur.median).toEqual({ value: 59_500, low: k(55), high: k(68), coverage: expect.closeTo(0.958611, 5) });
    // Q1: h = 19·0.25 = 4.75 → 54k + 0.75·1k; CI [X(2), X(10)]. Q3: h = 14.25 → 68k + 0.25·2k; CI [X(11), X(19)].
    expect(eur.q1).toMatchObject({ value: 54_750, low: k(51), high: k(59) });
    expect(eur.q3).toMatchObject({ value: 68_500, low: k(60), high: k(76) });
    expect(eur.disclosure).toMatchObject({ postings: 20, totalPostings: 60, share: 20 / 60, tooSmall: false });
    // From text (i % 3 === 0): 12, 15, 18, 21, 24, 27.
    expect(eur.fromText).toBe(6);
    expect(eur.fromTextShare).toBe(0.3);
    expect(eur.premium).toBeNull();
    const usd = body.currencies[1];
    // USD sorted: 90k … 94k, 100k, 105k … 145k: median X(8) = 110k; n = 15: CI [X(4), X(12)] = [93k, 130k].
    expect(usd.median).toMatchObject({ value: k(110), low: k(93), high: k(130) });
    expect(usd.median.coverage).toBeCloseTo(1 - (2 * (1 + 15 + 105 + 455)) / 32768, 10);

    const eurOnly = await json(`/api/salary?${WINDOW}&currency=eur&role=data-engineer`, SalaryReport);
    expect(eurOnly.role).toEqual({ roleId: 'data-engineer', name: 'Data engineer', tech: true });
    expect(eurOnly.stamp.roleMappingVersion).toBe(defaultRoles().version);
    expect(eurOnly.totalPostings).toBe(20);
    expect(eurOnly.currencies.map((c: { currency: string; postings: number }) => [c.currency, c.postings])).toEqual([['EUR', 10]]);
    // 60k, 62k … 78k: median 69k.
    expect(eurOnly.currencies[0].median.value).toBe(k(69));

    const csvRows = await csv(`/api/salary.csv?${WINDOW}`, salaryCsv.columns);
    expect(csvRows.map((r) => [r.currency, num(r.postings), num(r.median), num(r.median_low), num(r.median_high)])).toEqual([
      ['EUR', 20, 59_500, k(55), k(68)],
      ['USD', 15, k(110), k(93), k(130)],
    ]);
  });

  it('/api/salary with a skill: the premium with a seeded bootstrap interval, small groups flagged', async () => {
    const body = await json(`/api/salary?${WINDOW}&currency=EUR&skill=python`, SalaryReport);
    expect(body.skill).toMatchObject({ skillId: 'python', name: 'Python' });
    const premium = body.currencies[0].premium;
    // With python: 50k–54k and 60k, 62k … 78k (15), median 64k; without: 55k–59k (5), median 57k.
    expect(premium).toMatchObject({ withSkill: 15, withoutSkill: 5, medianWith: k(64), medianWithout: k(57), difference: k(7) });
    expect(premium.tooSmall).toBe(false);
    expect(premium.resamples).toBe(2000);
    expect(premium.relativeDifference).toBeCloseTo(7 / 57, 12);
    // The interval is the trends bootstrap with the reported seed: anyone can reproduce it.
    const withPython = [50, 51, 52, 53, 54, 60, 62, 64, 66, 68, 70, 72, 74, 76, 78].map(k);
    const withoutPython = [55, 56, 57, 58, 59].map(k);
    const again = bootstrapMedianDifference(withPython, withoutPython, { seed: premium.seed, resamples: 2000 });
    expect([premium.differenceLow, premium.differenceHigh]).toEqual([again.low, again.high]);
    expect(premium.differenceLow).toBeLessThanOrEqual(k(7));
    expect(premium.differenceHigh).toBeGreaterThanOrEqual(k(7));
    // The same query on a fresh app (no response cache) gives the same seed and numbers.
    const other = await buildApp({ store, taxonomy, minCell: MIN_CELL });
    try {
      const response = await other.inject({ method: 'GET', url: `/api/salary?${WINDOW}&currency=EUR&skill=python` });
      expect(response.json().currencies[0].premium).toEqual(premium);
    } finally {
      await other.close();
    }
    // A different query, a different seed.
    const usd = await json(`/api/salary?${WINDOW}&currency=USD&skill=python`, SalaryReport);
    expect(usd.currencies[0].premium.seed).not.toBe(premium.seed);

    // react: no EUR posting asks for it, so the with-group is empty: flagged, no difference.
    const small = await json(`/api/salary?${WINDOW}&currency=EUR&skill=react`, SalaryReport);
    expect(small.currencies[0].premium).toMatchObject({ withSkill: 0, withoutSkill: 20, tooSmall: true, difference: null, seed: null });

    const csvRows = await csv(`/api/salary.csv?${WINDOW}&currency=EUR&skill=python`, salaryCsv.columns);
    expect(csvRows[0]).toMatchObject({ skill_id: 'python', with_skill: '15', without_skill: '5', premium: '7000' });
    expect(num(csvRows[0]?.premium_low)).toBe(premium.differenceLow);
  });

  it('/api/places: share and location quotient per metro and country, small places flagged, labels from the id', async () => {
    const body = await json(`/api/places?${WINDOW}&skill=python`, PlacesReport);
    expect(body.by).toBe('metro');
    // python: 30 of 60 everywhere.
    expect(body.overall).toMatchObject({ postings: 30, totalPostings: 60, share: 0.5 });
    const rows = body.rows.map((r: { place: string; label: string; postings: number; totalPostings: number }) => [
      r.place,
      r.label,
      r.postings,
      r.totalPostings,
    ]);
    // Berlin: 10–34 (25), python 10–19 and 20–24 (15); San Francisco: 0–9, 35–39 (15), python 0–9; London 10, none; Paris 3.
    expect(rows).toEqual([
      ['DE-berlin', 'Berlin (DE)', 15, 25],
      ['US-san-francisco', 'San Francisco (US)', 10, 15],
      ['GB-london', 'London (GB)', 0, 10],
      ['FR-paris', 'Paris (FR)', 0, 3],
    ]);
    const berlin = body.rows[0];
    const lq = locationQuotient(15 / 25, 25, 0.5, 60);
    expect(berlin.lq).toBeCloseTo(1.2, 12);
    expect(berlin.lqLow).toBeCloseTo(lq.low, 10);
    expect(berlin.lqHigh).toBeCloseTo(lq.high, 10);
    expect(body.rows[1].lq).toBeCloseTo(4 / 3, 12);
    expect(body.rows[2]).toMatchObject({ lq: 0, lqLow: 0, tooSmall: false });
    expect(body.rows[2].lqHigh).toBeGreaterThan(0);
    expect(body.rows[3]).toMatchObject({ tooSmall: true, share: null, lq: null, lqLow: null, lqHigh: null });

    const countries = await json(`/api/places?${WINDOW}&skill=python&by=country`, PlacesReport);
    expect(countries.rows.map((r: { place: string; totalPostings: number }) => [r.place, r.totalPostings])).toEqual([
      ['DE', 25],
      ['US', 15],
      ['GB', 10],
      ['FR', 3],
    ]);

    const csvRows = await csv(`/api/places.csv?${WINDOW}&skill=python`, placesCsv.columns);
    expect(csvRows.map((r) => [r.place, r.label, num(r.postings), num(r.total_postings), num(r.lq)])).toEqual([
      ['DE-berlin', 'Berlin (DE)', 15, 25, berlin.lq],
      ['US-san-francisco', 'San Francisco (US)', 10, 15, body.rows[1].lq],
      ['GB-london', 'London (GB)', 0, 10, 0],
      ['FR-paris', 'Paris (FR)', 0, 3, null],
    ]);
  });

  it('role, city, region and metro filter every analytics route, and breakdowns group by them', async () => {
    const byRole = await json(`/api/top?${WINDOW}&role=backend`, TopReport);
    expect(byRole.totalPostings).toBe(20);
    expect(byRole.stamp.roleMappingVersion).toBe(defaultRoles().version);
    const plain = await json(`/api/top?${WINDOW}`, TopReport);
    expect(plain.stamp.roleMappingVersion).toBeUndefined();
    expect((await json(`/api/top?${WINDOW}&metro=US-san-francisco`, TopReport)).totalPostings).toBe(15);
    expect((await json(`/api/top?${WINDOW}&city=${encodeURIComponent('Berlin, DE-16')}`, TopReport)).totalPostings).toBe(25);
    expect((await json(`/api/top?${WINDOW}&region=US-CA&role=backend`, TopReport)).totalPostings).toBe(5);

    const roles = await json(`/api/breakdown?${WINDOW}&by=role`, BreakdownReport);
    expect(roles.stamp.roleMappingVersion).toBe(defaultRoles().version);
    expect(roles.rows.map((r: { value: string; label?: string; postings: number }) => [r.value, r.label, r.postings]).sort()).toEqual([
      ['backend', 'Backend developer', 20],
      ['data-engineer', 'Data engineer', 20],
      ['frontend', 'Frontend developer', 10],
      ['unknown', 'Unknown', 5],
    ]);
    const metros = await json(`/api/breakdown?${WINDOW}&by=metro&skill=python`, BreakdownReport);
    expect(
      metros.rows.map((r: { value: string; label?: string; postings: number; totalPostings: number }) => [
        r.value,
        r.label,
        r.postings,
        r.totalPostings,
      ]),
    ).toEqual([
      ['DE-berlin', 'Berlin (DE)', 15, 25],
      ['US-san-francisco', 'San Francisco (US)', 10, 15],
    ]);
    const regions = await json(`/api/breakdown?${WINDOW}&by=region`, BreakdownReport);
    expect(regions.rows.map((r: { value: string; postings: number }) => [r.value.toUpperCase(), r.postings])).toEqual([
      ['DE-16', 25],
      ['US-CA', 15],
      ['GB-ENG', 10],
      ['FR-11', 3],
    ]);
    const cities = await json(`/api/breakdown?${WINDOW}&by=city&role=data-engineer`, BreakdownReport);
    expect(cities.rows.map((r: { postings: number }) => r.postings)).toEqual([10, 10]);
  });

  it('answers 400 for an unknown role with a did-you-mean, a bad currency, and 404 for an unknown skill', async () => {
    expect(await error(`/api/top?role=data-enginer`, 400)).toMatch(
      /role: unknown role family "data-enginer"; did you mean "data-engineer"\?/,
    );
    expect(await error(`/api/salary?role=backnd`, 400)).toMatch(/did you mean "backend"/);
    expect(await error(`/api/roles/nope`, 400)).toMatch(/id: unknown role family "nope"/);
    expect(await error(`/api/roles/data-engineer?role=backend`, 400)).toMatch(/unknown parameter "role"/);
    expect(await error(`/api/salary?currency=EU1`, 400)).toMatch(
      /currency: "EU1" is not an ISO 4217 currency code of three letters \(e.g. USD, EUR\)/,
    );
    expect(await error(`/api/places?skill=nosuchskill`, 404)).toMatch(/skill: unknown skill "nosuchskill"/);
    expect(await error(`/api/salary?skill=nosuchskill`, 404)).toMatch(/skill: unknown skill "nosuchskill"/);
    expect(await error(`/api/places?skill=python&by=planet`, 400)).toMatch(/by/);
    expect(await error(`/api/breakdown?by=role&role=nope`, 400)).toMatch(/role: unknown role family "nope"/);
  });
});
