import { describe, expect, it } from 'vitest';
import { listingStatusReason, robotsReason } from '../../src/listing.js';

const board = { what: 'greenhouse board "acme"', hint: 'check source.board in the job file' };
const url = 'https://boards-api.greenhouse.io/v1/boards/acme/jobs';

describe('listing failure reasons', () => {
  it('a 404 or 410 says the listing is not there, and what to check', () => {
    expect(listingStatusReason(board, url, 404)).toBe(
      `greenhouse board "acme" not found at ${url} (HTTP 404); check source.board in the job file`,
    );
    expect(listingStatusReason({ what: 'sitemap' }, url, 410)).toBe(`sitemap not found at ${url} (HTTP 410)`);
  });

  it('a 401 or 403 says access was refused; other codes are named', () => {
    expect(listingStatusReason(board, url, 403)).toMatch(/^greenhouse board "acme" at .* refused access \(HTTP 403\): it is private/);
    expect(listingStatusReason(board, url, 400)).toBe(`greenhouse board "acme" at ${url} answered HTTP 400, not the listing`);
  });

  it('robots.txt names the host, the path and the user agent', () => {
    expect(robotsReason('https://example.com/careers?page=1', { what: 'start page' }, 'Bot/1')).toMatch(
      /^robots\.txt of example\.com disallows \/careers for user agent "Bot\/1", so start page was not read; /,
    );
  });
});
