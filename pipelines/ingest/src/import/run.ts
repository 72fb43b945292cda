import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger, NormalisedPosting, StoredPosting } from '@skillpulse/core';
import { type BatchExtractor, batchExtractor, SkillExtractor } from '@skillpulse/extract';
import type { CrawlRun, PostingInput, RunFile, SkillStore } from '@skillpulse/store';
import type { Signature } from '../dedupe.js';
import type { PostingDeriver } from '../derive.js';
import { loadDedupeIndex, storeBatch } from '../ingest.js';
import type { ImportItem } from './formats.js';
import type { ImportInput, InputStats } from './input.js';

/** Rejected rows listed in the run record (all of them go to `onReject`, the `--errors` file). */
const RECORDED_REJECTIONS = 49;

export interface ImportProgress {
  /** Bytes read, of `size` when known. */
  bytes: number;
  size: number | null;
  rows: number;
  rejected: number;
  new: number;
  updated: number;
  duplicate: number;
}

export interface ImportOptions {
  input: ImportInput;
  /** The import's name: its run is recorded as job `import:<name>`. */
  name: string;
  /** The source of the postings read (`import:<name>`): their near-duplicates are looked for among all of it. */
  source: string;
  store: SkillStore;
  extractor?: SkillExtractor | BatchExtractor;
  deriver?: PostingDeriver;
  logger: Logger;
  /** Stops the import between two batches: what was stored stays, the run is recorded as interrupted. */
  signal?: AbortSignal;
  /** Postings per store write (default 500). */
  batchSize?: number;
  /** Stored postings published this many days back are compared for near-duplicates (default 90), besides those of `source`; two postings are one job only when published at most this many days apart. */
  dedupeWindowDays?: number;
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
    id: randomUUID(),
    job: `import:${options.name}`,
    trigger: options.trigger ?? 'cli',
    startedAt: new Date().toISOString(),
    endedAt: null,
    status: 'running',
    pagesFetched: 0,
    postingsNew: 0,
    postingsUpdated: 0,
    postingsDuplicate: 0,
    postingsExpired: 0,
    errorCount: 0,
    errors: [],
    file: runFile(input.stats),
    postingsRejected: 0,
  };
  await store.saveRun(run);
  const index = await loadDedupeIndex(store, options.dedupeWindowDays ?? 90, options.source);
  const storedIds = new Set<string>();
  let rows = 0;
  let rejected = 0;
  let failures = 0;
  let stopped = false;
  let pending: ImportItem[] = [];
  const progress = () =>
    options.onProgress?.({
      bytes: input.stats.bytes,
      size: input.stats.size,
      rows,
      rejected,
      new: run.postingsNew,
      updated: run.postingsUpdated,
      duplicate: run.postingsDuplicate,
    });
  const flush = async () => {
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
    if (postings.length > 0) await storeBatch(postings, { store, extractor, deriver: options.deriver, index, run, storedIds, signatures });
    if (carried.length > 0) await storeCarried(carried, store, run);
    storedIds.clear();
    progress();
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
        // SIGTERM is seen between batches: the batch read is left for the next run.
        await nextTurn();
        if (options.signal?.aborted) {
          stopped = true;
          break;
        }
        await flush();
      }
    }
    if (!stopped) {
      await nextTurn();
      if (options.signal?.aborted) stopped = true;
      else await flush();
    }
    run.status = stopped ? 'interrupted' : rows - rejected === 0 ? 'failed' : rejected > 0 ? 'completed_with_errors' : 'succeeded';
  } catch (error) {
    run.status = 'failed';
    // What stopped the import comes first, before the rejected rows.
    run.errors.unshift({ url: input.stats.name, reason: (error as Error).message });
    failures = 1;
    throw error;
  } finally {
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
