/** Work arrangement as stated by the posting. */
export type RemoteType = 'remote' | 'hybrid' | 'onsite' | 'unknown';

export type Seniority = 'intern' | 'junior' | 'mid' | 'senior' | 'lead' | 'unknown';

export type PayPeriod = 'hour' | 'day' | 'week' | 'month' | 'year';

/** Pay as the posting states it, with its annualised equivalent (the normaliser in @skillpulse/crawl; docs/pay.md). */
export interface Salary {
  min: number | null;
  max: number | null;
  /** ISO 4217; null when the source gave none. */
  currency: string | null;
  period: PayPeriod | null;
  annualMin: number | null;
  annualMax: number | null;
  /** Midpoint of annualMin and annualMax, or the one of them that exists: the figure pay reports use. */
  annualMid: number | null;
  /** True when the figures were read from free text rather than a structured field. */
  fromText: boolean;
  /** True when the currency came from an ambiguous symbol (`$` → USD). */
  currencyInferred: boolean;
  /** True when no period was stated and "year" was inferred. */
  periodInferred: boolean;
}

/** The role a posting's title (and skills) map to (@skillpulse/roles; docs/roles.md). */
export interface PostingRole {
  /** Role family id from the versioned role list, or 'unknown'. */
  id: string;
  /** ESCO occupation URI, or null. */
  occupationUri: string | null;
  /** ISCO-08 unit group (4 digits), or null. */
  isco: string | null;
  /** O*NET-SOC code where the crosswalk has one, or null. */
  onetSoc: string | null;
  confidence: number;
  /** Version of the role list and mapping rules that produced this. */
  version: string;
}

/** Where a posting is, from its locations (@skillpulse/places; docs/places.md). Every list has one entry per distinct value. */
export interface PostingPlace {
  /** "<GeoNames city name>, <region key>", e.g. "Munich, DE-02", "Portland, US-OR". */
  cities: string[];
  /** "<country>-<GeoNames admin1 code>", e.g. "US-CA", "GB-ENG". */
  regions: string[];
  /** ISO 3166-1 alpha-2. */
  countries: string[];
  /** Metro ids, e.g. "US-san-francisco" (the metro rule in docs/places.md). */
  metros: string[];
  /** Countries or regions ("EU", "EMEA") a remote posting is restricted to, where stated. */
  remoteScope: string[];
  /** Version of the gazetteer and rules that produced this. */
  version: string;
}

/** A job posting after normalisation, before skill extraction. */
export interface NormalisedPosting {
  /** Stable id: `<source>:<external id>` or `<source>:<canonical url>`. */
  id: string;
  source: string;
  url: string;
  title: string;
  company: string | null;
  locations: string[];
  country: string | null;
  remote: RemoteType;
  employmentType: string | null;
  seniority: Seniority;
  salary: Salary | null;
  /** ISO date (YYYY-MM-DD) the posting says it was published. */
  datePosted: string;
  /** True when the source gave no date and `datePosted` fell back to the first-seen date. */
  dateInferred: boolean;
  validThrough: string | null;
  descriptionText: string;
  descriptionHtml: string | null;
  /** SHA-256 of the normalised title + description; a changed hash means re-extract. */
  contentHash: string;
}

/** One counted skill of a posting: a posting counts once per skill, however often it names it. */
export interface PostingSkill {
  skillId: string;
  /** required | preferred | mentioned */
  level: 'required' | 'preferred' | 'mentioned';
  count: number;
}

/** What the store keeps: the posting, its skill set and the versions that produced it. */
export interface StoredPosting extends NormalisedPosting {
  skills: PostingSkill[];
  taxonomyVersion: string;
  extractorVersion: string;
  /** Derived after extraction; null when not derived (stored before roles existed, or a store without it). */
  role: PostingRole | null;
  /** Derived from `locations`; null when not derived. */
  place: PostingPlace | null;
  /** Id of the canonical posting when this one is a (near-)duplicate, else null. */
  canonicalId: string | null;
  firstSeen: string;
  lastSeen: string;
  expired: boolean;
}
