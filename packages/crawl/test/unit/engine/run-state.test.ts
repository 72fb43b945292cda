import type { Logger } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { CrawlRun } from '../../../src/engine/run-state.js';

function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (fields: object, message?: string) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('CrawlRun', () => {
  it('starts with an empty, incomplete report', () => {
    const run = new CrawlRun(recordingLogger([]));
    expect(run.report).toEqual({
      pagesFetched: 0,
      postingsFound: 0,
      seenIds: [],
      gone: [],
      errors: [],
      listingFailures: [],
      complete: false,
      resumed: false,
    });
  });

  it('records a failed listing as a listing failure and an error, and logs it', () => {
    const lines: string[] = [];
    const run = new CrawlRun(recordingLogger(lines));
    run.failListing('https://a.example/board', 'board not found', false);
    run.failListing('https://a.example/private', 'refused', true);
    run.error('https://a.example/jobs/1', 'HTTP 500');
    expect(run.report.listingFailures).toEqual([
      { url: 'https://a.example/board', reason: 'board not found', blocked: false },
      { url: 'https://a.example/private', reason: 'refused', blocked: true },
    ]);
    expect(run.report.errors.map((e) => e.reason)).toEqual(['board not found', 'refused', 'HTTP 500']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warn listing failed .*board not found/);
  });

  it('remembers listings by URL and ignores requests that are not listings', () => {
    const run = new CrawlRun(recordingLogger([]));
    run.noteListing({ url: 'https://a.example/sitemap.xml', label: 'sitemap', listing: { what: 'sitemap' } });
    run.noteListing({ url: 'https://a.example/jobs/1', label: 'page', listing: false });
    run.noteListing({ url: 'https://a.example/jobs/2', label: 'page' });
    expect(run.listingAt('https://a.example/sitemap.xml')).toEqual({ what: 'sitemap' });
    expect(run.listingAt('https://a.example/jobs/1')).toBeUndefined();
    expect(run.listingAt('https://a.example/jobs/2')).toBeUndefined();
  });

  it('offers each key once', () => {
    const run = new CrawlRun(recordingLogger([]));
    expect(run.firstOffer('https://a.example/jobs/1')).toBe(true);
    expect(run.firstOffer('https://a.example/jobs/1')).toBe(false);
    expect(run.firstOffer('https://a.example/jobs/2')).toBe(true);
  });

  it('is complete only when the queue finished with no cap, no page failed for good, no failed listing and no stop', () => {
    const fresh = () => new CrawlRun(recordingLogger([]));
    expect(fresh().isComplete(true, false)).toBe(true);
    expect(fresh().isComplete(false, false)).toBe(false);
    expect(fresh().isComplete(true, true)).toBe(false);
    const capped = fresh();
    capped.capped = true;
    expect(capped.isComplete(true, false)).toBe(false);
    const failed = fresh();
    failed.failedForGood = 1;
    expect(failed.isComplete(true, false)).toBe(false);
    const listing = fresh();
    listing.failListing('https://a.example/', 'gone');
    expect(listing.isComplete(true, false)).toBe(false);
    const pageError = fresh();
    pageError.error('https://a.example/jobs/1', 'no title');
    expect(pageError.isComplete(true, false)).toBe(true);
  });
});
