import { errors } from '@elastic/elasticsearch';
import { ConfigError, StoreError } from '@skillpulse/core';
import { STORE_CORRUPT, STORE_UNAVAILABLE } from '../codes.js';

/** Options of `ElasticsearchStore.open` a setup error can be about (keys of ElasticsearchStoreOptions). */
export type ElasticsearchOption = 'url' | 'indexPrefix' | 'caFile';

/**
 * Elasticsearch could not be used at open. The message says what is wrong in the store's terms;
 * `problem` (and `option`, whose name then starts the message as `option: …`) let a program add
 * its own advice: the CLI names its SKILLPULSE_ES_* variables and scripts/elasticsearch.sh.
 */
export class StoreSetupError extends ConfigError {
  readonly problem: 'unreachable' | 'not-elasticsearch' | 'credentials' | 'permissions' | 'option';
  readonly option: ElasticsearchOption | undefined;

  constructor(
    problem: StoreSetupError['problem'],
    message: string,
    options: { cause?: unknown; code: string; option?: ElasticsearchOption },
  ) {
    super(message, options);
    this.problem = problem;
    this.option = options.option;
  }
}

/** Turns a client error at start into a message that says what is wrong and what would be right. */
export function startError(url: string, indexPrefix: string, cause: unknown): ConfigError {
  const where = `Elasticsearch at ${url}`;
  if (cause instanceof errors.ConnectionError) {
    return new StoreSetupError('unreachable', `cannot reach ${where} (${cause.message})`, { cause, code: 'SKILLPULSE_ERR_ES_UNREACHABLE' });
  }
  if (cause instanceof errors.ProductNotSupportedError) {
    return new StoreSetupError(
      'not-elasticsearch',
      `the server at ${url} is not Elasticsearch; SkillPulse needs an Elasticsearch 8.x or 9.x node`,
      {
        cause,
        code: 'SKILLPULSE_ERR_ES_VERSION',
      },
    );
  }
  if (cause instanceof errors.ResponseError) {
    if (cause.statusCode === 401) {
      return new StoreSetupError(
        'credentials',
        `${where} rejected the credentials (401); check the API key, or the username and password`,
        {
          cause,
          code: 'SKILLPULSE_ERR_ES_AUTH',
        },
      );
    }
    if (cause.statusCode === 403) {
      return new StoreSetupError(
        'permissions',
        `${where} refused the request (403): the user or API key needs the monitor cluster privilege and all privileges on the ${indexPrefix}-* indices`,
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

/**
 * A refused connection, a timeout or no living node, turned into a StoreError that says which
 * server does not answer; null for anything else (a 4xx/5xx answer is an answer).
 */
export function unavailableError(url: string, cause: unknown): StoreError | null {
  if (
    !(cause instanceof errors.ConnectionError) &&
    !(cause instanceof errors.TimeoutError) &&
    !(cause instanceof errors.NoLivingConnectionsError)
  ) {
    return null;
  }
  return new StoreError(`store unavailable: Elasticsearch at ${url} does not answer (${cause.message})`, {
    cause,
    code: STORE_UNAVAILABLE,
  });
}

/** How to get a working index back, appended to every "shards failed" message. */
const SHARD_RECOVERY =
  'check the cluster (GET /_cluster/health, GET /_cat/shards); if a shard is lost or damaged, restore the index from a snapshot, or re-index the postings into a new index and re-crawl what is missing';

interface ShardsSummary {
  total?: number;
  failed?: number;
  failures?: Array<{ index?: string; reason?: { type?: string; reason?: string } }>;
}

function shardMessage(url: string, failed: number, total: number | undefined, failures: ShardsSummary['failures']): string {
  const first = failures?.[0];
  const reason = first?.reason ? `${first.reason.type ?? 'error'}: ${first.reason.reason ?? ''}`.trim() : 'no reason given';
  const index = first?.index ? ` of ${first.index}` : '';
  const shards = total === undefined ? `${failed} shard${failed === 1 ? '' : 's'}` : `${failed} of ${total} shards`;
  return `Elasticsearch at ${url} could not read ${shards}${index} (${reason}); ${SHARD_RECOVERY}`;
}

/**
 * A search or count answered with failed shards: the answer would be missing postings, so it is
 * refused as a damaged store (503 in the API) rather than served partial. Null when every shard answered.
 */
export function partialResultError(url: string, body: unknown): StoreError | null {
  if (typeof body !== 'object' || body === null || !('hits' in body || 'count' in body)) return null;
  const shards = (body as { _shards?: ShardsSummary })._shards;
  if (!shards?.failed) return null;
  return new StoreError(shardMessage(url, shards.failed, shards.total, shards.failures), { code: STORE_CORRUPT });
}

/** "All shards failed" for a reason other than the request itself (a 5xx answer): the same damaged-store error. */
export function shardFailureError(url: string, cause: unknown): StoreError | null {
  if (!(cause instanceof errors.ResponseError) || (cause.statusCode ?? 0) < 500) return null;
  const error = (cause.body as { error?: { type?: string; failed_shards?: ShardsSummary['failures'] } } | undefined)?.error;
  if (error?.type !== 'search_phase_execution_exception') return null;
  const failures = error.failed_shards ?? [];
  return new StoreError(shardMessage(url, Math.max(failures.length, 1), undefined, failures), { cause, code: STORE_CORRUPT });
}
