/**
 * Near-duplicate detection: MinHash over 3-word shingles of a posting's text estimates the Jaccard
 * similarity of two postings' shingle sets. Two postings with the same normalised title, posted at
 * most 90 days apart, with an estimated similarity of at least `minSimilarity` (default 0.8) are one
 * job: a re-post, or the same job on two sources. Locality-sensitive hashing (16 bands of 4 values)
 * finds the candidates: a pair at similarity 0.8 shares a band with probability 0.9998, a pair at
 * 0.3 with 0.12.
 * (SimHash was tried first: on 100-word postings a one-sentence edit flipped 4 to 9 of 64 bits.)
 */

const HASHES = 64;
const ROWS = 4;
const BANDS = HASHES / ROWS;
/** A slot's card (see NearDuplicateIndex): 16 words; the title, the last comparing call and the day posted take three. */
const CARD = 16;
const CARD_BYTES = CARD * 4;
const SKETCH_AT = 12;
const SKETCHED = CARD_BYTES - SKETCH_AT;

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

const FNV_OFFSET = 0x811c9dc5;
const SPACE = 32;

/** FNV-1a of `text`, continuing from `hash` (so a shingle is hashed word by word, never built as a string). */
function fnv1aFrom(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const fnv1a = (text: string): number => fnv1aFrom(FNV_OFFSET, text);

/** FNV-1a of "a b c" (the words joined by spaces). */
function shingleHash(a: string, b: string, c: string): number {
  let h = fnv1aFrom(FNV_OFFSET, a);
  h = Math.imul(h ^ SPACE, 0x01000193) >>> 0;
  h = fnv1aFrom(h, b);
  h = Math.imul(h ^ SPACE, 0x01000193) >>> 0;
  return fnv1aFrom(h, c);
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
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(shingleHash(words[i] as string, words[i + 1] as string, words[i + 2] as string));
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

/** True when `a` should be the canonical posting of a group holding `a` and `b`: the earliest. */
export function isEarlier(a: IndexedEntry, b: IndexedEntry): boolean {
  if (a.datePosted !== b.datePosted) return a.datePosted < b.datePosted;
  if (a.firstSeen !== b.firstSeen) return a.firstSeen < b.firstSeen;
  return a.id < b.id;
}

/** What `match` answers: the indexed posting's id and what decides which posting is canonical. */
export type IndexedEntry = Pick<IndexedPosting, 'id' | 'datePosted' | 'firstSeen'>;

/** Strings many entries share (normalised titles, dates), each kept once and referred to by number. */
class Interned {
  private readonly numbers = new Map<string, number>();
  readonly values: string[] = [];
  /** Per string: its FNV-1a hash. */
  readonly hashes: number[] = [];

  /** The string's number, adding it when new. */
  add(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.numbers.set(value, n);
      this.values.push(value);
      this.hashes.push(fnv1a(value));
    }
    return n;
  }

  find(value: string): number | undefined {
    return this.numbers.get(value);
  }
}

const NONE = -1;

/**
 * The canonical postings of a recent window, searchable by signature. Kept compact, since an import
 * indexes every posting of its source: per posting its id, the numbers of its normalised title and
 * dates, its signature (64 × 32 bits) and its 16 LSH bucket links, in typed arrays; about 0.5 KB a
 * posting (`bytesPerEntry`), never the posting's text.
 *
 * A bucket is (normalised title, period of `windowDays`, band, the band's 4 values): duplicates
 * share their normalised title and are posted within the window, so both are part of the key
 * (postings made from one template otherwise crowd the same buckets under different titles and
 * years). Buckets live in one hash table of chains, each in insertion order, so candidates are met
 * in the order a map of buckets to sets of ids meets them: bands in order, in each band the periods
 * before, of and after the posting's, then each bucket's postings as they were added (a posting
 * added again goes last).
 */
export class NearDuplicateIndex {
  private readonly slotOf = new Map<string, number>();
  private ids: string[] = [];
  private readonly free: number[] = [];
  private readonly titles = new Interned();
  private readonly dates = new Interned();
  private capacity = 0;
  /** Per slot: the interned date posted and first seen. */
  private datePostedOf = new Int32Array(0);
  private firstSeenOf = new Int32Array(0);
  private signatures = new Uint32Array(0);
  /**
   * Per slot, in one 64-byte card: the interned title, the last `match` call that compared it, the
   * day it was posted (days since 1970), and the low bytes of its first 52 signature values. A match
   * reads only the cards of most candidates: values that agree agree on their low bytes, so a
   * candidate whose bytes disagree in too many positions cannot be similar enough, and its signature
   * (four more cache lines) is never read. At hundreds of candidates a match, those reads were most
   * of its cost.
   */
  private cards = new Int32Array(0);
  private cardBytes = new Uint8Array(0);
  /** The low bytes of the signature being matched (scratch). */
  private readonly low = new Uint8Array(HASHES);
  /** Per (slot, band) link: the next link of the same chain, or NONE. */
  private next = new Int32Array(0);
  /** Per chain: its first and last link, or NONE. */
  private heads = new Int32Array(0);
  private tails = new Int32Array(0);
  private mask = 0;
  private matches = 0;

  /**
   * `windowDays`: two postings are one job only when published at most this many days apart (the
   * crawl's window, default 90). A job re-posted a year later is new demand, and the buckets are
   * keyed by period of that length, so a match reads the postings of three periods, not of the
   * whole history an import brings.
   */
  constructor(
    readonly minSimilarity = 0.8,
    readonly windowDays = 90,
  ) {
    if (!(windowDays >= 1)) throw new RangeError(`windowDays must be 1 or more, got ${windowDays}`);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Bytes the typed arrays hold per indexed posting, ids and shared strings aside (tests, benchmarks). */
  get bytesPerEntry(): number {
    const typed = [this.cards, this.datePostedOf, this.firstSeenOf, this.signatures, this.next, this.heads, this.tails];
    return typed.reduce((n, a) => n + a.byteLength, 0) / Math.max(1, this.size);
  }

  add(posting: IndexedPosting): void {
    this.remove(posting.id);
    const slot = this.free.pop() ?? this.grow();
    this.slotOf.set(posting.id, slot);
    this.ids[slot] = posting.id;
    this.cards[slot * CARD] = this.titles.add(normaliseTitle(posting.title));
    this.cards[slot * CARD + 2] = epochDay(posting.datePosted);
    this.datePostedOf[slot] = this.dates.add(posting.datePosted);
    this.firstSeenOf[slot] = this.dates.add(posting.firstSeen);
    this.signatures.set(posting.signature.subarray(0, HASHES), slot * HASHES);
    for (let i = 0; i < SKETCHED; i++) this.cardBytes[slot * CARD_BYTES + SKETCH_AT + i] = (posting.signature[i] as number) & 0xff;
    for (let band = 0; band < BANDS; band++) this.link(slot * BANDS + band);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    for (let band = 0; band < BANDS; band++) this.unlink(slot * BANDS + band);
    this.slotOf.delete(id);
    this.ids[slot] = '';
    this.free.push(slot);
  }

  /** Removes the postings published before `day` (days since 1970): an import moving on in date order no longer needs them. */
  removePostedBefore(day: number): void {
    for (const [id, slot] of this.slotOf) if ((this.cards[slot * CARD + 2] as number) < day) this.remove(id);
  }

  /** The closest indexed posting (other than itself) that the posting duplicates, or null. */
  match(posting: Pick<IndexedPosting, 'id' | 'title' | 'datePosted' | 'signature'>): IndexedEntry | null {
    const title = this.titles.find(normaliseTitle(posting.title));
    if (title === undefined) return null;
    const signature = posting.signature;
    const low = this.low;
    for (let i = 0; i < HASHES; i++) low[i] = (signature[i] as number) & 0xff;
    const round = ++this.matches;
    let best = NONE;
    // Agreements a candidate needs: the threshold, then more than the best so far. A comparison stops
    // once too many positions disagree, so a crowded bucket of near-misses (postings from one template)
    // costs a few positions each instead of 64.
    let needed = Math.ceil(this.minSimilarity * HASHES - 1e-9);
    const day = epochDay(posting.datePosted);
    const window = this.windowDays;
    const period = Math.floor(day / window);
    for (let band = 0; band < BANDS; band++) {
      const from = band * ROWS;
      // Postings within the window are in this period or the one either side of it.
      for (let near = period - 1; near <= period + 1; near++) {
        const chain: number = bucketHash(this.titles.hashes[title] as number, near, band, signature, from) & this.mask;
        for (
          let link: number = this.capacity === 0 ? NONE : (this.heads[chain] as number);
          link !== NONE;
          link = this.next[link] as number
        ) {
          const slot = (link / BANDS) | 0;
          const card = slot * CARD;
          if (link - slot * BANDS !== band || this.cards[card] !== title || this.cards[card + 1] === round) continue;
          const posted = this.cards[card + 2] as number;
          if (Math.floor(posted / window) !== near) continue;
          if (Math.abs(posted - day) > window) {
            this.cards[card + 1] = round; // too far apart, in every band
            continue;
          }
          const sketch = slot * CARD_BYTES + SKETCH_AT;
          let inBucket = true;
          if (from + ROWS <= SKETCHED)
            for (let r = 0; r < ROWS && inBucket; r++) inBucket = this.cardBytes[sketch + from + r] === low[from + r];
          if (!inBucket) continue;
          // The values past the sketch may all agree: at most HASHES - needed disagreements among the rest.
          let disagreeLeft = HASHES - needed;
          if (disagreeLeft < 0) break; // the best so far agrees everywhere: nothing can beat it
          let i = 0;
          for (; i < SKETCHED; i++) if (this.cardBytes[sketch + i] !== low[i] && --disagreeLeft < 0) break;
          if (i < SKETCHED) {
            // Too few low bytes agree, so too few values do: in every band this candidate shares.
            this.cards[card + 1] = round;
            continue;
          }
          const at = slot * HASHES + from;
          for (let r = 0; r < ROWS && inBucket; r++) inBucket = this.signatures[at + r] === signature[from + r];
          if (!inBucket || this.ids[slot] === posting.id) continue;
          this.cards[card + 1] = round;
          disagreeLeft = HASHES - needed;
          for (i = 0; i < HASHES; i++) if (this.signatures[slot * HASHES + i] !== signature[i] && --disagreeLeft < 0) break;
          if (i === HASHES) {
            best = slot;
            needed += disagreeLeft + 1; // its agreements (needed + what was left), plus one
          }
        }
      }
    }
    if (best === NONE) return null;
    return {
      id: this.ids[best] as string,
      datePosted: this.dates.values[this.datePostedOf[best] as number] as string,
      firstSeen: this.dates.values[this.firstSeenOf[best] as number] as string,
    };
  }

  /** The chain of a (slot, band) link: the hash of its bucket. */
  private chainOf(link: number): number {
    const slot = (link / BANDS) | 0;
    const band = link - slot * BANDS;
    const title = this.titles.hashes[this.cards[slot * CARD] as number] as number;
    const period = Math.floor((this.cards[slot * CARD + 2] as number) / this.windowDays);
    return bucketHash(title, period, band, this.signatures, slot * HASHES + band * ROWS) & this.mask;
  }

  /** Appends a link to the end of its chain. */
  private link(link: number): void {
    const chain = this.chainOf(link);
    this.next[link] = NONE;
    const tail = this.tails[chain] as number;
    if (tail === NONE) this.heads[chain] = link;
    else this.next[tail] = link;
    this.tails[chain] = link;
  }

  private unlink(link: number): void {
    const chain = this.chainOf(link);
    let previous = NONE;
    let at = this.heads[chain] as number;
    while (at !== NONE && at !== link) {
      previous = at;
      at = this.next[at] as number;
    }
    if (at === NONE) return;
    const after = this.next[link] as number;
    if (previous === NONE) this.heads[chain] = after;
    else this.next[previous] = after;
    if (this.tails[chain] === link) this.tails[chain] = previous;
  }

  /** Room for more postings (half as many again): the arrays are copied and the chains rebuilt in order. */
  private grow(): number {
    const slot = this.capacity;
    const capacity = Math.max(1024, Math.ceil(this.capacity * 1.5));
    const copy = <T extends Int32Array | Uint32Array | Uint8Array>(old: T, make: (n: number) => T, n: number): T => {
      const grown = make(n);
      grown.set(old);
      return grown;
    };
    const ints = (n: number) => new Int32Array(n);
    this.cards = copy(this.cards, (n) => new Int32Array(n), capacity * CARD);
    this.cardBytes = new Uint8Array(this.cards.buffer);
    this.datePostedOf = copy(this.datePostedOf, ints, capacity);
    this.firstSeenOf = copy(this.firstSeenOf, ints, capacity);
    this.signatures = copy(this.signatures, (n) => new Uint32Array(n), capacity * HASHES);
    const oldHeads = this.heads;
    const oldNext = this.next;
    this.next = new Int32Array(capacity * BANDS).fill(NONE);
    // About two links a chain.
    let chains = 1024;
    while (chains * 2 < capacity * BANDS) chains *= 2;
    this.heads = new Int32Array(chains).fill(NONE);
    this.tails = new Int32Array(chains).fill(NONE);
    this.mask = chains - 1;
    // Links of one bucket share an old chain, in order: appending chain by chain keeps their order.
    for (const head of oldHeads) for (let link = head; link !== NONE; link = oldNext[link] as number) this.link(link);
    this.capacity = capacity;
    for (let free = capacity - 1; free > slot; free--) this.free.push(free);
    return slot;
  }
}

/** The hash of a bucket: normalised title (its hash), period, band and the band's 4 values (`values[from..from+4]`). */
function bucketHash(titleHash: number, period: number, band: number, values: Signature, from: number): number {
  let h = mix((titleHash ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0);
  h = mix((h ^ period) >>> 0);
  for (let r = 0; r < ROWS; r++) h = mix((h ^ (values[from + r] as number)) >>> 0);
  return h;
}

/** The signature near-duplicate detection compares: title and text. */
export function postingSignature(posting: { title: string; descriptionText: string }): Signature {
  return minhash(`${posting.title}\n${posting.descriptionText}`);
}

/** Days since 1970-01-01 of a date (`YYYY-MM-DD…`); 0 when it is not one. */
export function epochDay(date: string): number {
  const ms = Date.parse(date.slice(0, 10));
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 86_400_000);
}
