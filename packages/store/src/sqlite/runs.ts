import type Database from 'better-sqlite3';
import type { CrawlRun } from '../contract.js';
import { readRun } from '../run-record.js';

/** Job locks and crawl runs in the store file: locks are shared by every process that opens it. */
export class SqliteRuns {
  private readonly releaseStatement: Database.Statement<[string, string]>;
  private readonly saveStatement: Database.Statement<[string, string, string, string]>;
  private readonly listAll: Database.Statement<[number], { body: string }>;
  private readonly listOfJob: Database.Statement<[string, number], { body: string }>;

  constructor(private readonly db: Database.Database) {
    this.releaseStatement = db.prepare('DELETE FROM locks WHERE name = ? AND owner = ?');
    this.saveStatement = db.prepare(
      'INSERT INTO runs (id, job, started_at, body) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
    );
    this.listAll = db.prepare('SELECT body FROM runs ORDER BY started_at DESC LIMIT ?');
    this.listOfJob = db.prepare('SELECT body FROM runs WHERE job = ? ORDER BY started_at DESC LIMIT ?');
  }

  acquireLock(name: string, owner: string, ttlMs: number): boolean {
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

  releaseLock(name: string, owner: string): void {
    this.releaseStatement.run(name, owner);
  }

  saveRun(run: CrawlRun): void {
    this.saveStatement.run(run.id, run.job, run.startedAt, JSON.stringify(run));
  }

  listRuns(job: string | undefined, limit: number): CrawlRun[] {
    const rows = job ? this.listOfJob.all(job, limit) : this.listAll.all(limit);
    return rows.map((row) => readRun(JSON.parse(row.body) as CrawlRun));
  }
}
