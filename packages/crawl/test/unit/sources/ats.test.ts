import { describe, expect, it } from 'vitest';
import { fetchedPage } from '../../../src/engine/page.js';
import type { SourceRequest } from '../../../src/engine/source.js';
import { type AtsConfig, atsSource } from '../../../src/sources/ats.js';

/** The page the engine would hand the source for `url`, answering `body` as JSON. */
const page = (url: string, body: unknown, label = 'list', type = 'application/json') =>
  fetchedPage({ url, label }, url, 200, type, typeof body === 'string' ? body : JSON.stringify(body), undefined);

const source = (config: Partial<AtsConfig> & Pick<AtsConfig, 'kind'>) =>
  atsSource({ name: `${config.kind}-acme`, board: 'acme', apiBase: 'https://api.test', ...config });

async function start(config: Partial<AtsConfig> & Pick<AtsConfig, 'kind'>): Promise<SourceRequest> {
  const [request] = await source(config).startRequests();
  return request as SourceRequest;
}

describe('ATS start requests', () => {
  it('start at each API’s listing, as a listing that names the board', async () => {
    expect((await start({ kind: 'greenhouse' })).url).toBe('https://api.test/v1/boards/acme/jobs?content=true&pay_transparency=true');
    expect((await start({ kind: 'lever' })).url).toBe('https://api.test/v0/postings/acme?mode=json&skip=0&limit=100');
    expect((await start({ kind: 'smartrecruiters', apiBase: 'https://api.test/' })).url).toBe(
      'https://api.test/v1/companies/acme/postings?limit=100&offset=0',
    );
    expect((await start({ kind: 'recruitee', apiBase: undefined, board: 'a b' })).url).toBe('https://a%20b.recruitee.com/api/offers/');
    const listing = (await start({ kind: 'greenhouse' })).listing;
    expect(listing).toEqual({
      what: 'greenhouse board "acme"',
      hint: "check source.board in the job file (the name in the board's public URL) and source.apiBase",
    });
    expect((await start({ kind: 'ashby', apiBase: undefined })).listing).toMatchObject({ hint: expect.not.stringContaining('apiBase') });
  });
});

describe('ATS answers', () => {
  it('greenhouse: unescapes content, names postings by id and reports those without a title', async () => {
    const result = await source({ kind: 'greenhouse' }).handle(
      page('https://api.test/v1/boards/acme/jobs?content=true', {
        jobs: [
          {
            id: 7,
            title: 'Platform Engineer',
            absolute_url: 'https://boards.test/acme/jobs/7',
            location: { name: 'Berlin' },
            content: '&lt;p&gt;Kubernetes &amp;amp; Go&lt;/p&gt;',
            first_published: '2026-10-02T09:00:00Z',
          },
          { id: 8, title: '', content: 'x' },
        ],
      }),
    );
    expect(result.postings).toHaveLength(1);
    expect(result.postings?.[0]).toMatchObject({
      id: 'greenhouse-acme:7',
      url: 'https://boards.test/acme/jobs/7',
      locations: ['Berlin'],
      descriptionText: 'Kubernetes & Go',
      datePosted: '2026-10-02',
    });
    expect(result.problems).toEqual(['posting 8 has no title or no description']);
  });

  it('lever: reads salary, workplace and lists, and asks for the next page of a full one', async () => {
    const job = (n: number) => ({
      id: `l-${n}`,
      text: `Engineer ${n}`,
      hostedUrl: `https://jobs.test/acme/l-${n}`,
      categories: { location: 'London', commitment: 'Full-time' },
      workplaceType: 'hybrid',
      salaryRange: { min: 60000, max: 80000, currency: 'GBP', interval: 'per-year-salary' },
      descriptionBody: '<p>Build things.</p>',
      lists: [{ text: 'Requirements', content: '<li>TypeScript</li>' }],
      createdAt: Date.parse('2026-09-21T00:00:00Z'),
    });
    const full = await source({ kind: 'lever', company: 'Acme' }).handle(
      page(
        'https://api.test/v0/postings/acme?mode=json&skip=100&limit=100',
        Array.from({ length: 100 }, (_, i) => job(i)),
      ),
    );
    expect(full.postings?.[0]).toMatchObject({
      company: 'Acme',
      remote: 'hybrid',
      employmentType: 'Full-time',
      salary: { min: 60000, max: 80000, currency: 'GBP', period: 'year' },
      datePosted: '2026-09-21',
    });
    expect(full.postings?.[0]?.descriptionText).toMatch(/Build things\.[\s\S]*Requirements[\s\S]*TypeScript/);
    expect(full.enqueue).toEqual([
      {
        url: 'https://api.test/v0/postings/acme?mode=json&skip=200&limit=100',
        label: 'list',
        listing: expect.objectContaining({ what: 'lever board "acme"' }),
      },
    ]);
    const last = await source({ kind: 'lever' }).handle(page('https://api.test/v0/postings/acme?mode=json&skip=0&limit=100', [job(1)]));
    expect(last.enqueue).toBeUndefined();
  });

  it('ashby: leaves out unlisted jobs', async () => {
    const result = await source({ kind: 'ashby' }).handle(
      page('https://api.test/posting-api/job-board/acme', {
        jobs: [
          { id: 'a1', title: 'ML Engineer', jobUrl: 'https://jobs.test/a1', isRemote: true, descriptionHtml: '<p>Models</p>' },
          { id: 'a2', title: 'Secret Role', jobUrl: 'https://jobs.test/a2', isListed: false, descriptionHtml: '<p>Hidden</p>' },
        ],
      }),
    );
    expect(result.postings?.map((p) => [p.id, p.remote])).toEqual([['ashby-acme:a1', 'remote']]);
  });

  it('smartrecruiters: queues each posting’s detail and the next page, then reads a detail', async () => {
    const sr = source({ kind: 'smartrecruiters' });
    const list = await sr.handle(
      page('https://api.test/v1/companies/acme/postings?limit=100&offset=0', { totalFound: 3, content: [{ id: 's1' }, { id: 's2' }] }),
    );
    expect(list.postings).toBeUndefined();
    expect(list.enqueue?.map((r) => [r.url, r.label, Boolean(r.listing)])).toEqual([
      ['https://api.test/v1/companies/acme/postings/s1', 'detail', false],
      ['https://api.test/v1/companies/acme/postings/s2', 'detail', false],
      ['https://api.test/v1/companies/acme/postings?limit=100&offset=2', 'list', true],
    ]);
    const detail = await sr.handle(
      page(
        'https://api.test/v1/companies/acme/postings/s1',
        {
          id: 's1',
          name: 'Data Engineer',
          postingUrl: 'https://jobs.test/s1',
          company: { name: 'Acme Corp' },
          location: { city: 'Madrid', country: 'es', remote: false },
          jobAd: {
            sections: { jobDescription: { title: 'The job', text: '<p>Spark</p>' }, qualifications: { title: 'You', text: '<p>SQL</p>' } },
          },
          releasedDate: '2026-10-05T10:00:00.000Z',
        },
        'detail',
      ),
    );
    expect(detail.postings?.[0]).toMatchObject({
      id: 'smartrecruiters-acme:s1',
      company: 'Acme Corp',
      locations: ['Madrid'],
      country: 'ES',
    });
    expect(detail.postings?.[0]?.descriptionText).toMatch(/The job[\s\S]*Spark[\s\S]*You[\s\S]*SQL/);
  });

  it('recruitee: reads the work mode, salary and dates written "YYYY-MM-DD hh:mm:ss UTC"', async () => {
    const result = await source({ kind: 'recruitee' }).handle(
      page('https://api.test/api/offers/', {
        offers: [
          {
            id: 99,
            title: 'Frontend Developer',
            careers_url: 'https://acme.recruitee.test/o/frontend',
            company_name: 'Acme',
            city: 'Amsterdam',
            country_code: 'NL',
            hybrid: true,
            salary: { min: '4000', max: '5500', currency: 'EUR', period: 'month' },
            description: '<p>React</p>',
            requirements: '<p>CSS</p>',
            published_at: '2026-10-07 08:15:00 UTC',
          },
        ],
      }),
    );
    expect(result.postings?.[0]).toMatchObject({
      id: 'recruitee-acme:99',
      remote: 'hybrid',
      country: 'NL',
      salary: { min: 4000, max: 5500, currency: 'EUR', period: 'month' },
      datePosted: '2026-10-07',
    });
  });

  it('says what came instead of the expected JSON', async () => {
    const board = source({ kind: 'workable' });
    expect(() =>
      board.handle(page('https://api.test/api/v1/widget/accounts/acme', '<html>\n  <title>Not found</title>', 'list', 'text/html')),
    ).toThrow('expected JSON, got text/html starting "<html> <title>Not found</title>"');
    expect(() => board.handle(page('https://api.test/api/v1/widget/accounts/acme', { name: 'Acme' }))).toThrow(
      'expected a "jobs" array in the response',
    );
    expect(() => source({ kind: 'lever' }).handle(page('https://api.test/v0/postings/acme', { ok: true }))).toThrow(
      'expected a JSON array in the response',
    );
  });
});
