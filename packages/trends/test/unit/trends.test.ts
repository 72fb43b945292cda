import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  compareShares,
  cooccurrence,
  fisherExact,
  normalCdf,
  periodStart,
  periodsBetween,
  share,
  wilsonInterval,
} from '../../src/index.js';

describe('wilsonInterval', () => {
  // Reference values: R's prop.test(..., correct = FALSE)$conf.int and published Wilson tables.
  it('matches known intervals', () => {
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const most = wilsonInterval(81, 263);
    expect(most.low).toBeCloseTo(0.2553, 3);
    expect(most.high).toBeCloseTo(0.3662, 3);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });
});

describe('share', () => {
  it('flags cells below the minimum size instead of giving a ratio', () => {
    expect(share(3, 9)).toMatchObject({ share: null, tooSmall: true, count: 3, total: 9 });
    expect(share(3, 10)).toMatchObject({ share: 0.3, tooSmall: false });
    expect(share(1, 5, 5).tooSmall).toBe(false);
  });
});

describe('periods', () => {
  it('starts weeks on Monday and quarters on their first month', () => {
    expect(periodStart('2026-11-21', 'week')).toBe('2026-11-16');
    expect(periodStart('2026-11-16', 'week')).toBe('2026-11-16');
    expect(periodStart('2026-08-31', 'quarter')).toBe('2026-07-01');
    expect(periodStart('2026-08-31', 'month')).toBe('2026-08-01');
    expect(periodStart('2026-08-31', 'year')).toBe('2026-01-01');
  });

  it('lists every period in a window, empty ones included', () => {
    expect(periodsBetween('2025-11-15', '2026-02-01', 'month')).toEqual(['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']);
    expect(periodsBetween('2024-02-27', '2024-03-01', 'day')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('rejects bad dates and windows that are too long', () => {
    expect(() => periodStart('2026-02-30', 'day')).toThrow(/not a calendar date/);
    expect(() => periodsBetween('2000-01-01', '2026-01-01', 'day', 100)).toThrow(/more than 100/);
  });
});

// Reference values from R: fisher.test, prop.test(correct = FALSE), p.adjust(method = "BH"),
// and Newcombe (1998), Table II, example (a).
describe('significance of a change between two windows', () => {
  it('matches the normal distribution', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it('computes Fisher exact p-values', () => {
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.4857, 4);
    expect(fisherExact(1, 9, 11, 3)).toBeCloseTo(0.002759, 6);
    expect(fisherExact(0, 10, 0, 10)).toBe(1);
  });

  it('uses the z-test for large cells and Fisher for small ones', () => {
    const large = compareShares(45, 100, 30, 100);
    expect(large.method).toBe('two-proportion z');
    expect(large.pValue).toBeCloseTo(0.02846, 4);
    expect(large.changePp).toBeCloseTo(15, 10);
    expect(large.relativeChange).toBeCloseTo(0.5, 10);
    const small = compareShares(3, 4, 1, 4);
    expect(small.method).toBe('fisher exact');
    expect(small.pValue).toBeCloseTo(0.4857, 4);
    expect(compareShares(5, 100, 0, 100).relativeChange).toBeNull();
  });

  it("gives Newcombe's hybrid score interval for the difference", () => {
    const { lowPp, highPp } = compareShares(56, 70, 48, 80);
    expect(lowPp).toBeCloseTo(5.24, 1);
    expect(highPp).toBeCloseTo(33.39, 1);
  });

  it('adjusts p-values with Benjamini-Hochberg in input order', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005])).toEqual([0.02, 0.04, 0.04, 0.02]);
    expect(benjaminiHochberg([0.5, 0.9])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});

describe('co-occurrence', () => {
  it('computes conditional share, lift and Jaccard', () => {
    const measures = cooccurrence(20, 50, 40, 200);
    expect(measures.conditional).toBe(0.4);
    expect(measures.lift).toBe(2);
    expect(measures.jaccard).toBeCloseTo(20 / 70, 12);
  });
});
