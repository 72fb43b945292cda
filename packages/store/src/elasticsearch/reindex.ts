import { errors, type estypes } from '@elastic/elasticsearch';
import type { Logger, StoredPosting } from '@skillpulse/core';
import type { RewriteOptions, RewriteResult } from '../contract.js';
import type { Connection } from './connection.js';
import { fromDoc, storedAtField, toDoc } from './mapping.js';
import { type PartitionScheme, parsePartitionIndex, partitionIndex, partitionKey, UNDATED } from './partitions.js';

/** Where a killed re-index resumes: the partition it was copying and the last id copied there. */
interface Checkpoint {
  /** The generation copied from and into, and the scheme: a checkpoint of another re-index is not resumed. */
  sourceGeneration: number;
  targetGeneration: number;
  scheme: PartitionScheme;
  /** The partition key being copied (keys are copied in order: the ones before it are done). */
  key: string;
  after: string | null;
  rewritten: number;
  done: number;
}

/** The query of one partition key of the source: its month, its year, everything (`none`), or postings without a date. */
export function partitionQuery(key: string): estypes.QueryDslQueryContainer {
  if (key === '') return { match_all: {} };
  if (key === UNDATED) return { bool: { must_not: { exists: { field: 'date_posted' } } } };
  const [year, month] = key.split('-').map(Number) as [number, number | undefined];
  const start = month === undefined ? `${year}-01-01` : `${key}-01`;
  const end =
    month === undefined ? `${year + 1}-01-01` : month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { range: { date_posted: { gte: start, lt: end, format: 'yyyy-MM-dd' } } };
}

/** The partition keys the postings behind the alias fall in, in order (a date histogram by month or year). */
async function sourceKeys(connection: Connection, scheme: PartitionScheme): Promise<string[]> {
  if (scheme === 'none') return [''];
  const response = await connection.client.search({
    index: connection.names.alias,
    size: 0,
    track_total_hits: false,
    aggs: {
      keys: {
        date_histogram: {
          field: 'date_posted',
          calendar_interval: scheme,
          format: scheme === 'month' ? 'yyyy-MM' : 'yyyy',
          min_doc_count: 1,
        },
      },
      undated: { missing: { field: 'date_posted' } },
    },
  });
  const aggs = response.aggregations as { keys: { buckets: Array<{ key_as_string: string }> }; undated: { doc_count: number } };
  const keys = aggs.keys.buckets.map((b) => b.key_as_string);
  return aggs.undated.doc_count > 0 ? [...keys, UNDATED] : keys;
}

/** Every postings index of one generation (`-v<N>` and `-v<N>-<key>`, not `-v<N>0`), behind the alias or not. */
async function generationIndices(connection: Connection, generation: number): Promise<string[]> {
  const { prefix } = connection.partitions;
  const found = await connection.client.indices.get({
    index: `${partitionIndex(prefix, generation, '')}*`,
    allow_no_indices: true,
    expand_wildcards: 'all',
    filter_path: '*.settings.index.provided_name',
  });
  return Object.keys(found)
    .filter((index) => parsePartitionIndex(prefix, index)?.generation === generation)
    .sort();
}

/** Reads the checkpoint a killed re-index left, when it belongs to this one. */
async function savedCheckpoint(connection: Connection, sourceGeneration: number, scheme: PartitionScheme): Promise<Checkpoint | undefined> {
  const { client, names } = connection;
  try {
    const saved = (await client.get<Checkpoint>({ index: names.meta, id: 'reindex' }))._source;
    if (
      saved &&
      saved.sourceGeneration === sourceGeneration &&
      saved.scheme === scheme &&
      (await client.indices.exists({ index: partitionIndex(connection.partitions.prefix, saved.targetGeneration, saved.key) }))
    ) {
      return saved;
    }
  } catch (cause) {
    if (!(cause instanceof errors.ResponseError && cause.statusCode === 404)) throw cause;
  }
  return undefined;
}

/**
 * Copies every posting into the next generation's partitions (`-v<N+1>-<month>`), one partition
 * key at a time, re-extracting stale ones, then swaps the alias to all of them in one
 * `updateAliases` call and deletes the old indices. A checkpoint (partition and last id copied)
 * in the meta index lets a killed run resume. An old single `-v<N>` index is split into months.
 */
export async function rewritePostings(connection: Connection, options: RewriteOptions, logger: Logger): Promise<RewriteResult> {
  const { client, names, partitions } = connection;
  const { prefix, scheme } = partitions;
  await connection.fresh();
  const sources = await partitions.refresh();
  const sourceGeneration = Math.max(1, ...sources.map((i) => parsePartitionIndex(prefix, i)?.generation ?? 0));
  const checkpoint = await savedCheckpoint(connection, sourceGeneration, scheme);
  const targetGeneration = checkpoint?.targetGeneration ?? sourceGeneration + 1;
  if (!checkpoint) {
    // Left by a re-index that has no checkpoint to resume from: it starts over.
    const stale = await generationIndices(connection, targetGeneration);
    if (stale.length > 0) await client.indices.delete({ index: stale.join(',') });
  }
  const created = new Set<string>();
  const target = async (datePosted: string): Promise<string> => {
    const index = partitionIndex(prefix, targetGeneration, partitionKey(datePosted, scheme));
    if (!created.has(index)) {
      await partitions.create(index, false);
      created.add(index);
    }
    return index;
  };
  const total = (await client.count({ index: names.alias })).count;
  const progress = { done: checkpoint?.done ?? 0, total, rewritten: checkpoint?.rewritten ?? 0 };
  const keys = await sourceKeys(connection, scheme);
  for (const key of checkpoint ? keys.filter((k) => k >= checkpoint.key) : keys) {
    const after = checkpoint?.key === key ? (checkpoint.after ?? undefined) : undefined;
    for await (const docs of connection.scan(names.alias, partitionQuery(key), after)) {
      const postings = docs.map(fromDoc);
      const stale = postings.filter((p) => !options.isCurrent(p));
      const rewritten = new Map((stale.length > 0 ? await options.rewrite(stale) : []).map((p) => [p.id, p]));
      const writes = [];
      for (const [i, original] of postings.entries()) {
        const p = rewritten.get(original.id) ?? original;
        // The time each posting was first stored goes with it: pinned reports (asOf) survive a re-index.
        writes.push({ id: p.id, doc: { ...toDoc(p), ...storedAtField(docs[i]?.stored_at) }, index: await target(p.datePosted) });
      }
      await connection.bulk(`${prefix}-reindex-target`, writes, `re-index into generation ${targetGeneration} (${key || 'all'})`);
      progress.done += postings.length;
      progress.rewritten += rewritten.size;
      const last = (postings[postings.length - 1] as StoredPosting).id;
      const saved: Checkpoint = { sourceGeneration, targetGeneration, scheme, key, after: last, ...progress };
      await client.index({ index: names.meta, id: 'reindex', document: saved });
      options.onProgress?.({ ...progress });
    }
    logger.debug({ key, done: progress.done }, 're-indexed one partition');
  }
  // Readers need an index behind the alias even when there is nothing to copy.
  if (created.size === 0) await target(new Date().toISOString());
  const targets = await generationIndices(connection, targetGeneration);
  await client.indices.refresh({ index: targets.join(',') });
  // Writes made meanwhile may have added partitions of the old generation: they go too.
  const old = await partitions.refresh();
  const single = targets.length === 1;
  await client.indices.updateAliases({
    actions: [
      ...old.map((index) => ({ remove: { index, alias: names.alias } })),
      ...targets.map((index) => ({ add: { index, alias: names.alias, ...(single ? { is_write_index: true } : {}) } })),
    ],
  });
  await partitions.refresh();
  await client.delete({ index: names.meta, id: 'reindex' }, { ignore: [404] });
  if (old.length > 0) await client.indices.delete({ index: old.join(','), ignore_unavailable: true });
  logger.info({ from: old, to: targets }, 'alias swapped to the re-indexed postings');
  return { ...progress, resumed: checkpoint !== undefined };
}
