import type { NormalisedPosting } from '@skillpulse/core';
import { silentLogger } from '@skillpulse/core';
import { type CrawlLimits, type CrawlOptions, type CrawlReport, crawlSource, type SourceAdapter } from '@skillpulse/crawl';
import { type FixtureRoute, type FixtureServer, startFixtureServer } from './fixture-server.js';

/** What a crawl of fixtures gave: the postings stored, the report and the paths the server was asked for. */
export interface FixtureCrawl {
  postings: NormalisedPosting[];
  report: CrawlReport;
  requests: string[];
}

export interface FixtureCrawlDefaults {
  /** Limits of every crawl (an `options.limits` of a call replaces them). */
  limits: Partial<CrawlLimits>;
  /** Sort the postings by id (else they are in the order they were stored). */
  sortPostings?: boolean;
  /** Called with each fixture server as soon as it listens, so the test file can close it after each test. */
  onServer: (server: FixtureServer) => void;
}

/**
 * `crawl(routes, source, options)` for the crawl integration tests: serves `routes` on 127.0.0.1,
 * crawls `source(serverUrl)` politely but fast (private network allowed, a test user agent, no log)
 * and collects what the crawl stored.
 */
export function fixtureCrawler(defaults: FixtureCrawlDefaults) {
  return async function crawl(
    routes: Record<string, FixtureRoute>,
    source: (base: string) => SourceAdapter,
    options: Partial<CrawlOptions> = {},
  ): Promise<FixtureCrawl> {
    const server = await startFixtureServer(routes);
    defaults.onServer(server);
    const postings: NormalisedPosting[] = [];
    const report = await crawlSource(source(server.url), {
      userAgent: 'SkillPulseTest/1.0 (+https://example.org/contact)',
      allowPrivateNetwork: true,
      logger: silentLogger,
      limits: defaults.limits,
      onPostings: async (batch) => {
        postings.push(...batch);
      },
      ...options,
    });
    return {
      postings: defaults.sortPostings ? postings.sort((a, b) => a.id.localeCompare(b.id)) : postings,
      report,
      requests: server.requests,
    };
  };
}
