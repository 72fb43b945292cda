import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errors, type estypes } from '@elastic/elasticsearch';
import type { Logger } from '@skillpulse/core';
import type { Interval, PeriodTotal, PostingFilter, SkillCount, TrendCounts, WindowSkillCounts } from '../contract.js';
import { isDateOnlyFilter } from '../shared.js';
import type { Connection } from './connection.js';
import { RollupVectors } from './rollup-vectors.js';
import * as reads from './rollups-queries.js';
import { RollupRecompute } from './rollups-recompute.js';

export { dayRuns, nextMonth } from './rollups-recompute.js';

/**
 * How the rollups behave; every field has a default that suits production. See
 * docs/decisions/0009-elasticsearch-rollups.md.
 */
export interface RollupOptions {
  /** false: reports aggregate postings (the fallback path) though the rollups are still kept. Default true. */
  reads?: boolean;
  /**
   * false: top-skills reports aggregate the rollup documents in Elasticsearch instead of summing
   * their count vectors, kept in this process (decision 0011). Default true.
   */
  vectors?: boolean;
  /** Pending markers older than this are another process's crash, repaired at open. Default 10 minutes. */
  graceMs?: number;
  /** Tests only: write markers and postings but never recompute (what a crash leaves behind). */
  skipRecompute?: boolean;
  /** Tests only: called after a recompute read the postings and before it writes (to interleave another writer). */
  beforeRollupWrite?: (days: readonly string[]) => Promise<void>;
}

export function rollupMappings(): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    properties: {
      kind: { type: 'keyword' },
      day: { type: 'date', format: 'yyyy-MM-dd' },
      total: { type: 'integer' },
      counts: { type: 'nested', properties: { skill: { type: 'keyword' }, n: { type: 'integer' } } },
      // Pending markers: days a writer is about to change, recomputed at open if it died.
      pending_days: { type: 'keyword' },
      pending_all: { type: 'boolean' },
      owner: { type: 'keyword' },
      at: { type: 'date' },
    },
  };
}

/** What one write call marked: its marker id and the days it touched. */
export interface PendingWrite {
  marker: string | null;
  days: string[];
}

/**
 * Per-day rollups of the postings index, recomputed from postings after writes (never
 * incremented), written with optimistic concurrency, so several writing processes converge.
 */
export class EsRollups {
  readonly index: string;
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private markerCount = 0;
  /** Days this process wrote postings for and has not recomputed yet, with their markers. */
  private dirtyDays = new Set<string>();
  private dirtyMarkers: string[] = [];
  private flushing: Promise<void> | null = null;
  private nextFlushAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly recomputer: RollupRecompute;
  private readonly vectors: RollupVectors | null;

  constructor(
    private readonly connection: Connection,
    prefix: string,
    private readonly logger: Logger,
    private readonly options: RollupOptions = {},
  ) {
    this.index = `${prefix}-rollups`;
    this.recomputer = new RollupRecompute(connection, this.index, options.beforeRollupWrite);
    this.vectors =
      options.vectors === false
        ? null
        : new RollupVectors(connection.client, this.index, (cause) =>
            logger.warn({ err: cause, index: this.index }, 'loading the rollup vectors failed; reports load what they need'),
          );
  }

  /** Creates the index (rebuilding it from postings when the store already has some) and repairs crashed writers' days. */
  async open(replicas: number): Promise<void> {
    const { client } = this.connection;
    let created = false;
    if (!(await client.indices.exists({ index: this.index }))) {
      try {
        await client.indices.create({
          index: this.index,
          settings: { number_of_shards: 1, number_of_replicas: replicas },
          mappings: rollupMappings(),
        });
        created = true;
      } catch (cause) {
        // Another process created it first: it rebuilds.
        if (!(cause instanceof errors.ResponseError && cause.body?.error?.type === 'resource_already_exists_exception')) throw cause;
      }
    }
    if (created && (await client.count({ index: this.connection.names.alias })).count > 0) {
      const marker = await this.mark([], true);
      await this.rebuild();
      await this.unmark([marker]);
      this.logger.info({ index: this.index }, 'built the rollups from the stored postings');
    }
    await this.recover(this.options.graceMs ?? 600_000);
  }

  /** True when the rollups answer this filter (dates and skill ids only). */
  answers(filter: PostingFilter): boolean {
    return this.options.reads !== false && isDateOnlyFilter(filter);
  }

  private async mark(days: readonly string[], all = false): Promise<string> {
    const id = `pending:${this.owner}:${++this.markerCount}`;
    const document = { pending_days: [...new Set(days)], pending_all: all, owner: this.owner, at: new Date().toISOString() };
    await this.connection.client.index({ index: this.index, id, document });
    this.connection.markDirty(this.index);
    return id;
  }

  private async unmark(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.connection.client.bulk({ operations: ids.map((id) => ({ delete: { _index: this.index, _id: id } })) });
    this.connection.markDirty(this.index);
  }

  /** Before a postings write: records the days it may change, so a crash in between is repaired. */
  async beforeWrite(days: Iterable<string>): Promise<PendingWrite> {
    const list = [...new Set(days)];
    return { marker: list.length > 0 ? await this.mark(list) : null, days: list };
  }

  /**
   * After a postings write: the days are recomputed now, or later when recomputing costs more
   * than a quarter of the writer's time (bulk loads), and always before this process reads.
   */
  async afterWrite(pending: PendingWrite): Promise<void> {
    if (!pending.marker) return;
    for (const day of pending.days) this.dirtyDays.add(day);
    this.dirtyMarkers.push(pending.marker);
    if (this.options.skipRecompute) return;
    if (Date.now() >= this.nextFlushAt) await this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush().catch((cause) => this.logger.warn({ err: cause }, 'rollup recompute failed; the next write or open repeats it'));
      }, this.nextFlushAt - Date.now());
      this.timer.unref();
    }
  }

  /** Recomputes the days this process wrote; one flush at a time. */
  async flush(): Promise<void> {
    if (this.options.skipRecompute) return;
    while (this.flushing) await this.flushing.catch(() => undefined);
    if (this.dirtyDays.size === 0 && this.dirtyMarkers.length === 0) return;
    const days = [...this.dirtyDays];
    const markers = this.dirtyMarkers;
    this.dirtyDays = new Set();
    this.dirtyMarkers = [];
    const started = Date.now();
    const run = (async () => {
      try {
        await this.recompute(days);
        await this.unmark(markers);
      } catch (cause) {
        // Kept for the next flush; the markers also let the next open repair them.
        for (const day of days) this.dirtyDays.add(day);
        this.dirtyMarkers.push(...markers);
        throw cause;
      }
    })();
    this.flushing = run;
    try {
      await run;
    } finally {
      this.flushing = null;
      const now = Date.now();
      this.nextFlushAt = now + 3 * (now - started);
      this.logger.debug({ index: this.index, days: days.length, ms: now - started }, 'rollup days recomputed');
    }
  }

  /** Recomputes the days of markers older than `graceMs` (writers that died), then deletes the markers. */
  async recover(graceMs: number): Promise<number> {
    const { client } = this.connection;
    await client.indices.refresh({ index: this.index });
    const before = new Date(Date.now() - graceMs).toISOString();
    let repaired = 0;
    for (;;) {
      const response = await client.search<{ pending_days: string[]; pending_all: boolean }>({
        index: this.index,
        query: { range: { at: { lte: before } } },
        size: 1000,
        _source: ['pending_days', 'pending_all'],
      });
      const hits = response.hits.hits;
      if (hits.length === 0) return repaired;
      if (hits.some((h) => h._source?.pending_all)) await this.rebuild();
      else await this.recompute(hits.flatMap((h) => h._source?.pending_days ?? []));
      await client.bulk({ operations: hits.map((h) => ({ delete: { _index: this.index, _id: h._id as string } })), refresh: true });
      repaired += hits.length;
      this.logger.warn({ markers: hits.length }, 'repaired rollup days left pending by a writer that stopped');
    }
  }

  /** Around a re-index: every day is recomputed once the alias points at the new index. */
  async aroundRewrite<T>(rewrite: () => Promise<T>): Promise<T> {
    const marker = await this.mark([], true);
    const result = await rewrite();
    if (!this.options.skipRecompute) {
      await this.flush();
      await this.rebuild();
      await this.unmark([marker]);
    }
    return result;
  }

  /** Recomputes every day that has postings or a rollup document. */
  async rebuild(): Promise<void> {
    await this.recompute(await this.recomputer.allDays());
  }

  /** Recomputes the days (and their months) from the postings index. */
  recompute(days: readonly string[]): Promise<void> {
    return this.recomputer.recompute(days);
  }

  /** This process's writes are in the rollups (recomputed and refreshed) before it reads them. */
  private async ready(): Promise<void> {
    // A flush under way (a timer's) has taken the days out of the set: wait for it too.
    if (this.dirtyDays.size > 0 || this.flushing) await this.flush();
    await this.connection.fresh(this.index);
  }

  async countPostings(filter: PostingFilter): Promise<number> {
    await this.ready();
    return reads.countPostings(this.connection.client, this.index, filter);
  }

  async skillCounts(filter: PostingFilter, limit: number): Promise<SkillCount[]> {
    await this.ready();
    const summed = await this.vectors?.windowSkillCounts(filter, limit);
    return summed ? summed.skills : reads.skillCounts(this.connection.client, this.index, filter, limit);
  }

  async windowSkillCounts(filter: PostingFilter, limit: number): Promise<WindowSkillCounts> {
    await this.ready();
    const summed = await this.vectors?.windowSkillCounts(filter, limit);
    return summed ?? reads.windowSkillCounts(this.connection.client, this.index, filter, limit);
  }

  async periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]> {
    await this.ready();
    return reads.periodTotals(this.connection.client, this.index, filter, interval);
  }

  async trendCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<TrendCounts> {
    await this.ready();
    return reads.trendCounts(this.connection.client, this.index, filter, interval, skillIds);
  }

  /** Recomputes what this process still owes; a failure leaves markers for the next open. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush().catch((cause) => this.logger.warn({ err: cause }, 'rollup recompute at close failed; the next open repairs it'));
  }
}
