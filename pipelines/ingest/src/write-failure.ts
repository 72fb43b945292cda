import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A failure of the storage itself (a full disk, an I/O error, a read-only file system, a full
 * Elasticsearch cluster, an Elasticsearch that does not answer): every further write fails too, so
 * the run stops at the first one, keeps its queue and expires nothing. Other write errors (a bad
 * posting) fail their page only.
 */
export interface StorageWriteFailure {
  /**
   * ENOSPC, EIO, EROFS, EDQUOT, SQLITE_FULL, SQLITE_IOERR_…, SQLITE_READONLY_…, cluster_block_exception,
   * or SKILLPULSE_ERR_STORE_UNAVAILABLE (Elasticsearch unreachable: refused, reset, timed out).
   */
  code: string;
  /** What the storage said, e.g. "database or disk is full". */
  message: string;
  /** True when the failure is local (a file system), so free space on the data directory says something. */
  local: boolean;
}

const LOCAL_CODES = /^(ENOSPC|EIO|EROFS|EDQUOT|SQLITE_FULL|SQLITE_IOERR(_\w+)?|SQLITE_READONLY(_\w+)?)$/;
/** The code of the store's "Elasticsearch does not answer" errors (STORE_UNAVAILABLE in @skillpulse/store). */
const STORE_UNAVAILABLE_CODE = 'SKILLPULSE_ERR_STORE_UNAVAILABLE';

/** Elasticsearch blocks writes when a disk passes the flood-stage watermark (or an index is made read-only). */
const ES_BLOCK = /cluster_block_exception|flood[- ]stage watermark|disk usage exceeded|read-only-allow-delete/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { body?: { error?: { type?: unknown; reason?: unknown } } };
}

/** The storage failure behind `error` (looked for along its `cause` chain), or null for any other error. */
export function storageWriteFailure(error: unknown): StorageWriteFailure | null {
  const chain: ErrorLike[] = [];
  for (let e: unknown = error; chain.length < 10 && e && typeof e === 'object'; e = (e as ErrorLike).cause) chain.push(e as ErrorLike);
  const messageOf = (e: ErrorLike) => (typeof e.message === 'string' ? e.message : '');
  // Codes first (the driver's error, deepest in the chain, says it best), then what the message says.
  for (const e of chain) {
    if (typeof e.code === 'string' && LOCAL_CODES.test(e.code))
      return { code: e.code, message: stripCode(messageOf(e), e.code), local: true };
    if (e.code === STORE_UNAVAILABLE_CODE) return { code: STORE_UNAVAILABLE_CODE, message: unavailableMessage(messageOf(e)), local: false };
    const esError = e.meta?.body?.error;
    if (esError?.type === 'cluster_block_exception') {
      return { code: 'cluster_block_exception', message: typeof esError.reason === 'string' ? esError.reason : messageOf(e), local: false };
    }
  }
  const blocked = chain.find((e) => ES_BLOCK.test(messageOf(e)));
  return blocked ? { code: 'cluster_block_exception', message: messageOf(blocked), local: false } : null;
}

/** True when `error` is a storage write failure (see `storageWriteFailure`). */
export const isStorageWriteFailure = (error: unknown): boolean => storageWriteFailure(error) !== null;

/** True when the store did not answer (Elasticsearch down or cut off), rather than refused to write. */
export const isStoreUnavailable = (failure: StorageWriteFailure | null): boolean => failure?.code === STORE_UNAVAILABLE_CODE;

/**
 * "Elasticsearch at http://… does not answer (connect ECONNREFUSED …)", from the store's message
 * without its "store unavailable: " prefix and its advice (the run's reason gives its own).
 */
function unavailableMessage(message: string): string {
  return message.replace(/^store unavailable: /, '').replace(/; start it \(.*$/, '');
}

/** Node's messages start with the code ("ENOSPC: no space left on device, write"); it is said once. */
function stripCode(message: string, code: string): string {
  return message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
}

/** Bytes free for unprivileged writes on the file system holding `path` (or its nearest existing parent); null if unknown. */
export function freeBytes(path: string): number | null {
  let dir = path;
  for (let i = 0; i < 64; i++) {
    try {
      const stats = statfsSync(dir);
      return Number(stats.bavail) * Number(stats.bsize);
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
  }
  return null;
}

/**
 * Why the run failed, e.g. "the store could not write: SQLITE_FULL: database or disk is full (free
 * space under /data: 0 MB); …". `dataDir` is where free space is measured, for local failures.
 * An unreachable Elasticsearch says how many postings it lost (`notStored`, when known): "3 postings
 * not stored: Elasticsearch unreachable (Elasticsearch at … does not answer (…)); nothing expired, …".
 */
export function writeFailureReason(failure: StorageWriteFailure, dataDir?: string, notStored?: number): string {
  if (isStoreUnavailable(failure)) {
    const what = notStored === undefined ? 'the store could not write' : `${notStored} posting${notStored === 1 ? '' : 's'} not stored`;
    return (
      `${what}: Elasticsearch unreachable (${failure.message}); nothing expired, and the pages not stored stay in the job's ` +
      `queue: start Elasticsearch (scripts/elasticsearch.sh start) or fix SKILLPULSE_ES_URL, then run the job again and it ` +
      'resumes where this one stopped'
    );
  }
  const free = failure.local && dataDir ? freeBytes(dataDir) : null;
  const space = free === null ? '' : ` (free space under ${dataDir}: ${Math.floor(free / 1_048_576)} MB)`;
  const fix = failure.local
    ? 'free some space (or make the store writable), then run the job again'
    : 'free disk space on the Elasticsearch nodes and remove the read-only block (index.blocks.read_only_allow_delete), then run the job again';
  return (
    `the store could not write: ${failure.code}: ${failure.message}${space}; nothing expired, and the pages not stored stay in ` +
    `the job's queue: ${fix} and it resumes where this one stopped`
  );
}
