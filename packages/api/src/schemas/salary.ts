import { type Static, Type } from 'typebox';
import { ChosenSkill, FilterQuery, Nullable, NullableInteger, NullableNumber, ReportStamp, ShareCell, skillParam } from './common.js';
import { RoleLabel } from './roles.js';

/** `/api/salary`: pay per currency, never mixed (docs/pay.md). */

export const SalaryQuery = Type.Object({
  ...FilterQuery.properties,
  skill: Type.Optional(skillParam('With a skill: the premium, median pay with the skill against without it')),
  currency: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z]{3}$',
      title: 'an ISO 4217 currency code of three letters',
      examples: ['USD', 'EUR'],
      description: 'ISO 4217 code, any case, e.g. EUR: only this currency',
    }),
  ),
});
export type SalaryQuery = Static<typeof SalaryQuery>;

/** A quantile of the annualised midpoint with its distribution-free interval (order statistics). */
export const QuantileEstimate = Type.Object({
  value: NullableNumber({ description: 'The quantile (linear interpolation between order statistics); null in a cell that is too small' }),
  low: NullableNumber({
    description: 'Lower end of the distribution-free interval (an order statistic); null when n is too small for 95%',
  }),
  high: NullableNumber({ description: 'Upper end of the distribution-free interval' }),
  coverage: NullableNumber({ description: 'Exact coverage of [low, high] (binomial), at least 0.95' }),
});
export type QuantileEstimate = Static<typeof QuantileEstimate>;

/** With `skill`: median pay of postings asking for it against those that do not (same filter and currency). */
export const SalaryPremium = Type.Object({
  withSkill: Type.Integer({ minimum: 0, description: 'Postings with pay in this currency asking for the skill' }),
  withoutSkill: Type.Integer({ minimum: 0, description: 'Postings with pay in this currency not asking for it' }),
  medianWith: NullableNumber(),
  medianWithout: NullableNumber(),
  difference: NullableNumber({ description: 'medianWith − medianWithout, per year in the currency' }),
  differenceLow: NullableNumber({ description: 'Lower end of the 95% percentile bootstrap interval' }),
  differenceHigh: NullableNumber({ description: 'Upper end of the 95% percentile bootstrap interval' }),
  relativeDifference: NullableNumber({ description: 'difference / medianWithout' }),
  resamples: Type.Integer({ minimum: 0, description: 'Bootstrap resamples (0 when a group is too small)' }),
  seed: NullableInteger({ description: 'Seed of the bootstrap, derived from the query: the same URL gives the same interval' }),
  tooSmall: Type.Boolean({ description: 'Either group has fewer postings than the minimum cell: no difference is given' }),
});
export type SalaryPremium = Static<typeof SalaryPremium>;

export const SalaryRow = Type.Object({
  currency: Type.String({ description: 'ISO 4217' }),
  postings: Type.Integer({ minimum: 0, description: 'Unique postings in the filter with pay in this currency' }),
  disclosure: ShareCell,
  tooSmall: Type.Boolean({ description: 'Fewer postings with pay than the minimum cell: no quantiles are given' }),
  fromText: Type.Integer({ minimum: 0, description: 'Of these, pay read from free text (not a structured field)' }),
  fromTextShare: NullableNumber({ description: 'fromText / postings' }),
  median: QuantileEstimate,
  q1: QuantileEstimate,
  q3: QuantileEstimate,
  premium: Nullable(SalaryPremium, { description: 'Only with skill' }),
});
export type SalaryRow = Static<typeof SalaryRow>;

export const SalaryReport = Type.Object({
  stamp: ReportStamp,
  skill: Nullable(ChosenSkill),
  role: Nullable(RoleLabel, { description: 'The role filter, when given' }),
  totalPostings: Type.Integer({ minimum: 0, description: 'Unique postings in the filter' }),
  postingsWithPay: Type.Integer({ minimum: 0, description: 'Of these, postings with pay (in the currency, when one is given)' }),
  disclosure: ShareCell,
  currencies: Type.Array(SalaryRow, { description: 'One row per currency, most postings first' }),
});
export type SalaryReport = Static<typeof SalaryReport>;
