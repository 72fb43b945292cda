import { NotFoundError } from '@skillpulse/core';
import type { PostingFilter } from '@skillpulse/store';
import { lookupSkill } from '@skillpulse/taxonomy';
import { locationQuotient } from '@skillpulse/trends';
import { includedCsv, includedSkills, type SkillSelection, selectSkills, toFilter } from '../query.js';
import type { PlaceRow, PlacesQuery, PlacesReport } from '../schemas/index.js';
import { type CsvReport, placeLabel, type ReportContext, SHARE_CSV_COLUMNS, shareCell, shareCsv, skillLabel, stamp } from './common.js';

/**
 * A skill's location quotient per place: the places with the most postings in the filter, each
 * with the skill's share there (Wilson interval) and its share there over its share everywhere
 * (Katz log interval). A place with fewer postings than the minimum cell is flagged and gets neither.
 */
export async function placesReport(context: ReportContext, query: PlacesQuery): Promise<PlacesReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  const by = query.by ?? 'metro';
  const limit = query.limit ?? 20;
  const found = lookupSkill(context.taxonomy, query.skill);
  if (!found) throw new NotFoundError(`skill: unknown skill "${query.skill}"`, { code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' });
  const selection = selectSkills([found], context.taxonomy, query.includeDescendants)[0] as SkillSelection;
  const skill = { ...skillLabel(context, found.id), ...includedSkills(selection, context.taxonomy, query.includeDescendants) };
  // With descendants, a posting asking for any of them counts once (a union, never a sum).
  const withSkill: PostingFilter =
    selection.ids.length > 1
      ? { ...filter, skillGroups: [...(filter.skillGroups ?? []), selection.ids] }
      : { ...filter, hasSkills: [...(filter.hasSkills ?? []), found.id] };
  const [total, skillTotal, places] = await Promise.all([
    context.store.countPostings(filter),
    context.store.countPostings(withSkill),
    context.store.facetCounts(filter, by, limit),
  ]);
  const here = await Promise.all(places.map((p) => context.store.countPostings({ ...withSkill, [by]: p.value })));
  const overall = shareCell(skillTotal, total, context.minCell);
  const rows = places
    .map((place, i): Omit<PlaceRow, 'rank'> => {
      const k = here[i] as number;
      const cell = shareCell(k, place.postings, context.minCell);
      const lq =
        cell.tooSmall || overall.tooSmall || skillTotal === 0
          ? null
          : locationQuotient(k / place.postings, place.postings, skillTotal / total, total);
      return {
        place: place.value,
        label: placeLabel(by, place.value),
        ...cell,
        lq: lq?.lq ?? null,
        lqLow: lq?.low ?? null,
        lqHigh: lq?.high ?? null,
      };
    })
    .sort((a, b) => b.totalPostings - a.totalPostings || a.place.localeCompare(b.place))
    .map((row, i) => ({ rank: i + 1, ...row }));
  return { stamp: await stamp(context, { report: 'places', ...query, by, limit }), by, skill, overall, rows };
}

export const placesCsv: CsvReport<PlacesReport> = {
  columns: ['rank', 'by', 'place', 'label', 'skill_id', ...SHARE_CSV_COLUMNS, 'lq', 'lq_low', 'lq_high', 'included_skill_ids'],
  rows: (report) =>
    report.rows.map((r) => [
      r.rank,
      report.by,
      r.place,
      r.label,
      report.skill.skillId,
      ...shareCsv(r),
      r.lq,
      r.lqLow,
      r.lqHigh,
      includedCsv(report.skill.includedSkills, report.skill.skillId),
    ]),
};
