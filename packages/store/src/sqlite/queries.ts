import type Database from 'better-sqlite3';
import type {
  Interval,
  PeriodSkillCount,
  PeriodTotal,
  PostingFilter,
  SearchQuery,
  SearchResult,
  SkillCount,
  StoreInfo,
} from '../contract.js';
import { searchWords, validateSearch } from '../shared.js';
import { type PostingRow, rowToPosting } from './rows.js';
import { periodSql, skillIn, whereClause } from './where.js';

/**
 * The analytics queries that scan the postings table: every filter other than dates and skills
 * (which the rollups answer) comes here. SQL text varies with the filter, so nothing is cached.
 */

export function scanCount(db: Database.Database, filter: PostingFilter): number {
  const where = whereClause(filter);
  return (db.prepare(`SELECT count(*) AS n FROM postings p WHERE ${where.sql}`).get(where.params) as { n: number }).n;
}

export function scanSkillCounts(db: Database.Database, filter: PostingFilter, limit: number): SkillCount[] {
  const top = `ORDER BY postings DESC, skillId LIMIT ${Math.max(1, Math.floor(limit))}`;
  const where = whereClause(filter);
  const skills = skillIn('s.value', filter.skillIds, where.params);
  return db
    .prepare(
      `SELECT s.value AS skillId, count(*) AS postings
       FROM postings p, json_each(p.skill_ids) s
       WHERE ${where.sql}${skills}
       GROUP BY s.value ${top}`,
    )
    .all(where.params) as SkillCount[];
}

export function scanPeriodTotals(db: Database.Database, filter: PostingFilter, interval: Interval): PeriodTotal[] {
  const where = whereClause(filter);
  return db
    .prepare(
      `SELECT ${periodSql(interval, 'p.date_posted')} AS period, count(*) AS postings FROM postings p WHERE ${where.sql} GROUP BY period ORDER BY period`,
    )
    .all(where.params) as PeriodTotal[];
}

export function scanPeriodSkillCounts(
  db: Database.Database,
  filter: PostingFilter,
  interval: Interval,
  skillIds: readonly string[],
): PeriodSkillCount[] {
  const where = whereClause(filter);
  const skills = skillIn('s.value', skillIds, where.params);
  return db
    .prepare(
      `SELECT ${periodSql(interval, 'p.date_posted')} AS period, s.value AS skillId, count(*) AS postings
       FROM postings p, json_each(p.skill_ids) s
       WHERE ${where.sql}${skills}
       GROUP BY period, s.value ORDER BY period, s.value`,
    )
    .all(where.params) as PeriodSkillCount[];
}

export function searchPostings(db: Database.Database, query: SearchQuery): SearchResult {
  validateSearch(query);
  const where = whereClause(query.filter);
  const words = searchWords(query.text);
  let from = 'postings p';
  if (words.length > 0) {
    from = 'postings_fts f JOIN postings p ON p.rowid = f.rowid';
    where.sql += ' AND postings_fts MATCH @match';
    where.params.match = words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
  }
  const total = (db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where.sql}`).get(where.params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT p.* FROM ${from} WHERE ${where.sql} ORDER BY p.date_posted DESC, p.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    )
    .all(where.params) as PostingRow[];
  return { total, postings: rows.map(rowToPosting) };
}

/** One keyset page (500 rows, ids after `after`) of the postings matching a filter, duplicates included. */
export function postingsPage(db: Database.Database, filter: PostingFilter, after: string): PostingRow[] {
  const where = whereClause(filter, false);
  return db
    .prepare(`SELECT * FROM postings p WHERE ${where.sql} AND p.id > @after ORDER BY p.id LIMIT 500`)
    .all({ ...where.params, after }) as PostingRow[];
}

/** What `skillpulse info` shows: counts and the versions the postings were extracted with. */
export function storeInfo(db: Database.Database): StoreInfo {
  const counts = db.prepare('SELECT count(*) AS total, sum(canonical_id IS NULL) AS uniq FROM postings').get() as {
    total: number;
    uniq: number | null;
  };
  const versions = (column: string) =>
    (db.prepare(`SELECT DISTINCT ${column} AS v FROM postings ORDER BY v`).all() as Array<{ v: string }>).map((r) => r.v);
  return {
    backend: 'sqlite',
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    postings: counts.total,
    uniquePostings: counts.uniq ?? 0,
    taxonomyVersions: versions('taxonomy_version'),
    extractorVersions: versions('extractor_version'),
  };
}
