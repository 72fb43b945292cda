import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { decodeEntities, htmlToText, type NormalisedPosting, type RemoteType, type Salary, type Seniority } from '@skillpulse/core';
import { load } from 'cheerio';
import type { JobPostingData } from './jobposting.js';

// The package's main entry registers every language; its core with the English names is all we need.
const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries/index.js') as typeof import('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** Names people write that the ISO English names and aliases do not cover. */
const COUNTRY_ALIASES: Record<string, string> = {
  'u.k.': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  america: 'US',
  'the netherlands': 'NL',
  holland: 'NL',
  'u.a.e.': 'AE',
};

/**
 * A country as its ISO 3166-1 alpha-2 code, from an alpha-2 or alpha-3 code, an English name or a
 * common abbreviation (`DE`, `deu`, `Germany`, `UK`, `U.S.A.`); null for anything else, never a guess.
 */
export function countryCode(value: unknown): string | null {
  const raw = typeof value === 'string' ? value : value && typeof value === 'object' ? text(value) : null;
  const name = cleanText(raw ?? '')
    .replace(/[\s,;]+$/, '')
    .trim();
  if (name === '') return null;
  const upper = name.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && countries.alpha2ToAlpha3(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper) && countries.alpha3ToAlpha2(upper)) return countries.alpha3ToAlpha2(upper) ?? null;
  return COUNTRY_ALIASES[name.toLowerCase()] ?? countries.getSimpleAlpha2Code(name, 'en') ?? null;
}

/** Entities decoded (also when escaped twice, `&amp;nbsp;`), whitespace collapsed, trimmed. */
export function cleanText(value: string): string {
  let decoded = value;
  for (let pass = 0; pass < 3 && /&(#x?[0-9a-f]+|[a-z][a-z0-9]*);/i.test(decoded); pass++) {
    let next = decodeEntities(decoded);
    // Named entities beyond the common ones (&uuml;, &oslash;...): the HTML parser knows them all.
    if (/&[a-z][a-z0-9]*;/i.test(next)) next = load(next.replace(/</g, '&lt;'), null, false).text();
    if (next === decoded) break;
    decoded = next;
  }
  return decoded.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Plain text of an HTML (or plain) field: entities decoded however often they were escaped, trimmed. */
export function fieldText(value: string): string {
  let html = value;
  // Some sites escape the HTML a second time (&lt;p&gt;).
  if (!/<[a-z]/i.test(html) && /&lt;[a-z]/i.test(html)) html = decodeEntities(html);
  const plain = /<[a-z!/]/i.test(html) ? htmlToText(html).text : html;
  return plain
    .split('\n')
    .map((line) => cleanText(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return cleanText(value) || null;
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

function remoteOf(data: JobPostingData, description: string, hasPlace: boolean): RemoteType {
  const title = text(data.title) ?? '';
  const hybrid = /\bhybrid\b/i.test(title) || /\bhybrid\b/i.test(description.slice(0, 3000));
  // schema.org: TELECOMMUTE marks a remote job; applicantLocationRequirements only exist on remote jobs.
  const telecommute = list(data.jobLocationType as string | string[]).some((t) => /telecommute/i.test(String(t)));
  if (telecommute || data.applicantLocationRequirements) return hybrid && hasPlace ? 'hybrid' : 'remote';
  if (hybrid) return 'hybrid';
  if (/\b(remote|work from home|wfh)\b/i.test(title)) return 'remote';
  if (hasPlace) return 'onsite';
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

/** Distinct values, compared case- and space-insensitively, in their first order. */
function distinct(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase().replace(/\s+/g, ' ');
    if (value === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Places of a posting: each `jobLocation` as "Locality, Region" from its address (a PostalAddress
 * or a string), else the Place's name; the first country any of them (or the applicant location
 * requirement) names.
 */
function locationsOf(data: JobPostingData): { locations: string[]; country: string | null } {
  const locations: string[] = [];
  let country: string | null = null;
  for (const place of list(data.jobLocation as unknown[])) {
    if (typeof place === 'string') {
      locations.push(cleanText(place));
      continue;
    }
    if (!place || typeof place !== 'object') continue;
    const record = place as Record<string, unknown>;
    const name = typeof record.name === 'string' ? cleanText(record.name) : '';
    const address = list(record.address as unknown)[0] ?? (record.addressLocality || record.addressCountry ? record : undefined);
    if (typeof address === 'string') {
      locations.push(cleanText(address) || name);
      continue;
    }
    const postal = (address ?? {}) as Record<string, unknown>;
    const parts = [text(postal.addressLocality), text(postal.addressRegion)].filter((p): p is string => p !== null);
    country ??= countryCode(postal.addressCountry);
    locations.push(parts.length > 0 ? parts.join(', ') : name);
  }
  for (const requirement of list(data.applicantLocationRequirements as unknown[])) {
    if (country) break;
    country = countryCode(requirement);
  }
  return { locations: distinct(locations), country };
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

/** Description text a posting contributes at most (UTF-8 bytes), so extraction time per posting is bounded. */
export const MAX_DESCRIPTION_BYTES = 256 * 1024;

/**
 * Description text within `max` UTF-8 bytes: longer text is cut at the last whitespace before the
 * cap (or at the cap when a single word is longer), and `cutFrom` says how long it was.
 */
export function capDescription(text: string, max = MAX_DESCRIPTION_BYTES): { text: string; cutFrom: number | null } {
  // A UTF-16 unit is at most 3 UTF-8 bytes: text this short is always within the cap.
  if (text.length * 3 <= max) return { text, cutFrom: null };
  const bytes = Buffer.byteLength(text);
  if (bytes <= max) return { text, cutFrom: null };
  // Decoding the first `max` bytes drops a character cut in half (as U+FFFD, removed here).
  let cut = Buffer.from(text)
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const space = cut.search(/\s\S*$/);
  if (space > 0) cut = cut.slice(0, space);
  return { text: cut.trimEnd(), cutFrom: bytes };
}

/** Why a posting's description was cut. */
export function descriptionCutProblem(url: string, bytes: number, max = MAX_DESCRIPTION_BYTES): string {
  return `description of ${url} cut to ${Math.round(max / 1024)} KiB from ${bytes} bytes (postings contribute at most ${Math.round(max / 1024)} KiB of text)`;
}

/**
 * An http(s) URL: `url` resolved against `base` when relative; null for any other scheme
 * (`javascript:`, `data:`, `mailto:`) and for what is not a URL, so it is never stored or linked.
 */
export function webUrl(url: string | null | undefined, base?: string): string | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The URL a posting is stored with and its id part: its own when http(s) (relative ones resolved
 * against the page), else the page it was read from, with the id kept distinct by a hash of what
 * the posting said. Null when neither is http(s).
 */
function postingUrl(url: string, pageUrl: string | undefined): { url: string; idUrl: string } | null {
  const own = webUrl(url, pageUrl);
  if (own) return { url: own, idUrl: canonicalUrl(own) };
  const page = webUrl(pageUrl);
  if (!page) return null;
  return { url: page, idUrl: `${canonicalUrl(page)}#${createHash('sha256').update(url).digest('hex').slice(0, 12)}` };
}

export interface NormaliseContext {
  source: string;
  url: string;
  /** The page the posting was read from: relative URLs resolve against it, and it stands in for a non-http(s) one. */
  pageUrl?: string;
  /** Where problems with the posting go (a description cut to the cap). */
  problems?: string[];
  /** Date the posting was first fetched: the fallback when the posting has none. */
  seenAt: string;
}

/** A schema.org JobPosting as a SkillPulse posting; null when it lacks a title or a description. */
export function normaliseJobPosting(data: JobPostingData, context: NormaliseContext): NormalisedPosting | null {
  const title = text(data.title) ?? '';
  let descriptionHtml = typeof data.description === 'string' ? data.description.trim() : '';
  // Some sites escape the HTML of the description a second time (&lt;p&gt;).
  if (!/<[a-z]/i.test(descriptionHtml) && /&lt;[a-z]/i.test(descriptionHtml)) descriptionHtml = decodeEntities(descriptionHtml).trim();
  // Every field that goes into the text is read like the description: HTML or not, escaped or not.
  const extra = ['skills', 'qualifications', 'responsibilities', 'experienceRequirements', 'educationRequirements']
    .flatMap((field) => list(data[field] as unknown))
    .map((value) => (typeof value === 'string' ? fieldText(value) : (text(value) ?? '')));
  const fullText = [fieldText(descriptionHtml), ...extra]
    .filter((part) => part !== '')
    .join('\n')
    .trim();
  if (title === '' || fullText === '') return null;
  const where = postingUrl(context.url, context.pageUrl);
  if (!where) return null;
  const { text: descriptionText, cutFrom } = capDescription(fullText);
  if (cutFrom !== null) context.problems?.push(descriptionCutProblem(where.url, cutFrom));
  // schema.org identifiers are often PropertyValues whose `name` is the issuer, not the id.
  const rawIdentifier = data.identifier as Record<string, unknown> | string | undefined;
  const identifier = text(
    typeof rawIdentifier === 'object' && rawIdentifier !== null ? (rawIdentifier.value ?? rawIdentifier['@value']) : rawIdentifier,
  );
  const datePosted = isoDate(data.datePosted);
  const { locations, country } = locationsOf(data);
  const hasPlace = list(data.jobLocation as unknown[]).length > 0;
  return {
    id: `${context.source}:${identifier ?? where.idUrl}`,
    source: context.source,
    url: where.url,
    title,
    company: text(data.hiringOrganization),
    locations,
    country,
    remote: remoteOf(data, descriptionText, hasPlace),
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

/**
 * Postings of one page with distinct ids. Postings whose ids collide (several JobPostings on a page
 * without an `identifier`, so all named by the page URL) get `#` and a key made from their title and
 * places, or from their whole content when those are equal too: stable across re-crawls, whatever
 * order the page lists them in. Postings equal in content are one posting.
 */
export function withDistinctIds(postings: NormalisedPosting[]): NormalisedPosting[] {
  const byId = new Map<string, NormalisedPosting[]>();
  for (const posting of postings) byId.set(posting.id, [...(byId.get(posting.id) ?? []), posting]);
  const result: NormalisedPosting[] = [];
  const short = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 12);
  for (const [id, group] of byId) {
    if (group.length === 1) {
      result.push(group[0] as NormalisedPosting);
      continue;
    }
    const keyOf = (p: NormalisedPosting) => short(`${p.title}\n${p.company ?? ''}\n${p.locations.join('|')}`.toLowerCase());
    const counts = new Map<string, number>();
    for (const posting of group) counts.set(keyOf(posting), (counts.get(keyOf(posting)) ?? 0) + 1);
    const seen = new Set<string>();
    for (const posting of group) {
      const key = (counts.get(keyOf(posting)) ?? 0) > 1 ? posting.contentHash.slice(0, 12) : keyOf(posting);
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ ...posting, id: `${id}#${key}` });
    }
  }
  return result;
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
  /** The page the posting was read from: relative URLs resolve against it, and it stands in for a non-http(s) one. */
  pageUrl?: string;
  /** Where problems with the posting go (a description cut to the cap). */
  problems?: string[];
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
  const title = cleanText(raw.title ?? '');
  let html = (raw.descriptionHtml ?? '').trim();
  if (!/<[a-z]/i.test(html) && /&lt;[a-z]/i.test(html)) html = decodeEntities(html).trim();
  const fullText = (html ? fieldText(html) : '') || fieldText(raw.descriptionText ?? '');
  if (title === '' || fullText === '') return null;
  const where = postingUrl(raw.url, raw.pageUrl);
  if (!where) return null;
  const { text: descriptionText, cutFrom } = capDescription(fullText);
  if (cutFrom !== null) raw.problems?.push(descriptionCutProblem(where.url, cutFrom));
  const locations = distinct((raw.locations ?? []).map(cleanText));
  const datePosted = isoDate(raw.datePosted);
  return {
    id: `${raw.source}:${raw.externalId ?? where.idUrl}`,
    source: raw.source,
    url: where.url,
    title,
    company: cleanText(raw.company ?? '') || null,
    locations,
    country: countryCode(raw.country),
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
