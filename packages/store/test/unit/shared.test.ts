import { describe, expect, it } from 'vitest';
import { monthSpan } from '../../src/index.js';

describe('monthSpan: the whole months of a date window', () => {
  it('finds whole months and leaves ragged ends to daily rollups', () => {
    expect(monthSpan('2025-01-15', '2025-03-10')).toEqual({
      firstMonth: '2025-02-01',
      lastMonth: '2025-02-01',
      afterLastMonth: '2025-03-01',
    });
    expect(monthSpan('2025-01-01', '2025-02-28')).toEqual({
      firstMonth: '2025-01-01',
      lastMonth: '2025-02-01',
      afterLastMonth: '2025-03-01',
    });
    expect(monthSpan('2024-02-01', '2024-02-29')).toEqual({
      firstMonth: '2024-02-01',
      lastMonth: '2024-02-01',
      afterLastMonth: '2024-03-01',
    });
    expect(monthSpan('2024-11-05', '2025-01-31')).toEqual({
      firstMonth: '2024-12-01',
      lastMonth: '2025-01-01',
      afterLastMonth: '2025-02-01',
    });
  });
  it('is null when no whole month fits', () => {
    expect(monthSpan('2025-01-02', '2025-01-30')).toBeNull();
    expect(monthSpan('2025-01-15', '2025-02-14')).toBeNull();
    expect(monthSpan('2024-02-01', '2024-02-28')).toBeNull();
  });
  it('opens to the ends of time', () => {
    expect(monthSpan(undefined, '2025-01-31')?.firstMonth).toBe('0000-01-01');
    expect(monthSpan('2025-03-02', undefined)).toEqual({ firstMonth: '2025-04-01', lastMonth: '9999-12-01', afterLastMonth: '9999-12-32' });
  });
});
