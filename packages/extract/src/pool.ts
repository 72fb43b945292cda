import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SkillPulseError } from '@skillpulse/core';
import { type Taxonomy, taxonomyWithOverlay } from '@skillpulse/taxonomy';
import { type ExtractInput, type ExtractionResult, SkillExtractor } from './extractor.js';
import { skillsOnly, type WorkerMessage, type WorkerSetup, type WorkerTask } from './worker.js';

/** One posting to extract; `posting` (its id or URL) names it in an error. */
export interface ExtractTask extends ExtractInput {
  posting?: string;
}

export interface ExtractAllOptions {
  /**
   * Results without their text and mentions (`text` '', `mentions` [] also in each skill): the skill
   * set, counts, levels and years, all `toPostingSkills` needs. Much less to copy from a worker.
   */
  skillsOnly?: boolean;
}

/**
 * What ingest and reextract extract with: an `ExtractionPool` (worker threads), or any
 * `SkillExtractor` through `batchExtractor` (in the caller's thread). Results keep the order of
 * the tasks; a task that fails rejects with an `ExtractionError` naming its posting.
 */
export interface BatchExtractor {
  /** The version of the taxonomy the results are stamped with. */
  readonly taxonomyVersion: string;
  extractAll(tasks: readonly ExtractTask[], options?: ExtractAllOptions): Promise<ExtractionResult[]>;
}

/** Extraction of one posting failed (the extractor threw, or its worker died). */
export class ExtractionError extends SkillPulseError {
  /** The posting's id or URL, or `#N` (its place in the batch) when the caller gave none. */
  readonly posting: string;

  constructor(posting: string, reason: string, options?: { cause?: unknown }) {
    super('SKILLPULSE_ERR_EXTRACT', `skill extraction failed for posting ${posting}: ${reason}`, options);
    this.posting = posting;
  }
}

const nameOf = (task: ExtractTask, index: number) => task.posting ?? `#${index}`;
const inputOf = (task: ExtractTask): ExtractInput => (typeof task.html === 'string' ? { html: task.html } : { text: task.text });

/**
 * What to extract a batch with: a BatchExtractor as it is (an ExtractionPool, a PooledSkillExtractor);
 * a plain SkillExtractor in the caller's thread, one task after the other.
 */
export function batchExtractor(extractor: SkillExtractor | BatchExtractor): BatchExtractor {
  if (!(extractor instanceof SkillExtractor) || 'extractAll' in extractor) return extractor as BatchExtractor;
  return {
    taxonomyVersion: extractor.taxonomy.version,
    extractAll: async (tasks, options) => extractInThread(extractor, tasks, options),
  };
}

function extractInThread(extractor: SkillExtractor, tasks: readonly ExtractTask[], options?: ExtractAllOptions): ExtractionResult[] {
  return tasks.map((task, i) => {
    try {
      const result = extractor.extract(inputOf(task));
      return options?.skillsOnly ? skillsOnly(result) : result;
    } catch (cause) {
      throw new ExtractionError(nameOf(task, i), (cause as Error).message, { cause });
    }
  });
}

export interface ExtractionPoolOptions {
  /**
   * Worker threads. 0 extracts in the caller's thread (tests, tiny runs). Default
   * `defaultPoolSize()`: min(2, available CPUs − 1), at least 1.
   */
  size?: number;
  /** A YAML file of extra skills merged into the built-in taxonomy (SKILLPULSE_TAXONOMY_OVERLAY), loaded once by each worker. */
  taxonomyOverlay?: string;
  /** The same taxonomy, already loaded in this thread (its version stamps the results); loaded from `taxonomyOverlay` when absent. */
  taxonomy?: Taxonomy;
}

/** Worker threads a pool starts unless told: min(2, available CPUs − 1), at least 1. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

interface Pending {
  id: number;
  posting: string;
  input: ExtractInput;
  skillsOnly: boolean;
  resolve(result: ExtractionResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Pending | null;
}

/**
 * The compiled worker: next to this file in dist/; from the sources (vitest runs src/*.ts), the
 * built one in ../dist/ (build the package first).
 */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../dist/worker.js', import.meta.url)
  : new URL('./worker.js', import.meta.url);

/**
 * Extraction on worker threads, so that a crawl extracting large postings leaves the event loop
 * (the API, timers, signals) free. Workers start on first use, each loading the taxonomy once;
 * they do not keep the process alive while idle. `close()` ends them; tasks still waiting reject.
 */
export class ExtractionPool implements BatchExtractor {
  readonly size: number;
  readonly taxonomyVersion: string;
  private readonly overlay: string | undefined;
  private readonly inline: SkillExtractor | null;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  /** A worker that could not start (a taxonomy that does not load): every task fails with it. */
  private broken: Error | null = null;

  constructor(options: ExtractionPoolOptions = {}) {
    const size = options.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 0 || size > 64) {
      throw new RangeError(`extraction pool size: ${size} is not a whole number from 0 to 64 (0 extracts in the calling thread)`);
    }
    this.size = size;
    this.overlay = options.taxonomyOverlay;
    const taxonomy = options.taxonomy ?? taxonomyWithOverlay(options.taxonomyOverlay);
    this.taxonomyVersion = taxonomy.version;
    this.inline = size === 0 ? new SkillExtractor({ taxonomy }) : null;
  }

  /** Extracts one posting. */
  extract(task: ExtractTask, options?: ExtractAllOptions): Promise<ExtractionResult> {
    return this.submit(task, 0, options?.skillsOnly === true);
  }

  /** Extracts every task, spread over the workers; results in the order of `tasks`. */
  extractAll(tasks: readonly ExtractTask[], options?: ExtractAllOptions): Promise<ExtractionResult[]> {
    return Promise.all(tasks.map((task, i) => this.submit(task, i, options?.skillsOnly === true)));
  }

  /** Ends the workers; tasks not finished reject. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = () => new Error('the extraction pool was closed before this posting was extracted');
    for (const task of this.queue.splice(0)) task.reject(new ExtractionError(task.posting, closedError().message));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.task?.reject(new ExtractionError(slot.task.posting, closedError().message));
      slot.task = null;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private submit(task: ExtractTask, index: number, compact: boolean): Promise<ExtractionResult> {
    const posting = nameOf(task, index);
    if (this.closed) return Promise.reject(new ExtractionError(posting, 'the extraction pool is closed'));
    if (this.broken) return Promise.reject(new ExtractionError(posting, this.broken.message, { cause: this.broken }));
    if (this.inline) {
      try {
        const result = this.inline.extract(inputOf(task));
        return Promise.resolve(compact ? skillsOnly(result) : result);
      } catch (cause) {
        return Promise.reject(new ExtractionError(posting, (cause as Error).message, { cause }));
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, posting, input: inputOf(task), skillsOnly: compact, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && s.task === null);
      if (!slot) {
        if (this.slots.length < this.size) this.spawn();
        return;
      }
      const task = this.queue.shift() as Pending;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, input: task.input, skillsOnly: task.skillsOnly } satisfies WorkerTask);
    }
  }

  private spawn(): void {
    const worker = new Worker(WORKER_URL, { workerData: { taxonomyOverlay: this.overlay } satisfies WorkerSetup });
    const slot: Slot = { worker, ready: false, task: null };
    this.slots.push(slot);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        if (message.taxonomyVersion !== this.taxonomyVersion) {
          this.fail(
            new Error(
              `an extraction worker loaded taxonomy ${message.taxonomyVersion}, not ${this.taxonomyVersion}: pass the pool the taxonomy overlay it runs with`,
            ),
          );
          return;
        }
        slot.ready = true;
      } else {
        const task = slot.task;
        slot.task = null;
        if (task && task.id === message.id) {
          if (message.type === 'result') task.resolve(message.result);
          else
            task.reject(
              new ExtractionError(task.posting, message.message, {
                cause: Object.assign(new Error(message.message), { stack: message.stack }),
              }),
            );
        }
      }
      if (slot.task === null) worker.unref();
      this.dispatch();
    });
    worker.on('error', (error) => this.lost(slot, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.lost(slot, new Error(`the extraction worker stopped (exit code ${code})`));
    });
  }

  /** A worker died: before it was ready, the pool cannot work; after, its task fails and a new worker takes over. */
  private lost(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at === -1) return;
    this.slots.splice(at, 1);
    void slot.worker.terminate();
    if (!slot.ready) {
      this.fail(error);
      return;
    }
    const task = slot.task;
    slot.task = null;
    task?.reject(new ExtractionError(task.posting, error.message, { cause: error }));
    this.dispatch();
  }

  /** Every waiting task, and every later one, fails with `error`. */
  private fail(error: Error): void {
    this.broken = error;
    for (const task of this.queue.splice(0)) task.reject(new ExtractionError(task.posting, error.message, { cause: error }));
    for (const slot of this.slots.splice(0)) {
      slot.task?.reject(new ExtractionError(slot.task.posting, error.message, { cause: error }));
      void slot.worker.terminate();
    }
  }
}

/**
 * A SkillExtractor whose batches (crawls, reindex: `extractAll`) go to an ExtractionPool of
 * `size` workers, while `extract` (one posting, `skillpulse extract`) still runs in this thread.
 * With `size: 0` batches run in this thread too. The workers start on the first batch.
 */
export class PooledSkillExtractor extends SkillExtractor implements BatchExtractor {
  private readonly pool: ExtractionPool | null;

  constructor(options: ExtractionPoolOptions & { taxonomy: Taxonomy }) {
    super({ taxonomy: options.taxonomy });
    const size = options.size ?? defaultPoolSize();
    this.pool = size === 0 ? null : new ExtractionPool({ ...options, size });
  }

  get taxonomyVersion(): string {
    return this.taxonomy.version;
  }

  /** Worker threads (0: batches run in this thread). */
  get poolSize(): number {
    return this.pool?.size ?? 0;
  }

  async extractAll(tasks: readonly ExtractTask[], options?: ExtractAllOptions): Promise<ExtractionResult[]> {
    return this.pool ? this.pool.extractAll(tasks, options) : extractInThread(this, tasks, options);
  }

  /** Ends the workers (idle ones do not keep the process alive, so this is for a clean shutdown). */
  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}
