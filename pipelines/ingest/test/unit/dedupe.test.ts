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

  it('matches postings published at most the window apart, across period boundaries, never further apart', () => {
    const index = new NearDuplicateIndex(0.8, 90);
    index.add(entry('a', 'Senior Engineer', base, '2026-01-10'));
    // 2026-01-10 and 2026-04-09 are 89 days apart and in different 90-day periods.
    expect(index.match(entry('b', 'Senior Engineer', base, '2026-04-09'))?.id).toBe('a');
    expect(index.match(entry('c', 'Senior Engineer', base, '2025-10-13'))?.id).toBe('a');
    // A year later, or 91 days, the same text is a new opening.
    expect(index.match(entry('d', 'Senior Engineer', base, '2027-01-10'))).toBeNull();
    expect(index.match(entry('e', 'Senior Engineer', base, '2026-04-11'))).toBeNull();
    expect(() => new NearDuplicateIndex(0.8, 0)).toThrow(/windowDays must be 1 or more/);
  });

  it('calls the earliest posting canonical: by date posted, then first seen, then id', () => {
    expect(isEarlier(entry('z', 't', base, '2026-09-01'), entry('a', 't', base, '2026-09-02'))).toBe(true);
    expect(isEarlier(entry('b', 't', base), entry('a', 't', base))).toBe(false);
  });
});
