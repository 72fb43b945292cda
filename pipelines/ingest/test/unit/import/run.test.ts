import { silentLogger } from '@skillpulse/core';
import { SqliteStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportItem } from '../../../src/import/formats.js';
import type { ImportInput } from '../../../src/import/input.js';
import { runFileText, runImport } from '../../../src/import/run.js';

/** Issue 21: the run record of an import keeps its file and rejected rows in their own fields; its errors are real errors. */

/** An input of `items`, read from a file of `size` bytes (null: standard input) that was never read to its end. */
function inputOf(items: () => AsyncGenerator<ImportItem>, size: number | null): ImportInput {
  return { stats: { name: size === null ? '-' : 'feed.csv', bytes: 40, size, sha256: null }, items: items() };
}

describe('runImport: the run record', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('a failure comes first in errors, before the rejected rows; the file has no SHA-256 when not read to its end', {
    timeout: 60_000,
  }, async () => {
    const input = inputOf(async function* () {
      yield { at: 'line 2', error: 'no title' };
      yield { at: 'line 3', error: 'no description' };
      throw new Error('read error: EIO');
    }, 1000);
    await expect(runImport({ input, name: 'feed', store, logger: silentLogger })).rejects.toThrow('EIO');
    const [run] = await store.listRuns('import:feed');
    expect(run).toMatchObject({
      status: 'failed',
      pagesFetched: 2,
      postingsRejected: 2,
      errorCount: 3,
      file: { name: 'feed.csv', bytes: 1000, sha256: null },
      errors: [
        { url: 'feed.csv', reason: 'read error: EIO' },
        { url: 'feed.csv line 2', reason: 'no title' },
        { url: 'feed.csv line 3', reason: 'no description' },
      ],
    });
  });

  it('standard input is named "-", with the bytes read; an interrupted import keeps its counts', { timeout: 60_000 }, async () => {
    const stop = new AbortController();
    stop.abort();
    const input = inputOf(async function* () {
      yield { at: 'line 2', error: 'no title' };
    }, null);
    const result = await runImport({ input, name: 'stdin', store, logger: silentLogger, signal: stop.signal });
    expect(result.run).toMatchObject({
      status: 'interrupted',
      postingsRejected: 1,
      errorCount: 1,
      file: { name: '-', bytes: 40, sha256: null },
      errors: [{ url: '- line 2', reason: 'no title' }],
    });
    expect(runFileText(result.run.file ?? { name: '', bytes: 0, sha256: null })).toBe('- (40 bytes, SHA-256 not read to its end)');
    expect(await store.listRuns('import:stdin')).toEqual([result.run]);
  });
});
