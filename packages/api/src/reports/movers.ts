import { InvalidInputError } from '@skillpulse/core';
import { isIsoDate } from '@skillpulse/trends';
import { toFilter } from '../query.js';
import type { MoversQuery, MoversReport, ShareChange } from '../schemas/index.js';
import {
  CHANGE_CSV_COLUMNS,
  type CsvReport,
  changeCsv,
  compareWindows,
  dayOffset,
  previousWindow,
  type ReportContext,
  SHARE_CSV_COLUMNS,
  shareCell,
  shareCsv,
  skillLabel,
  stamp,
} from './common.js';

/** Without from and to, movers look at the last 90 days with postings. */
export const DEFAULT_MOVERS_DAYS = 90;

async function currentWindow(context: ReportContext, query: MoversQuery): Promise<{ from: string; to: string }> {
  if (query.from && query.to) return { from: query.from, to: query.to };
  if (query.from || query.to) throw new InvalidInputError(`${query.from ? 'to' : 'from'}: movers need both from and to, or neither`);
  const newest = await context.store.searchPostings({ filter: {}, page: 1, pageSize: 1 });
  const to = newest.postings[0]?.datePosted ?? new Date().toISOString().slice(0, 10);
  return { from: dayOffset(to, -(DEFAULT_MOVERS_DAYS - 1)), to };
}

function baselineWindow(query: MoversQuery, window: { from: string; to: string }): { from: string; to: string } {
  const { base_from: baseFrom, base_to: baseTo } = query;
  if (baseFrom === undefined && baseTo === undefined) return previousWindow(window.from, window.to);
  if (baseFrom === undefined || baseTo === undefined)
    throw new InvalidInputError(`${baseFrom === undefined ? 'base_from' : 'base_to'}: give both base_from and base_to, or neither`);
  for (const [key, value] of [
    ['base_from', baseFrom],
    ['base_to', baseTo],
  ] as const) {
    if (!isIsoDate(value)) throw new InvalidInputError(`${key}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  if (baseFrom > baseTo) throw new InvalidInputError(`base_from: ${baseFrom} is after base_to: ${baseTo}`);
  return { from: baseFrom, to: baseTo };
}

export async function moversReport(context: ReportContext, query: MoversQuery): Promise<MoversReport> {
  const window = await currentWindow(context, query);
  const filter = toFilter({ ...query, ...window }, context.taxonomy, context.roles);
  const base = baselineWindow(query, window);
  const baseFilter = { ...filter, ...base };
  const everySkill = context.taxonomy.skills.length;
  const [total, counts, baseTotal, baseCounts] = await Promise.all([
    context.store.countPostings(filter),
    context.store.skillCounts(filter, everySkill),
    context.store.countPostings(baseFilter),
    context.store.skillCounts(baseFilter, everySkill),
  ]);
  const now = new Map(counts.map((c) => [c.skillId, c.postings]));
  const before = new Map(baseCounts.map((c) => [c.skillId, c.postings]));
  // Skills too rare in both windows would only add noise and dilute the correction.
  const tested = [...new Set([...now.keys(), ...before.keys()])]
    .filter((id) => Math.max(now.get(id) ?? 0, before.get(id) ?? 0) >= context.minCell)
    .sort();
  const current = tested.map((id) => ({ postings: now.get(id) ?? 0 }));
  const changes = compareWindows(
    current,
    total,
    tested.map((id) => before.get(id) ?? 0),
    baseTotal,
    context.minCell,
  );
  const rows = tested.map((id, i) => ({
    rank: 0,
    ...skillLabel(context, id),
    ...shareCell(now.get(id) ?? 0, total, context.minCell),
    ...(changes[i] as ShareChange),
  }));
  const limit = query.limit ?? 20;
  const { base_from: _baseFrom, base_to: _baseTo, ...rest } = query;
  const ranked = (direction: 1 | -1) =>
    rows
      .filter((r) => r.changePp !== null && Math.sign(r.changePp) === direction)
      .sort((a, b) => direction * ((b.changePp as number) - (a.changePp as number)) || (a.pValue as number) - (b.pValue as number))
      .slice(0, limit)
      .map((r, i) => ({ ...r, rank: i + 1 }));
  return {
    // The stamp names the baseline baseFrom/baseTo, as it always has.
    stamp: await stamp(context, { report: 'movers', ...rest, ...window, baseFrom: base.from, baseTo: base.to, limit }),
    window: { ...window, totalPostings: total },
    baseline: { ...base, totalPostings: baseTotal },
    skillsTested: tested.length,
    rising: ranked(1),
    declining: ranked(-1),
  };
}

export const moversCsv: CsvReport<MoversReport> = {
  columns: ['direction', 'rank', 'skill_id', 'skill_name', 'category', ...SHARE_CSV_COLUMNS, ...CHANGE_CSV_COLUMNS],
  *rows(report) {
    for (const [direction, rows] of [
      ['rising', report.rising],
      ['declining', report.declining],
    ] as const) {
      for (const r of rows) yield [direction, r.rank, r.skillId, r.name, r.category, ...shareCsv(r), ...changeCsv(r)];
    }
  },
};
