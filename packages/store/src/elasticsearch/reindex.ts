import { errors } from '@elastic/elasticsearch';
import { type Logger, type StoredPosting, StoreError } from '@skillpulse/core';
import type { RewriteOptions, RewriteResult } from '../contract.js';
import type { Connection } from './connection.js';
import { fromDoc, storedAtField, toDoc } from './mapping.js';

interface Checkpoint {
  target: string;
  after: string;
  rewritten: number;
  done: number;
}

async function currentIndex(connection: Connection): Promise<string> {
  const alias = connection.names.alias;
  const aliases = await connection.client.indices.getAlias({ name: alias });
  const indices = Object.keys(aliases);
  if (indices.length !== 1)
    throw new StoreError(`alias ${alias} points at ${indices.length} indices; expected one`, { code: 'SKILLPULSE_ERR_STORE_STATE' });
  return indices[0] as string;
}

/**
 * Copies every posting into the next versioned index, re-extracting stale ones, then swaps the
 * alias in one step. A checkpoint (last id copied) in the meta index lets a killed run resume.
 */
export async function rewritePostings(connection: Connection, options: RewriteOptions, logger: Logger): Promise<RewriteResult> {
  const { client, names } = connection;
  await connection.fresh();
  const source = await currentIndex(connection);
  const sourceVersion = Number(/-v(\d+)$/.exec(source)?.[1] ?? 1);
  let checkpoint: Checkpoint | undefined;
  try {
    const saved = await client.get<Checkpoint & { source: string }>({ index: names.meta, id: 'reindex' });
    if (saved._source && saved._source.source === source && (await client.indices.exists({ index: saved._source.target }))) {
      checkpoint = saved._source;
    }
  } catch (cause) {
    if (!(cause instanceof errors.ResponseError && cause.statusCode === 404)) throw cause;
  }
  const target = checkpoint?.target ?? names.postings(sourceVersion + 1);
  if (!checkpoint) {
    if (await client.indices.exists({ index: target })) await client.indices.delete({ index: target });
    await client.indices.create({ index: target });
  }
  const total = (await client.count({ index: source })).count;
  const progress = { done: checkpoint?.done ?? 0, total, rewritten: checkpoint?.rewritten ?? 0 };
  for await (const docs of connection.scan(source, { match_all: {} }, checkpoint?.after)) {
    const postings = docs.map(fromDoc);
    const stale = postings.filter((p) => !options.isCurrent(p));
    const rewritten = new Map((stale.length > 0 ? await options.rewrite(stale) : []).map((p) => [p.id, p]));
    // The time each posting was first stored goes with it: pinned reports (asOf) survive a re-index.
    const writes = postings.map((p, i) => ({
      id: p.id,
      doc: { ...toDoc(rewritten.get(p.id) ?? p), ...storedAtField(docs[i]?.stored_at) },
    }));
    await connection.bulk(target, writes, `re-index into ${target}`);
    progress.done += postings.length;
    progress.rewritten += rewritten.size;
    const after = (postings[postings.length - 1] as StoredPosting).id;
    await client.index({ index: names.meta, id: 'reindex', document: { source, target, after, ...progress } });
    options.onProgress?.({ ...progress });
  }
  await client.indices.refresh({ index: target });
  await client.indices.updateAliases({
    actions: [{ remove: { index: source, alias: names.alias } }, { add: { index: target, alias: names.alias, is_write_index: true } }],
  });
  await client.delete({ index: names.meta, id: 'reindex' }, { ignore: [404] });
  await client.indices.delete({ index: source });
  logger.info({ from: source, to: target }, 'alias swapped to the re-indexed postings');
  return { ...progress, resumed: checkpoint !== undefined };
}
