import { createHash } from 'node:crypto';
import type { estypes } from '@elastic/elasticsearch';
import type { StoredPosting } from '@skillpulse/core';
import { foldKey } from '../shared.js';

/** Bumped when the mapping changes; stored in the index's `_meta`. */
export const ES_SCHEMA_VERSION = 1;

/** What one posting looks like in the index; `stored` keeps what is returned but never searched. */
export interface PostingDoc {
  id: string;
  source: string;
  url: string;
  title: string;
  company: string | null;
  company_key: string | null;
  locations: string[];
  locations_key: string[];
  country: string | null;
  remote: string;
  employment_type: string | null;
  seniority: string;
  date_posted: string;
  date_inferred: boolean;
  description_text: string;
  content_hash: string;
  canonical_id: string | null;
  unique: boolean;
  first_seen: string;
  last_seen: string;
  expired: boolean;
  taxonomy_version: string;
  extractor_version: string;
  skills: string[];
  stored: {
    skills: StoredPosting['skills'];
    salary: StoredPosting['salary'];
    valid_through: string | null;
    description_html: string | null;
  };
}

export const keyword = { type: 'keyword' } as const;
export const date = { type: 'date', format: 'strict_date_optional_time' } as const;

export function postingMappings(): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    _meta: { schema_version: ES_SCHEMA_VERSION },
    properties: {
      id: keyword,
      source: keyword,
      url: { type: 'keyword', index: false, doc_values: false },
      title: { type: 'text', analyzer: 'standard', fields: { raw: { type: 'keyword', ignore_above: 512 } } },
      company: keyword,
      company_key: keyword,
      locations: keyword,
      locations_key: keyword,
      country: keyword,
      remote: keyword,
      employment_type: keyword,
      seniority: keyword,
      date_posted: date,
      date_inferred: { type: 'boolean' },
      description_text: { type: 'text', analyzer: 'standard' },
      content_hash: keyword,
      canonical_id: keyword,
      unique: { type: 'boolean' },
      first_seen: date,
      last_seen: date,
      expired: { type: 'boolean' },
      taxonomy_version: keyword,
      extractor_version: keyword,
      // Canonical skill ids: the field every trend aggregation (and Kibana) reads.
      skills: keyword,
      stored: { type: 'object', enabled: false },
    },
  };
}

export function toDoc(posting: StoredPosting): PostingDoc {
  return {
    id: posting.id,
    source: posting.source,
    url: posting.url,
    title: posting.title,
    company: posting.company,
    company_key: posting.company === null ? null : foldKey(posting.company),
    locations: posting.locations,
    locations_key: posting.locations.map(foldKey),
    country: posting.country,
    remote: posting.remote,
    employment_type: posting.employmentType,
    seniority: posting.seniority,
    date_posted: posting.datePosted,
    date_inferred: posting.dateInferred,
    description_text: posting.descriptionText,
    content_hash: posting.contentHash,
    canonical_id: posting.canonicalId,
    unique: posting.canonicalId === null,
    first_seen: posting.firstSeen,
    last_seen: posting.lastSeen,
    expired: posting.expired,
    taxonomy_version: posting.taxonomyVersion,
    extractor_version: posting.extractorVersion,
    skills: posting.skills.map((s) => s.skillId),
    stored: {
      skills: posting.skills,
      salary: posting.salary,
      valid_through: posting.validThrough,
      description_html: posting.descriptionHtml,
    },
  };
}

export function fromDoc(doc: PostingDoc): StoredPosting {
  return {
    id: doc.id,
    source: doc.source,
    url: doc.url,
    title: doc.title,
    company: doc.company,
    locations: doc.locations,
    country: doc.country,
    remote: doc.remote as StoredPosting['remote'],
    employmentType: doc.employment_type,
    seniority: doc.seniority as StoredPosting['seniority'],
    salary: doc.stored.salary,
    datePosted: doc.date_posted,
    dateInferred: doc.date_inferred,
    validThrough: doc.stored.valid_through,
    descriptionText: doc.description_text,
    descriptionHtml: doc.stored.description_html,
    contentHash: doc.content_hash,
    canonicalId: doc.canonical_id,
    firstSeen: doc.first_seen,
    lastSeen: doc.last_seen,
    expired: doc.expired,
    taxonomyVersion: doc.taxonomy_version,
    extractorVersion: doc.extractor_version,
    skills: doc.stored.skills,
    // TODO(issue 20, store helper): stored role and place fields.
    role: null,
    place: null,
  };
}

/** Deterministic `_id`: the posting id, or its hash when it is longer than Elasticsearch allows (512 bytes). */
export function documentId(postingId: string): string {
  return Buffer.byteLength(postingId) <= 512 ? postingId : `sha256:${createHash('sha256').update(postingId).digest('hex')}`;
}
