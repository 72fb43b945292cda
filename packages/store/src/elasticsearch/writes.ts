import { StoreError } from '@skillpulse/core';
import type { CanonicalLink, PostingInput, UpsertResult } from '../contract.js';
import { toStored } from '../shared.js';
import type { BulkWrite, Connection, FetchedDoc } from './connection.js';
import { type PostingDoc, sameDimensions, storedAtField, toDoc } from './mapping.js';
import type { EsRollups } from './rollups.js';

type UpsertFields = 'content_hash' | 'extractor_version' | 'taxonomy_version' | 'canonical_id' | 'first_seen' | 'stored_at' | 'date_posted';
const UPSERT_FIELDS: UpsertFields[] = [
  'content_hash',
  'extractor_version',
  'taxonomy_version',
  'canonical_id',
  'first_seen',
  'stored_at',
  'date_posted',
];

/** Deletes of a posting's copies in every index but `keep` (its old month, or leftovers of a failed move). */
function removals(id: string, stored: FetchedDoc<never> | undefined, keep: string | undefined): BulkWrite[] {
  const where = [stored?._index, ...(stored?._copies ?? [])].filter((i): i is string => i !== undefined && i !== keep);
  return [...new Set(where)].map((index) => ({ id, doc: {}, remove: true, index }));
}

/**
 * The postings writes of the Elasticsearch store. Every posting lives in the partition of its
 * `date_posted` (partitions.ts); a by-id write goes to the index the look-up found it in, and an
 * upsert that moves a posting to another month deletes the old month's copy in the same bulk.
 */
export class PostingWrites {
  /** The `stored_at` of this process's last batch: each batch is stored strictly after the one before. */
  private lastStoredAt = 0;

  constructor(
    private readonly connection: Connection,
    private readonly rollups: EsRollups,
  ) {}

  async upsert(postings: readonly PostingInput[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    const { alias } = this.connection.names;
    // One read serves the content comparison, the rollup days (old dates) and where each posting is.
    const fetched = await this.connection.fetchDocs(
      postings.map((p) => p.id),
      UPSERT_FIELDS,
      ['role', 'place'],
    );
    const existing = new Map(fetched);
    const storedAt = Math.max(Date.now(), this.lastStoredAt + 1);
    this.lastStoredAt = storedAt;
    /** The last write of each posting in this batch (a later copy of a posting is the same posting again). */
    const final = new Map<string, BulkWrite>();
    const days = new Set<string>();
    for (const posting of postings) {
      const stored = existing.get(posting.id);
      const earlier = final.get(posting.id);
      if (
        stored &&
        stored.content_hash === posting.contentHash &&
        stored.extractor_version === posting.extractorVersion &&
        stored.taxonomy_version === posting.taxonomyVersion &&
        stored.canonical_id === posting.canonicalId &&
        sameDimensions(stored, posting)
      ) {
        const touch = { last_seen: posting.seenAt, expired: false };
        if (earlier && !earlier.partial) Object.assign(earlier.doc, touch);
        else final.set(posting.id, { id: posting.id, doc: touch, partial: true, index: stored._index });
        result.unchanged++;
        continue;
      }
      // A new posting is stored now; an update keeps when it was first stored (none for a pre-schema-3 document).
      const firstStored = stored ? stored.stored_at : storedAt;
      const index = await this.connection.partitions.indexFor(posting.datePosted);
      const doc: PostingDoc = { ...toDoc(toStored(posting, stored?.first_seen)), ...storedAtField(firstStored) };
      final.set(posting.id, { id: posting.id, doc, index });
      days.add(posting.datePosted);
      const before = fetched.get(posting.id);
      if (before) days.add(before.date_posted);
      if (stored) result.updated++;
      else result.inserted++;
      existing.set(posting.id, {
        content_hash: posting.contentHash,
        extractor_version: posting.extractorVersion,
        taxonomy_version: posting.taxonomyVersion,
        canonical_id: posting.canonicalId,
        first_seen: stored?.first_seen ?? posting.seenAt,
        date_posted: posting.datePosted,
        ...storedAtField(firstStored),
        stored: { role: posting.role ?? null, place: posting.place ?? null },
        _index: index,
      });
    }
    const writes: BulkWrite[] = [];
    for (const [id, write] of final) {
      writes.push(write);
      // An id exists once across the alias: the copy in any other index goes in the same bulk.
      writes.push(...removals(id, fetched.get(id), write.index));
    }
    const pending = await this.rollups.beforeWrite(days);
    await this.connection.bulk(alias, writes, `batch of ${postings.length} postings`);
    await this.rollups.afterWrite(pending);
    return result;
  }

  async contentHashes(ids: readonly string[]): Promise<Map<string, string>> {
    const docs = await this.connection.fetchDocs(ids, ['content_hash']);
    return new Map([...docs].map(([id, doc]) => [id, doc.content_hash]));
  }

  async touch(ids: readonly string[], seenAt: string): Promise<number> {
    const docs = await this.connection.fetchDocs(ids, ['expired']);
    const writes = [...docs].map(([id, doc]) => ({ id, doc: { last_seen: seenAt, expired: false }, partial: true, index: doc._index }));
    await this.connection.bulk(this.connection.names.alias, writes, 'last-seen update');
    return writes.length;
  }

  async expire(ids: readonly string[]): Promise<number> {
    const docs = await this.connection.fetchDocs(ids, ['expired']);
    const writes = [...docs]
      .filter(([, doc]) => !doc.expired)
      .map(([id, doc]) => ({ id, doc: { expired: true }, partial: true, index: doc._index }));
    await this.connection.bulk(this.connection.names.alias, writes, 'expiry');
    return writes.length;
  }

  async setCanonical(links: readonly CanonicalLink[]): Promise<number> {
    const docs = await this.connection.fetchDocs(
      links.map((l) => l.id),
      ['canonical_id', 'date_posted'],
    );
    const writes: BulkWrite[] = [];
    const days = new Set<string>();
    for (const link of links) {
      const doc = docs.get(link.id);
      if (!doc || doc.canonical_id === link.canonicalId) continue;
      if (link.canonicalId === link.id) {
        throw new StoreError(`posting ${link.id} cannot be its own canonical posting`, { code: 'SKILLPULSE_ERR_STORE_WRITE' });
      }
      writes.push({
        id: link.id,
        doc: { canonical_id: link.canonicalId, unique: link.canonicalId === null },
        partial: true,
        index: doc._index,
      });
      // A re-linked posting leaves or joins its day's unique count.
      days.add(doc.date_posted);
    }
    const pending = await this.rollups.beforeWrite(days);
    await this.connection.bulk(this.connection.names.alias, writes, 'canonical links');
    await this.rollups.afterWrite(pending);
    return writes.length;
  }
}
