import { describe, expect, it } from 'vitest';
import {
  ANNUAL_FACTORS,
  isoCurrency,
  normaliseSalary,
  salaryFromAshby,
  salaryFromGreenhouse,
  salaryFromJsonLd,
  salaryFromLever,
} from '../../src/salary.js';

/** Structured shapes, the record, currencies and the annualisation. Free text: salary-text.test.ts. */

const annual = (s: ReturnType<typeof normaliseSalary>) => s && [s.annualMin, s.annualMax, s.annualMid];

describe('isoCurrency (currency-codes)', () => {
  it.each([
    ['USD', 'USD'],
    ['eur', 'EUR'],
    [' GBP ', 'GBP'],
    ['XOF', 'XOF'],
    ['CHF', 'CHF'],
  ])('accepts %j as %s', (input, code) => expect(isoCurrency(input)).toBe(code));

  it.each([['XYZ'], ['US'], ['Dollars'], ['EURO'], ['XAU'], ['XTS'], ['XXX'], ['USN'], ['CLF'], [''], [42], [null]])(
    'refuses %j (not an ISO 4217 currency one is paid in)',
    (input) => expect(isoCurrency(input)).toBeNull(),
  );
});

describe('normaliseSalary: annualisation and refusals', () => {
  it('uses 2,080 hours, 260 days, 52 weeks and 12 months a year', () => {
    expect(ANNUAL_FACTORS).toEqual({ hour: 2080, day: 260, week: 52, month: 12, year: 1 });
    expect(annual(normaliseSalary({ min: 40, max: 50, currency: 'USD', period: 'hour' }))).toEqual([83_200, 104_000, 93_600]);
    expect(annual(normaliseSalary({ min: 500, max: 500, currency: 'GBP', period: 'day' }))).toEqual([130_000, 130_000, 130_000]);
    expect(annual(normaliseSalary({ min: 2_000, max: 2_500, currency: 'AUD', period: 'week' }))).toEqual([104_000, 130_000, 117_000]);
    expect(annual(normaliseSalary({ min: 4_200, max: 5_000, currency: 'EUR', period: 'month' }))).toEqual([50_400, 60_000, 55_200]);
    expect(annual(normaliseSalary({ min: 150_000, max: 190_000, currency: 'USD', period: 'year' }))).toEqual([150_000, 190_000, 170_000]);
  });

  it('takes the one bound there is as the midpoint of an open range', () => {
    expect(annual(normaliseSalary({ min: null, max: 200_000, currency: 'USD', period: 'year' }))).toEqual([null, 200_000, 200_000]);
    expect(annual(normaliseSalary({ min: 6_000, max: null, currency: 'EUR', period: 'month' }))).toEqual([72_000, null, 72_000]);
  });

  it('keeps the amounts but no annual figure when no period is known', () => {
    expect(normaliseSalary({ min: 55_000, max: 55_000, currency: 'EUR', period: null })).toMatchObject({
      min: 55_000,
      period: null,
      annualMid: null,
      periodInferred: false,
    });
  });

  it('infers a year only where allowed and only from 10,000 up', () => {
    expect(normaliseSalary({ min: 80_000, max: 90_000, currency: 'EUR', period: null, mayInferYear: true })).toMatchObject({
      period: 'year',
      periodInferred: true,
      annualMid: 85_000,
    });
    expect(normaliseSalary({ min: 4_500, max: 5_000, currency: 'EUR', period: null, mayInferYear: true })?.period).toBeNull();
  });

  it('refuses min above max rather than guessing which end is wrong', () => {
    expect(normaliseSalary({ min: 190_000, max: 150_000, currency: 'USD', period: 'year' })).toBeNull();
  });

  it('refuses amounts outside the per-period bounds, widened 1,000× for high-nominal currencies', () => {
    expect(normaliseSalary({ min: 6_000_000, max: 6_000_000, currency: 'USD', period: 'year' })).toBeNull();
    expect(normaliseSalary({ min: 500, max: 900, currency: 'USD', period: 'year' })).toBeNull();
    expect(normaliseSalary({ min: 3_000, max: 3_000, currency: 'USD', period: 'hour' })).toBeNull();
    expect(normaliseSalary({ min: 6_000_000, max: 8_000_000, currency: 'JPY', period: 'year' })?.annualMid).toBe(7_000_000);
  });

  it('refuses no amount, zero and negative amounts', () => {
    expect(normaliseSalary({ min: null, max: null, currency: 'USD', period: 'year' })).toBeNull();
    expect(normaliseSalary({ min: 0, max: -5, currency: 'USD', period: 'year' })).toBeNull();
  });
});

describe('salaryFromJsonLd (schema.org baseSalary)', () => {
  const amount = (value: unknown, currency: unknown = 'USD') => ({ '@type': 'MonetaryAmount', currency, value });

  it('reads a QuantitativeValue range with its unitText', () => {
    const value = { '@type': 'QuantitativeValue', minValue: 120_000, maxValue: 150_000, unitText: 'YEAR' };
    expect(salaryFromJsonLd(amount(value))).toEqual({
      min: 120_000,
      max: 150_000,
      currency: 'USD',
      period: 'year',
      annualMin: 120_000,
      annualMax: 150_000,
      annualMid: 135_000,
      fromText: false,
      currencyInferred: false,
      periodInferred: false,
    });
  });

  it('reads a single value, numeric strings and any-case codes and units', () => {
    expect(salaryFromJsonLd(amount({ value: '42.50', unitText: 'hour' }, 'eur'))).toMatchObject({
      min: 42.5,
      max: 42.5,
      currency: 'EUR',
      period: 'hour',
      annualMid: 88_400,
    });
  });

  it('keeps a bare number without inventing a period', () => {
    expect(salaryFromJsonLd(amount(95_000, 'GBP'))).toMatchObject({ min: 95_000, currency: 'GBP', period: null, annualMid: null });
  });

  it('reads a textual value as text, with the MonetaryAmount currency', () => {
    expect(salaryFromJsonLd(amount('50.000 - 60.000 per year', 'EUR'))).toMatchObject({
      min: 50_000,
      max: 60_000,
      currency: 'EUR',
      period: 'year',
      fromText: true,
    });
  });

  it('does not misread "85,000" as 85 (the old parseFloat bug)', () => {
    expect(salaryFromJsonLd(amount({ value: '85,000', unitText: 'YEAR' }))?.min).not.toBe(85);
  });

  it('flags `$` in the currency field as inferred USD and leaves a missing currency null', () => {
    expect(salaryFromJsonLd(amount({ value: 60, unitText: 'HOUR' }, '$'))).toMatchObject({ currency: 'USD', currencyInferred: true });
    expect(salaryFromJsonLd({ '@type': 'MonetaryAmount', value: { value: 60, unitText: 'HOUR' } })).toMatchObject({
      currency: null,
      annualMid: 124_800,
    });
  });

  it('refuses invalid currency codes', () => {
    expect(salaryFromJsonLd(amount({ value: 60_000, unitText: 'YEAR' }, 'XYZ'))).toBeNull();
    expect(salaryFromJsonLd(amount({ value: 60_000, unitText: 'YEAR' }, 'US Dollars'))).toBeNull();
  });

  it('treats an unknown unitText as no period', () => {
    expect(salaryFromJsonLd(amount({ value: 300, unitText: 'PER_SHIFT' }))).toMatchObject({ period: null, annualMid: null });
  });

  it('takes the first readable entry of an array and refuses min > max', () => {
    expect(salaryFromJsonLd([amount({ value: 1 }, 'XYZ'), amount({ value: 70_000, unitText: 'YEAR' }, 'CAD')])?.currency).toBe('CAD');
    expect(salaryFromJsonLd(amount({ minValue: 90_000, maxValue: 80_000, unitText: 'YEAR' }))).toBeNull();
    expect(salaryFromJsonLd(null)).toBeNull();
    expect(salaryFromJsonLd({ currency: 'USD' })).toBeNull();
  });
});

describe('salaryFromGreenhouse (pay_input_ranges, currency_range metadata)', () => {
  const range = (min: number, max: number, currency = 'USD', title = 'NYC Salary Range') => ({
    min_cents: min,
    max_cents: max,
    currency_type: currency,
    title,
    blurb: 'In order to provide transparency...',
  });

  it('reads the documented example: cents, no period field, so a year is inferred and flagged', () => {
    expect(salaryFromGreenhouse({ pay_input_ranges: [range(5_000_000, 7_500_000)] })).toMatchObject({
      min: 50_000,
      max: 75_000,
      currency: 'USD',
      period: 'year',
      periodInferred: true,
      annualMid: 62_500,
    });
  });

  it('spans pay zones in the first currency and leaves other currencies out', () => {
    const zones = [
      range(14_000_000, 18_000_000, 'USD', 'Zone A'),
      range(12_000_000, 16_000_000, 'USD', 'Zone B'),
      range(9_000_000, 12_000_000, 'CAD', 'Canada'),
    ];
    expect(salaryFromGreenhouse({ pay_input_ranges: zones })).toMatchObject({ min: 120_000, max: 180_000, currency: 'USD' });
  });

  it('takes an hourly period from the title, and no period for small unlabelled amounts', () => {
    expect(salaryFromGreenhouse({ pay_input_ranges: [range(3_960, 4_400, 'USD', 'Hourly Pay Range')] })).toMatchObject({
      min: 39.6,
      max: 44,
      period: 'hour',
      annualMax: 91_520,
    });
    expect(salaryFromGreenhouse({ pay_input_ranges: [range(3_960, 4_400, 'USD', 'Zone 1')] })).toMatchObject({
      period: null,
      annualMid: null,
    });
  });

  it('reads a pay-named currency_range metadata field with a Pay Frequency field', () => {
    const metadata = [
      { id: 1, name: 'Pay Frequency', value_type: 'single_select', value: 'Monthly' },
      { id: 2, name: 'Budget', value_type: 'currency_range', value: { unit: 'USD', min_value: '1.0', max_value: '9.0' } },
      {
        id: 3,
        name: 'Pay Transparency Range',
        value_type: 'currency_range',
        value: { unit: 'EUR', min_value: '5200.0', max_value: '6100.0' },
      },
    ];
    expect(salaryFromGreenhouse({ metadata })).toMatchObject({
      min: 5_200,
      max: 6_100,
      currency: 'EUR',
      period: 'month',
      annualMid: 67_800,
    });
  });

  it('refuses invalid currencies, reversed ranges and jobs without pay', () => {
    expect(salaryFromGreenhouse({ pay_input_ranges: [range(5_000_000, 7_500_000, 'DOLLARS')] })).toBeNull();
    expect(salaryFromGreenhouse({ pay_input_ranges: [range(9_000_000, 7_500_000)] })).toBeNull();
    expect(salaryFromGreenhouse({ id: 1, metadata: null })).toBeNull();
  });
});

describe('salaryFromLever (salaryRange)', () => {
  it.each([
    ['per-year-salary', 60_000, 80_000, 'year', 70_000],
    ['per-month-salary', 5_000, 6_000, 'month', 66_000],
    ['per-week-salary', 1_500, 1_700, 'week', 83_200],
    ['per-day-wage', 400, 500, 'day', 117_000],
    ['per-hour-wage', 30, 40, 'hour', 72_800],
  ])('reads %s', (interval, min, max, period, mid) => {
    expect(salaryFromLever({ currency: 'GBP', interval, min, max })).toMatchObject({ min, max, currency: 'GBP', period, annualMid: mid });
  });

  it.each([['bi-week-salary'], ['semi-month-salary'], ['one-time'], ['per-fortnight'], [undefined]])('refuses interval %j', (interval) => {
    expect(salaryFromLever({ currency: 'USD', interval, min: 4_000, max: 5_000 })).toBeNull();
  });

  it('refuses an invalid currency, string amounts and min > max', () => {
    expect(salaryFromLever({ currency: 'US Dollar', interval: 'per-year-salary', min: 60_000, max: 80_000 })).toBeNull();
    expect(salaryFromLever({ currency: 'USD', interval: 'per-year-salary', min: '60000', max: '80000' })).toBeNull();
    expect(salaryFromLever({ currency: 'USD', interval: 'per-year-salary', min: 80_000, max: 60_000 })).toBeNull();
  });
});

describe('salaryFromAshby (compensation)', () => {
  const salary = (minValue: number, maxValue: number, interval = '1 YEAR', currencyCode: string | null = 'USD') => ({
    compensationType: 'Salary',
    interval,
    currencyCode,
    minValue,
    maxValue,
  });
  const equity = { compensationType: 'EquityPercentage', interval: 'NONE', currencyCode: null, minValue: 0.5, maxValue: 1.75 };

  it('reads the Salary summary component and ignores equity', () => {
    const compensation = {
      compensationTierSummary: '$81K – $87K • 0.5% – 1.75% • Offers Bonus',
      summaryComponents: [equity, salary(81_000, 87_000)],
    };
    expect(salaryFromAshby(compensation)).toMatchObject({ min: 81_000, max: 87_000, currency: 'USD', period: 'year', fromText: false });
  });

  it('spans Salary components across tiers and reads "1 HOUR"', () => {
    const compensationTiers = [
      { title: 'Zone A', components: [salary(52, 60, '1 HOUR'), equity] },
      { title: 'Zone B', components: [salary(45, 55, '1 HOUR')] },
    ];
    expect(salaryFromAshby({ compensationTiers })).toMatchObject({ min: 45, max: 60, period: 'hour', annualMin: 93_600 });
  });

  it('falls back to the summary line as text, flagged', () => {
    expect(salaryFromAshby({ compensationTierSummary: '€60K – €70K • Offers Equity', summaryComponents: [equity] })).toMatchObject({
      min: 60_000,
      max: 70_000,
      currency: 'EUR',
      fromText: true,
    });
  });

  it('refuses intervals that are not one unit, invalid codes and equity alone', () => {
    expect(salaryFromAshby({ summaryComponents: [salary(4_000, 5_000, '2 WEEK')] })).toBeNull();
    expect(salaryFromAshby({ summaryComponents: [salary(81_000, 87_000, '1 YEAR', 'ZZZ')] })).toBeNull();
    expect(salaryFromAshby({ summaryComponents: [equity] })).toBeNull();
  });
});
