import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { StoreError } from '@skillpulse/core';
import type { CrawlReport } from '@skillpulse/crawl';
import { describe, expect, it } from 'vitest';
import { runStatus } from '../../src/run-outcome.js';
import { freeBytes, storageWriteFailure, writeFailureReason } from '../../src/write-failure.js';

const coded = (code: string, message: string) => Object.assign(new Error(message), { code });
/** The SQLite store wraps the driver's error, as it does for every failed transaction. */
const wrapped = (cause: Error) =>
  new StoreError(`batch of 3 postings not stored (nothing of it was written): ${cause.message}`, {
    cause,
    code: 'SKILLPULSE_ERR_STORE_WRITE',
  });

describe('storageWriteFailure', () => {
  it.each([
    ['SQLITE_FULL', 'database or disk is full'],
    ['SQLITE_IOERR_WRITE', 'disk I/O error'],
    ['SQLITE_IOERR', 'disk I/O error'],
    ['SQLITE_READONLY', 'attempt to write a readonly database'],
    ['SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database'],
    ['EROFS', 'read-only file system'],
    ['EIO', 'i/o error'],
  ])('finds %s behind the store error', (code, message) => {
    expect(storageWriteFailure(wrapped(coded(code, message)))).toEqual({ code, message, local: true });
  });

  it('recognises a real ENOSPC from the file system', () => {
    let error: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (e) {
      error = e;
    }
    expect(storageWriteFailure(error)).toEqual({ code: 'ENOSPC', message: 'no space left on device, write', local: true });
  });

  it('recognises an Elasticsearch flood-stage block, as a response or in a bulk drop', () => {
    const reason = 'index [skillpulse-postings] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark];';
    const response = Object.assign(new Error('cluster_block_exception'), {
      meta: { body: { error: { type: 'cluster_block_exception', reason } } },
    });
    expect(storageWriteFailure(wrapped(response))).toEqual({ code: 'cluster_block_exception', message: reason, local: false });
    expect(storageWriteFailure(new StoreError(`postings: 2 documents dropped: a: ${reason}`))?.code).toBe('cluster_block_exception');
  });

  it.each([
    ['a constraint', coded('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: postings.id')],
    ['a busy database', coded('SQLITE_BUSY', 'database is locked')],
    ['a refused connection', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9200')],
    ['a mapping error', new StoreError('postings: 1 documents dropped: a: failed to parse field [date_posted]')],
    ['a plain value', 'boom'],
  ])('leaves other errors (%s) to fail their page only', (_what, error) => {
    expect(storageWriteFailure(error instanceof Error ? wrapped(error) : error)).toBeNull();
  });
});

describe('writeFailureReason', () => {
  it('names the cause and the free space, and says what to do', () => {
    const reason = writeFailureReason({ code: 'SQLITE_FULL', message: 'database or disk is full', local: true }, tmpdir());
    expect(reason).toMatch(
      new RegExp(
        `^the store could not write: SQLITE_FULL: database or disk is full \\(free space under ${tmpdir()}: \\d+ MB\\); nothing expired`,
      ),
    );
    expect(reason).toMatch(/run the job again and it resumes where this one stopped$/);
  });

  it('measures free space on the nearest existing folder', () => {
    expect(freeBytes(`${tmpdir()}/no/such/folder`)).toBeGreaterThan(0);
  });
});

describe('runStatus', () => {
  const report: CrawlReport = {
    pagesFetched: 3,
    postingsFound: 3,
    seenIds: [],
    gone: [],
    errors: [],
    listingFailures: [],
    complete: false,
    resumed: false,
  };
  it('a crawl the store stopped failed, even when it was also interrupted', () => {
    expect(runStatus({ ...report, writeFailure: coded('SQLITE_FULL', 'database or disk is full') }, true, false)).toBe('failed');
    expect(runStatus(report, false, false)).toBe('succeeded');
  });
});
