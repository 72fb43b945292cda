import { InvalidInputError } from '@skillpulse/core';
import type { SkillStore } from '@skillpulse/store';
import type { Taxonomy } from '@skillpulse/taxonomy';
import { type Interval, periodsBetween, share } from '@skillpulse/trends';
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
  'share = unique (de-duplicated) postings asking for the skill / unique postings in the period; 95% Wilson interval; cells under the minimum size are flagged too_small';

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

export interface TopRow extends ShareCell {
  rank: number;
  skillId: string;
  name: string;
  category: string;
}

export interface TopReport {
  stamp: ReportStamp;
  totalPostings: number;
  skills: TopRow[];
}

export type TopQuery = FilterQuery & { limit?: number };

export async function topReport(context: ReportContext, query: TopQuery): Promise<TopReport> {
  const filter = toFilter(query, context.taxonomy);
  const limit = query.limit ?? 20;
  const [total, counts] = await Promise.all([context.store.countPostings(filter), context.store.skillCounts(filter, limit)]);
  const skills = counts.map((count, index) => {
    const skill = context.taxonomy.byId.get(count.skillId);
    return {
      rank: index + 1,
      skillId: count.skillId,
      name: skill?.name ?? count.skillId,
      category: skill?.category ?? 'unknown',
      ...shareCell(count.postings, total, context.minCell),
    };
  });
  return { stamp: await stamp(context, { report: 'top', ...query, limit }), totalPostings: total, skills };
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
