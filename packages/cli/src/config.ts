import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@skillpulse/core';
import { defaultPoolSize, PooledSkillExtractor } from '@skillpulse/extract';
import { DEFAULT_JOBS_DIR } from '@skillpulse/ingest';
import type { ElasticsearchStoreOptions, StoreConfig } from '@skillpulse/store';
import { type Taxonomy, taxonomyWithOverlay } from '@skillpulse/taxonomy';

/** The store's own options, less the logger the program adds when it opens the store. */
export type ElasticsearchConfig = Omit<ElasticsearchStoreOptions, 'logger'>;

export interface Config {
  dataDir: string;
  host: string;
  port: number;
  store: 'sqlite' | 'elasticsearch';
  logLevel: string;
  /** `auto`: readable lines when stderr is a terminal, JSON lines otherwise; `json` or `pretty` force one. */
  logFormat: LogFormatSetting;
  jobsDir: string;
  minCell: number;
  /** Bearer token `POST /api/jobs/:id/run` asks for; undefined leaves it open (loopback default). */
  adminKey?: string;
  /** Whether `serve` runs the scheduler. */
  scheduler: boolean;
  /** A job lock not renewed for this long is taken over by another process. */
  lockTtlMs: number;
  elasticsearch: ElasticsearchConfig;
  /** YAML file of the user's own skills merged into the built-in taxonomy (path as given), or undefined. */
  taxonomyOverlay?: string;
  /** `start`/`serve` warn when less than this many megabytes are free under the data directory (0: never). */
  diskWarnMb: number;
  /** Worker threads that extract skills during crawls and reindex (0: in the main thread). */
  extractWorkers: number;
}

function wholeNumberVar(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name}: "${raw}" is not a whole number of at least ${min}`);
  return value;
}

const ES_PARTITIONS = ['month', 'year', 'none'] as const satisfies ReadonlyArray<NonNullable<ElasticsearchStoreOptions['partition']>>;

function partitionVar(env: Record<string, string | undefined>): (typeof ES_PARTITIONS)[number] {
  const raw = env.SKILLPULSE_ES_PARTITION;
  if (raw === undefined || raw === '') return 'month';
  const value = ES_PARTITIONS.find((p) => p === raw.trim().toLowerCase());
  if (!value) throw new ConfigError(`SKILLPULSE_ES_PARTITION: "${raw}" is not a partition scheme (use ${ES_PARTITIONS.join(', ')})`);
  return value;
}

function elasticsearchConfig(env: Record<string, string | undefined>): ElasticsearchConfig {
  const url = env.SKILLPULSE_ES_URL ?? 'http://127.0.0.1:9200';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`SKILLPULSE_ES_URL: "${url}" is not a URL (e.g. http://127.0.0.1:9200)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`SKILLPULSE_ES_URL: "${url}" must start with http:// or https://`);
  }
  if (env.SKILLPULSE_ES_API_KEY && env.SKILLPULSE_ES_USERNAME) {
    throw new ConfigError('SKILLPULSE_ES_API_KEY and SKILLPULSE_ES_USERNAME are both set; use one way to sign in');
  }
  if (env.SKILLPULSE_ES_USERNAME && env.SKILLPULSE_ES_PASSWORD === undefined) {
    throw new ConfigError('SKILLPULSE_ES_USERNAME is set without SKILLPULSE_ES_PASSWORD');
  }
  return {
    url,
    apiKey: env.SKILLPULSE_ES_API_KEY,
    username: env.SKILLPULSE_ES_USERNAME,
    password: env.SKILLPULSE_ES_PASSWORD,
    caFile: env.SKILLPULSE_ES_CA_FILE,
    indexPrefix: env.SKILLPULSE_ES_INDEX_PREFIX ?? 'skillpulse',
    shards: wholeNumberVar(env, 'SKILLPULSE_ES_SHARDS', 1, 1),
    replicas: wholeNumberVar(env, 'SKILLPULSE_ES_REPLICAS', 0, 0),
    partition: partitionVar(env),
  };
}

function overlayVar(env: Record<string, string | undefined>): string | undefined {
  const path = env.SKILLPULSE_TAXONOMY_OVERLAY;
  if (path === undefined) return undefined;
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new ConfigError(
      `SKILLPULSE_TAXONOMY_OVERLAY: "${path}" does not exist; give the path of a YAML file of extra skills (README, "Adding a skill") or unset it`,
    );
  }
  if (!isFile) throw new ConfigError(`SKILLPULSE_TAXONOMY_OVERLAY: "${path}" is not a file; give the path of a YAML file of extra skills`);
  return path;
}

/** SKILLPULSE_EXTRACT_WORKERS: 0 to 64 worker threads; default min(2, CPUs − 1), at least 1. */
function extractWorkersVar(env: Record<string, string | undefined>): number {
  const workers = wholeNumberVar(env, 'SKILLPULSE_EXTRACT_WORKERS', defaultPoolSize(), 0);
  if (workers > 64) {
    throw new ConfigError(
      `SKILLPULSE_EXTRACT_WORKERS: "${workers}" is more than 64; use 1-2 per spare CPU core (0 extracts in the main thread)`,
    );
  }
  return workers;
}

const taxonomies = new Map<string, Taxonomy>();

/**
 * The taxonomy every command and the API run with: the built-in one, with SKILLPULSE_TAXONOMY_OVERLAY
 * merged in. Loaded (and validated) once per process, on first use.
 */
export function configuredTaxonomy(config: Pick<Config, 'taxonomyOverlay'>): Taxonomy {
  const key = config.taxonomyOverlay ?? '';
  let taxonomy = taxonomies.get(key);
  if (!taxonomy) {
    taxonomy = taxonomyWithOverlay(config.taxonomyOverlay);
    taxonomies.set(key, taxonomy);
  }
  return taxonomy;
}

const extractors = new WeakMap<Taxonomy, PooledSkillExtractor>();

/**
 * An extractor over the configured taxonomy, built once per process: crawls and reindex stamp its
 * version, and extract their batches on SKILLPULSE_EXTRACT_WORKERS worker threads (idle workers do
 * not keep the process alive); `extract` of one posting runs in the calling thread.
 */
export function configuredExtractor(
  config: Pick<Config, 'taxonomyOverlay'> & Partial<Pick<Config, 'extractWorkers'>>,
): PooledSkillExtractor {
  const taxonomy = configuredTaxonomy(config);
  let extractor = extractors.get(taxonomy);
  if (!extractor) {
    extractor = new PooledSkillExtractor({ taxonomy, taxonomyOverlay: config.taxonomyOverlay, size: config.extractWorkers });
    extractors.set(taxonomy, extractor);
  }
  return extractor;
}

/** What `openStore` needs, from the configuration and an optional --data-dir. */
export function storeConfig(config: Config, dataDir?: string): StoreConfig {
  return config.store === 'sqlite'
    ? { kind: 'sqlite', dataDir: dataDir ?? config.dataDir }
    : { kind: 'elasticsearch', ...config.elasticsearch };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormatSetting = (typeof LOG_FORMATS)[number];

/** The only place the environment is read. Every variable is listed in .env.example and ARCHITECTURE.md. */
export function loadConfig(rawEnv: Record<string, string | undefined>): Config {
  // An empty variable means "not set", as in a copied .env.example.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== undefined && value !== ''));
  const port = Number(env.SKILLPULSE_PORT ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`SKILLPULSE_PORT: "${env.SKILLPULSE_PORT}" is not a port number (0-65535)`);
  const store = env.SKILLPULSE_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'elasticsearch')
    throw new ConfigError(`SKILLPULSE_STORE: "${store}" is not a store (use sqlite or elasticsearch)`);
  const logLevel = env.SKILLPULSE_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`SKILLPULSE_LOG_LEVEL: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = env.SKILLPULSE_LOG_FORMAT ?? 'auto';
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat))
    throw new ConfigError(`SKILLPULSE_LOG_FORMAT: "${logFormat}" is not one of ${LOG_FORMATS.join(', ')}`);
  const minCell = Number(env.SKILLPULSE_MIN_CELL ?? '10');
  if (!Number.isInteger(minCell) || minCell < 0)
    throw new ConfigError(`SKILLPULSE_MIN_CELL: "${env.SKILLPULSE_MIN_CELL}" is not a whole number`);
  const scheduler = env.SKILLPULSE_SCHEDULER ?? 'on';
  if (scheduler !== 'on' && scheduler !== 'off') throw new ConfigError(`SKILLPULSE_SCHEDULER: "${scheduler}" is not on or off`);
  const adminKey = env.SKILLPULSE_ADMIN_KEY;
  if (adminKey !== undefined && (adminKey.length < 16 || /\s/.test(adminKey)))
    throw new ConfigError(
      'SKILLPULSE_ADMIN_KEY: must be at least 16 characters with no spaces (e.g. the output of `openssl rand -hex 24`)',
    );
  return {
    dataDir: resolve(env.SKILLPULSE_DATA_DIR ?? 'data'),
    host: env.SKILLPULSE_HOST ?? '127.0.0.1',
    port,
    store,
    logLevel,
    logFormat: logFormat as LogFormatSetting,
    jobsDir: resolve(env.SKILLPULSE_JOBS_DIR ?? DEFAULT_JOBS_DIR),
    minCell,
    adminKey,
    scheduler: scheduler === 'on',
    lockTtlMs: wholeNumberVar(env, 'SKILLPULSE_JOB_LOCK_TTL_SECONDS', 120, 3) * 1000,
    elasticsearch: elasticsearchConfig(env),
    taxonomyOverlay: overlayVar(env),
    diskWarnMb: wholeNumberVar(env, 'SKILLPULSE_DISK_WARN_MB', 500, 0),
    extractWorkers: extractWorkersVar(env),
  };
}
