import { toFilter } from '../query.js';
import type { ShareChange, TopQuery, TopReport } from '../schemas/index.js';
import {
  CHANGE_CSV_COLUMNS,
  type CsvReport,
  changeCsv,
  changesAgainstPreviousWindow,
  type ReportContext,
  SHARE_CSV_COLUMNS,
  shareCell,
  shareCsv,
  skillLabel,
  stamp,
} from './common.js';

export async function topReport(context: ReportContext, query: TopQuery): Promise<TopReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  const limit = query.limit ?? 20;
  // One search per window on Elasticsearch: the total and the skill counts together.
  const { total, skills: counts } = await context.store.windowSkillCounts(filter, limit);
  const { previous, changes } = await changesAgainstPreviousWindow(
    query,
    counts.map((c) => ({ key: c.skillId, postings: c.postings })),
    total,
    context.minCell,
    async (window) => {
      // The previous window's counts of the current window's skills only.
      const before = await context.store.windowSkillCounts({ ...filter, ...window, skillIds: counts.map((c) => c.skillId) }, counts.length);
      return { total: before.total, counts: new Map(before.skills.map((c) => [c.skillId, c.postings])) };
    },
  );
  const skills = counts.map((count, index) => ({
    rank: index + 1,
    ...skillLabel(context, count.skillId),
    ...shareCell(count.postings, total, context.minCell),
    ...(changes[index] as ShareChange),
  }));
  return { stamp: await stamp(context, { report: 'top', ...query, limit }), totalPostings: total, previousWindow: previous, skills };
}

export const topCsv: CsvReport<TopReport> = {
  columns: ['rank', 'skill_id', 'skill_name', 'category', ...SHARE_CSV_COLUMNS, ...CHANGE_CSV_COLUMNS],
  rows: (report) => report.skills.map((r) => [r.rank, r.skillId, r.name, r.category, ...shareCsv(r), ...changeCsv(r)]),
};
