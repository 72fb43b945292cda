import type { Logger } from '@skillpulse/core';
import type { ListingInfo } from '../listing.js';
import type { CrawlReport } from './options.js';
import type { SourceRequest } from './source.js';

/** What one crawl has learnt so far: its report, its listings, the pages it queued. */
export class CrawlRun {
  readonly report: CrawlReport = {
    pagesFetched: 0,
    postingsFound: 0,
    seenIds: [],
    gone: [],
    errors: [],
    listingFailures: [],
    complete: false,
    resumed: false,
  };
  /** Pages that failed after their last retry. */
  failedForGood = 0;
  /** True once a page was put back for the next run because the page cap was reached. */
  capped = false;
  // Listings by URL, for robots.txt skips (crawlee reports those by URL alone).
  private readonly listings = new Map<string, ListingInfo>();
  private readonly enqueued = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /** Remembers a request that is a listing, so a robots.txt skip of its URL can name it. */
  noteListing(request: SourceRequest): void {
    if (request.listing) this.listings.set(request.url, request.listing);
  }

  /** The listing queued at `url`, if one was. */
  listingAt(url: string): ListingInfo | undefined {
    return this.listings.get(url);
  }

  /** A listing that could not be read: it fails the run (and is an error too). */
  failListing(url: string, reason: string, blocked = false): void {
    this.report.listingFailures.push({ url, reason, blocked });
    this.report.errors.push({ url, reason });
    this.logger.warn({ url, reason }, 'listing failed');
  }

  error(url: string, reason: string): void {
    this.report.errors.push({ url, reason });
  }

  /**
   * True the first time a key (a request's `uniqueKey`, else its URL) is offered: pages link to the
   * same pages over and over; the queue would drop them too, at a cost.
   */
  firstOffer(key: string): boolean {
    if (this.enqueued.has(key)) return false;
    this.enqueued.add(key);
    return true;
  }

  /** Whether every queued page was handled, given whether the queue finished and whether the crawl was stopped. */
  isComplete(queueFinished: boolean, aborted: boolean): boolean {
    return queueFinished && !this.capped && this.failedForGood === 0 && this.report.listingFailures.length === 0 && !aborted;
  }
}
