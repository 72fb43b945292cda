import { type Client, errors } from '@elastic/elasticsearch';
import { StoreError } from '@skillpulse/core';

/**
 * How postings are split into indices behind the alias (docs/decisions/0010-elasticsearch-monthly-indices.md):
 * one index per month of `date_posted` (the default), per year, or `none` (one index, as before).
 */
export type PartitionScheme = 'month' | 'year' | 'none';
export const PARTITION_SCHEMES: readonly PartitionScheme[] = ['month', 'year', 'none'];

/** The partition of a posting whose `date_posted` does not start with a year and month (cannot happen through the contract). */
export const UNDATED = 'undated';

/**
 * The suffix of the index a posting of this date goes to: `2025-03` (month), `2025` (year), ``
 * (none), or `undated` when the date does not start with `YYYY-MM`.
 */
export function partitionKey(datePosted: string | null | undefined, scheme: PartitionScheme): string {
  if (scheme === 'none') return '';
  const match = /^(\d{4})-(\d{2})/.exec(datePosted ?? '');
  if (!match) return UNDATED;
  return scheme === 'year' ? (match[1] as string) : `${match[1]}-${match[2]}`;
}

/** `<prefix>-postings-v<generation>` followed by `-<key>` when the key is not empty. */
export function partitionIndex(prefix: string, generation: number, key: string): string {
  return `${prefix}-postings-v${generation}${key === '' ? '' : `-${key}`}`;
}

/** The generation and partition key of one of this prefix's postings indices, or null for another name. */
export function parsePartitionIndex(prefix: string, index: string): { generation: number; key: string } | null {
  const head = `${prefix}-postings-v`;
  if (!index.startsWith(head)) return null;
  const match = /^(\d+)(?:-(\d{4}-\d{2}|\d{4}|undated))?$/.exec(index.slice(head.length));
  if (!match) return null;
  return { generation: Number(match[1]), key: match[2] ?? '' };
}

/** True for Elasticsearch's answer to creating an index that exists (another process created it first). */
export function isAlreadyExists(cause: unknown): boolean {
  return cause instanceof errors.ResponseError && cause.body?.error?.type === 'resource_already_exists_exception';
}

/**
 * The postings indices behind the alias, and the lazy creation of the ones a write needs. The list
 * is read from the cluster at most once per write call (one cheap alias read), so a re-index that
 * swapped the alias in another process is seen at the next write; created ones are cached meanwhile.
 */
export class Partitions {
  /** Indices behind the alias at the last read, and the generation writes go to. */
  private known = new Set<string>();
  private generation = 1;
  private readAt = 0;

  constructor(
    private readonly client: Client,
    readonly prefix: string,
    readonly alias: string,
    readonly scheme: PartitionScheme,
    /** How long an alias read is trusted (ms); 0 re-reads on every write call. */
    private readonly ttlMs = 1_000,
  ) {}

  /** Reads the indices behind the alias (and the generation: the highest among them). */
  async refresh(): Promise<string[]> {
    let indices: string[] = [];
    try {
      indices = Object.keys(await this.client.indices.getAlias({ name: this.alias }));
    } catch (cause) {
      if (!(cause instanceof errors.ResponseError && cause.statusCode === 404)) throw cause;
    }
    this.known = new Set(indices);
    const generations = indices.map((i) => parsePartitionIndex(this.prefix, i)?.generation ?? 0);
    this.generation = Math.max(1, ...generations);
    this.readAt = Date.now();
    return indices.sort();
  }

  /** The index a posting of this date is written to, created (with the alias) when missing. */
  async indexFor(datePosted: string): Promise<string> {
    if (Date.now() - this.readAt > this.ttlMs) await this.refresh();
    const index = partitionIndex(this.prefix, this.generation, partitionKey(datePosted, this.scheme));
    if (!this.known.has(index)) await this.create(index, true);
    return index;
  }

  /**
   * Creates an index from the template; another process creating it at the same time is no error.
   * `withAlias`: the index joins the alias (live writes); a re-index's target joins only at the swap.
   */
  async create(index: string, withAlias: boolean): Promise<void> {
    try {
      await this.client.indices.create({ index, aliases: withAlias ? { [this.alias]: {} } : undefined });
    } catch (cause) {
      if (!isAlreadyExists(cause)) {
        throw new StoreError(`cannot create the postings index ${index}: ${(cause as Error).message}`, {
          cause,
          code: 'SKILLPULSE_ERR_STORE_WRITE',
        });
      }
      // Created by another process; make sure it is behind the alias (idempotent).
      if (withAlias) await this.client.indices.putAlias({ index, name: this.alias });
    }
    if (withAlias) this.known.add(index);
  }
}

/** One postings index behind the alias, as `ElasticsearchStore.partitions()` lists it. */
export interface PartitionInfo {
  index: string;
  /** `2025-03`, `2025`, `undated`, or `` for a single index. */
  key: string;
  generation: number;
  postings: number;
  bytes: number;
}

/** The postings indices behind the alias (from `_cat/indices`), oldest partition first. */
export async function listPartitions(connection: {
  client: Client;
  names: { alias: string };
  partitions: Partitions;
  fresh(): Promise<void>;
}): Promise<PartitionInfo[]> {
  await connection.fresh();
  const rows = await connection.client.cat.indices({
    index: connection.names.alias,
    format: 'json',
    bytes: 'b',
    h: ['index', 'docs.count', 'store.size'],
  });
  return rows
    .map((row) => {
      const index = row.index as string;
      const parsed = parsePartitionIndex(connection.partitions.prefix, index);
      return {
        index,
        key: parsed?.key ?? '',
        generation: parsed?.generation ?? 0,
        postings: Number(row['docs.count'] ?? 0),
        bytes: Number(row['store.size'] ?? 0),
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key) || a.index.localeCompare(b.index));
}

/**
 * `shard_size` of the terms aggregations over postings: with one index per month, a terms
 * aggregation spans many shards, and a skill outside one shard's top `shard_size` would be
 * undercounted. Above the number of skills (about 7,500 with the Stack Overflow names), skill
 * counts stay exact; other facets (companies) are exact up to this many values per partition.
 */
export const TERMS_SHARD_SIZE = 10_000;
