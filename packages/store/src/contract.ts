import type { PostingSkill, StoredPosting } from '@skillpulse/core';

export type Interval = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Filters every analytics query accepts. Dates are inclusive ISO dates (YYYY-MM-DD). */
export interface PostingFilter {
  from?: string;
  to?: string;
  source?: string;
  /** Case-insensitive. */
  company?: string;
  country?: string;
  /** One of the posting's locations, case-insensitive. */
  location?: string;
  remote?: string;
  seniority?: string;
  /** Role family id (`posting.role.id`, e.g. 'data-engineer' or 'unknown'); a posting whose role was never derived matches none. */
  role?: string;
  /** One of `posting.place.cities` ("Munich, DE-02"), case-insensitive. */
  city?: string;
  /** One of `posting.place.regions` ("US-CA"), case-insensitive. */
  region?: string;
  /** One of `posting.place.metros` ("US-san-francisco"), case-insensitive. */
  metro?: string;
  /** Restrict skill counts to these skills (the API turns a category into its skill ids). */
  skillIds?: readonly string[];
  /** Only postings that ask for every one of these skills. */
  hasSkills?: readonly string[];
  /** Only postings that ask for at least one of these skills (a category's breakdown). */
  anySkills?: readonly string[];
  /**
   * Only postings that ask for at least one skill of every group. A group is a union: a skill with
   * its descendants (`includeDescendants`) is one group, so `countPostings({ skillGroups: [[java,
   * spring]] })` counts a posting asking for both Java and Spring once, never the sum of the two counts.
   */
  skillGroups?: ReadonlyArray<readonly string[]>;
  /**
   * Only postings the store first stored at or before this time (ms since the epoch, the pin of a
   * `dataVersion`, see `pinOfDataVersion`); postings stored before the store kept the time count as
   * stored before every pin. Never answered from rollups.
   */
  storedBy?: number;
}

/**
 * Posting fields a breakdown can group by. `role` is `posting.role.id`; `city`, `region` and `metro`
 * are the lists of `posting.place`. A multi-valued facet (location, city, region, metro) counts a
 * posting once per distinct value; a posting without the field (role or place null) counts under none.
 */
export type Facet = 'source' | 'company' | 'country' | 'location' | 'remote' | 'seniority' | 'role' | 'city' | 'region' | 'metro';

/** Every facet, in the order of the type. */
export const FACETS: readonly Facet[] = [
  'source',
  'company',
  'country',
  'location',
  'remote',
  'seniority',
  'role',
  'city',
  'region',
  'metro',
];

/** One unique posting's pay, as the salary reports need it (`salaryPoints`). */
export interface SalaryPoint {
  /** ISO 4217 (`posting.salary.currency`); figures of different currencies are never mixed. */
  currency: string;
  /** `posting.salary.annualMid`: the annualised midpoint. */
  annualMid: number;
  /** `posting.salary.fromText`: read from free text rather than a structured field. */
  fromText: boolean;
  /** True when the posting asks for the skill `salaryPoints` was given (false without one). */
  hasSkill: boolean;
}

export interface FacetCount {
  value: string;
  postings: number;
}

export interface CooccurrenceResult {
  /** Unique postings that ask for the skill. */
  postings: number;
  /** Other skills of those postings, most first. */
  skills: SkillCount[];
}

export interface SearchQuery {
  filter: PostingFilter;
  /** Words that must all occur in the title or description. */
  text?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** Newest first; duplicates excluded. */
export interface SearchResult {
  total: number;
  postings: StoredPosting[];
}

export interface CanonicalLink {
  id: string;
  canonicalId: string | null;
}

export interface RewriteOptions {
  /** True when a stored posting needs no re-extraction. */
  isCurrent(posting: StoredPosting): boolean;
  /** Re-extracts a batch of stale postings; returns them with new skills and versions. */
  rewrite(postings: StoredPosting[]): StoredPosting[] | Promise<StoredPosting[]>;
  onProgress?(progress: RewriteProgress): void;
}

export interface RewriteProgress {
  /** Postings looked at so far, in this call. */
  done: number;
  total: number;
  rewritten: number;
}

export interface RewriteResult extends RewriteProgress {
  /** True when an interrupted re-index was picked up where it stopped. */
  resumed: boolean;
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

/** What `windowSkillCounts` answers: the denominator and the skill counts of one window. */
export interface WindowSkillCounts {
  total: number;
  skills: SkillCount[];
}

export interface PeriodTotal {
  period: string;
  postings: number;
}

export interface PeriodSkillCount extends SkillCount {
  period: string;
}

export interface TrendCounts {
  totals: PeriodTotal[];
  counts: PeriodSkillCount[];
}

/**
 * How a crawl run ended. `succeeded`: every listing read, no page errors. `completed_with_errors`:
 * listings read, but some pages failed or postings could not be read or stored. `failed`: a listing
 * could not be read (HTTP error, unexpected shape) or the run broke; nothing expired. `blocked`: the
 * site refused a listing (robots.txt, HTTP 401/403); nothing expired. `suspicious`: the run would have
 * expired more than the job's `maxExpiredShare` of the source's live postings, so it expired none;
 * the next complete run decides. `interrupted`: stopped (SIGTERM, lost lock); the next run resumes.
 */
export const RUN_STATUSES = ['running', 'succeeded', 'completed_with_errors', 'failed', 'blocked', 'suspicious', 'interrupted'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

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
  /**
   * The file an import read (`skillpulse import`): its name as given (`-` for standard input), its
   * size in bytes (of standard input: the bytes read) and the SHA-256 of its bytes (of a folder: of
   * its files in name order); `sha256` is null when the import stopped before the end. Null or
   * absent for crawl runs and for runs recorded before SkillPulse kept it.
   */
  file?: RunFile | null;
  /** Rows an import rejected (each with its line and reason in `errors`, the first 49); absent on crawl runs and older runs. */
  postingsRejected?: number;
}

/** The file of an import run: see `CrawlRun.file`. */
export interface RunFile {
  name: string;
  bytes: number;
  sha256: string | null;
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
 * What the crawl pipeline (pipelines/ingest) writes: postings, their last-seen dates, expiry,
 * near-duplicate links, and re-extraction. The two look-ups here (content hashes, duplicates) are
 * the ones ingest needs to decide what to write.
 */
export interface StoreWriter {
  /** Idempotent: the same posting twice is one posting; a changed posting replaces its skills. */
  upsertPostings(postings: readonly PostingInput[]): Promise<UpsertResult>;
  /** Content hashes of the given postings that are stored, for incremental re-crawls. */
  getContentHashes(ids: readonly string[]): Promise<Map<string, string>>;
  /** Records that unchanged postings were seen again (last seen now, not expired); returns how many exist. */
  touchPostings(ids: readonly string[], seenAt: string): Promise<number>;
  /** Marks postings gone from their source; they stay counted in the periods they were posted in. Returns how many changed. */
  markExpired(ids: readonly string[]): Promise<number>;
  /** Points postings at their canonical posting (near-duplicate groups), or back to null. Returns how many changed. */
  setCanonical(links: readonly CanonicalLink[]): Promise<number>;
  /** Ids of the postings that point at this canonical posting. */
  duplicatesOf(canonicalId: string): Promise<string[]>;
  /** Re-extraction over stored postings; resumable, and on Elasticsearch done in a new index swapped in at the end. */
  rewritePostings(options: RewriteOptions): Promise<RewriteResult>;
}

/**
 * What the reports read (packages/api, and the CLI's export and store info). Counts are of unique
 * postings: a posting whose `canonicalId` points at another one is stored but never counted.
 */
export interface StoreReader {
  readonly backend: 'sqlite' | 'elasticsearch';
  /** Unique postings matching the filter. */
  countPostings(filter: PostingFilter): Promise<number>;
  /** Unique postings per skill in the filter's window, most first. */
  skillCounts(filter: PostingFilter, limit?: number): Promise<SkillCount[]>;
  /**
   * `countPostings(filter)` and `skillCounts(filter, limit)` together, the pair every share needs
   * (top report): `total` is the count of unique postings (`skillIds` narrows the skills only, never
   * the total), `skills` exactly what `skillCounts` gives. One search on Elasticsearch, from the
   * rollups or the postings alike.
   */
  windowSkillCounts(filter: PostingFilter, limit?: number): Promise<WindowSkillCounts>;
  /** Unique postings per period: the denominator of every share. */
  periodTotals(filter: PostingFilter, interval: Interval): Promise<PeriodTotal[]>;
  /** Period totals and per-skill counts (only the non-zero ones) together, in one pass: what a trend chart needs. */
  trendCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<TrendCounts>;
  /** Skills asked for together with `skillId`, in unique postings that ask for it. */
  cooccurrence(filter: PostingFilter, skillId: string, limit?: number): Promise<CooccurrenceResult>;
  /** Unique postings per value of a posting field, most first. */
  facetCounts(filter: PostingFilter, facet: Facet, limit?: number): Promise<FacetCount[]>;
  /**
   * One point per unique posting in the filter whose salary has a currency and an annualised
   * midpoint (postings without either are left out), with whether it asks for `skillId`; sorted by
   * currency, then annualMid (then fromText, hasSkill, false first). What pay medians, quartiles
   * and skill premiums are computed from.
   */
  salaryPoints(filter: PostingFilter, skillId?: string): Promise<SalaryPoint[]>;
  /** Unique postings matching text and filters, newest first, one page. */
  searchPostings(query: SearchQuery): Promise<SearchResult>;
  /** Every stored posting matching the filter (duplicates included), streamed: for export, re-extraction and ingest's checks. */
  iteratePostings(filter?: PostingFilter): AsyncIterable<StoredPosting>;
  info(): Promise<StoreInfo>;
  /**
   * A token that changes whenever stored data may have changed, this process's writes and other
   * processes' alike; cheap, so the API can key its response cache and ETags on it. It starts with
   * a pin, `<ms>.`: the newest time a posting was first stored (0 for none), so that
   * `storedBy: pinOfDataVersion(version)` selects the postings stored up to this version.
   */
  dataVersion(): Promise<string>;
}

/** Crawl runs and job locks: what the scheduler (pipelines/scheduler) and the run history need. */
export interface RunStore {
  /**
   * Takes the named lock for `owner` until `ttlMs` from now, or renews it when `owner` holds it (a
   * heartbeat). True when the lock is now the owner's; false when another owner holds it and it has
   * not expired. Shared by every process on the same store: a job never runs twice at once.
   */
  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lock up if `owner` still holds it. */
  releaseLock(name: string, owner: string): Promise<void>;
  saveRun(run: CrawlRun): Promise<void>;
  /** Newest first. */
  listRuns(job?: string, limit?: number): Promise<CrawlRun[]>;
}

/**
 * The whole storage contract both backends implement, as `openStore` returns it: the three parts
 * and `close`. A caller that needs one part takes that part.
 */
export interface SkillStore extends StoreWriter, StoreReader, RunStore {
  close(): Promise<void>;
}

export type { PostingSkill, StoredPosting };
