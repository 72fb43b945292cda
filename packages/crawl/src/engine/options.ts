import type { Logger, NormalisedPosting } from '@skillpulse/core';
import type { ListingFailure } from '../listing.js';

/** How a crawl is run (limits, politeness, storage) and what it reports. */

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

export interface CrawlProblem {
  url: string;
  reason: string;
}

export interface CrawlProgress {
  pagesFetched: number;
  postingsFound: number;
  pagesQueued: number;
  /** The source's own progress in words, when it reports one (`SourceAdapter.progress`). */
  detail?: string;
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
