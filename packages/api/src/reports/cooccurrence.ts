import { NotFoundError } from '@skillpulse/core';
import type { CooccurrenceResult, PostingFilter } from '@skillpulse/store';
import { lookupSkill, type Skill } from '@skillpulse/taxonomy';
import { cooccurrence } from '@skillpulse/trends';
import { includedCsv, includedSkills, selectSkills, toFilter } from '../query.js';
import type { CooccurrenceQuery, CooccurrenceReport, CooccurrenceRow } from '../schemas/index.js';
import { type CsvReport, type ReportContext, shareCell, skillLabel, stamp } from './common.js';

/** Co-occurring skills looked at before ranking: ranking by lift among a few rare pairs would only rank noise. */
const CANDIDATES = 200;

/** Companions of a skill with its descendants: postings asking for any of them (once each), and their other skills. */
async function unionCooccurrence(context: ReportContext, filter: PostingFilter, ids: readonly string[]): Promise<CooccurrenceResult> {
  const withGroup = { ...filter, skillGroups: [...(filter.skillGroups ?? []), ids] };
  const included = new Set(ids);
  const [postings, counts] = await Promise.all([
    context.store.countPostings(withGroup),
    context.store.skillCounts(withGroup, CANDIDATES + ids.length),
  ]);
  return { postings, skills: counts.filter((c) => !included.has(c.skillId)).slice(0, CANDIDATES) };
}

export async function cooccurrenceReport(context: ReportContext, query: CooccurrenceQuery): Promise<CooccurrenceReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  const chosen = lookupSkill(context.taxonomy, query.skill);
  if (!chosen) throw new NotFoundError(`skill: unknown skill "${query.skill}"`, { code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' });
  const [selection] = selectSkills([chosen], context.taxonomy, query.includeDescendants) as [{ skill: Skill; ids: string[] }];
  const [total, pairs] = await Promise.all([
    context.store.countPostings(filter),
    selection.ids.length > 1
      ? unionCooccurrence(context, filter, selection.ids)
      : context.store.cooccurrence(filter, chosen.id, CANDIDATES),
  ]);
  const ids = pairs.skills.map((s) => s.skillId);
  const alone = new Map(
    ids.length === 0 ? [] : (await context.store.skillCounts({ ...filter, skillIds: ids }, ids.length)).map((c) => [c.skillId, c.postings]),
  );
  const sort = query.sort ?? 'lift';
  const rows = pairs.skills.map((pair) => {
    const withB = alone.get(pair.skillId) ?? pair.postings;
    const conditional = shareCell(pair.postings, pairs.postings, context.minCell);
    // Lift and Jaccard of a pair seen fewer times than the minimum cell are not shown: they swing wildly.
    const measures = pair.postings >= context.minCell ? cooccurrence(pair.postings, pairs.postings, withB, total) : null;
    return {
      rank: 0,
      ...skillLabel(context, pair.skillId),
      postingsBoth: pair.postings,
      postingsSkill: withB,
      conditional,
      lift: measures?.lift ?? null,
      jaccard: measures?.jaccard ?? null,
    };
  });
  const key = (r: CooccurrenceRow) => (sort === 'count' ? r.postingsBoth : sort === 'lift' ? (r.lift ?? -1) : (r.jaccard ?? -1));
  rows.sort((a, b) => key(b) - key(a) || b.postingsBoth - a.postingsBoth || a.skillId.localeCompare(b.skillId));
  return {
    stamp: await stamp(context, { report: 'cooccurrence', ...query, skill: chosen.id, sort }),
    skill: { ...skillLabel(context, chosen.id), ...includedSkills(selection, context.taxonomy, query.includeDescendants) },
    postings: pairs.postings,
    totalPostings: total,
    sort,
    skills: rows.slice(0, query.limit ?? 20).map((r, i) => ({ ...r, rank: i + 1 })),
  };
}

export const cooccurrenceCsv: CsvReport<CooccurrenceReport> = {
  columns: [
    'rank',
    'skill_id',
    'skill_name',
    'category',
    'with_skill_id',
    'postings_both',
    'postings_skill',
    'postings_with_skill',
    'total_postings',
    'conditional_share',
    'conditional_low',
    'conditional_high',
    'too_small',
    'lift',
    'jaccard',
    'included_skill_ids',
  ],
  rows: (report) =>
    report.skills.map((r) => [
      r.rank,
      r.skillId,
      r.name,
      r.category,
      report.skill.skillId,
      r.postingsBoth,
      r.postingsSkill,
      report.postings,
      report.totalPostings,
      r.conditional.share,
      r.conditional.shareLow,
      r.conditional.shareHigh,
      r.conditional.tooSmall,
      r.lift,
      r.jaccard,
      includedCsv(report.skill.includedSkills, report.skill.skillId),
    ]),
};
