import { RetryRequestError } from '@crawlee/cheerio';
import type { NormalisedPosting } from '@skillpulse/core';

/** Stores the crawl's postings; see `groupCommit`. */
export interface GroupCommit {
  /** Resolves once these postings are stored; rejects when their write failed. */
  store(postings: NormalisedPosting[]): Promise<void>;
  /** Resolves when the last write has ended, however it ended. */
  settled(): Promise<void>;
  /** The write failure that stopped the crawl, if any. */
  readonly fatal: unknown;
}

/**
 * Group commit: each handler waits until its postings are stored, and postings arriving while a
 * write is under way go together in the next write, so batches grow with the crawl's pace. A write
 * waits one turn of the event loop, so the pages whose responses arrived together share it (a
 * SQLite write is synchronous: without the wait every page was a transaction of its own).
 *
 * A write that fails because of the storage itself (`isFatal`: a full disk, a read-only file
 * system) calls `onFatal` once, and from then on nothing is written: the handlers waiting on it,
 * and those that come later, get a RetryRequestError, so crawlee puts their pages back in the
 * queue (whatever their retry count) instead of marking them handled; the next run resumes them.
 */
export function groupCommit(
  write: (postings: NormalisedPosting[]) => Promise<void>,
  isFatal: (error: unknown) => boolean,
  onFatal: (error: unknown) => void,
): GroupCommit {
  let pending: NormalisedPosting[] = [];
  let lastWrite: Promise<void> = Promise.resolve();
  let nextWrite: Promise<void> | null = null;
  let fatal: unknown;
  const notStored = () =>
    new RetryRequestError(`postings not stored, the store cannot write (${(fatal as Error)?.message ?? fatal}); the page stays queued`);
  const writeBatch = async (batch: NormalisedPosting[]): Promise<void> => {
    if (fatal !== undefined) throw notStored();
    try {
      await write(batch);
    } catch (error) {
      if (!isFatal(error)) throw error;
      if (fatal === undefined) {
        fatal = error;
        onFatal(error);
      }
      throw notStored();
    }
  };
  return {
    store(postings) {
      if (fatal !== undefined) return Promise.reject(notStored());
      pending.push(...postings);
      if (!nextWrite) {
        nextWrite = lastWrite
          .catch(() => {})
          .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
          .then(() => {
            nextWrite = null;
            const batch = pending;
            pending = [];
            return writeBatch(batch);
          });
        lastWrite = nextWrite;
      }
      return nextWrite;
    },
    settled: () => lastWrite.catch(() => {}),
    get fatal() {
      return fatal;
    },
  };
}
