import { mkdirSync } from 'node:fs';
import { Configuration, RequestQueueV1 as RequestQueue } from '@crawlee/cheerio';
import { LISTING_KEY, type ListingInfo } from '../listing.js';
import type { SourceAdapter, SourceRequest } from './source.js';

/**
 * The request queue of one crawl, and how a source's requests travel through it (a persisted queue
 * keeps them between runs, so an interrupted crawl resumes).
 */

export interface OpenedQueue {
  config: Configuration;
  requestQueue: RequestQueue;
  /** True when the queue held requests left by an interrupted run; the source's start requests were not added. */
  resumed: boolean;
}

/** What a start request that does not say otherwise is: a listing. */
const START_LISTING: ListingInfo = { what: 'start page', hint: 'check the start URLs of the job' };

/**
 * Opens the crawl's queue (in `queueDir` when given, else in memory). An empty queue gets the
 * source's start requests, each a listing unless it says `listing: false`, each passed to `admit`
 * (the address check) first; a queue left by an interrupted run is resumed as it is.
 */
export async function openRequestQueue(
  source: SourceAdapter,
  queueDir: string | undefined,
  admit: (request: SourceRequest) => Promise<void>,
): Promise<OpenedQueue> {
  // Each crawl has its own configuration and named queue: crawlers in one process otherwise share
  // the default queue and skip each other's URLs. The v1 queue keeps requests in progress in memory
  // only; the v2 queue persists locks, so after a stop or a kill -9 the next run waited minutes for
  // them to expire before resuming.
  if (queueDir) mkdirSync(queueDir, { recursive: true });
  const config = new Configuration({
    persistStorage: queueDir !== undefined,
    purgeOnStart: false,
    storageClientOptions: queueDir ? { localDataDirectory: queueDir } : {},
  });
  const queueName = queueDir ? `source-${source.name.replace(/[^a-zA-Z0-9-]/g, '-')}` : `source-${Date.now()}`;
  const requestQueue = await RequestQueue.open(queueName, { config });
  const resumed = !(await requestQueue.isEmpty());
  if (!resumed) {
    const start = (await source.startRequests()).map((request) => ({
      ...request,
      listing: request.listing ?? { ...START_LISTING },
    }));
    for (const request of start) await admit(request);
    await requestQueue.addRequests(start.map(toCrawleeRequest));
  }
  return { config, requestQueue, resumed };
}

/** A source's request as crawlee queues it: the label and listing travel in `userData`. */
export function toCrawleeRequest(request: SourceRequest) {
  return {
    url: request.url,
    label: request.label,
    userData: { ...request.userData, label: request.label, ...(request.listing ? { [LISTING_KEY]: request.listing } : {}) },
    uniqueKey: request.uniqueKey,
    headers: request.headers,
  };
}

/** The source's request back from what crawlee queued (`toCrawleeRequest`). */
export function sourceRequestOf(request: { url: string; label?: string; userData: unknown }): SourceRequest {
  const { [LISTING_KEY]: listing, ...userData } = (request.userData ?? {}) as Record<string, unknown>;
  return {
    url: request.url,
    label: request.label ?? '',
    userData,
    listing: listing ? (listing as ListingInfo) : undefined,
  };
}
