import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp, type JobsProvider } from '@skillpulse/api';
import { main } from '@skillpulse/cli';
import { SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Issue 17: headers, cross-site state changes, admin-key rate limit, job paths, integer bounds, CSV validation, OpenAPI errors. */

const JOBS_DIR = '/srv/secret/skillpulse/jobs';
const jobs: JobsProvider = {
  async list() {
    return {
      jobs: [
        {
          id: 'board',
          description: 'a board',
          source: 'sample-board',
          enabled: true,
          schedule: null,
          timezone: 'UTC',
          file: `${JOBS_DIR}/board.yaml`,
          nextRun: null,
          running: false,
        },
      ],
      errors: [{ file: `${JOBS_DIR}/broken.yaml`, message: `job file ${JOBS_DIR}/broken.yaml: schedule: not a cron expression` }],
    };
  },
  runNow: async () => 'run-1',
};

const JSON_TYPE = { 'content-type': 'application/json' };

describe('API security and input bounds', () => {
  let store: SqliteStore;
  let open: FastifyInstance;
  let keyed: FastifyInstance;

  beforeAll(async () => {
    store = new SqliteStore({ path: ':memory:' });
    open = await buildApp({ store, taxonomy: getDefaultTaxonomy(), jobs });
    keyed = await buildApp({ store, taxonomy: getDefaultTaxonomy(), jobs, adminKey: 'the-admin-key-0123456789' });
  });
  afterAll(async () => {
    await open.close();
    await keyed.close();
    await store.close();
  });

  it.each(['/api/health', '/api/top', '/api/top?limit=0', '/docs', '/no-such-route'])('security headers on %s', async (url) => {
    const response = await open.inject({ method: 'GET', url });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  describe('cross-site state changes, with or without an admin key', () => {
    const run = (app: FastifyInstance, headers: Record<string, string>, body?: string) =>
      app.inject({ method: 'POST', url: '/api/jobs/board/run', headers, ...(body === undefined ? {} : { body }) });

    it.each([
      ['text/plain (a form or a no-preflight fetch)', { 'content-type': 'text/plain' }, 'x'],
      ['application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'],
      ['no content type', {}, undefined],
    ])('refuses %s with 415', async (_name, headers, body) => {
      for (const app of [open, keyed]) {
        const response = await run(app, { ...headers, authorization: 'Bearer the-admin-key-0123456789' }, body);
        expect(response.statusCode).toBe(415);
        expect(response.json()).toMatchObject({ code: 'SKILLPULSE_ERR_UNSUPPORTED_MEDIA_TYPE', statusCode: 415 });
        expect(response.json().message).toMatch(/send "Content-Type: application\/json"/);
      }
    });

    it('refuses a foreign Origin with 403, even with JSON and the right key', async () => {
      for (const app of [open, keyed]) {
        const response = await run(
          app,
          { ...JSON_TYPE, origin: 'https://evil.example', authorization: 'Bearer the-admin-key-0123456789' },
          '{}',
        );
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'SKILLPULSE_ERR_CROSS_ORIGIN' });
        expect(response.json().message).toContain('https://evil.example');
      }
    });

    it('accepts JSON from its own origin or from a script without Origin (empty body or {})', async () => {
      expect((await run(open, { ...JSON_TYPE, origin: 'http://localhost:80' }, '{}')).statusCode).toBe(202);
      expect((await run(open, JSON_TYPE)).statusCode).toBe(202);
      expect((await run(keyed, { ...JSON_TYPE, authorization: 'Bearer the-admin-key-0123456789' }, '{}')).statusCode).toBe(202);
    });
  });

  it('limits failed admin-key attempts per address: 10, then 429 with Retry-After; successes are not counted', async () => {
    const app = await buildApp({ store, taxonomy: getDefaultTaxonomy(), jobs, adminKey: 'the-admin-key-0123456789' });
    try {
      const attempt = (key: string | undefined, remoteAddress = '10.0.0.1') =>
        app.inject({
          method: 'POST',
          url: '/api/jobs/board/run',
          remoteAddress,
          headers: { ...JSON_TYPE, ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: '{}',
        });
      for (let i = 0; i < 20; i++) expect((await attempt('the-admin-key-0123456789')).statusCode).toBe(202);
      for (let i = 0; i < 10; i++) expect((await attempt(i % 2 ? 'guess' : undefined)).statusCode).toBe(i % 2 ? 403 : 401);
      const limited = await attempt('guess');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'SKILLPULSE_ERR_RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await attempt('the-admin-key-0123456789')).statusCode).toBe(429);
      // Another address is not affected.
      expect((await attempt('the-admin-key-0123456789', '10.0.0.2')).statusCode).toBe(202);
    } finally {
      await app.close();
    }
  });

  it('GET /api/jobs names job files relative to the jobs folder', async () => {
    const response = await open.inject({ method: 'GET', url: '/api/jobs' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(JOBS_DIR);
    expect(response.json().jobs[0]).toMatchObject({ id: 'board', file: 'board.yaml' });
    expect(response.json().errors).toEqual([{ file: 'broken.yaml', message: 'job file broken.yaml: schedule: not a cron expression' }]);
  });

  const routes: Array<[string, number]> = [
    ['/api/skills', 1000],
    ['/api/top', 200],
    ['/api/movers', 200],
    ['/api/cooccurrence?skill=python', 200],
    ['/api/breakdown?by=location', 200],
    ['/api/runs', 1000],
    ['/api/runs.csv', 1000],
    ['/api/top.csv', 200],
  ];
  const badLimits = ['Infinity', '-Infinity', '1e309', '1.5', '-1', '0'];
  it.each(routes)('%s: limit is a whole number within bounds', async (path, max) => {
    for (const value of badLimits) {
      const url = `${path}${path.includes('?') ? '&' : '?'}limit=${value}`;
      const response = await open.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toEqual({
        statusCode: 400,
        code: 'SKILLPULSE_ERR_INVALID_INPUT',
        error: 'Bad Request',
        message: `limit must be a whole number from 1 to ${max} (got "${value}")`,
      });
    }
  });

  it('page and page_size are whole numbers within bounds', async () => {
    for (const url of [
      '/api/postings?page=Infinity',
      '/api/postings?page=1e309',
      '/api/postings?page_size=Infinity',
      '/api/postings?page=10001',
    ]) {
      expect((await open.inject({ method: 'GET', url })).statusCode, url).toBe(400);
    }
  });

  it.each([
    ['/api/postings.csv?from=0000-00-00', 400, 'from: "0000-00-00" is not a date (YYYY-MM-DD)'],
    ['/api/postings.csv?skills=no-such-skill', 404, 'skills: unknown skill "no-such-skill"'],
    ['/api/postings.csv?category=no-such-category', 400, 'category: unknown category "no-such-category"'],
    ['/api/postings.csv?from=2025-03-01&to=2025-01-01', 400, 'from: 2025-03-01 is after to: 2025-01-01'],
    ['/api/postings?from=2025-03-01&to=2025-01-01&q=go', 400, 'from: 2025-03-01 is after to: 2025-01-01'],
  ])('%s is refused before the first byte', async (url, status, message) => {
    const response = await open.inject({ method: 'GET', url, headers: { accept: 'text/csv' } });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json().message).toContain(message);
  });

  it('the OpenAPI document declares the error answers of each route, with one error shape', async () => {
    await open.ready();
    await keyed.ready();
    const responses = (app: FastifyInstance, path: string, method = 'get') =>
      (app as unknown as { swagger(): { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> } }).swagger().paths[
        path
      ]?.[method]?.responses ?? {};
    const codes = (app: FastifyInstance, path: string, method = 'get') =>
      Object.keys(responses(app, path, method)).filter((c) => c >= '400');
    expect(codes(keyed, '/api/jobs/{id}/run', 'post')).toEqual(['400', '401', '403', '404', '409', '414', '415', '429', '503']);
    expect(codes(open, '/api/jobs/{id}/run', 'post')).toEqual(['400', '403', '404', '409', '414', '415', '503']);
    expect(codes(open, '/api/top')).toEqual(['400', '503']);
    expect(codes(open, '/api/trends')).toEqual(['400', '404', '503']);
    expect(codes(open, '/api/postings.csv')).toEqual(['400', '404', '503']);
    expect(codes(open, '/api/runs')).toEqual(['400', '503']);
    expect(codes(open, '/api/health')).toEqual(['503']);
    const schema = (responses(open, '/api/top')['400'] as { content: Record<string, { schema: unknown }> }).content['application/json']
      ?.schema;
    expect(schema).toMatchObject({
      type: 'object',
      required: ['statusCode', 'code', 'error', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    });
  });

  it('skillpulse export postings prints the sentence and exits with its code, no stack trace', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-export-'));
    const exportWith = async (...args: string[]) => {
      let out = '';
      let err = '';
      const sink = (write: (text: string) => void) =>
        Object.assign(
          new Writable({
            write(chunk, _encoding, done) {
              write(String(chunk));
              done();
            },
          }),
          { isTTY: false },
        );
      const code = await main(['export', 'postings', ...args], { SKILLPULSE_DATA_DIR: dataDir, SKILLPULSE_LOG_LEVEL: 'silent' }, {
        stdin: process.stdin,
        stdout: sink((t) => (out += t)),
        stderr: sink((t) => (err += t)),
      } as never);
      return { code, out, err };
    };
    expect(await exportWith('--from', '0000-00-00')).toEqual({
      code: 2,
      out: '',
      err: 'skillpulse export: postings: --from: "0000-00-00" is not a date (YYYY-MM-DD)\n',
    });
    // An unknown skill is bad usage, like a bad date (exit 2, as every export's README contract says).
    expect(await exportWith('--skills', 'no-such-skill')).toEqual({
      code: 2,
      out: '',
      err: 'skillpulse export: postings: --skills: unknown skill "no-such-skill"\n',
    });
    const inverted = await exportWith('--from', '2025-03-01', '--to', '2025-01-01');
    expect(inverted.code).toBe(2);
    expect(inverted.err).not.toMatch(/\bat \S+ \(/);
  });
});
