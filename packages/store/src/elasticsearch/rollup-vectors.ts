import type { Client, estypes } from '@elastic/elasticsearch';
import type { PostingFilter, SkillCount, WindowSkillCounts } from '../contract.js';
import { windowQuery } from './rollups-queries.js';

/** A rollup document as this process keeps it: its skills as numbers and their counts. */
interface Vector {
  seqNo: number;
  primaryTerm: number;
  total: number;
  skills: Int32Array;
  counts: Int32Array;
}

type RollupSource = { total: number; counts: Array<{ skill: string; n: number }> };

/** More documents than a window can cover (60 months and two ragged ends of days): the aggregation answers instead. */
const MAX_DOCUMENTS = 5_000;
/** Attempts before giving up on a stable read while writers change the window's documents. */
const ATTEMPTS = 3;
/** Documents per page of the background load of every rollup document. */
const PAGE = 100;

/**
 * The top-skills reads of the rollup index, summed in this process from its documents' count
 * vectors, kept between reports (docs/decisions/0011-elasticsearch-rollup-vectors.md). A nested
 * terms aggregation over a window reads every skill entry of every document in it each time: at
 * ten million postings about 11 ms of Elasticsearch CPU a window (a top report reads two), so 50
 * clients queued behind two cores. Here a window is one search for its documents' ids and sequence
 * numbers (from doc values), an mget of the documents this process has not seen at that sequence number, and a sum
 * of typed arrays. A document's sequence number changes with every write to it, so a cached vector
 * is never stale. `null` means "answer with the aggregation": a window of more documents than a
 * window can have, or documents that kept changing between the search and the mget.
 *
 * The first read also starts loading every rollup document in the background, a page at a time, so
 * that reports soon find every window's vectors here (at ten million postings over five years,
 * 1,885 documents of about 6,300 skills each: 12 million entries, 96 MB). Reads meanwhile load what
 * they need; a document is loaded once however many reads wait for it.
 */
export class RollupVectors {
  private readonly vectors = new Map<string, Vector>();
  private readonly skillIds: string[] = [];
  private readonly ordinals = new Map<string, number>();
  private entries = 0;
  /** Loads under way by document id: a second read waits for the first's instead of loading again. */
  private readonly loading = new Map<string, Promise<void>>();
  private warming: Promise<void> | null = null;

  /**
   * `maxEntries`: skill entries kept over all documents (8 bytes each) before the least recently
   * used documents go (default 16 million, 128 MB); `onWarmFailed` hears a failed background load.
   */
  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly onWarmFailed: (cause: unknown) => void,
    private readonly maxEntries = 16_000_000,
  ) {}

  async windowSkillCounts(filter: PostingFilter, limit: number): Promise<WindowSkillCounts | null> {
    const window = await this.window(filter);
    if (!window) return null;
    let total = 0;
    for (const vector of window) total += vector.total;
    return { total, skills: filter.skillIds?.length === 0 ? [] : this.top(window, filter.skillIds, limit) };
  }

  /** Skills by their sum over the window, most first, ties by id: the order the aggregation gives. */
  private top(window: Vector[], only: readonly string[] | undefined, limit: number): SkillCount[] {
    const sums = new Float64Array(this.skillIds.length);
    for (const { skills, counts } of window) {
      for (let i = 0; i < skills.length; i++) {
        const ordinal = skills[i] as number;
        sums[ordinal] = (sums[ordinal] as number) + (counts[i] as number);
      }
    }
    const candidates = only
      ? [...new Set(only)].flatMap((id) => {
          const ordinal = this.ordinals.get(id);
          return ordinal === undefined ? [] : [ordinal];
        })
      : null;
    // A sorted buffer of the best `k` (most skills fall below the k-th at once) instead of sorting them all.
    const k = Math.max(1, Math.floor(limit));
    const ids = this.skillIds;
    const before = (a: number, b: number) => {
      const byCount = (sums[a] as number) - (sums[b] as number);
      if (byCount !== 0) return byCount > 0;
      return (ids[a] as string) < (ids[b] as string);
    };
    const best: number[] = [];
    const count = candidates ? candidates.length : sums.length;
    for (let c = 0; c < count; c++) {
      const ordinal = candidates ? (candidates[c] as number) : c;
      if (!((sums[ordinal] as number) > 0)) continue;
      if (best.length === k && !before(ordinal, best[k - 1] as number)) continue;
      let at = best.length === k ? k - 1 : best.length;
      while (at > 0 && before(ordinal, best[at - 1] as number)) {
        best[at] = best[at - 1] as number;
        at--;
      }
      best[at] = ordinal;
    }
    return best.map((ordinal) => ({ skillId: ids[ordinal] as string, postings: sums[ordinal] as number }));
  }

  /** The vectors of the window's documents as of one refresh, or null (see the class). */
  private async window(filter: PostingFilter): Promise<Vector[] | null> {
    this.warming ??= this.warm().catch((cause) => this.onWarmFailed(cause));
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const hits = await this.identify(windowQuery(filter, true), MAX_DOCUMENTS);
      if (hits.length >= MAX_DOCUMENTS) return null;
      const current = (id: string, seqNo: number | undefined, term: number | undefined) => {
        const vector = this.vectors.get(id);
        return vector && vector.seqNo === seqNo && vector.primaryTerm === term ? vector : undefined;
      };
      const missing = hits.filter((h) => !current(h._id, h._seq_no, h._primary_term)).map((h) => h._id);
      if (missing.length > 0) await this.load(missing);
      const window: Vector[] = [];
      for (const hit of hits) {
        const vector = current(hit._id, hit._seq_no, hit._primary_term);
        if (!vector) break; // written again since the search: read the window again
        // Most recently used last: the first documents of the map are the first to go.
        this.vectors.delete(hit._id);
        this.vectors.set(hit._id, vector);
        window.push(vector);
      }
      if (window.length === hits.length) return window;
    }
    return null;
  }

  /**
   * The ids and sequence numbers of the documents a query finds. Ids come from the `kind` and `day`
   * doc values: reading `_id`, a stored field, decompresses each document's stored block, source
   * and all (about 235 KB a day at ten million postings), which took most of a report's 11 ms.
   */
  private async identify(query: estypes.QueryDslQueryContainer, size: number, after?: estypes.SortResults) {
    const response = await this.client.search({
      index: this.index,
      size,
      query,
      stored_fields: ['_none_'],
      docvalue_fields: [{ field: 'day', format: 'yyyy-MM-dd' }, { field: 'kind' }],
      seq_no_primary_term: true,
      sort: after === undefined ? undefined : [{ day: 'asc' }, { kind: 'asc' }],
      search_after: after?.length ? after : undefined,
      track_total_hits: false,
    });
    return response.hits.hits.map((hit) => {
      const kind = hit.fields?.kind?.[0] as string;
      const day = hit.fields?.day?.[0] as string;
      return { _id: kind === 'month' ? `month:${day}` : day, _seq_no: hit._seq_no, _primary_term: hit._primary_term, sort: hit.sort };
    });
  }

  /** Every rollup document, a page at a time, while reads go on. */
  private async warm(): Promise<void> {
    let after: estypes.SortResults = [];
    for (;;) {
      const hits = await this.identify({ range: { total: { gte: 1 } } }, PAGE, after);
      if (hits.length === 0 || this.entries >= this.maxEntries) return;
      await this.load(hits.map((h) => h._id));
      after = hits[hits.length - 1]?.sort ?? [];
    }
  }

  /** Loads the documents not being loaded already, and waits for those that are. */
  private async load(ids: string[]): Promise<void> {
    const waits: Array<Promise<void>> = [];
    const fresh: string[] = [];
    for (const id of ids) {
      const under = this.loading.get(id);
      if (under) waits.push(under);
      else fresh.push(id);
    }
    if (fresh.length > 0) {
      const loaded = this.fetch(fresh).finally(() => {
        for (const id of fresh) if (this.loading.get(id) === loaded) this.loading.delete(id);
      });
      for (const id of fresh) this.loading.set(id, loaded);
      waits.push(loaded);
    }
    await Promise.all(waits);
  }

  private async fetch(ids: string[]): Promise<void> {
    // realtime: false reads what searches see (the last refresh), not the translog; the whole source
    // is sent as stored (source filtering would make the server parse and write it again).
    const response = await this.client.mget<RollupSource>({ index: this.index, ids, realtime: false });
    for (const doc of response.docs) {
      if (!('found' in doc) || !doc.found || !doc._source || doc._seq_no === undefined || doc._primary_term === undefined) continue;
      const { total, counts } = doc._source;
      const skills = new Int32Array(counts.length);
      const values = new Int32Array(counts.length);
      for (const [i, { skill, n }] of counts.entries()) {
        skills[i] = this.ordinal(skill);
        values[i] = n;
      }
      this.forget(doc._id);
      this.vectors.set(doc._id, { seqNo: doc._seq_no, primaryTerm: doc._primary_term, total, skills, counts: values });
      this.entries += counts.length;
    }
    for (const [id] of this.vectors) {
      if (this.entries <= this.maxEntries) break;
      this.forget(id);
    }
  }

  private forget(id: string): void {
    const vector = this.vectors.get(id);
    if (!vector) return;
    this.entries -= vector.skills.length;
    this.vectors.delete(id);
  }

  private ordinal(skillId: string): number {
    let ordinal = this.ordinals.get(skillId);
    if (ordinal === undefined) {
      ordinal = this.skillIds.length;
      this.skillIds.push(skillId);
      this.ordinals.set(skillId, ordinal);
    }
    return ordinal;
  }
}
