import type { StoredPosting } from '@skillpulse/core';
import { foldKey } from '../shared.js';

/** One row of the postings table, as SQLite returns it. */
export interface PostingRow {
  id: string;
  source: string;
  url: string;
  title: string;
  company: string | null;
  locations: string;
  country: string | null;
  remote: string;
  employment_type: string | null;
  seniority: string;
  salary: string | null;
  date_posted: string;
  date_inferred: number;
  valid_through: string | null;
  description_text: string;
  description_html: string | null;
  content_hash: string;
  canonical_id: string | null;
  first_seen: string;
  last_seen: string;
  expired: number;
  taxonomy_version: string;
  extractor_version: string;
  skills: string;
  company_key: string | null;
  locations_key: string;
  skill_ids: string;
  role: string | null;
  place: string | null;
  role_id: string | null;
  cities_key: string;
  regions_key: string;
  metros_key: string;
  /** When the store first stored the posting (ms since the epoch; 0 before schema 6). */
  stored_at: number;
}

export function rowToPosting(row: PostingRow): StoredPosting {
  return {
    id: row.id,
    source: row.source,
    url: row.url,
    title: row.title,
    company: row.company,
    locations: JSON.parse(row.locations) as string[],
    country: row.country,
    remote: row.remote as StoredPosting['remote'],
    employmentType: row.employment_type,
    seniority: row.seniority as StoredPosting['seniority'],
    salary: row.salary ? (JSON.parse(row.salary) as StoredPosting['salary']) : null,
    datePosted: row.date_posted,
    dateInferred: row.date_inferred === 1,
    validThrough: row.valid_through,
    descriptionText: row.description_text,
    descriptionHtml: row.description_html,
    contentHash: row.content_hash,
    canonicalId: row.canonical_id,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    expired: row.expired === 1,
    taxonomyVersion: row.taxonomy_version,
    extractorVersion: row.extractor_version,
    skills: JSON.parse(row.skills) as StoredPosting['skills'],
    role: row.role ? (JSON.parse(row.role) as StoredPosting['role']) : null,
    place: row.place ? (JSON.parse(row.place) as StoredPosting['place']) : null,
  };
}

/** The columns of a posting's role and place: the JSON returned, and the keys the filters read. */
export function dimensionColumns(posting: Pick<StoredPosting, 'role' | 'place'>): {
  role: string | null;
  place: string | null;
  roleId: string | null;
  citiesKey: string;
  regionsKey: string;
  metrosKey: string;
} {
  // `?? null`: callers written before roles existed may leave the fields out.
  const role = posting.role ?? null;
  const place = posting.place ?? null;
  const keys = (values: readonly string[] | undefined) => JSON.stringify([...new Set((values ?? []).map(foldKey))]);
  return {
    role: role === null ? null : JSON.stringify(role),
    place: place === null ? null : JSON.stringify(place),
    roleId: role?.id ?? null,
    citiesKey: keys(place?.cities),
    regionsKey: keys(place?.regions),
    metrosKey: keys(place?.metros),
  };
}

/** True when a stored row has the posting's role and place: a newly derived role or place is an update, not a touch. */
export function sameDimensions(row: Pick<PostingRow, 'role' | 'place'>, posting: Pick<StoredPosting, 'role' | 'place'>): boolean {
  const columns = dimensionColumns(posting);
  return row.role === columns.role && row.place === columns.place;
}

/**
 * Inserts a posting or replaces every column of the stored one (named parameters: the posting's
 * fields, `dimensionColumns` and `storedAt`); `stored_at` is set by the insert only, never replaced.
 */
export const WRITE_POSTING_SQL = `INSERT INTO postings (id, source, url, title, company, locations, country, remote, employment_type, seniority, salary,
     date_posted, date_inferred, valid_through, description_text, description_html, content_hash, canonical_id,
     first_seen, last_seen, expired, taxonomy_version, extractor_version, skills, company_key, locations_key, skill_ids,
     role, place, role_id, cities_key, regions_key, metros_key, stored_at)
   VALUES (@id, @source, @url, @title, @company, @locations, @country, @remote, @employmentType, @seniority, @salary,
     @datePosted, @dateInferred, @validThrough, @descriptionText, @descriptionHtml, @contentHash, @canonicalId,
     @firstSeen, @lastSeen, @expired, @taxonomyVersion, @extractorVersion, @skills, @companyKey, @locationsKey, @skillIds,
     @role, @place, @roleId, @citiesKey, @regionsKey, @metrosKey, @storedAt)
   ON CONFLICT (id) DO UPDATE SET source = excluded.source, url = excluded.url, title = excluded.title,
     company = excluded.company, locations = excluded.locations, country = excluded.country, remote = excluded.remote,
     employment_type = excluded.employment_type, seniority = excluded.seniority, salary = excluded.salary,
     date_posted = excluded.date_posted, date_inferred = excluded.date_inferred, valid_through = excluded.valid_through,
     description_text = excluded.description_text, description_html = excluded.description_html,
     content_hash = excluded.content_hash, canonical_id = excluded.canonical_id, first_seen = excluded.first_seen,
     last_seen = excluded.last_seen, expired = excluded.expired, taxonomy_version = excluded.taxonomy_version,
     extractor_version = excluded.extractor_version, skills = excluded.skills, company_key = excluded.company_key,
     locations_key = excluded.locations_key, skill_ids = excluded.skill_ids, role = excluded.role, place = excluded.place,
     role_id = excluded.role_id, cities_key = excluded.cities_key, regions_key = excluded.regions_key,
     metros_key = excluded.metros_key`;
