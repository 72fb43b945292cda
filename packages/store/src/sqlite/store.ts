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
  PeriodTotal,
  PostingFilter,
  PostingInput,
  RewriteOptions,
  RewriteResult,
  SalaryPoint,
  SearchQuery,
  SearchResult,
  SkillCount,
  SkillStore,
  StoreInfo,
  TrendCounts,
  UpsertResult,
} from '../contract.js';
import { foldKey, isDateOnlyFilter, pinnedVersion, toStored } from '../shared.js';
import { composeWindowSkillCounts } from '../window.js';
import * as dimensions from './dimensions.js';
import { checkOnOpen, createAtomically, damagedError, damagedWhileOpen, headerProblem, isCorruption } from './integrity.js';
import { migrate } from './migrations.js';
import * as queries from './queries.js';
import { contribute, type RollupDeltas, SqliteRollups } from './rollups.js';
import { dimensionColumns, type PostingRow, rowToPosting, sameDimensions, WRITE_POSTING_SQL } from './rows.js';
import { SqliteRuns } from './runs.js';

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
  private readonly runs: SqliteRuns;
  /** Write transactions of this connection; `PRAGMA data_version` only moves for other connections' commits. */
  private writes = 0;
  /** Statements of fixed SQL text, prepared once: preparing one costs more than running it. */
  private readonly preparedStatements = new Map<string, Database.Statement>();
  private readonly path: string;

  constructor(options: SqliteStoreOptions) {
    const { path } = options;
    this.path = path;
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
      this.runs = new SqliteRuns(this.db);
    } catch (cause) {
      if (db?.open) db.close();
      if (cause instanceof StoreError) throw cause;
      if (isCorruption(cause)) throw damagedError(path, (cause as Error).message, cause);
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
      newestStoredAt: this.db.prepare<[], number>('SELECT coalesce(max(stored_at), 0) FROM postings').pluck(),
      select: this.db.prepare<
        [string],
        Pick<
          PostingRow,
          | 'content_hash'
          | 'extractor_version'
          | 'taxonomy_version'
          | 'canonical_id'
          | 'date_posted'
          | 'skill_ids'
          | 'first_seen'
          | 'role'
          | 'place'
        >
      >(
        'SELECT content_hash, extractor_version, taxonomy_version, canonical_id, date_posted, skill_ids, first_seen, role, place FROM postings WHERE id = ?',
      ),
      write: this.prepared(WRITE_POSTING_SQL),
      touch: this.prepared('UPDATE postings SET last_seen = ?, expired = 0 WHERE id = ?'),
    };
  }

  /**
   * Writes a whole posting (insert or replace), keeping the rollups in step; `storedAt` is kept only
   * when the posting is new (an update keeps the time it was first stored).
   */
  private writePosting(
    posting: StoredPosting,
    previous: { canonical_id: string | null; date_posted: string; skill_ids: string } | undefined,
    deltas: RollupDeltas,
    storedAt: number,
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
      ...dimensionColumns(posting),
      storedAt,
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

  /**
   * Runs SQLite work; a page found damaged while serving (SQLITE_CORRUPT, SQLITE_NOTADB) becomes the
   * store's "damaged" error with how to recover, which the API answers with 503, never 500.
   */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (cause) {
      if (isCorruption(cause)) throw damagedWhileOpen(this.path, cause);
      throw cause;
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
      if (isCorruption(cause)) throw damagedWhileOpen(this.path, cause);
      throw new StoreError(`${what} not stored (nothing of it was written): ${(cause as Error).message}`, {
        cause,
        code: 'SKILLPULSE_ERR_STORE_WRITE',
      });
    }
  }

  async upsertPostings(postings: readonly PostingInput[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    this.inTransaction(`batch of ${postings.length} postings`, (deltas) => {
      // Read under the write lock: every batch is stored strictly after every pin handed out before it.
      const storedAt = Math.max(Date.now(), (this.statements.newestStoredAt.get() ?? 0) + 1);
      for (const posting of postings) {
        const existing = this.statements.select.get(posting.id);
        if (
          existing &&
          existing.content_hash === posting.contentHash &&
          existing.extractor_version === posting.extractorVersion &&
          existing.taxonomy_version === posting.taxonomyVersion &&
          existing.canonical_id === posting.canonicalId &&
          sameDimensions(existing, posting)
        ) {
          this.statements.touch.run(posting.seenAt, posting.id);
          result.unchanged++;
          continue;
        }
        this.writePosting(toStored(posting, existing?.first_seen), existing, deltas, storedAt);
        if (existing) result.updated++;
        else result.inserted++;
      }
    });
    return result;
  }

  async getContentHashes(ids: readonly string[]): Promise<Map<string, string>> {
    return this.guard(() => {
      const select = this.prepared<[string], { content_hash: string }>('SELECT content_hash FROM postings WHERE id = ?');
      const hashes = new Map<string, string>();
      for (const id of ids) {
        const row = select.get(id);
        if (row) hashes.set(id, row.content_hash);
      }
      return hashes;
    });
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
        this.writePosting({ ...rowToPosting(row), canonicalId: link.canonicalId }, row, deltas, row.stored_at);
        changed++;
      }
      return changed;
    });
  }

  async duplicatesOf(canonicalId: string): Promise<string[]> {
    return this.guard(() =>
      (this.prepared('SELECT id FROM postings WHERE canonical_id = ? ORDER BY id').all(canonicalId) as Array<{ id: string }>).map(
        (r) => r.id,
      ),
    );
  }

  async countPostings(filter: PostingFilter): Promise<number> {
    return this.guard(() => (isDateOnlyFilter(filter) ? this.rollups.countPostings(filter) : queries.scanCount(this.db, filter)));
  }

  async skillCounts(filter: PostingFilter, limit = 50): Promise<SkillCount[]> {
    return this.guard(() =>
      isDateOnlyFilter(filter) ? this.rollups.skillCounts(filter, limit) : queries.scanSkillCounts(this.db, filter, limit),
    );
  }

  windowSkillCounts(filter: PostingFilter, limit = 50) {
    return composeWindowSkillCounts(this, filter, limit);
  }

  async periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]> {
    return this.guard(() =>
      isDateOnlyFilter(filter) ? this.rollups.periodTotals(filter, interval) : queries.scanPeriodTotals(this.db, filter, interval),
    );
  }

  async trendCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<TrendCounts> {
    return this.guard(() =>
      isDateOnlyFilter(filter)
        ? this.rollups.trendCounts(filter, interval, skillIds)
        : {
            totals: queries.scanPeriodTotals(this.db, filter, interval),
            counts: queries.scanPeriodSkillCounts(this.db, filter, interval, skillIds),
          },
    );
  }

  async cooccurrence(filter: PostingFilter, skillId: string, limit = 50): Promise<CooccurrenceResult> {
    const withSkill = { ...filter, hasSkills: [...(filter.hasSkills ?? []), skillId] };
    const postings = await this.countPostings(withSkill);
    const skills = (await this.skillCounts(withSkill, limit + 1)).filter((s) => s.skillId !== skillId).slice(0, limit);
    return { postings, skills };
  }

  async facetCounts(filter: PostingFilter, facet: Facet, limit = 50): Promise<FacetCount[]> {
    return this.guard(() => dimensions.facetCounts(this.db, filter, facet, limit));
  }

  async salaryPoints(filter: PostingFilter, skillId?: string): Promise<SalaryPoint[]> {
    return this.guard(() => dimensions.salaryPoints(this.db, filter, skillId));
  }

  async searchPostings(query: SearchQuery): Promise<SearchResult> {
    return this.guard(() => queries.searchPostings(this.db, query));
  }

  async rewritePostings(options: RewriteOptions): Promise<RewriteResult> {
    const total = this.guard(() => (this.prepared('SELECT count(*) AS n FROM postings').get() as { n: number }).n);
    const progress = { done: 0, total, rewritten: 0 };
    const select = this.prepared<[string], PostingRow>('SELECT * FROM postings WHERE id = ?');
    // Postings already at the current versions are skipped, so a killed re-index simply resumes.
    let after = '';
    for (;;) {
      const from = after;
      const rows = this.guard(() => this.prepared('SELECT * FROM postings WHERE id > ? ORDER BY id LIMIT 500').all(from) as PostingRow[]);
      if (rows.length === 0) break;
      after = (rows[rows.length - 1] as PostingRow).id;
      const stale = rows.map(rowToPosting).filter((p) => !options.isCurrent(p));
      if (stale.length > 0) {
        const rewritten = await options.rewrite(stale);
        this.inTransaction(`re-extraction of ${rewritten.length} postings`, (deltas) => {
          for (const posting of rewritten) {
            const row = select.get(posting.id);
            this.writePosting(posting, row, deltas, row?.stored_at ?? 0);
          }
        });
        progress.rewritten += rewritten.length;
      }
      progress.done += rows.length;
      options.onProgress?.({ ...progress });
    }
    return { ...progress, resumed: progress.rewritten > 0 && progress.rewritten < total };
  }

  async *iteratePostings(filter: PostingFilter = {}): AsyncIterable<StoredPosting> {
    // better-sqlite3 cannot run other statements while an iterator is open on the same connection,
    // so read in keyset pages rather than one long cursor.
    let after = '';
    for (;;) {
      const from = after;
      const rows = this.guard(() => queries.postingsPage(this.db, filter, from));
      for (const row of rows) yield rowToPosting(row);
      if (rows.length < 500) return;
      after = (rows[rows.length - 1] as PostingRow).id;
    }
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.guard(() => this.runs.acquireLock(name, owner, ttlMs));
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    this.guard(() => this.runs.releaseLock(name, owner));
  }

  async saveRun(run: CrawlRun): Promise<void> {
    this.writes++;
    this.guard(() => this.runs.saveRun(run));
  }

  async listRuns(job?: string, limit = 50): Promise<CrawlRun[]> {
    return this.guard(() => this.runs.listRuns(job, limit));
  }

  async info(): Promise<StoreInfo> {
    return this.guard(() => queries.storeInfo(this.db));
  }

  async dataVersion(): Promise<string> {
    return this.guard(() =>
      pinnedVersion(this.statements.newestStoredAt.get() ?? 0, `${this.statements.dataVersion.get()}.${this.writes}`),
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
