import type { Client, estypes } from '@elastic/elasticsearch';
import type { Interval, PeriodSkillCount, PeriodTotal, PostingFilter, SkillCount, TrendCounts, WindowSkillCounts } from '../contract.js';
import { monthSpan } from '../shared.js';

/**
 * Reports from the rollup index (one document per day, skill counts nested). Exact: the index has
 * one shard, so a terms aggregation sees every skill of the window before it picks the top ones.
 */

type Range = { gte?: string; lt?: string; lte?: string };
const part = (kind: 'day' | 'month', range: Range): estypes.QueryDslQueryContainer => ({
  bool: { filter: [{ term: { kind } }, { range: { day: range } }] },
});

/**
 * The documents covering the window: whole calendar months from the month documents and the
 * ragged ends from day documents (as SQLite's vectors do), or days only (day and week periods
 * cut across months). Days emptied by later writes keep a document with total 0, skipped here.
 */
export function windowQuery(filter: PostingFilter, months: boolean): estypes.QueryDslQueryContainer {
  const span = months ? monthSpan(filter.from, filter.to) : null;
  const parts: estypes.QueryDslQueryContainer[] = [];
  if (!span) parts.push(part('day', { gte: filter.from, lte: filter.to }));
  else {
    if (filter.from !== undefined && filter.from < span.firstMonth) parts.push(part('day', { gte: filter.from, lt: span.firstMonth }));
    parts.push(
      part('month', {
        gte: filter.from === undefined ? undefined : span.firstMonth,
        lte: filter.to === undefined ? undefined : span.lastMonth,
      }),
    );
    if (filter.to !== undefined && span.afterLastMonth <= filter.to) parts.push(part('day', { gte: span.afterLastMonth, lte: filter.to }));
  }
  return { bool: { filter: [{ range: { total: { gte: 1 } } }], should: parts, minimum_should_match: 1 } };
}

async function aggregate<T>(
  client: Client,
  index: string,
  filter: PostingFilter,
  aggs: Record<string, estypes.AggregationsAggregationContainer>,
  months = true,
) {
  const response = await client.search({ index, size: 0, query: windowQuery(filter, months), aggs, track_total_hits: false });
  return response.aggregations as T;
}

type Sum = { value: number };

export async function countPostings(client: Client, index: string, filter: PostingFilter): Promise<number> {
  const result = await aggregate<{ total: Sum }>(client, index, filter, { total: { sum: { field: 'total' } } });
  return Math.round(result.total.value);
}

/** The nested terms aggregation of skill sums: most first, ties by id (the order SQLite and the scan give). */
function skillTerms(filter: PostingFilter, limit: number): estypes.AggregationsAggregationContainer {
  return {
    nested: { path: 'counts' },
    aggs: {
      skills: {
        terms: {
          field: 'counts.skill',
          size: Math.max(1, Math.floor(limit)),
          include: filter.skillIds ? [...filter.skillIds] : undefined,
          order: [{ n: 'desc' }, { _key: 'asc' }] as unknown as estypes.AggregationsAggregateOrder,
        },
        aggs: { n: { sum: { field: 'counts.n' } } },
      },
    },
  };
}

type SkillSums = { skills: { buckets: Array<{ key: string; n: Sum }> } };
const toSkillCounts = (counts: SkillSums): SkillCount[] =>
  counts.skills.buckets.map((b) => ({ skillId: b.key, postings: Math.round(b.n.value) }));

/** Skills by their sum over the window's days, most first, ties by id: the order SQLite and the scan give. */
export async function skillCounts(client: Client, index: string, filter: PostingFilter, limit: number): Promise<SkillCount[]> {
  if (filter.skillIds?.length === 0) return [];
  const result = await aggregate<{ counts: SkillSums }>(client, index, filter, { counts: skillTerms(filter, limit) });
  return toSkillCounts(result.counts);
}

/** The window's total and its skill counts from one search: the sum of `total` beside the nested terms. */
export async function windowSkillCounts(client: Client, index: string, filter: PostingFilter, limit: number): Promise<WindowSkillCounts> {
  const noSkills = filter.skillIds?.length === 0;
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = { total: { sum: { field: 'total' } } };
  if (!noSkills) aggs.counts = skillTerms(filter, limit);
  const result = await aggregate<{ total: Sum; counts?: SkillSums }>(client, index, filter, aggs);
  return { total: Math.round(result.total.value), skills: result.counts ? toSkillCounts(result.counts) : [] };
}

type PeriodBucket = {
  key_as_string: string;
  total: Sum;
  counts?: { wanted: { skills: { buckets: Array<{ key: string; n: Sum }> } } };
};

function histogram(interval: Interval, skillIds: readonly string[]): estypes.AggregationsAggregationContainer {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = { total: { sum: { field: 'total' } } };
  if (skillIds.length > 0) {
    aggs.counts = {
      nested: { path: 'counts' },
      aggs: {
        wanted: {
          filter: { terms: { 'counts.skill': [...skillIds] } },
          aggs: { skills: { terms: { field: 'counts.skill', size: skillIds.length }, aggs: { n: { sum: { field: 'counts.n' } } } } },
        },
      },
    };
  }
  return { date_histogram: { field: 'day', calendar_interval: interval, format: 'yyyy-MM-dd', min_doc_count: 1 }, aggs };
}

/** Month documents fit inside month, quarter and year periods only. */
const byMonth = (interval: Interval) => interval === 'month' || interval === 'quarter' || interval === 'year';

export async function periodTotals(client: Client, index: string, filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]> {
  const result = await aggregate<{ periods: { buckets: PeriodBucket[] } }>(
    client,
    index,
    filter,
    { periods: histogram(interval, []) },
    byMonth(interval),
  );
  return result.periods.buckets.map((b) => ({ period: b.key_as_string, postings: Math.round(b.total.value) }));
}

/** Totals and the wanted skills' counts per period in one search; rows by period, then skill id. */
export async function trendCounts(
  client: Client,
  index: string,
  filter: PostingFilter,
  interval: Interval,
  skillIds: readonly string[],
): Promise<TrendCounts> {
  const ids = [...new Set(skillIds)].sort();
  const result = await aggregate<{ periods: { buckets: PeriodBucket[] } }>(
    client,
    index,
    filter,
    { periods: histogram(interval, ids) },
    byMonth(interval),
  );
  const totals: PeriodTotal[] = [];
  const counts: PeriodSkillCount[] = [];
  for (const bucket of result.periods.buckets) {
    totals.push({ period: bucket.key_as_string, postings: Math.round(bucket.total.value) });
    const found = new Map((bucket.counts?.wanted.skills.buckets ?? []).map((b) => [b.key, Math.round(b.n.value)]));
    for (const id of ids) {
      const postings = found.get(id) ?? 0;
      if (postings > 0) counts.push({ period: bucket.key_as_string, skillId: id, postings });
    }
  }
  return { totals, counts };
}
