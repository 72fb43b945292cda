import { describe, expect, it } from 'vitest';
import { periodStart, periodsBetween, share, wilsonInterval } from '../../src/index.js';

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
