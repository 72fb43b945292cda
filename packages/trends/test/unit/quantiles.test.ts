import { describe, expect, it } from 'vitest';
import { quantileIntervalRanks, quantileSorted, quantileWithInterval } from '../../src/index.js';

describe('quantileSorted', () => {
  it('interpolates between order statistics (R type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    // h = (5 − 1)·0.25 = 1 → the second value; (4 − 1)·0.25 = 0.75 → 10 + 0.75·(20 − 10).
    expect(quantileSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileSorted([10, 20, 30, 40], 0.25)).toBe(17.5);
    expect(quantileSorted([7], 0.75)).toBe(7);
  });

  it('rejects an empty sample and a p outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], 1.5)).toThrow(/p is 1.5/);
  });
});

describe('quantileIntervalRanks (order statistics and the binomial)', () => {
  it('gives the textbook ranks and exact coverage for the median', () => {
    // n = 10: P(B ≤ 1) = 11/1024 ≤ 0.025 < P(B ≤ 2) = 56/1024, so [X(2), X(9)], coverage 1 − 22/1024.
    expect(quantileIntervalRanks(10, 0.5)).toEqual({ lowRank: 2, highRank: 9, coverage: expect.closeTo(1 - 22 / 1024, 12) });
    // n = 20: [X(6), X(15)], coverage 1 − 2·P(B ≤ 5) = 0.958611 (published tables: 95.86 %).
    const twenty = quantileIntervalRanks(20, 0.5);
    expect(twenty?.lowRank).toBe(6);
    expect(twenty?.highRank).toBe(15);
    expect(twenty?.coverage).toBeCloseTo(0.9586105, 6);
    // n = 6 is the smallest sample with a 95 % interval: [X(1), X(6)], 1 − 2/64.
    expect(quantileIntervalRanks(6, 0.5)).toEqual({ lowRank: 1, highRank: 6, coverage: expect.closeTo(0.96875, 12) });
    expect(quantileIntervalRanks(5, 0.5)).toBeNull();
    expect(quantileIntervalRanks(0, 0.5)).toBeNull();
  });

  it('gives asymmetric ranks for a quartile', () => {
    // Binomial(20, 0.25): P(B ≤ 1) = 0.024313, P(B ≥ 10) = 0.013864, P(B ≥ 9) = 0.040925.
    const q1 = quantileIntervalRanks(20, 0.25);
    expect(q1?.lowRank).toBe(2);
    expect(q1?.highRank).toBe(10);
    expect(q1?.coverage).toBeCloseTo(0.961823, 6);
    // The third quartile mirrors it: [X(11), X(19)].
    const q3 = quantileIntervalRanks(20, 0.75);
    expect(q3?.lowRank).toBe(11);
    expect(q3?.highRank).toBe(19);
  });

  it('keeps coverage at least the level for large n', () => {
    for (const n of [50, 137, 1000, 5000]) {
      const r = quantileIntervalRanks(n, 0.5);
      expect(r?.coverage).toBeGreaterThanOrEqual(0.95);
      expect(r?.coverage).toBeLessThan(0.97);
    }
  });

  it('rejects impossible inputs', () => {
    expect(() => quantileIntervalRanks(10, 0)).toThrow(/p is 0/);
    expect(() => quantileIntervalRanks(-1, 0.5)).toThrow(/n is -1/);
    expect(() => quantileIntervalRanks(10, 0.5, 1)).toThrow(/level is 1/);
  });
});

describe('quantileWithInterval', () => {
  it('reads the bounds off the sorted values', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const median = quantileWithInterval(values, 0.5);
    expect(median.value).toBe(55);
    expect(median.low).toBe(20);
    expect(median.high).toBe(90);
    expect(median.coverage).toBeCloseTo(0.978516, 6);
  });

  it('gives the value without an interval when n is too small', () => {
    expect(quantileWithInterval([1, 2, 3], 0.5)).toEqual({ value: 2, low: null, high: null, coverage: null });
  });
});
