import { InvalidInputError, NotFoundError } from '@skillpulse/core';
import { lookupSkill, type Skill } from '@skillpulse/taxonomy';
import { includedCsv, includedSkills, selectSkills, toFilter } from '../query.js';
import type { SkillDetail, SkillDetailQuery, SkillRecord, SkillsQuery, SkillsReport } from '../schemas/index.js';
import { type CsvReport, type ReportContext, SHARE_CSV_COLUMNS, shareCell, shareCsv, stamp } from './common.js';

const record = (skill: Skill): SkillRecord => ({
  skillId: skill.id,
  name: skill.name,
  category: skill.category,
  aliases: skill.aliases,
  parent: skill.parent,
});

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** How well a skill matches a search: exact name or alias first, then prefixes, then substrings. */
function matchRank(skill: Skill, q: string): number {
  const names = [skill.name, skill.id, ...skill.aliases].map(fold);
  if (names.includes(q)) return 0;
  if (names.some((n) => n.startsWith(q))) return 1;
  if (names.some((n) => n.split(/[\s./-]/).some((word) => word.startsWith(q)))) return 2;
  if (names.some((n) => n.includes(q))) return 3;
  return -1;
}

/** The taxonomy's skills, searched by name or alias (for a search-as-you-type picker), with their postings in the filter. */
export async function skillsReport(context: ReportContext, query: SkillsQuery): Promise<SkillsReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  const q = fold(query.q ?? '');
  const candidates = context.taxonomy.skills
    .filter((skill) => !query.category || skill.category === query.category)
    .map((skill) => ({ skill, rank: q === '' ? 0 : matchRank(skill, q) }))
    .filter((c) => c.rank >= 0);
  const [total, counts] = await Promise.all([
    context.store.countPostings(filter),
    context.store.skillCounts({ ...filter, skillIds: candidates.map((c) => c.skill.id) }, Math.max(1, candidates.length)),
  ]);
  const postings = new Map(counts.map((c) => [c.skillId, c.postings]));
  const skills = candidates
    .map((c) => ({ ...c, postings: postings.get(c.skill.id) ?? 0 }))
    .sort((a, b) => a.rank - b.rank || b.postings - a.postings || a.skill.name.localeCompare(b.skill.name))
    .slice(0, query.limit ?? 50)
    .map((c) => ({ ...record(c.skill), postings: c.postings }));
  return { stamp: await stamp(context, { report: 'skills', ...query }), totalPostings: total, skills };
}

export const skillsCsv: CsvReport<SkillsReport> = {
  columns: ['skill_id', 'skill_name', 'category', 'aliases', 'parent', 'postings', 'total_postings'],
  rows: (report) =>
    report.skills.map((s) => [s.skillId, s.name, s.category, s.aliases.join('; '), s.parent, s.postings, report.totalPostings]),
};

export async function skillDetail(context: ReportContext, id: string, query: SkillDetailQuery): Promise<SkillDetail> {
  if (id.length > 200) throw new InvalidInputError('id: longer than 200 characters');
  const skill = lookupSkill(context.taxonomy, id);
  if (!skill) throw new NotFoundError(`skill: unknown skill "${id}"`, { code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' });
  const filter = toFilter(query, context.taxonomy, context.roles);
  const [selection] = selectSkills([skill], context.taxonomy, query.includeDescendants) as [{ skill: Skill; ids: string[] }];
  const union = selection.ids.length > 1;
  const withSkill = union
    ? { ...filter, skillGroups: [...(filter.skillGroups ?? []), selection.ids] }
    : { ...filter, hasSkills: [...(filter.hasSkills ?? []), skill.id] };
  const [total, all, newest, unionPostings] = await Promise.all([
    context.store.countPostings(filter),
    context.store.skillCounts({ ...filter, skillIds: undefined }, context.taxonomy.skills.length),
    context.store.searchPostings({ filter: withSkill, page: 1, pageSize: 1 }),
    // A posting asking for the skill and a descendant counts once: the union, not a sum.
    union ? context.store.countPostings(withSkill) : Promise.resolve(0),
  ]);
  let index = all.findIndex((c) => c.skillId === skill.id);
  let postings = index >= 0 ? (all[index]?.postings ?? 0) : 0;
  if (union) {
    postings = unionPostings;
    const included = new Set(selection.ids);
    index = postings > 0 ? all.filter((c) => !included.has(c.skillId) && c.postings > postings).length : -1;
  }
  // The oldest posting is the last page of a newest-first search; beyond the search window it is left out.
  const oldest =
    newest.total > 0 && newest.total <= 10_000
      ? await context.store.searchPostings({ filter: withSkill, page: newest.total, pageSize: 1 })
      : null;
  return {
    stamp: await stamp(context, { report: 'skill', skill: skill.id, ...query }),
    skill: record(skill),
    ...includedSkills(selection, context.taxonomy, query.includeDescendants),
    demand: shareCell(postings, total, context.minCell),
    rank: index >= 0 ? index + 1 : null,
    firstPosted: oldest?.postings[0]?.datePosted ?? null,
    lastPosted: newest.postings[0]?.datePosted ?? null,
  };
}

export const skillDetailCsv: CsvReport<SkillDetail> = {
  columns: ['skill_id', 'skill_name', 'category', ...SHARE_CSV_COLUMNS, 'rank', 'first_posted', 'last_posted', 'included_skill_ids'],
  rows: (r) => [
    [
      r.skill.skillId,
      r.skill.name,
      r.skill.category,
      ...shareCsv(r.demand),
      r.rank,
      r.firstPosted,
      r.lastPosted,
      includedCsv(r.includedSkills, r.skill.skillId),
    ],
  ],
};
