import { randomUUID } from 'node:crypto';
import type { CrawlReport } from '@skillpulse/crawl';
import type { CrawlRun, RunStatus, SkillStore } from '@skillpulse/store';
import { isStoreUnavailable, storageWriteFailure } from './write-failure.js';

/** The record of a run that starts now, nothing counted yet (a crawl's or an import's). */
export function startingRun(job: string, trigger: CrawlRun['trigger'], id: string = randomUUID()): CrawlRun {
  return {
    id,
    job,
    trigger,
    startedAt: new Date().toISOString(),
    endedAt: null,
    status: 'running',
    pagesFetched: 0,
    postingsNew: 0,
    postingsUpdated: 0,
    postingsDuplicate: 0,
    postingsExpired: 0,
    errorCount: 0,
    errors: [],
  };
}

/** Share of a source's live postings one run may expire unless the job says otherwise. */
export const DEFAULT_MAX_EXPIRED_SHARE = 0.5;

/** Postings a run would mark expired, and how many of the source's postings were live before it. */
export interface ExpiryPlan {
  ids: string[];
  live: number;
}

/**
 * The postings of a source that a complete crawl did not see (`seenIds`; null when the crawl was
 * partial) or whose page answered 404/410, among the live ones.
 */
export async function planExpiry(store: SkillStore, sourceName: string, seenIds: string[] | null, goneUrls: string[]): Promise<ExpiryPlan> {
  const seen = seenIds ? new Set(seenIds) : null;
  const gone = new Set(goneUrls);
  const ids: string[] = [];
  let live = 0;
  for await (const posting of store.iteratePostings({ source: sourceName })) {
    if (posting.expired) continue;
    live++;
    if (gone.has(posting.url) || (seen !== null && !seen.has(posting.id))) ids.push(posting.id);
  }
  return { ids, live };
}

/** Statuses of runs that read their listings to the end, so they can confirm or overrule a suspicious one. */
const COMPLETE: readonly RunStatus[] = ['succeeded', 'completed_with_errors', 'suspicious'];

/**
 * True when the job's last run that read its listings (failed, blocked and interrupted runs do not
 * count) was suspicious: this complete run then decides, and its expiry stands.
 */
export async function followsSuspiciousRun(store: SkillStore, jobId: string, currentRunId: string): Promise<boolean> {
  const previous = (await store.listRuns(jobId, 20)).find((r) => r.id !== currentRunId && COMPLETE.includes(r.status));
  return previous?.status === 'suspicious';
}

/** Why a run expired nothing although postings looked gone. */
export function suspiciousReason(plan: ExpiryPlan, sourceName: string, maxShare: number): string {
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  return (
    `this run would expire ${plan.ids.length} of the ${plan.live} live postings of ${sourceName} ` +
    `(${percent(plan.ids.length / plan.live)}), more than the job's maxExpiredShare of ${percent(maxShare)}, so it expired none. ` +
    'If the source really dropped them, the next complete run expires them; to allow more at once, raise options.maxExpiredShare'
  );
}

/**
 * The run's status from what the crawl reported; the first that applies wins. `storedAny`: whether
 * the run stored at least one posting (an outage of Elasticsearch after that is `completed_with_errors`).
 */
export function runStatus(report: CrawlReport, interrupted: boolean, suspicious: boolean, storedAny = false): RunStatus {
  // A store that cannot write stopped the crawl, whatever else happened; a store that stopped
  // answering after the run stored some postings lost only the rest (the reason says how many).
  if (report.writeFailure !== undefined) {
    return storedAny && isStoreUnavailable(storageWriteFailure(report.writeFailure)) ? 'completed_with_errors' : 'failed';
  }
  if (interrupted) return 'interrupted';
  if (report.listingFailures.some((f) => f.blocked)) return 'blocked';
  if (report.listingFailures.length > 0) return 'failed';
  if (suspicious) return 'suspicious';
  if (report.errors.length > 0) return 'completed_with_errors';
  return 'succeeded';
}

const OUTCOME: Record<RunStatus, string> = {
  running: 'still running',
  succeeded: '',
  completed_with_errors: 'some pages or postings could not be read or stored',
  failed: 'nothing expired',
  blocked: 'the site refused the crawler; nothing expired',
  suspicious: 'nothing expired',
  interrupted: 'stopped before the end; the next run resumes',
};

/**
 * One line saying how a run ended: `acme: failed — 1 pages, 0 new, …, 1 errors; nothing expired:
 * board "acme" not found at … (HTTP 404)`.
 */
/**
 * The reason the summary line gives for how a run ended: the first error of a failed, blocked or
 * suspicious run, or of a run completed with errors when that error is run-level (no URL: a store
 * outage). Listings of the other errors leave it out.
 */
export function runLevelReason(run: CrawlRun): string | undefined {
  const first = run.errors[0];
  const said = ['failed', 'blocked', 'suspicious'].includes(run.status) || (run.status === 'completed_with_errors' && first?.url === '');
  return said ? first?.reason : undefined;
}

export function runSummary(run: CrawlRun): string {
  const counts = `${run.pagesFetched} pages, ${run.postingsNew} new, ${run.postingsUpdated} updated, ${run.postingsDuplicate} duplicate, ${run.postingsExpired} expired, ${run.errorCount} errors`;
  const outcome = OUTCOME[run.status] ?? '';
  const reason = runLevelReason(run);
  return `${run.job}: ${run.status} — ${counts}${outcome ? `; ${outcome}` : ''}${reason ? `: ${reason}` : ''}`;
}
