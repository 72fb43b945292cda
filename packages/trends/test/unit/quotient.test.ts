import { describe, expect, it } from 'vitest';
import { locationQuotient } from '../../src/index.js';

describe('locationQuotient', () => {
  it('matches the hand-computed Katz interval', () => {
    // 60 of 200 postings here (0.30), 200 of 1000 overall (0.20): LQ = 1.5.
    // Var(ln LQ) = 1/60 − 1/200 + 1/200 − 1/1000 = 0.0156667, se = 0.125167, 1.959964·se = 0.245322.
    // exp(ln 1.5 ∓ 0.245322) = 1.173679 … 1.917049.
    const q = locationQuotient(0.3, 200, 0.2, 1000);
    expect(q.lq).toBeCloseTo(1.5, 10);
    expect(q.low).toBeCloseTo(1.173679, 5);
    expect(q.high).toBeCloseTo(1.917049, 5);
    expect(q.level).toBe(0.95);
  });

  it('widens with a higher level and narrows with more postings', () => {
    const base = locationQuotient(0.3, 200, 0.2, 1000);
    const wide = locationQuotient(0.3, 200, 0.2, 1000, 0.99);
    const big = locationQuotient(0.3, 2000, 0.2, 10000);
    expect(wide.low).toBeLessThan(base.low);
    expect(wide.high).toBeGreaterThan(base.high);
    expect(big.high - big.low).toBeLessThan(base.high - base.low);
  });

  it('gives a skill absent here LQ 0 with a finite upper bound', () => {
    const q = locationQuotient(0, 50, 0.2, 1000);
    expect(q.lq).toBe(0);
    expect(q.low).toBe(0);
    expect(Number.isFinite(q.high)).toBe(true);
    expect(q.high).toBeGreaterThan(0);
  });

  it('rejects impossible inputs with the value and what is expected', () => {
    expect(() => locationQuotient(1.2, 10, 0.2, 100)).toThrow(/shareHere is 1\.2; expected a share between 0 and 1/);
    expect(() => locationQuotient(0.2, 10, 0, 100)).toThrow(/shareAll is 0/);
    expect(() => locationQuotient(0.2, 0, 0.2, 100)).toThrow(/nHere is 0/);
    expect(() => locationQuotient(0.2, 10, 0.2, 100, 1)).toThrow(/level is 1/);
  });
});
