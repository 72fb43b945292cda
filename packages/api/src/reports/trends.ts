import { InvalidInputError } from '@skillpulse/core';
import { periodsBetween } from '@skillpulse/trends';
import { includedCsv, includedSkills, resolveSkills, selectSkills, toFilter } from '../query.js';
import { MAX_TREND_SKILLS, type TrendsQuery, type TrendsReport } from '../schemas/index.js';
import { type CsvReport, type ReportContext, SHARE_CSV_COLUMNS, shareCell, shareCsv, stamp } from './common.js';

export const MAX_PERIODS = 1000;

export async function trendsReport(context: ReportContext, query: TrendsQuery): Promise<TrendsReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  const skills = resolveSkills(query.skills, context.taxonomy, MAX_TREND_SKILLS);
  const interval = query.interval ?? 'month';
  const selections = selectSkills(skills, context.taxonomy, query.includeDescendants);
  const [{ totals, counts }, ...unions] = await Promise.all([
    context.store.trendCounts(
      filter,
      interval,
      skills.map((s) => s.id),
    ),
    // A skill with descendants: postings asking for any of them, each once per period (not a sum).
    ...selections.map((selection) =>
      selection.ids.length > 1
        ? context.store.periodTotals({ ...filter, skillGroups: [...(filter.skillGroups ?? []), selection.ids] }, interval)
        : Promise.resolve(null),
    ),
  ]);
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
  const series = selections.map((selection, i) => {
    const { skill } = selection;
    const union = unions[i] ? new Map(unions[i].map((t) => [t.period, t.postings])) : null;
    return {
      skillId: skill.id,
      name: skill.name,
      category: skill.category,
      ...includedSkills(selection, context.taxonomy, query.includeDescendants),
      points: periods.map((period) => {
        const total = totalByPeriod.get(period) ?? 0;
        const postings = (union ? union.get(period) : countByKey.get(`${period}|${skill.id}`)) ?? 0;
        return { period, ...shareCell(postings, total, context.minCell) };
      }),
    };
  });
  return {
    stamp: await stamp(context, { report: 'trends', ...query, interval }),
    interval,
    periods: periods.map((period) => ({ period, totalPostings: totalByPeriod.get(period) ?? 0 })),
    series,
  };
}

export const trendsCsv: CsvReport<TrendsReport> = {
  columns: ['period', 'skill_id', 'skill_name', ...SHARE_CSV_COLUMNS, 'included_skill_ids'],
  *rows(report) {
    for (const series of report.series) {
      const included = includedCsv(series.includedSkills, series.skillId);
      for (const point of series.points) yield [point.period, series.skillId, series.name, ...shareCsv(point), included];
    }
  },
};
