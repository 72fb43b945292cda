import type { PayPeriod, Salary } from '@skillpulse/core';
import { HIGH_NOMINAL } from './salary-currency.js';

/** The normalised salary record, its plausibility bounds and the annualisation. Methods: docs/pay.md. */

export type { PayPeriod } from '@skillpulse/core';

/** The normalised salary record is core's `Salary`: what the store keeps and the pay reports read. */
export type NormalisedSalary = Salary;

/** Annualisation factors: 40 h × 52 weeks, 5 days × 52 weeks, 52 weeks, 12 months. */
export const ANNUAL_FACTORS: Readonly<Record<PayPeriod, number>> = { hour: 2080, day: 260, week: 52, month: 12, year: 1 };

/**
 * Plausible amounts per period, inclusive, in the stated currency. Outside them the figure is refused, not
 * clamped. For HIGH_NOMINAL currencies (JPY, KRW, INR, …) the upper bound is 1,000 times higher.
 */
export const PERIOD_BOUNDS: Readonly<Record<PayPeriod, readonly [number, number]>> = {
  hour: [5, 2_500],
  day: [20, 20_000],
  week: [100, 100_000],
  month: [200, 500_000],
  year: [1_000, 5_000_000],
};

/** A period-less amount at least this large is taken as a yearly salary (only where the shape has no period field). */
export const INFER_YEAR_FROM = 10_000;

/** What a source said, before checking: amounts, the currency as an ISO code (or null) and the period. */
export interface SalaryParts {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: PayPeriod | null;
  fromText?: boolean;
  currencyInferred?: boolean;
  /** Take a period-less amount ≥ INFER_YEAR_FROM as yearly (free text and Greenhouse ranges only). */
  mayInferYear?: boolean;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** True when `amount` is plausible pay for `period` in `currency` (PERIOD_BOUNDS). */
export function plausible(amount: number, period: PayPeriod, currency: string | null): boolean {
  const [low, high] = PERIOD_BOUNDS[period];
  const scale = currency !== null && HIGH_NOMINAL.has(currency) ? 1000 : 1;
  return amount >= low && amount <= high * scale;
}

/**
 * Checks and annualises one salary. Refused (null): no positive amount; min above max (we cannot tell which
 * end is wrong); an amount outside PERIOD_BOUNDS. A missing period leaves the annual figures null, unless the
 * shape allows inferring a year.
 */
export function normaliseSalary(parts: SalaryParts): NormalisedSalary | null {
  const clean = (n: number | null) => (n !== null && Number.isFinite(n) && n > 0 ? round2(n) : null);
  const min = clean(parts.min);
  const max = clean(parts.max);
  if (min === null && max === null) return null;
  if (min !== null && max !== null && min > max) return null;
  let period = parts.period;
  let periodInferred = false;
  if (period === null && parts.mayInferYear && Math.min(...[min, max].filter((n): n is number => n !== null)) >= INFER_YEAR_FROM) {
    period = 'year';
    periodInferred = true;
  }
  if (period !== null && [min, max].some((n) => n !== null && !plausible(n, period, parts.currency))) return null;
  const factor = period === null ? null : ANNUAL_FACTORS[period];
  const annualMin = factor === null || min === null ? null : round2(min * factor);
  const annualMax = factor === null || max === null ? null : round2(max * factor);
  const annualMid = annualMin !== null && annualMax !== null ? round2((annualMin + annualMax) / 2) : (annualMin ?? annualMax);
  return {
    min,
    max,
    currency: parts.currency,
    period,
    annualMin,
    annualMax,
    annualMid,
    fromText: parts.fromText ?? false,
    currencyInferred: parts.currencyInferred ?? false,
    periodInferred,
  };
}
