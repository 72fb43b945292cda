import { InvalidInputError, NotFoundError } from '@skillpulse/core';
import type { SalaryPoint } from '@skillpulse/store';
import { lookupSkill } from '@skillpulse/taxonomy';
import { bootstrapMedianDifference, quantileWithInterval, seedFrom } from '@skillpulse/trends';
import { toFilter } from '../query.js';
import type { QuantileEstimate, SalaryPremium, SalaryQuery, SalaryReport, SalaryRow } from '../schemas/index.js';
import { type CsvReport, type ReportContext, roleLabel, shareCell, skillLabel, stamp } from './common.js';

/** Bootstrap resamples of the skill premium. */
export const PREMIUM_RESAMPLES = 2000;

const NO_QUANTILE: QuantileEstimate = { value: null, low: null, high: null, coverage: null };

/** The seed of a premium's bootstrap: a hash of the query (sorted, without bom) and the currency. */
export function premiumSeed(query: Record<string, unknown>, currency: string): number {
  const entries = Object.entries(query)
    .filter(([key, value]) => value !== undefined && key !== 'bom')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return seedFrom(`${JSON.stringify(entries)}|${currency}`);
}

function premium(points: readonly SalaryPoint[], minCell: number, seed: number): SalaryPremium {
  const withSkill = points.filter((p) => p.hasSkill).map((p) => p.annualMid);
  const without = points.filter((p) => !p.hasSkill).map((p) => p.annualMid);
  const tooSmall = withSkill.length < minCell || without.length < minCell;
  const base = { withSkill: withSkill.length, withoutSkill: without.length, tooSmall };
  if (tooSmall || withSkill.length === 0 || without.length === 0) {
    return {
      ...base,
      medianWith: null,
      medianWithout: null,
      difference: null,
      differenceLow: null,
      differenceHigh: null,
      relativeDifference: null,
      resamples: 0,
      seed: null,
    };
  }
  withSkill.sort((a, b) => a - b);
  without.sort((a, b) => a - b);
  const medianWith = quantileWithInterval(withSkill, 0.5).value;
  const medianWithout = quantileWithInterval(without, 0.5).value;
  const boot = bootstrapMedianDifference(withSkill, without, { seed, resamples: PREMIUM_RESAMPLES });
  return {
    ...base,
    medianWith,
    medianWithout,
    difference: boot.difference,
    differenceLow: boot.low,
    differenceHigh: boot.high,
    relativeDifference: medianWithout === 0 ? null : boot.difference / medianWithout,
    resamples: boot.resamples,
    seed: boot.seed,
  };
}

/**
 * Pay per currency (never mixed): postings with pay, the share of postings that disclose it, the
 * median and quartiles of the annualised midpoint with distribution-free intervals, and with a
 * skill the premium (median with the skill − without) with a seeded bootstrap interval.
 */
export async function salaryReport(context: ReportContext, query: SalaryQuery): Promise<SalaryReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  let currency: string | undefined;
  if (query.currency !== undefined) {
    if (!/^[A-Za-z]{3}$/.test(query.currency.trim())) {
      throw new InvalidInputError(`currency: "${query.currency}" is not an ISO 4217 code; give three letters, e.g. EUR or USD`);
    }
    currency = query.currency.trim().toUpperCase();
  }
  let skill: SalaryReport['skill'] = null;
  if (query.skill !== undefined) {
    const found = lookupSkill(context.taxonomy, query.skill);
    if (!found) throw new NotFoundError(`skill: unknown skill "${query.skill}"`, { code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' });
    skill = skillLabel(context, found.id);
  }
  const [total, all] = await Promise.all([context.store.countPostings(filter), context.store.salaryPoints(filter, skill?.skillId)]);
  const points = currency ? all.filter((p) => p.currency === currency) : all;
  const byCurrency = new Map<string, SalaryPoint[]>();
  for (const point of points) {
    const list = byCurrency.get(point.currency) ?? [];
    list.push(point);
    byCurrency.set(point.currency, list);
  }
  const stampQuery = { report: 'salary', ...query, ...(currency ? { currency } : {}) };
  const currencies = [...byCurrency.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([code, list]): SalaryRow => {
      const values = list.map((p) => p.annualMid).sort((a, b) => a - b);
      const n = values.length;
      const tooSmall = n < context.minCell;
      const fromText = list.filter((p) => p.fromText).length;
      return {
        currency: code,
        postings: n,
        disclosure: shareCell(n, total, context.minCell),
        tooSmall,
        fromText,
        fromTextShare: n === 0 ? null : fromText / n,
        median: tooSmall ? NO_QUANTILE : quantileWithInterval(values, 0.5),
        q1: tooSmall ? NO_QUANTILE : quantileWithInterval(values, 0.25),
        q3: tooSmall ? NO_QUANTILE : quantileWithInterval(values, 0.75),
        premium: skill ? premium(list, context.minCell, premiumSeed(stampQuery, code)) : null,
      };
    });
  return {
    stamp: await stamp(context, stampQuery),
    skill,
    role: filter.role === undefined ? null : roleLabel(context, filter.role),
    totalPostings: total,
    postingsWithPay: points.length,
    disclosure: shareCell(points.length, total, context.minCell),
    currencies,
  };
}

export const salaryCsv: CsvReport<SalaryReport> = {
  columns: [
    'currency',
    'role_id',
    'postings',
    'total_postings',
    'disclosure_share',
    'disclosure_low',
    'disclosure_high',
    'too_small',
    'from_text',
    'from_text_share',
    'median',
    'median_low',
    'median_high',
    'median_coverage',
    'q1',
    'q1_low',
    'q1_high',
    'q3',
    'q3_low',
    'q3_high',
    'skill_id',
    'with_skill',
    'without_skill',
    'median_with_skill',
    'median_without_skill',
    'premium',
    'premium_low',
    'premium_high',
    'premium_relative',
    'premium_too_small',
    'bootstrap_seed',
  ],
  rows: (report) =>
    report.currencies.map((r) => [
      r.currency,
      report.role?.roleId ?? '',
      r.postings,
      r.disclosure.totalPostings,
      r.disclosure.share,
      r.disclosure.shareLow,
      r.disclosure.shareHigh,
      r.tooSmall,
      r.fromText,
      r.fromTextShare,
      r.median.value,
      r.median.low,
      r.median.high,
      r.median.coverage,
      r.q1.value,
      r.q1.low,
      r.q1.high,
      r.q3.value,
      r.q3.low,
      r.q3.high,
      report.skill?.skillId ?? '',
      r.premium?.withSkill ?? null,
      r.premium?.withoutSkill ?? null,
      r.premium?.medianWith ?? null,
      r.premium?.medianWithout ?? null,
      r.premium?.difference ?? null,
      r.premium?.differenceLow ?? null,
      r.premium?.differenceHigh ?? null,
      r.premium?.relativeDifference ?? null,
      r.premium ? r.premium.tooSmall : null,
      r.premium?.seed ?? null,
    ]),
};
