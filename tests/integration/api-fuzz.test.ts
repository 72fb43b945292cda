import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  breakdownCsv,
  buildApp,
  cooccurrenceCsv,
  type JobsProvider,
  moversCsv,
  POSTINGS_CSV_COLUMNS,
  placesCsv,
  roleDetailCsv,
  rolesCsv,
  runsCsv,
  salaryCsv,
  skillDetailCsv,
  skillsCsv,
  topCsv,
  trendsCsv,
} from '@skillpulse/api';
import { NotFoundError, SkillPulseError } from '@skillpulse/core';
import { seededRandom } from '@skillpulse/sample-board';
import { ElasticsearchStore, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
// Ajv comes with fastify (its validator compiler); ajv-formats likewise.
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_MISSING_MESSAGE, openTestElasticsearch, REQUIRE_ES } from '../support/elasticsearch.js';

/**
 * Issue 17: requests generated from the OpenAPI document the server serves, valid, at the bounds and
 * hostile, against a real listening server on a small store: SQLite, and Elasticsearch (at
 * SKILLPULSE_ES_URL) when it runs — the same seed, so the same requests, on each. Each answer must
 * arrive (no reset), not be a 5xx, have a status the document declares for the route, and match the
 * schema the document declares for that status (JSON, field by field) or start with the route's CSV
 * header. A fixed seed: a failure names the request to replay.
 */
const SEED = 0x5eed17;
const REQUESTS_PER_ROUTE = 20;

const taxonomy = getDefaultTaxonomy();
const day = (offset: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

function fixtures(): PostingInput[] {
  const skills = ['python', 'go', 'sql', 'rust', 'kubernetes', 'postgresql'];
  return Array.from({ length: 60 }, (_, i) =>
    fixturePosting({
      id: `f${i}`,
      datePosted: day((i * 3) % 180),
      company: ['Acme', 'Globex', 'Initech'][i % 3] as string,
      country: i % 2 ? 'DE' : 'US',
      remote: (['remote', 'hybrid', 'onsite'] as const)[i % 3],
      seniority: (['junior', 'mid', 'senior'] as const)[i % 3],
      canonicalId: i > 0 && i % 13 === 0 ? 'f1' : null,
      skills: skills.filter((_, k) => (i + k) % 3 === 0).map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
    }),
  );
}

const jobs: JobsProvider = {
  async list() {
    return { jobs: [], errors: [] };
  },
  async runNow(id: string) {
    if (id === 'busy') throw new SkillPulseError('SKILLPULSE_ERR_JOB_RUNNING', 'job "busy" is running already');
    if (id !== 'board') throw new NotFoundError(`job "${id}" is not defined`, { code: 'SKILLPULSE_ERR_JOB_NOT_FOUND' });
    return 'run-1';
  },
};

const ADMIN_KEY = 'fuzz-admin-key-0123456789';

/** The CSV header each CSV route documents (the report's `columns`). */
const CSV_HEADERS: Record<string, readonly string[]> = {
  '/api/skills.csv': skillsCsv.columns,
  '/api/skills/{id}.csv': skillDetailCsv.columns,
  '/api/top.csv': topCsv.columns,
  '/api/trends.csv': trendsCsv.columns,
  '/api/movers.csv': moversCsv.columns,
  '/api/cooccurrence.csv': cooccurrenceCsv.columns,
  '/api/breakdown.csv': breakdownCsv.columns,
  '/api/postings.csv': POSTINGS_CSV_COLUMNS,
  '/api/runs.csv': runsCsv.columns,
  '/api/roles.csv': rolesCsv.columns,
  '/api/roles/{id}.csv': roleDetailCsv.columns,
  '/api/salary.csv': salaryCsv.columns,
  '/api/places.csv': placesCsv.columns,
};

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: { type?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; anyOf?: Array<{ enum?: string[] }> };
}
interface Operation {
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

interface Answer {
  status: number;
  type: string;
  body: string;
}
interface FuzzRequest {
  method: 'GET' | 'POST';
  route: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One request over a fresh connection; rejects when the connection is reset or the body cut. */
function send(port: number, r: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('aborted', () => reject(new Error('response aborted (connection reset mid-body)')));
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new Error('connection closed before the response ended'));
      });
      res.on('end', () => {
        if (!res.complete) reject(new Error('response incomplete (connection closed mid-body)'));
        else
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
      });
    });
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    req.end(r.body);
  });
}

const HOSTILE_NUMBERS = [
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  'NaN',
  '-0',
  '1.5',
  '',
  '0x10',
  '1e2',
  ' 7',
  '9007199254740993',
  '-1',
  '007',
];
const HOSTILE_TEXT = [
  '',
  'x'.repeat(5000),
  'Ünïcödé 職業 🚀',
  '%00',
  '\u0000',
  '../../etc/passwd',
  '..%2F..%2F',
  "' OR 1=1 --",
  '%',
  '_',
  '"\\',
  '<script>alert(1)</script>',
  ' ',
  ',,,',
  'null',
];
const HOSTILE_DATES = [
  '0000-00-00',
  '2025-02-30',
  '2025-13-01',
  '2025-1-1',
  '99999-01-01',
  '2025-01-01T00:00:00Z',
  '-2025-01-01',
  '1970-01-01',
];

/** Valid, boundary and hostile values for one parameter, by its schema and name. */
function generator(random: () => number, skillIds: string[], categories: string[]) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const date = () => day(int(-30, 200));
  const valid = (p: Parameter): string => {
    const literals = p.schema.anyOf?.flatMap((b) => b.enum ?? []);
    if (literals?.length) return pick(literals);
    if (p.schema.type === 'integer') return String(int(p.schema.minimum ?? 0, Math.min(p.schema.maximum ?? 100, 300)));
    if (p.schema.type === 'boolean') return pick(['true', 'false']);
    if (['from', 'to', 'base_from', 'base_to'].includes(p.name)) return date();
    if (['id', 'skill'].includes(p.name)) return pick(skillIds);
    if (p.name === 'skills') return Array.from({ length: int(1, 3) }, () => pick(skillIds)).join(',');
    if (p.name === 'category') return pick(categories);
    if (p.name === 'country') return pick(['DE', 'us', 'FR']);
    if (p.name === 'company') return pick(['Acme', 'globex', 'Nobody']);
    if (p.name === 'source') return pick(['fixture', 'hackernews']);
    if (p.name === 'job') return pick(['board', 'other']);
    return pick(['python', 'engineer', 'go developer', 'a']);
  };
  const boundary = (p: Parameter): string => {
    const { minimum, maximum, minLength, maxLength } = p.schema;
    if (minimum !== undefined && maximum !== undefined) return String(pick([minimum, maximum, minimum - 1, maximum + 1]));
    if (maxLength !== undefined) return 'y'.repeat(pick([Math.max(minLength ?? 0, 1), maxLength, maxLength + 1]));
    return valid(p);
  };
  // Hostile values go round their list, so that each one is sent whatever the draws.
  const turns = new Map<readonly string[], number>();
  const cycle = (list: readonly string[]): string => {
    const turn = turns.get(list) ?? 0;
    turns.set(list, turn + 1);
    return list[turn % list.length] as string;
  };
  const hostile = (p: Parameter): string => {
    if (p.schema.type === 'integer') return cycle(HOSTILE_NUMBERS);
    if (p.schema.type === 'boolean') return pick(['yes', '1', '', 'TRUE', 'null']);
    if (p.schema.anyOf) return pick(['', 'REMOTE', 'x'.repeat(300), ...HOSTILE_TEXT.slice(2, 6)]);
    if (['from', 'to', 'base_from', 'base_to'].includes(p.name)) return cycle(HOSTILE_DATES);
    if (p.name === 'skills') return pick([skillIds.slice(0, 11).join(','), 'nosuchskill', 'python,,go', ...HOSTILE_TEXT]);
    return cycle(HOSTILE_TEXT);
  };
  return { pick, int, valid, boundary, hostile };
}

/** `count` requests for one operation: mostly valid with one or two parameters at a bound or hostile. */
function requestsFor(
  route: string,
  method: 'get' | 'post',
  op: Operation,
  random: () => number,
  g: ReturnType<typeof generator>,
  count: number,
) {
  const params = op.parameters ?? [];
  const out: FuzzRequest[] = [];
  for (let n = 0; n < count; n++) {
    const values = new Map<Parameter, string[]>();
    for (const p of params) if (p.required || random() < 0.3) values.set(p, [g.valid(p)]);
    const mode = n === 0 ? 'valid' : g.pick(['valid', 'boundary', 'hostile', 'hostile', 'repeat', 'unknown', 'array', 'dates'] as const);
    const target = params.length ? g.pick(params) : undefined;
    if (target && mode === 'boundary') values.set(target, [g.boundary(target)]);
    if (target && mode === 'hostile') values.set(target, [g.hostile(target)]);
    if (target && mode === 'repeat') values.set(target, [g.valid(target), g.valid(target)]);
    if (mode === 'dates' && params.some((p) => p.name === 'from')) {
      const from = params.find((p) => p.name === 'from') as Parameter;
      const to = params.find((p) => p.name === 'to') as Parameter;
      values.set(from, [g.pick(['2025-06-01', '2025-02-30', '0000-00-00'])]);
      values.set(to, [g.pick(['2025-01-01', '2024-02-29', '2031-01-01'])]);
    }
    let path = route;
    const query: string[] = [];
    for (const [p, list] of values) {
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(list[0] as string));
      else
        for (const v of list)
          query.push(`${encodeURIComponent(p.name)}${mode === 'array' && p === target ? '[]' : ''}=${encodeURIComponent(v)}`);
    }
    // A path parameter that is still missing (not required by accident) gets a value.
    for (const p of params) if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(g.valid(p)));
    if (mode === 'unknown') query.push(`${g.pick(['foo', 'limt', '__proto__', 'constructor', 'a[b]'])}=${g.pick(['1', '%00', '..%2F'])}`);
    // Raw, undecoded text now and then: a literal %00 or ../ in the query string.
    if (mode === 'hostile' && random() < 0.3)
      query.push(g.pick(['x=%00', '%00=1', 'q=..%2f..%2f', '=', '&&', 'from=%ZZ', 'company=%ED%A0%80', 'q=%FF%FE']));
    const url = query.length ? `${path}?${query.join('&')}` : path;
    const accept = method === 'get' && random() < 0.1 ? { headers: { accept: g.pick(['text/csv', '*/*', 'application/xml']) } } : {};
    out.push({ method: method.toUpperCase() as 'GET' | 'POST', route, path: url, ...accept });
  }
  return out;
}

/** Every hostile number, date and text once, each on a parameter of its kind (routes taken in turn). */
function sweep(doc: Doc, g: ReturnType<typeof generator>): FuzzRequest[] {
  const targets = Object.entries(doc.paths).flatMap(([route, ops]) =>
    (ops.get?.parameters ?? []).map((p) => ({ route, p, params: ops.get?.parameters ?? [] })),
  );
  const isDate = (p: Parameter) => ['from', 'to', 'base_from', 'base_to'].includes(p.name);
  const families: Array<[(p: Parameter) => boolean, readonly string[]]> = [
    [(p) => p.schema.type === 'integer', HOSTILE_NUMBERS],
    [isDate, HOSTILE_DATES],
    [(p) => p.schema.type === 'string' && !isDate(p), HOSTILE_TEXT],
  ];
  const out: FuzzRequest[] = [];
  for (const [kind, values] of families) {
    const matching = targets.filter((t) => kind(t.p));
    values.forEach((value, i) => {
      const { route, p: target, params } = matching[(i * 7) % matching.length] as (typeof matching)[number];
      let path = route;
      const query: string[] = [];
      for (const p of params) {
        const v = p === target ? value : p.required ? g.valid(p) : undefined;
        if (v === undefined) continue;
        if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(v));
        else query.push(`${p.name}=${encodeURIComponent(v)}`);
      }
      out.push({ method: 'GET', route, path: query.length ? `${path}?${query.join('&')}` : path });
    });
  }
  return out;
}

const backends: Array<[string, () => Promise<SkillStore>]> = [['sqlite', async () => new SqliteStore({ path: ':memory:' })]];
if (ES_AVAILABLE) backends.push(['elasticsearch', () => openTestElasticsearch()]);

describe('Elasticsearch for the API fuzz', () => {
  // Without Elasticsearch this is a visible skip locally and a failure in CI (SKILLPULSE_REQUIRE_ES=1).
  const check = ES_AVAILABLE || REQUIRE_ES ? it : it.skip;
  check('is reachable, so the fuzz runs on it too', () => {
    if (!ES_AVAILABLE) throw new Error(ES_MISSING_MESSAGE);
    expect(backends.map(([name]) => name)).toEqual(['sqlite', 'elasticsearch']);
  });
});

describe.each(backends)(`API fuzz from the OpenAPI document on %s (seed ${SEED.toString(16)})`, (backend, open) => {
  let store: SkillStore;
  let app: FastifyInstance;
  let port: number;
  let doc: Doc;
  const requests: FuzzRequest[] = [];
  const ajv = new Ajv({ strict: false, allErrors: true });
  // A CommonJS module: its default export is the plugin, also found at `.default`.
  ajvFormats.default(ajv);

  beforeAll(async () => {
    store = await open();
    await store.upsertPostings(fixtures());
    app = await buildApp({ store, taxonomy, jobs, adminKey: ADMIN_KEY });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
    const docs = await send(port, { method: 'GET', route: '/docs/json', path: '/docs/json' });
    expect(docs.status).toBe(200);
    doc = JSON.parse(docs.body) as Doc;
    const skills = JSON.parse((await send(port, { method: 'GET', route: '', path: '/api/skills?limit=1000' })).body);
    const skillIds: string[] = skills.skills.map((s: { skillId?: string; id?: string }) => s.skillId ?? s.id);
    expect(skillIds.length).toBeGreaterThan(10);
    const random = seededRandom(SEED);
    const g = generator(random, skillIds.slice(0, 200), [...taxonomy.categories.keys()]);
    for (const [route, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'get') requests.push(...requestsFor(route, 'get', op, random, g, REQUESTS_PER_ROUTE));
      }
    }
    requests.push(...sweep(doc, g));
    // A run that starts and one that is running already, before any failed key counts against the limit.
    const withKey = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };
    for (const id of ['board', 'busy']) {
      requests.push({ method: 'POST', route: '/api/jobs/{id}/run', path: `/api/jobs/${id}/run`, headers: withKey, body: '{}' });
    }
    // And one without the key, so a 401 is in the set whatever the random draws below (they shift as routes are added).
    requests.push({
      method: 'POST',
      route: '/api/jobs/{id}/run',
      path: '/api/jobs/board/run',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    // The run route: JSON bodies, the key or not, a foreign origin, hostile ids.
    const post = doc.paths['/api/jobs/{id}/run']?.post as Operation;
    for (const r of requestsFor('/api/jobs/{id}/run', 'post', post, random, g, 40)) {
      const id = g.pick([
        'board',
        'board',
        'board',
        'busy',
        'nope',
        'Bad_Id',
        '..%2F..',
        '%00',
        '%E2%82',
        'x'.repeat(101),
        'x'.repeat(1001),
      ]);
      const headers: Record<string, string> = {
        'content-type': g.pick(['application/json', 'application/json; charset=utf-8', 'text/plain']),
      };
      if (random() < 0.8) headers.authorization = `Bearer ${g.pick([ADMIN_KEY, ADMIN_KEY, 'wrong'])}`;
      if (random() < 0.15) headers.origin = 'https://evil.example';
      const body = g.pick(['', '{}', '{"a":1}', '{', '[]', 'null', '"x"']);
      requests.push({ ...r, path: `/api/jobs/${id}/run${r.path.includes('?') ? `?${r.path.split('?')[1]}` : ''}`, headers, body });
    }
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    if (store instanceof ElasticsearchStore) await store.destroy();
    await store?.close();
  });

  const validators = new Map<object, ValidateFunction>();
  const validate = (schema: object) => {
    let v = validators.get(schema);
    if (!v) validators.set(schema, (v = ajv.compile(schema)));
    return v;
  };

  it('the document declares, for every route, its JSON answers field by field and the error shape of each refusal', () => {
    const problems: string[] = [];
    for (const [route, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${route}`;
        if (!op.responses['503']) problems.push(`${where}: no 503 (store unavailable) declared`);
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = response.content?.['application/json']?.schema as
            | { type?: string; properties?: Record<string, unknown>; required?: string[] }
            | undefined;
          // A .csv route answers CSV only (checked against the route's header below).
          if (status === '200' && route.endsWith('.csv') && !schema && response.content?.['text/csv']) continue;
          if (!schema) {
            problems.push(`${where}: ${status} declares no JSON schema`);
            continue;
          }
          const fields = Object.keys(schema.properties ?? {});
          if (schema.type !== 'object' || fields.length === 0 || (schema.required ?? []).length === 0) {
            problems.push(`${where}: ${status} is not an object with named, required fields`);
          }
          if (Number(status) >= 400 && fields.sort().join(',') !== 'code,error,message,statusCode') {
            problems.push(`${where}: ${status} does not have the error shape (statusCode, code, error, message): ${fields.join(', ')}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it(`sends about 480 requests: no reset, no 5xx, every answer as documented (seed ${SEED.toString(16)})`, async () => {
    expect(requests.length).toBeGreaterThanOrEqual(300);
    expect(requests.length).toBeLessThanOrEqual(800);
    // Each family of hostile value is in the set (URL-encoded as sent).
    for (const text of ['Infinity', '1e309', 'NaN', '-0', '1.5', '0000-00-00', '2025-02-30', '%2500', '..%2F', '%00', 'foo=', '[]=']) {
      expect(
        requests.some((r) => r.path.includes(text)),
        `no request with ${text}`,
      ).toBe(true);
    }
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    for (const r of requests) {
      const label = `${r.method} ${r.path.length > 200 ? `${r.path.slice(0, 200)}…` : r.path}${r.headers ? ` ${JSON.stringify(r.headers)} ${JSON.stringify(r.body)}` : ''}`;
      let answer: Answer;
      try {
        answer = await send(port, r);
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message}`);
        continue;
      }
      const op = doc.paths[r.route]?.[r.method.toLowerCase()] as Operation;
      const declared = op.responses[String(answer.status)];
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const media = answer.type.split(';')[0]?.trim() ?? '';
      if (declared?.content && answer.body !== '' && !(media in declared.content)) {
        failures.push(`${label}: ${answer.status} answered ${media}, declared ${Object.keys(declared.content).join(', ')}`);
      }
      if (answer.status >= 500) failures.push(`${label}: ${answer.status} ${answer.body.slice(0, 200)}`);
      else if (!declared)
        failures.push(`${label}: status ${answer.status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`);
      if (answer.type.startsWith('application/json')) {
        let body: unknown;
        try {
          body = JSON.parse(answer.body);
        } catch {
          failures.push(`${label}: ${answer.status} body is not JSON`);
          continue;
        }
        const schema = declared?.content?.['application/json']?.schema;
        if (declared && !schema) failures.push(`${label}: ${answer.status} answered JSON, but the document declares no JSON schema for it`);
        else if (schema && !validate(schema)(body)) {
          failures.push(`${label}: ${answer.status} body does not match the schema: ${ajv.errorsText(validate(schema).errors)}`);
        }
      } else if (answer.status === 200 && media === 'text/csv') {
        const header = (CSV_HEADERS[r.route.endsWith('.csv') ? r.route : `${r.route}.csv`] ?? []).join(',');
        const first = answer.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
        if (first !== header) failures.push(`${label}: CSV header ${JSON.stringify(first)}, expected ${JSON.stringify(header)}`);
      } else if (answer.status !== 202) {
        failures.push(`${label}: ${answer.status} with content type "${answer.type}"`);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const histogram = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    console.log(
      `api fuzz on ${backend}: ${requests.length} requests in ${seconds.toFixed(1)} s (${histogram}), ${failures.length} failures (seed ${SEED.toString(16)})`,
    );
    // The generator reaches past validation and into every kind of refusal, not only 400s.
    for (const status of [200, 202, 400, 401, 403, 404, 409, 414, 415])
      expect(statuses.get(status), `no ${status} answered`).toBeGreaterThan(0);
    expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
  }, 240_000);
});
