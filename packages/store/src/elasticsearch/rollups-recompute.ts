import type { estypes } from '@elastic/elasticsearch';
import { StoreError } from '@skillpulse/core';
import type { Connection } from './connection.js';

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
const PAGE = 50_000;
const MAX_ATTEMPTS = 12;

/** The first day of the month after a month's first day. */
export function nextMonth(month: string): string {
  const date = new Date(`${month}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
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

/**
 * Recomputes rollup documents from the postings index (days) and from the day documents (months):
 * versions first, then the counts, then writes conditional on those versions; a conflict recomputes
 * again. See docs/decisions/0009-elasticsearch-rollups.md for why this converges.
 */
export class RollupRecompute {
  constructor(
    private readonly connection: Connection,
    private readonly index: string,
    /** Tests only: between a recompute's read of the postings and its write. */
    private readonly beforeWrite?: (days: readonly string[]) => Promise<void>,
  ) {}

  /** Every day that has postings or a day document. */
  async allDays(): Promise<string[]> {
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
    return [...days];
  }

  /** Recomputes days from the postings index until every one is written without a conflict. */
  async recompute(days: readonly string[]): Promise<void> {
    let left = [...new Set(days)].sort();
    if (left.length === 0) return;
    // Another process's postings (a crashed writer's, at open) show only after a refresh.
    await this.connection.client.indices.refresh({ index: this.connection.names.alias });
    for (let attempt = 1; left.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new StoreError(
          `rollups: days ${left.slice(0, 5).join(', ')} kept changing under concurrent writers; the next write retries`,
          {
            code: 'SKILLPULSE_ERR_STORE_WRITE',
          },
        );
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
        throw new StoreError(
          `rollups: months ${left.slice(0, 5).join(', ')} kept changing under concurrent writers; the next write retries`,
          {
            code: 'SKILLPULSE_ERR_STORE_WRITE',
          },
        );
      }
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
      const ids = left.map((month) => `month:${month}`);
      const found = await this.connection.client.mget({ index: this.index, ids, _source: false, realtime: true });
      // Versions first, then the day documents just written (this process's or another's): they show after a refresh.
      await this.connection.client.indices.refresh({ index: this.index });
      const operations: Array<estypes.BulkOperationContainer | DayDoc> = [];
      for (let i = 0; i < left.length; i += CHUNK_MONTHS) {
        operations.push(...(await this.sumMonths(left.slice(i, i + CHUNK_MONTHS), found.docs.slice(i, i + CHUNK_MONTHS))));
      }
      left = await this.writeConditionally(operations, left);
    }
  }

  /** Index operations writing the months' sums, each conditional on the version read before the days. */
  private async sumMonths(months: string[], versions: estypes.MgetResponseItem[]): Promise<Array<estypes.BulkOperationContainer | DayDoc>> {
    const { client } = this.connection;
    const ids = months.map((month) => `month:${month}`);
    const response = await client.search({
      index: this.index,
      size: 0,
      query: {
        bool: {
          filter: [{ term: { kind: 'day' } }],
          should: months.map((month) => ({ range: { day: { gte: month, lt: nextMonth(month) } } })),
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
              aggs: {
                skills: {
                  terms: { field: 'counts.skill', size: 10_000, order: { _key: 'asc' } },
                  aggs: { n: { sum: { field: 'counts.n' } } },
                },
              },
            },
          },
        },
      },
    });
    type MonthBucket = {
      key_as_string: string;
      total: { value: number };
      counts: { skills: { buckets: Array<{ key: string; n: { value: number } }> } };
    };
    const sums = new Map((response.aggregations as { months: { buckets: MonthBucket[] } }).months.buckets.map((b) => [b.key_as_string, b]));
    const operations: Array<estypes.BulkOperationContainer | DayDoc> = [];
    for (const [i, month] of months.entries()) {
      const doc = versions[i];
      const sum = sums.get(month);
      const counts = (sum?.counts.skills.buckets ?? []).map((b) => ({ skill: b.key, n: Math.round(b.n.value) })).filter((c) => c.n > 0);
      operations.push(
        doc && 'found' in doc && doc.found
          ? { index: { _index: this.index, _id: ids[i], if_seq_no: doc._seq_no, if_primary_term: doc._primary_term } }
          : { create: { _index: this.index, _id: ids[i] } },
        { kind: 'month', day: month, total: Math.round(sum?.total.value ?? 0), counts },
      );
    }
    return operations;
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
      else
        throw new StoreError(`rollups: Elasticsearch refused ${keys[i]}: ${result.error.reason}`, { code: 'SKILLPULSE_ERR_STORE_WRITE' });
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
    await this.beforeWrite?.(days);
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
      const aggs = response.aggregations as {
        totals?: { buckets: Array<{ key_as_string: string; doc_count: number }> };
        pairs: CompositeAgg;
      };
      for (const bucket of aggs.totals?.buckets ?? []) {
        if (wanted.has(bucket.key_as_string))
          out.set(bucket.key_as_string, { kind: 'day', day: bucket.key_as_string, total: bucket.doc_count, counts: [] });
      }
      for (const bucket of aggs.pairs.buckets) {
        out.get(bucket.key.day as string)?.counts.push({ skill: bucket.key.skill as string, n: bucket.doc_count });
      }
      if (aggs.pairs.buckets.length < PAGE || !aggs.pairs.after_key) return out;
      after = aggs.pairs.after_key;
    }
  }
}

type CompositeAgg = { buckets: Array<{ key: Record<string, string | number>; doc_count: number }>; after_key?: Record<string, string> };
