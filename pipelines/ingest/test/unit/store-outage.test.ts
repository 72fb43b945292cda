import { StoreError } from '@skillpulse/core';
import type { CrawlReport } from '@skillpulse/crawl';
import { type CrawlRun, STORE_UNAVAILABLE } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { runStatus, runSummary } from '../../src/run-outcome.js';
import { isStorageWriteFailure, isStoreUnavailable, storageWriteFailure, writeFailureReason } from '../../src/write-failure.js';

/** What the Elasticsearch store throws when the node does not answer (elasticsearch-transport.ts), wrapped by its bulk write. */
const unavailable = new StoreError(
  'store unavailable: Elasticsearch at http://127.0.0.1:9200 does not answer (connect ECONNREFUSED 127.0.0.1:9200); start it (scripts/elasticsearch.sh start) or fix SKILLPULSE_ES_URL',
  { code: STORE_UNAVAILABLE, cause: new Error('connect ECONNREFUSED 127.0.0.1:9200') },
);
const bulkFailed = new StoreError(`batch of 3 postings: Elasticsearch refused the bulk request: ${unavailable.message}`, {
  cause: unavailable,
  code: 'SKILLPULSE_ERR_STORE_WRITE',
});

describe('an unreachable Elasticsearch', () => {
  it('is a storage failure (the crawl stops and keeps its queue), found along the cause chain', () => {
    const failure = storageWriteFailure(bulkFailed);
    expect(failure).toEqual({
      code: 'SKILLPULSE_ERR_STORE_UNAVAILABLE',
      message: 'Elasticsearch at http://127.0.0.1:9200 does not answer (connect ECONNREFUSED 127.0.0.1:9200)',
      local: false,
    });
    expect(isStoreUnavailable(failure)).toBe(true);
    expect(isStorageWriteFailure(unavailable)).toBe(true);
    expect(isStoreUnavailable(storageWriteFailure(Object.assign(new Error('full'), { code: 'SQLITE_FULL' })))).toBe(false);
  });

  it('says how many postings were not stored and what to do', () => {
    const failure = storageWriteFailure(bulkFailed);
    if (!failure) throw new Error('not a storage failure');
    expect(writeFailureReason(failure, undefined, 1)).toBe(
      "1 posting not stored: Elasticsearch unreachable (Elasticsearch at http://127.0.0.1:9200 does not answer (connect ECONNREFUSED 127.0.0.1:9200)); nothing expired, and the pages not stored stay in the job's queue: start Elasticsearch (scripts/elasticsearch.sh start) or fix SKILLPULSE_ES_URL, then run the job again and it resumes where this one stopped",
    );
    expect(writeFailureReason(failure, undefined, 12)).toMatch(/^12 postings not stored: Elasticsearch unreachable \(/);
    expect(writeFailureReason(failure)).toMatch(/^the store could not write: Elasticsearch unreachable \(/);
  });

  it('ends a run that stored postings before it completed_with_errors, one that stored none failed', () => {
    const report: CrawlReport = {
      pagesFetched: 3,
      postingsFound: 3,
      seenIds: [],
      gone: [],
      errors: [],
      listingFailures: [],
      complete: false,
      resumed: false,
      writeFailure: bulkFailed,
    };
    expect(runStatus(report, false, false, true)).toBe('completed_with_errors');
    expect(runStatus(report, true, false, true)).toBe('completed_with_errors');
    expect(runStatus(report, false, false, false)).toBe('failed');
    // A full disk fails the run whatever was stored before.
    const full = { ...report, writeFailure: Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }) };
    expect(runStatus(full, false, false, true)).toBe('failed');
  });

  it('the run summary of such a run gives the reason', () => {
    const run: CrawlRun = {
      id: 'r',
      job: 'acme',
      trigger: 'cli',
      startedAt: '2026-11-01T00:00:00Z',
      endedAt: '2026-11-01T00:01:00Z',
      status: 'completed_with_errors',
      pagesFetched: 10,
      postingsNew: 9,
      postingsUpdated: 0,
      postingsDuplicate: 0,
      postingsExpired: 0,
      errorCount: 1,
      errors: [{ url: '', reason: '1 posting not stored: Elasticsearch unreachable (…); nothing expired' }],
    };
    expect(runSummary(run)).toBe(
      'acme: completed_with_errors — 10 pages, 9 new, 0 updated, 0 duplicate, 0 expired, 1 errors; some pages or postings could not be read or stored: 1 posting not stored: Elasticsearch unreachable (…); nothing expired',
    );
  });
});
