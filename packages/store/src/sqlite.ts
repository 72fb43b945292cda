import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredPosting } from '@skillpulse/core';
import { StoreError } from '@skillpulse/core';
import Database from 'better-sqlite3';
import type {
  CanonicalLink,
  CooccurrenceResult,
  CrawlRun,
  Facet,
  FacetCount,
  Interval,
  PeriodSkillCount,
  PeriodTotal,
  PostingFilter,
  PostingInput,
  RewriteOptions,
  RewriteResult,
  SearchQuery,
  SearchResult,
  SkillCount,
  SkillStore,
  StoreInfo,
  TrendCounts,
  UpsertResult,
} from './contract.js';
import { foldKey, isDateOnlyFilter, searchWords, toStored, validateSearch } from './shared.js';
import { checkOnOpen, createAtomically, damagedError, headerProblem } from './sqlite-integrity.js';
import { contribute, ROLLUP_TABLES, type RollupDeltas, SqliteRollups } from './sqlite-rollups.js';

/** Numbered migrations, applied in order at open; `PRAGMA user_version` records the last one. */
const MIGRATIONS: ReadonlyArray<string | ((db: Database.Database) => void)> = [
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
  // 2: case-insensitive company/location filters, duplicate lookups, and rollups so trend queries
  // over a million postings read thousands of rows instead of millions. Date-and-skill queries read
  // the rollups, so the posting_skills table goes (15 index rows per posting were half of ingest
  // time); filtered queries read a JSON array of skill ids instead. Search needs only word
  // presence, so the full-text index keeps no positions (detail=none).
  `ALTER TABLE postings ADD COLUMN company_key TEXT;
   ALTER TABLE postings ADD COLUMN locations_key TEXT NOT NULL DEFAULT '[]';
   UPDATE postings SET company_key = lower(company), locations_key = lower(locations);
   CREATE INDEX postings_company ON postings (company_key);
   DROP INDEX postings_hash;
   DROP TABLE postings_fts;
   CREATE VIRTUAL TABLE postings_fts USING fts5(title, description_text, content='postings', content_rowid='rowid', detail='none');
   INSERT INTO postings_fts (postings_fts) VALUES ('rebuild');
   CREATE INDEX postings_canonical ON postings (canonical_id) WHERE canonical_id IS NOT NULL;
   CREATE TABLE rollup_day (skill_id TEXT NOT NULL, day TEXT NOT NULL, postings INTEGER NOT NULL, PRIMARY KEY (skill_id, day)) WITHOUT ROWID;
   CREATE TABLE rollup_month (skill_id TEXT NOT NULL, month TEXT NOT NULL, postings INTEGER NOT NULL, PRIMARY KEY (skill_id, month)) WITHOUT ROWID;
   INSERT INTO rollup_day SELECT skill_id, date_posted, count(*) FROM posting_skills WHERE is_unique = 1 GROUP BY 1, 2;
   ALTER TABLE postings ADD COLUMN skill_ids TEXT NOT NULL DEFAULT '[]';
   UPDATE postings SET skill_ids = (SELECT json_group_array(value ->> 'skillId') FROM json_each(postings.skills));
   DROP TABLE posting_skills;
   INSERT INTO rollup_day SELECT '', date_posted, count(*) FROM postings WHERE canonical_id IS NULL GROUP BY 2;
   INSERT INTO rollup_month SELECT skill_id, substr(day, 1, 7) || '-01', sum(postings) FROM rollup_day GROUP BY 1, 2;`,
  // 3: rollups as one vector of skill counts per day and month (see sqlite-rollups.ts): at a million
  // postings over three years the (skill, day) rows took 15 B-tree upserts per posting.
  (db) => {
    db.exec(`DROP TABLE rollup_day; DROP TABLE rollup_month; ${ROLLUP_TABLES}`);
    new SqliteRollups(db).rebuild();
  },
  // 4: locks shared by every process on the file (scheduled jobs run once at a time).
  'CREATE TABLE locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);',
];

/** Applies the migrations this file lacks, each in its own transaction. */
function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`schema version ${current} is newer than this SkillPulse knows (${MIGRATIONS.length}); upgrade SkillPulse`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    const migration = MIGRATIONS[version] as string | ((db: Database.Database) => void);
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** SQL for the start of the period a date column falls in (ISO weeks start on Monday). */
function periodSql(interval: Interval, column: string): string {
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
  company_key: string | null;
  locations_key: string;
  skill_ids: string;
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
function whereClause(filter: PostingFilter, uniqueOnly = true): { sql: string; params: Record<string, string> } {
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
function skillIn(column: string, skillIds: readonly string[] | undefined, params: Record<string, string>): string {
  if (!skillIds) return '';
  if (skillIds.length === 0) return ' AND 0';
  const names = skillIds.map((id, i) => {
    params[`skill${i}`] = id;
    return `@skill${i}`;
  });
  return ` AND ${column} IN (${names.join(', ')})`;
}

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:'. */
  path: string;
}

/** The embedded default store: one SQLite file, WAL so the API reads while a crawl writes. */
export class SqliteStore implements SkillStore {
  readonly backend = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements: ReturnType<SqliteStore['prepareWrites']>;
  private readonly rollups: SqliteRollups;
  /** Write transactions of this connection; `PRAGMA data_version` only moves for other connections' commits. */
  private writes = 0;
  /** Statements of fixed SQL text, prepared once: preparing one costs more than running it. */
  private readonly preparedStatements = new Map<string, Database.Statement>();

  constructor(options: SqliteStoreOptions) {
    const { path } = options;
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') {
        mkdirSync(dirname(path), { recursive: true });
        // An existing file must be a sound SQLite database: an empty or foreign file is never made a new, empty store.
        if (existsSync(path)) {
          const problem = headerProblem(path);
          if (problem) throw damagedError(path, problem);
        } else {
          createAtomically(path, (fresh) => {
            fresh.pragma('journal_mode = WAL');
            migrate(fresh);
          });
        }
      }
      db = new Database(path);
      if (path !== ':memory:') checkOnOpen(db, path, statSync(path).size);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // Index and rollup pages are written all over the file during ingest; a 256 MB page cache keeps them in memory.
      db.pragma('cache_size = -262144');
      migrate(db);
      this.db = db;
      this.statements = this.prepareWrites();
      this.rollups = new SqliteRollups(this.db);
    } catch (cause) {
      if (db?.open) db.close();
      if (cause instanceof StoreError) throw cause;
      const code = (cause as { code?: string }).code;
      if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') throw damagedError(path, (cause as Error).message, cause);
      throw new StoreError(`cannot open SQLite store at ${path}: ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_STORE_OPEN',
      });
    }
  }

  private prepared<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.preparedStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.preparedStatements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  private prepareWrites() {
    return {
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
      select: this.db.prepare<
        [string],
        Pick<
          PostingRow,
          'content_hash' | 'extractor_version' | 'taxonomy_version' | 'canonical_id' | 'date_posted' | 'skill_ids' | 'first_seen'
        >
      >(
        'SELECT content_hash, extractor_version, taxonomy_version, canonical_id, date_posted, skill_ids, first_seen FROM postings WHERE id = ?',
      ),
      write: this.prepared(
        `INSERT INTO postings (id, source, url, title, company, locations, country, remote, employment_type, seniority, salary,
           date_posted, date_inferred, valid_through, description_text, description_html, content_hash, canonical_id,
           first_seen, last_seen, expired, taxonomy_version, extractor_version, skills, company_key, locations_key, skill_ids)
         VALUES (@id, @source, @url, @title, @company, @locations, @country, @remote, @employmentType, @seniority, @salary,
           @datePosted, @dateInferred, @validThrough, @descriptionText, @descriptionHtml, @contentHash, @canonicalId,
           @firstSeen, @lastSeen, @expired, @taxonomyVersion, @extractorVersion, @skills, @companyKey, @locationsKey, @skillIds)
         ON CONFLICT (id) DO UPDATE SET source = excluded.source, url = excluded.url, title = excluded.title,
           company = excluded.company, locations = excluded.locations, country = excluded.country, remote = excluded.remote,
           employment_type = excluded.employment_type, seniority = excluded.seniority, salary = excluded.salary,
           date_posted = excluded.date_posted, date_inferred = excluded.date_inferred, valid_through = excluded.valid_through,
           description_text = excluded.description_text, description_html = excluded.description_html,
           content_hash = excluded.content_hash, canonical_id = excluded.canonical_id, first_seen = excluded.first_seen,
           last_seen = excluded.last_seen, expired = excluded.expired, taxonomy_version = excluded.taxonomy_version,
           extractor_version = excluded.extractor_version, skills = excluded.skills, company_key = excluded.company_key,
           locations_key = excluded.locations_key, skill_ids = excluded.skill_ids`,
      ),
      touch: this.prepared('UPDATE postings SET last_seen = ?, expired = 0 WHERE id = ?'),
    };
  }

  /** Writes a whole posting (insert or replace), keeping the rollups in step. */
  private writePosting(
    posting: StoredPosting,
    previous: { canonical_id: string | null; date_posted: string; skill_ids: string } | undefined,
    deltas: RollupDeltas,
  ): void {
    const { write } = this.statements;
    if (previous && previous.canonical_id === null) {
      contribute(deltas, previous.date_posted, JSON.parse(previous.skill_ids) as string[], -1);
    }
    write.run({
      ...posting,
      locations: JSON.stringify(posting.locations),
      salary: posting.salary ? JSON.stringify(posting.salary) : null,
      dateInferred: posting.dateInferred ? 1 : 0,
      expired: posting.expired ? 1 : 0,
      skills: JSON.stringify(posting.skills),
      companyKey: posting.company === null ? null : foldKey(posting.company),
      locationsKey: JSON.stringify(posting.locations.map(foldKey)),
      skillIds: JSON.stringify(posting.skills.map((s) => s.skillId)),
    });
    if (posting.canonicalId === null) {
      contribute(
        deltas,
        posting.datePosted,
        posting.skills.map((s) => s.skillId),
        1,
      );
    }
  }

  /** Runs a write in one transaction: a failure leaves nothing of it behind. */
  private inTransaction<T>(what: string, work: (deltas: RollupDeltas) => T): T {
    this.writes++;
    try {
      // IMMEDIATE takes the write lock first, so the skill numbering read inside is not stale.
      return this.db
        .transaction(() => {
          const deltas: RollupDeltas = new Map();
          const result = work(deltas);
          this.rollups.apply(deltas);
          return result;
        })
        .immediate();
    } catch (cause) {
      this.rollups.reloadKeys();
      throw new StoreError(`${what} not stored (nothing of it was written): ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_STORE_WRITE',
      });
    }
  }

  async upsertPostings(postings: readonly PostingInput[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    this.inTransaction(`batch of ${postings.length} postings`, (deltas) => {
      for (const posting of postings) {
        const existing = this.statements.select.get(posting.id);
        if (
          existing &&
          existing.content_hash === posting.contentHash &&
          existing.extractor_version === posting.extractorVersion &&
          existing.taxonomy_version === posting.taxonomyVersion &&
          existing.canonical_id === posting.canonicalId
        ) {
          this.statements.touch.run(posting.seenAt, posting.id);
          result.unchanged++;
          continue;
        }
        this.writePosting(toStored(posting, existing?.first_seen), existing, deltas);
        if (existing) result.updated++;
        else result.inserted++;
      }
    });
    return result;
  }

  async getPosting(id: string): Promise<StoredPosting | null> {
    const row = this.prepared<[string], PostingRow>('SELECT * FROM postings WHERE id = ?').get(id);
    return row ? rowToPosting(row) : null;
  }

  async getContentHashes(ids: readonly string[]): Promise<Map<string, string>> {
    const select = this.prepared<[string], { content_hash: string }>('SELECT content_hash FROM postings WHERE id = ?');
    const hashes = new Map<string, string>();
    for (const id of ids) {
      const row = select.get(id);
      if (row) hashes.set(id, row.content_hash);
    }
    return hashes;
  }

  async touchPostings(ids: readonly string[], seenAt: string): Promise<number> {
    return this.inTransaction('last-seen update', () => ids.reduce((n, id) => n + this.statements.touch.run(seenAt, id).changes, 0));
  }

  async markExpired(ids: readonly string[]): Promise<number> {
    const update = this.prepared('UPDATE postings SET expired = 1 WHERE id = ? AND expired = 0');
    return this.inTransaction('expiry', () => ids.reduce((n, id) => n + update.run(id).changes, 0));
  }

  async setCanonical(links: readonly CanonicalLink[]): Promise<number> {
    const select = this.prepared<[string], PostingRow>('SELECT * FROM postings WHERE id = ?');
    return this.inTransaction('canonical links', (deltas) => {
      let changed = 0;
      for (const link of links) {
        const row = select.get(link.id);
        if (!row || row.canonical_id === link.canonicalId) continue;
        if (link.canonicalId === link.id) throw new Error(`posting ${link.id} cannot be its own canonical posting`);
        this.writePosting({ ...rowToPosting(row), canonicalId: link.canonicalId }, row, deltas);
        changed++;
      }
      return changed;
    });
  }

  async duplicatesOf(canonicalId: string): Promise<string[]> {
    const rows = this.prepared('SELECT id FROM postings WHERE canonical_id = ? ORDER BY id').all(canonicalId) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async countPostings(filter: PostingFilter): Promise<number> {
    if (isDateOnlyFilter(filter)) return this.rollups.countPostings(filter);
    const where = whereClause(filter);
    const row = this.db.prepare(`SELECT count(*) AS n FROM postings p WHERE ${where.sql}`).get(where.params) as { n: number };
    return row.n;
  }

  async skillCounts(filter: PostingFilter, limit = 50): Promise<SkillCount[]> {
    if (isDateOnlyFilter(filter)) return this.rollups.skillCounts(filter, limit);
    const top = `ORDER BY postings DESC, skillId LIMIT ${Math.max(1, Math.floor(limit))}`;
    const where = whereClause(filter);
    const skills = skillIn('s.value', filter.skillIds, where.params);
    return this.db
      .prepare(
        `SELECT s.value AS skillId, count(*) AS postings
         FROM postings p, json_each(p.skill_ids) s
         WHERE ${where.sql}${skills}
         GROUP BY s.value ${top}`,
      )
      .all(where.params) as SkillCount[];
  }

  async periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]> {
    if (isDateOnlyFilter(filter)) return this.rollups.periodTotals(filter, interval);
    const where = whereClause(filter);
    return this.db
      .prepare(
        `SELECT ${periodSql(interval, 'p.date_posted')} AS period, count(*) AS postings FROM postings p WHERE ${where.sql} GROUP BY period ORDER BY period`,
      )
      .all(where.params) as PeriodTotal[];
  }

  async periodSkillCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<PeriodSkillCount[]> {
    if (isDateOnlyFilter(filter)) return this.rollups.periodSkillCounts(filter, interval, skillIds);
    const where = whereClause(filter);
    const skills = skillIn('s.value', skillIds, where.params);
    return this.db
      .prepare(
        `SELECT ${periodSql(interval, 'p.date_posted')} AS period, s.value AS skillId, count(*) AS postings
         FROM postings p, json_each(p.skill_ids) s
         WHERE ${where.sql}${skills}
         GROUP BY period, s.value ORDER BY period, s.value`,
      )
      .all(where.params) as PeriodSkillCount[];
  }

  async trendCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<TrendCounts> {
    if (isDateOnlyFilter(filter)) return this.rollups.trendCounts(filter, interval, skillIds);
    return { totals: await this.periodTotals(filter, interval), counts: await this.periodSkillCounts(filter, interval, skillIds) };
  }

  async cooccurrence(filter: PostingFilter, skillId: string, limit = 50): Promise<CooccurrenceResult> {
    const withSkill = { ...filter, hasSkills: [...(filter.hasSkills ?? []), skillId] };
    const postings = await this.countPostings(withSkill);
    const skills = (await this.skillCounts(withSkill, limit + 1)).filter((s) => s.skillId !== skillId).slice(0, limit);
    return { postings, skills };
  }

  async facetCounts(filter: PostingFilter, facet: Facet, limit = 50): Promise<FacetCount[]> {
    const where = whereClause(filter);
    const top = `ORDER BY postings DESC, value LIMIT ${Math.max(1, Math.floor(limit))}`;
    const sql =
      facet === 'location'
        ? `SELECT l.value AS value, count(*) AS postings FROM postings p, json_each(p.locations) l WHERE ${where.sql} GROUP BY l.value ${top}`
        : `SELECT p.${facet} AS value, count(*) AS postings FROM postings p WHERE ${where.sql} AND p.${facet} IS NOT NULL GROUP BY p.${facet} ${top}`;
    return this.db.prepare(sql).all(where.params) as FacetCount[];
  }

  async searchPostings(query: SearchQuery): Promise<SearchResult> {
    validateSearch(query);
    const where = whereClause(query.filter);
    const words = searchWords(query.text);
    let from = 'postings p';
    if (words.length > 0) {
      from = 'postings_fts f JOIN postings p ON p.rowid = f.rowid';
      where.sql += ' AND postings_fts MATCH @match';
      where.params.match = words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
    }
    const total = (this.db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where.sql}`).get(where.params) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT p.* FROM ${from} WHERE ${where.sql} ORDER BY p.date_posted DESC, p.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      )
      .all(where.params) as PostingRow[];
    return { total, postings: rows.map(rowToPosting) };
  }

  async rewritePostings(options: RewriteOptions): Promise<RewriteResult> {
    const total = (this.prepared('SELECT count(*) AS n FROM postings').get() as { n: number }).n;
    const progress = { done: 0, total, rewritten: 0 };
    const select = this.prepared<[string], PostingRow>('SELECT * FROM postings WHERE id = ?');
    // Postings already at the current versions are skipped, so a killed re-index simply resumes.
    let after = '';
    for (;;) {
      const rows = this.prepared('SELECT * FROM postings WHERE id > ? ORDER BY id LIMIT 500').all(after) as PostingRow[];
      if (rows.length === 0) break;
      after = (rows[rows.length - 1] as PostingRow).id;
      const stale = rows.map(rowToPosting).filter((p) => !options.isCurrent(p));
      if (stale.length > 0) {
        const rewritten = await options.rewrite(stale);
        this.inTransaction(`re-extraction of ${rewritten.length} postings`, (deltas) => {
          for (const posting of rewritten) this.writePosting(posting, select.get(posting.id), deltas);
        });
        progress.rewritten += rewritten.length;
      }
      progress.done += rows.length;
      options.onProgress?.({ ...progress });
    }
    return { ...progress, resumed: progress.rewritten > 0 && progress.rewritten < total };
  }

  async *iteratePostings(filter: PostingFilter = {}): AsyncIterable<StoredPosting> {
    const where = whereClause(filter, false);
    // better-sqlite3 cannot run other statements while an iterator is open on the same connection,
    // so read in keyset pages rather than one long cursor.
    let after = '';
    for (;;) {
      const rows = this.db
        .prepare(`SELECT * FROM postings p WHERE ${where.sql} AND p.id > @after ORDER BY p.id LIMIT 500`)
        .all({ ...where.params, after }) as PostingRow[];
      for (const row of rows) yield rowToPosting(row);
      if (rows.length < 500) return;
      after = (rows[rows.length - 1] as PostingRow).id;
    }
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    // IMMEDIATE: the read and the write happen under the write lock, so two processes cannot both win.
    return this.db
      .transaction(() => {
        const held = this.db
          .prepare<[string], { owner: string; expires_at: number }>('SELECT owner, expires_at FROM locks WHERE name = ?')
          .get(name);
        if (held && held.owner !== owner && held.expires_at > now) return false;
        this.db
          .prepare(
            'INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
          )
          .run(name, owner, now + ttlMs);
        return true;
      })
      .immediate();
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    this.prepared('DELETE FROM locks WHERE name = ? AND owner = ?').run(name, owner);
  }

  async saveRun(run: CrawlRun): Promise<void> {
    this.writes++;
    this.prepared(
      'INSERT INTO runs (id, job, started_at, body) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
    ).run(run.id, run.job, run.startedAt, JSON.stringify(run));
  }

  async listRuns(job?: string, limit = 50): Promise<CrawlRun[]> {
    const rows = (
      job
        ? this.prepared('SELECT body FROM runs WHERE job = ? ORDER BY started_at DESC LIMIT ?').all(job, limit)
        : this.prepared('SELECT body FROM runs ORDER BY started_at DESC LIMIT ?').all(limit)
    ) as Array<{ body: string }>;
    return rows.map((row) => JSON.parse(row.body) as CrawlRun);
  }

  async info(): Promise<StoreInfo> {
    const counts = this.prepared('SELECT count(*) AS total, sum(canonical_id IS NULL) AS uniq FROM postings').get() as {
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

  async dataVersion(): Promise<string> {
    return `${this.statements.dataVersion.get()}.${this.writes}`;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
