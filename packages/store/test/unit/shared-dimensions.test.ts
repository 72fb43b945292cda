import { describe, expect, it } from 'vitest';
import type { PostingFilter, SalaryPoint } from '../../src/index.js';
import { compareSalaryPoints, isDateOnlyFilter } from '../../src/shared.js';

describe('isDateOnlyFilter: when SQLite may answer from its date-and-skill rollups', () => {
  it('is true for dates and skill restrictions only', () => {
    expect(isDateOnlyFilter({})).toBe(true);
    expect(isDateOnlyFilter({ from: '2025-01-01', to: '2025-12-31', skillIds: ['python'] })).toBe(true);
    // Empty values are no filter, as everywhere.
    expect(isDateOnlyFilter({ role: '', city: '', region: '', metro: '' })).toBe(true);
  });

  it('is false for every role and place filter, which the rollups know nothing of', () => {
    const filters: PostingFilter[] = [{ role: 'backend' }, { city: 'Munich, DE-02' }, { region: 'DE-02' }, { metro: 'DE-munich' }];
    for (const filter of filters) expect(isDateOnlyFilter({ from: '2025-01-01', ...filter })).toBe(false);
  });
});

describe('compareSalaryPoints: the order salaryPoints answers in', () => {
  const point = (currency: string, annualMid: number, fromText = false, hasSkill = false): SalaryPoint => ({
    currency,
    annualMid,
    fromText,
    hasSkill,
  });

  it('orders by currency, then midpoint, then fromText and hasSkill (false first)', () => {
    const points = [
      point('USD', 90_000),
      point('EUR', 120_000),
      point('EUR', 80_000, true, true),
      point('EUR', 80_000, true, false),
      point('EUR', 80_000, false, true),
      point('CHF', 150_000),
    ];
    expect(points.sort(compareSalaryPoints)).toEqual([
      point('CHF', 150_000),
      point('EUR', 80_000, false, true),
      point('EUR', 80_000, true, false),
      point('EUR', 80_000, true, true),
      point('EUR', 120_000),
      point('USD', 90_000),
    ]);
  });
});
