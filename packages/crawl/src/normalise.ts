import { createHash } from 'node:crypto';
import { decodeEntities, htmlToText, type NormalisedPosting, type RemoteType, type Salary, type Seniority } from '@skillpulse/core';
import type { JobPostingData } from './jobposting.js';

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return text(record.name ?? record.value ?? record['@value']);
  }
  return null;
}

function list<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** ISO date (YYYY-MM-DD) from the many date forms sites use, or null. */
export function isoDate(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const direct = /^(\d{4}-\d{2}-\d{2})/.exec(raw);
  if (direct?.[1] && !Number.isNaN(Date.parse(direct[1]))) return direct[1];
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

/** Seniority from the title first, then the text. */
export function seniorityOf(title: string, description = ''): Seniority {
  const from = (s: string): Seniority | null => {
    if (/\b(intern|internship|trainee|apprentice)\b/i.test(s)) return 'intern';
    if (/\b(junior|jr\.?|graduate|entry[- ]level)\b/i.test(s)) return 'junior';
    if (/\b(lead|principal|staff|head of|architect|director|manager)\b/i.test(s)) return 'lead';
    if (/\b(senior|sr\.?)\b/i.test(s)) return 'senior';
    if (/\b(mid[- ]level|intermediate)\b/i.test(s)) return 'mid';
    return null;
  };
  return from(title) ?? from(description.slice(0, 2000)) ?? (/\b(engineer|developer|programmer)\b/i.test(title) ? 'mid' : 'unknown');
}

function remoteOf(data: JobPostingData, description: string): RemoteType {
  if (list(data.jobLocationType as string | string[]).some((t) => /telecommute/i.test(String(t)))) return 'remote';
  const title = text(data.title) ?? '';
  if (/\bhybrid\b/i.test(title) || /\bhybrid\b/i.test(description.slice(0, 3000))) return 'hybrid';
  if (/\b(remote|work from home|wfh)\b/i.test(title)) return 'remote';
  if (list(data.jobLocation as unknown[]).length > 0) return 'onsite';
  return 'unknown';
}

const PERIODS: Record<string, Salary['period']> = { HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month', YEAR: 'year' };

function salaryOf(data: JobPostingData): Salary | null {
  const base = data.baseSalary as Record<string, unknown> | undefined;
  if (!base || typeof base !== 'object') return null;
  const value = (base.value ?? {}) as Record<string, unknown>;
  const number = (v: unknown) => {
    const n = typeof v === 'number' ? v : Number.parseFloat(String(v ?? ''));
    return Number.isFinite(n) ? n : null;
  };
  const single = number(typeof value === 'object' ? value.value : value);
  const salary: Salary = {
    min: number(value.minValue) ?? single,
    max: number(value.maxValue) ?? single,
    currency: text(base.currency),
    period: PERIODS[String(value.unitText ?? '').toUpperCase()] ?? null,
  };
  return salary.min === null && salary.max === null ? null : salary;
}

function locationsOf(data: JobPostingData): { locations: string[]; country: string | null } {
  const locations: string[] = [];
  let country: string | null = null;
  for (const place of list(data.jobLocation as unknown[])) {
    const address = ((place as Record<string, unknown>)?.address ?? place) as Record<string, unknown> | string;
    if (typeof address === 'string') {
      locations.push(address);
      continue;
    }
    const parts = [text(address.addressLocality), text(address.addressRegion)].filter((p): p is string => p !== null);
    const addressCountry = text(address.addressCountry);
    if (addressCountry) country ??= addressCountry.toUpperCase().length === 2 ? addressCountry.toUpperCase() : addressCountry;
    if (parts.length > 0) locations.push(parts.join(', '));
  }
  return { locations, country };
}

/** SHA-256 of the normalised title and text: equal for the same posting however it was marked up. */
export function contentHash(title: string, descriptionText: string): string {
  const normalised = `${title}\n${descriptionText}`.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalised).digest('hex');
}

/** Canonical form of a URL for ids: no fragment, no tracking parameters. */
export function canonicalUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  for (const key of [...parsed.searchParams.keys()]) if (/^utm_|^(ref|source|gh_src)$/i.test(key)) parsed.searchParams.delete(key);
  return parsed.toString();
}

export interface NormaliseContext {
  source: string;
  url: string;
  /** Date the posting was first fetched: the fallback when the posting has none. */
  seenAt: string;
}

/** A schema.org JobPosting as a SkillPulse posting; null when it lacks a title or a description. */
export function normaliseJobPosting(data: JobPostingData, context: NormaliseContext): NormalisedPosting | null {
  const title = decodeEntities(text(data.title) ?? '').trim();
  let descriptionHtml = typeof data.description === 'string' ? data.description : '';
  // Some sites escape the HTML of the description a second time (&lt;p&gt;).
  if (!/<[a-z]/i.test(descriptionHtml) && /&lt;[a-z]/i.test(descriptionHtml)) descriptionHtml = decodeEntities(descriptionHtml);
  const extra = ['skills', 'qualifications', 'responsibilities', 'experienceRequirements']
    .map((field) => text(data[field]))
    .filter((v): v is string => v !== null);
  const descriptionText = [htmlToText(descriptionHtml).text, ...extra].join('\n').trim();
  if (title === '' || descriptionText === '') return null;
  // schema.org identifiers are often PropertyValues whose `name` is the issuer, not the id.
  const rawIdentifier = data.identifier as Record<string, unknown> | string | undefined;
  const identifier = text(
    typeof rawIdentifier === 'object' && rawIdentifier !== null ? (rawIdentifier.value ?? rawIdentifier['@value']) : rawIdentifier,
  );
  const datePosted = isoDate(data.datePosted);
  const { locations, country } = locationsOf(data);
  return {
    id: `${context.source}:${identifier ?? canonicalUrl(context.url)}`,
    source: context.source,
    url: context.url,
    title,
    company: text(data.hiringOrganization),
    locations,
    country,
    remote: remoteOf(data, descriptionText),
    employmentType: text(data.employmentType),
    seniority: seniorityOf(title, descriptionText),
    salary: salaryOf(data),
    datePosted: datePosted ?? context.seenAt.slice(0, 10),
    dateInferred: datePosted === null,
    validThrough: isoDate(data.validThrough),
    descriptionText,
    descriptionHtml: descriptionHtml || null,
    contentHash: contentHash(title, descriptionText),
  };
}

/** A posting as a source adapter reads it, before normalisation. */
export interface RawPosting {
  source: string;
  /** The source's own id for the posting; the canonical URL stands in when there is none. */
  externalId: string | null;
  url: string;
  title: string;
  company: string | null;
  locations?: string[];
  country?: string | null;
  remote?: RemoteType | null;
  employmentType?: string | null;
  salary?: Salary | null;
  datePosted?: unknown;
  validThrough?: unknown;
  descriptionHtml?: string | null;
  /** Plain text, used when the HTML is missing or empty. */
  descriptionText?: string | null;
  seenAt: string;
}

function remoteFromText(...texts: Array<string | null | undefined>): RemoteType {
  const joined = texts.filter(Boolean).join(' ').slice(0, 3000);
  if (/\bhybrid\b/i.test(joined)) return 'hybrid';
  if (/\b(remote|work from home|wfh|anywhere)\b/i.test(joined)) return 'remote';
  if (/\b(on-?site|in[- ]office)\b/i.test(joined)) return 'onsite';
  return 'unknown';
}

/** A normalised posting from what an API or feed gave; null when it has no title or no text. */
export function postingFrom(raw: RawPosting): NormalisedPosting | null {
  const title = decodeEntities(raw.title ?? '').trim();
  let html = raw.descriptionHtml ?? '';
  if (!/<[a-z]/i.test(html) && /&lt;[a-z]/i.test(html)) html = decodeEntities(html);
  const descriptionText = ((html ? htmlToText(html).text : '') || (raw.descriptionText ?? '')).trim();
  if (title === '' || descriptionText === '') return null;
  const locations = (raw.locations ?? []).map((l) => l.trim()).filter(Boolean);
  const datePosted = isoDate(raw.datePosted);
  return {
    id: `${raw.source}:${raw.externalId ?? canonicalUrl(raw.url)}`,
    source: raw.source,
    url: raw.url,
    title,
    company: raw.company?.trim() || null,
    locations,
    country: raw.country?.trim() || null,
    remote: raw.remote ?? remoteFromText(title, locations.join(' '), descriptionText.slice(0, 500)),
    employmentType: raw.employmentType ?? null,
    seniority: seniorityOf(title, descriptionText),
    salary: raw.salary ?? null,
    datePosted: datePosted ?? raw.seenAt.slice(0, 10),
    dateInferred: datePosted === null,
    validThrough: isoDate(raw.validThrough),
    descriptionText,
    descriptionHtml: html || null,
    contentHash: contentHash(title, descriptionText),
  };
}
