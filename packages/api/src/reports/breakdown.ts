import { NotFoundError } from '@skillpulse/core';
import type { Facet, PostingFilter } from '@skillpulse/store';
import { lookupSkill } from '@skillpulse/taxonomy';
import { includedCsv, includedSkills, type SkillSelection, selectSkills, toFilter } from '../query.js';
import type { BreakdownQuery, BreakdownReport } from '../schemas/index.js';
import {
  type CsvReport,
  placeLabel,
  type ReportContext,
  roleLabel,
  SHARE_CSV_COLUMNS,
  shareCell,
  shareCsv,
  skillLabel,
  stamp,
} from './common.js';

/** A readable name for a role id or a metro id; other values are their own label. */
function valueLabel(context: ReportContext, by: BreakdownQuery['by'], value: string): { label?: string } {
  if (by === 'role') return { label: roleLabel(context, value).name };
  if (by === 'metro') return { label: placeLabel('metro', value) };
  return {};
}

export async function breakdownReport(context: ReportContext, query: BreakdownQuery): Promise<BreakdownReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  const limit = query.limit ?? 20;
  let skill: BreakdownReport['skill'] = null;
  let selection: SkillSelection | undefined;
  if (query.skill !== undefined) {
    const found = lookupSkill(context.taxonomy, query.skill);
    if (!found) throw new NotFoundError(`skill: unknown skill "${query.skill}"`, { code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' });
    selection = selectSkills([found], context.taxonomy, query.includeDescendants)[0] as SkillSelection;
    skill = { ...skillLabel(context, found.id), ...includedSkills(selection, context.taxonomy, query.includeDescendants) };
  }
  // With descendants, a posting asking for any of them counts once (a union, never a sum).
  const withSkill: PostingFilter = !selection
    ? filter
    : selection.ids.length > 1
      ? { ...filter, skillGroups: [...(filter.skillGroups ?? []), selection.ids] }
      : { ...filter, hasSkills: [...(filter.hasSkills ?? []), selection.skill.id] };
  const postings = await context.store.countPostings(withSkill);
  let rows: Array<{ value: string; postings: number; total: number }>;
  let shareOf: string;
  if (query.by === 'category') {
    const categories = [...context.taxonomy.categories.keys()];
    const counts = await Promise.all(
      categories.map((category) =>
        context.store.countPostings({
          ...withSkill,
          anySkills: context.taxonomy.skills.filter((s) => s.category === category).map((s) => s.id),
        }),
      ),
    );
    rows = categories.map((value, i) => ({ value, postings: counts[i] as number, total: postings }));
    shareOf = skill
      ? `postings asking for ${skill.name}${(selection?.ids.length ?? 0) > 1 ? ' or a descendant' : ''}`
      : 'all postings in the filter';
  } else {
    const facet: Facet = query.by;
    const counts = await context.store.facetCounts(withSkill, facet, limit);
    if (skill) {
      const totals = await Promise.all(counts.map((c) => context.store.countPostings({ ...filter, [facet]: c.value })));
      rows = counts.map((c, i) => ({ value: c.value, postings: c.postings, total: totals[i] as number }));
      shareOf = `postings with the same ${facet}`;
    } else {
      rows = counts.map((c) => ({ value: c.value, postings: c.postings, total: postings }));
      shareOf = 'all postings in the filter';
    }
  }
  const ranked = rows
    .filter((r) => r.postings > 0)
    .sort((a, b) => b.postings - a.postings || a.value.localeCompare(b.value))
    .slice(0, limit)
    .map((r, i) => ({
      rank: i + 1,
      value: r.value,
      ...valueLabel(context, query.by, r.value),
      ...shareCell(r.postings, r.total, context.minCell),
    }));
  return { stamp: await stamp(context, { report: 'breakdown', ...query, limit }), by: query.by, skill, postings, shareOf, rows: ranked };
}

export const breakdownCsv: CsvReport<BreakdownReport> = {
  columns: ['rank', 'by', 'value', 'skill_id', ...SHARE_CSV_COLUMNS, 'included_skill_ids'],
  rows: (report) =>
    report.rows.map((r) => [
      r.rank,
      report.by,
      r.value,
      report.skill?.skillId ?? '',
      ...shareCsv(r),
      report.skill ? includedCsv(report.skill.includedSkills, report.skill.skillId) : '',
    ]),
};
