import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { estypes } from '@elastic/elasticsearch';
import { Client, errors } from '@elastic/elasticsearch';
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
  SearchQuery,
  SearchResult,
  SkillCount,
  SkillStore,
  StoreInfo,
  TrendCounts,
  UpsertResult,
} from './contract.js';
import { storeTransport } from './elasticsearch-transport.js';
import { foldKey, toStored, validateSearch } from './shared.js';

/** Bumped when the mapping changes; stored in the index's `_meta`. */
export const ES_SCHEMA_VERSION = 1;

export interface ElasticsearchStoreOptions {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** PEM file of the CA that signed the cluster's certificate. */
  caFile?: string;
  /** Prefix of every index, alias and template this store creates. */
  indexPrefix: string;
  shards: number;
  replicas: number;
  logger?: Logger;
}

/** What one posting looks like in the index; `stored` keeps what is returned but never searched. */
interface PostingDoc {
  id: string;
  source: string;
  url: string;
  title: string;
  company: string | null;
  company_key: string | null;
  locations: string[];
  locations_key: string[];
  country: string | null;
  remote: string;
  employment_type: string | null;
  seniority: string;
  date_posted: string;
  date_inferred: boolean;
  description_text: string;
  content_hash: string;
  canonical_id: string | null;
  unique: boolean;
  first_seen: string;
  last_seen: string;
  expired: boolean;
  taxonomy_version: string;
  extractor_version: string;
  skills: string[];
  stored: {
    skills: StoredPosting['skills'];
    salary: StoredPosting['salary'];
    valid_through: string | null;
    description_html: string | null;
  };
}

const keyword = { type: 'keyword' } as const;
const date = { type: 'date', format: 'strict_date_optional_time' } as const;

function postingMappings(): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    _meta: { schema_version: ES_SCHEMA_VERSION },
    properties: {
      id: keyword,
      source: keyword,
      url: { type: 'keyword', index: false, doc_values: false },
      title: { type: 'text', analyzer: 'standard', fields: { raw: { type: 'keyword', ignore_above: 512 } } },
      company: keyword,
      company_key: keyword,
      locations: keyword,
      locations_key: keyword,
      country: keyword,
      remote: keyword,
      employment_type: keyword,
      seniority: keyword,
      date_posted: date,
      date_inferred: { type: 'boolean' },
      description_text: { type: 'text', analyzer: 'standard' },
      content_hash: keyword,
      canonical_id: keyword,
      unique: { type: 'boolean' },
      first_seen: date,
      last_seen: date,
      expired: { type: 'boolean' },
      taxonomy_version: keyword,
      extractor_version: keyword,
      // Canonical skill ids: the field every trend aggregation (and Kibana) reads.
      skills: keyword,
      stored: { type: 'object', enabled: false },
    },
  };
}

function toDoc(posting: StoredPosting): PostingDoc {
  return {
    id: posting.id,
    source: posting.source,
    url: posting.url,
    title: posting.title,
    company: posting.company,
    company_key: posting.company === null ? null : foldKey(posting.company),
    locations: posting.locations,
    locations_key: posting.locations.map(foldKey),
    country: posting.country,
    remote: posting.remote,
    employment_type: posting.employmentType,
    seniority: posting.seniority,
    date_posted: posting.datePosted,
    date_inferred: posting.dateInferred,
    description_text: posting.descriptionText,
    content_hash: posting.contentHash,
    canonical_id: posting.canonicalId,
    unique: posting.canonicalId === null,
    first_seen: posting.firstSeen,
    last_seen: posting.lastSeen,
    expired: posting.expired,
    taxonomy_version: posting.taxonomyVersion,
    extractor_version: posting.extractorVersion,
    skills: posting.skills.map((s) => s.skillId),
    stored: {
      skills: posting.skills,
      salary: posting.salary,
      valid_through: posting.validThrough,
      description_html: posting.descriptionHtml,
    },
  };
}

function fromDoc(doc: PostingDoc): StoredPosting {
  return {
    id: doc.id,
    source: doc.source,
    url: doc.url,
    title: doc.title,
    company: doc.company,
    locations: doc.locations,
    country: doc.country,
    remote: doc.remote as StoredPosting['remote'],
    employmentType: doc.employment_type,
    seniority: doc.seniority as StoredPosting['seniority'],
    salary: doc.stored.salary,
    datePosted: doc.date_posted,
    dateInferred: doc.date_inferred,
    validThrough: doc.stored.valid_through,
    descriptionText: doc.description_text,
    descriptionHtml: doc.stored.description_html,
    contentHash: doc.content_hash,
    canonicalId: doc.canonical_id,
    firstSeen: doc.first_seen,
    lastSeen: doc.last_seen,
    expired: doc.expired,
    taxonomyVersion: doc.taxonomy_version,
    extractorVersion: doc.extractor_version,
    skills: doc.stored.skills,
  };
}

/** Deterministic `_id`: the posting id, or its hash when it is longer than Elasticsearch allows (512 bytes). */
export function documentId(postingId: string): string {
  return Buffer.byteLength(postingId) <= 512 ? postingId : `sha256:${createHash('sha256').update(postingId).digest('hex')}`;
}

const FACET_FIELDS: Record<Facet, keyof PostingDoc> = {
  source: 'source',
  company: 'company',
  country: 'country',
  location: 'locations',
  remote: 'remote',
  seniority: 'seniority',
};

function filterClauses(filter: PostingFilter, uniqueOnly = true): estypes.QueryDslQueryContainer[] {
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
  for (const skillId of filter.hasSkills ?? []) term('skills', skillId);
  if (filter.anySkills) clauses.push({ terms: { skills: [...filter.anySkills] } });
  // A union per group: one terms filter matches a posting once however many of the ids it has.
  for (const group of filter.skillGroups ?? []) clauses.push({ terms: { skills: [...group] } });
  return clauses;
}

function query(filter: PostingFilter, uniqueOnly = true): estypes.QueryDslQueryContainer {
  return { bool: { filter: filterClauses(filter, uniqueOnly) } };
}

const SEARCH_ORDER: estypes.Sort = [{ date_posted: 'desc' }, { id: 'asc' }];
const BUCKET_ORDER = [{ _count: 'desc' }, { _key: 'asc' }] as unknown as estypes.AggregationsAggregateOrder;

type TermsAgg = { buckets: Array<{ key: string; doc_count: number }> };
type HistogramAgg = { buckets: Array<{ key_as_string: string; doc_count: number; skills?: TermsAgg }> };

/** Turns a client error at start into a message that says what is wrong and how to fix it. */
function startError(url: string, cause: unknown): ConfigError {
  const where = `Elasticsearch at ${url}`;
  if (cause instanceof errors.ConnectionError) {
    return new ConfigError(`cannot reach ${where} (${cause.message}); start it (scripts/elasticsearch.sh start) or fix SKILLPULSE_ES_URL`, {
      cause,
      code: 'SKILLPULSE_ERR_ES_UNREACHABLE',
    });
  }
  if (cause instanceof errors.ProductNotSupportedError) {
    return new ConfigError(`the server at ${url} is not Elasticsearch; point SKILLPULSE_ES_URL at an Elasticsearch 8.x or 9.x node`, {
      cause,
      code: 'SKILLPULSE_ERR_ES_VERSION',
    });
  }
  if (cause instanceof errors.ResponseError) {
    if (cause.statusCode === 401) {
      return new ConfigError(
        `${where} rejected the credentials (401); check SKILLPULSE_ES_API_KEY, or SKILLPULSE_ES_USERNAME and SKILLPULSE_ES_PASSWORD`,
        { cause, code: 'SKILLPULSE_ERR_ES_AUTH' },
      );
    }
    if (cause.statusCode === 403) {
      return new ConfigError(
        `${where} refused the request (403): the user or API key needs the monitor cluster privilege and all privileges on the SKILLPULSE_ES_INDEX_PREFIX indices`,
        { cause, code: 'SKILLPULSE_ERR_ES_AUTH' },
      );
    }
    if (cause.statusCode === 400 && /media_type|compatible-with/i.test(cause.message)) {
      return new ConfigError(`${where} is too old for this client: SkillPulse needs Elasticsearch 8.x or 9.x`, {
        cause,
        code: 'SKILLPULSE_ERR_ES_VERSION',
      });
    }
    return new ConfigError(`${where} answered ${cause.statusCode}: ${cause.message}`, { cause, code: 'SKILLPULSE_ERR_ES_START' });
  }
  if (cause instanceof errors.TimeoutError) {
    return new ConfigError(`${where} did not answer in time; check that it is healthy (GET /_cluster/health)`, {
      cause,
      code: 'SKILLPULSE_ERR_ES_UNREACHABLE',
    });
  }
  return new ConfigError(`cannot use ${where}: ${(cause as Error).message}`, { cause, code: 'SKILLPULSE_ERR_ES_START' });
}

/** Postings in a versioned index behind an alias, so a re-index can swap indices without downtime. */
export class ElasticsearchStore implements SkillStore {
  readonly backend = 'elasticsearch' as const;
  /** The alias every read and write goes through. */
  readonly alias: string;
  private readonly runsIndex: string;
  private readonly metaIndex: string;
  /** Written since the last refresh: the next read refreshes first, so a process reads its own writes. */
  private dirty = new Set<string>();
  /** A data-version read under way, shared by the callers arriving meanwhile; a write ends the sharing. */
  private versionInFlight: Promise<string> | null = null;

  private constructor(
    private readonly client: Client,
    private readonly options: ElasticsearchStoreOptions,
    private readonly logger: Logger,
  ) {
    this.alias = `${options.indexPrefix}-postings`;
    this.runsIndex = `${options.indexPrefix}-runs`;
    this.metaIndex = `${options.indexPrefix}-meta`;
  }

  /** Connects, checks the server, and creates the template, index and alias when missing. */
  static async open(options: ElasticsearchStoreOptions): Promise<ElasticsearchStore> {
    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(options.indexPrefix)) {
      throw new ConfigError(
        `SKILLPULSE_ES_INDEX_PREFIX: "${options.indexPrefix}" is not a valid index name prefix (lowercase letters, digits, - _ .)`,
        { code: 'SKILLPULSE_ERR_CONFIG' },
      );
    }
    let ca: Buffer | undefined;
    if (options.caFile) {
      try {
        ca = readFileSync(options.caFile);
      } catch (cause) {
        throw new ConfigError(`SKILLPULSE_ES_CA_FILE: cannot read ${options.caFile}: ${(cause as Error).message}`, {
          cause,
          code: 'SKILLPULSE_ERR_CONFIG',
        });
      }
    }
    let client: Client;
    try {
      client = new Client({
        node: options.url,
        auth: options.apiKey
          ? { apiKey: options.apiKey }
          : options.username
            ? { username: options.username, password: options.password ?? '' }
            : undefined,
        tls: ca ? { ca } : undefined,
        requestTimeout: 60_000,
        maxRetries: 2,
        // A server that stops answering later makes every call fail with SKILLPULSE_ERR_STORE_UNAVAILABLE (503).
        Transport: storeTransport(options.url),
      });
    } catch (cause) {
      throw new ConfigError(`SKILLPULSE_ES_URL: "${options.url}" is not a usable URL: ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_CONFIG',
      });
    }
    const store = new ElasticsearchStore(client, options, options.logger ?? silentLogger);
    try {
      await store.checkServer();
      await store.ensureIndices();
    } catch (cause) {
      await client.close();
      if (cause instanceof ConfigError) throw cause;
      // At start, an unreachable server is a configuration problem: say how to start it or fix the URL.
      throw startError(options.url, cause instanceof StoreError && cause.cause ? cause.cause : cause);
    }
    return store;
  }

  private async checkServer(): Promise<void> {
    const info = await this.client.nodes.info({ node_id: '_local', filter_path: 'nodes.*.version' });
    const version = Object.values(info.nodes ?? {})[0]?.version ?? 'unknown';
    const major = Number.parseInt(version, 10);
    if (!(major === 8 || major === 9)) {
      throw new ConfigError(`Elasticsearch ${version} at ${this.options.url} is not supported: SkillPulse needs 8.x or 9.x`, {
        code: 'SKILLPULSE_ERR_ES_VERSION',
      });
    }
    this.logger.info({ url: this.options.url, version }, 'connected to Elasticsearch');
  }

  private postingsIndex(version: number): string {
    return `${this.options.indexPrefix}-postings-v${version}`;
  }

  private async ensureIndices(): Promise<void> {
    await this.client.indices.putIndexTemplate({
      name: this.alias,
      index_patterns: [`${this.options.indexPrefix}-postings-v*`],
      priority: 200,
      template: {
        settings: { number_of_shards: this.options.shards, number_of_replicas: this.options.replicas },
        mappings: postingMappings(),
      },
    });
    if (!(await this.client.indices.existsAlias({ name: this.alias }))) {
      if (await this.client.indices.exists({ index: this.alias })) {
        throw new ConfigError(`${this.alias} is an index, not an alias; SkillPulse needs the name for its alias (rename or delete it)`, {
          code: 'SKILLPULSE_ERR_ES_START',
        });
      }
      await this.client.indices.create({ index: this.postingsIndex(1), aliases: { [this.alias]: { is_write_index: true } } });
    }
    const settings = { number_of_shards: 1, number_of_replicas: this.options.replicas };
    for (const [index, properties] of [
      [this.runsIndex, { id: keyword, job: keyword, startedAt: date }],
      [this.metaIndex, {}],
    ] as const) {
      if (!(await this.client.indices.exists({ index }))) {
        await this.client.indices.create({ index, settings, mappings: { dynamic: false, properties } });
      }
    }
    const current = await this.client.indices.getMapping({ index: this.alias });
    const schema = Object.values(current)[0]?.mappings._meta?.schema_version as number | undefined;
    if (schema !== undefined && schema > ES_SCHEMA_VERSION) {
      throw new ConfigError(
        `index ${this.alias} has schema ${schema}, newer than this SkillPulse knows (${ES_SCHEMA_VERSION}); upgrade SkillPulse`,
        {
          code: 'SKILLPULSE_ERR_ES_VERSION',
        },
      );
    }
  }

  /** Makes this process's writes visible before it reads. */
  private markDirty(index: string): void {
    this.dirty.add(index);
    // A read started before this write must not answer for the data after it.
    this.versionInFlight = null;
  }

  private async fresh(index: string = this.alias): Promise<void> {
    if (!this.dirty.has(index)) return;
    this.dirty.delete(index);
    await this.client.indices.refresh({ index });
  }

  private async fetchDocs<K extends keyof PostingDoc>(ids: readonly string[], fields: K[]): Promise<Map<string, Pick<PostingDoc, K>>> {
    const found = new Map<string, Pick<PostingDoc, K>>();
    if (ids.length === 0) return found;
    const response = await this.client.mget<Pick<PostingDoc, K>>({
      index: this.alias,
      ids: ids.map(documentId),
      _source_includes: fields as string[],
      realtime: true,
    });
    response.docs.forEach((doc, i) => {
      if ('found' in doc && doc.found && doc._source) found.set(ids[i] as string, doc._source);
    });
    return found;
  }

  /**
   * Writes through the bulk helper; every document Elasticsearch drops becomes part of one error,
   * so nothing is lost silently. Writes are per document: re-running a failed batch is safe.
   */
  private async bulk(index: string, writes: Array<{ id: string; doc: object; partial?: boolean }>, what: string): Promise<void> {
    if (writes.length === 0) return;
    const actions = new WeakMap<object, { id: string; partial: boolean }>();
    for (const write of writes) actions.set(write.doc, { id: write.id, partial: write.partial === true });
    const dropped: string[] = [];
    try {
      const stats = await this.client.helpers.bulk<object>({
        datasource: writes.map((w) => w.doc),
        onDocument: (doc) => {
          const action = actions.get(doc) as { id: string; partial: boolean };
          return action.partial
            ? [{ update: { _index: index, _id: documentId(action.id) } }, {}]
            : { index: { _index: index, _id: documentId(action.id) } };
        },
        onDrop: (drop) => {
          const operation = drop.operation as { index?: { _id?: string }; update?: { _id?: string } };
          const id = operation.index?._id ?? operation.update?._id ?? '?';
          dropped.push(`${id}: ${drop.error?.reason ?? `status ${drop.status}`}`);
        },
        flushBytes: 4_000_000,
        concurrency: 2,
      });
      if (stats.failed > 0 && dropped.length === 0) dropped.push(`${stats.failed} documents failed`);
    } catch (cause) {
      throw new StoreError(`${what}: Elasticsearch refused the bulk request: ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_STORE_WRITE',
      });
    } finally {
      this.markDirty(index);
    }
    if (dropped.length > 0) {
      throw new StoreError(
        `${what}: Elasticsearch dropped ${dropped.length} of ${writes.length} documents (the others were written; re-running is safe): ${dropped.slice(0, 5).join('; ')}`,
        { code: 'SKILLPULSE_ERR_STORE_WRITE' },
      );
    }
  }

  async upsertPostings(postings: readonly PostingInput[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    const existing = await this.fetchDocs(
      postings.map((p) => p.id),
      ['content_hash', 'extractor_version', 'taxonomy_version', 'canonical_id', 'first_seen'],
    );
    const writes: Array<{ id: string; doc: object; partial?: boolean }> = [];
    for (const posting of postings) {
      const stored = existing.get(posting.id);
      if (
        stored &&
        stored.content_hash === posting.contentHash &&
        stored.extractor_version === posting.extractorVersion &&
        stored.taxonomy_version === posting.taxonomyVersion &&
        stored.canonical_id === posting.canonicalId
      ) {
        writes.push({ id: posting.id, doc: { last_seen: posting.seenAt, expired: false }, partial: true });
        result.unchanged++;
        continue;
      }
      writes.push({ id: posting.id, doc: toDoc(toStored(posting, stored?.first_seen)) });
      if (stored) result.updated++;
      else result.inserted++;
      // A later copy in the same batch is the same posting again.
      existing.set(posting.id, {
        content_hash: posting.contentHash,
        extractor_version: posting.extractorVersion,
        taxonomy_version: posting.taxonomyVersion,
        canonical_id: posting.canonicalId,
        first_seen: stored?.first_seen ?? posting.seenAt,
      });
    }
    await this.bulk(this.alias, writes, `batch of ${postings.length} postings`);
    return result;
  }

  async getPosting(id: string): Promise<StoredPosting | null> {
    try {
      const response = await this.client.get<PostingDoc>({ index: this.alias, id: documentId(id) });
      return response._source ? fromDoc(response._source) : null;
    } catch (cause) {
      if (cause instanceof errors.ResponseError && cause.statusCode === 404) return null;
      throw cause;
    }
  }

  async getContentHashes(ids: readonly string[]): Promise<Map<string, string>> {
    const docs = await this.fetchDocs(ids, ['content_hash']);
    return new Map([...docs].map(([id, doc]) => [id, doc.content_hash]));
  }

  async touchPostings(ids: readonly string[], seenAt: string): Promise<number> {
    const docs = await this.fetchDocs(ids, ['expired']);
    const writes = [...docs.keys()].map((id) => ({ id, doc: { last_seen: seenAt, expired: false }, partial: true }));
    await this.bulk(this.alias, writes, 'last-seen update');
    return writes.length;
  }

  async markExpired(ids: readonly string[]): Promise<number> {
    const docs = await this.fetchDocs(ids, ['expired']);
    const writes = [...docs].filter(([, doc]) => !doc.expired).map(([id]) => ({ id, doc: { expired: true }, partial: true }));
    await this.bulk(this.alias, writes, 'expiry');
    return writes.length;
  }

  async setCanonical(links: readonly CanonicalLink[]): Promise<number> {
    const docs = await this.fetchDocs(
      links.map((l) => l.id),
      ['canonical_id'],
    );
    const writes = [];
    for (const link of links) {
      const doc = docs.get(link.id);
      if (!doc || doc.canonical_id === link.canonicalId) continue;
      if (link.canonicalId === link.id) {
        throw new StoreError(`posting ${link.id} cannot be its own canonical posting`, { code: 'SKILLPULSE_ERR_STORE_WRITE' });
      }
      writes.push({ id: link.id, doc: { canonical_id: link.canonicalId, unique: link.canonicalId === null }, partial: true });
    }
    await this.bulk(this.alias, writes, 'canonical links');
    return writes.length;
  }

  async duplicatesOf(canonicalId: string): Promise<string[]> {
    await this.fresh();
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
    await this.fresh();
    const q = { bool: { filter: [...filterClauses(filter), ...extra] } };
    const response = await this.client.search({ index: this.alias, size: 0, query: q, aggs, track_total_hits: false });
    return response.aggregations as T;
  }

  async countPostings(filter: PostingFilter): Promise<number> {
    await this.fresh();
    return (await this.client.count({ index: this.alias, query: query(filter) })).count;
  }

  async skillCounts(filter: PostingFilter, limit = 50): Promise<SkillCount[]> {
    if (filter.skillIds?.length === 0) return [];
    const size = Math.max(1, Math.floor(limit));
    const result = await this.aggregate<{ skills: TermsAgg }>(filter, {
      skills: { terms: { field: 'skills', size, order: BUCKET_ORDER, include: filter.skillIds ? [...filter.skillIds] : undefined } },
    });
    return result.skills.buckets.map((b) => ({ skillId: b.key, postings: b.doc_count }));
  }

  async periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]> {
    const result = await this.aggregate<{ periods: HistogramAgg }>(filter, {
      periods: { date_histogram: { field: 'date_posted', calendar_interval: interval, format: 'yyyy-MM-dd', min_doc_count: 1 } },
    });
    return result.periods.buckets.map((b) => ({ period: b.key_as_string, postings: b.doc_count }));
  }

  async periodSkillCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<PeriodSkillCount[]> {
    if (skillIds.length === 0) return [];
    return (await this.trendCounts(filter, interval, skillIds)).counts.filter((c) => c.postings > 0);
  }

  /**
   * One date_histogram: its bucket counts are the totals, and a `filters` sub-aggregation counts
   * each skill (cheaper than a terms aggregation over every skill of every posting).
   */
  async trendCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<TrendCounts> {
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
    await this.fresh();
    const q = query({ ...filter, hasSkills: [...(filter.hasSkills ?? []), skillId] });
    const response = await this.client.search({
      index: this.alias,
      size: 0,
      query: q,
      track_total_hits: true,
      aggs: { skills: { terms: { field: 'skills', size: Math.max(1, Math.floor(limit)), order: BUCKET_ORDER, exclude: [skillId] } } },
    });
    const total = response.hits.total as estypes.SearchTotalHits;
    const skills = (response.aggregations as { skills: TermsAgg }).skills.buckets.map((b) => ({ skillId: b.key, postings: b.doc_count }));
    return { postings: total.value, skills };
  }

  async facetCounts(filter: PostingFilter, facet: Facet, limit = 50): Promise<FacetCount[]> {
    const result = await this.aggregate<{ values: TermsAgg }>(filter, {
      values: { terms: { field: FACET_FIELDS[facet], size: Math.max(1, Math.floor(limit)), order: BUCKET_ORDER } },
    });
    return result.values.buckets.map((b) => ({ value: b.key, postings: b.doc_count }));
  }

  async searchPostings(search: SearchQuery): Promise<SearchResult> {
    validateSearch(search);
    await this.fresh();
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

  /** Every posting of an index or alias matching a query, in id order, through a point in time. */
  private async *scan(index: string, q: estypes.QueryDslQueryContainer, after?: string): AsyncIterable<PostingDoc[]> {
    await this.fresh();
    let pit = (await this.client.openPointInTime({ index, keep_alive: '2m' })).id;
    let searchAfter: estypes.SortResults | undefined = after === undefined ? undefined : [after];
    try {
      for (;;) {
        const response = await this.client.search<PostingDoc>({
          pit: { id: pit, keep_alive: '2m' },
          query: q,
          sort: [{ id: 'asc' }],
          size: 1000,
          search_after: searchAfter,
          track_total_hits: false,
        });
        pit = response.pit_id ?? pit;
        const hits = response.hits.hits;
        if (hits.length === 0) return;
        yield hits.map((hit) => hit._source as PostingDoc);
        // The sort of the last hit, without the _shard_doc tiebreaker: ids are unique.
        searchAfter = [((hits[hits.length - 1] as estypes.SearchHit<PostingDoc>).sort as estypes.SortResults)[0] as string];
      }
    } finally {
      await this.client.closePointInTime({ id: pit }).catch(() => undefined);
    }
  }

  async *iteratePostings(filter: PostingFilter = {}): AsyncIterable<StoredPosting> {
    for await (const docs of this.scan(this.alias, query(filter, false))) {
      for (const doc of docs) yield fromDoc(doc);
    }
  }

  private async currentIndex(): Promise<string> {
    const aliases = await this.client.indices.getAlias({ name: this.alias });
    const indices = Object.keys(aliases);
    if (indices.length !== 1)
      throw new StoreError(`alias ${this.alias} points at ${indices.length} indices; expected one`, { code: 'SKILLPULSE_ERR_STORE_STATE' });
    return indices[0] as string;
  }

  /**
   * Copies every posting into the next versioned index, re-extracting stale ones, then swaps the
   * alias in one step. A checkpoint (last id copied) in the meta index lets a killed run resume.
   */
  async rewritePostings(options: RewriteOptions): Promise<RewriteResult> {
    await this.fresh();
    const source = await this.currentIndex();
    const sourceVersion = Number(/-v(\d+)$/.exec(source)?.[1] ?? 1);
    let checkpoint: { target: string; after: string; rewritten: number; done: number } | undefined;
    try {
      const saved = await this.client.get<{ target: string; after: string; rewritten: number; done: number; source: string }>({
        index: this.metaIndex,
        id: 'reindex',
      });
      if (saved._source && saved._source.source === source && (await this.client.indices.exists({ index: saved._source.target }))) {
        checkpoint = saved._source;
      }
    } catch (cause) {
      if (!(cause instanceof errors.ResponseError && cause.statusCode === 404)) throw cause;
    }
    const target = checkpoint?.target ?? this.postingsIndex(sourceVersion + 1);
    if (!checkpoint) {
      if (await this.client.indices.exists({ index: target })) await this.client.indices.delete({ index: target });
      await this.client.indices.create({ index: target });
    }
    const total = (await this.client.count({ index: source })).count;
    const progress = { done: checkpoint?.done ?? 0, total, rewritten: checkpoint?.rewritten ?? 0 };
    for await (const docs of this.scan(source, { match_all: {} }, checkpoint?.after)) {
      const postings = docs.map(fromDoc);
      const stale = postings.filter((p) => !options.isCurrent(p));
      const rewritten = new Map((stale.length > 0 ? await options.rewrite(stale) : []).map((p) => [p.id, p]));
      const writes = postings.map((p) => ({ id: p.id, doc: toDoc(rewritten.get(p.id) ?? p) }));
      await this.bulk(target, writes, `re-index into ${target}`);
      progress.done += postings.length;
      progress.rewritten += rewritten.size;
      const after = (postings[postings.length - 1] as StoredPosting).id;
      await this.client.index({ index: this.metaIndex, id: 'reindex', document: { source, target, after, ...progress } });
      options.onProgress?.({ ...progress });
    }
    await this.client.indices.refresh({ index: target });
    await this.client.indices.updateAliases({
      actions: [{ remove: { index: source, alias: this.alias } }, { add: { index: target, alias: this.alias, is_write_index: true } }],
    });
    await this.client.delete({ index: this.metaIndex, id: 'reindex' }, { ignore: [404] });
    await this.client.indices.delete({ index: source });
    this.logger.info({ from: source, to: target }, 'alias swapped to the re-indexed postings');
    return { ...progress, resumed: checkpoint !== undefined };
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const id = `lock:${name}`;
    const now = Date.now();
    const document = { owner, expiresAt: now + ttlMs };
    const held = await this.client.get<{ owner: string; expiresAt: number }>({ index: this.metaIndex, id }, { ignore: [404] });
    try {
      if (!held.found) {
        // op_type create fails when another process created the lock first.
        await this.client.create({ index: this.metaIndex, id, document, refresh: false });
        return true;
      }
      if (held._source && held._source.owner !== owner && held._source.expiresAt > now) return false;
      // Optimistic concurrency: the write fails if anyone changed the lock since we read it.
      await this.client.index({ index: this.metaIndex, id, document, if_seq_no: held._seq_no, if_primary_term: held._primary_term });
      return true;
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return false;
      throw error;
    }
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    const id = `lock:${name}`;
    const held = await this.client.get<{ owner: string }>({ index: this.metaIndex, id }, { ignore: [404] });
    if (!held.found || held._source?.owner !== owner) return;
    await this.client.delete(
      { index: this.metaIndex, id, if_seq_no: held._seq_no, if_primary_term: held._primary_term },
      { ignore: [404, 409] },
    );
  }

  async saveRun(run: CrawlRun): Promise<void> {
    await this.client.index({ index: this.runsIndex, id: run.id, document: run });
    this.markDirty(this.runsIndex);
  }

  async listRuns(job?: string, limit = 50): Promise<CrawlRun[]> {
    await this.fresh(this.runsIndex);
    const response = await this.client.search<CrawlRun>({
      index: this.runsIndex,
      query: job ? { term: { job } } : { match_all: {} },
      sort: [{ startedAt: 'desc' }],
      size: limit,
    });
    return response.hits.hits.map((hit) => hit._source as CrawlRun);
  }

  async info(): Promise<StoreInfo> {
    await this.fresh();
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
    await this.fresh();
    await this.fresh(this.runsIndex);
    // Writes count in indexing totals at once but show only after a refresh, so refreshes count too.
    const stats = await this.client.indices.stats({ index: `${this.alias},${this.runsIndex}`, metric: ['indexing', 'refresh'] });
    return Object.entries(stats.indices ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([name, s]) =>
          `${name}:${s.primaries?.indexing?.index_total ?? 0}:${s.primaries?.indexing?.delete_total ?? 0}:${s.primaries?.refresh?.total ?? 0}`,
      )
      .join(',');
  }

  /** Deletes every index, alias and template of this prefix: for tests and `--reset`. */
  async destroy(): Promise<void> {
    const prefix = this.options.indexPrefix;
    await this.client.indices.delete({ index: `${prefix}-postings-v*,${this.runsIndex},${this.metaIndex}`, ignore_unavailable: true });
    await this.client.indices.deleteIndexTemplate({ name: this.alias }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
