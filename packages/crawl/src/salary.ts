import { currencyOfMarker, isoCurrency } from './salary-currency.js';
import { type NormalisedSalary, normaliseSalary, type PayPeriod, type SalaryParts } from './salary-record.js';
import { salaryFromText } from './salary-text.js';

/**
 * The salary normaliser: every pay shape SkillPulse's sources carry becomes one record with an annualised
 * equivalent. Structured shapes are read here, free text in salary-text.ts, the record and the annualisation in
 * salary-record.ts, currencies in salary-currency.ts. Methods: docs/pay.md.
 */

export { type CurrencyContext, HIGH_NOMINAL, isoCurrency } from './salary-currency.js';
export {
  ANNUAL_FACTORS,
  INFER_YEAR_FROM,
  type NormalisedSalary,
  normaliseSalary,
  type PayPeriod,
  PERIOD_BOUNDS,
  plausible,
  type SalaryParts,
} from './salary-record.js';
export { salaryFromText } from './salary-text.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** A number, or a string that is only a plain number ("85000", "85000.00"); "85,000" is not (it is text). */
const numeric = (v: unknown): number | null =>
  num(v) ?? (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number.parseFloat(v) : null);

/** A structured currency field: an ISO code, or an unambiguous symbol; `$` is USD, flagged as inferred. */
function structuredCurrency(value: unknown): { code: string | null; inferred: boolean } | null {
  if (value === undefined || value === null || value === '') return { code: null, inferred: false };
  if (typeof value !== 'string') return null;
  const code = isoCurrency(value);
  if (code) return { code, inferred: false };
  const mark = currencyOfMarker(value, {}, false);
  return mark ? { code: mark.code, inferred: mark.inferred } : null;
}

/** The five schema.org `unitText` values (any case); anything else is no period. */
function schemaPeriod(unit: unknown): PayPeriod | null {
  const text = typeof unit === 'string' ? unit.trim().toUpperCase() : '';
  return ({ HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month', YEAR: 'year' } as const)[text as 'HOUR'] ?? null;
}

/**
 * schema.org JobPosting `baseSalary`: a MonetaryAmount whose `value` is a QuantitativeValue
 * (`value` | `minValue`/`maxValue`, `unitText` HOUR…YEAR), a bare number, or a numeric string; `currency` on the
 * MonetaryAmount. An array takes its first readable entry. A string value that is not a plain number
 * ("50,000 - 60,000") is read as text with the MonetaryAmount's currency in front. An invalid currency refuses.
 */
export function salaryFromJsonLd(baseSalary: unknown): NormalisedSalary | null {
  if (Array.isArray(baseSalary)) {
    for (const entry of baseSalary) {
      const salary = salaryFromJsonLd(entry);
      if (salary) return salary;
    }
    return null;
  }
  const base = obj(baseSalary);
  if (!base) return null;
  const currency = structuredCurrency(base.currency);
  if (!currency) return null;
  const value = obj(base.value);
  if (value) {
    const single = numeric(value.value);
    return normaliseSalary({
      min: numeric(value.minValue) ?? single,
      max: numeric(value.maxValue) ?? single,
      currency: currency.code,
      currencyInferred: currency.inferred,
      period: schemaPeriod(value.unitText),
    });
  }
  const bare = numeric(base.value);
  if (bare !== null) {
    return normaliseSalary({ min: bare, max: bare, currency: currency.code, currencyInferred: currency.inferred, period: null });
  }
  if (typeof base.value === 'string' && currency.code) {
    const read = salaryFromText(`${currency.code} ${base.value}`);
    return read && read.currency === currency.code ? read : null;
  }
  return null;
}

/** A period named in a label ("Hourly range", "Annual Salary", "Pay Frequency: Monthly"), or null. */
function periodInLabel(label: unknown): PayPeriod | null {
  const text = typeof label === 'string' ? label : '';
  if (/\b(hourly|per hour|an hour|hour)\b/i.test(text)) return 'hour';
  if (/\b(daily|per day|day rate)\b/i.test(text)) return 'day';
  if (/\b(weekly|per week)\b/i.test(text)) return 'week';
  if (/\b(monthly|per month)\b/i.test(text)) return 'month';
  if (/\b(annual|annually|yearly|per year|per annum|year)\b/i.test(text)) return 'year';
  return null;
}

/**
 * Greenhouse job detail (`?pay_transparency=true`): `pay_input_ranges[]` {`min_cents`, `max_cents`,
 * `currency_type`, `title`, `blurb`}. Amounts are cents. The shape has no period: it comes from the title or
 * blurb ("Hourly Pay Range"), else a year is inferred for amounts ≥ 10,000. Several ranges (pay zones) become
 * their span, over the ranges in the first range's currency and period; others are left out, never converted.
 * Without `pay_input_ranges`, a `metadata[]` custom field of `value_type: "currency_range"`
 * (`value: {unit, min_value, max_value}`) named like pay (salary, pay, compensation, wage) is read the same way,
 * its period from its name or a "Pay Frequency"-like metadata field.
 */
export function salaryFromGreenhouse(job: unknown): NormalisedSalary | null {
  const data = obj(job);
  if (!data) return null;
  const ranges: SalaryParts[] = [];
  for (const entry of Array.isArray(data.pay_input_ranges) ? data.pay_input_ranges : []) {
    const range = obj(entry);
    const currency = isoCurrency(range?.currency_type);
    if (!range || !currency) continue;
    const cents = (v: unknown) => (num(v) === null ? null : (num(v) as number) / 100);
    ranges.push({
      min: cents(range.min_cents),
      max: cents(range.max_cents),
      currency,
      period: periodInLabel(range.title) ?? periodInLabel(range.blurb),
    });
  }
  if (ranges.length === 0) ranges.push(...greenhouseMetadata(data.metadata));
  const first = ranges[0];
  if (!first) return null;
  const same = ranges.filter((r) => r.currency === first.currency && r.period === first.period);
  const lows = same.map((r) => r.min ?? r.max).filter((n): n is number => n !== null && n > 0);
  const highs = same.map((r) => r.max ?? r.min).filter((n): n is number => n !== null && n > 0);
  if (lows.length === 0 || highs.length === 0) return null;
  if (same.some((r) => r.min !== null && r.max !== null && r.min > r.max)) return null;
  return normaliseSalary({ ...first, min: Math.min(...lows), max: Math.max(...highs), mayInferYear: true });
}

function greenhouseMetadata(metadata: unknown): SalaryParts[] {
  const fields = (Array.isArray(metadata) ? metadata : []).map(obj).filter((f): f is Json => f !== null);
  const frequency = fields.find((f) => /\bpay (frequency|period|basis|type)\b/i.test(String(f.name ?? '')));
  const out: SalaryParts[] = [];
  for (const field of fields) {
    const value = obj(field.value);
    if (field.value_type !== 'currency_range' || !value || !/salary|\bpay\b|compensation|wage/i.test(String(field.name ?? ''))) {
      continue;
    }
    const currency = isoCurrency(value.unit);
    if (!currency) continue;
    out.push({
      min: numeric(value.min_value),
      max: numeric(value.max_value),
      currency,
      period: periodInLabel(field.name) ?? periodInLabel(frequency?.value),
    });
  }
  return out;
}

/**
 * Lever's documented `interval` values that map onto one period. `semi-month-salary`, `bi-month-salary`,
 * `bi-week-salary` and `one-time` do not (changing the amount to fit would be a guess), so they are refused.
 */
const LEVER_INTERVALS: Record<string, PayPeriod> = {
  'per-hour-wage': 'hour',
  'per-day-wage': 'day',
  'per-week-salary': 'week',
  'per-month-salary': 'month',
  'per-year-salary': 'year',
};

/** Lever postings `salaryRange` {`currency`, `interval`, `min`, `max`} (numbers). Unknown interval or currency refuses. */
export function salaryFromLever(salaryRange: unknown): NormalisedSalary | null {
  const range = obj(salaryRange);
  if (!range) return null;
  const period = LEVER_INTERVALS[String(range.interval ?? '')];
  const currency = isoCurrency(range.currency);
  if (!period || !currency) return null;
  return normaliseSalary({ min: num(range.min), max: num(range.max), currency, period });
}

/** Ashby `interval`: "1 HOUR" … "1 YEAR". "2 WEEK", "NONE" and the rest are refused. */
function ashbyPeriod(interval: unknown): PayPeriod | null {
  const match = /^1 (HOUR|DAY|WEEK|MONTH|YEAR)$/.exec(typeof interval === 'string' ? interval.trim().toUpperCase() : '');
  return match ? schemaPeriod(match[1]) : null;
}

/**
 * Ashby job board `compensation` (`?includeCompensation=true`): the `Salary` component of `summaryComponents[]`
 * ({`compensationType`, `interval`, `currencyCode`, `minValue`, `maxValue`}); else the span of the `Salary`
 * components across `compensationTiers[].components[]` in the first one's currency and interval; else the
 * `scrapeableCompensationSalarySummary` or `compensationTierSummary` text ("$81K – $87K • Offers Equity"),
 * flagged fromText. Equity, bonus and commission components are never pay.
 */
export function salaryFromAshby(compensation: unknown): NormalisedSalary | null {
  const comp = obj(compensation);
  if (!comp) return null;
  const salaries = (list: unknown) =>
    (Array.isArray(list) ? list : []).map(obj).filter((c): c is Json => c !== null && c.compensationType === 'Salary');
  const fromComponents = (components: Json[]): NormalisedSalary | null => {
    const first = components[0];
    if (!first) return null;
    const currency = isoCurrency(first.currencyCode);
    const period = ashbyPeriod(first.interval);
    if (!currency || !period) return null;
    const same = components.filter((c) => isoCurrency(c.currencyCode) === currency && ashbyPeriod(c.interval) === period);
    if (same.some((c) => num(c.minValue) !== null && num(c.maxValue) !== null && (c.minValue as number) > (c.maxValue as number))) {
      return null;
    }
    const lows = same.map((c) => num(c.minValue) ?? num(c.maxValue)).filter((n): n is number => n !== null);
    const highs = same.map((c) => num(c.maxValue) ?? num(c.minValue)).filter((n): n is number => n !== null);
    if (lows.length === 0) return null;
    return normaliseSalary({ min: Math.min(...lows), max: Math.max(...highs), currency, period });
  };
  const summary = salaries(comp.summaryComponents);
  if (summary.length > 0) return fromComponents(summary);
  const tiers = (Array.isArray(comp.compensationTiers) ? comp.compensationTiers : []).flatMap((t) => salaries(obj(t)?.components));
  if (tiers.length > 0) return fromComponents(tiers);
  for (const text of [comp.scrapeableCompensationSalarySummary, comp.compensationTierSummary]) {
    if (typeof text === 'string') {
      const read = salaryFromText(text);
      if (read) return read;
    }
  }
  return null;
}
