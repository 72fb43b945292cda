import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NormalisedPosting } from '@skillpulse/core';
import { silentLogger } from '@skillpulse/core';
import {
  atsSource,
  type CrawlReport,
  careerSiteSource,
  crawlSource,
  feedSource,
  hackerNewsSource,
  type SourceAdapter,
} from '@skillpulse/crawl';
import { SkillExtractor } from '@skillpulse/extract';
import { parseJob, runIngest } from '@skillpulse/ingest';
import { SqliteStore } from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';
import * as fx from '../fixtures/sources.js';
import { type FixtureRoute, type FixtureServer, startFixtureServer } from '../support/fixture-server.js';

/** Issue 16, "Real postings read correctly": each quirk served on 127.0.0.1 and crawled end to end. */
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function crawl(routes: Record<string, FixtureRoute>, source: (base: string) => SourceAdapter) {
  server = await startFixtureServer(routes);
  const postings: NormalisedPosting[] = [];
  const report: CrawlReport = await crawlSource(source(server.url), {
    userAgent: 'SkillPulseTest/1.0 (+https://example.org/contact)',
    allowPrivateNetwork: true,
    respectRobotsTxt: false,
    logger: silentLogger,
    limits: { retryBaseMs: 50, maxRequestsPerMinute: 6000 },
    onPostings: async (batch) => {
      postings.push(...batch);
    },
  });
  return { postings, report, byTitle: (title: string) => postings.find((p) => p.title === title) };
}

/** Career pages served as `text/html` with no charset in the header, as many real servers do. */
const pageRoutes = (): Record<string, FixtureRoute> =>
  Object.fromEntries(Object.entries(fx.quirkPages).map(([path, body]) => [path, { type: 'text/html', body }]));
const site = (paths: string[], selectors?: Parameters<typeof careerSiteSource>[0]['selectors']) => (base: string) =>
  careerSiteSource({
    name: 'quirks',
    startUrls: paths.map((p) => `${base}${p}`),
    sitemapUrls: [],
    follow: selectors ? ['/jobs/'] : [],
    selectors,
  });

describe('JSON-LD read as real pages write it', () => {
  it('decodes entities everywhere, de-duplicates places, reads Place.name, TELECOMMUTE and the country', async () => {
    const { byTitle, report } = await crawl(pageRoutes(), site(['/jobs/entities', '/jobs/uk']));
    expect(report.errors).toEqual([]);
    const data = byTitle('Senior Data Engineer & Analyst');
    expect(data).toMatchObject({
      company: 'Brückner & Söhne',
      locations: ['Austin, TX', 'Remote, US'],
      country: 'US',
      remote: 'remote',
    });
    expect(data?.descriptionText).toBe('Build pipelines with Spark & Kafka.\n- Python 3\n- SQL and dbt\nOwn the data platform');
    expect(data?.descriptionHtml?.startsWith('<p>')).toBe(true);
    expect(byTitle('Backend Engineer')).toMatchObject({ id: 'quirks:uk-1', locations: ['London Office'], country: 'GB', remote: 'onsite' });
  });

  it('gives two JobPostings of one page (two blocks, or an array) distinct ids, the same on every crawl', async () => {
    const first = await crawl(pageRoutes(), site(['/jobs/two-blocks', '/jobs/array']));
    // Ids without the fixture server's origin, whose port changes between the two crawls.
    const idsOf = (postings: NormalisedPosting[]) => postings.map((p) => p.id.replace(/^quirks:http:\/\/[^/]+/, '')).sort();
    const ids = idsOf(first.postings);
    expect(first.postings.map((p) => p.title).sort()).toEqual([
      'Android Developer',
      'Security Engineer',
      'Site Reliability Engineer',
      'iOS Developer',
    ]);
    expect(new Set(ids).size).toBe(4);
    await server?.close();
    const again = await crawl(pageRoutes(), site(['/jobs/two-blocks', '/jobs/array']));
    expect(idsOf(again.postings)).toEqual(ids);
    expect(ids[0]).toMatch(/^\/jobs\/array#[0-9a-f]{12}$/);
  });

  it('keeps both postings of a page in the store, and a second run adds and expires nothing', async () => {
    server = await startFixtureServer(pageRoutes());
    const store = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'skillpulse-quirks-')), 'test.db') });
    const job = parseJob(
      {
        id: 'quirks',
        source: { type: 'career-site', startUrls: [`${server.url}/jobs/two-blocks`] },
        options: { allowPrivateNetwork: true, respectRobotsTxt: false },
        limits: { retryBaseMs: 10 },
      },
      'quirks.yaml',
    );
    const run = () => runIngest({ job, store, logger: silentLogger, extractor: new SkillExtractor(), dedupeWindowDays: 100_000 });
    try {
      expect(await run()).toMatchObject({ postingsNew: 2, errorCount: 0 });
      expect(await run()).toMatchObject({ postingsNew: 0, postingsExpired: 0 });
    } finally {
      await store.close();
    }
  }, 90_000);
});

describe('pages whose charset is only in their HTML', () => {
  it('reads windows-1252 declared in <meta charset> and in <meta http-equiv>, not U+FFFD', async () => {
    const { postings, byTitle } = await crawl(pageRoutes(), site(['/jobs/meta-charset', '/jobs/http-equiv']));
    expect(postings.map((p) => p.title).sort()).toEqual(['Développeur Kotlin – Zürich', 'Entwickler München']);
    expect(byTitle('Développeur Kotlin – Zürich')?.descriptionText).toBe('Kotlin à Zürich, 90 000 € par an. L’équipe est petite.');
    expect(byTitle('Entwickler München')?.descriptionText).toBe('Schöne Grüße aus München: Java & Gradle.');
    for (const posting of postings) expect(posting.descriptionText).not.toContain('\uFFFD');
  });
});

describe('pages read with CSS selectors', () => {
  it('strips field labels and collapses whitespace', async () => {
    const { postings } = await crawl(
      pageRoutes(),
      site(['/jobs/labelled'], { title: 'h1.title', description: '.body', company: '.company', location: '.where', datePosted: '.posted' }),
    );
    expect(postings).toMatchObject([
      { title: 'Platform Engineer', company: 'Kirkland Labs', locations: ['Kirkland WA'], datePosted: '2026-10-14', dateInferred: false },
    ]);
  });
});

describe('Hacker News headers as posters write them', () => {
  it('gives the company name alone and one role as the title', async () => {
    const routes: Record<string, FixtureRoute> = { '/item/9101.json': { body: fx.hnQuirkThread } };
    for (const [id, item] of Object.entries(fx.hnQuirkComments)) routes[`/item/${id}.json`] = { body: item };
    const { postings } = await crawl(routes, (base) => hackerNewsSource({ name: 'hn', months: 1, threads: [9101], apiBase: base }));
    const byId = Object.fromEntries(postings.map((p) => [p.id, p]));
    expect(byId['hn:201']).toMatchObject({ company: 'Snout', title: 'Full Stack Engineer', remote: 'remote' });
    expect(byId['hn:202']).toMatchObject({ company: 'Galaxy', title: 'Founding Engineer', locations: ['San Francisco'], remote: 'onsite' });
    expect(byId['hn:203']).toMatchObject({
      company: 'Tessl',
      title: 'Senior ML Engineer',
      locations: ['London, UK'],
      salary: { currency: 'GBP' },
    });
    expect(byId['hn:204']?.company).toBe('Fathom');
    expect(byId['hn:204']?.title.length).toBeLessThanOrEqual(101);
    for (const posting of postings) expect(posting.title).not.toMatch(/https?:|\|/);
  });
});

describe('feeds that name the company in the author or the title', () => {
  it('reads a10:author, dc:creator, author, <location> and "Role at Company (Place)"', async () => {
    const { postings } = await crawl({ '/jobs.rss': { type: 'application/rss+xml', body: fx.quirkRssFeed } }, (base) =>
      feedSource({ name: 'feed', urls: [`${base}/jobs.rss`] }),
    );
    expect(postings.map((p) => [p.id, p.title, p.company, p.locations, p.remote]).sort()).toEqual([
      ['feed:so-1', 'Senior .NET Developer', 'Contoso', ['Zürich, Switzerland'], 'remote'],
      ['feed:wr-2', 'Rust Engineer', 'Fabrikam', ['Remote (Europe)'], 'remote'],
      ['feed:wr-3', 'Data Analyst', 'Northwind', ['Lisbon, Portugal'], 'unknown'],
    ]);
  });
});

describe('countries', () => {
  it('are ISO 3166-1 alpha-2 from every source: JSON-LD names and alpha-3, ATS names and codes', async () => {
    const workable = await crawl({ '/api/v1/widget/accounts/hooli': { body: fx.workableAccount } }, (base) =>
      atsSource({ kind: 'workable', name: 'workable-hooli', board: 'hooli', apiBase: base }),
    );
    expect(workable.postings.map((p) => p.country)).toEqual(['NL']);
  });
});
