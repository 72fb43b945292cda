/**
 * Listings: the pages that list a source's postings (a board's API, a start page, a sitemap). One
 * that cannot be read fails the crawl, so that it never reads as an empty board.
 */

/** How messages name a listing. */
export interface ListingInfo {
  /** What it is, as the user knows it: `board "acme"`, `sitemap`, `start page`. */
  what: string;
  /** What to check when it is not found, e.g. `check source.board in the job file`. */
  hint?: string;
}

/** A listing that could not be read; the crawl is not complete and nothing may be expired from it. */
export interface ListingFailure {
  url: string;
  reason: string;
  /** True when the site refused us (robots.txt, HTTP 401/403) rather than failed. */
  blocked: boolean;
}

/** Why a listing that answered an HTTP error could not be read. */
export function listingStatusReason(listing: ListingInfo, url: string, status: number): string {
  if (status === 404 || status === 410)
    return `${listing.what} not found at ${url} (HTTP ${status})${listing.hint ? `; ${listing.hint}` : ''}`;
  if (status === 401 || status === 403)
    return `${listing.what} at ${url} refused access (HTTP ${status}): it is private or needs a login; SkillPulse reads public listings only`;
  return `${listing.what} at ${url} answered HTTP ${status}, not the listing`;
}

/** Why robots.txt kept a listing from being read. */
export function robotsReason(url: string, listing: ListingInfo, userAgent: string): string {
  const { host, pathname } = new URL(url);
  return (
    `robots.txt of ${host} disallows ${pathname} for user agent "${userAgent}", so ${listing.what} was not read; ` +
    'SkillPulse does not fetch what robots.txt disallows: ask the site for access or crawl another listing'
  );
}

/** Where a request's listing information travels through the (possibly persisted) queue. */
export const LISTING_KEY = '__listing';
