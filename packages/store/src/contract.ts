import type { PostingSkill, StoredPosting } from '@skillpulse/core';

export type Interval = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Filters every analytics query accepts. Dates are inclusive ISO dates (YYYY-MM-DD). */
export interface PostingFilter {
  from?: string;
  to?: string;
  source?: string;
  company?: string;
  country?: string;
  remote?: string;
  seniority?: string;
  /** Restrict skill counts to these skills (the API turns a category into its skill ids). */
  skillIds?: readonly string[];
}

/** What a caller hands to `upsertPostings`: the first/last-seen dates are the store's business. */
export type PostingInput = Omit<StoredPosting, 'firstSeen' | 'lastSeen' | 'expired'> & { seenAt: string };

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface SkillCount {
  skillId: string;
  postings: number;
}

export interface PeriodTotal {
  period: string;
  postings: number;
}

export interface PeriodSkillCount extends SkillCount {
  period: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunError {
  url: string;
  reason: string;
}

export interface CrawlRun {
  id: string;
  job: string;
  trigger: 'schedule' | 'manual' | 'catch-up' | 'cli';
  startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  pagesFetched: number;
  postingsNew: number;
  postingsUpdated: number;
  postingsDuplicate: number;
  postingsExpired: number;
  errorCount: number;
  errors: RunError[];
}

export interface StoreInfo {
  backend: 'sqlite' | 'elasticsearch';
  schemaVersion: number;
  postings: number;
  uniquePostings: number;
  taxonomyVersions: string[];
  extractorVersions: string[];
}

/**
 * The one storage contract both backends implement. Counts are of unique postings: a posting
 * whose `canonicalId` points at another one is stored but never counted.
 */
export interface SkillStore {
  readonly backend: 'sqlite' | 'elasticsearch';
  /** Idempotent: the same posting twice is one posting; a changed posting replaces its skills. */
  upsertPostings(postings: readonly PostingInput[]): Promise<UpsertResult>;
  getPosting(id: string): Promise<StoredPosting | null>;
  /** Content hashes of the given postings that are stored, for incremental re-crawls. */
  getContentHashes(ids: readonly string[]): Promise<Map<string, string>>;
  markExpired(ids: readonly string[]): Promise<number>;
  /** Unique postings matching the filter. */
  countPostings(filter: PostingFilter): Promise<number>;
  /** Unique postings per skill in the filter's window, most first. */
  skillCounts(filter: PostingFilter, limit?: number): Promise<SkillCount[]>;
  /** Unique postings per period: the denominator of every share. */
  periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]>;
  /** Unique postings per period and skill, for the given skills. */
  periodSkillCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<PeriodSkillCount[]>;
  /** Every stored posting matching the filter (duplicates included), streamed: for export and re-extraction. */
  iteratePostings(filter?: PostingFilter): AsyncIterable<StoredPosting>;
  saveRun(run: CrawlRun): Promise<void>;
  listRuns(job?: string, limit?: number): Promise<CrawlRun[]>;
  info(): Promise<StoreInfo>;
  close(): Promise<void>;
}

export type { PostingSkill, StoredPosting };
