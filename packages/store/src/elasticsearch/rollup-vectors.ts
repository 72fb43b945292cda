import type { Client } from '@elastic/elasticsearch';
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

/**
 * The top-skills reads of the rollup index, summed in this process from its documents' count
 * vectors, kept between reports (docs/decisions/0011-elasticsearch-rollup-vectors.md). A nested
 * terms aggregation over a window reads every skill entry of every document in it each time: at
 * ten million postings about 25 ms of Elasticsearch CPU a report, so 50 clients queued behind two
 * cores. Here a report is one search for the window's document ids and sequence numbers (no
 * source), an mget of the documents this process has not seen at that sequence number, and a sum
 * of typed arrays. A document's sequence number changes with every write to it, so a cached vector
 * is never stale. `null` means "answer with the aggregation": a window of more documents than a
 * window can have, or documents that kept changing between the search and the mget.
 */
export class RollupVectors {
  private readonly vectors = new Map<string, Vector>();
  private readonly skillIds: string[] = [];
  private readonly ordinals = new Map<string, number>();
  private entries = 0;

  /** `maxEntries`: skill entries kept over all documents (8 bytes each) before the least recently used documents go. */
  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly maxEntries = 4_000_000,
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
    const wanted = only ? new Set(only) : null;
    const found: SkillCount[] = [];
    for (let ordinal = 0; ordinal < sums.length; ordinal++) {
      const postings = sums[ordinal] as number;
      const skillId = this.skillIds[ordinal] as string;
      if (postings > 0 && (!wanted || wanted.has(skillId))) found.push({ skillId, postings });
    }
    found.sort((a, b) => b.postings - a.postings || (a.skillId < b.skillId ? -1 : a.skillId > b.skillId ? 1 : 0));
    return found.slice(0, Math.max(1, Math.floor(limit)));
  }

  /** The vectors of the window's documents as of one refresh, or null (see the class). */
  private async window(filter: PostingFilter): Promise<Vector[] | null> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const response = await this.client.search({
        index: this.index,
        size: MAX_DOCUMENTS,
        query: windowQuery(filter, true),
        _source: false,
        seq_no_primary_term: true,
        track_total_hits: false,
      });
      const hits = response.hits.hits;
      if (hits.length >= MAX_DOCUMENTS) return null;
      const current = (id: string, seqNo: number | undefined, term: number | undefined) => {
        const vector = this.vectors.get(id);
        return vector && vector.seqNo === seqNo && vector.primaryTerm === term ? vector : undefined;
      };
      const missing = hits.filter((h) => !current(h._id as string, h._seq_no, h._primary_term)).map((h) => h._id as string);
      if (missing.length > 0) await this.load(missing);
      const window: Vector[] = [];
      for (const hit of hits) {
        const vector = current(hit._id as string, hit._seq_no, hit._primary_term);
        if (!vector) break; // written again since the search: read the window again
        // Most recently used last: the first documents of the map are the first to go.
        this.vectors.delete(hit._id as string);
        this.vectors.set(hit._id as string, vector);
        window.push(vector);
      }
      if (window.length === hits.length) return window;
    }
    return null;
  }

  private async load(ids: string[]): Promise<void> {
    // realtime: false reads what searches see (the last refresh), not the translog.
    const response = await this.client.mget<RollupSource>({ index: this.index, ids, _source: ['total', 'counts'], realtime: false });
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
