import { silentLogger } from '@skillpulse/core';
import { careerSiteSource, crawlSource, feedSource, isPrivateAddress } from '@skillpulse/crawl';
import { afterEach, describe, expect, it } from 'vitest';
import * as fx from '../fixtures/sources.js';
import { fixtureCrawler } from '../support/crawl-harness.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';

// Hostile sites (issue 17): every request the crawler makes passes the address check, and what a
// page says cannot turn into a link the dashboard would run.

let server: FixtureServer | undefined;
/** A second host on 127.0.0.2, playing the private network. */
let inner: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  await inner?.close();
  server = undefined;
  inner = undefined;
});

const crawl = fixtureCrawler({
  limits: { retryBaseMs: 50, maxRequestsPerMinute: 6000, maxRetries: 0 },
  onServer: (started) => {
    server = started;
  },
});

const page = (title: string) => ({ body: `<html><body>${fx.jsonLdPage(title)}</body></html>` });
/** 127.0.0.1 plays a public site; every other address is judged by the real check. */
const loopbackIsPublic = (ip: string) => ip !== '127.0.0.1' && isPrivateAddress(ip);

describe('robots.txt passes the address check', () => {
  it('does not follow a robots.txt redirect into the private network', async () => {
    inner = await startFixtureServer({ '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /\n' } }, '127.0.0.2');
    const { report, postings, requests } = await crawl(
      { '/robots.txt': { status: 302, headers: { location: `${inner.url}/robots.txt` }, body: '' }, '/jobs/1': page('Public Job') },
      (base) => careerSiteSource({ name: 'robots', startUrls: [`${base}/jobs/1`], sitemapUrls: [], follow: [] }),
      { allowPrivateNetwork: false, isPrivateAddress: (ip) => ip === '127.0.0.2' },
    );
    expect(inner.requests).toEqual([]);
    expect(requests.filter((path) => path === '/robots.txt')).toHaveLength(1);
    expect(report.errors).toEqual([
      {
        url: expect.stringMatching(/\/robots\.txt$/),
        reason: expect.stringMatching(/leads to http:\/\/127\.0\.0\.2:\d+\/robots\.txt, which is refused/),
      },
    ]);
    // Unreadable robots.txt allows everything, as before: the page itself was read.
    expect(postings.map((p) => p.title)).toEqual(['Public Job']);
  });

  it('follows a robots.txt redirect to an allowed address and obeys it', async () => {
    const { report, requests } = await crawl(
      {
        '/robots.txt': { status: 301, headers: { location: '/rules.txt' }, body: '' },
        '/rules.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /jobs\n' },
        '/jobs': page('Hidden'),
      },
      (base) => careerSiteSource({ name: 'robots', startUrls: [`${base}/jobs`], sitemapUrls: [], follow: [] }),
    );
    expect(requests).not.toContain('/jobs');
    expect(report.listingFailures).toEqual([
      {
        url: expect.stringMatching(/\/jobs$/),
        reason: expect.stringMatching(/^robots\.txt of 127\.0\.0\.1:\d+ disallows \/jobs/),
        blocked: true,
      },
    ]);
  });
});

describe('IPv4-mapped IPv6 addresses are private', () => {
  it('refuses a start URL http://[::ffff:127.0.0.1]:PORT/ with the default check', async () => {
    server = await startFixtureServer({ '/': page('Loopback') });
    const port = new URL(server.url).port;
    await expect(
      crawlSource(careerSiteSource({ name: 'mapped', startUrls: [`http://[::ffff:127.0.0.1]:${port}/`], sitemapUrls: [], follow: [] }), {
        userAgent: 'SkillPulseTest/1.0',
        logger: silentLogger,
        onPostings: async () => {},
      }),
    ).rejects.toThrow(/private address ::ffff:7f00:1/);
    expect(server.requests).toEqual([]);
  });

  it('refuses mapped addresses in sitemap entries and redirect targets', async () => {
    const { report, postings, requests } = await crawl(
      {
        '/sitemap.xml': (req) => ({
          type: 'application/xml',
          body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/jobs/1</loc></url><url><loc>http://[::ffff:127.0.0.1]:${req.headers.host?.split(':')[1]}/jobs/2</loc></url>
<url><loc>{base}/jobs/3</loc></url></urlset>`,
        }),
        '/jobs/1': page('Public Job'),
        '/jobs/2': page('Mapped Job'),
        '/jobs/3': { status: 302, headers: { location: 'http://[::ffff:169.254.169.254]/latest/meta-data/' }, body: '' },
      },
      (base) => careerSiteSource({ name: 'mapped', startUrls: [], sitemapUrls: [`${base}/sitemap.xml`], follow: ['/jobs/'] }),
      { allowPrivateNetwork: false, isPrivateAddress: loopbackIsPublic },
    );
    expect(postings.map((p) => p.title)).toEqual(['Public Job']);
    expect(requests).not.toContain('/jobs/2');
    const reasons = report.errors.map((e) => e.reason).join('\n');
    expect(reasons).toMatch(/private address ::ffff:7f00:1/);
    expect(reasons).toMatch(/private address ::ffff:a9fe:a9fe/);
  });
});

describe('what a feed says cannot become a script link, or unbounded text', () => {
  it('stores only http(s) URLs and caps descriptions at 256 KiB, saying so', async () => {
    const { postings, report } = await crawl({ '/feed.xml': { type: 'application/rss+xml', body: fx.hostileRssFeed } }, (base) =>
      feedSource({ name: 'hostile', urls: [`${base}/feed.xml`] }),
    );
    const urls = Object.fromEntries(postings.map((p) => [p.title, p.url]));
    const feedUrl = `${server?.url}/feed.xml`;
    expect(urls).toEqual({
      'Script Link Engineer': feedUrl,
      'Data Link Engineer': feedUrl,
      'Relative Link Engineer': `${server?.url}/jobs/rel-1`,
      'Long Description Engineer': 'https://jobs.example/long-1',
    });
    const long = postings.find((p) => p.title === 'Long Description Engineer');
    expect(Buffer.byteLength(long?.descriptionText ?? '')).toBeLessThanOrEqual(256 * 1024);
    expect(report.errors).toEqual([
      { url: feedUrl, reason: expect.stringMatching(/^description of https:\/\/jobs\.example\/long-1 cut to 256 KiB from \d+ bytes/) },
    ]);
  });
});
