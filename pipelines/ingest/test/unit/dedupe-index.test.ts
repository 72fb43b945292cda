import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  epochDay,
  type IndexedPosting,
  minhash,
  NearDuplicateIndex,
  normaliseTitle,
  type Signature,
  similarity,
} from '../../src/dedupe.js';

const WINDOW = 90;
const periodOf = (datePosted: string) => Math.floor(epochDay(datePosted) / WINDOW);

/** The index as first written (a map of bucket keys to sets of ids, whole entries kept): the reference for match order. */
class ReferenceIndex {
  private readonly byBand = new Map<string, Set<string>>();
  private readonly postings = new Map<string, IndexedPosting & { titleKey: string }>();
  private static bands(titleKey: string, period: number, signature: Signature): string[] {
    return Array.from({ length: 16 }, (_, band) => ReferenceIndex.bucket(titleKey, period, band, signature));
  }
  private static bucket(titleKey: string, period: number, band: number, signature: Signature): string {
    return `${titleKey}\u0000${period}\u0000${band}:${signature.subarray(band * 4, band * 4 + 4).join(',')}`;
  }
  add(posting: IndexedPosting): void {
    this.remove(posting.id);
    const titleKey = normaliseTitle(posting.title);
    this.postings.set(posting.id, { ...posting, titleKey });
    for (const band of ReferenceIndex.bands(titleKey, periodOf(posting.datePosted), posting.signature)) {
      let ids = this.byBand.get(band);
      if (!ids) this.byBand.set(band, (ids = new Set()));
      ids.add(posting.id);
    }
  }
  remove(id: string): void {
    const old = this.postings.get(id);
    if (!old) return;
    this.postings.delete(id);
    for (const band of ReferenceIndex.bands(old.titleKey, periodOf(old.datePosted), old.signature)) this.byBand.get(band)?.delete(id);
  }
  /** Bands in order; in each, the periods before, of and after the posting's; then each bucket's postings as added. */
  match(posting: Pick<IndexedPosting, 'id' | 'title' | 'datePosted' | 'signature'>): IndexedPosting | null {
    let best: IndexedPosting | null = null;
    let bestSimilarity = 0;
    const day = epochDay(posting.datePosted);
    const buckets = Array.from({ length: 16 }, (_, band) =>
      [-1, 0, 1].map((near) =>
        ReferenceIndex.bucket(normaliseTitle(posting.title), periodOf(posting.datePosted) + near, band, posting.signature),
      ),
    ).flat();
    for (const band of buckets) {
      for (const id of this.byBand.get(band) ?? []) {
        const candidate = this.postings.get(id);
        if (!candidate || id === posting.id || Math.abs(epochDay(candidate.datePosted) - day) > WINDOW) continue;
        const score = similarity(candidate.signature, posting.signature);
        if (score >= 0.8 && score > bestSimilarity) {
          best = candidate;
          bestSimilarity = score;
        }
      }
    }
    return best;
  }
}

/** MinHash as first written (each shingle built as a string, then hashed): the reference for signatures. */
function referenceMinhash(text: string): Signature {
  const fnv = (t: string) => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < t.length; i++) hash = Math.imul(hash ^ t.charCodeAt(i), 0x01000193) >>> 0;
    return hash >>> 0;
  };
  const mix = (x: number) => {
    let h = x;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    return h >>> 0;
  };
  const words = text.toLowerCase().match(/[\p{L}\p{N}+#]+/gu) ?? [];
  const shingles = new Set<number>();
  if (words.length < 3) shingles.add(fnv(words.join(' ')));
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(fnv(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  const signature = new Uint32Array(64).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < 64; i++) {
      const a = (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0;
      const b = Math.imul(i + 7, 0x85ebca6b) >>> 0;
      const h = mix((Math.imul(a, shingle) + b) >>> 0);
      if (h < (signature[i] as number)) signature[i] = h;
    }
  }
  return signature;
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Thousands of MinHash signatures per test: seconds when CI tests every package at once.
describe('NearDuplicateIndex (compact)', { timeout: 60_000 }, () => {
  it('computes the same signatures as ever (shingles hashed word by word)', () => {
    for (const text of [
      '',
      'one',
      'two words',
      'Senior Data Engineer\nWe build ETL pipelines in Python, C++ & C#.',
      'Ingénieur données — München, 北京 数据 工程师 😀 ok',
    ]) {
      expect([...minhash(text)]).toEqual([...referenceMinhash(text)]);
    }
  });

  it('answers every match as the map-of-sets index did, ties and re-added postings included', () => {
    const next = random(7);
    const titles = ['Data Engineer', 'data engineer!', 'Nurse', 'Senior Nurse', 'Welder'];
    // Few templates, each edited a little: crowded buckets, many ties at equal similarity.
    const templates = Array.from({ length: 4 }, (_, t) => Array.from({ length: 60 }, (_, i) => `t${t}w${i}`));
    const compact = new NearDuplicateIndex();
    const reference = new ReferenceIndex();
    const ids: string[] = [];
    let matched = 0;
    for (let step = 0; step < 3000; step++) {
      const words = [...(templates[Math.floor(next() * templates.length)] as string[])];
      for (let e = Math.floor(next() * 4); e > 0; e--) words[Math.floor(next() * words.length)] = `x${Math.floor(next() * 50)}`;
      const title = titles[Math.floor(next() * titles.length)] as string;
      const id = next() < 0.2 && ids.length > 0 ? (ids[Math.floor(next() * ids.length)] as string) : `p${step}`;
      const posting: IndexedPosting = {
        id,
        title,
        // Over a year: pairs inside and outside the 90-day window, in neighbouring and distant periods.
        datePosted: new Date(Date.UTC(2026, 0, 1 + Math.floor(next() * 400))).toISOString().slice(0, 10),
        firstSeen: `2026-11-0${1 + Math.floor(next() * 9)}T00:00:00Z`,
        signature: minhash(`${title}\n${words.join(' ')}`),
      };
      const expected = reference.match(posting);
      const found = compact.match(posting);
      expect(found?.id ?? null).toBe(expected?.id ?? null);
      if (expected) matched++;
      if (expected && found) expect([found.datePosted, found.firstSeen]).toEqual([expected.datePosted, expected.firstSeen]);
      const action = next();
      if (action < 0.6) {
        compact.add(posting);
        reference.add(posting);
        ids.push(id);
      } else if (action < 0.7 && expected) {
        compact.remove(expected.id);
        reference.remove(expected.id);
      }
    }
    expect(compact.size).toBeGreaterThan(1000);
    expect(matched).toBeGreaterThan(500);
  });

  it('keeps about half a kilobyte a posting, never its text', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const index = new NearDuplicateIndex();
    const count = 5_000;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < count; i++) {
      const descriptionText = `posting ${i} `.repeat(200); // 2 KB or more of text, as a stored posting carries
      // A whole stored posting handed to the index, as the first version of loadDedupeIndex did.
      const posting = {
        id: `import:bench:linkedin:b${i}`,
        title: `Engineer ${i % 500}`,
        datePosted: '2026-10-01',
        firstSeen: '2026-11-01T00:00:00Z',
        descriptionText,
      };
      index.add({ ...posting, signature: minhash(`${posting.title}\n${descriptionText}`) });
    }
    gc();
    const perPosting = (process.memoryUsage().heapUsed - before) / count;
    expect(index.size).toBe(count);
    // Typed arrays live outside the JS heap; ids and the id map inside it.
    expect(perPosting).toBeLessThan(400);
    expect(index.bytesPerEntry).toBeLessThan(700);
  });
});
