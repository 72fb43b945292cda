import type Database from 'better-sqlite3';
import type { CrawlRun } from '../contract.js';
import { readRun } from '../run-record.js';
import { ROLLUP_TABLES, SqliteRollups } from './rollups.js';

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
  // 3: rollups as one vector of skill counts per day and month (see rollups.ts): at a million
  // postings over three years the (skill, day) rows took 15 B-tree upserts per posting.
  (db) => {
    db.exec(`DROP TABLE rollup_day; DROP TABLE rollup_month; ${ROLLUP_TABLES}`);
    new SqliteRollups(db).rebuild();
  },
  // 4: locks shared by every process on the file (scheduled jobs run once at a time).
  'CREATE TABLE locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);',
  // 5 (issue 20): role and place as JSON (null = not derived; existing rows stay null until a
  // re-index derives them), with the role id and the case-folded place lists the filters read.
  `ALTER TABLE postings ADD COLUMN role TEXT;
   ALTER TABLE postings ADD COLUMN place TEXT;
   ALTER TABLE postings ADD COLUMN role_id TEXT;
   ALTER TABLE postings ADD COLUMN cities_key TEXT NOT NULL DEFAULT '[]';
   ALTER TABLE postings ADD COLUMN regions_key TEXT NOT NULL DEFAULT '[]';
   ALTER TABLE postings ADD COLUMN metros_key TEXT NOT NULL DEFAULT '[]';
   CREATE INDEX postings_role ON postings (role_id) WHERE canonical_id IS NULL;`,
  // 6 (issue 21): when the store first stored each posting (ms since the epoch), so a report can be
  // pinned to a data version (`asOf`). Rows stored before have 0: inside every pin.
  (db) => {
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('postings') as string[];
    if (!columns.includes('stored_at')) db.exec('ALTER TABLE postings ADD COLUMN stored_at INTEGER NOT NULL DEFAULT 0');
    db.exec('CREATE INDEX IF NOT EXISTS postings_stored_at ON postings (stored_at)');
  },
  // 7 (issue 21): import runs keep their file (name, bytes, SHA-256) and rejected rows in fields of
  // their own; those recorded before named the file in their first error: rewritten to the new shape.
  (db) => {
    const update = db.prepare<[string, string]>('UPDATE runs SET body = ? WHERE id = ?');
    const rows = db.prepare<[], { id: string; body: string }>("SELECT id, body FROM runs WHERE job LIKE 'import:%'").all();
    for (const row of rows) {
      const run = JSON.parse(row.body) as CrawlRun;
      const read = readRun(run);
      if (read !== run) update.run(JSON.stringify(read), row.id);
    }
  },
];

/**
 * Applies the migrations this file lacks, each in its own transaction. `upTo` stops at an older
 * version: tests use it to write a file as an older SkillPulse did.
 */
export function migrate(db: Database.Database, upTo: number = MIGRATIONS.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`schema version ${current} is newer than this SkillPulse knows (${MIGRATIONS.length}); upgrade SkillPulse`);
  }
  for (let version = current; version < Math.min(upTo, MIGRATIONS.length); version++) {
    const migration = MIGRATIONS[version] as string | ((db: Database.Database) => void);
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
