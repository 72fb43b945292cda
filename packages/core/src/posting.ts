/** Work arrangement as stated by the posting. */
export type RemoteType = 'remote' | 'hybrid' | 'onsite' | 'unknown';

export type Seniority = 'intern' | 'junior' | 'mid' | 'senior' | 'lead' | 'unknown';

export interface Salary {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: 'hour' | 'day' | 'week' | 'month' | 'year' | null;
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
  /** Id of the canonical posting when this one is a (near-)duplicate, else null. */
  canonicalId: string | null;
  firstSeen: string;
  lastSeen: string;
  expired: boolean;
}
