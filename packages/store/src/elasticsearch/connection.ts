import type { Client, estypes } from '@elastic/elasticsearch';
import { StoreError } from '@skillpulse/core';
import { documentId, type PostingDoc } from './mapping.js';
import type { IndexNames } from './setup.js';

/** Fields of a stored posting, with some of its `stored` part. */
export type FetchedDoc<K extends keyof PostingDoc> = Pick<PostingDoc, K> & { stored?: Partial<PostingDoc['stored']> };

export interface BulkWrite {
  id: string;
  doc: object;
  /** A partial update of an existing document rather than the whole document. */
  partial?: boolean;
}

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

  /** The given fields (and fields of `stored`) of the stored postings among `ids`. */
  async fetchDocs<K extends keyof PostingDoc>(
    ids: readonly string[],
    fields: K[],
    storedFields: Array<keyof PostingDoc['stored']> = [],
  ): Promise<Map<string, FetchedDoc<K>>> {
    const found = new Map<string, FetchedDoc<K>>();
    if (ids.length === 0) return found;
    const response = await this.client.mget<FetchedDoc<K>>({
      index: this.names.alias,
      ids: ids.map(documentId),
      _source_includes: [...(fields as string[]), ...storedFields.map((f) => `stored.${f}`)],
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
  async bulk(index: string, writes: BulkWrite[], what: string): Promise<void> {
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

  /** Every posting of an index or alias matching a query, in id order, through a point in time. */
  async *scan(index: string, q: estypes.QueryDslQueryContainer, after?: string): AsyncIterable<PostingDoc[]> {
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
}
