import { randomUUID } from 'node:crypto';
import type { Logger, NormalisedPosting } from '@skillpulse/core';
import { type CareerSiteSource, type CrawlProgress, crawlCareerSite } from '@skillpulse/crawl';
import { SkillExtractor, toPostingSkills } from '@skillpulse/extract';
import { startSampleBoard } from '@skillpulse/sample-board';
import type { CrawlRun, PostingInput, SkillStore } from '@skillpulse/store';
import type { JobDefinition } from './job.js';

export interface IngestOptions {
  job: JobDefinition;
  store: SkillStore;
  extractor?: SkillExtractor;
  logger: Logger;
  trigger?: CrawlRun['trigger'];
  onProgress?: (progress: CrawlProgress) => void;
}

/** The whole pipeline for one job: crawl → normalise → dedupe → extract → store, recorded as a run. */
export async function runIngest(options: IngestOptions): Promise<CrawlRun> {
  const { job, store, logger } = options;
  const extractor = options.extractor ?? new SkillExtractor();
  const run: CrawlRun = {
    id: randomUUID(),
    job: job.id,
    trigger: options.trigger ?? 'cli',
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
  await store.saveRun(run);
  const board = job.source.type === 'sample-board' ? await startSampleBoard() : null;
  try {
    const source: CareerSiteSource =
      job.source.type === 'career-site'
        ? { ...job.source }
        : {
            type: 'career-site',
            name: job.source.name,
            startUrls: [`${board?.url}/jobs`],
            sitemapUrls: [],
            follow: [`^${escapeRegExp(board?.url ?? '')}/jobs(\\?page=\\d+|/[a-z0-9-]+)$`],
          };
    // Exact duplicates within a run (the same text under two URLs) count once.
    const seenHashes = new Map<string, string>();
    const report = await crawlCareerSite(source, {
      limits: job.limits,
      userAgent: job.userAgent,
      respectRobotsTxt: job.respectRobotsTxt,
      allowPrivateNetwork: job.allowPrivateNetwork,
      logger,
      onProgress: options.onProgress,
      onPostings: async (postings: NormalisedPosting[]) => {
        const seenAt = new Date().toISOString();
        const batch: PostingInput[] = postings.map((posting) => {
          const canonical = seenHashes.get(posting.contentHash);
          if (canonical === undefined) seenHashes.set(posting.contentHash, posting.id);
          const duplicateOf = canonical !== undefined && canonical !== posting.id ? canonical : null;
          if (duplicateOf) run.postingsDuplicate++;
          const extraction = extractor.extract(
            posting.descriptionHtml ? { html: posting.descriptionHtml } : { text: posting.descriptionText },
          );
          return {
            ...posting,
            skills: toPostingSkills(extraction),
            taxonomyVersion: extraction.taxonomyVersion,
            extractorVersion: extraction.extractorVersion,
            canonicalId: duplicateOf,
            seenAt,
          };
        });
        const result = await store.upsertPostings(batch);
        run.postingsNew += result.inserted;
        run.postingsUpdated += result.updated;
      },
    });
    run.pagesFetched = report.pagesFetched;
    run.errors = report.errors.slice(0, 50);
    run.errorCount = report.errors.length;
    run.status = 'succeeded';
  } catch (error) {
    run.status = 'failed';
    run.errorCount++;
    run.errors.push({ url: '', reason: (error as Error).message });
    logger.error({ job: job.id, err: (error as Error).message }, 'crawl failed');
    throw error;
  } finally {
    run.endedAt = new Date().toISOString();
    await store.saveRun(run);
    await board?.close();
  }
  logger.info({ job: job.id, run: run.id, pages: run.pagesFetched, new: run.postingsNew, updated: run.postingsUpdated }, 'crawl finished');
  return run;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
