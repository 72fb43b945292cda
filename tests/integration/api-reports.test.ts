import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type JobsProvider } from '@skillpulse/api';
import { ElasticsearchStore, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { compareShares, cooccurrence, wilsonInterval } from '@skillpulse/trends';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, openTestElasticsearch } from '../support/elasticsearch.js';

/**
 * Every API route through app.inject() on both store backends. Expected figures are counted from
 * the seed itself, not read back from the store.
 */
const backends: Array<[string, () => Promise<SkillStore>]> = [
  ['sqlite', async () => new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-api-')), 'test.db') })],
];
if (ES_AVAILABLE) backends.push(['elasticsearch', () => openTestElasticsearch()]);

const taxonomy = getDefaultTaxonomy();
const dayOffset = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Window A (2025-01-01..03-31) and window B (2025-04-01..06-29), 200 unique postings each, plus duplicates. */
function seed(): PostingInput[] {
  const postings: PostingInput[] = [];
  const add = (id: string, datePosted: string, i: number, skills: string[], canonicalId: string | null = null) => {
    const names = skills.map((s) => taxonomy.byId.get(s)?.name ?? s);
    postings.push(
      fixturePosting({
        id,
        datePosted,
        canonicalId,
        title: i % 7 === 0 ? 'Python Developer' : 'Software Engineer',
        company: i % 2 ? 'Acme' : 'Globex',
        country: i % 3 === 0 ? 'US' : 'DE',
        remote: i % 5 === 0 ? 'remote' : 'onsite',
        seniority: i % 4 === 0 ? 'senior' : 'mid',
        contentHash: `hash-${id}`,
        descriptionText: `We build =formula-safe software. ${names.length ? `You know ${names.join(' and ')}.` : 'No stack named.'} Benefits, ${'culture '.repeat(i % 3)}and more.`,
        skills: skills.map((skillId) => ({ skillId, level: 'required', count: 1 })),
      }),
    );
  };
  for (let i = 0; i < 200; i++) {
    const skills = [
      ...(i % 5 === 0 ? ['python'] : []),
      ...(i % 10 < 3 ? ['go'] : []),
      ...(i % 4 === 0 ? ['sql'] : []),
      ...(i < 3 ? ['rust'] : []),
      ...(i % 10 === 0 ? ['kubernetes'] : []),
    ];
    add(`a${i}`, dayOffset('2025-01-01', i % 90), i, skills);
  }
  for (let i = 0; i < 200; i++) {
    const skills = [
      ...(i % 2 === 0 ? ['python'] : []),
      ...(i % 10 === 0 ? ['go'] : []),
      ...(i % 4 === 0 ? ['sql', 'kubernetes'] : []),
      ...(i < 5 ? ['rust'] : []),
    ];
    add(`b${i}`, dayOffset('2025-04-01', i % 90), i, skills);
  }
  // Near-duplicates of b1 (no Python): stored, never counted.
  for (let i = 0; i < 10; i++) add(`dup${i}`, '2025-05-01', 1, ['python'], 'b1');
  return postings;
}

const SEED = seed();
const unique = (from: string, to: string) => SEED.filter((p) => p.canonicalId === null && p.datePosted >= from && p.datePosted <= to);
const withSkill = (postings: PostingInput[], ...skills: string[]) =>
  postings.filter((p) => skills.every((s) => p.skills.some((k) => k.skillId === s)));
const A = unique('2025-01-01', '2025-03-31');
const B = unique('2025-04-01', '2025-06-29');
const WINDOW = 'from=2025-04-01&to=2025-06-29';

const parseCsv = (text: string): Array<Record<string, string>> => parseCsvSync(text, { bom: true, columns: true });
const num = (value: string | undefined) => (value === '' || value === undefined ? null : Number(value));

const jobs: JobsProvider = {
  async list() {
    return {
      jobs: [
        {
          id: 'board',
          description: 'Test board',
          source: 'feed',
          enabled: true,
          schedule: '0 3 * * *',
          timezone: 'UTC',
          file: 'board.yaml',
          nextRun: '2025-07-01T03:00:00.000Z',
          running: false,
        },
      ],
      errors: [{ file: 'broken.yaml', message: 'job file broken.yaml: schedule: "every day" is not a cron expression' }],
    };
  },
};

describe.each(backends)('API reports on %s', (backend, open) => {
  let store: SkillStore;
  let app: FastifyInstance;
  const get = async (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const json = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json();
  };
  const csv = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="skillpulse-[a-z]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    return parseCsv(response.body);
  };

  beforeAll(async () => {
    store = await open();
    await store.upsertPostings(SEED);
    await store.saveRun({
      id: 'run-1',
      job: 'board',
      trigger: 'schedule',
      startedAt: '2025-07-01T03:00:00.000Z',
      endedAt: '2025-07-01T03:01:30.000Z',
      status: 'succeeded',
      pagesFetched: 12,
      postingsNew: 400,
      postingsUpdated: 0,
      postingsDuplicate: 10,
      postingsExpired: 0,
      errorCount: 1,
      errors: [{ url: 'https://jobs.example.com/x', reason: 'HTTP 500' }],
    });
    app = await buildApp({ store, taxonomy, jobs });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (store instanceof ElasticsearchStore) await store.destroy();
    await store?.close();
  });

  it('top: shares, the change against the previous window and its significance, in JSON and CSV', async () => {
    const body = await json(`/api/top?${WINDOW}&limit=10`);
    expect(body.stamp).toMatchObject({ backend, taxonomyVersion: taxonomy.version, query: { report: 'top', limit: 10 } });
    expect(body.previousWindow).toEqual({ from: '2025-01-01', to: '2025-03-31', totalPostings: A.length });
    expect(body.totalPostings).toBe(B.length);
    const python = body.skills.find((s: { skillId: string }) => s.skillId === 'python');
    const expected = compareShares(withSkill(B, 'python').length, B.length, withSkill(A, 'python').length, A.length);
    expect(python).toMatchObject({
      postings: withSkill(B, 'python').length,
      previousPostings: withSkill(A, 'python').length,
      significant: true,
    });
    expect(python.changePp).toBeCloseTo(expected.changePp, 10);
    expect(python.pValue).toBeCloseTo(expected.pValue, 12);
    // 5 postings against 3: a share is shown, but the change is nowhere near significant.
    expect(body.skills.find((s: { skillId: string }) => s.skillId === 'rust')).toMatchObject({
      postings: withSkill(B, 'rust').length,
      share: withSkill(B, 'rust').length / B.length,
      significant: false,
    });

    const rows = await csv(`/api/top.csv?${WINDOW}&limit=10`);
    expect(rows).toHaveLength(body.skills.length);
    rows.forEach((row, i) => {
      const skill = body.skills[i];
      expect(row.skill_id).toBe(skill.skillId);
      expect(num(row.share)).toBe(skill.share);
      expect(num(row.change_pp)).toBe(skill.changePp);
      expect(num(row.q_value)).toBe(skill.qValue);
      expect(row.significant).toBe(skill.significant === null ? '' : String(skill.significant));
    });
  });

  it('trends: every period present, zero where empty, counts as seeded', async () => {
    const body = await json('/api/trends?skills=python,golang&interval=month&from=2024-12-01&to=2025-06-30');
    expect(body.periods.map((p: { period: string }) => p.period)).toEqual([
      '2024-12-01',
      '2025-01-01',
      '2025-02-01',
      '2025-03-01',
      '2025-04-01',
      '2025-05-01',
      '2025-06-01',
    ]);
    expect(body.series.map((s: { skillId: string }) => s.skillId)).toEqual(['python', 'go']);
    const may = unique('2025-05-01', '2025-05-31');
    const python = body.series[0].points;
    expect(python[0]).toMatchObject({ postings: 0, totalPostings: 0, share: null, tooSmall: true });
    expect(python[5]).toMatchObject({ postings: withSkill(may, 'python').length, totalPostings: may.length });
    const interval = wilsonInterval(withSkill(may, 'python').length, may.length);
    expect(python[5].shareLow).toBeCloseTo(interval.low, 12);
    const rows = await csv('/api/trends.csv?skills=python,golang&interval=month&from=2024-12-01&to=2025-06-30&bom=1');
    expect(rows).toHaveLength(14);
    expect(rows.filter((r) => r.skill_id === 'go').map((r) => num(r.postings))).toEqual(
      body.series[1].points.map((p: { postings: number }) => p.postings),
    );
  });

  it('movers: Python rises and Go falls significantly; SQL does not move', async () => {
    const body = await json(`/api/movers?${WINDOW}`);
    expect(body.window).toEqual({ from: '2025-04-01', to: '2025-06-29', totalPostings: B.length });
    expect(body.baseline).toEqual({ from: '2025-01-01', to: '2025-03-31', totalPostings: A.length });
    expect(body.rising[0]).toMatchObject({ rank: 1, skillId: 'python', significant: true });
    expect(body.declining[0]).toMatchObject({ rank: 1, skillId: 'go', significant: true });
    const ids = [...body.rising, ...body.declining].map((r: { skillId: string }) => r.skillId);
    expect(ids).not.toContain('sql');
    // Rust never reaches the minimum cell in either window, so it is not tested at all.
    expect(ids).not.toContain('rust');
    // An explicit baseline: the same windows swapped reverse the directions.
    const swapped = await json('/api/movers?from=2025-01-01&to=2025-03-31&base_from=2025-04-01&base_to=2025-06-29');
    expect(swapped.rising[0].skillId).toBe('go');
    expect(swapped.declining[0].skillId).toBe('python');
    const rows = await csv(`/api/movers.csv?${WINDOW}`);
    expect(rows.filter((r) => r.direction === 'rising').map((r) => r.skill_id)).toEqual(
      body.rising.map((r: { skillId: string }) => r.skillId),
    );
    expect(num(rows[0]?.p_value)).toBe(body.rising[0].pValue);
  });

  it('cooccurrence: count, lift and Jaccard of the skills asked for with Python', async () => {
    const body = await json(`/api/cooccurrence?skill=Python&${WINDOW}`);
    expect(body.skill.skillId).toBe('python');
    const pythonPostings = withSkill(B, 'python');
    expect(body.postings).toBe(pythonPostings.length);
    const k8s = body.skills.find((s: { skillId: string }) => s.skillId === 'kubernetes');
    const both = withSkill(B, 'python', 'kubernetes').length;
    const expected = cooccurrence(both, pythonPostings.length, withSkill(B, 'kubernetes').length, B.length);
    expect(k8s.postingsBoth).toBe(both);
    expect(k8s.lift).toBeCloseTo(expected.lift, 12);
    expect(k8s.jaccard).toBeCloseTo(expected.jaccard, 12);
    expect(k8s.conditional.share).toBeCloseTo(expected.conditional, 12);
    // Sorted by lift; rust pairs fall under the minimum cell and carry no lift.
    const lifts = body.skills.filter((s: { lift: number | null }) => s.lift !== null).map((s: { lift: number }) => s.lift);
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a));
    expect(body.skills.find((s: { skillId: string }) => s.skillId === 'rust')?.lift ?? null).toBeNull();
    const rows = await csv(`/api/cooccurrence.csv?skill=python&${WINDOW}`);
    const k8sRow = rows.find((r) => r.skill_id === 'kubernetes');
    expect(num(k8sRow?.lift)).toBe(k8s.lift);
    expect(k8sRow?.with_skill_id).toBe('python');
  });

  it('breakdown: by country with a skill, by company without, by category', async () => {
    const body = await json(`/api/breakdown?by=country&skill=python&${WINDOW}`);
    const de = B.filter((p) => p.country === 'DE');
    const deRow = body.rows.find((r: { value: string }) => r.value === 'DE');
    expect(deRow).toMatchObject({ postings: withSkill(de, 'python').length, totalPostings: de.length });
    expect(body.shareOf).toBe('postings with the same country');
    const companies = await json(`/api/breakdown?by=company&${WINDOW}`);
    expect(companies.rows.map((r: { value: string; postings: number }) => [r.value, r.postings]).sort()).toEqual([
      ['Acme', B.filter((p) => p.company === 'Acme').length],
      ['Globex', B.filter((p) => p.company === 'Globex').length],
    ]);
    const categories = await json(`/api/breakdown?by=category&skill=python&${WINDOW}`);
    const devops = categories.rows.find((r: { value: string }) => r.value === 'devops');
    expect(devops).toMatchObject({ postings: withSkill(B, 'python', 'kubernetes').length, totalPostings: withSkill(B, 'python').length });
    const rows = await csv(`/api/breakdown.csv?by=category&skill=python&${WINDOW}`);
    expect(rows.map((r) => r.value)).toEqual(categories.rows.map((r: { value: string }) => r.value));
    expect(num(rows[0]?.share)).toBe(categories.rows[0].share);
  });

  it('postings: text and skill search, newest first, paginated, with the mentions marked', async () => {
    const body = await json(`/api/postings?q=developer&skills=python,kubernetes&${WINDOW}&page_size=5`);
    const expected = withSkill(B, 'python', 'kubernetes').filter((p) => /developer/i.test(p.title));
    expect(body.total).toBe(expected.length);
    expect(body.postings.length).toBe(Math.min(5, expected.length));
    const dates = body.postings.map((p: { datePosted: string }) => p.datePosted);
    expect(dates).toEqual([...dates].sort().reverse());
    const first = body.postings[0];
    expect(first.snippet.html).toContain('<mark data-skill="python">Python</mark>');
    expect(first.snippet.html).toContain('<mark data-skill="kubernetes">Kubernetes</mark>');
    expect(first.title.html).toBe('<mark data-skill="python">Python</mark> Developer');
    for (const mark of first.snippet.marks) expect(first.snippet.text.slice(mark.start, mark.end)).toMatch(/^(Python|Kubernetes|SQL)$/);
    const page2 = await json(`/api/postings?skills=python&${WINDOW}&page=2&page_size=5`);
    expect(page2.page).toBe(2);
    expect(page2.total).toBe(withSkill(B, 'python').length);

    // The CSV holds every matching posting, not one page, and neutralises formula cells.
    const rows = await csv(`/api/postings.csv?skills=python&${WINDOW}`);
    expect(rows.map((r) => r.id).sort()).toEqual(
      withSkill(B, 'python')
        .map((p) => p.id)
        .sort(),
    );
    const searched = await csv(`/api/postings.csv?q=developer&skills=python,kubernetes&${WINDOW}`);
    expect(searched.map((r) => r.id).sort()).toEqual(expected.map((p) => p.id).sort());
  });

  it('skills: search as you type and one skill with its demand', async () => {
    const found = await json(`/api/skills?q=pyth&${WINDOW}&limit=5`);
    expect(found.skills[0]).toMatchObject({ skillId: 'python', postings: withSkill(B, 'python').length });
    const byAlias = await json('/api/skills?q=k8s');
    expect(byAlias.skills[0].skillId).toBe('kubernetes');
    const languages = await json('/api/skills?category=language&limit=1000');
    expect(languages.skills.every((s: { category: string }) => s.category === 'language')).toBe(true);
    const python = await json(`/api/skills/python?${WINDOW}`);
    expect(python.skill).toMatchObject({ skillId: 'python', name: 'Python', category: 'language' });
    expect(python.demand).toMatchObject({ postings: withSkill(B, 'python').length, totalPostings: B.length });
    expect(python.rank).toBe(1);
    const dates = withSkill(B, 'python')
      .map((p) => p.datePosted)
      .sort();
    expect([python.firstPosted, python.lastPosted]).toEqual([dates[0], dates[dates.length - 1]]);
    const rows = await csv(`/api/skills/python.csv?${WINDOW}`);
    expect(rows[0]).toMatchObject({ skill_id: 'python', postings: String(withSkill(B, 'python').length), rank: '1' });
    const list = await csv('/api/skills.csv?q=k8s');
    expect(list[0]?.skill_id).toBe('kubernetes');
  });

  it('runs and jobs: the crawl history and the job files, never cached', async () => {
    const runs = await json('/api/runs?job=board');
    expect(runs.runs).toEqual([expect.objectContaining({ id: 'run-1', status: 'succeeded', durationSeconds: 90 })]);
    expect((await json('/api/runs?job=other')).runs).toEqual([]);
    const rows = await csv('/api/runs.csv');
    expect(rows[0]).toMatchObject({ id: 'run-1', duration_s: '90', error_count: '1', first_error: 'HTTP 500' });
    const response = await get('/api/jobs');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json().jobs[0]).toMatchObject({ id: 'board', schedule: '0 3 * * *', lastRun: { id: 'run-1' } });
    expect(response.json().errors[0].file).toBe('broken.yaml');
  });

  it('answers CSV to Accept: text/csv on the JSON path', async () => {
    const response = await get(`/api/movers?${WINDOW}`, { accept: 'text/csv' });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(parseCsv(response.body)[0]?.skill_id).toBe('python');
  });

  it('rejects bad parameters with 400 naming the parameter, unknown skills with 404 naming them', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['/api/top?from=2025-13-01', 400, /from: "2025-13-01" is not a date/],
      ['/api/top?from=2025-06-01&to=2025-01-01', 400, /from: 2025-06-01 is after to: 2025-01-01/],
      ['/api/top?limit=5000', 400, /^limit must be a whole number from 1 to 200 \(got "5000"\)$/],
      ['/api/top?from=1900-01-01&to=2025-01-01', 400, /to: the window .* is longer than/],
      ['/api/trends?skills=python&interval=decade', 400, /interval/],
      ['/api/trends?skills=a,b,c,d,e,f,g,h,i,j,k', 400, /skills: at most 10 skills, got 11/],
      ['/api/trends?skills=python,cobolscript', 404, /skills: unknown skill "cobolscript"/],
      ['/api/movers?from=2025-01-01', 400, /to: movers need both from and to/],
      ['/api/movers?base_from=2025-01-01', 400, /base_to: give both/],
      ['/api/cooccurrence', 400, /^skill is required: /],
      ['/api/cooccurrence?skill=nosuchskill', 404, /skill: unknown skill "nosuchskill"/],
      ['/api/breakdown?by=planet', 400, /by/],
      ['/api/postings?page=60&page_size=200', 400, /page: results past the first 10000/],
      ['/api/skills/nosuchskill', 404, /unknown skill "nosuchskill"/],
      ['/api/top?category=cooking', 400, /category: unknown category "cooking"/],
    ];
    for (const [url, status, message] of cases) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(status);
      const body = response.json();
      expect(body.message, url).toMatch(message);
      expect(body.code, url).toMatch(/^SKILLPULSE_ERR_/);
      expect(response.body, url).not.toMatch(/\bat .*\.js:\d+/);
    }
  });
});

describe('HTTP behaviour', () => {
  let store: SqliteStore;
  let app: FastifyInstance;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    store = new SqliteStore({ path: ':memory:' });
    await store.upsertPostings(SEED.slice(0, 50));
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    app = await buildApp({ store, taxonomy, logger });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('gives analytics an ETag, answers 304 while the data is unchanged and a new answer after a write', async () => {
    const first = await app.inject('/api/top?limit=5');
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await app.inject({ url: '/api/top?limit=5', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const cached = await app.inject('/api/top?limit=5');
    expect(cached.headers['x-cache']).toBe('hit');
    expect(cached.json()).toEqual(first.json());
    await store.upsertPostings(SEED.slice(50, 60));
    const changed = await app.inject({ url: '/api/top?limit=5', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().totalPostings).toBe(60);
  });

  it('logs a request id and returns it, keeping a caller-supplied one', async () => {
    const response = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'caller-42' } });
    expect(response.headers['x-request-id']).toBe('caller-42');
    expect(lines.some((line) => line.reqId === 'caller-42')).toBe(true);
    const generated = await app.inject('/api/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document at /docs with every route and its parameters', async () => {
    const spec = (await app.inject('/docs/json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/skills',
      '/api/skills/{id}',
      '/api/top',
      '/api/trends',
      '/api/movers',
      '/api/cooccurrence',
      '/api/breakdown',
      '/api/postings',
      '/api/runs',
      '/api/jobs',
    ]) {
      expect(spec.paths[path]?.get, path).toBeDefined();
    }
    const parameters = spec.paths['/api/movers'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(expect.arrayContaining(['from', 'to', 'base_from', 'base_to', 'category', 'limit']));
    const ui = await app.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
