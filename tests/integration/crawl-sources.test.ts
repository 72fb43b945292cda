import type { NormalisedPosting } from '@skillpulse/core';
import { type AtsKind, atsSource, careerSiteSource, feedSource, hackerNewsSource, parseFirstLine } from '@skillpulse/crawl';
import { afterEach, describe, expect, it } from 'vitest';
import * as fx from '../fixtures/sources.js';
import { fixtureCrawler } from '../support/crawl-harness.js';
import { type FixtureRoute, type FixtureServer, startFixtureServer } from '../support/fixture-server.js';

let server: FixtureServer | undefined;
/** A second host on 127.0.0.2, for tests across hosts. */
let inner: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  await inner?.close();
  server = undefined;
  inner = undefined;
});

const crawl = fixtureCrawler({
  limits: { retryBaseMs: 50, maxRequestsPerMinute: 6000 },
  sortPostings: true,
  onServer: (started) => {
    server = started;
  },
});

const byTitle = (postings: NormalisedPosting[], title: string) => postings.find((p) => p.title === title);

describe('ATS job boards', () => {
  const cases: Array<[AtsKind, Record<string, FixtureRoute>, string]> = [
    ['greenhouse', { '/v1/boards/acme/jobs': { body: fx.greenhouseJobs } }, 'acme'],
    ['lever', { '/v0/postings/globex': { body: fx.leverPostings } }, 'globex'],
    ['ashby', { '/posting-api/job-board/initech': { body: fx.ashbyBoard } }, 'initech'],
    ['workable', { '/api/v1/widget/accounts/hooli': { body: fx.workableAccount } }, 'hooli'],
    [
      'smartrecruiters',
      {
        '/v1/companies/umbrella/postings': { body: fx.smartRecruitersList },
        '/v1/companies/umbrella/postings/sr-1': { body: fx.smartRecruitersDetail },
      },
      'umbrella',
    ],
    ['recruitee', { '/api/offers/': { body: fx.recruiteeOffers } }, 'stark'],
  ];

  it.each(cases)('%s: reads the public JSON API into normalised postings', async (kind, routes, board) => {
    const { postings, report } = await crawl(routes, (base) => atsSource({ kind, name: `${kind}-${board}`, board, apiBase: base }));
    expect(postings.length).toBeGreaterThan(0);
    expect(report.complete).toBe(true);
    for (const posting of postings) {
      expect(posting.id.startsWith(`${kind}-${board}:`)).toBe(true);
      expect(posting.descriptionText).not.toMatch(/&lt;|<p>/);
      expect(posting.dateInferred).toBe(false);
    }
  });

  it('keeps each API quirk straight', async () => {
    const greenhouse = await crawl({ '/v1/boards/acme/jobs': { body: fx.greenhouseJobs } }, (base) =>
      atsSource({ kind: 'greenhouse', name: 'gh', board: 'acme', apiBase: base }),
    );
    const backend = byTitle(greenhouse.postings, 'Senior Backend Engineer');
    expect(backend).toMatchObject({
      id: 'gh:4001',
      company: 'Acme',
      locations: ['Berlin, Germany'],
      datePosted: '2026-09-30',
      seniority: 'senior',
    });
    expect(backend?.descriptionText).toContain('Go and PostgreSQL');
    // The posting without title or content is reported, not stored.
    expect(greenhouse.postings).toHaveLength(2);
    expect(greenhouse.report.errors).toEqual([expect.objectContaining({ reason: 'posting 4003 has no title or no description' })]);
    await server?.close();

    const lever = await crawl({ '/v0/postings/globex': { body: fx.leverPostings } }, (base) =>
      atsSource({ kind: 'lever', name: 'lever-globex', board: 'globex', company: 'Globex', apiBase: base }),
    );
    expect(lever.postings[0]).toMatchObject({
      company: 'Globex',
      remote: 'hybrid',
      country: 'GB',
      datePosted: '2026-09-21',
      salary: { min: 60000, max: 80000, currency: 'GBP', period: 'year' },
    });
    expect(lever.postings[0]?.descriptionText).toMatch(/TypeScript[\s\S]*React/);
    await server?.close();

    const ashby = await crawl({ '/posting-api/job-board/initech': { body: fx.ashbyBoard } }, (base) =>
      atsSource({ kind: 'ashby', name: 'ashby-initech', board: 'initech', apiBase: base }),
    );
    expect(ashby.postings.map((p) => p.title)).toEqual(['Machine Learning Engineer']);
    expect(ashby.postings[0]?.remote).toBe('remote');
  });

  it('reports a board that answers something other than its API shape', async () => {
    const { postings, report } = await crawl({ '/v1/boards/acme/jobs': { body: { error: 'board not found' } } }, (base) =>
      atsSource({ kind: 'greenhouse', name: 'gh', board: 'acme', apiBase: base }),
    );
    expect(postings).toEqual([]);
    expect(report.errors[0]?.reason).toMatch(/expected a "jobs" array/);
  });
});

describe('Hacker News "Who is hiring?"', () => {
  const routes = (): Record<string, FixtureRoute> => {
    const table: Record<string, FixtureRoute> = { '/user/whoishiring.json': { body: fx.hnUser } };
    for (const [id, item] of Object.entries({ ...fx.hnThreads, ...fx.hnComments })) table[`/item/${id}.json`] = { body: item };
    return table;
  };

  it('reads the hiring thread only, one posting per top-level comment, dated by its timestamp', async () => {
    const { postings, requests } = await crawl(routes(), (base) => hackerNewsSource({ name: 'hn', months: 1, apiBase: base }));
    expect(postings.map((p) => p.id)).toEqual(['hn:101', 'hn:102', 'hn:104']);
    expect(requests).not.toContain('/item/1.json');
    const [acme, globex, plain] = postings;
    expect(acme).toMatchObject({
      company: 'Acme Robotics',
      title: 'Senior Rust Engineer',
      locations: ['Berlin, Germany'],
      remote: 'onsite',
      salary: { min: 90000, max: 110000, currency: 'EUR', period: 'year' },
      datePosted: '2026-11-01',
      url: 'https://news.ycombinator.com/item?id=101',
    });
    expect(acme?.descriptionText).toContain('firmware in Rust');
    expect(globex).toMatchObject({ company: 'Globex', remote: 'remote', salary: { min: 150000, max: 180000, currency: 'USD' } });
    // No pipe-delimited first line: still a posting, with no company guessed.
    expect(plain).toMatchObject({ company: null, remote: 'unknown' });
  });

  it('parses first lines in the order posters actually use', () => {
    expect(parseFirstLine('Stripe | Dublin or REMOTE (EU) | Backend Engineer | Full-time')).toMatchObject({
      company: 'Stripe',
      title: 'Backend Engineer',
      remote: 'remote',
      locations: ['Dublin or REMOTE (EU)'],
    });
    expect(parseFirstLine('No pipes in this line at all')).toMatchObject({ company: null, title: null });
  });
});

describe('RSS, Atom and JSON Feed', () => {
  it('reads all three feed formats', async () => {
    const { postings, report } = await crawl(
      {
        '/rss.xml': { type: 'application/rss+xml', body: fx.rssFeed },
        '/atom.xml': { type: 'application/atom+xml', body: fx.atomFeed },
        '/feed.json': { type: 'application/feed+json', body: JSON.stringify(fx.jsonFeed) },
      },
      (base) => feedSource({ name: 'feeds', urls: [`${base}/rss.xml`, `${base}/atom.xml`, `${base}/feed.json`] }),
    );
    expect(postings.map((p) => [p.id, p.company, p.title, p.datePosted])).toEqual([
      ['feeds:jf-1', 'Cyberdyne', 'iOS Engineer', '2026-10-15'],
      ['feeds:job-1', 'Initrode', 'Senior Python Developer', '2026-11-02'],
      ['feeds:job-2', 'Vandelay', 'Go Developer', '2026-11-03'],
      ['feeds:urn:job:sre-1', 'Wayne Enterprises', 'Site Reliability Engineer', '2026-10-20'],
    ]);
    expect(byTitle(postings, 'Go Developer')?.descriptionText).toContain('gRPC');
    expect(report.errors.map((e) => e.reason)).toEqual(['feed item "No body at all" has no title or no description']);
  });

  it('reports a URL that is not a feed', async () => {
    const { report } = await crawl({ '/rss.xml': { type: 'text/html', body: '<html><body>hi</body></html>' } }, (base) =>
      feedSource({ name: 'feeds', urls: [`${base}/rss.xml`] }),
    );
    expect(report.errors[0]?.reason).toBe('not an RSS, Atom or JSON feed');
  });
});

describe('career sites', () => {
  const routes = (): Record<string, FixtureRoute> => {
    const table: Record<string, FixtureRoute> = {};
    for (const [path, body] of Object.entries(fx.careerPages)) table[path] = { body };
    table['/robots.txt'] = { type: 'text/plain', body: 'User-agent: *\nDisallow: /careers/secret\n' };
    table['/careers/secret'] = { body: fx.careerPages['/careers/graph'] as string };
    table['/careers/gone'] = { status: 410, body: 'gone' };
    table['/careers/flaky'] = (_req, hits) =>
      hits === 1
        ? { status: 503, headers: { 'retry-after': '1' }, body: 'busy' }
        : {
            body: '<script type="application/ld+json">{"@type":"JobPosting","title":"Flaky Role","description":"Haskell.","datePosted":"2026-10-07"}</script>',
          };
    table['/careers/latin1'] = {
      type: 'text/html; charset=iso-8859-1',
      body: Buffer.from(
        '<script type="application/ld+json">{"@type":"JobPosting","title":"Développeur Python","description":"Python à Montréal.","datePosted":"2026-10-08"}</script>',
        'latin1',
      ),
    };
    table['/careers/not-html'] = { type: 'application/pdf', body: Buffer.from('%PDF-1.4') };
    table['/sitemap.xml'] = {
      type: 'application/xml',
      body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{base}/careers/graph</loc></url><url><loc>{base}/careers/unparseable</loc></url><url><loc>{base}/careers/secret</loc></url></urlset>`,
    };
    return table;
  };

  const site = (base: string) =>
    careerSiteSource({
      name: 'acme',
      startUrls: [`${base}/careers`],
      sitemapUrls: [`${base}/sitemap.xml`],
      follow: [`^${base}/careers/`],
      selectors: { title: 'h1.job-title', description: '.job-body', company: '.company', location: '.where', datePosted: 'time.posted' },
    });

  it('reads JSON-LD (@graph, arrays, escaped and broken), microdata, RDFa and CSS selectors, and survives bad pages', async () => {
    const { postings, report, requests } = await crawl(routes(), site, { limits: { maxPageBytes: 200_000, retryBaseMs: 50 } });
    expect(postings.map((p) => p.title).sort()).toEqual([
      'C# Developer',
      'Développeur Python',
      'Elixir Developer',
      'Flaky Role',
      'Java Developer',
      'Platform Engineer',
      'Ruby Developer',
      'Scala Developer',
    ]);
    expect(byTitle(postings, 'Platform Engineer')).toMatchObject({
      id: 'acme:pe-1',
      company: 'Acme',
      locations: ['Paris', 'Lyon'],
      country: 'FR',
      salary: { min: 60000, max: 75000, currency: 'EUR', period: 'year' },
    });
    expect(byTitle(postings, 'Java Developer')).toMatchObject({ company: 'Microdata Co', datePosted: '2026-10-02' });
    expect(byTitle(postings, 'Scala Developer')).toMatchObject({ company: 'RDFa Ltd', datePosted: '2026-10-03' });
    expect(byTitle(postings, 'Elixir Developer')).toMatchObject({ company: 'Plain Co', locations: ['Lisbon'], datePosted: '2026-10-06' });
    expect(byTitle(postings, 'Ruby Developer')?.descriptionText).toContain('Sidekiq');
    // No date on the page: first seen stands in, flagged.
    expect(byTitle(postings, 'C# Developer')).toMatchObject({ dateInferred: true, descriptionText: 'C# and .NET on Azure.' });
    expect(byTitle(postings, 'Développeur Python')?.descriptionText).toBe('Python à Montréal.');

    const reasons = Object.fromEntries(report.errors.map((e) => [new URL(e.url).pathname, e.reason]));
    expect(reasons['/careers/giant']).toMatch(/over the 200000-byte cap/);
    expect(reasons['/careers/unparseable']).toMatch(/invalid JSON-LD/);
    expect(report.gone.map((u) => new URL(u).pathname)).toEqual(['/careers/gone']);
    // robots.txt is obeyed; the 503 was retried after its Retry-After; /about is not followed.
    expect(requests).not.toContain('/careers/secret');
    expect(requests.filter((r) => r === '/careers/flaky')).toHaveLength(2);
    expect(requests).not.toContain('/about');
    expect(report.complete).toBe(true);
  });

  it('gives up on a page that keeps failing, records why, and calls the crawl incomplete', async () => {
    const { report, requests } = await crawl({ '/careers': { status: 500, body: 'down' } }, site, {
      limits: { maxRetries: 2, retryBaseMs: 10 },
      respectRobotsTxt: false,
    });
    expect(requests.filter((r) => r === '/careers')).toHaveLength(3);
    expect(report.errors.find((e) => e.url.endsWith('/careers'))?.reason).toMatch(
      /^start page at .*\/careers could not be read: HTTP 500$/,
    );
    // Both listings failed: the start page, and the sitemap this server does not have.
    expect(report.listingFailures.map((f) => new URL(f.url).pathname).sort()).toEqual(['/careers', '/sitemap.xml']);
    expect(report.complete).toBe(false);
  });

  it('stops at the page cap', async () => {
    const { report } = await crawl(routes(), site, { limits: { maxPages: 3, retryBaseMs: 50 } });
    expect(report.pagesFetched).toBeLessThanOrEqual(3);
    expect(report.complete).toBe(false);
  });

  it('refuses private addresses unless the job allows them', async () => {
    await expect(crawl(routes(), site, { allowPrivateNetwork: false })).rejects.toThrow(
      /resolves to the private address 127\.0\.0\.1; set options\.allowPrivateNetwork: true in the job file/,
    );
  });
  it('checks every redirect target: a page may not lead the crawler into the private network', async () => {
    // Here only 127.0.0.2 counts as private, so a server on 127.0.0.1 plays the public site.
    inner = await startFixtureServer({ '/admin': { body: `<html><body>${fx.jsonLdPage('Secret Job')}</body></html>` } }, '127.0.0.2');
    const target = `${inner.url}/admin`;
    const { report, requests } = await crawl(
      {
        '/jobs/1': { status: 302, headers: { location: target }, body: '' },
        '/jobs/2': { status: 301, headers: { location: '/jobs/3' }, body: '' },
        '/jobs/3': { body: `<html><body>${fx.jsonLdPage('Public Job')}</body></html>` },
      },
      (base) => careerSiteSource({ name: 'redirects', startUrls: [`${base}/jobs/1`, `${base}/jobs/2`], sitemapUrls: [], follow: [] }),
      { allowPrivateNetwork: false, isPrivateAddress: (ip) => ip === '127.0.0.2' },
    );
    expect(inner.requests).toEqual([]);
    expect(report.errors).toEqual([{ url: expect.stringMatching(/\/jobs\/1$/), reason: expect.stringMatching(/127\.0\.0\.2/) }]);
    // Refused for good on the first try, not retried.
    expect(requests.filter((path) => path === '/jobs/1')).toHaveLength(1);
    // A redirect to an allowed address is followed.
    expect(report.postingsFound).toBe(1);
  });
});

describe('request rate', () => {
  it('spaces the requests to each host by maxRequestsPerMinute, and reads two hosts side by side', async () => {
    const board = (host: string) => {
      const links = [1, 2, 3, 4].map((n) => `<a href="/jobs/${n}">job ${n}</a>`).join('');
      const routes: Record<string, FixtureRoute> = { '/jobs': { body: `<html><body>${links}</body></html>` } };
      for (const n of [1, 2, 3, 4]) routes[`/jobs/${n}`] = { body: `<html><body>${fx.jsonLdPage(`Job ${n} at ${host}`)}</body></html>` };
      return routes;
    };
    inner = await startFixtureServer(board('b'), '127.0.0.2');
    const second = inner;
    const { report } = await crawl(
      board('a'),
      (base) =>
        careerSiteSource({
          name: 'two-hosts',
          startUrls: [`${base}/jobs`, `${second.url}/jobs`],
          sitemapUrls: [],
          follow: ['/jobs/\\d+$'],
        }),
      { limits: { maxRequestsPerMinute: 120, maxConcurrency: 4 } },
    );
    expect(report.postingsFound).toBe(8);
    const pageTimes = (s: FixtureServer) => s.times.filter((_, i) => s.requests[i]?.startsWith('/jobs'));
    const first = pageTimes(server as FixtureServer);
    const other = pageTimes(second);
    expect(first).toHaveLength(5);
    expect(other).toHaveLength(5);
    // 120 a minute is one every 500 ms per host. The server sees when a request arrives, not when
    // the crawler sent it: under load one arrives late and the next gap looks shorter (471 ms seen in
    // CI), so each gap gets 100 ms of slack and the span of the four gaps 100 ms in all.
    for (const times of [first, other]) {
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThan(400);
      expect((times[times.length - 1] as number) - (times[0] as number)).toBeGreaterThan(4 * 500 - 100);
    }
    // The hosts do not wait for each other: the second starts before the first is done.
    expect(other[0] as number).toBeLessThan(first[first.length - 1] as number);
  });
});
