import type { estypes } from '@elastic/elasticsearch';
import type { Facet, PostingFilter, WindowSkillCounts } from '../contract.js';
import { foldKey } from '../shared.js';
import type { Connection } from './connection.js';
import type { PostingDoc } from './mapping.js';
import { TERMS_SHARD_SIZE } from './partitions.js';

/** Posting field each breakdown groups by. */
export const FACET_FIELDS: Record<Facet, keyof PostingDoc> = {
  source: 'source',
  company: 'company',
  country: 'country',
  location: 'locations',
  remote: 'remote',
  seniority: 'seniority',
  role: 'role_id',
  city: 'cities',
  region: 'regions',
  metro: 'metros',
};

export function filterClauses(filter: PostingFilter, uniqueOnly = true): estypes.QueryDslQueryContainer[] {
  const clauses: estypes.QueryDslQueryContainer[] = [];
  if (uniqueOnly) clauses.push({ term: { unique: true } });
  if (filter.from || filter.to) clauses.push({ range: { date_posted: { gte: filter.from, lte: filter.to } } });
  const term = (field: string, value: string | undefined) => {
    if (value !== undefined && value !== '') clauses.push({ term: { [field]: value } });
  };
  term('source', filter.source);
  term('company_key', filter.company && foldKey(filter.company));
  term('country', filter.country);
  term('locations_key', filter.location && foldKey(filter.location));
  term('remote', filter.remote);
  term('seniority', filter.seniority);
  term('role_id', filter.role);
  term('cities_key', filter.city && foldKey(filter.city));
  term('regions_key', filter.region && foldKey(filter.region));
  term('metros_key', filter.metro && foldKey(filter.metro));
  if (filter.storedBy !== undefined) {
    // A document written before schema 3 has no stored_at: stored before every pin.
    clauses.push({
      bool: {
        should: [{ range: { stored_at: { lte: filter.storedBy } } }, { bool: { must_not: { exists: { field: 'stored_at' } } } }],
        minimum_should_match: 1,
      },
    });
  }
  for (const skillId of filter.hasSkills ?? []) term('skills', skillId);
  if (filter.anySkills) clauses.push({ terms: { skills: [...filter.anySkills] } });
  // A union per group: one terms filter matches a posting once however many of the ids it has.
  for (const group of filter.skillGroups ?? []) clauses.push({ terms: { skills: [...group] } });
  return clauses;
}

export function query(filter: PostingFilter, uniqueOnly = true): estypes.QueryDslQueryContainer {
  return { bool: { filter: filterClauses(filter, uniqueOnly) } };
}

export const SEARCH_ORDER: estypes.Sort = [{ date_posted: 'desc' }, { id: 'asc' }];
export const BUCKET_ORDER = [{ _count: 'desc' }, { _key: 'asc' }] as unknown as estypes.AggregationsAggregateOrder;

export type TermsAgg = { buckets: Array<{ key: string; doc_count: number }> };
export type HistogramAgg = { buckets: Array<{ key_as_string: string; doc_count: number; skills?: TermsAgg }> };

/** The terms aggregation of skill counts over postings: most first, ties by id. */
export function skillTermsAgg(filter: PostingFilter, limit: number): estypes.AggregationsAggregationContainer {
  const size = Math.max(1, Math.floor(limit));
  // The shard size skillCounts uses: exact across monthly partitions (partitions.ts).
  return {
    terms: {
      field: 'skills',
      size,
      shard_size: TERMS_SHARD_SIZE,
      order: BUCKET_ORDER,
      include: filter.skillIds ? [...filter.skillIds] : undefined,
    },
  };
}

/**
 * `countPostings` and `skillCounts` over the postings in one search: `track_total_hits: true`
 * makes the hit total exact at any size (not capped at 10,000), the same count `_count` gives.
 */
export async function windowSkillCounts(
  connection: Connection,
  index: string,
  filter: PostingFilter,
  limit: number,
): Promise<WindowSkillCounts> {
  await connection.fresh();
  const noSkills = filter.skillIds?.length === 0;
  const response = await connection.client.search({
    index,
    size: 0,
    query: query(filter),
    track_total_hits: true,
    aggs: noSkills ? undefined : { skills: skillTermsAgg(filter, limit) },
  });
  const skills = noSkills ? [] : (response.aggregations as { skills: TermsAgg }).skills.buckets;
  return {
    total: (response.hits.total as estypes.SearchTotalHits).value,
    skills: skills.map((b) => ({ skillId: b.key, postings: b.doc_count })),
  };
}
