import { InvalidInputError, type StoredPosting } from '@skillpulse/core';
import type { Interval, PostingFilter, PostingInput, SalaryPoint, SearchQuery } from './contract.js';

/** Case-insensitive key of a company or location, the same on every backend. */
export function foldKey(value: string): string {
  return value.trim().toLowerCase();
}

/** Salary points in the contract's order: currency, annualMid, then fromText and hasSkill (false first). */
export function compareSalaryPoints(a: SalaryPoint, b: SalaryPoint): number {
  if (a.currency !== b.currency) return a.currency < b.currency ? -1 : 1;
  return a.annualMid - b.annualMid || Number(a.fromText) - Number(b.fromText) || Number(a.hasSkill) - Number(b.hasSkill);
}

/** True when a filter narrows by date and skill only, which the rollups can answer. */
export function isDateOnlyFilter(filter: PostingFilter): boolean {
  return (
    !filter.source &&
    !filter.company &&
    !filter.country &&
    !filter.location &&
    !filter.remote &&
    !filter.seniority &&
    !filter.role &&
    !filter.city &&
    !filter.region &&
    !filter.metro &&
    (filter.hasSkills === undefined || filter.hasSkills.length === 0) &&
    filter.anySkills === undefined &&
    (filter.skillGroups === undefined || filter.skillGroups.length === 0) &&
    filter.storedBy === undefined
  );
}

/**
 * The pin of a data version (`<ms>.<token>`, as `dataVersion` returns it): the time up to which its
 * postings were stored, for `PostingFilter.storedBy`. Undefined when the text is not such a version.
 */
export function pinOfDataVersion(version: string): number | undefined {
  const match = /^(\d{1,15})\.\S+$/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** A data version carrying its pin: `<pin>.<token>`. */
export const pinnedVersion = (pin: number, token: string | number): string => `${pin}.${token}`;

function addMonths(monthStart: string, n: number): string {
  const date = new Date(`${monthStart}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + n);
  return date.toISOString().slice(0, 10);
}

/**
 * The whole calendar months inside an inclusive date window, as month starts, plus the first day
 * after them; null when the window holds no whole month. Open ends reach the ends of time.
 */
export function monthSpan(from?: string, to?: string): { firstMonth: string; lastMonth: string; afterLastMonth: string } | null {
  const firstMonth = from === undefined ? '0000-01-01' : from.endsWith('-01') ? from : addMonths(`${from.slice(0, 7)}-01`, 1);
  let afterLastMonth: string;
  if (to === undefined) afterLastMonth = '9999-12-32';
  else {
    const nextMonth = addMonths(`${to.slice(0, 7)}-01`, 1);
    const lastDay = new Date(Date.parse(`${nextMonth}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    afterLastMonth = to === lastDay ? nextMonth : `${to.slice(0, 7)}-01`;
  }
  if (firstMonth >= afterLastMonth) return null;
  const lastMonth = to === undefined ? '9999-12-01' : addMonths(afterLastMonth, -1);
  return { firstMonth, lastMonth, afterLastMonth };
}

/** Words of a search text; every one must occur. */
export function searchWords(text: string | undefined): string[] {
  return text?.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export const MAX_SEARCH_WINDOW = 10_000;

/** Pages past the first 10,000 results are refused on every backend (Elasticsearch's from+size limit). */
export function validateSearch(query: SearchQuery): void {
  if (!Number.isInteger(query.page) || query.page < 1) throw new InvalidInputError(`page: ${query.page} is not a page number (1, 2, …)`);
  if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > 200) {
    throw new InvalidInputError(`page_size: ${query.pageSize} is not between 1 and 200`);
  }
  if (query.page * query.pageSize > MAX_SEARCH_WINDOW) {
    throw new InvalidInputError(
      `page: results past the first ${MAX_SEARCH_WINDOW} cannot be paged to; narrow the search or use the CSV export`,
    );
  }
}

/** The stored form of an upserted posting: first seen now unless it was seen before; seen again means not expired. */
export function toStored(input: PostingInput, firstSeen?: string): StoredPosting {
  const { seenAt, ...posting } = input;
  return { ...posting, firstSeen: firstSeen ?? seenAt, lastSeen: seenAt, expired: false };
}

/** The first day of the period an ISO date falls in (weeks start on Monday, as ISO weeks do). */
export function periodOf(date: string, interval: Interval): string {
  switch (interval) {
    case 'day':
      return date;
    case 'week': {
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return d.toISOString().slice(0, 10);
    }
    case 'month':
      return `${date.slice(0, 7)}-01`;
    case 'quarter':
      return `${date.slice(0, 5)}${String(Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${date.slice(0, 4)}-01-01`;
  }
}
