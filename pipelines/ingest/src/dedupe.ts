/**
 * Near-duplicate detection: MinHash over 3-word shingles of a posting's text estimates the Jaccard
 * similarity of two postings' shingle sets. Two postings with the same normalised title and an
 * estimated similarity of at least `minSimilarity` (default 0.8) are one job: a re-post, or the
 * same job on two sources. Locality-sensitive hashing (16 bands of 4 values) finds the candidates:
 * a pair at similarity 0.8 shares a band with probability 0.9998, a pair at 0.3 with 0.12.
 * (SimHash was tried first: on 100-word postings a one-sentence edit flipped 4 to 9 of 64 bits.)
 */

const HASHES = 64;
const ROWS = 4;
const BANDS = HASHES / ROWS;

export type Signature = Uint32Array;

/** A posting as the index keeps it: what decides duplicates and which one is canonical. */
export interface IndexedPosting {
  id: string;
  title: string;
  datePosted: string;
  firstSeen: string;
  signature: Signature;
}

const WORD = /[\p{L}\p{N}+#]+/gu;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

// Fixed odd multipliers and offsets: the i-th hash of x is a cheap mix of (a_i * x + b_i).
const MULTIPLIERS = Uint32Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0);
const OFFSETS = Uint32Array.from({ length: HASHES }, (_, i) => Math.imul(i + 7, 0x85ebca6b) >>> 0);

function mix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export function minhash(text: string): Signature {
  const words = text.toLowerCase().match(WORD) ?? [];
  const shingles = new Set<number>();
  if (words.length < 3) shingles.add(fnv1a(words.join(' ')));
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(fnv1a(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < HASHES; i++) {
      const h = mix((Math.imul(MULTIPLIERS[i] as number, shingle) + (OFFSETS[i] as number)) >>> 0);
      if (h < (signature[i] as number)) signature[i] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of positions where two signatures agree. */
export function similarity(a: Signature, b: Signature): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

export function normaliseTitle(title: string): string {
  return (title.toLowerCase().match(WORD) ?? []).join(' ');
}

/**
 * The posting's LSH buckets. Duplicates share their normalised title, so the title is part of the
 * key: postings made from one template otherwise crowd the same buckets under different titles.
 */
function bands(titleKey: string, signature: Signature): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++)
    keys.push(`${titleKey}\u0000${band}:${signature.subarray(band * ROWS, band * ROWS + ROWS).join(',')}`);
  return keys;
}

/** True when `a` should be the canonical posting of a group holding `a` and `b`: the earliest. */
export function isEarlier(a: IndexedPosting, b: IndexedPosting): boolean {
  if (a.datePosted !== b.datePosted) return a.datePosted < b.datePosted;
  if (a.firstSeen !== b.firstSeen) return a.firstSeen < b.firstSeen;
  return a.id < b.id;
}

/** The canonical postings of a recent window, searchable by signature. */
export class NearDuplicateIndex {
  private readonly byBand = new Map<string, Set<string>>();
  private readonly postings = new Map<string, IndexedPosting & { titleKey: string }>();

  constructor(readonly minSimilarity = 0.8) {}

  get size(): number {
    return this.postings.size;
  }

  add(posting: IndexedPosting): void {
    this.remove(posting.id);
    const titleKey = normaliseTitle(posting.title);
    this.postings.set(posting.id, { ...posting, titleKey });
    for (const band of bands(titleKey, posting.signature)) {
      let ids = this.byBand.get(band);
      if (!ids) this.byBand.set(band, (ids = new Set()));
      ids.add(posting.id);
    }
  }

  remove(id: string): void {
    const old = this.postings.get(id);
    if (!old) return;
    this.postings.delete(id);
    for (const band of bands(old.titleKey, old.signature)) {
      const ids = this.byBand.get(band);
      ids?.delete(id);
      if (ids?.size === 0) this.byBand.delete(band);
    }
  }

  /** The closest indexed posting (other than itself) that the posting duplicates, or null. */
  match(posting: Pick<IndexedPosting, 'id' | 'title' | 'signature'>): IndexedPosting | null {
    const titleKey = normaliseTitle(posting.title);
    let best: IndexedPosting | null = null;
    let bestSimilarity = 0;
    for (const band of bands(titleKey, posting.signature)) {
      for (const id of this.byBand.get(band) ?? []) {
        const candidate = this.postings.get(id);
        if (!candidate || id === posting.id) continue;
        const score = similarity(candidate.signature, posting.signature);
        if (score >= this.minSimilarity && score > bestSimilarity) {
          best = candidate;
          bestSimilarity = score;
        }
      }
    }
    return best;
  }
}
