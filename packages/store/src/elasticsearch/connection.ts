import type { Client, estypes } from '@elastic/elasticsearch';
import { StoreError } from '@skillpulse/core';
import { documentId, type PostingDoc } from './mapping.js';
import type { Partitions } from './partitions.js';
import type { IndexNames } from './setup.js';

/**
 * Fields of a stored posting, with some of its `stored` part, and where it is: `_index` is the
 * index holding it, `_copies` other indices holding the same id (left by a write whose delete of
 * the old month's copy failed; the next upsert of the posting removes them).
 */
export type FetchedDoc<K extends keyof PostingDoc> = Pick<PostingDoc, K> & {
  stored?: Partial<PostingDoc['stored']>;
  _index?: string;
  _copies?: string[];
};

export interface BulkWrite {
  id: string;
  doc: object;
  /** A partial update of an existing document rather than the whole document. */
  partial?: boolean;
  /** Deletes the document (`doc` is ignored; a missing document is no error). */
  remove?: boolean;
  /** The concrete index to write to; the `index` argument of `bulk` when absent. */
  index?: string;
}

/** Ids per look-up search: hits are at most twice as many (copies), under the 10,000 result window. */
const LOOKUP_CHUNK = 4_000;

/**
 * The client and the indices of one store, with what every part of the store shares: reading
 * this process's own writes (a refresh before the next read), bulk writes that lose nothing
 * silently, and scans through a point in time.
 */
export class Connection {
  /** Written since the last refresh: the next read refreshes first, so a process reads its own writes. */
  private readonly dirty = new Set<string>();
  /** Called on every write: a data-version read started before it must not answer for the data after it. */
  onWrite: () => void = () => undefined;

  constructor(
    readonly client: Client,
    readonly names: IndexNames,
    /** The postings indices behind the alias, created as writes need them. */
    readonly partitions: Partitions,
  ) {}

  /** Makes this process's writes visible before it reads. */
  markDirty(index: string): void {
    this.dirty.add(index);
    this.onWrite();
  }

  async fresh(index: string = this.names.alias): Promise<void> {
    if (!this.dirty.has(index)) return;
    this.dirty.delete(index);
    await this.client.indices.refresh({ index });
  }

  /**
   * At close: this process's writes become visible to the next process at once. A shard gone
   * search-idle skips its periodic refresh, so without this a later `snapshot` or `export` could
   * miss them. Best effort: a store that cannot be reached any more has nothing to show.
   */
  async publish(): Promise<void> {
    const indices = [...this.dirty];
    this.dirty.clear();
    if (indices.length === 0) return;
    // Bounded: closing must not wait for the client's 60 s timeout on a store that hangs.
    await this.client.indices
      .refresh({ index: indices.join(','), ignore_unavailable: true }, { requestTimeout: 5_000, maxRetries: 0 })
      .catch(() => undefined);
  }

  /**
   * The given fields (and fields of `stored`) of the stored postings among `ids`, with the index
   * each is in. A search with an `ids` query on the alias (after this process's writes are
   * refreshed): a by-id get cannot span the partitions of the alias.
   */
  async fetchDocs<K extends keyof PostingDoc>(
    ids: readonly string[],
    fields: K[],
    storedFields: Array<keyof PostingDoc['stored']> = [],
  ): Promise<Map<string, FetchedDoc<K>>> {
    const found = new Map<string, FetchedDoc<K>>();
    if (ids.length === 0) return found;
    await this.fresh();
    const byDocId = new Map(ids.map((id) => [documentId(id), id]));
    const docIds = [...byDocId.keys()];
    for (let start = 0; start < docIds.length; start += LOOKUP_CHUNK) {
      const chunk = docIds.slice(start, start + LOOKUP_CHUNK);
      const response = await this.client.search<FetchedDoc<K>>({
        index: this.names.alias,
        query: { ids: { values: chunk } },
        size: chunk.length * 2,
        _source: { includes: [...(fields as string[]), ...storedFields.map((f) => `stored.${f}`)] },
        track_total_hits: false,
      });
      for (const hit of response.hits.hits) {
        const id = byDocId.get(hit._id as string);
        if (id === undefined || !hit._source) continue;
        const first = found.get(id);
        if (first) (first._copies ??= []).push(hit._index);
        else found.set(id, { ...hit._source, _index: hit._index });
      }
    }
    return found;
  }

  /**
   * Writes through the bulk helper; every document Elasticsearch drops becomes part of one error,
   * so nothing is lost silently. Writes are per document: re-running a failed batch is safe.
   */
  async bulk(index: string, writes: BulkWrite[], what: string): Promise<void> {
    if (writes.length === 0) return;
    const actions = new WeakMap<object, BulkWrite>();
    // Every action needs its own datasource object (deletes share their doc otherwise).
    const datasource = writes.map((w) => {
      const doc = w.remove ? {} : w.doc;
      actions.set(doc, w);
      return doc;
    });
    const dropped: string[] = [];
    let missingDeletes = 0;
    try {
      const stats = await this.client.helpers.bulk<object>({
        datasource,
        onDocument: (doc) => {
          const write = actions.get(doc) as BulkWrite;
          const target = { _index: write.index ?? index, _id: documentId(write.id) };
          if (write.remove) return { delete: target };
          return write.partial ? [{ update: target }, {}] : { index: target };
        },
        onDrop: (drop) => {
          const operation = drop.operation as { index?: { _id?: string }; update?: { _id?: string }; delete?: { _id?: string } };
          // Deleting a copy that is already gone is what the delete was for.
          if (operation.delete && drop.status === 404) {
            missingDeletes++;
            return;
          }
          const id = operation.index?._id ?? operation.update?._id ?? operation.delete?._id ?? '?';
          dropped.push(`${id}: ${drop.error?.reason ?? `status ${drop.status}`}`);
        },
        flushBytes: 4_000_000,
        concurrency: 2,
      });
      if (stats.failed > missingDeletes && dropped.length === 0) dropped.push(`${stats.failed - missingDeletes} documents failed`);
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

  /** Every posting of an index or alias matching a query, in id order, through a point in time. */
  async *scan(index: string, q: estypes.QueryDslQueryContainer, after?: string): AsyncIterable<PostingDoc[]> {
    // Always: a point in time opened on a search-idle shard does not wait for its pending refresh
    // (a search does), so another process's last writes could be missing from the whole scan.
    this.dirty.delete(index);
    await this.client.indices.refresh({ index });
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
}
