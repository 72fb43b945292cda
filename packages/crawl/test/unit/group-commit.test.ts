import { RetryRequestError } from '@crawlee/cheerio';
import type { NormalisedPosting } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/group-commit.js';

const posting = (id: string) => ({ id }) as NormalisedPosting;
const ids = (batch: NormalisedPosting[]) => batch.map((p) => p.id);

class DiskFull extends Error {}

describe('groupCommit', () => {
  it('writes the postings of pages that arrive together in one batch, and the next ones in the next', async () => {
    const batches: string[][] = [];
    let release: () => void = () => {};
    const writer = groupCommit(
      async (batch) => {
        batches.push(ids(batch));
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      () => false,
      () => {},
    );
    const first = [writer.store([posting('a')]), writer.store([posting('b')])];
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // The first write is under way: these two wait for the next one, together.
    const second = [writer.store([posting('c')]), writer.store([posting('d'), posting('e')])];
    release();
    await Promise.all([...first, ...second]);
    expect(batches).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });

  it('waits a turn of the event loop, so pages handled in the same turn share a write', async () => {
    const batches: string[][] = [];
    const writer = groupCommit(
      async (batch) => {
        batches.push(ids(batch));
      },
      () => false,
      () => {},
    );
    const first = writer.store([posting('a')]);
    // Handlers whose responses arrived together resume one after another, microtasks apart.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const second = writer.store([posting('b')]);
    await Promise.all([first, second]);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('fails the pages of a failed write, which later writes do not repeat', async () => {
    const batches: string[][] = [];
    const writer = groupCommit(
      async (batch) => {
        batches.push(ids(batch));
        if (batch.some((p) => p.id === 'bad')) throw new Error('mapping conflict');
      },
      () => false,
      () => {},
    );
    await expect(writer.store([posting('bad')])).rejects.toThrow('mapping conflict');
    await writer.store([posting('good')]);
    await writer.settled();
    expect(batches).toEqual([['bad'], ['good']]);
    expect(writer.fatal).toBeUndefined();
  });

  it('stops writing at a fatal error, reports it once, and sends every page back to the queue', async () => {
    const batches: string[][] = [];
    const fatal: unknown[] = [];
    const writer = groupCommit(
      async (batch) => {
        batches.push(ids(batch));
        throw new DiskFull('ENOSPC: no space left on device');
      },
      (error) => error instanceof DiskFull,
      (error) => fatal.push(error),
    );
    const failed = writer.store([posting('a')]);
    await expect(failed).rejects.toBeInstanceOf(RetryRequestError);
    await expect(failed).rejects.toThrow(
      /postings not stored, the store cannot write \(ENOSPC: no space left on device\); the page stays queued/,
    );
    const later = writer.store([posting('b')]);
    await expect(later).rejects.toBeInstanceOf(RetryRequestError);
    await writer.settled();
    expect(batches).toEqual([['a']]);
    expect(fatal).toHaveLength(1);
    expect(writer.fatal).toBeInstanceOf(DiskFull);
  });

  it('settles only once the last write has ended', async () => {
    let finished = false;
    const writer = groupCommit(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
      () => false,
      () => {},
    );
    void writer.store([posting('a')]);
    await writer.settled();
    expect(finished).toBe(true);
  });
});
