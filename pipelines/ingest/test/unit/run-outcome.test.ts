import type { CrawlReport } from '@skillpulse/crawl';
import type { CrawlRun } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { runStatus, runSummary, suspiciousReason } from '../../src/run-outcome.js';

const report = (over: Partial<CrawlReport> = {}): CrawlReport => ({
  pagesFetched: 1,
  postingsFound: 0,
  seenIds: [],
  gone: [],
  errors: [],
  listingFailures: [],
  complete: true,
  resumed: false,
  ...over,
});
const failure = (blocked: boolean) => ({ url: 'https://x/jobs', reason: 'why', blocked });

describe('runStatus', () => {
  it('puts interrupted, then blocked, failed, suspicious and page errors before success', () => {
    expect(runStatus(report(), false, false)).toBe('succeeded');
    expect(runStatus(report({ errors: [{ url: 'u', reason: 'r' }] }), false, false)).toBe('completed_with_errors');
    expect(runStatus(report({ errors: [{ url: 'u', reason: 'r' }] }), false, true)).toBe('suspicious');
    expect(runStatus(report({ listingFailures: [failure(false)] }), false, true)).toBe('failed');
    expect(runStatus(report({ listingFailures: [failure(false), failure(true)] }), false, false)).toBe('blocked');
    expect(runStatus(report({ listingFailures: [failure(true)] }), true, false)).toBe('interrupted');
  });
});

describe('runSummary', () => {
  const run: CrawlRun = {
    id: 'r',
    job: 'acme',
    trigger: 'cli',
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:00:01Z',
    status: 'succeeded',
    pagesFetched: 1,
    postingsNew: 2,
    postingsUpdated: 0,
    postingsDuplicate: 0,
    postingsExpired: 0,
    errorCount: 0,
    errors: [],
  };

  it('says how the run ended, and why when it read nothing or expired nothing', () => {
    expect(runSummary(run)).toBe('acme: succeeded — 1 pages, 2 new, 0 updated, 0 duplicate, 0 expired, 0 errors');
    const failed = {
      ...run,
      status: 'failed' as const,
      errorCount: 1,
      errors: [{ url: 'u', reason: 'board "acme" not found at u (HTTP 404)' }],
    };
    expect(runSummary(failed)).toBe(
      'acme: failed — 1 pages, 2 new, 0 updated, 0 duplicate, 0 expired, 1 errors; nothing expired: board "acme" not found at u (HTTP 404)',
    );
    expect(runSummary({ ...run, status: 'completed_with_errors', errorCount: 1, errors: [{ url: 'u', reason: 'x' }] })).toMatch(
      /1 errors; some pages or postings could not be read or stored$/,
    );
    expect(runSummary({ ...run, status: 'interrupted' })).toMatch(/; stopped before the end; the next run resumes$/);
  });
});

describe('suspiciousReason', () => {
  it('names the counts, the share and the setting', () => {
    expect(suspiciousReason({ ids: ['a', 'b', 'c'], live: 4 }, 'greenhouse-acme', 0.5)).toMatch(
      /^this run would expire 3 of the 4 live postings of greenhouse-acme \(75%\), more than the job's maxExpiredShare of 50%, so it expired none\. .*options\.maxExpiredShare$/,
    );
  });
});
