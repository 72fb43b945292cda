import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredPosting } from '@skillpulse/core';
import { StoreError } from '@skillpulse/core';
import Database from 'better-sqlite3';
import type {
  CrawlRun,
  Interval,
  PeriodSkillCount,
  PeriodTotal,
  PostingFilter,
  PostingInput,
  SkillCount,
  SkillStore,
  StoreInfo,
  UpsertResult,
} from './contract.js';

/** Numbered migrations, applied in order at open; `PRAGMA user_version` records the last one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE postings (
     id TEXT PRIMARY KEY,
     source TEXT NOT NULL,
     url TEXT NOT NULL,
     title TEXT NOT NULL,
     company TEXT,
     locations TEXT NOT NULL,
     country TEXT,
     remote TEXT NOT NULL,
     employment_type TEXT,
     seniority TEXT NOT NULL,
     salary TEXT,
     date_posted TEXT NOT NULL,
     date_inferred INTEGER NOT NULL,
     valid_through TEXT,
     description_text TEXT NOT NULL,
     description_html TEXT,
     content_hash TEXT NOT NULL,
     canonical_id TEXT,
     first_seen TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     expired INTEGER NOT NULL DEFAULT 0,
     taxonomy_version TEXT NOT NULL,
     extractor_version TEXT NOT NULL,
     skills TEXT NOT NULL
   );
   CREATE INDEX postings_date ON postings (date_posted) WHERE canonical_id IS NULL;
   CREATE INDEX postings_hash ON postings (content_hash);
   CREATE TABLE posting_skills (
     posting_id TEXT NOT NULL,
     skill_id TEXT NOT NULL,
     date_posted TEXT NOT NULL,
     is_unique INTEGER NOT NULL,
     PRIMARY KEY (posting_id, skill_id)
   ) WITHOUT ROWID;
   CREATE INDEX posting_skills_skill ON posting_skills (skill_id, date_posted) WHERE is_unique = 1;
   CREATE INDEX posting_skills_date ON posting_skills (date_posted, skill_id) WHERE is_unique = 1;
   CREATE VIRTUAL TABLE postings_fts USING fts5(title, description_text, content='postings', content_rowid='rowid');
   CREATE TRIGGER postings_ai AFTER INSERT ON postings BEGIN
     INSERT INTO postings_fts (rowid, title, description_text) VALUES (new.rowid, new.title, new.description_text);
   END;
   CREATE TRIGGER postings_ad AFTER DELETE ON postings BEGIN
     INSERT INTO postings_fts (postings_fts, rowid, title, description_text) VALUES ('delete', old.rowid, old.title, old.description_text);
   END;
   CREATE TRIGGER postings_au AFTER UPDATE OF title, description_text ON postings BEGIN
     INSERT INTO postings_fts (postings_fts, rowid, title, description_text) VALUES ('delete', old.rowid, old.title, old.description_text);
     INSERT INTO postings_fts (rowid, title, description_text) VALUES (new.rowid, new.title, new.description_text);
   END;
   CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     job TEXT NOT NULL,
     started_at TEXT NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX runs_job ON runs (job, started_at);`,
];

const PERIOD_SQL: Record<Interval, string> = {
  day: 'p.date_posted',
  week: "date(p.date_posted, '-' || ((CAST(strftime('%w', p.date_posted) AS INTEGER) + 6) % 7) || ' days')",
  month: "substr(p.date_posted, 1, 7) || '-01'",
  quarter: "substr(p.date_posted, 1, 5) || printf('%02d', ((CAST(substr(p.date_posted, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'",
  year: "substr(p.date_posted, 1, 4) || '-01-01'",
};

interface PostingRow {
  id: string;
  source: string;
  url: string;
  title: string;
  company: string | null;
  locations: string;
  country: string | null;
  remote: string;
  employment_type: string | null;
  seniority: string;
  salary: string | null;
  date_posted: string;
  date_inferred: number;
  valid_through: string | null;
  description_text: string;
  description_html: string | null;
  content_hash: string;
  canonical_id: string | null;
  first_seen: string;
  last_seen: string;
  expired: number;
  taxonomy_version: string;
  extractor_version: string;
  skills: string;
}

function rowToPosting(row: PostingRow): StoredPosting {
  return {
    id: row.id,
    source: row.source,
    url: row.url,
    title: row.title,
    company: row.company,
    locations: JSON.parse(row.locations) as string[],
    country: row.country,
    remote: row.remote as StoredPosting['remote'],
    employmentType: row.employment_type,
    seniority: row.seniority as StoredPosting['seniority'],
    salary: row.salary ? (JSON.parse(row.salary) as StoredPosting['salary']) : null,
    datePosted: row.date_posted,
    dateInferred: row.date_inferred === 1,
    validThrough: row.valid_through,
    descriptionText: row.description_text,
    descriptionHtml: row.description_html,
    contentHash: row.content_hash,
    canonicalId: row.canonical_id,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    expired: row.expired === 1,
    taxonomyVersion: row.taxonomy_version,
    extractorVersion: row.extractor_version,
    skills: JSON.parse(row.skills) as StoredPosting['skills'],
  };
}

/** WHERE clause and parameters for the posting filters, over the postings table aliased `p`. */
function whereClause(filter: PostingFilter): { sql: string; params: Record<string, string> } {
  const parts = ['p.canonical_id IS NULL'];
  const params: Record<string, string> = {};
  const add = (column: string, key: keyof PostingFilter, op = '=') => {
    const value = filter[key];
    if (typeof value === 'string' && value !== '') {
      parts.push(`${column} ${op} @${key}`);
      params[key] = value;
    }
  };
  add('p.date_posted', 'from', '>=');
  add('p.date_posted', 'to', '<=');
  add('p.source', 'source');
  add('p.company', 'company');
  add('p.country', 'country');
  add('p.remote', 'remote');
  add('p.seniority', 'seniority');
  return { sql: parts.join(' AND '), params };
}

function skillIn(skillIds: readonly string[] | undefined, params: Record<string, string>): string {
  if (!skillIds) return '';
  if (skillIds.length === 0) return ' AND 0';
  const names = skillIds.map((id, i) => {
    params[`skill${i}`] = id;
    return `@skill${i}`;
  });
  return ` AND ps.skill_id IN (${names.join(', ')})`;
}

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:'. */
  path: string;
}

/** The embedded default store: one SQLite file, WAL so the API reads while a crawl writes. */
export class SqliteStore implements SkillStore {
  readonly backend = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(options: SqliteStoreOptions) {
    try {
      if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
      this.db = new Database(options.path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (cause) {
      throw new StoreError(`cannot open SQLite store at ${options.path}: ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_STORE_OPEN',
      });
    }
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`schema version ${current} is newer than this SkillPulse knows (${MIGRATIONS.length}); upgrade SkillPulse`);
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version] as string);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  async upsertPostings(postings: readonly PostingInput[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    const select = this.db.prepare<
      [string],
      { content_hash: string; extractor_version: string; taxonomy_version: string; canonical_id: string | null }
    >('SELECT content_hash, extractor_version, taxonomy_version, canonical_id FROM postings WHERE id = ?');
    const insert = this.db.prepare(
      `INSERT INTO postings (id, source, url, title, company, locations, country, remote, employment_type, seniority, salary,
         date_posted, date_inferred, valid_through, description_text, description_html, content_hash, canonical_id,
         first_seen, last_seen, expired, taxonomy_version, extractor_version, skills)
       VALUES (@id, @source, @url, @title, @company, @locations, @country, @remote, @employmentType, @seniority, @salary,
         @datePosted, @dateInferred, @validThrough, @descriptionText, @descriptionHtml, @contentHash, @canonicalId,
         @seenAt, @seenAt, 0, @taxonomyVersion, @extractorVersion, @skills)
       ON CONFLICT (id) DO UPDATE SET source = excluded.source, url = excluded.url, title = excluded.title,
         company = excluded.company, locations = excluded.locations, country = excluded.country, remote = excluded.remote,
         employment_type = excluded.employment_type, seniority = excluded.seniority, salary = excluded.salary,
         date_posted = excluded.date_posted, date_inferred = excluded.date_inferred, valid_through = excluded.valid_through,
         description_text = excluded.description_text, description_html = excluded.description_html,
         content_hash = excluded.content_hash, canonical_id = excluded.canonical_id, last_seen = excluded.last_seen,
         expired = 0, taxonomy_version = excluded.taxonomy_version, extractor_version = excluded.extractor_version,
         skills = excluded.skills`,
    );
    const touch = this.db.prepare('UPDATE postings SET last_seen = ?, expired = 0 WHERE id = ?');
    const deleteSkills = this.db.prepare('DELETE FROM posting_skills WHERE posting_id = ?');
    const insertSkill = this.db.prepare('INSERT INTO posting_skills (posting_id, skill_id, date_posted, is_unique) VALUES (?, ?, ?, ?)');
    const write = this.db.transaction((batch: readonly PostingInput[]) => {
      for (const posting of batch) {
        const existing = select.get(posting.id);
        if (
          existing &&
          existing.content_hash === posting.contentHash &&
          existing.extractor_version === posting.extractorVersion &&
          existing.taxonomy_version === posting.taxonomyVersion &&
          existing.canonical_id === posting.canonicalId
        ) {
          touch.run(posting.seenAt, posting.id);
          result.unchanged++;
          continue;
        }
        insert.run({
          ...posting,
          locations: JSON.stringify(posting.locations),
          salary: posting.salary ? JSON.stringify(posting.salary) : null,
          dateInferred: posting.dateInferred ? 1 : 0,
          skills: JSON.stringify(posting.skills),
        });
        deleteSkills.run(posting.id);
        const isUnique = posting.canonicalId === null ? 1 : 0;
        for (const skill of posting.skills) insertSkill.run(posting.id, skill.skillId, posting.datePosted, isUnique);
        if (existing) result.updated++;
        else result.inserted++;
      }
    });
    try {
      write(postings);
    } catch (cause) {
      throw new StoreError(`batch of ${postings.length} postings not stored (nothing of it was written): ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_STORE_WRITE',
      });
    }
    return result;
  }

  async getPosting(id: string): Promise<StoredPosting | null> {
    const row = this.db.prepare<[string], PostingRow>('SELECT * FROM postings WHERE id = ?').get(id);
    return row ? rowToPosting(row) : null;
  }

  async getContentHashes(ids: readonly string[]): Promise<Map<string, string>> {
    const select = this.db.prepare<[string], { content_hash: string }>('SELECT content_hash FROM postings WHERE id = ?');
    const hashes = new Map<string, string>();
    for (const id of ids) {
      const row = select.get(id);
      if (row) hashes.set(id, row.content_hash);
    }
    return hashes;
  }

  async markExpired(ids: readonly string[]): Promise<number> {
    const update = this.db.prepare('UPDATE postings SET expired = 1 WHERE id = ? AND expired = 0');
    return this.db.transaction(() => ids.reduce((n, id) => n + update.run(id).changes, 0))();
  }

  async countPostings(filter: PostingFilter): Promise<number> {
    const where = whereClause(filter);
    const row = this.db.prepare(`SELECT count(*) AS n FROM postings p WHERE ${where.sql}`).get(where.params) as { n: number };
    return row.n;
  }

  async skillCounts(filter: PostingFilter, limit = 50): Promise<SkillCount[]> {
    const where = whereClause(filter);
    const skills = skillIn(filter.skillIds, where.params);
    return this.db
      .prepare(
        `SELECT ps.skill_id AS skillId, count(*) AS postings
         FROM posting_skills ps JOIN postings p ON p.id = ps.posting_id
         WHERE ps.is_unique = 1 AND ${where.sql}${skills}
         GROUP BY ps.skill_id ORDER BY postings DESC, ps.skill_id LIMIT ${Math.max(1, Math.floor(limit))}`,
      )
      .all(where.params) as SkillCount[];
  }

  async periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]> {
    const where = whereClause(filter);
    return this.db
      .prepare(
        `SELECT ${PERIOD_SQL[interval]} AS period, count(*) AS postings FROM postings p WHERE ${where.sql} GROUP BY period ORDER BY period`,
      )
      .all(where.params) as PeriodTotal[];
  }

  async periodSkillCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<PeriodSkillCount[]> {
    const where = whereClause(filter);
    const skills = skillIn(skillIds, where.params);
    return this.db
      .prepare(
        `SELECT ${PERIOD_SQL[interval]} AS period, ps.skill_id AS skillId, count(*) AS postings
         FROM posting_skills ps JOIN postings p ON p.id = ps.posting_id
         WHERE ps.is_unique = 1 AND ${where.sql}${skills}
         GROUP BY period, ps.skill_id ORDER BY period, ps.skill_id`,
      )
      .all(where.params) as PeriodSkillCount[];
  }

  async *iteratePostings(filter: PostingFilter = {}): AsyncIterable<StoredPosting> {
    const where = whereClause(filter);
    // Duplicates are postings too: drop the unique-only condition whereClause starts with.
    const sql = where.sql.replace(/^p\.canonical_id IS NULL( AND )?/, '') || '1';
    // better-sqlite3 cannot run other statements while an iterator is open on the same connection,
    // so read in keyset pages rather than one long cursor.
    let after = '';
    for (;;) {
      const rows = this.db
        .prepare(`SELECT * FROM postings p WHERE (${sql}) AND p.id > @after ORDER BY p.id LIMIT 500`)
        .all({ ...where.params, after }) as PostingRow[];
      for (const row of rows) yield rowToPosting(row);
      if (rows.length < 500) return;
      after = (rows[rows.length - 1] as PostingRow).id;
    }
  }

  async saveRun(run: CrawlRun): Promise<void> {
    this.db
      .prepare('INSERT INTO runs (id, job, started_at, body) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body')
      .run(run.id, run.job, run.startedAt, JSON.stringify(run));
  }

  async listRuns(job?: string, limit = 50): Promise<CrawlRun[]> {
    const rows = (
      job
        ? this.db.prepare('SELECT body FROM runs WHERE job = ? ORDER BY started_at DESC LIMIT ?').all(job, limit)
        : this.db.prepare('SELECT body FROM runs ORDER BY started_at DESC LIMIT ?').all(limit)
    ) as Array<{ body: string }>;
    return rows.map((row) => JSON.parse(row.body) as CrawlRun);
  }

  async info(): Promise<StoreInfo> {
    const counts = this.db.prepare('SELECT count(*) AS total, sum(canonical_id IS NULL) AS uniq FROM postings').get() as {
      total: number;
      uniq: number | null;
    };
    const versions = (column: string) =>
      (this.db.prepare(`SELECT DISTINCT ${column} AS v FROM postings ORDER BY v`).all() as Array<{ v: string }>).map((r) => r.v);
    return {
      backend: 'sqlite',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      postings: counts.total,
      uniquePostings: counts.uniq ?? 0,
      taxonomyVersions: versions('taxonomy_version'),
      extractorVersions: versions('extractor_version'),
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
