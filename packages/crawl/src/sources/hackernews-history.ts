import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '@skillpulse/core';

/**
 * The month walk of the Hacker News source (`from: 2011-04`): which months it covers, which
 * monthly thread each of whoishiring's submissions is, and what the walk has read so far, kept in
 * a small JSON file next to the job's queue so that progress survives a stopped or killed run and
 * a later run does not read finished months again.
 */

/** The first monthly "Ask HN: Who is hiring?" thread of the whoishiring account. */
export const FIRST_HIRING_MONTH = '2011-04';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** "Ask HN: Who is hiring? (April 2011)"; older titles say "Who is Hiring?", some "Who's hiring". */
const HIRING_TITLE = /\bwho(?: is|'s) hiring\??\s*\(\s*([a-z]+)\.?\s+(\d{4})\s*\)/i;

/** Throws unless `value` is a `YYYY-MM` month; `what` names the setting in the message. */
export function checkMonth(value: string, what: string): string {
  if (!MONTH.test(value)) throw new ConfigError(`${what}: "${value}" is not a month; write it as YYYY-MM, e.g. 2011-04`);
  return value;
}

/** The `YYYY-MM` month of a date, in UTC. */
export const monthOf = (date: Date): string => date.toISOString().slice(0, 7);

/** The month after `month`. */
function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The month before `month`. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included (none when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = nextMonth(month)) months.push(month);
  return months;
}

/** The month a "Who is hiring?" thread title names (`2011-04`), or null for any other title. */
export function hiringThreadMonth(title: string): string | null {
  const match = HIRING_TITLE.exec(title);
  if (!match) return null;
  const index = MONTH_NAMES.findIndex((name) => name.startsWith((match[1] as string).toLowerCase().slice(0, 3)));
  return index < 0 ? null : `${match[2]}-${String(index + 1).padStart(2, '0')}`;
}

/** One monthly thread of the walk: its month and how many of its top-level comments were read. */
export interface WalkedThread {
  month: string;
  /** Top-level comments (`kids`) when the thread was read. */
  comments: number;
  read: number;
  /** Every top-level comment read (or the thread had none). */
  done: boolean;
}

/** What the walk file holds. */
export interface WalkState {
  version: 1;
  /** whoishiring's "Who is hiring?" threads by id (in range or not), and what was read of them. */
  threads: Record<string, WalkedThread>;
  /** whoishiring's other submissions (freelancer, wants to be hired): never fetched again. */
  others: number[];
  /** Threads queued by the last look at whoishiring's submissions and not yet read. */
  pending: number[];
  /** Months already reported as having no thread (each is reported once). */
  reportedMissing: string[];
}

const emptyState = (): WalkState => ({ version: 1, threads: {}, others: [], pending: [], reportedMissing: [] });

/** How often the file is rewritten while comments are read (thread-level changes are written at once). */
const SAVE_EVERY_MS = 1000;

/**
 * The walk's progress from `from` to `to`, kept in `path` when given (else in memory). A file that
 * cannot be read is ignored: the walk then starts over, which costs requests but loses nothing.
 */
export class MonthWalk {
  readonly months: string[];
  private readonly state: WalkState;
  private lastSave = 0;

  constructor(
    readonly from: string,
    readonly to: string,
    /** The month it is now: its thread may not be posted yet, so it is never reported missing. */
    private readonly current: string,
    private readonly path?: string,
  ) {
    this.months = monthsBetween(from, to);
    this.state = path ? readState(path) : emptyState();
  }

  inRange(month: string): boolean {
    return month >= this.from && month <= this.to;
  }

  /**
   * The submissions to fetch, oldest first: every one not known yet, and the known hiring threads
   * in range that are not finished or are recent (last month's and this month's threads still grow).
   */
  toFetch(submitted: number[]): number[] {
    const others = new Set(this.state.others);
    const recent = previousMonth(this.current);
    const wanted = submitted.filter((id) => {
      if (others.has(id)) return false;
      const known = this.state.threads[id];
      if (!known) return true;
      return this.inRange(known.month) && (!known.done || known.month >= recent);
    });
    wanted.sort((a, b) => a - b);
    this.state.pending = wanted;
    this.save(true);
    return wanted;
  }

  /** Records a submission that is not a "Who is hiring?" thread. */
  other(id: number): string[] {
    if (!this.state.others.includes(id)) this.state.others.push(id);
    return this.settle(id);
  }

  /** Records a hiring thread as read, with `comments` top-level comments to come. */
  thread(id: number, month: string, comments: number): string[] {
    this.state.threads[id] = { month, comments, read: 0, done: comments === 0 || !this.inRange(month) };
    return this.settle(id);
  }

  /** Counts one top-level comment of thread `id` as read. */
  comment(id: number): void {
    const thread = this.state.threads[id];
    if (!thread) return;
    thread.read++;
    if (!thread.done && thread.read >= thread.comments) {
      thread.done = true;
      this.save(true);
    } else this.save(false);
  }

  /** Months in range without a thread among the submissions (this month's excepted). */
  missing(): string[] {
    const found = new Set(Object.values(this.state.threads).map((t) => t.month));
    return this.months.filter((month) => !found.has(month) && month !== this.current);
  }

  /** `threads 3/5, comments 40/62 (2011-07)`: threads finished of the months in range, comments read. */
  progress(): string {
    const inRange = Object.values(this.state.threads).filter((t) => this.inRange(t.month));
    const done = inRange.filter((t) => t.done).length;
    const total = Math.max(this.months.length - this.state.reportedMissing.filter((m) => this.inRange(m)).length, inRange.length);
    const read = inRange.reduce((sum, t) => sum + Math.min(t.read, t.comments), 0);
    const comments = inRange.reduce((sum, t) => sum + t.comments, 0);
    const reading = inRange.find((t) => !t.done)?.month;
    return `threads ${done}/${total}, comments ${read}/${comments}${reading ? ` (${reading})` : ''}`;
  }

  /** Marks a submission as read; once none is pending, the months still without a thread (each reported once). */
  private settle(id: number): string[] {
    const before = this.state.pending.length;
    this.state.pending = this.state.pending.filter((pending) => pending !== id);
    let missing: string[] = [];
    if (before > 0 && this.state.pending.length === 0) {
      missing = this.missing().filter((month) => !this.state.reportedMissing.includes(month));
      this.state.reportedMissing.push(...missing);
    }
    this.save(true);
    return missing;
  }

  private save(now: boolean): void {
    if (!this.path || (!now && Date.now() - this.lastSave < SAVE_EVERY_MS)) return;
    this.lastSave = Date.now();
    mkdirSync(dirname(this.path), { recursive: true });
    // Written aside and renamed, so a kill mid-write leaves the previous file whole.
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.path);
  }
}

function readState(path: string): WalkState {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<WalkState>;
    if (parsed.version !== 1 || typeof parsed.threads !== 'object' || parsed.threads === null) return emptyState();
    return {
      version: 1,
      threads: parsed.threads,
      others: Array.isArray(parsed.others) ? parsed.others : [],
      pending: Array.isArray(parsed.pending) ? parsed.pending : [],
      reportedMissing: Array.isArray(parsed.reportedMissing) ? parsed.reportedMissing : [],
    };
  } catch {
    return emptyState();
  }
}
