import type { StoredPosting } from '@skillpulse/core';

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
    // TODO(issue 20, store helper): stored role and place columns.
    role: null,
    place: null,
  };
}
