import { describe, expect, it } from 'vitest';
import { bootstrapMedianDifference, seededRandom, seedFrom } from '../../src/index.js';

describe('seededRandom and seedFrom', () => {
  it('repeats a sequence for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it('hashes a query string to a stable 32-bit seed (FNV-1a)', () => {
    expect(seedFrom('')).toBe(0x811c9dc5);
    expect(seedFrom('a')).toBe(0xe40c292c);
    expect(seedFrom('skill=python&currency=USD')).toBe(seedFrom('skill=python&currency=USD'));
    expect(seedFrom('skill=python&currency=USD')).not.toBe(seedFrom('skill=python&currency=EUR'));
  });
});

describe('bootstrapMedianDifference', () => {
  it('gives the difference of the medians and a zero-width interval for constant groups', () => {
    const r = bootstrapMedianDifference([100, 100, 100], [80, 80], { seed: 1, resamples: 200 });
    expect(r).toEqual({ difference: 20, low: 20, high: 20, resamples: 200, seed: 1 });
  });

  it('matches the exact bootstrap distribution of a median', () => {
    // For 1 … 11 the resampled median is ≤ j with P(Binomial(11, j/11) ≥ 6): 0.0072 for j = 2,
    // 0.0512 for 3, 0.9488 for 8, 0.9928 for 9. So the 2.5 % and 97.5 % points are 3 and 9.
    const a = Array.from({ length: 11 }, (_, i) => i + 1);
    const r = bootstrapMedianDifference(a, [0], { seed: seedFrom('exact'), resamples: 4000 });
    expect(r.difference).toBe(6);
    expect(r.low).toBe(3);
    expect(r.high).toBe(9);
  });

  it('matches the exact bootstrap distribution of a median of an even count', () => {
    // All 6^6 resamples of 1 … 6, enumerated: P(median ≤ 1) = 0.0087, ≤ 1.5: 0.0349, ≤ 5: 0.9651,
    // ≤ 5.5: 0.9913. So the 2.5 % and 97.5 % points are 1.5 and 5.5.
    const r = bootstrapMedianDifference([1, 2, 3, 4, 5, 6], [0], { seed: seedFrom('even'), resamples: 8000 });
    expect(r.difference).toBe(3.5);
    expect(r.low).toBe(1.5);
    expect(r.high).toBe(5.5);
  });

  it('is fast on large samples (the resampled median is drawn without drawing the n values)', () => {
    const a = Array.from({ length: 100_000 }, (_, i) => 50_000 + i);
    const b = Array.from({ length: 100_000 }, (_, i) => 40_000 + i);
    const started = performance.now();
    const r = bootstrapMedianDifference(a, b, { seed: 3 });
    expect(performance.now() - started).toBeLessThan(2000);
    // Each median's standard error is about 100,000 / (2·sqrt(100,000)) ≈ 158, so the difference's ≈ 224.
    expect(r.difference).toBe(10_000);
    expect(r.low).toBeGreaterThan(9_300);
    expect(r.high).toBeLessThan(10_700);
  });

  it('is reproducible for a seed, sorts unsorted input, and the interval holds the difference', () => {
    const withSkill = [120, 95, 130, 150, 110, 140, 125, 135, 160, 118, 128, 145];
    const without = [90, 100, 85, 105, 98, 110, 92, 101, 97, 88, 103, 99];
    const one = bootstrapMedianDifference(withSkill, without, { seed: 7 });
    const two = bootstrapMedianDifference(withSkill, without, { seed: 7 });
    expect(two).toEqual(one);
    // medians: with 129.0 ((128 + 130) / 2), without 98.5 ((98 + 99) / 2).
    expect(one.difference).toBe(30.5);
    expect(one.resamples).toBe(2000);
    expect(one.low).toBeLessThan(one.difference);
    expect(one.high).toBeGreaterThan(one.difference);
    expect(one.low).toBeGreaterThan(0);
    const other = bootstrapMedianDifference(withSkill, without, { seed: 8 });
    expect([other.low, other.high]).not.toEqual([one.low, one.high]);
  });

  it('rejects an empty group', () => {
    expect(() => bootstrapMedianDifference([], [1], { seed: 1 })).toThrow(RangeError);
  });
});
