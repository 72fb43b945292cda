import { buildApp } from '@skillpulse/api';
import { SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every 400 of a report route is one sentence per bad parameter: its name, what it accepts and
 * what it received. Exact messages, so a change of wording is a visible change of the API.
 */
describe('validation messages', () => {
  let store: SqliteStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = new SqliteStore({ path: ':memory:' });
    app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const long = (n: number) => 'x'.repeat(n);
  const cases: Array<[string, string]> = [
    // The example of the issue: five "must be equal to constant" and an anyOf, before.
    ['/api/trends?skills=python&interval=fortnight', 'interval must be one of: day, week, month, quarter, year (got "fortnight")'],
    ['/api/trends.csv?skills=python&interval=fortnight', 'interval must be one of: day, week, month, quarter, year (got "fortnight")'],
    [
      '/api/trends?interval=fortnight',
      'skills is required: comma-separated skill ids or names, at most 10; interval must be one of: day, week, month, quarter, year (got "fortnight")',
    ],
    ['/api/trends?skills=python&intervall=week', 'unknown parameter "intervall"; did you mean "interval"?'],
    [`/api/trends?skills=${long(1001)}`, 'skills must be non-empty text of at most 1000 characters (got 1001 characters)'],
    ['/api/top?limit=0', 'limit must be a whole number from 1 to 200 (got "0")'],
    ['/api/top?limit=lots', 'limit must be a whole number from 1 to 200 (got "lots")'],
    ['/api/top?limit=2.5', 'limit must be a whole number from 1 to 200 (got "2.5")'],
    ['/api/top?limit=1&limit=2', 'limit must be given once (got 2 values: "1", "2")'],
    ['/api/top?limt=5', 'unknown parameter "limt"; did you mean "limit"?'],
    [
      '/api/top?foo=1',
      'unknown parameter "foo" (known: from, to, source, company, country, remote, seniority, category, role, city, region, metro, asOf, bom, limit)',
    ],
    ['/api/top?company=', 'company must be non-empty text of at most 200 characters (got an empty value)'],
    [
      '/api/top?remote=yes&seniority=boss',
      'remote must be one of: remote, hybrid, onsite, unknown (got "yes"); seniority must be one of: intern, junior, mid, senior, lead, unknown (got "boss")',
    ],
    ['/api/top.csv?bom=2', 'bom must be one of: 0, 1 (got "2")'],
    [`/api/skills?q=${long(101)}`, 'q must be text of at most 100 characters (got 101 characters)'],
    ['/api/skills?limit=1001', 'limit must be a whole number from 1 to 1000 (got "1001")'],
    ['/api/skills/python?categroy=database', 'unknown parameter "categroy"; did you mean "category"?'],
    ['/api/movers?limit=201', 'limit must be a whole number from 1 to 200 (got "201")'],
    ['/api/movers?base_form=2025-01-01', 'unknown parameter "base_form"; did you mean "base_from"?'],
    ['/api/cooccurrence', 'skill is required: the skill (id or name) whose companions to list'],
    ['/api/cooccurrence?skill=python&sort=popularity', 'sort must be one of: lift, count, jaccard (got "popularity")'],
    [
      '/api/breakdown',
      'by is required and must be one of: company, country, location, remote, seniority, source, category, role, city, metro, region',
    ],
    [
      '/api/breakdown?by=planet',
      'by must be one of: company, country, location, remote, seniority, source, category, role, city, metro, region (got "planet")',
    ],
    [
      '/api/postings?page=0&page_size=500',
      'page must be a whole number from 1 to 10000 (got "0"); page_size must be a whole number from 1 to 200 (got "500")',
    ],
    [
      '/api/runs?limit=0&job=',
      'job must be non-empty text of at most 200 characters (got an empty value); limit must be a whole number from 1 to 1000 (got "0")',
    ],
    // A parameter of a fixed form says what it is, with examples, not its length or regular expression.
    ['/api/salary?currency=dollars', 'currency: "dollars" is not an ISO 4217 currency code of three letters (e.g. USD, EUR)'],
    ['/api/salary.csv?currency=U5D', 'currency: "U5D" is not an ISO 4217 currency code of three letters (e.g. USD, EUR)'],
  ];

  it.each(cases)('GET %s', async (url, message) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ statusCode: 400, code: 'SKILLPULSE_ERR_INVALID_INPUT', error: 'Bad Request', message });
  });

  it('names a bad path parameter with the format it must have', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/jobs/Bad_Id/run', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe(
      'id: "Bad_Id" is not a job id of lowercase letters, digits and -, as skillpulse jobs list shows them (e.g. sample-board)',
    );
  });

  it('still takes every declared parameter, and fills in defaults', async () => {
    const trends = await app.inject({ method: 'GET', url: '/api/trends?skills=python&from=2025-01-01&to=2025-03-31' });
    expect(trends.statusCode, trends.body).toBe(200);
    expect(trends.json().interval).toBe('month');
    const top = await app.inject({ method: 'GET', url: '/api/top.csv?bom=1&limit=5&remote=remote&seniority=senior&company=Acme' });
    expect(top.statusCode, top.body).toBe(200);
  });
});
