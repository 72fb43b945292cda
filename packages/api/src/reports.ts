import { InvalidInputError } from '@skillpulse/core';
import type { SkillStore } from '@skillpulse/store';
import type { Taxonomy } from '@skillpulse/taxonomy';
import { benjaminiHochberg, compareShares, type Interval, periodsBetween, share } from '@skillpulse/trends';
import type { CsvValue } from './csv.js';
import { type FilterQuery, resolveSkills, toFilter } from './query.js';

/** What produced a report: stamped on every JSON response and CSV export. */
export interface ReportStamp {
  generatedAt: string;
  backend: string;
  taxonomyVersion: string;
  extractorVersions: string[];
  methodology: string;
  query: Record<string, unknown>;
}

export const METHODOLOGY =
  'share = unique (de-duplicated) postings asking for the skill / unique postings in the period; 95% Wilson interval; cells under the minimum size are flagged too_small; change vs the previous window of equal length in percentage points with Newcombe 95% interval, two-proportion z-test (Fisher exact when an expected cell is under 5), Benjamini-Hochberg q-values across the listed skills, significant when q <= 0.05';

/** False-discovery rate under which a change is called significant. */
export const SIGNIFICANCE_Q = 0.05;

export interface ReportContext {
  store: SkillStore;
  taxonomy: Taxonomy;
  minCell: number;
}

async function stamp(context: ReportContext, query: Record<string, unknown>): Promise<ReportStamp> {
  const info = await context.store.info();
  return {
    generatedAt: new Date().toISOString(),
    backend: context.store.backend,
    taxonomyVersion: context.taxonomy.version,
    extractorVersions: info.extractorVersions,
    methodology: METHODOLOGY,
    query,
  };
}

/** A share of unique postings as every report gives it. */
export interface ShareCell {
  postings: number;
  totalPostings: number;
  share: number | null;
  shareLow: number | null;
  shareHigh: number | null;
  tooSmall: boolean;
}

function shareCell(postings: number, total: number, minCell: number): ShareCell {
  const s = share(postings, total, minCell);
  return { postings, totalPostings: total, share: s.share, shareLow: s.low, shareHigh: s.high, tooSmall: s.tooSmall };
}

/** The change of a share against the previous window; null fields when either cell is too small. */
export interface ShareChange {
  previousPostings: number | null;
  previousTotalPostings: number | null;
  previousShare: number | null;
  changePp: number | null;
  changeLowPp: number | null;
  changeHighPp: number | null;
  relativeChange: number | null;
  pValue: number | null;
  qValue: number | null;
  significant: boolean | null;
  test: string | null;
}

const NO_CHANGE: ShareChange = {
  previousPostings: null,
  previousTotalPostings: null,
  previousShare: null,
  changePp: null,
  changeLowPp: null,
  changeHighPp: null,
  relativeChange: null,
  pValue: null,
  qValue: null,
  significant: null,
  test: null,
};

export interface TopRow extends ShareCell, ShareChange {
  rank: number;
  skillId: string;
  name: string;
  category: string;
}

export interface TopReport {
  stamp: ReportStamp;
  totalPostings: number;
  /** The window the changes compare against (the same length, just before), or null without from and to. */
  previousWindow: { from: string; to: string; totalPostings: number } | null;
  skills: TopRow[];
}

const DAY_MS = 86_400_000;
const dayOffset = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The window of the same length ending the day before `from`. */
export function previousWindow(from: string, to: string): { from: string; to: string } {
  const length = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
  const previousTo = dayOffset(from, -1);
  return { from: dayOffset(previousTo, -length), to: previousTo };
}

export type TopQuery = FilterQuery & { limit?: number };

export async function topReport(context: ReportContext, query: TopQuery): Promise<TopReport> {
  const filter = toFilter(query, context.taxonomy);
  const limit = query.limit ?? 20;
  const [total, counts] = await Promise.all([context.store.countPostings(filter), context.store.skillCounts(filter, limit)]);
  let previous: TopReport['previousWindow'] = null;
  const changes = counts.map(() => NO_CHANGE);
  if (query.from && query.to && counts.length > 0) {
    const window = previousWindow(query.from, query.to);
    const previousFilter = { ...filter, ...window, skillIds: counts.map((c) => c.skillId) };
    const [previousTotal, previousCounts] = await Promise.all([
      context.store.countPostings({ ...filter, ...window }),
      context.store.skillCounts(previousFilter, counts.length),
    ]);
    previous = { ...window, totalPostings: previousTotal };
    const before = new Map(previousCounts.map((c) => [c.skillId, c.postings]));
    const tested: number[] = [];
    counts.forEach((count, index) => {
      const k0 = before.get(count.skillId) ?? 0;
      if (total < context.minCell || previousTotal < context.minCell) {
        changes[index] = { ...NO_CHANGE, previousPostings: k0, previousTotalPostings: previousTotal };
        return;
      }
      const test = compareShares(count.postings, total, k0, previousTotal);
      tested.push(index);
      changes[index] = {
        previousPostings: k0,
        previousTotalPostings: previousTotal,
        previousShare: k0 / previousTotal,
        changePp: test.changePp,
        changeLowPp: test.lowPp,
        changeHighPp: test.highPp,
        relativeChange: test.relativeChange,
        pValue: test.pValue,
        qValue: null,
        significant: null,
        test: test.method,
      };
    });
    const qValues = benjaminiHochberg(tested.map((index) => changes[index]?.pValue as number));
    tested.forEach((index, i) => {
      const q = qValues[i] as number;
      changes[index] = { ...(changes[index] as ShareChange), qValue: q, significant: q <= SIGNIFICANCE_Q };
    });
  }
  const skills = counts.map((count, index) => {
    const skill = context.taxonomy.byId.get(count.skillId);
    return {
      rank: index + 1,
      skillId: count.skillId,
      name: skill?.name ?? count.skillId,
      category: skill?.category ?? 'unknown',
      ...shareCell(count.postings, total, context.minCell),
      ...(changes[index] as ShareChange),
    };
  });
  return { stamp: await stamp(context, { report: 'top', ...query, limit }), totalPostings: total, previousWindow: previous, skills };
}

export const TOP_CSV_COLUMNS = [
  'rank',
  'skill_id',
  'skill_name',
  'category',
  'postings',
  'total_postings',
  'share',
  'share_low',
  'share_high',
  'too_small',
  'previous_postings',
  'previous_total_postings',
  'previous_share',
  'change_pp',
  'change_low_pp',
  'change_high_pp',
  'relative_change',
  'p_value',
  'q_value',
  'significant',
  'test',
];

export function topCsvRows(report: TopReport): CsvValue[][] {
  return report.skills.map((r) => [
    r.rank,
    r.skillId,
    r.name,
    r.category,
    r.postings,
    r.totalPostings,
    r.share,
    r.shareLow,
    r.shareHigh,
    r.tooSmall,
    r.previousPostings,
    r.previousTotalPostings,
    r.previousShare,
    r.changePp,
    r.changeLowPp,
    r.changeHighPp,
    r.relativeChange,
    r.pValue,
    r.qValue,
    r.significant,
    r.test,
  ]);
}

export interface TrendPoint extends ShareCell {
  period: string;
}

export interface TrendSeries {
  skillId: string;
  name: string;
  points: TrendPoint[];
}

export interface TrendsReport {
  stamp: ReportStamp;
  interval: Interval;
  periods: Array<{ period: string; totalPostings: number }>;
  series: TrendSeries[];
}

export type TrendsQuery = FilterQuery & { skills: string; interval?: Interval };

export const MAX_TREND_SKILLS = 10;
export const MAX_PERIODS = 1000;

export async function trendsReport(context: ReportContext, query: TrendsQuery): Promise<TrendsReport> {
  const filter = toFilter(query, context.taxonomy);
  const skills = resolveSkills(query.skills, context.taxonomy, MAX_TREND_SKILLS);
  const interval = query.interval ?? 'month';
  const ids = skills.map((s) => s.id);
  const { totals, counts } = await context.store.trendCounts(filter, interval, ids);
  const first = query.from ?? totals[0]?.period;
  const last = query.to ?? totals[totals.length - 1]?.period;
  // Every period in the window is present, with zero where nothing was posted.
  let periods: string[] = [];
  try {
    periods = first && last ? periodsBetween(first, last, interval, MAX_PERIODS) : [];
  } catch {
    throw new InvalidInputError(
      `interval: more than ${MAX_PERIODS} ${interval} periods between ${first} and ${last}; pick a longer interval or a shorter window`,
    );
  }
  const totalByPeriod = new Map(totals.map((t) => [t.period, t.postings]));
  const countByKey = new Map(counts.map((c) => [`${c.period}|${c.skillId}`, c.postings]));
  const series = skills.map((skill) => ({
    skillId: skill.id,
    name: skill.name,
    points: periods.map((period) => {
      const total = totalByPeriod.get(period) ?? 0;
      const postings = countByKey.get(`${period}|${skill.id}`) ?? 0;
      return { period, ...shareCell(postings, total, context.minCell) };
    }),
  }));
  return {
    stamp: await stamp(context, { report: 'trends', ...query, interval }),
    interval,
    periods: periods.map((period) => ({ period, totalPostings: totalByPeriod.get(period) ?? 0 })),
    series,
  };
}

export const TRENDS_CSV_COLUMNS = [
  'period',
  'skill_id',
  'skill_name',
  'postings',
  'total_postings',
  'share',
  'share_low',
  'share_high',
  'too_small',
];

export function* trendsCsvRows(report: TrendsReport): Generator<CsvValue[]> {
  for (const series of report.series) {
    for (const p of series.points)
      yield [p.period, series.skillId, series.name, p.postings, p.totalPostings, p.share, p.shareLow, p.shareHigh, p.tooSmall];
  }
}
