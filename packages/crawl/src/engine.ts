import { log as crawleeLog } from '@crawlee/cheerio';
import { guardedNavigation, MAX_RETRY_AFTER_MS, RETRYABLE, robotsLoader } from './engine/fetch.js';
import { type CrawlOptions, type CrawlReport, DEFAULT_LIMITS } from './engine/options.js';
import { pageHandlers } from './engine/page-handler.js';
import { openRequestQueue } from './engine/queue.js';
import { CrawlRun } from './engine/run-state.js';
import type { SourceAdapter } from './engine/source.js';
import { groupCommit } from './group-commit.js';
import { HostRateLimiter } from './host-rate.js';
import { assertFetchAllowed, isPrivateAddress } from './network.js';
import { GuardedCheerioCrawler } from './robots.js';

/**
 * The crawl engine: runs one source to completion (or to a limit). The parts live in engine/:
 * the queue and resuming (queue.ts), fetching with its address checks, rate and retries (fetch.ts),
 * what happens to each answer (page-handler.ts), and the state of the run (run-state.ts).
 */

export { retryAfterMs } from './engine/fetch.js';
export type { CrawlLimits, CrawlOptions, CrawlProblem, CrawlProgress, CrawlReport } from './engine/options.js';
export { DEFAULT_LIMITS } from './engine/options.js';
export type { FetchedPage, PageResult, SourceAdapter, SourceRequest } from './engine/source.js';
export type { ListingFailure, ListingInfo } from './listing.js';

// crawlee logs to stdout on its own; we report through the caller's logger instead.
crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

/** How long a stopped crawl waits for the pages in flight (a SIGTERM gives the process 30 s). */
const STOP_GRACE_SECS = 15;

/** Runs one source to completion (or to a limit): fetching politely, handing pages to the source. */
export async function crawlSource(source: SourceAdapter, options: CrawlOptions): Promise<CrawlReport> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const allowPrivate = options.allowPrivateNetwork === true;
  const isPrivate = options.isPrivateAddress ?? isPrivateAddress;
  const allowed = (url: string) => assertFetchAllowed(url, allowPrivate, isPrivate);
  const run = new CrawlRun(options.logger);
  const { report } = run;
  // Group commit (group-commit.ts): a write failure of the storage itself stops the crawl.
  const writer = groupCommit(options.onPostings, options.isFatalWriteError ?? (() => false), (error) => {
    report.writeFailure = error;
    options.logger.error({ err: (error as Error).message }, 'the store cannot write: crawl stopped, its queue kept');
    stopTaking();
  });

  const { config, requestQueue, resumed } = await openRequestQueue(source, options.queueDir, async (request) => {
    await allowed(request.url);
    run.noteListing(request);
  });
  report.resumed = resumed;

  const handlers = pageHandlers({
    source,
    run,
    limits,
    queue: requestQueue,
    allowed,
    store: writer.store,
    onProgress: options.onProgress,
    userAgent: options.userAgent,
    logger: options.logger,
  });
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
      preNavigationHooks: [guardedNavigation(allowed, new HostRateLimiter(limits.maxRequestsPerMinute), options.userAgent)],
      requestHandler: handlers.requestHandler,
      failedRequestHandler: handlers.failedRequestHandler,
      onSkippedRequest: handlers.onSkippedRequest,
    },
    config,
  );
  crawler.robotsFor = robotsLoader({
    userAgent: options.userAgent,
    allowed,
    timeoutMs: limits.requestTimeoutSecs * 1000,
    get: crawler.robotsGet,
    onProblem: (url, problem) => options.logger.warn({ url, reason: problem }, 'robots.txt not read; everything allowed'),
    onRefused: (url, reason) => run.error(url, reason),
  });
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
  report.complete = run.isComplete(finished, options.signal?.aborted === true);
  // A finished queue is removed, so the next run starts afresh; an unfinished one is kept to resume.
  if (finished || !options.queueDir) await requestQueue.drop();
  return report;
}
