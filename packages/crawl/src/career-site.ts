import { CheerioCrawler, Configuration, log as crawleeLog, RequestQueue } from '@crawlee/cheerio';
import type { Logger, NormalisedPosting } from '@skillpulse/core';
import { extractJobPostings } from './jobposting.js';
import { assertFetchAllowed } from './network.js';
import { normaliseJobPosting } from './normalise.js';

export interface CareerSiteSource {
  type: 'career-site';
  /** Source name: the first part of every posting id. */
  name: string;
  startUrls: string[];
  sitemapUrls: string[];
  /** Regular expressions: links whose URL matches one are followed. */
  follow: string[];
}

export interface CrawlLimits {
  maxPages: number;
  maxRequestsPerMinute: number;
  maxConcurrency: number;
  requestTimeoutSecs: number;
  /** Pages larger than this are skipped and reported. */
  maxPageBytes: number;
}

export const DEFAULT_LIMITS: CrawlLimits = {
  maxPages: 1000,
  maxRequestsPerMinute: 600,
  maxConcurrency: 8,
  requestTimeoutSecs: 30,
  maxPageBytes: 5 * 1024 * 1024,
};

export interface CrawlProblem {
  url: string;
  reason: string;
}

export interface CrawlProgress {
  pagesFetched: number;
  postingsFound: number;
  pagesQueued: number;
}

export interface CrawlOptions {
  limits?: Partial<CrawlLimits>;
  userAgent: string;
  respectRobotsTxt?: boolean;
  allowPrivateNetwork?: boolean;
  logger: Logger;
  /** Called with postings in batches; the crawl waits for it, so storage keeps pace. */
  onPostings: (postings: NormalisedPosting[]) => Promise<void>;
  onProgress?: (progress: CrawlProgress) => void;
  batchSize?: number;
}

export interface CrawlReport {
  pagesFetched: number;
  postingsFound: number;
  /** URLs of postings that answered 404 or 410: expired. */
  gone: string[];
  errors: CrawlProblem[];
}

// crawlee logs to stdout on its own; we report through the caller's logger instead.
crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

/** Crawls a career site: start pages and sitemaps, following matching links, reading schema.org JobPostings. */
export async function crawlCareerSite(source: CareerSiteSource, options: CrawlOptions): Promise<CrawlReport> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const allowPrivate = options.allowPrivateNetwork === true;
  const report: CrawlReport = { pagesFetched: 0, postingsFound: 0, gone: [], errors: [] };
  const follow = source.follow.map((pattern) => new RegExp(pattern));
  const batchSize = options.batchSize ?? 50;
  let batch: NormalisedPosting[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const postings = batch;
    batch = [];
    await options.onPostings(postings);
  };

  for (const url of [...source.startUrls, ...source.sitemapUrls]) await assertFetchAllowed(url, allowPrivate);

  // A configuration of its own keeps this crawl's queue apart from any other crawl in the process.
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  const requestQueue = await RequestQueue.open(`crawl-${source.name}-${Date.now()}`, { config });
  const startUrls = [...source.startUrls];
  for (const sitemapUrl of source.sitemapUrls) {
    startUrls.push(...(await sitemapLocations(sitemapUrl, options.userAgent, report)));
  }
  await requestQueue.addRequests(startUrls.map((url) => ({ url })));

  const crawler = new CheerioCrawler(
    {
      requestQueue,
      maxRequestsPerCrawl: limits.maxPages,
      maxRequestsPerMinute: limits.maxRequestsPerMinute,
      maxConcurrency: limits.maxConcurrency,
      navigationTimeoutSecs: limits.requestTimeoutSecs,
      requestHandlerTimeoutSecs: limits.requestTimeoutSecs * 2,
      maxRequestRetries: 3,
      respectRobotsTxtFile: options.respectRobotsTxt === false ? false : { userAgent: options.userAgent },
      ignoreSslErrors: false,
      preNavigationHooks: [
        async ({ request }, gotOptions) => {
          await assertFetchAllowed(request.url, allowPrivate);
          gotOptions.headers = { ...gotOptions.headers, 'user-agent': options.userAgent };
        },
      ],
      requestHandler: async ({ request, response, $, body, enqueueLinks }) => {
        report.pagesFetched++;
        const status = response.statusCode ?? 200;
        if (status === 404 || status === 410) {
          report.gone.push(request.url);
          return;
        }
        if (body.length > limits.maxPageBytes) {
          report.errors.push({ url: request.url, reason: `page is ${body.length} bytes, over the ${limits.maxPageBytes}-byte cap` });
          return;
        }
        const found = extractJobPostings($);
        for (const problem of found.problems) report.errors.push({ url: request.url, reason: problem });
        const seenAt = new Date().toISOString();
        for (const data of found.postings) {
          const posting = normaliseJobPosting(data, { source: source.name, url: request.loadedUrl ?? request.url, seenAt });
          if (posting) {
            batch.push(posting);
            report.postingsFound++;
          } else report.errors.push({ url: request.url, reason: 'JobPosting without a title or description' });
        }
        if (follow.length > 0) await enqueueLinks({ regexps: follow, strategy: 'same-origin' });
        if (batch.length >= batchSize) await flush();
        options.onProgress?.({
          pagesFetched: report.pagesFetched,
          postingsFound: report.postingsFound,
          pagesQueued: requestQueue.assumedTotalCount,
        });
      },
      failedRequestHandler: async ({ request }, error) => {
        report.errors.push({ url: request.url, reason: error.message });
        options.logger.warn({ url: request.url, err: error.message }, 'page failed');
      },
    },
    config,
  );
  await crawler.run();
  await flush();
  await requestQueue.drop();
  return report;
}

/** The page URLs a sitemap lists (one level of sitemap index followed). */
async function sitemapLocations(url: string, userAgent: string, report: CrawlReport, depth = 0): Promise<string[]> {
  try {
    const response = await fetch(url, { headers: { 'user-agent': userAgent }, signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const xml = await response.text();
    const locations = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
    if (/<sitemapindex/i.test(xml) && depth === 0) {
      const nested = await Promise.all(locations.map((loc) => sitemapLocations(loc, userAgent, report, depth + 1)));
      return nested.flat();
    }
    return locations;
  } catch (error) {
    report.errors.push({ url, reason: `sitemap not read: ${(error as Error).message}` });
    return [];
  }
}
