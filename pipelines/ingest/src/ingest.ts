import { type Logger, StoreError } from '@skillpulse/core';
import { type CrawlProgress, crawlSource } from '@skillpulse/crawl';
import { type BatchExtractor, batchExtractor, SkillExtractor } from '@skillpulse/extract';
import type { CrawlRun, SkillStore } from '@skillpulse/store';
import { storeBatch } from './batch.js';
import { NearDuplicateIndex, postingSignature } from './dedupe.js';
import type { PostingDeriver } from './derive.js';
import type { JobDefinition } from './job.js';
import { DEFAULT_MAX_EXPIRED_SHARE, followsSuspiciousRun, planExpiry, runStatus, startingRun, suspiciousReason } from './run-outcome.js';
import { openSource } from './sources.js';
import { isStorageWriteFailure, isStoreUnavailable, storageWriteFailure, writeFailureReason } from './write-failure.js';

export { DEFAULT_MAX_EXPIRED_SHARE, runLevelReason, runSummary } from './run-outcome.js';
export { freeBytes, isStorageWriteFailure, type StorageWriteFailure, storageWriteFailure, writeFailureReason } from './write-failure.js';

export interface IngestOptions {
  job: JobDefinition;
  store: SkillStore;
  /**
   * Extracts the skills of new and changed postings: an ExtractionPool keeps this work off the event
   * loop (worker threads); a SkillExtractor runs in this thread. Default: a SkillExtractor.
   */
  extractor?: SkillExtractor | BatchExtractor;
  logger: Logger;
  trigger?: CrawlRun['trigger'];
  /** The run's id, when the caller must know it before the run starts (the API's run-now answer). */
  runId?: string;
  onProgress?: (progress: CrawlProgress) => void;
  /** Folder for the job's request queue, so an interrupted crawl resumes; in memory without it. */
  queueDir?: string;
  /** Postings published this many days back are compared for near-duplicates, and two postings are one job only when published at most this many days apart (default 90). */
  dedupeWindowDays?: number;
  /** Stops the crawl (SIGTERM): pages in flight are stored and the run is recorded as interrupted. */
  signal?: AbortSignal;
  /**
   * Largest share (0–1] of the source's live postings one run may expire; a run that would expire
   * more expires none and is `suspicious`. Default: the job's `maxExpiredShare`, else 0.5.
   */
  maxExpiredShare?: number;
  /** The data directory: a run the disk stopped says how much space is free under it (default: `queueDir`). */
  dataDir?: string;
  /** Derives role and place of new and changed postings (docs/roles.md, docs/places.md); default: the shipped catalogue and gazetteer, loaded once per process. */
  deriver?: PostingDeriver;
}

/**
 * The canonical postings published from `days` back, with their MinHash signatures: what a crawl
 * compares its postings with. The index keeps each posting's id, normalised title, dates and
 * signature (about 0.5 KB), never its text: postings are read a page at a time and dropped.
 */
export async function loadDedupeIndex(store: SkillStore, days: number): Promise<NearDuplicateIndex> {
  const index = new NearDuplicateIndex(undefined, days);
  const from = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  await addStored(index, store, { from });
  return index;
}

/** Adds the stored canonical postings published between `from` and `to` (inclusive, when given) to the index. */
export async function addStored(index: NearDuplicateIndex, store: SkillStore, range: { from: string; to?: string }): Promise<void> {
  for await (const posting of store.iteratePostings(range)) {
    if (posting.canonicalId !== null) continue;
    const { id, title, datePosted, firstSeen } = posting;
    index.add({ id, title, datePosted, firstSeen, signature: postingSignature(posting) });
  }
}

/**
 * The whole pipeline for one job: crawl → normalise → dedupe → extract → store, recorded as a run.
 * Unchanged postings (same content hash) are only marked as seen; changed and new ones are
 * extracted. Near-duplicates point at the earliest posting of their group. After a complete crawl
 * of a snapshot source, postings it no longer lists (or that answered 404/410) are marked expired.
 * A listing that could not be read fails the run (`failed`, or `blocked` when the site refused us)
 * and expires nothing; so does a run that would expire more than `maxExpiredShare` of the source's
 * live postings (`suspicious`), until the next complete run confirms it.
 */
export async function runIngest(options: IngestOptions): Promise<CrawlRun> {
  const { job, store, logger } = options;
  const extractor = batchExtractor(options.extractor ?? new SkillExtractor());
  const run = startingRun(job.id, options.trigger ?? 'cli', options.runId);
  const spaceDir = options.dataDir ?? options.queueDir;
  // Ids of the postings this run stored (or found unchanged): the others it found were lost to a store failure.
  const storedIds = new Set<string>();
  try {
    await store.saveRun(run);
  } catch (error) {
    throw failedToRecord(`job ${job.id}: the run could not start, its record could not be saved`, error, spaceDir);
  }
  // The source's factory builds the adapter and starts what it needs (the sample board's server).
  const opened = await openSource(job.source, { queueDir: options.queueDir });
  try {
    const source = opened.adapter;
    const index = await loadDedupeIndex(store, options.dedupeWindowDays ?? 90);
    const report = await crawlSource(source, {
      limits: job.limits,
      userAgent: job.userAgent,
      respectRobotsTxt: job.respectRobotsTxt,
      allowPrivateNetwork: job.allowPrivateNetwork,
      logger,
      queueDir: options.queueDir,
      signal: options.signal,
      isFatalWriteError: isStorageWriteFailure,
      onProgress: (progress) => {
        run.pagesFetched = progress.pagesFetched;
        options.onProgress?.(progress);
      },
      onPostings: (postings) => storeBatch(postings, { store, extractor, deriver: options.deriver, index, run, storedIds }),
    });
    run.pagesFetched = report.pagesFetched;
    // The listing failures say why the run failed: they come first.
    const key = (e: { url: string; reason: string }) => `${e.url}\n${e.reason}`;
    const listingFailures = new Set(report.listingFailures.map(key));
    const errors = [...report.listingFailures, ...report.errors.filter((e) => !listingFailures.has(key(e)))].map(({ url, reason }) => ({
      url,
      reason,
    }));
    // A store that cannot write stopped the crawl: that is why the run failed, and nothing expires.
    const writeFailure = report.writeFailure === undefined ? null : storageWriteFailure(report.writeFailure);
    if (writeFailure) {
      // Postings the crawl found whose write failed (or was never tried once the store failed).
      const notStored = new Set(report.seenIds.filter((id) => !storedIds.has(id))).size;
      errors.unshift({ url: '', reason: writeFailureReason(writeFailure, spaceDir, notStored) });
      logger.error(
        { job: job.id, code: writeFailure.code, err: writeFailure.message, notStored },
        isStoreUnavailable(writeFailure) ? 'the store stopped answering; queue kept' : 'the store could not write; run failed, queue kept',
      );
    }
    run.errorCount = errors.length;
    let suspicious = false;
    // Nothing expires when a listing failed: an unread listing says nothing about what is gone.
    if (report.listingFailures.length === 0 && !writeFailure) {
      // A resumed crawl saw only the pages left in the queue, so "not seen" does not mean gone.
      const complete = report.complete && !report.resumed && source.snapshot;
      const plan =
        complete || report.gone.length > 0 ? await planExpiry(store, source.name, complete ? report.seenIds : null, report.gone) : null;
      if (plan && plan.ids.length > 0) {
        const maxShare = options.maxExpiredShare ?? job.maxExpiredShare ?? DEFAULT_MAX_EXPIRED_SHARE;
        if (plan.ids.length > plan.live * maxShare && !(complete && (await followsSuspiciousRun(store, job.id, run.id)))) {
          suspicious = true;
          errors.unshift({ url: '', reason: suspiciousReason(plan, source.name, maxShare) });
          run.errorCount++;
          logger.warn({ job: job.id, wouldExpire: plan.ids.length, live: plan.live, maxShare }, 'mass expiry held back');
        } else run.postingsExpired = await store.markExpired(plan.ids);
      }
    }
    run.errors = errors.slice(0, 50);
    run.status = runStatus(report, options.signal?.aborted === true, suspicious, storedIds.size > 0);
  } catch (error) {
    run.status = 'failed';
    run.errorCount++;
    const failure = storageWriteFailure(error);
    run.errors.unshift({ url: '', reason: failure ? writeFailureReason(failure, spaceDir) : (error as Error).message });
    logger.error({ job: job.id, err: (error as Error).message }, 'crawl failed');
    throw error;
  } finally {
    run.endedAt = new Date().toISOString();
    try {
      await opened.close?.();
      await store.saveRun(run);
    } catch (error) {
      // The record cannot be saved (the disk is full): the caller still learns how the run ended.
      const why = run.errors[0] && run.status !== 'succeeded' ? ` (${run.errors[0].reason})` : '';
      // biome-ignore lint/correctness/noUnsafeFinally: this error says more than the one it replaces
      throw failedToRecord(`job ${job.id}: the run ended ${run.status}${why}, but its record could not be saved`, error, spaceDir);
    }
  }
  logger[run.status === 'succeeded' ? 'info' : 'warn'](
    {
      job: job.id,
      run: run.id,
      status: run.status,
      pages: run.pagesFetched,
      new: run.postingsNew,
      updated: run.postingsUpdated,
      duplicate: run.postingsDuplicate,
      expired: run.postingsExpired,
      errors: run.errorCount,
    },
    'crawl finished',
  );
  return run;
}

/** The error a run throws when even its record could not be written. */
function failedToRecord(what: string, error: unknown, spaceDir: string | undefined): StoreError {
  const failure = storageWriteFailure(error);
  const reason = failure ? writeFailureReason(failure, spaceDir) : `the store could not write: ${(error as Error).message}`;
  return new StoreError(`${what}: ${reason}`, { cause: error, code: 'SKILLPULSE_ERR_STORE_WRITE' });
}
