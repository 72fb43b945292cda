import type Database from 'better-sqlite3';
import type { Interval, PeriodSkillCount, PeriodTotal, PostingFilter, SkillCount, TrendCounts } from '../contract.js';
import { monthSpan, periodOf } from '../shared.js';

/**
 * Rollups of unique postings: one vector of counts per day and one per month. Entry 0 counts all
 * unique postings, entry i the postings asking for the skill numbered i in `skill_keys`.
 * A batch of postings spread over many days rewrites one row per day it touches instead of one
 * B-tree row per (skill, day), and a top-skills query sums a few dozen vectors.
 */
export const ROLLUP_TABLES = `CREATE TABLE skill_keys (skill_id TEXT PRIMARY KEY, idx INTEGER NOT NULL UNIQUE);
  CREATE TABLE rollup_days (day TEXT PRIMARY KEY, counts BLOB NOT NULL);
  CREATE TABLE rollup_months (month TEXT PRIMARY KEY, counts BLOB NOT NULL);`;

/** Entry 0 of every vector and key of the all-postings count (skill ids are never empty). */
const TOTAL = '';

/** Per-transaction changes to the rollups: day → skill id (or TOTAL) → change. */
export type RollupDeltas = Map<string, Map<string, number>>;

/** Adds (sign 1) or removes (sign -1) a unique posting's share of the rollups. */
export function contribute(deltas: RollupDeltas, day: string, skillIds: readonly string[], sign: 1 | -1): void {
  let forDay = deltas.get(day);
  if (!forDay) deltas.set(day, (forDay = new Map()));
  forDay.set(TOTAL, (forDay.get(TOTAL) ?? 0) + sign);
  for (const skillId of skillIds) forDay.set(skillId, (forDay.get(skillId) ?? 0) + sign);
}

// Vectors are stored as the bytes of an Int32Array; copying into a fresh Uint8Array aligns them.
const decode = (blob: Buffer): Int32Array => new Int32Array(new Uint8Array(blob).buffer);
const encode = (counts: Int32Array): Buffer => Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength);

interface DatedVector {
  date: string;
  counts: Int32Array;
}

/** Every vector of one table, decoded, sorted by date. */
interface VectorTable {
  dates: string[];
  vectors: Int32Array[];
}

/**
 * Running totals of the day vectors: row i (of `width` entries) sums the days before dates[i], so
 * a window's totals are one row minus another, whatever its length.
 */
interface PrefixSums {
  width: number;
  rows: Int32Array;
}

/**
 * The `k` indexes with the largest values (ties: lower `order` first), largest first, among
 * `candidates` (every index from 1 when null).
 */
function topIndexes(
  values: Int32Array,
  candidates: readonly number[] | null,
  k: number,
  order: (a: number, b: number) => number,
): number[] {
  // A small sorted buffer beats sorting every skill: most skills fall below the k-th at once.
  const top: number[] = [];
  const before = (a: number, b: number) => (values[a] as number) - (values[b] as number) || order(b, a);
  const count = candidates ? candidates.length : values.length - 1;
  for (let c = 0; c < count; c++) {
    const idx = candidates ? (candidates[c] as number) : c + 1;
    if (!((values[idx] ?? 0) > 0)) continue;
    if (top.length === k && before(idx, top[k - 1] as number) <= 0) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && before(idx, top[at - 1] as number) > 0) {
      top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = idx;
  }
  return top;
}

/** Index of the first date >= key (or > key when `after`). */
function bound(dates: readonly string[], key: string, after: boolean): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const date = dates[mid] as string;
    if (date < key || (after && date === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SqliteRollups {
  private skillIds: string[] = [];
  private readonly indexes = new Map<string, number>();
  private readonly statements;
  /**
   * All vectors decoded in memory (a few MB for years of days), valid while no commit happened:
   * `PRAGMA data_version` moves on other connections' commits, `applied` on this one's. A query then
   * sums arrays instead of reading and decoding rows, which keeps an API request well under a millisecond.
   */
  private snapshot: { version: string; days: VectorTable; months: VectorTable; prefix: PrefixSums | null } | null = null;
  private applied = 0;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      // Prepared once: db.pragma() prepares on every call, which cost more than the query it guards.
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      allDays: db.prepare<[], { date: string; counts: Buffer }>('SELECT day AS date, counts FROM rollup_days ORDER BY day'),
      allMonths: db.prepare<[], { date: string; counts: Buffer }>('SELECT month AS date, counts FROM rollup_months ORDER BY month'),
      keysFrom: db.prepare<[number], { skill_id: string; idx: number }>('SELECT skill_id, idx FROM skill_keys WHERE idx >= ? ORDER BY idx'),
      addKey: db.prepare('INSERT INTO skill_keys (skill_id, idx) VALUES (?, ?)'),
      day: db.prepare<[string], { counts: Buffer }>('SELECT counts FROM rollup_days WHERE day = ?'),
      month: db.prepare<[string], { counts: Buffer }>('SELECT counts FROM rollup_months WHERE month = ?'),
      putDay: db.prepare('INSERT INTO rollup_days (day, counts) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET counts = excluded.counts'),
      putMonth: db.prepare(
        'INSERT INTO rollup_months (month, counts) VALUES (?, ?) ON CONFLICT (month) DO UPDATE SET counts = excluded.counts',
      ),
    };
    this.reloadKeys();
  }

  /** Re-reads the skill numbering: after a rolled-back write, or when another process added skills. */
  reloadKeys(): void {
    this.skillIds = [];
    this.indexes.clear();
    this.readKeysFrom(0);
    if (!this.indexes.has(TOTAL)) {
      this.statements.addKey.run(TOTAL, 0);
      this.skillIds[0] = TOTAL;
      this.indexes.set(TOTAL, 0);
    }
  }

  /** Reads the skill numbers from `from` on into the numbering. */
  private readKeysFrom(from: number): void {
    for (const row of this.statements.keysFrom.all(from)) {
      this.skillIds[row.idx] = row.skill_id;
      this.indexes.set(row.skill_id, row.idx);
    }
  }

  /** Number of a skill in the vectors, numbering it on first sight. Call inside the write transaction. */
  private indexOf(skillId: string): number {
    let idx = this.indexes.get(skillId);
    if (idx === undefined) {
      // Another process may have numbered skills since we last looked; the write lock is ours now.
      // Numbers are only ever appended, so reading those past ours is enough (a full re-read per new
      // skill was half of a fresh store's write time).
      this.readKeysFrom(this.skillIds.length);
      idx = this.indexes.get(skillId);
      if (idx !== undefined) return idx;
      idx = this.skillIds.length;
      this.statements.addKey.run(skillId, idx);
      this.skillIds[idx] = skillId;
      this.indexes.set(skillId, idx);
    }
    return idx;
  }

  /** Writes a transaction's deltas: one read and one write per day and per month touched. */
  apply(deltas: RollupDeltas): void {
    this.applied++;
    this.snapshot = null;
    const months = new Map<string, Array<[number, number]>>();
    for (const [day, changes] of deltas) {
      const indexed: Array<[number, number]> = [];
      for (const [skillId, n] of changes) if (n !== 0) indexed.push([this.indexOf(skillId), n]);
      if (indexed.length === 0) continue;
      this.update(this.statements.day, this.statements.putDay, day, indexed);
      const month = `${day.slice(0, 7)}-01`;
      const forMonth = months.get(month);
      if (forMonth) forMonth.push(...indexed);
      else months.set(month, indexed);
    }
    for (const [month, indexed] of months) this.update(this.statements.month, this.statements.putMonth, month, indexed);
  }

  private update(
    read: Database.Statement<[string], { counts: Buffer }>,
    write: Database.Statement,
    key: string,
    changes: ReadonlyArray<[number, number]>,
  ): void {
    const row = read.get(key);
    const old = row ? decode(row.counts) : new Int32Array(0);
    const counts = new Int32Array(Math.max(old.length, this.skillIds.length));
    counts.set(old);
    for (const [idx, n] of changes) counts[idx] = (counts[idx] as number) + n;
    write.run(key, encode(counts));
  }

  private tables(): { days: VectorTable; months: VectorTable } {
    const version = `${this.statements.dataVersion.get()}.${this.applied}`;
    if (this.snapshot?.version !== version) {
      const load = (rows: Array<{ date: string; counts: Buffer }>): VectorTable => ({
        dates: rows.map((row) => row.date),
        vectors: rows.map((row) => decode(row.counts)),
      });
      const days = load(this.statements.allDays.all());
      const months = load(this.statements.allMonths.all());
      // Another process may have numbered new skills.
      if (days.vectors.some((v) => v.length > this.skillIds.length)) this.reloadKeys();
      this.snapshot = { version, days, months, prefix: null };
    }
    return this.snapshot;
  }

  /** Running totals of the days, built once per snapshot on the first window query. */
  private prefixSums(): { dates: readonly string[]; prefix: PrefixSums } {
    const snapshot = this.tables() as NonNullable<SqliteRollups['snapshot']>;
    const { dates, vectors } = snapshot.days;
    if (!snapshot.prefix) {
      const width = Math.max(this.skillIds.length, ...vectors.map((v) => v.length));
      const rows = new Int32Array((vectors.length + 1) * width);
      vectors.forEach((vector, i) => {
        const row = (i + 1) * width;
        rows.copyWithin(row, row - width, row);
        for (let j = 0; j < vector.length; j++) rows[row + j] = (rows[row + j] as number) + (vector[j] as number);
      });
      snapshot.prefix = { width, rows };
    }
    return { dates, prefix: snapshot.prefix };
  }

  /** Totals of the window [from, to] (entry 0: all unique postings, then one per skill number). */
  private windowTotals(filter: PostingFilter): Int32Array {
    const { dates, prefix } = this.prefixSums();
    const lo = bound(dates, filter.from ?? '0000-01-01', false);
    const hi = Math.max(lo, bound(dates, filter.to ?? '9999-12-31', true));
    const totals = prefix.rows.slice(hi * prefix.width, (hi + 1) * prefix.width);
    for (let j = 0, start = lo * prefix.width; j < prefix.width; j++)
      totals[j] = (totals[j] as number) - (prefix.rows[start + j] as number);
    return totals;
  }

  /** The vectors covering a date window: whole months from the month rollup, ragged ends by day. */
  private vectors(filter: PostingFilter, interval: Interval): DatedVector[] {
    const { days, months } = this.tables();
    const from = filter.from ?? '0000-01-01';
    const to = filter.to ?? '9999-12-31';
    const slice = (table: VectorTable, lo: string, hi: string, inclusive: boolean): DatedVector[] => {
      const out: DatedVector[] = [];
      for (let i = bound(table.dates, lo, false), end = bound(table.dates, hi, inclusive); i < end; i++) {
        out.push({ date: table.dates[i] as string, counts: table.vectors[i] as Int32Array });
      }
      return out;
    };
    const span = interval === 'day' || interval === 'week' ? null : monthSpan(filter.from, filter.to);
    return span
      ? [
          ...slice(days, from, span.firstMonth, false),
          ...slice(months, span.firstMonth, span.lastMonth, true),
          ...slice(days, span.afterLastMonth, to, true),
        ]
      : slice(days, from, to, true);
  }

  /** Numbers of the requested skills, once each; skills never seen have no number. */
  private selected(skillIds: readonly string[]): number[] {
    const numbers = new Set<number>();
    for (const id of skillIds) {
      const idx = this.indexes.get(id);
      if (idx !== undefined && idx > 0) numbers.add(idx);
    }
    return [...numbers];
  }

  countPostings(filter: PostingFilter): number {
    const { dates, prefix } = this.prefixSums();
    const lo = bound(dates, filter.from ?? '0000-01-01', false);
    const hi = Math.max(lo, bound(dates, filter.to ?? '9999-12-31', true));
    return (prefix.rows[hi * prefix.width] as number) - (prefix.rows[lo * prefix.width] as number);
  }

  skillCounts(filter: PostingFilter, limit: number): SkillCount[] {
    const totals = this.windowTotals(filter);
    const bySkillId = (a: number, b: number) => {
      const x = this.skillIds[a] as string;
      const y = this.skillIds[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const candidates = filter.skillIds ? this.selected(filter.skillIds) : null;
    return topIndexes(totals, candidates, Math.max(1, Math.floor(limit)), bySkillId).map((idx) => ({
      skillId: this.skillIds[idx] as string,
      postings: totals[idx] as number,
    }));
  }

  /**
   * Per-period sums of entry 0 and of the wanted skills, in one pass over the window's vectors:
   * period → [total, skill 1, skill 2, ...] in the order of `wanted`, periods ascending.
   */
  private periodSums(filter: PostingFilter, interval: Interval, wanted: readonly number[]): Map<string, Float64Array> {
    const sums = new Map<string, Float64Array>();
    let period = '';
    let cells: Float64Array | undefined;
    for (const { date, counts } of this.vectors(filter, interval)) {
      const next = periodOf(date, interval);
      if (next !== period || !cells) {
        period = next;
        cells = sums.get(period);
        if (!cells) sums.set(period, (cells = new Float64Array(wanted.length + 1)));
      }
      cells[0] = (cells[0] as number) + (counts[0] ?? 0);
      for (let w = 0; w < wanted.length; w++) cells[w + 1] = (cells[w + 1] as number) + (counts[wanted[w] as number] ?? 0);
    }
    return new Map([...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The skills' numbers ordered by skill id, so per-period rows come out sorted by period, then skill. */
  private wantedInIdOrder(skillIds: readonly string[]): number[] {
    return this.selected(skillIds).sort((a, b) => {
      const x = this.skillIds[a] as string;
      const y = this.skillIds[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  private totalsOf(sums: Map<string, Float64Array>): PeriodTotal[] {
    const totals: PeriodTotal[] = [];
    for (const [period, cells] of sums) if ((cells[0] as number) > 0) totals.push({ period, postings: cells[0] as number });
    return totals;
  }

  private countsOf(sums: Map<string, Float64Array>, wanted: readonly number[]): PeriodSkillCount[] {
    const rows: PeriodSkillCount[] = [];
    for (const [period, cells] of sums) {
      for (let w = 0; w < wanted.length; w++) {
        const postings = cells[w + 1] as number;
        if (postings > 0) rows.push({ period, skillId: this.skillIds[wanted[w] as number] as string, postings });
      }
    }
    return rows;
  }

  periodTotals(filter: PostingFilter, interval: Interval): PeriodTotal[] {
    return this.totalsOf(this.periodSums(filter, interval, []));
  }

  /** Totals and skill counts per period in one pass (a trends report needs both). */
  trendCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): TrendCounts {
    const wanted = this.wantedInIdOrder(skillIds);
    const sums = this.periodSums(filter, interval, wanted);
    return { totals: this.totalsOf(sums), counts: this.countsOf(sums, wanted) };
  }

  /** Rebuilds every vector from the postings table (the schema-3 migration). */
  rebuild(): void {
    this.db.exec('DELETE FROM rollup_days; DELETE FROM rollup_months;');
    const deltas: RollupDeltas = new Map();
    const rows = this.db
      .prepare<[], { date_posted: string; skill_ids: string }>('SELECT date_posted, skill_ids FROM postings WHERE canonical_id IS NULL')
      .iterate();
    for (const row of rows) contribute(deltas, row.date_posted, JSON.parse(row.skill_ids) as string[], 1);
    this.apply(deltas);
  }
}
