import type { estypes } from '@elastic/elasticsearch';
import { ConfigError, type Logger, type StoredPosting, StoreError, silentLogger } from '@skillpulse/core';
import type {
  CanonicalLink,
  CooccurrenceResult,
  CrawlRun,
  Facet,
  FacetCount,
  Interval,
  PeriodSkillCount,
  PeriodTotal,
  PostingFilter,
  PostingInput,
  RewriteOptions,
  RewriteResult,
  SalaryPoint,
  SearchQuery,
  SearchResult,
  SkillCount,
  SkillStore,
  StoreInfo,
  TrendCounts,
  UpsertResult,
  WindowSkillCounts,
} from '../contract.js';
import { pinnedVersion, validateSearch } from '../shared.js';
import { Connection } from './connection.js';
import * as dimensions from './dimensions.js';
import { startError } from './errors.js';
import { ES_SCHEMA_VERSION, fromDoc, type PostingDoc } from './mapping.js';
import { listPartitions, type PartitionInfo, Partitions, TERMS_SHARD_SIZE } from './partitions.js';
import {
  BUCKET_ORDER,
  FACET_FIELDS,
  filterClauses,
  type HistogramAgg,
  query,
  SEARCH_ORDER,
  skillTermsAgg,
  type TermsAgg,
  windowSkillCounts,
} from './queries.js';
import { rewritePostings } from './reindex.js';
import { EsRollups } from './rollups.js';
import * as runs from './runs.js';
import { checkServer, createClient, type ElasticsearchStoreOptions, ensureIndices, indexNames } from './setup.js';
import { PostingWrites } from './writes.js';

/** Postings in a versioned index behind an alias, so a re-index can swap indices without downtime. */
export class ElasticsearchStore implements SkillStore {
  readonly backend = 'elasticsearch' as const;
  /** The alias every read and write goes through. */
  readonly alias: string;
  /** A data-version read under way, shared by the callers arriving meanwhile; a write ends the sharing. */
  private versionInFlight: Promise<string> | null = null;
  /** Per-day counts the date-only reports read (docs/decisions/0009-elasticsearch-rollups.md). */
  private readonly rollups: EsRollups;
  /** Postings writes, each to the partition its date (or its stored copy) is in. */
  private readonly writes: PostingWrites;

  private constructor(
    private readonly connection: Connection,
    private readonly options: ElasticsearchStoreOptions,
    private readonly logger: Logger,
  ) {
    this.alias = connection.names.alias;
    this.rollups = new EsRollups(connection, options.indexPrefix, logger, options.rollups);
    this.writes = new PostingWrites(connection, this.rollups);
    connection.onWrite = () => {
      this.versionInFlight = null;
    };
  }

  /** Connects, checks the server, and creates the template, index and alias when missing. */
  static async open(options: ElasticsearchStoreOptions): Promise<ElasticsearchStore> {
    const client = createClient(options);
    const logger = options.logger ?? silentLogger;
    const names = indexNames(options.indexPrefix);
    const partitions = new Partitions(client, options.indexPrefix, names.alias, options.partition ?? 'month');
    const store = new ElasticsearchStore(new Connection(client, names, partitions), options, logger);
    try {
      await checkServer(client, options.url, logger);
      await ensureIndices(client, names, options, partitions);
      await store.rollups.open(options.replicas);
    } catch (cause) {
      await client.close();
      if (cause instanceof ConfigError) throw cause;
      // At start, an unreachable server is a configuration problem: say what is wrong with it.
      throw startError(options.url, options.indexPrefix, cause instanceof StoreError && cause.cause ? cause.cause : cause);
    }
    return store;
  }

  private get client() {
    return this.connection.client;
  }

  upsertPostings(postings: readonly PostingInput[]): Promise<UpsertResult> {
    return this.writes.upsert(postings);
  }

  getContentHashes(ids: readonly string[]): Promise<Map<string, string>> {
    return this.writes.contentHashes(ids);
  }

  touchPostings(ids: readonly string[], seenAt: string): Promise<number> {
    return this.writes.touch(ids, seenAt);
  }

  markExpired(ids: readonly string[]): Promise<number> {
    return this.writes.expire(ids);
  }

  setCanonical(links: readonly CanonicalLink[]): Promise<number> {
    return this.writes.setCanonical(links);
  }

  async duplicatesOf(canonicalId: string): Promise<string[]> {
    await this.connection.fresh();
    const response = await this.client.search<Pick<PostingDoc, 'id'>>({
      index: this.alias,
      query: { term: { canonical_id: canonicalId } },
      sort: [{ id: 'asc' }],
      size: 10_000,
      _source: ['id'],
    });
    return response.hits.hits.map((hit) => (hit._source as Pick<PostingDoc, 'id'>).id);
  }

  private async aggregate<T>(
    filter: PostingFilter,
    aggs: Record<string, estypes.AggregationsAggregationContainer>,
    extra: estypes.QueryDslQueryContainer[] = [],
  ): Promise<T> {
    await this.connection.fresh();
    const q = { bool: { filter: [...filterClauses(filter), ...extra] } };
    const response = await this.client.search({ index: this.alias, size: 0, query: q, aggs, track_total_hits: false });
    return response.aggregations as T;
  }

  async countPostings(filter: PostingFilter): Promise<number> {
    if (this.rollups.answers(filter)) return this.rollups.countPostings(filter);
    await this.connection.fresh();
    return (await this.client.count({ index: this.alias, query: query(filter) })).count;
  }

  async skillCounts(filter: PostingFilter, limit = 50): Promise<SkillCount[]> {
    if (filter.skillIds?.length === 0) return [];
    if (this.rollups.answers(filter)) return this.rollups.skillCounts(filter, limit);
    const result = await this.aggregate<{ skills: TermsAgg }>(filter, { skills: skillTermsAgg(filter, limit) });
    return result.skills.buckets.map((b) => ({ skillId: b.key, postings: b.doc_count }));
  }

  windowSkillCounts(filter: PostingFilter, limit = 50): Promise<WindowSkillCounts> {
    if (this.rollups.answers(filter)) return this.rollups.windowSkillCounts(filter, limit);
    return windowSkillCounts(this.connection, this.alias, filter, limit);
  }

  async periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]> {
    if (this.rollups.answers(filter)) return this.rollups.periodTotals(filter, interval);
    const result = await this.aggregate<{ periods: HistogramAgg }>(filter, {
      periods: { date_histogram: { field: 'date_posted', calendar_interval: interval, format: 'yyyy-MM-dd', min_doc_count: 1 } },
    });
    return result.periods.buckets.map((b) => ({ period: b.key_as_string, postings: b.doc_count }));
  }

  /**
   * One date_histogram: its bucket counts are the totals, and a `filters` sub-aggregation counts
   * each skill (cheaper than a terms aggregation over every skill of every posting).
   */
  async trendCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<TrendCounts> {
    if (this.rollups.answers(filter)) return this.rollups.trendCounts(filter, interval, skillIds);
    const ids = [...new Set(skillIds)].sort();
    const result = await this.aggregate<{
      periods: {
        buckets: Array<{ key_as_string: string; doc_count: number; skills?: { buckets: Record<string, { doc_count: number }> } }>;
      };
    }>(filter, {
      periods: {
        date_histogram: { field: 'date_posted', calendar_interval: interval, format: 'yyyy-MM-dd', min_doc_count: 1 },
        aggs:
          ids.length > 0
            ? { skills: { filters: { filters: Object.fromEntries(ids.map((id) => [id, { term: { skills: id } }])) } } }
            : undefined,
      },
    });
    const totals: PeriodTotal[] = [];
    const counts: PeriodSkillCount[] = [];
    for (const bucket of result.periods.buckets) {
      totals.push({ period: bucket.key_as_string, postings: bucket.doc_count });
      for (const id of ids) {
        const postings = bucket.skills?.buckets[id]?.doc_count ?? 0;
        if (postings > 0) counts.push({ period: bucket.key_as_string, skillId: id, postings });
      }
    }
    return { totals, counts };
  }

  async cooccurrence(filter: PostingFilter, skillId: string, limit = 50): Promise<CooccurrenceResult> {
    await this.connection.fresh();
    const q = query({ ...filter, hasSkills: [...(filter.hasSkills ?? []), skillId] });
    const response = await this.client.search({
      index: this.alias,
      size: 0,
      query: q,
      track_total_hits: true,
      aggs: {
        skills: {
          terms: {
            field: 'skills',
            size: Math.max(1, Math.floor(limit)),
            shard_size: TERMS_SHARD_SIZE,
            order: BUCKET_ORDER,
            exclude: [skillId],
          },
        },
      },
    });
    const total = response.hits.total as estypes.SearchTotalHits;
    const skills = (response.aggregations as { skills: TermsAgg }).skills.buckets.map((b) => ({ skillId: b.key, postings: b.doc_count }));
    return { postings: total.value, skills };
  }

  async facetCounts(filter: PostingFilter, facet: Facet, limit = 50): Promise<FacetCount[]> {
    const result = await this.aggregate<{ values: TermsAgg }>(filter, {
      values: {
        terms: { field: FACET_FIELDS[facet], size: Math.max(1, Math.floor(limit)), shard_size: TERMS_SHARD_SIZE, order: BUCKET_ORDER },
      },
    });
    return result.values.buckets.map((b) => ({ value: b.key, postings: b.doc_count }));
  }

  salaryPoints(filter: PostingFilter, skillId?: string): Promise<SalaryPoint[]> {
    return dimensions.salaryPoints(this.connection, filter, skillId);
  }

  async searchPostings(search: SearchQuery): Promise<SearchResult> {
    validateSearch(search);
    await this.connection.fresh();
    const q = query(search.filter);
    const text = search.text?.trim();
    if (text) {
      (q.bool as estypes.QueryDslBoolQuery).must = [
        { multi_match: { query: text, fields: ['title', 'description_text'], type: 'cross_fields', operator: 'and' } },
      ];
    }
    const response = await this.client.search<PostingDoc>({
      index: this.alias,
      query: q,
      sort: SEARCH_ORDER,
      from: (search.page - 1) * search.pageSize,
      size: search.pageSize,
      track_total_hits: true,
    });
    return {
      total: (response.hits.total as estypes.SearchTotalHits).value,
      postings: response.hits.hits.map((hit) => fromDoc(hit._source as PostingDoc)),
    };
  }

  async *iteratePostings(filter: PostingFilter = {}): AsyncIterable<StoredPosting> {
    for await (const docs of this.connection.scan(this.alias, query(filter, false))) {
      for (const doc of docs) yield fromDoc(doc);
    }
  }

  rewritePostings(options: RewriteOptions): Promise<RewriteResult> {
    return this.rollups.aroundRewrite(() => rewritePostings(this.connection, options, this.logger));
  }

  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return runs.acquireLock(this.connection, name, owner, ttlMs);
  }

  releaseLock(name: string, owner: string): Promise<void> {
    return runs.releaseLock(this.connection, name, owner);
  }

  saveRun(run: CrawlRun): Promise<void> {
    return runs.saveRun(this.connection, run);
  }

  listRuns(job?: string, limit = 50): Promise<CrawlRun[]> {
    return runs.listRuns(this.connection, job, limit);
  }

  async info(): Promise<StoreInfo> {
    await this.connection.fresh();
    const response = await this.client.search({
      index: this.alias,
      size: 0,
      track_total_hits: true,
      aggs: {
        unique: { filter: { term: { unique: true } } },
        taxonomy: { terms: { field: 'taxonomy_version', size: 100, order: { _key: 'asc' } } },
        extractor: { terms: { field: 'extractor_version', size: 100, order: { _key: 'asc' } } },
      },
    });
    const aggs = response.aggregations as { unique: { doc_count: number }; taxonomy: TermsAgg; extractor: TermsAgg };
    return {
      backend: 'elasticsearch',
      schemaVersion: ES_SCHEMA_VERSION,
      postings: (response.hits.total as estypes.SearchTotalHits).value,
      uniquePostings: aggs.unique.doc_count,
      taxonomyVersions: aggs.taxonomy.buckets.map((b) => b.key),
      extractorVersions: aggs.extractor.buckets.map((b) => b.key),
    };
  }

  /**
   * Asked on every analytics request: callers arriving while a read is under way share it (unless
   * this store wrote since it started), so 50 concurrent requests cost one stats call, not 50.
   */
  async dataVersion(): Promise<string> {
    if (this.versionInFlight) return this.versionInFlight;
    const version = this.readDataVersion();
    this.versionInFlight = version;
    const done = () => {
      if (this.versionInFlight === version) this.versionInFlight = null;
    };
    version.then(done, done);
    return version;
  }

  private async readDataVersion(): Promise<string> {
    const { alias, runs: runsIndex } = this.connection.names;
    await this.connection.fresh();
    await this.connection.fresh(runsIndex);
    await this.connection.fresh(this.rollups.index);
    // Writes count in indexing totals at once but show only after a refresh, so refreshes count too.
    const [stats, newest] = await Promise.all([
      this.client.indices.stats({ index: `${alias},${runsIndex},${this.rollups.index}`, metric: ['indexing', 'refresh'] }),
      // The pin: the newest time a posting was first stored (asOf reports read postings stored up to it).
      this.client.search({ index: alias, size: 0, track_total_hits: false, aggs: { pin: { max: { field: 'stored_at' } } } }),
    ]);
    const pin = (newest.aggregations as { pin?: { value: number | null } } | undefined)?.pin?.value ?? 0;
    const token = Object.entries(stats.indices ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([name, s]) =>
          `${name}:${s.primaries?.indexing?.index_total ?? 0}:${s.primaries?.indexing?.delete_total ?? 0}:${s.primaries?.refresh?.total ?? 0}`,
      )
      .join(',');
    return pinnedVersion(pin, token);
  }

  /** The postings indices behind the alias, oldest partition first, with their posting counts (for operators). */
  partitions(): Promise<PartitionInfo[]> {
    return listPartitions(this.connection);
  }

  /** Deletes every index (every partition of every generation), alias and template of this prefix: for tests and `--reset`. */
  async destroy(): Promise<void> {
    const { runs: runsIndex, meta } = this.connection.names;
    await this.client.indices.delete({
      index: `${this.options.indexPrefix}-postings-v*,${runsIndex},${meta},${this.rollups.index}`,
      ignore_unavailable: true,
    });
    await this.client.indices.deleteIndexTemplate({ name: this.alias }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.rollups.close();
    await this.connection.publish();
    await this.client.close();
  }
}
