import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errors, type estypes } from '@elastic/elasticsearch';
import { type Logger, StoreError } from '@skillpulse/core';
import type { Interval, PeriodTotal, PostingFilter, SkillCount, TrendCounts } from '../contract.js';
import { isDateOnlyFilter } from '../shared.js';
import type { BulkWrite, Connection } from './connection.js';
import type { PostingDoc } from './mapping.js';
import * as reads from './rollups-queries.js';

/**
 * How the rollups behave; every field has a default that suits production. See
 * docs/decisions/0009-elasticsearch-rollups.md.
 */
export interface RollupOptions {
  /** false: reports aggregate postings (the fallback path) though the rollups are still kept. Default true. */
  reads?: boolean;
  /** Pending markers older than this are another process's crash, repaired at open. Default 10 minutes. */
  graceMs?: number;
  /** Tests only: write markers and postings but never recompute (what a crash leaves behind). */
  skipRecompute?: boolean;
}

/**
 * One rollup document per day (`_id` the day) and per month (`_id` month:<first day>, summed from
 * the day documents): unique postings by date_posted, all and per skill (nested).
 */
export interface DayDoc {
  kind: 'day' | 'month';
  /** The day, or the first day of the month. */
  day: string;
  total: number;
  counts: Array<{ skill: string; n: number }>;
}

/** Days at most per recompute search; composite pages of (day, skill) pairs. */
const CHUNK_DAYS = 366;
const CHUNK_MONTHS = 6;
const PAGE = 10_000;
const MAX_ATTEMPTS = 12;

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

/** Inclusive runs of consecutive days, for one range clause each. */
export function dayRuns(days: readonly string[]): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  for (const day of [...days].sort()) {
    const last = runs[runs.length - 1];
    if (last && Date.parse(`${day}T00:00:00Z`) - Date.parse(`${last[1]}T00:00:00Z`) === 86_400_000) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
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

  constructor(
    private readonly connection: Connection,
    prefix: string,
    private readonly logger: Logger,
    private readonly options: RollupOptions = {},
  ) {
    this.index = `${prefix}-rollups`;
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

  /**
   * Days a postings write changes: the new date of every whole document written, and the stored
   * date of the postings in `stored` (updated ones may move; re-linked ones leave or join the count).
   */
  async daysOf(writes: readonly BulkWrite[], stored: readonly string[]): Promise<string[]> {
    const days = new Set<string>();
    for (const write of writes) if (!write.partial) days.add((write.doc as PostingDoc).date_posted);
    for (const doc of (await this.connection.fetchDocs(stored, ['date_posted'])).values()) days.add(doc.date_posted);
    return [...days];
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
    const days = new Set<string>();
    await this.connection.client.indices.refresh({ index: `${this.connection.names.alias},${this.index}` });
    for (const [index, field] of [
      [this.connection.names.alias, 'date_posted'],
      [this.index, 'day'],
    ] as const) {
      let after: Record<string, string | number | null> | undefined;
      for (;;) {
        const response = await this.connection.client.search({
          index,
          size: 0,
          query: index === this.index ? { term: { kind: 'day' } } : undefined,
          aggs: {
            days: {
              composite: {
                size: PAGE,
                after,
                sources: [{ day: { date_histogram: { field, calendar_interval: '1d', format: 'yyyy-MM-dd' } } }],
              },
            },
          },
        });
        const agg = (response.aggregations as { days: CompositeAgg }).days;
        for (const bucket of agg.buckets) days.add(bucket.key.day as string);
        if (agg.buckets.length < PAGE || !agg.after_key) break;
        after = agg.after_key;
      }
    }
    await this.recompute([...days]);
  }

  /** Recomputes days from the postings index until every one is written without a conflict. */
  async recompute(days: readonly string[]): Promise<void> {
    let left = [...new Set(days)].sort();
    if (left.length === 0) return;
    // Another process's postings (a crashed writer's, at open) show only after a refresh.
    await this.connection.client.indices.refresh({ index: this.connection.names.alias });
    for (let attempt = 1; left.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new StoreError(`rollups: days ${left.slice(0, 5).join(', ')} kept changing under concurrent writers; the next write retries`, {
          code: 'SKILLPULSE_ERR_STORE_WRITE',
        });
      }
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
      const conflicts: string[] = [];
      for (let i = 0; i < left.length; i += CHUNK_DAYS) conflicts.push(...(await this.recomputeChunk(left.slice(i, i + CHUNK_DAYS))));
      left = conflicts;
    }
    await this.recomputeMonths([...new Set(days.map((day) => `${day.slice(0, 7)}-01`))].sort());
  }

  /** Month documents as sums of their day documents, with the same versions-first discipline. */
  private async recomputeMonths(months: readonly string[]): Promise<void> {
    let left = [...months];
    for (let attempt = 1; left.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new StoreError(`rollups: months ${left.slice(0, 5).join(', ')} kept changing under concurrent writers; the next write retries`, {
          code: 'SKILLPULSE_ERR_STORE_WRITE',
        });
      }
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
      const conflicts: string[] = [];
      for (let i = 0; i < left.length; i += CHUNK_MONTHS) conflicts.push(...(await this.recomputeMonthChunk(left.slice(i, i + CHUNK_MONTHS))));
      left = conflicts;
    }
  }

  private async recomputeMonthChunk(months: string[]): Promise<string[]> {
    const { client } = this.connection;
    const ids = months.map((month) => `month:${month}`);
    const found = await client.mget({ index: this.index, ids, _source: false, realtime: true });
    // The day documents just written (this process's or another's) show only after a refresh.
    await client.indices.refresh({ index: this.index });
    const response = await client.search({
      index: this.index,
      size: 0,
      query: {
        bool: {
          filter: [{ term: { kind: 'day' } }],
          should: months.map((month) => ({ range: { day: { gte: month, lte: `${month.slice(0, 7)}-31` } } })),
          minimum_should_match: 1,
        },
      },
      aggs: {
        months: {
          date_histogram: { field: 'day', calendar_interval: 'month', format: 'yyyy-MM-dd', min_doc_count: 1 },
          aggs: {
            total: { sum: { field: 'total' } },
            counts: {
              nested: { path: 'counts' },
              // Every skill of the month: 6 months of the whole taxonomy stay under search.max_buckets.
              aggs: { skills: { terms: { field: 'counts.skill', size: 10_000, order: { _key: 'asc' } }, aggs: { n: { sum: { field: 'counts.n' } } } } },
            },
          },
        },
      },
    });
    type MonthBucket = { key_as_string: string; total: { value: number }; counts: { skills: { buckets: Array<{ key: string; n: { value: number } }> } } };
    const sums = new Map((response.aggregations as { months: { buckets: MonthBucket[] } }).months.buckets.map((b) => [b.key_as_string, b]));
    const operations: Array<estypes.BulkOperationContainer | DayDoc> = [];
    for (const [i, month] of months.entries()) {
      const doc = found.docs[i];
      const sum = sums.get(month);
      const counts = (sum?.counts.skills.buckets ?? []).map((b) => ({ skill: b.key, n: Math.round(b.n.value) })).filter((c) => c.n > 0);
      operations.push(
        doc && 'found' in doc && doc.found
          ? { index: { _index: this.index, _id: ids[i], if_seq_no: doc._seq_no, if_primary_term: doc._primary_term } }
          : { create: { _index: this.index, _id: ids[i] } },
        { kind: 'month', day: month, total: Math.round(sum?.total.value ?? 0), counts },
      );
    }
    return this.writeConditionally(operations, months);
  }

  /** Bulk writes conditional on versions; returns the keys whose write met a newer version. */
  private async writeConditionally(operations: Array<estypes.BulkOperationContainer | DayDoc>, keys: readonly string[]): Promise<string[]> {
    const response = await this.connection.client.bulk({ operations });
    this.connection.markDirty(this.index);
    const conflicts: string[] = [];
    response.items.forEach((item, i) => {
      const result = item.index ?? item.create;
      if (!result?.error) return;
      if (result.status === 409) conflicts.push(keys[i] as string);
      else throw new StoreError(`rollups: Elasticsearch refused ${keys[i]}: ${result.error.reason}`, { code: 'SKILLPULSE_ERR_STORE_WRITE' });
    });
    return conflicts;
  }

  /** One chunk: versions first, then the postings, then writes conditional on those versions. Returns the conflicting days. */
  private async recomputeChunk(days: string[]): Promise<string[]> {
    const { client } = this.connection;
    const found = await client.mget({ index: this.index, ids: days, _source: false, realtime: true });
    const versions = new Map<string, { seq: number; term: number }>();
    for (const doc of found.docs) {
      if ('found' in doc && doc.found) versions.set(doc._id, { seq: doc._seq_no as number, term: doc._primary_term as number });
    }
    const docs = await this.countDays(days);
    const operations: estypes.BulkOperationContainer[] = [];
    const sources: DayDoc[] = [];
    for (const day of days) {
      const version = versions.get(day);
      // An emptied day keeps a document with total 0 (reads skip it): deleting it would let a
      // stale writer re-create it unseen, while a conditional write always meets the last one.
      operations.push(
        version
          ? { index: { _index: this.index, _id: day, if_seq_no: version.seq, if_primary_term: version.term } }
          : { create: { _index: this.index, _id: day } },
      );
      sources.push(docs.get(day) ?? { kind: 'day', day, total: 0, counts: [] });
    }
    return this.writeConditionally(
      operations.flatMap((op, i) => [op, sources[i] as DayDoc]),
      days,
    );
  }

  /** Unique postings of the days, all and per skill, aggregated from the postings index. */
  private async countDays(days: readonly string[]): Promise<Map<string, DayDoc>> {
    await this.connection.fresh();
    const query = {
      bool: {
        filter: [{ term: { unique: true } }],
        should: dayRuns(days).map(([gte, lte]) => ({ range: { date_posted: { gte, lte } } })),
        minimum_should_match: 1,
      },
    };
    const wanted = new Set(days);
    const out = new Map<string, DayDoc>();
    const day = { date_histogram: { field: 'date_posted', calendar_interval: '1d', format: 'yyyy-MM-dd' } } as const;
    let after: Record<string, string | number | null> | undefined;
    for (let first = true; ; first = false) {
      const response = await this.connection.client.search({
        index: this.connection.names.alias,
        size: 0,
        query,
        track_total_hits: false,
        aggs: {
          ...(first ? { totals: { date_histogram: { ...day.date_histogram, min_doc_count: 1 } } } : {}),
          pairs: { composite: { size: PAGE, after, sources: [{ day: day }, { skill: { terms: { field: 'skills' } } }] } },
        },
      });
      const aggs = response.aggregations as { totals?: { buckets: Array<{ key_as_string: string; doc_count: number }> }; pairs: CompositeAgg };
      for (const bucket of aggs.totals?.buckets ?? []) {
        if (wanted.has(bucket.key_as_string)) out.set(bucket.key_as_string, { kind: 'day', day: bucket.key_as_string, total: bucket.doc_count, counts: [] });
      }
      for (const bucket of aggs.pairs.buckets) {
        out.get(bucket.key.day as string)?.counts.push({ skill: bucket.key.skill as string, n: bucket.doc_count });
      }
      if (aggs.pairs.buckets.length < PAGE || !aggs.pairs.after_key) return out;
      after = aggs.pairs.after_key;
    }
  }

  /** This process's writes are in the rollups (recomputed and refreshed) before it reads them. */
  private async ready(): Promise<void> {
    if (this.dirtyDays.size > 0) await this.flush();
    await this.connection.fresh(this.index);
  }

  async countPostings(filter: PostingFilter): Promise<number> {
    await this.ready();
    return reads.countPostings(this.connection.client, this.index, filter);
  }

  async skillCounts(filter: PostingFilter, limit: number): Promise<SkillCount[]> {
    await this.ready();
    return reads.skillCounts(this.connection.client, this.index, filter, limit);
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

type CompositeAgg = { buckets: Array<{ key: Record<string, string | number>; doc_count: number }>; after_key?: Record<string, string> };
