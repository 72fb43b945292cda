import { setTimeout as sleep } from 'node:timers/promises';
import type { NormalisedPosting } from '@skillpulse/core';
import type { CheerioAPI } from 'cheerio';
import { listingStatusReason, robotsReason } from '../listing.js';
import { MAX_RETRY_AFTER_MS, RETRYABLE, retryWaitMs } from './fetch.js';
import type { CrawlLimits, CrawlProgress } from './options.js';
import { fetchedPage } from './page.js';
import { sourceRequestOf, toCrawleeRequest } from './queue.js';
import type { CrawlRun } from './run-state.js';
import type { PageResult, SourceAdapter } from './source.js';

/**
 * What the crawl does with each answer: retries the ones that ask for it, enforces the page cap and
 * the page size, records gone postings and failed listings, hands the page to its source, queues the
 * pages the source asks for and stores its postings.
 */

/** The request as the handlers see it (crawlee's Request). */
export interface QueuedRequest {
  url: string;
  uniqueKey: string;
  label?: string;
  userData: Record<string, unknown>;
  retryCount: number;
  noRetry: boolean;
  loadedUrl?: string;
}

/** An answer as crawlee hands it to the request handler. */
export interface FetchedAnswer {
  request: QueuedRequest;
  response: { statusCode?: number; headers: Record<string, string | string[] | undefined> };
  body: string | Buffer;
  contentType: { type: string };
  $: unknown;
}

export interface PageHandlerDeps {
  source: SourceAdapter;
  run: CrawlRun;
  limits: CrawlLimits;
  /** The crawl's request queue (the parts the handler uses). */
  queue: {
    addRequest(request: ReturnType<typeof toCrawleeRequest>): Promise<unknown>;
    addRequests(requests: ReturnType<typeof toCrawleeRequest>[]): Promise<unknown>;
    readonly assumedTotalCount: number;
  };
  /** The address check; rejects a URL the crawl may not fetch. */
  allowed: (url: string) => Promise<void>;
  /** Stores a page's postings (group commit); the page is handled once this resolves. */
  store: (postings: NormalisedPosting[]) => Promise<void>;
  onProgress?: (progress: CrawlProgress) => void;
  userAgent: string;
  logger: { warn(fields: object, message: string): void };
}

/** The handlers the crawler calls: for each answer, for each page that failed for good, for each skipped one. */
export function pageHandlers(deps: PageHandlerDeps) {
  const { run, limits, queue, source } = deps;
  const { report } = run;

  const requestHandler = async ({ request, response, body, contentType, $ }: FetchedAnswer): Promise<void> => {
    const status = response.statusCode ?? 200;
    if (RETRYABLE.includes(status)) {
      const wait = retryWaitMs(response.headers['retry-after'], request.retryCount, limits.retryBaseMs);
      if (wait > MAX_RETRY_AFTER_MS) {
        request.noRetry = true;
        throw new Error(`HTTP ${status}; the server asks to wait ${Math.round(wait / 1000)} s, longer than a crawl waits`);
      }
      await sleep(wait);
      throw new Error(`HTTP ${status}`);
    }
    if (report.pagesFetched >= limits.maxPages) {
      // Pages already in flight when the cap was reached go back to the queue for the next run.
      run.capped = true;
      await queue.addRequest({ ...toCrawleeRequest(sourceRequestOf(request)), uniqueKey: `${request.uniqueKey}#next-run` });
      return;
    }
    report.pagesFetched++;
    const sourceRequest = sourceRequestOf(request);
    const listing = sourceRequest.listing;
    if (listing && status >= 400) {
      run.failListing(request.url, listingStatusReason(listing, request.url, status), status === 401 || status === 403);
      return;
    }
    if (status === 404 || status === 410) {
      report.gone.push(request.url);
      return;
    }
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (size > limits.maxPageBytes) {
      const reason = `page is ${size} bytes, over the ${limits.maxPageBytes}-byte cap`;
      if (listing) run.failListing(request.url, `${listing.what} at ${request.url}: ${reason} (raise limits.maxPageBytes)`);
      else run.error(request.url, reason);
      return;
    }
    if (status >= 400) {
      run.error(request.url, `HTTP ${status}`);
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // crawlee has already parsed HTML pages; parsing them again was a third of the crawl's CPU time.
    const parsedHtml = /html/.test(contentType.type) ? ($ as CheerioAPI) : undefined;
    const page = fetchedPage(sourceRequest, request.loadedUrl ?? request.url, status, contentType.type, text, parsedHtml);
    let result: PageResult;
    try {
      result = await source.handle(page);
    } catch (error) {
      const reason = (error as Error).message;
      if (listing) run.failListing(request.url, `${listing.what} at ${request.url} is not in the expected form: ${reason}`);
      else run.error(request.url, reason);
      return;
    }
    for (const problem of result.problems ?? []) run.error(request.url, problem);
    if (result.gone) report.gone.push(request.url);
    const postings = result.postings ?? [];
    for (const posting of postings) report.seenIds.push(posting.id);
    report.postingsFound += postings.length;
    const next = [];
    for (const wanted of result.enqueue ?? []) {
      if (!run.firstOffer(wanted.uniqueKey ?? wanted.url)) continue;
      try {
        await deps.allowed(wanted.url);
        run.noteListing(wanted);
        next.push(toCrawleeRequest(wanted));
      } catch (error) {
        run.error(wanted.url, (error as Error).message);
      }
    }
    if (next.length > 0) await queue.addRequests(next);
    if (postings.length > 0) await deps.store(postings);
    const detail = source.progress?.();
    deps.onProgress?.({
      pagesFetched: report.pagesFetched,
      postingsFound: report.postingsFound,
      pagesQueued: queue.assumedTotalCount,
      ...(detail ? { detail } : {}),
    });
  };

  const failedRequestHandler = async ({ request }: { request: QueuedRequest }, error: Error): Promise<void> => {
    run.failedForGood++;
    // crawlee prefixes network errors with its session handling, which means nothing to a user.
    const reason = error.message.replace(/^Error: /, '').replace(/^Detected a session error, rotating session\.\.\.\s*/, '');
    const listing = sourceRequestOf(request).listing;
    if (listing) run.failListing(request.url, `${listing.what} at ${request.url} could not be read: ${reason}`);
    else run.error(request.url, reason);
    deps.logger.warn({ url: request.url, err: error.message }, 'page failed');
  };

  // crawlee skips what robots.txt disallows without a word; a listing it skips leaves nothing read.
  const onSkippedRequest = async ({ url, reason }: { url: string; reason: string }): Promise<void> => {
    const listing = run.listingAt(url);
    if (reason !== 'robotsTxt' || !listing) return;
    run.failListing(url, robotsReason(url, listing, deps.userAgent), true);
  };

  return { requestHandler, failedRequestHandler, onSkippedRequest };
}
