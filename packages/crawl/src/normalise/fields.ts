import type { RemoteType, Salary } from '@skillpulse/core';
import type { JobPostingData } from '../jobposting.js';
import { salaryFromJsonLd } from '../salary.js';
import { list, textOf } from './text.js';

/** Field parsers: dates, seniority, remote or not, salary. */

/** `YYYY-MM-DD` of a year, month (1–12) and day when that day exists, else null. */
export function calendarDate(year: number, month: number, day: number): string | null {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!(month >= 1 && month <= 12 && day >= 1)) return null;
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === date ? date : null;
}

/** ISO date (YYYY-MM-DD) from the many date forms sites use, or null. */
export function isoDate(value: unknown): string | null {
  const raw = textOf(value);
  if (!raw) return null;
  // An ISO date is read as written, and only when that day exists (Date.parse takes 2026-02-31 and
  // rolls it over to 3 March).
  const direct = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  if (direct) return calendarDate(Number(direct[1]), Number(direct[2]), Number(direct[3]));
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

// Seniority is decided where titles are understood: @skillpulse/roles (also used by `skillpulse title`).
export { seniorityOf } from '@skillpulse/roles';

/** Remote, hybrid or onsite from schema.org fields (TELECOMMUTE, applicant location) and the text. */
export function remoteOf(data: JobPostingData, description: string, hasPlace: boolean): RemoteType {
  const title = textOf(data.title) ?? '';
  const hybrid = /\bhybrid\b/i.test(title) || /\bhybrid\b/i.test(description.slice(0, 3000));
  // schema.org: TELECOMMUTE marks a remote job; applicantLocationRequirements only exist on remote jobs.
  const telecommute = list(data.jobLocationType as string | string[]).some((t) => /telecommute/i.test(String(t)));
  if (telecommute || data.applicantLocationRequirements) return hybrid && hasPlace ? 'hybrid' : 'remote';
  if (hybrid) return 'hybrid';
  if (/\b(remote|work from home|wfh)\b/i.test(title)) return 'remote';
  if (hasPlace) return 'onsite';
  return 'unknown';
}

/** A salary from schema.org `baseSalary` through the salary normaliser; null without a readable amount. */
export function salaryOf(data: JobPostingData): Salary | null {
  return salaryFromJsonLd(data.baseSalary);
}

/** Remote, hybrid or onsite from what an API or a feed says in words. */
export function remoteFromText(...texts: Array<string | null | undefined>): RemoteType {
  const joined = texts.filter(Boolean).join(' ').slice(0, 3000);
  if (/\bhybrid\b/i.test(joined)) return 'hybrid';
  if (/\b(remote|work from home|wfh|anywhere)\b/i.test(joined)) return 'remote';
  if (/\b(on-?site|in[- ]office)\b/i.test(joined)) return 'onsite';
  return 'unknown';
}
