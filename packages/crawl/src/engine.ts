import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Configuration, log as crawleeLog, RequestQueueV1 as RequestQueue } from '@crawlee/cheerio';
import type { Logger, NormalisedPosting } from '@skillpulse/core';
import { type CheerioAPI, load } from 'cheerio';
import { groupCommit } from './group-commit.js';
import { HostRateLimiter } from './host-rate.js';
import { parseLenientJson } from './jobposting.js';
import { LISTING_KEY, type ListingFailure, type ListingInfo, listingStatusReason, robotsReason } from './listing.js';
import { assertFetchAllowed, isPrivateAddress } from './network.js';
import { fetchRobotsTxt, GuardedCheerioCrawler, type RobotsRules } from './robots.js';

export type { ListingFailure, ListingInfo } from './listing.js';

export interface CrawlLimits {
  maxPages: number;
  /** Requests per minute to each host. */
  maxRequestsPerMinute: number;
  maxConcurrency: number;
  requestTimeoutSecs: number;
  /** Pages larger than this are skipped and reported. */
  maxPageBytes: number;
  maxRetries: number;
  /** First retry waits this long, doubling each time, unless the server sends Retry-After. */
  retryBaseMs: number;
}

export const DEFAULT_LIMITS: CrawlLimits = {
  maxPages: 1000,
  maxRequestsPerMinute: 600,
  maxConcurrency: 8,
  requestTimeoutSecs: 30,
  maxPageBytes: 5 * 1024 * 1024,
  maxRetries: 3,
  retryBaseMs: 1000,
};

/** Longest wait a Retry-After header can impose before the request is given up for this run. */
const MAX_RETRY_AFTER_MS = 120_000;

export interface CrawlProblem {
  url: string;
  reason: string;
}

export interface CrawlProgress {
  pagesFetched: number;
  postingsFound: number;
  pagesQueued: number;
}

/** A page a source wants fetched; `label` tells its handler what kind of page it is. */
export interface SourceRequest {
  url: string;
  label: string;
  userData?: Record<string, unknown>;
  /** Listings get a fresh key every run so they are re-read; postings keep their URL as key. */
  uniqueKey?: string;
  headers?: Record<string, string>;
  /**
   * Marks a listing: a page that lists the source's postings (a start URL, a board's API, a
   * sitemap). A listing that cannot be read completely fails the crawl (`listingFailures`) instead
   * of looking like an empty board. Start requests are listings unless they say `false`.
   */
  listing?: ListingInfo | false;
}

/** What a source's handler sees of a fetched page. */
export interface FetchedPage {
  request: SourceRequest;
  /** The URL after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: string;
  /** When the page was fetched (ISO timestamp). */
  seenAt: string;
  /** The body as JSON (trailing commas and raw newlines repaired); throws on anything else. */
  json(): unknown;
  /** The body as an HTML document. */
  html(): CheerioAPI;
  /** The body as an XML document (feeds, sitemaps). */
  xml(): CheerioAPI;
}

export interface PageResult {
  postings?: NormalisedPosting[];
  enqueue?: SourceRequest[];
  problems?: string[];
  /** True when the page says its posting is gone (beyond a 404/410, which the engine handles). */
  gone?: boolean;
}

/** A job source: where to start and how to read each kind of page. */
export interface SourceAdapter {
  /** Source name: the first part of every posting id. */
  name: string;
  /**
   * True when a complete crawl lists every live posting (an ATS board, a career site), so postings
   * missing from it have expired; false for sources that only add (HN threads, feeds).
   */
  snapshot: boolean;
  startRequests(): SourceRequest[] | Promise<SourceRequest[]>;
  handle(page: FetchedPage): PageResult | Promise<PageResult>;
}

export interface CrawlOptions {
  limits?: Partial<CrawlLimits>;
  userAgent: string;
  respectRobotsTxt?: boolean;
  allowPrivateNetwork?: boolean;
  /** Which addresses count as private (default: loopback, private, link-local...); tests narrow it. */
  isPrivateAddress?: (ip: string) => boolean;
  logger: Logger;
  /**
   * A folder for the request queue, so an interrupted crawl resumes where it stopped; the queue
   * is removed when a crawl completes. Without it the queue lives in memory.
   */
  queueDir?: string;
  /**
   * Stores postings. A page counts as handled (and leaves the resumable queue) only once this has
   * stored its postings, so a crash loses none; pages that finish during a call go in the next one.
   */
  onPostings: (postings: NormalisedPosting[]) => Promise<void>;
  /**
   * True for an `onPostings` error that no later write can escape (a full disk, a read-only file
   * system): the crawl stops at once, the pages not stored stay in the queue (which is kept) and
   * the report's `writeFailure` holds the error. Other errors fail their pages, which are retried.
   */
  isFatalWriteError?: (error: unknown) => boolean;
  onProgress?: (progress: CrawlProgress) => void;
  /** Stops taking new pages when aborted (SIGTERM); pages in flight finish and are stored. */
  signal?: AbortSignal;
}

export interface CrawlReport {
  pagesFetched: number;
  postingsFound: number;
  /** Ids of every posting seen in this run. */
  seenIds: string[];
  /** URLs that answered 404 or 410, or that a source marked gone: their postings expired. */
  gone: string[];
  errors: CrawlProblem[];
  /** Listings that failed (also in `errors`): the run failed, whatever else it read. */
  listingFailures: ListingFailure[];
  /**
   * True when every queued page was handled: no page cap, no abort, no page that failed for good,
   * no listing that failed.
   */
  complete: boolean;
  /** True when this run continued a queue left by an interrupted one. */
  resumed: boolean;
  /** The storage failure that stopped the crawl (see `isFatalWriteError`); the queue was kept. */
  writeFailure?: unknown;
}

// crawlee logs to stdout on its own; we report through the caller's logger instead.
crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

/** How long a stopped crawl waits for the pages in flight (a SIGTERM gives the process 30 s). */
const STOP_GRACE_SECS = 15;

const RETRYABLE = [408, 425, 429, 500, 502, 503, 504];

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Runs one source to completion (or to a limit): fetching politely, handing pages to the source. */
export async function crawlSource(source: SourceAdapter, options: CrawlOptions): Promise<CrawlReport> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const allowPrivate = options.allowPrivateNetwork === true;
  const isPrivate = options.isPrivateAddress ?? isPrivateAddress;
  const allowed = (url: string) => assertFetchAllowed(url, allowPrivate, isPrivate);
  const hostRate = new HostRateLimiter(limits.maxRequestsPerMinute);
  const report: CrawlReport = {
    pagesFetched: 0,
    postingsFound: 0,
    seenIds: [],
    gone: [],
    errors: [],
    listingFailures: [],
    complete: false,
    resumed: false,
  };
  // Listings by URL, for robots.txt skips (crawlee reports those by URL alone).
  const listings = new Map<string, ListingInfo>();
  const noteListing = (request: SourceRequest) => {
    if (request.listing) listings.set(request.url, request.listing);
  };
  const failListing = (url: string, reason: string, blocked = false) => {
    report.listingFailures.push({ url, reason, blocked });
    report.errors.push({ url, reason });
    options.logger.warn({ url, reason }, 'listing failed');
  };
  // Group commit (group-commit.ts): a write failure of the storage itself stops the crawl.
  const writer = groupCommit(options.onPostings, options.isFatalWriteError ?? (() => false), (error) => {
    report.writeFailure = error;
    options.logger.error({ err: (error as Error).message }, 'the store cannot write: crawl stopped, its queue kept');
    stopTaking();
  });
  const store = writer.store;
  let failedForGood = 0;
  let capped = false;
  const enqueued = new Set<string>();

  // Each crawl has its own configuration and named queue: crawlers in one process otherwise share
  // the default queue and skip each other's URLs. The v1 queue keeps requests in progress in memory
  // only; the v2 queue persists locks, so after a stop or a kill -9 the next run waited minutes for
  // them to expire before resuming.
  if (options.queueDir) mkdirSync(options.queueDir, { recursive: true });
  const config = new Configuration({
    persistStorage: options.queueDir !== undefined,
    purgeOnStart: false,
    storageClientOptions: options.queueDir ? { localDataDirectory: options.queueDir } : {},
  });
  const queueName = options.queueDir ? `source-${source.name.replace(/[^a-zA-Z0-9-]/g, '-')}` : `source-${Date.now()}`;
  const requestQueue = await RequestQueue.open(queueName, { config });
  report.resumed = !(await requestQueue.isEmpty());
  if (!report.resumed) {
    const start = (await source.startRequests()).map((request) => ({
      ...request,
      listing: request.listing ?? { what: 'start page', hint: 'check the start URLs of the job' },
    }));
    for (const request of start) {
      await allowed(request.url);
      noteListing(request);
    }
    await requestQueue.addRequests(start.map(toCrawleeRequest));
  }

  // Bodies are decoded by the charset the header or the document declares (charset.ts); robots.txt
  // is fetched by robots.ts, each redirect checked like a page, once per origin.
  const crawler = new GuardedCheerioCrawler(
    {
      requestQueue,
      maxRequestsPerCrawl: limits.maxPages,
      maxConcurrency: limits.maxConcurrency,
      // The pool otherwise starts at one request at a time and ramps up over seconds.
      minConcurrency: limits.maxConcurrency,
      navigationTimeoutSecs: limits.requestTimeoutSecs,
      requestHandlerTimeoutSecs: limits.requestTimeoutSecs * 2 + MAX_RETRY_AFTER_MS / 1000,
      maxRequestRetries: limits.maxRetries,
      // 429 and 5xx reach the handler, which waits (Retry-After or backoff) before retrying.
      useSessionPool: false,
      ignoreHttpErrorStatusCodes: RETRYABLE,
      additionalMimeTypes: ['*/*'],
      respectRobotsTxtFile: options.respectRobotsTxt === false ? false : { userAgent: options.userAgent },
      preNavigationHooks: [
        async ({ request }, gotOptions) => {
          await allowed(request.url);
          await hostRate.wait(request.url);
          gotOptions.headers = { ...gotOptions.headers, 'user-agent': options.userAgent };
          // Each redirect target is checked like a start URL: a public page must not lead the crawler
          // into the private network. A refused redirect is final, not retried.
          const beforeRedirect = [
            ...(gotOptions.hooks?.beforeRedirect ?? []),
            async (redirect: { url?: string | URL }) => {
              try {
                await allowed(String(redirect.url));
              } catch (error) {
                request.noRetry = true;
                throw error;
              }
            },
          ];
          gotOptions.hooks = { ...gotOptions.hooks, beforeRedirect } as typeof gotOptions.hooks;
          // Browser-like generated headers cost more CPU than parsing the page, and a bot that
          // names itself in its user agent has no use for them.
          (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
        },
      ],
      requestHandler: async ({ request, response, body, contentType, $ }) => {
        const status = response.statusCode ?? 200;
        if (RETRYABLE.includes(status)) {
          const wait = retryAfterMs(response.headers['retry-after']) ?? limits.retryBaseMs * 2 ** request.retryCount;
          if (wait > MAX_RETRY_AFTER_MS) {
            request.noRetry = true;
            throw new Error(`HTTP ${status}; the server asks to wait ${Math.round(wait / 1000)} s, longer than a crawl waits`);
          }
          await sleep(wait);
          throw new Error(`HTTP ${status}`);
        }
        if (report.pagesFetched >= limits.maxPages) {
          // Pages already in flight when the cap was reached go back to the queue for the next run.
          capped = true;
          await requestQueue.addRequest({ ...toCrawleeRequest(sourceRequestOf(request)), uniqueKey: `${request.uniqueKey}#next-run` });
          return;
        }
        report.pagesFetched++;
        const sourceRequest = sourceRequestOf(request);
        const listing = sourceRequest.listing;
        if (listing && status >= 400) {
          failListing(request.url, listingStatusReason(listing, request.url, status), status === 401 || status === 403);
          return;
        }
        if (status === 404 || status === 410) {
          report.gone.push(request.url);
          return;
        }
        const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
        if (size > limits.maxPageBytes) {
          const reason = `page is ${size} bytes, over the ${limits.maxPageBytes}-byte cap`;
          if (listing) failListing(request.url, `${listing.what} at ${request.url}: ${reason} (raise limits.maxPageBytes)`);
          else report.errors.push({ url: request.url, reason });
          return;
        }
        if (status >= 400) {
          report.errors.push({ url: request.url, reason: `HTTP ${status}` });
          return;
        }
        const text = typeof body === 'string' ? body : body.toString('utf8');
        // crawlee has already parsed HTML pages; parsing them again was a third of the crawl's CPU time.
        const parsedHtml = /html/.test(contentType.type) ? ($ as unknown as CheerioAPI) : undefined;
        const page = fetchedPage(sourceRequest, request.loadedUrl ?? request.url, status, contentType.type, text, parsedHtml);
        let result: PageResult;
        try {
          result = await source.handle(page);
        } catch (error) {
          const reason = (error as Error).message;
          if (listing) failListing(request.url, `${listing.what} at ${request.url} is not in the expected form: ${reason}`);
          else report.errors.push({ url: request.url, reason });
          return;
        }
        for (const problem of result.problems ?? []) report.errors.push({ url: request.url, reason: problem });
        if (result.gone) report.gone.push(request.url);
        const postings = result.postings ?? [];
        for (const posting of postings) report.seenIds.push(posting.id);
        report.postingsFound += postings.length;
        const next = [];
        for (const wanted of result.enqueue ?? []) {
          // Pages link to the same pages over and over; the queue would drop them too, at a cost.
          const key = wanted.uniqueKey ?? wanted.url;
          if (enqueued.has(key)) continue;
          enqueued.add(key);
          try {
            await allowed(wanted.url);
            noteListing(wanted);
            next.push(toCrawleeRequest(wanted));
          } catch (error) {
            report.errors.push({ url: wanted.url, reason: (error as Error).message });
          }
        }
        if (next.length > 0) await requestQueue.addRequests(next);
        if (postings.length > 0) await store(postings);
        options.onProgress?.({
          pagesFetched: report.pagesFetched,
          postingsFound: report.postingsFound,
          pagesQueued: requestQueue.assumedTotalCount,
        });
      },
      failedRequestHandler: async ({ request }, error) => {
        failedForGood++;
        // crawlee prefixes network errors with its session handling, which means nothing to a user.
        const reason = error.message.replace(/^Error: /, '').replace(/^Detected a session error, rotating session\.\.\.\s*/, '');
        const listing = sourceRequestOf(request).listing;
        if (listing) failListing(request.url, `${listing.what} at ${request.url} could not be read: ${reason}`);
        else report.errors.push({ url: request.url, reason });
        options.logger.warn({ url: request.url, err: error.message }, 'page failed');
      },
      // crawlee skips what robots.txt disallows without a word; a listing it skips leaves nothing read.
      onSkippedRequest: async ({ url, reason }) => {
        const listing = listings.get(url);
        if (reason !== 'robotsTxt' || !listing) return;
        failListing(url, robotsReason(url, listing, options.userAgent), true);
      },
    },
    config,
  );
  const robots = new Map<string, Promise<RobotsRules>>();
  crawler.robotsFor = (url) => {
    const origin = new URL(url).origin;
    let rules = robots.get(origin);
    if (!rules) {
      rules = fetchRobotsTxt(url, {
        userAgent: options.userAgent,
        allowed,
        timeoutMs: limits.requestTimeoutSecs * 1000,
        get: crawler.robotsGet,
      }).then((result) => {
        if (result.problem) options.logger.warn({ url, reason: result.problem }, 'robots.txt not read; everything allowed');
        if (result.refused) report.errors.push({ url: `${origin}/robots.txt`, reason: result.refused });
        return result.rules;
      });
      robots.set(origin, rules);
    }
    return rules;
  };
  // Pages in flight finish (and are stored) before the crawl ends; new ones are not started.
  const stopTaking = () => {
    const pool = crawler.autoscaledPool;
    if (!pool) return;
    // crawlee 3 hands pause()'s timeoutSecs to setTimeout as milliseconds, hence the * 1000.
    void pool
      .pause(STOP_GRACE_SECS * 1000)
      .catch((error: Error) => options.logger.warn({ err: error.message }, 'pages still in flight at stop; they resume next run'))
      .finally(() => pool.abort());
  };
  const onAbort = () => stopTaking();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (!options.signal?.aborted) await crawler.run();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  // A failed write already failed its pages (they are retried, then reported, or kept queued).
  await writer.settled();
  const stored = report.writeFailure === undefined;
  const finished = stored && (await requestQueue.isFinished());
  report.complete = finished && !capped && failedForGood === 0 && report.listingFailures.length === 0 && options.signal?.aborted !== true;
  // A finished queue is removed, so the next run starts afresh; an unfinished one is kept to resume.
  if (finished || !options.queueDir) await requestQueue.drop();
  return report;
}

function sourceRequestOf(request: { url: string; label?: string; userData: unknown }): SourceRequest {
  const { [LISTING_KEY]: listing, ...userData } = (request.userData ?? {}) as Record<string, unknown>;
  return {
    url: request.url,
    label: request.label ?? '',
    userData,
    listing: listing ? (listing as ListingInfo) : undefined,
  };
}

function toCrawleeRequest(request: SourceRequest) {
  return {
    url: request.url,
    label: request.label,
    userData: { ...request.userData, label: request.label, ...(request.listing ? { [LISTING_KEY]: request.listing } : {}) },
    uniqueKey: request.uniqueKey,
    headers: request.headers,
  };
}

function fetchedPage(
  request: SourceRequest,
  url: string,
  status: number,
  contentType: string,
  body: string,
  parsedHtml: CheerioAPI | undefined,
): FetchedPage {
  let htmlDoc = parsedHtml;
  let xmlDoc: CheerioAPI | undefined;
  return {
    request,
    url,
    status,
    contentType,
    body,
    seenAt: new Date().toISOString(),
    json: () => parseLenientJson(body.replace(/^\uFEFF/, '')),
    html: () => {
      // htmlparser2 (xml: { xmlMode: false }) is several times faster than cheerio's default parse5.
      htmlDoc ??= load(body, { xml: { xmlMode: false, decodeEntities: true } });
      return htmlDoc;
    },
    xml: () => {
      xmlDoc ??= load(body, { xmlMode: true });
      return xmlDoc;
    },
  };
}
