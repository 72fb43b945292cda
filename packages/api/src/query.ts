import { InvalidInputError, NotFoundError } from '@skillpulse/core';
import type { RoleCatalogue } from '@skillpulse/roles';
import { type PostingFilter, pinOfDataVersion } from '@skillpulse/store';
import { lookupSkill, type Skill, type Taxonomy } from '@skillpulse/taxonomy';
import { isIsoDate } from '@skillpulse/trends';
import { daysBetween, MAX_WINDOW_DAYS } from './reports/common.js';
import { checkRole, defaultRoles } from './role-catalogue.js';
import type { FilterQuery } from './schemas/index.js';

/** A skill as a report counts it: alone, or with its descendants (`includeDescendants=true`). */
export interface SkillSelection {
  skill: Skill;
  /** The skill's id, then its descendants' ids (children before grandchildren, each level by id). */
  ids: string[];
}

const childrenIndex = new WeakMap<Taxonomy, Map<string, string[]>>();

/** Ids of every skill below `skillId` in the taxonomy (children, their children …), nearest first. */
export function descendantIds(taxonomy: Taxonomy, skillId: string): string[] {
  let children = childrenIndex.get(taxonomy);
  if (!children) {
    children = new Map();
    for (const skill of taxonomy.skills) {
      if (skill.parent === null) continue;
      const list = children.get(skill.parent) ?? [];
      list.push(skill.id);
      children.set(skill.parent, list);
    }
    for (const list of children.values()) list.sort();
    childrenIndex.set(taxonomy, children);
  }
  const found: string[] = [];
  const seen = new Set([skillId]);
  for (let level = [skillId]; level.length > 0; ) {
    const next: string[] = [];
    for (const id of level) {
      for (const child of children.get(id) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        found.push(child);
        next.push(child);
      }
    }
    level = next;
  }
  return found;
}

/** The skills of a report, each with the ids it counts. */
export function selectSkills(skills: readonly Skill[], taxonomy: Taxonomy, includeDescendants = false): SkillSelection[] {
  return skills.map((skill) => ({ skill, ids: includeDescendants ? [skill.id, ...descendantIds(taxonomy, skill.id)] : [skill.id] }));
}

/** What a response row says about the skills it counted: `includedSkills` only with `includeDescendants=true`. */
export function includedSkills(
  selection: SkillSelection,
  taxonomy: Taxonomy,
  includeDescendants: boolean | undefined,
): { includedSkills?: Array<{ skillId: string; name: string }> } {
  if (!includeDescendants) return {};
  return { includedSkills: selection.ids.map((id) => ({ skillId: id, name: taxonomy.byId.get(id)?.name ?? id })) };
}

/** The CSV cell `included_skill_ids`: the ids a row counted, `; `-separated (the skill alone without descendants). */
export const includedCsv = (included: ReadonlyArray<{ skillId: string }> | undefined, skillId: string): string =>
  included ? included.map((s) => s.skillId).join('; ') : skillId;

/** Checks dates, the category and the role, and turns the query into a store filter. */
export function toFilter(query: FilterQuery, taxonomy: Taxonomy, roles: RoleCatalogue = defaultRoles()): PostingFilter {
  for (const key of ['from', 'to'] as const) {
    const value = query[key];
    if (value !== undefined && !isIsoDate(value)) throw new InvalidInputError(`${key}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  if (query.from && query.to && query.from > query.to) throw new InvalidInputError(`from: ${query.from} is after to: ${query.to}`);
  if (query.from && query.to && daysBetween(query.from, query.to) > MAX_WINDOW_DAYS) {
    throw new InvalidInputError(`to: the window from ${query.from} to ${query.to} is longer than ${MAX_WINDOW_DAYS} days`);
  }
  const filter: PostingFilter = {
    from: query.from,
    to: query.to,
    source: query.source,
    company: query.company,
    // Countries are stored as ISO 3166-1 alpha-2 codes (upper case); `de` means DE.
    country: query.country && /^[a-z]{2}$/i.test(query.country.trim()) ? query.country.trim().toUpperCase() : query.country,
    remote: query.remote,
    seniority: query.seniority,
    role: query.role === undefined ? undefined : checkRole(query.role, roles),
    city: query.city,
    region: query.region,
    metro: query.metro,
  };
  if (query.asOf !== undefined) filter.storedBy = parseAsOf(query.asOf);
  if (query.category !== undefined) {
    if (!taxonomy.categories.has(query.category)) {
      throw new InvalidInputError(`category: unknown category "${query.category}" (known: ${[...taxonomy.categories.keys()].join(', ')})`);
    }
    filter.skillIds = taxonomy.skills.filter((s) => s.category === query.category).map((s) => s.id);
  }
  return filter;
}

/** The pin of `asOf=<dataVersion>` (ms since the epoch): postings stored up to it are counted. */
export function parseAsOf(asOf: string): number {
  const pin = pinOfDataVersion(asOf);
  if (pin === undefined) {
    const shown = asOf.length > 80 ? `${asOf.slice(0, 80)}…` : asOf;
    throw new InvalidInputError(
      `asOf: "${shown}" is not a data version (it starts with a time in ms, a dot, then a token); give a dataVersion as printed in a report's stamp`,
    );
  }
  return pin;
}

/** Resolves a comma-separated list of skill ids, names or aliases; an unknown one is a 404 naming it. */
export function resolveSkills(list: string, taxonomy: Taxonomy, max: number): Skill[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new InvalidInputError('skills: give at least one skill id or name');
  if (names.length > max) throw new InvalidInputError(`skills: at most ${max} skills, got ${names.length}`);
  const skills: Skill[] = [];
  for (const name of names) {
    const skill = lookupSkill(taxonomy, name);
    if (!skill) throw new NotFoundError(`skills: unknown skill "${name}"`, { code: 'SKILLPULSE_ERR_UNKNOWN_SKILL' });
    if (!skills.includes(skill)) skills.push(skill);
  }
  return skills;
}
