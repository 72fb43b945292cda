import type Database from 'better-sqlite3';
import type { Facet, FacetCount, PostingFilter, SalaryPoint } from '../contract.js';
import { compareSalaryPoints } from '../shared.js';
import { whereClause } from './where.js';

/**
 * Breakdowns and pay over the postings table (issue 20's role, place and pay with the older
 * facets). Multi-valued facets read a JSON list per posting and count a posting once per distinct
 * value, as Elasticsearch's terms aggregation does.
 */

/** Where each facet's values come from: a column, or the elements of a JSON list (joined as `v`). */
const FACET_SQL: Record<Facet, { join: string; value: string; distinct: boolean }> = {
  source: { join: '', value: 'p.source', distinct: false },
  company: { join: '', value: 'p.company', distinct: false },
  country: { join: '', value: 'p.country', distinct: false },
  remote: { join: '', value: 'p.remote', distinct: false },
  seniority: { join: '', value: 'p.seniority', distinct: false },
  role: { join: '', value: 'p.role_id', distinct: false },
  location: { join: ', json_each(p.locations) v', value: 'v.value', distinct: true },
  city: { join: `, json_each(p.place, '$.cities') v`, value: 'v.value', distinct: true },
  region: { join: `, json_each(p.place, '$.regions') v`, value: 'v.value', distinct: true },
  metro: { join: `, json_each(p.place, '$.metros') v`, value: 'v.value', distinct: true },
};

export function facetCounts(db: Database.Database, filter: PostingFilter, facet: Facet, limit: number): FacetCount[] {
  const where = whereClause(filter);
  const { join, value, distinct } = FACET_SQL[facet];
  const count = distinct ? 'count(DISTINCT p.rowid)' : 'count(*)';
  return db
    .prepare(
      `SELECT ${value} AS value, ${count} AS postings FROM postings p${join}
       WHERE ${where.sql} AND ${value} IS NOT NULL
       GROUP BY ${value} ORDER BY postings DESC, value LIMIT ${Math.max(1, Math.floor(limit))}`,
    )
    .all(where.params) as FacetCount[];
}

interface SalaryRow {
  currency: string;
  annualMid: number;
  fromText: number | null;
  hasSkill: number;
}

/** One point per unique posting in the filter with a salary currency and annualised midpoint. */
export function salaryPoints(db: Database.Database, filter: PostingFilter, skillId?: string): SalaryPoint[] {
  const where = whereClause(filter);
  let hasSkill = '0';
  if (skillId !== undefined) {
    where.params.salarySkill = skillId;
    hasSkill = 'EXISTS (SELECT 1 FROM json_each(p.skill_ids) WHERE value = @salarySkill)';
  }
  const rows = db
    .prepare(
      `SELECT p.salary ->> '$.currency' AS currency, p.salary ->> '$.annualMid' AS annualMid,
         p.salary ->> '$.fromText' AS fromText, ${hasSkill} AS hasSkill
       FROM postings p
       WHERE ${where.sql} AND p.salary IS NOT NULL
         AND p.salary ->> '$.currency' IS NOT NULL AND typeof(p.salary ->> '$.annualMid') IN ('integer', 'real')`,
    )
    .all(where.params) as SalaryRow[];
  return rows
    .map((r) => ({ currency: r.currency, annualMid: r.annualMid, fromText: r.fromText === 1, hasSkill: r.hasSkill === 1 }))
    .sort(compareSalaryPoints);
}
