import { InvalidInputError } from '@skillpulse/core';
import type { Interval, PostingFilter } from '../contract.js';
import { foldKey } from '../shared.js';

/** SQL for the start of the period a date column falls in (ISO weeks start on Monday). */
export function periodSql(interval: Interval, column: string): string {
  switch (interval) {
    case 'day':
      return column;
    case 'week':
      return `date(${column}, '-' || ((CAST(strftime('%w', ${column}) AS INTEGER) + 6) % 7) || ' days')`;
    case 'month':
      return `substr(${column}, 1, 7) || '-01'`;
    case 'quarter':
      return `substr(${column}, 1, 5) || printf('%02d', ((CAST(substr(${column}, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'`;
    case 'year':
      return `substr(${column}, 1, 4) || '-01-01'`;
  }
}

/** WHERE clause and parameters for the posting filters, over the postings table aliased `p`. */
export function whereClause(filter: PostingFilter, uniqueOnly = true): { sql: string; params: Record<string, string> } {
  const parts = uniqueOnly ? ['p.canonical_id IS NULL'] : ['1'];
  const params: Record<string, string> = {};
  const add = (sql: string, key: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    parts.push(sql);
    params[key] = value;
  };
  add('p.date_posted >= @from', 'from', filter.from);
  add('p.date_posted <= @to', 'to', filter.to);
  add('p.source = @source', 'source', filter.source);
  add('p.company_key = @company', 'company', filter.company && foldKey(filter.company));
  add('p.country = @country', 'country', filter.country);
  add('EXISTS (SELECT 1 FROM json_each(p.locations_key) WHERE value = @location)', 'location', filter.location && foldKey(filter.location));
  add('p.remote = @remote', 'remote', filter.remote);
  add('p.seniority = @seniority', 'seniority', filter.seniority);
  add('p.role_id = @role', 'role', filter.role);
  add('EXISTS (SELECT 1 FROM json_each(p.cities_key) WHERE value = @city)', 'city', filter.city && foldKey(filter.city));
  add('EXISTS (SELECT 1 FROM json_each(p.regions_key) WHERE value = @region)', 'region', filter.region && foldKey(filter.region));
  add('EXISTS (SELECT 1 FROM json_each(p.metros_key) WHERE value = @metro)', 'metro', filter.metro && foldKey(filter.metro));
  if (filter.storedBy !== undefined) {
    // A whole number of ms (the pin of a data version), written into the SQL so it stays an integer.
    if (!Number.isFinite(filter.storedBy)) throw new InvalidInputError(`storedBy: ${filter.storedBy} is not a time in ms`);
    parts.push(`p.stored_at <= ${Math.floor(filter.storedBy)}`);
  }
  for (const [i, skillId] of (filter.hasSkills ?? []).entries()) {
    add(`EXISTS (SELECT 1 FROM json_each(p.skill_ids) WHERE value = @has${i})`, `has${i}`, skillId);
  }
  if (filter.anySkills) {
    const names = filter.anySkills.map((skillId, i) => {
      params[`any${i}`] = skillId;
      return `@any${i}`;
    });
    parts.push(names.length === 0 ? '0' : `EXISTS (SELECT 1 FROM json_each(p.skill_ids) WHERE value IN (${names.join(', ')}))`);
  }
  // A union per group: the posting counts once however many of the group's skills it asks for.
  for (const [g, group] of (filter.skillGroups ?? []).entries()) {
    const names = group.map((skillId, i) => {
      params[`group${g}_${i}`] = skillId;
      return `@group${g}_${i}`;
    });
    parts.push(names.length === 0 ? '0' : `EXISTS (SELECT 1 FROM json_each(p.skill_ids) WHERE value IN (${names.join(', ')}))`);
  }
  return { sql: parts.join(' AND '), params };
}

/** ` AND <column> IN (...)` for a skill list, binding its values into params; undefined means all skills. */
export function skillIn(column: string, skillIds: readonly string[] | undefined, params: Record<string, string>): string {
  if (!skillIds) return '';
  if (skillIds.length === 0) return ' AND 0';
  const names = skillIds.map((id, i) => {
    params[`skill${i}`] = id;
    return `@skill${i}`;
  });
  return ` AND ${column} IN (${names.join(', ')})`;
}
