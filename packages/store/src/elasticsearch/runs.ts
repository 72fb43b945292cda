import type { Client, estypes } from '@elastic/elasticsearch';
import type { CrawlRun } from '../contract.js';
import { readRun } from '../run-record.js';
import type { Connection } from './connection.js';
import { date, keyword } from './mapping.js';

/**
 * The fields of the runs index that are searchable (`dynamic: false`: every other field of a run is
 * kept in its source only). `file` and `postingsRejected` (issue 21) are added to a runs index
 * created before them by `ensureRunsMapping`.
 */
const RUN_PROPERTIES: Record<string, estypes.MappingProperty> = {
  id: keyword,
  job: keyword,
  startedAt: date,
  file: { properties: { name: keyword, bytes: { type: 'long' }, sha256: keyword } },
  postingsRejected: { type: 'integer' },
};

/**
 * Creates the runs index, or brings one an older SkillPulse created up to `RUN_PROPERTIES` in
 * place: Elasticsearch accepts new fields in an existing mapping (and changes nothing when they are
 * there already); its older runs read without them.
 */
export async function ensureRunsMapping(client: Client, index: string, settings: estypes.IndicesIndexSettings): Promise<void> {
  if (!(await client.indices.exists({ index }))) {
    await client.indices.create({ index, settings, mappings: { dynamic: false, properties: RUN_PROPERTIES } });
    return;
  }
  await client.indices.putMapping({ index, properties: RUN_PROPERTIES });
}

/** Job locks and crawl runs: locks are documents of the meta index, written with optimistic concurrency. */

export async function acquireLock(connection: Connection, name: string, owner: string, ttlMs: number): Promise<boolean> {
  const { client, names } = connection;
  const id = `lock:${name}`;
  const now = Date.now();
  const document = { owner, expiresAt: now + ttlMs };
  const held = await client.get<{ owner: string; expiresAt: number }>({ index: names.meta, id }, { ignore: [404] });
  try {
    if (!held.found) {
      // op_type create fails when another process created the lock first.
      await client.create({ index: names.meta, id, document, refresh: false });
      return true;
    }
    if (held._source && held._source.owner !== owner && held._source.expiresAt > now) return false;
    // Optimistic concurrency: the write fails if anyone changed the lock since we read it.
    await client.index({ index: names.meta, id, document, if_seq_no: held._seq_no, if_primary_term: held._primary_term });
    return true;
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return false;
    throw error;
  }
}

export async function releaseLock(connection: Connection, name: string, owner: string): Promise<void> {
  const { client, names } = connection;
  const id = `lock:${name}`;
  const held = await client.get<{ owner: string }>({ index: names.meta, id }, { ignore: [404] });
  if (!held.found || held._source?.owner !== owner) return;
  await client.delete({ index: names.meta, id, if_seq_no: held._seq_no, if_primary_term: held._primary_term }, { ignore: [404, 409] });
}

export async function saveRun(connection: Connection, run: CrawlRun): Promise<void> {
  // A run's last record is visible to every process when this returns: another scheduler that takes
  // the job's lock next must not read the run as still running (and take it over as interrupted).
  const ended = run.status !== 'running';
  await connection.client.index({ index: connection.names.runs, id: run.id, document: run, refresh: ended ? 'wait_for' : false });
  connection.markDirty(connection.names.runs);
}

export async function listRuns(connection: Connection, job: string | undefined, limit: number): Promise<CrawlRun[]> {
  await connection.fresh(connection.names.runs);
  const response = await connection.client.search<CrawlRun>({
    index: connection.names.runs,
    query: job ? { term: { job } } : { match_all: {} },
    sort: [{ startedAt: 'desc' }],
    size: limit,
  });
  return response.hits.hits.map((hit) => readRun(hit._source as CrawlRun));
}
