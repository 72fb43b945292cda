import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger, NormalisedPosting, StoredPosting } from '@skillpulse/core';
import { type BatchExtractor, batchExtractor, SkillExtractor } from '@skillpulse/extract';
import type { CrawlRun, PostingInput, RunFile, SkillStore } from '@skillpulse/store';
import { prepareBatch, storePrepared } from '../batch.js';
import type { Signature } from '../dedupe.js';
import type { PostingDeriver } from '../derive.js';
import { startingRun } from '../run-outcome.js';
import { WeeklySpill, WeekWindow } from './by-week.js';
import type { ImportItem } from './formats.js';
import type { ImportInput, InputStats } from './input.js';

/** Rejected rows listed in the run record (all of them go to `onReject`, the `--errors` file). */
const RECORDED_REJECTIONS = 49;

export interface ImportProgress {
  /** Reading the file (extracting as it goes), then storing the postings week by week of publication. */
  stage: 'reading' | 'storing';
  /** Bytes read, of `size` when known. */
  bytes: number;
  size: number | null;
  rows: number;
  rejected: number;
  /** Postings stored (new or updated), of `toStore`; the others of the rows are unchanged or rejected. */
  stored: number;
  toStore: number;
  new: number;
  updated: number;
  duplicate: number;
}

export interface ImportOptions {
  input: ImportInput;
  /** The import's name: its run is recorded as job `import:<name>`. */
  name: string;
  store: SkillStore;
  extractor?: SkillExtractor | BatchExtractor;
  deriver?: PostingDeriver;
  logger: Logger;
  /** Stops the import between two batches: what was stored stays, the run is recorded as interrupted. */
  signal?: AbortSignal;
  /** Postings per store write (default 500). */
  batchSize?: number;
  /** Two postings are one job only when published at most this many days apart (default 90). */
  dedupeWindowDays?: number;
  /** Where the postings read wait, one file per week of publication, until they are stored (default: the system's temporary folder). */
  spillDir?: string;
  trigger?: CrawlRun['trigger'];
  onProgress?: (progress: ImportProgress) => void;
  /** Every rejected row, in order: where it is (`line 12`, `jobs/a.json`) and why. */
  onReject?: (at: string, reason: string) => void | Promise<void>;
}

export interface ImportResult {
  run: CrawlRun;
  /** Rows (postings) read, valid and rejected. */
  rows: number;
  rejected: number;
  file: InputStats;
}

/**
 * The run record's `file`: the name as given (`-` for standard input), the size of a file or folder
 * (of standard input: the bytes read) and the SHA-256 of its bytes, null until read to its end.
 */
export const runFile = (stats: InputStats): RunFile => ({ name: stats.name, bytes: stats.size ?? stats.bytes, sha256: stats.sha256 });

/** An import run's file as its summary line names it: `jobs.csv (10503 bytes, SHA-256 816b…)`. */
export const runFileText = (file: RunFile): string => `${file.name} (${file.bytes} bytes, SHA-256 ${file.sha256 ?? 'not read to its end'})`;

/**
 * Imports postings read from a file: each batch goes through the crawl's own step (dedupe against
 * stored postings, extraction, role and place, storage); SkillPulse's own JSONL with current
 * versions is stored as written. Ids are stable, so running the same file again changes nothing,
 * and after a kill a re-run stores what was missing. Recorded as a run of job `import:<name>`.
 */
export async function runImport(options: ImportOptions): Promise<ImportResult> {
  const { input, store, logger } = options;
  const extractor = batchExtractor(options.extractor ?? new SkillExtractor());
  const batchSize = options.batchSize ?? 500;
  const run: CrawlRun = {
    ...startingRun(`import:${options.name}`, options.trigger ?? 'cli'),
    file: runFile(input.stats),
    postingsRejected: 0,
  };
  // Made before the run is recorded: a data directory it cannot write to stops the import at once.
  const spill = new WeeklySpill(options.spillDir);
  await store.saveRun(run);
  const windowDays = options.dedupeWindowDays ?? 90;
  let rows = 0;
  let rejected = 0;
  let failures = 0;
  let stopped = false;
  let stored = 0;
  let stage: ImportProgress['stage'] = 'reading';
  let pending: ImportItem[] = [];
  const progress = () =>
    options.onProgress?.({
      stage,
      bytes: input.stats.bytes,
      size: input.stats.size,
      rows,
      rejected,
      stored,
      toStore: spill.size,
      new: run.postingsNew,
      updated: run.postingsUpdated,
      duplicate: run.postingsDuplicate,
    });
  // Reading: rows stored already as they are marked as seen; the others are extracted and derived
  // and wait on disk by week of publication.
  const prepare = async () => {
    const items = pending;
    pending = [];
    const postings: NormalisedPosting[] = [];
    const signatures = new WeakMap<NormalisedPosting, Signature>();
    for (const item of items) {
      if (!('posting' in item)) continue;
      postings.push(item.posting);
      if (item.signature) signatures.set(item.posting, item.signature);
    }
    const carried = items.flatMap((item) => ('carried' in item ? [item.carried as StoredPosting] : []));
    if (postings.length > 0) {
      for (const prepared of await prepareBatch(postings, { store, extractor, deriver: options.deriver, signatures })) spill.add(prepared);
    }
    if (carried.length > 0) await storeCarried(carried, store, run);
    progress();
  };
  // SIGTERM is seen between batches: what was read and not stored is left for the next run.
  const stopping = async () => {
    await nextTurn();
    stopped ||= options.signal?.aborted === true;
    return stopped;
  };
  try {
    for await (const item of input.items) {
      rows++;
      if ('error' in item) {
        rejected++;
        if (run.errors.length < RECORDED_REJECTIONS) run.errors.push({ url: `${input.stats.name} ${item.at}`, reason: item.error });
        await options.onReject?.(item.at, item.error);
        continue;
      }
      pending.push(item);
      if (pending.length >= batchSize) {
        if (await stopping()) break;
        await prepare();
      }
    }
    if (!(await stopping())) await prepare();
    // Storing, week by week of publication: near-duplicates are compared within a window around the
    // week, so the index never holds the whole file (decision 0006).
    stage = 'storing';
    if (!stopped) {
      const window = new WeekWindow(store, windowDays);
      for await (const { weeks, batch } of spill.batches(batchSize)) {
        if (await stopping()) break;
        await window.cover(...weeks);
        await storePrepared(batch, { store, index: window.index, run });
        stored += batch.length;
        progress();
      }
      // The storing stage ends, also when there was nothing to store (a file stored already).
      if (!stopped && stored === 0) progress();
    }
    run.status = stopped ? 'interrupted' : rows - rejected === 0 ? 'failed' : rejected > 0 ? 'completed_with_errors' : 'succeeded';
  } catch (error) {
    run.status = 'failed';
    // What stopped the import comes first, before the rejected rows.
    run.errors.unshift({ url: input.stats.name, reason: (error as Error).message });
    failures = 1;
    throw error;
  } finally {
    spill.remove();
    run.pagesFetched = rows;
    run.postingsRejected = rejected;
    run.errorCount = rejected + failures;
    run.file = runFile(input.stats);
    run.endedAt = new Date().toISOString();
    await store.saveRun(run);
  }
  logger[run.status === 'succeeded' ? 'info' : 'warn'](
    {
      job: run.job,
      run: run.id,
      status: run.status,
      file: input.stats.name,
      bytes: input.stats.bytes,
      sha256: input.stats.sha256,
      rows,
      new: run.postingsNew,
      updated: run.postingsUpdated,
      duplicate: run.postingsDuplicate,
      rejected,
    },
    'import finished',
  );
  return { run, rows, rejected, file: input.stats };
}

/**
 * Postings of SkillPulse's own JSONL whose skills are of the current versions: stored as written,
 * with their skills, role, place, duplicate link, first and last seen dates and expiry, so that the
 * reports of an import equal those of the store exported.
 */
async function storeCarried(postings: StoredPosting[], store: SkillStore, run: CrawlRun): Promise<void> {
  const unique = [...new Map(postings.map((p) => [p.id, p])).values()];
  const hashes = await store.getContentHashes(unique.map((p) => p.id));
  const inputs: PostingInput[] = unique.map(({ firstSeen, lastSeen: _last, expired: _expired, ...posting }) => ({
    ...posting,
    seenAt: firstSeen,
  }));
  const result = await store.upsertPostings(inputs);
  const byLastSeen = new Map<string, string[]>();
  for (const p of unique) {
    if (p.lastSeen === p.firstSeen) continue;
    byLastSeen.set(p.lastSeen, [...(byLastSeen.get(p.lastSeen) ?? []), p.id]);
  }
  for (const [lastSeen, ids] of byLastSeen) await store.touchPostings(ids, lastSeen);
  const expired = unique.filter((p) => p.expired).map((p) => p.id);
  if (expired.length > 0) await store.markExpired(expired);
  run.postingsNew += result.inserted;
  run.postingsUpdated += result.updated;
  run.postingsDuplicate += unique.filter((p) => p.canonicalId !== null && hashes.get(p.id) !== p.contentHash).length;
  await store.saveRun(run);
}

/** A dry run: every row read and checked, nothing stored. */
export async function checkImport(
  input: ImportInput,
  onReject?: (at: string, reason: string) => void | Promise<void>,
): Promise<{ rows: number; rejected: number }> {
  let rows = 0;
  let rejected = 0;
  for await (const item of input.items) {
    rows++;
    if ('error' in item) {
      rejected++;
      await onReject?.(item.at, item.error);
    }
  }
  return { rows, rejected };
}
