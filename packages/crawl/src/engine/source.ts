import type { NormalisedPosting } from '@skillpulse/core';
import type { CheerioAPI } from 'cheerio';
import type { ListingInfo } from '../listing.js';

/** What a source implements: where to start and how to read each kind of page. */

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
  /** The source's own progress in words (`threads 3/5, comments 40/62`), shown beside the page count. */
  progress?(): string;
}
