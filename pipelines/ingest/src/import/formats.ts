import type { NormalisedPosting, RemoteType, StoredPosting } from '@skillpulse/core';
import {
  calendarDate,
  cleanText,
  contentHash,
  countryCode,
  isoDate,
  type JobPostingData,
  normaliseJobPosting,
  normaliseSalary,
  type PayPeriod,
  postingFrom,
  type RawPosting,
  salaryFromText,
  webUrl,
} from '@skillpulse/crawl';
import type { Signature } from '../dedupe.js';

/**
 * One row of an import turned into a posting: a normalised posting that goes through dedupe,
 * extraction and derivation like a crawled one; a stored posting carried as written (a SkillPulse
 * export whose versions are the current ones); or the reason the row was rejected. A posting read
 * on a reader thread carries its near-duplicate signature, computed there.
 */
export type ImportItem =
  | { at: string; posting: NormalisedPosting; signature?: Signature }
  | { at: string; carried: StoredPosting }
  | { at: string; error: string };

/** The versions a JSONL posting must carry for its skills, role and place to be kept as written. */
export interface CurrentVersions {
  taxonomy: string;
  extractor: string;
}

/** Thrown by a row converter: the row is rejected with this reason. */
export class RowError extends Error {}

const numberOf = (column: string, value: string | undefined): number | null => {
  const text = (value ?? '').trim();
  if (text === '' || /^(nan|none|null)$/i.test(text)) return null;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new RowError(`${column} "${text}" is not a number`);
  return n;
};

const PERIODS: Record<string, PayPeriod> = {
  yearly: 'year',
  year: 'year',
  annual: 'year',
  monthly: 'month',
  month: 'month',
  weekly: 'week',
  week: 'week',
  daily: 'day',
  day: 'day',
  hourly: 'hour',
  hour: 'hour',
};

/**
 * A date column: empty is none; anything else must read as a date. Day and month in numbers
 * (`03/10/2026`) are read only when one of them is over 12: either order is written somewhere, and
 * guessing would move postings by months.
 */
function dateOf(column: string, value: string | undefined): string | null {
  const text = (value ?? '').trim();
  if (text === '' || /^(nan|none|null|nat)$/i.test(text)) return null;
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (numeric) {
    const [a, b, year] = [Number(numeric[1]), Number(numeric[2]), numeric[3] as string];
    if (a <= 12 && b <= 12 && a !== b) {
      throw new RowError(`${column} "${text}" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD`);
    }
    const [month, day] = a > 12 ? [b, a] : [a, b];
    const date = calendarDate(Number(year), month, day);
    if (!date) throw new RowError(`${column} "${text}" is not a date (YYYY-MM-DD)`);
    return date;
  }
  const date = isoDate(text);
  if (!date) throw new RowError(`${column} "${text}" is not a date (YYYY-MM-DD)`);
  return date;
}

const TRUE = /^(true|1|yes|y|t)$/i;
const text = (value: string | undefined): string => {
  const t = (value ?? '').trim();
  return /^(nan|none|null)$/i.test(t) ? '' : t;
};

/** The posting of a row once its fields are read; the reason when it has no title, text or URL. */
function postingOf(raw: RawPosting): NormalisedPosting {
  if (cleanText(raw.title) === '') throw new RowError('no title');
  if (!webUrl(raw.url)) throw new RowError(raw.url ? `URL "${raw.url}" is not an http(s) URL` : 'no URL');
  const posting = postingFrom(raw);
  if (!posting) throw new RowError('no description');
  return posting;
}

/** Pay from amount, currency and period columns, through the salary normaliser (docs/pay.md). */
function salaryOf(min: number | null, max: number | null, currency: string, period: string) {
  if (min === null && max === null) return null;
  const unit = PERIODS[period.trim().toLowerCase()] ?? null;
  return normaliseSalary({
    min: min ?? max,
    max: max ?? min,
    currency: currency.trim().toUpperCase() || null,
    period: unit,
  });
}

/** The country a "City, State, Country" location ends in, when its last part names one. */
function trailingCountry(location: string): string | null {
  const parts = location.split(',').map((p) => p.trim());
  return parts.length > 1 ? countryCode(parts[parts.length - 1]) : null;
}

/**
 * A row of the CSV JobSpy writes (`site, job_url, job_url_direct, title, company, location,
 * date_posted, job_type, interval, min_amount, max_amount, currency, is_remote, description, …`).
 * Columns it lacks are empty; other columns are ignored; any `site` is kept, in the posting's id.
 */
export function jobspyPosting(row: Record<string, string>, source: string, seenAt: string): NormalisedPosting {
  const url = text(row.job_url) || text(row.job_url_direct);
  const site = text(row.site).toLowerCase() || 'unknown';
  const location = cleanText(text(row.location));
  const own = text(row.id);
  const raw: RawPosting = {
    source,
    externalId: own ? `${site}:${own}` : null,
    url,
    title: text(row.title),
    company: text(row.company) || null,
    locations: location ? [location] : [],
    country: countryCode(text(row.country)) ?? trailingCountry(location),
    remote: TRUE.test(text(row.is_remote)) ? 'remote' : null,
    employmentType: text(row.job_type) || null,
    salary: salaryOf(
      numberOf('min_amount', row.min_amount),
      numberOf('max_amount', row.max_amount),
      text(row.currency),
      text(row.interval),
    ),
    datePosted: dateOf('date_posted', row.date_posted),
    descriptionText: text(row.description),
    seenAt,
  };
  const posting = postingOf(raw);
  // Without an id of the site, the URL names the posting; the site keeps two boards' copies apart.
  return own ? posting : { ...posting, id: `${source}:${site}:${posting.id.slice(source.length + 1)}` };
}

/** The fields a generic CSV can map its columns to (`--column FIELD=COLUMN`, or `columns:` in a map file). */
export const CSV_FIELDS = [
  'id',
  'url',
  'title',
  'company',
  'location',
  'country',
  'remote',
  'date_posted',
  'valid_through',
  'employment_type',
  'description',
  'description_html',
  'salary_min',
  'salary_max',
  'salary_currency',
  'salary_period',
  'salary_text',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

export interface CsvMapping {
  /** Field → column name (as in the header, any case). A field left out reads the column of its own name. */
  columns: Partial<Record<CsvField, string>>;
  delimiter: string;
  /** Splits one location cell into several (default `;` and `|`). */
  locationSeparator: string;
}

const REMOTE: Record<string, RemoteType> = { remote: 'remote', hybrid: 'hybrid', onsite: 'onsite', 'on-site': 'onsite', office: 'onsite' };

/** A row of a generic CSV, read through its column mapping. */
export function csvPosting(row: Record<string, string>, mapping: CsvMapping, source: string, seenAt: string): NormalisedPosting {
  const get = (field: CsvField) => text(row[(mapping.columns[field] ?? field).trim().toLowerCase()]);
  const separators = new RegExp(`[${mapping.locationSeparator.replace(/[\\\]^-]/g, '\\$&')}]`);
  const remoteCell = get('remote').toLowerCase();
  const salaryText = get('salary_text');
  const country = countryCode(get('country'));
  const raw: RawPosting = {
    source,
    externalId: get('id') || null,
    url: get('url'),
    title: get('title'),
    company: get('company') || null,
    locations: get('location')
      .split(separators)
      .map((l) => l.trim())
      .filter(Boolean),
    country,
    remote: REMOTE[remoteCell] ?? (remoteCell === '' ? null : TRUE.test(remoteCell) ? 'remote' : null),
    employmentType: get('employment_type') || null,
    salary:
      salaryOf(
        numberOf('salary_min', get('salary_min')),
        numberOf('salary_max', get('salary_max')),
        get('salary_currency'),
        get('salary_period'),
      ) ?? (salaryText ? salaryFromText(salaryText, country ? { country } : {}) : null),
    datePosted: dateOf('date_posted', get('date_posted')),
    validThrough: dateOf('valid_through', get('valid_through')),
    descriptionHtml: get('description_html') || null,
    descriptionText: get('description'),
    seenAt,
  };
  return postingOf(raw);
}

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * A line of SkillPulse's own JSONL (`skillpulse export postings --format jsonl`): carried as written
 * when it has skills stamped with the current taxonomy and extractor and its title and text are
 * those its `contentHash` was computed from, else re-extracted (the hash is always recomputed).
 */
export function jsonlItem(line: string, at: string, versions: CurrentVersions): ImportItem {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { at, error: `not JSON: ${(error as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { at, error: 'not a JSON object (one posting per line)' };
  const p = value as Partial<StoredPosting>;
  for (const key of ['id', 'source', 'url', 'title', 'descriptionText'] as const) {
    if (!isString(p[key]) || p[key] === '') return { at, error: `"${key}" is missing or not a string` };
  }
  if (!webUrl(p.url)) return { at, error: `"url" ${JSON.stringify(p.url)} is not an http(s) URL` };
  const datePosted = isString(p.datePosted) ? isoDate(p.datePosted) : null;
  if (!datePosted) return { at, error: `"datePosted" ${JSON.stringify(p.datePosted)} is not a date (YYYY-MM-DD)` };
  const normalised: NormalisedPosting = {
    id: p.id as string,
    source: p.source as string,
    url: p.url as string,
    title: p.title as string,
    company: p.company ?? null,
    locations: Array.isArray(p.locations) ? p.locations.filter(isString) : [],
    country: p.country ?? null,
    remote: p.remote ?? 'unknown',
    employmentType: p.employmentType ?? null,
    seniority: p.seniority ?? 'unknown',
    salary: p.salary ?? null,
    datePosted,
    dateInferred: p.dateInferred === true,
    validThrough: p.validThrough ?? null,
    descriptionText: p.descriptionText as string,
    descriptionHtml: p.descriptionHtml ?? null,
    contentHash: contentHash(p.title as string, p.descriptionText as string),
  };
  // A line whose title or text was edited after the export no longer matches its hash: its skills
  // are of the old text, so it is extracted again (and stored as an update), never carried.
  const edited = p.contentHash !== normalised.contentHash;
  const current =
    !edited && Array.isArray(p.skills) && p.taxonomyVersion === versions.taxonomy && p.extractorVersion === versions.extractor;
  if (!current) return { at, posting: normalised };
  const seen = isString(p.firstSeen) ? p.firstSeen : `${datePosted}T00:00:00.000Z`;
  return {
    at,
    carried: {
      ...normalised,
      skills: p.skills as StoredPosting['skills'],
      taxonomyVersion: p.taxonomyVersion as string,
      extractorVersion: p.extractorVersion as string,
      role: p.role ?? null,
      place: p.place ?? null,
      canonicalId: p.canonicalId ?? null,
      firstSeen: seen,
      lastSeen: isString(p.lastSeen) ? p.lastSeen : seen,
      expired: p.expired === true,
    },
  };
}

/** Walks JSON-LD (objects, arrays, `@graph` wrappers) for schema.org JobPostings. */
export function jobPostingsIn(node: unknown, found: JobPostingData[] = []): JobPostingData[] {
  if (Array.isArray(node)) for (const item of node) jobPostingsIn(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const types = Array.isArray(record['@type']) ? record['@type'] : [record['@type']];
    if (types.some((t) => typeof t === 'string' && /(^|[/#:])JobPosting$/.test(t))) found.push(record);
    else if (record['@graph']) jobPostingsIn(record['@graph'], found);
  }
  return found;
}

/** A JobPosting of a JSON-LD file, through the career-site crawler's normaliser. */
export function jsonldPosting(data: JobPostingData, source: string, seenAt: string): NormalisedPosting {
  const url = typeof data.url === 'string' ? data.url : '';
  const title = typeof data.title === 'string' ? data.title.trim() : '';
  if (title === '') throw new RowError('the JobPosting has no title');
  if (!webUrl(url)) throw new RowError(url ? `"url" "${url}" is not an http(s) URL` : 'the JobPosting has no "url"');
  const posting = normaliseJobPosting(data, { source, url, seenAt });
  if (!posting) throw new RowError('the JobPosting has no description');
  // As a CSV's date column: a date given but not readable is refused (the normaliser falls back to
  // the day it saw the page, which would put a historic posting on the import's day).
  const given = data.datePosted;
  if (posting.dateInferred && given !== undefined && given !== null && given !== '') {
    throw new RowError(`"datePosted" ${JSON.stringify(given)} is not a date (YYYY-MM-DD)`);
  }
  return posting;
}
