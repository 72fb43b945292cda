import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import { ConfigError, type Logger } from '@skillpulse/core';
import { StoreSetupError } from './errors.js';
import { DIMENSION_PROPERTIES, ES_SCHEMA_VERSION, postingMappings } from './mapping.js';
import { isAlreadyExists, PARTITION_SCHEMES, type PartitionScheme, type Partitions, partitionIndex, partitionKey } from './partitions.js';
import type { RollupOptions } from './rollups.js';
import { ensureRunsMapping } from './runs.js';
import { storeTransport } from './transport.js';

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
  /** Per-day rollups the date-only reports read; the defaults suit production (tests force the postings path). */
  rollups?: RollupOptions;
  /**
   * Postings indices per month of `date_posted` (default), per year, or one index (`none`), all
   * behind the alias: docs/decisions/0010-elasticsearch-monthly-indices.md.
   */
  partition?: PartitionScheme;
}

/** The names every index, alias and template of one prefix go by. */
export interface IndexNames {
  /** The alias every posting read and write goes through. */
  alias: string;
  runs: string;
  meta: string;
  /** The versioned index (of a partition key: `2025-03`, `2025`, or `` for the single index) behind the alias. */
  postings(version: number, key?: string): string;
}

export function indexNames(prefix: string): IndexNames {
  return {
    alias: `${prefix}-postings`,
    runs: `${prefix}-runs`,
    meta: `${prefix}-meta`,
    postings: (version, key = '') => partitionIndex(prefix, version, key),
  };
}

/** A client for the options, after checking the ones that need no request. */
export function createClient(options: ElasticsearchStoreOptions): Client {
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(options.indexPrefix)) {
    throw new StoreSetupError(
      'option',
      `indexPrefix: "${options.indexPrefix}" is not a valid index name prefix (lowercase letters, digits, - _ .)`,
      { code: 'SKILLPULSE_ERR_CONFIG', option: 'indexPrefix' },
    );
  }
  let ca: Buffer | undefined;
  if (options.caFile) {
    try {
      ca = readFileSync(options.caFile);
    } catch (cause) {
      throw new StoreSetupError('option', `caFile: cannot read ${options.caFile}: ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_CONFIG',
        option: 'caFile',
      });
    }
  }
  try {
    return new Client({
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
    throw new StoreSetupError('option', `url: "${options.url}" is not a usable URL: ${(cause as Error).message}`, {
      cause,
      code: 'SKILLPULSE_ERR_CONFIG',
      option: 'url',
    });
  }
}

/** Checks that the server is Elasticsearch 8.x or 9.x. */
export async function checkServer(client: Client, url: string, logger: Logger): Promise<void> {
  const info = await client.nodes.info({ node_id: '_local', filter_path: 'nodes.*.version' });
  const version = Object.values(info.nodes ?? {})[0]?.version ?? 'unknown';
  const major = Number.parseInt(version, 10);
  if (!(major === 8 || major === 9)) {
    throw new ConfigError(`Elasticsearch ${version} at ${url} is not supported: SkillPulse needs 8.x or 9.x`, {
      code: 'SKILLPULSE_ERR_ES_VERSION',
    });
  }
  logger.info({ url, version }, 'connected to Elasticsearch');
}

/**
 * Creates the template, the first postings index with its alias, and the runs and meta indices,
 * when missing; another process creating them at the same time is no error. Every postings index
 * (`<prefix>-postings-v<N>[-<partition>]`) takes its settings and mapping from the template.
 */
export async function ensureIndices(
  client: Client,
  names: IndexNames,
  options: ElasticsearchStoreOptions,
  partitions: Partitions,
): Promise<void> {
  const scheme = options.partition ?? 'month';
  if (!PARTITION_SCHEMES.includes(scheme)) {
    throw new ConfigError(`partition: "${String(scheme)}" is not a partition scheme (use month, year or none)`, {
      code: 'SKILLPULSE_ERR_CONFIG',
    });
  }
  await client.indices.putIndexTemplate({
    name: names.alias,
    index_patterns: [`${options.indexPrefix}-postings-v*`],
    priority: 200,
    template: {
      settings: { number_of_shards: options.shards, number_of_replicas: options.replicas },
      mappings: postingMappings(),
    },
  });
  if (!(await client.indices.existsAlias({ name: names.alias }))) {
    if (await client.indices.exists({ index: names.alias })) {
      throw new ConfigError(`${names.alias} is an index, not an alias; SkillPulse needs the name for its alias (rename or delete it)`, {
        code: 'SKILLPULSE_ERR_ES_START',
      });
    }
    // Reads need an index behind the alias: the single index, or this month's (or year's).
    await partitions.create(names.postings(1, partitionKey(new Date().toISOString(), scheme)), true);
  }
  await partitions.refresh();
  const settings = { number_of_shards: 1, number_of_replicas: options.replicas };
  try {
    await ensureRunsMapping(client, names.runs, settings);
  } catch (cause) {
    // Another process created it first (with the same mapping).
    if (!isAlreadyExists(cause)) throw cause;
  }
  if (!(await client.indices.exists({ index: names.meta }))) {
    try {
      await client.indices.create({ index: names.meta, settings, mappings: { dynamic: false, properties: {} } });
    } catch (cause) {
      if (!isAlreadyExists(cause)) throw cause;
    }
  }
  const current = await client.indices.getMapping({ index: names.alias });
  const schemas = Object.values(current).map((m) => m.mappings._meta?.schema_version as number | undefined);
  const newest = Math.max(0, ...schemas.map((v) => v ?? 0));
  if (newest > ES_SCHEMA_VERSION) {
    throw new ConfigError(
      `index ${names.alias} has schema ${newest}, newer than this SkillPulse knows (${ES_SCHEMA_VERSION}); upgrade SkillPulse`,
      { code: 'SKILLPULSE_ERR_ES_VERSION' },
    );
  }
  const older = Object.entries(current).filter(
    ([, m]) => ((m.mappings._meta?.schema_version as number | undefined) ?? 0) < ES_SCHEMA_VERSION,
  );
  for (const [index, m] of older) {
    await upgradeMapping(client, index);
    options.logger?.info(
      { index, from: (m.mappings._meta?.schema_version as number | undefined) ?? null, to: ES_SCHEMA_VERSION },
      'added the new fields to the postings mapping',
    );
  }
}

/**
 * Brings an index written by an older SkillPulse up to the current mapping in place: Elasticsearch
 * accepts new fields in an existing mapping, and every field an older schema had is unchanged.
 * Its documents lack the new fields (role and place read as not derived, no pay figures) until
 * `skillpulse reindex` rewrites them.
 */
async function upgradeMapping(client: Client, index: string): Promise<void> {
  const mappings = postingMappings();
  await client.indices.putMapping({ index, dynamic: mappings.dynamic, _meta: mappings._meta, properties: DIMENSION_PROPERTIES });
}
