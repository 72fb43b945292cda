import { createHash } from 'node:crypto';
import type { estypes } from '@elastic/elasticsearch';
import type { StoredPosting } from '@skillpulse/core';
import { foldKey } from '../shared.js';

/**
 * Bumped when the mapping changes; stored in the index's `_meta`. 2 (issue 20): role, place and
 * pay fields; 3 (issue 21): `stored_at`. Both added to an existing index's mapping at open (setup.ts).
 */
export const ES_SCHEMA_VERSION = 3;

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
  /** Role family id; null when the role was not derived (and absent in documents written before schema 2). */
  role_id?: string | null;
  /** ISCO-08 unit group. */
  role_isco?: string | null;
  /** The lists of `posting.place`, as stored (breakdowns) and case-folded (filters). */
  cities?: string[];
  cities_key?: string[];
  regions?: string[];
  regions_key?: string[];
  place_countries?: string[];
  metros?: string[];
  metros_key?: string[];
  /** `salary.currency` and `salary.annualMid` (both or neither: a figure without its currency is no figure). */
  salary_currency?: string | null;
  salary_annual_mid?: number | null;
  salary_from_text?: boolean | null;
  /**
   * When the store first stored the posting (ms since the epoch), kept on every update and re-index;
   * absent in documents written before schema 3, which count as stored before every pin.
   */
  stored_at?: number;
  stored: {
    /** Absent in documents written before schema 2. */
    role?: StoredPosting['role'];
    place?: StoredPosting['place'];
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
      ...DIMENSION_PROPERTIES,
      stored: { type: 'object', enabled: false },
    },
  };
}

/**
 * The fields schema 2 added (issue 20), and `stored_at` (schema 3, issue 21): put into an older
 * index's mapping when the store opens it.
 */
export const DIMENSION_PROPERTIES: Record<string, estypes.MappingProperty> = {
  role_id: keyword,
  role_isco: keyword,
  cities: keyword,
  cities_key: keyword,
  regions: keyword,
  regions_key: keyword,
  place_countries: keyword,
  metros: keyword,
  metros_key: keyword,
  salary_currency: keyword,
  salary_annual_mid: { type: 'double' },
  salary_from_text: { type: 'boolean' },
  stored_at: { type: 'long' },
};

/** The searchable role, place and pay fields of a posting. */
function dimensionFields(posting: StoredPosting): Partial<PostingDoc> {
  // `?? null`: callers written before roles existed may leave the fields out.
  const role = posting.role ?? null;
  const place = posting.place ?? null;
  const salary = posting.salary;
  const paid = salary !== null && salary.currency !== null && typeof salary.annualMid === 'number';
  const distinct = (values: readonly string[] | undefined) => [...new Set(values ?? [])];
  return {
    role_id: role?.id ?? null,
    role_isco: role?.isco ?? null,
    cities: distinct(place?.cities),
    cities_key: distinct(place?.cities.map(foldKey)),
    regions: distinct(place?.regions),
    regions_key: distinct(place?.regions.map(foldKey)),
    place_countries: distinct(place?.countries),
    metros: distinct(place?.metros),
    metros_key: distinct(place?.metros.map(foldKey)),
    salary_currency: paid ? salary.currency : null,
    salary_annual_mid: paid ? salary.annualMid : null,
    salary_from_text: paid ? salary.fromText === true : null,
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
    ...dimensionFields(posting),
    stored: {
      role: posting.role ?? null,
      place: posting.place ?? null,
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
    role: doc.stored.role ?? null,
    place: doc.stored.place ?? null,
  };
}

/** The `stored_at` of a document: kept when known, left out when not (a document from before schema 3). */
export const storedAtField = (storedAt: number | undefined): Pick<PostingDoc, 'stored_at'> =>
  storedAt === undefined ? {} : { stored_at: storedAt };

/** True when a stored document has the posting's role and place: a newly derived role or place is an update, not a touch. */
export function sameDimensions(doc: { stored?: Partial<PostingDoc['stored']> }, posting: Pick<StoredPosting, 'role' | 'place'>): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return same(doc.stored?.role, posting.role) && same(doc.stored?.place, posting.place);
}

/** Deterministic `_id`: the posting id, or its hash when it is longer than Elasticsearch allows (512 bytes). */
export function documentId(postingId: string): string {
  return Buffer.byteLength(postingId) <= 512 ? postingId : `sha256:${createHash('sha256').update(postingId).digest('hex')}`;
}
