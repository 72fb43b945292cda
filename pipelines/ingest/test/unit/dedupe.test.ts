import { describe, expect, it } from 'vitest';
import { type IndexedPosting, isEarlier, minhash, NearDuplicateIndex, similarity } from '../../src/dedupe.js';

const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `w${(i * 7919 + seed * 104729) % 5000}`).join(' ');
const base = words(300, 1);

function entry(id: string, title: string, text: string, datePosted = '2026-10-01'): IndexedPosting {
  return { id, title, datePosted, firstSeen: '2026-10-02T00:00:00Z', signature: minhash(`${title}\n${text}`) };
}

describe('MinHash near-duplicates', () => {
  it('estimates Jaccard similarity closely', () => {
    expect(similarity(minhash(base), minhash(base))).toBe(1);
    // 300 words with 30 replaced at the end: 268 of 328 shingles shared, Jaccard about 0.82.
    const edited = `${base.split(' ').slice(0, 270).join(' ')} ${words(30, 2)}`;
    expect(similarity(minhash(base), minhash(edited))).toBeGreaterThan(0.7);
    expect(similarity(minhash(base), minhash(edited))).toBeLessThan(0.95);
    expect(similarity(minhash(base), minhash(words(300, 3)))).toBeLessThan(0.1);
  });

  it('matches a lightly edited copy with the same title, never a different title or text', () => {
    const index = new NearDuplicateIndex();
    index.add(entry('a', 'Senior Engineer', base));
    expect(index.match(entry('b', 'Senior  engineer!', `${base} apply now`))?.id).toBe('a');
    expect(index.match(entry('c', 'Staff Engineer', base))).toBeNull();
    expect(index.match(entry('d', 'Senior Engineer', words(300, 4)))).toBeNull();
    index.remove('a');
    expect(index.match(entry('b', 'Senior Engineer', base))).toBeNull();
  });

  it('calls the earliest posting canonical: by date posted, then first seen, then id', () => {
    expect(isEarlier(entry('z', 't', base, '2026-09-01'), entry('a', 't', base, '2026-09-02'))).toBe(true);
    expect(isEarlier(entry('b', 't', base), entry('a', 't', base))).toBe(false);
  });
});
