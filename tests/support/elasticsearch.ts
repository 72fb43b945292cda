import { randomBytes } from 'node:crypto';
import { ElasticsearchStore } from '@skillpulse/store';

/**
 * Where the integration tests find Elasticsearch. The test harness reads its own variables here
 * (programs read theirs in loadConfig): SKILLPULSE_ES_URL, and SKILLPULSE_REQUIRE_ES=1, which
 * turns "Elasticsearch is not running" from a skip into a failure (CI sets it).
 */
export const ES_URL = process.env.SKILLPULSE_ES_URL || 'http://127.0.0.1:9200';
export const REQUIRE_ES = process.env.SKILLPULSE_REQUIRE_ES === '1';

async function reachable(): Promise<boolean> {
  try {
    const response = await fetch(`${ES_URL}/_cluster/health?wait_for_status=yellow&timeout=5s`, { signal: AbortSignal.timeout(10_000) });
    return response.ok && response.headers.get('x-elastic-product') === 'Elasticsearch';
  } catch {
    return false;
  }
}

export const ES_AVAILABLE = await reachable();

export const ES_MISSING_MESSAGE = `Elasticsearch is not reachable at ${ES_URL}; start it with scripts/elasticsearch.sh start`;

/** A store on fresh, uniquely named indices (or a prefix already opened, for a second connection); `destroy()` removes them. */
export async function openTestElasticsearch(indexPrefix = `sp-test-${randomBytes(4).toString('hex')}`): Promise<ElasticsearchStore> {
  return ElasticsearchStore.open({
    url: ES_URL,
    indexPrefix,
    shards: 1,
    replicas: 0,
  });
}
