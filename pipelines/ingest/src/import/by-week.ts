import { appendFileSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError, StoreError } from '@skillpulse/core';
import type { SkillStore } from '@skillpulse/store';
import type { PreparedPosting } from '../batch.js';
import { epochDay, NearDuplicateIndex, type Signature } from '../dedupe.js';
import { addStored } from '../ingest.js';

/** Bytes of postings held before they are appended to their week's file. */
const FLUSH_BYTES = 8 << 20;

/** The folders of this process's spills not removed yet. */
const held = new Set<string>();

/** The week (weeks since 1970-01-01) a posting was published in. */
export const weekOf = (datePosted: string): number => Math.floor(epochDay(datePosted) / 7);

/**
 * An import's prepared postings set aside on disk, one file per week of publication, and read back
 * week by week in order, each week in the order of the file. Near-duplicates are compared in that
 * order, so the index holds only the postings of the weeks around the one being stored, whatever
 * the order of the file: memory does not grow with the file (decision 0006).
 */
export class WeeklySpill {
  private readonly dir: string;
  private readonly pending = new Map<number, string[]>();
  private pendingBytes = 0;
  private readonly weeks = new Set<number>();
  /** Postings added. */
  size = 0;

  /**
   * The files go in a new folder under `parent` (default: the system's temporary folder), removed by
   * `remove`. Folders an import killed before it could remove them are removed first: their
   * names carry the process id.
   */
  constructor(parent = tmpdir()) {
    try {
      mkdirSync(parent, { recursive: true });
    } catch (error) {
      throw new ConfigError(
        `${parent} cannot be made (${(error as Error).message}): an import sets the postings it read aside there; give --data-dir (or SKILLPULSE_DATA_DIR) a folder it can write to`,
        { cause: error },
      );
    }
    for (const name of readdirSync(parent)) {
      const pid = Number(/^import-by-week-(\d+)-/.exec(name)?.[1] ?? Number.NaN);
      // This process's pid on a folder it does not hold: an earlier process had it (a container's
      // command runs as pid 1 every time).
      const stale = pid === process.pid ? !held.has(join(parent, name)) : !isRunning(pid);
      if (!Number.isNaN(pid) && stale) rmSync(join(parent, name), { recursive: true, force: true });
    }
    this.dir = mkdtempSync(join(parent, `import-by-week-${process.pid}-`));
    held.add(this.dir);
  }

  add({ input, signature }: PreparedPosting): void {
    const week = weekOf(input.datePosted);
    const bytes = Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64');
    const line = `${JSON.stringify({ input, signature: bytes })}\n`;
    let lines = this.pending.get(week);
    if (lines === undefined) this.pending.set(week, (lines = []));
    lines.push(line);
    this.weeks.add(week);
    this.size++;
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /**
   * The postings of every week in order, `size` at a time, with the first and last week of each
   * batch (a batch of a sparse file spans weeks: one write per few postings would be slow).
   */
  async *batches(size: number): AsyncGenerator<{ weeks: [first: number, last: number]; batch: PreparedPosting[] }> {
    this.flush();
    let batch: PreparedPosting[] = [];
    let first = 0;
    let week = 0;
    for (week of [...this.weeks].sort((a, b) => a - b)) {
      const lines = createInterface({ input: createReadStream(this.fileOf(week)), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        const { input, signature } = JSON.parse(line) as { input: PreparedPosting['input']; signature: string };
        if (batch.length === 0) first = week;
        batch.push({ input, signature: signatureOf(signature) });
        if (batch.length >= size) {
          yield { weeks: [first, week], batch };
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield { weeks: [first, week], batch };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    held.delete(this.dir);
  }

  private flush(): void {
    try {
      for (const [week, lines] of this.pending) appendFileSync(this.fileOf(week), lines.join(''));
    } catch (error) {
      // ENOSPC names no file: say where the postings wait.
      throw new StoreError(
        `the postings read could not be set aside in ${this.dir} (${(error as Error).message}); free space there and run the import again (what was stored stays)`,
        { cause: error, code: 'SKILLPULSE_ERR_STORE_WRITE' },
      );
    }
    this.pending.clear();
    this.pendingBytes = 0;
  }

  private fileOf(week: number): string {
    return join(this.dir, `${week}.jsonl`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signatureOf(base64: string): Signature {
  const bytes = Buffer.from(base64, 'base64');
  const signature = new Uint32Array(bytes.length / 4);
  new Uint8Array(signature.buffer).set(bytes);
  return signature;
}

/** Days loaded from the store beyond what a week needs, so a store is asked once every few weeks. */
const LOAD_AHEAD_DAYS = 56;

const isoDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * The near-duplicate index of an import stored week by week: the postings of this import and the
 * canonical postings stored before it (any source), published within the window of the weeks being
 * stored. Earlier postings leave as the weeks go on; later stored ones are loaded as they come near.
 */
export class WeekWindow {
  readonly index: NearDuplicateIndex;
  /** The last day loaded from the store (days since 1970), or null before the first week. */
  private loadedTo: number | null = null;

  constructor(
    private readonly store: SkillStore,
    private readonly windowDays: number,
  ) {
    this.index = new NearDuplicateIndex(undefined, windowDays);
  }

  /**
   * Makes the index hold what the postings of the weeks `from` to `to` may duplicate. Calls come in
   * order of weeks, so what is dropped is never needed again.
   */
  async cover(from: number, to: number): Promise<void> {
    const first = from * 7 - this.windowDays;
    const last = to * 7 + 6 + this.windowDays;
    this.index.removePostedBefore(first);
    if (this.loadedTo !== null && this.loadedTo >= last) return;
    const start = Math.max(first, this.loadedTo === null ? first : this.loadedTo + 1);
    const end = last + LOAD_AHEAD_DAYS;
    await addStored(this.index, this.store, { from: isoDay(start), to: isoDay(end) });
    this.loadedTo = end;
  }
}
