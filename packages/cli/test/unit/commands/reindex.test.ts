import type { RewriteOptions, RewriteResult, SkillStore } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { reindex, stoppableRewrites } from '../../../src/commands/reindex.js';
import { UsageError } from '../../../src/usage.js';
import { testIo } from '../io.js';

/** A store whose rewritePostings walks three batches, as the real ones do, writing each batch the rewrite returns. */
function batchStore(written: string[][]): SkillStore {
  return {
    async rewritePostings(options: RewriteOptions): Promise<RewriteResult> {
      for (const batch of [['a'], ['b'], ['c']]) {
        const out = await options.rewrite(batch.map((id) => ({ id }) as never));
        written.push(out.map((p) => p.id));
      }
      return { done: 3, total: 3, rewritten: 3, resumed: false };
    },
    countPostings: async () => 3,
  } as unknown as SkillStore;
}

describe('reindex', () => {
  it('passes every batch through while not stopped, and keeps the other store methods', async () => {
    const written: string[][] = [];
    const view = stoppableRewrites(batchStore(written), new AbortController().signal);
    await view.rewritePostings({ isCurrent: () => false, rewrite: (postings) => postings });
    expect(written).toEqual([['a'], ['b'], ['c']]);
    expect(await view.countPostings({})).toBe(3);
  });

  it('starts no batch once stopped: the batches before stay written, the call rejects with the reason', async () => {
    const written: string[][] = [];
    const stop = new AbortController();
    const view = stoppableRewrites(batchStore(written), stop.signal);
    const rewriting = view.rewritePostings({
      isCurrent: () => false,
      rewrite: (postings) => {
        if (postings[0]?.id === 'b') stop.abort();
        return postings;
      },
    });
    expect(await rewriting.catch((error: unknown) => error)).toBe(stop.signal.reason);
    expect(written).toEqual([['a'], ['b']]);
  });

  it('lets a signal in between batches even when the rewrite is synchronous', async () => {
    const written: string[][] = [];
    const stop = new AbortController();
    // A timer (like a signal's handler) only runs if the rewrite loop yields to the event loop.
    setTimeout(() => stop.abort(), 0);
    const store = batchStore(written);
    const slow = stoppableRewrites(store, stop.signal);
    const rewriting = slow.rewritePostings({
      isCurrent: () => false,
      rewrite: (postings) => {
        const until = Date.now() + 5;
        while (Date.now() < until) {}
        return postings;
      },
    });
    expect(await rewriting.catch((error: unknown) => error)).toBe(stop.signal.reason);
    expect(written.length).toBeLessThan(3);
  });

  it('takes no positional argument', async () => {
    await expect(reindex.run(['now'], testIo().io)).rejects.toThrow(new UsageError('reindex: unexpected argument "now"'));
  });
});
