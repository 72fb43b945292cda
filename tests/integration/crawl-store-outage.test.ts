import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, silentLogger } from '@skillpulse/core';
import type { CrawlProgress } from '@skillpulse/crawl';
import { DEFAULT_JOBS_DIR, loadJobFile, runIngest } from '@skillpulse/ingest';
import { ElasticsearchStore } from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';
import { ES_AVAILABLE, ES_MISSING_MESSAGE, ES_URL, REQUIRE_ES } from '../support/elasticsearch.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

/**
 * Elasticsearch stops answering in the middle of a crawl (issue 17): the postings it could not
 * store are counted and the run says so (`completed_with_errors`, or `failed` when nothing was
 * stored), the queue is kept so the next run resumes, and nothing expires. The outage is real: a
 * TCP proxy between the store and the shared Elasticsearch node is cut, then restored; the node
 * itself keeps running for everyone else. The sample board is served on 127.0.0.1 by the run.
 */

if (!ES_AVAILABLE && REQUIRE_ES) throw new Error(ES_MISSING_MESSAGE);

const SAMPLE_SIZE = 360;
const NOT_STORED = /^(\d+) postings? not stored: Elasticsearch unreachable \(.+\); nothing expired/;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp() {
  const proxy = await startTcpProxy(ES_URL);
  cleanups.push(() => proxy.close());
  const store = await ElasticsearchStore.open({
    url: proxy.url,
    indexPrefix: `sp-test-outage-${Math.random().toString(16).slice(2, 10)}`,
    shards: 1,
    replicas: 0,
  });
  cleanups.push(async () => {
    proxy.restore();
    await store.destroy();
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-outage-'));
  const job = loadJobFile(join(DEFAULT_JOBS_DIR, 'sample-board.yaml'));
  const queueDir = join(dataDir, 'queues', job.id);
  return { proxy, store, job, queueDir, dataDir };
}

/**
 * A logger that ends the outage once the crawl has noticed it (an error is logged), so the run's
 * record can be saved; a timer ends it anyway after `maxMs`.
 */
function restoringLogger(proxy: TcpProxy, maxMs: number): Logger & { armTimer(): void } {
  let timer: NodeJS.Timeout | undefined;
  const restore = () => {
    clearTimeout(timer);
    proxy.restore();
  };
  return {
    ...silentLogger,
    error: () => restore(),
    armTimer() {
      timer = setTimeout(restore, maxMs);
    },
  };
}

const queueFiles = (queueDir: string) => {
  const queue = join(queueDir, 'request_queues', 'source-sample-board');
  return existsSync(queue) ? readdirSync(queue).length : 0;
};

describe.skipIf(!ES_AVAILABLE)('an Elasticsearch outage during a crawl', () => {
  it('counts the postings not stored, ends completed_with_errors, keeps the queue, and the next run stores the rest', async () => {
    const { proxy, store, job, queueDir, dataDir } = await setUp();
    const logger = restoringLogger(proxy, 3_000);
    const onProgress = (progress: CrawlProgress) => {
      if (!proxy.down && progress.postingsFound >= 60 && progress.postingsFound < SAMPLE_SIZE) {
        proxy.cut();
        logger.armTimer();
      }
    };
    const run = await runIngest({ job, store, logger, queueDir, dataDir, onProgress });
    const stored = await store.countPostings({});
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(SAMPLE_SIZE);
    expect(run.status).toBe('completed_with_errors');
    expect(run.postingsExpired).toBe(0);
    const reason = run.errors[0]?.reason ?? '';
    expect(reason).toMatch(NOT_STORED);
    const notStored = Number(NOT_STORED.exec(reason)?.[1]);
    expect(notStored).toBeGreaterThan(0);
    expect(notStored).toBeLessThanOrEqual(SAMPLE_SIZE - stored);
    // The run's record says so, and the queue is kept for the next run.
    expect((await store.listRuns(job.id, 1))[0]).toMatchObject({ id: run.id, status: 'completed_with_errors' });
    expect(queueFiles(queueDir)).toBeGreaterThan(0);

    // Elasticsearch answers again: the next run resumes from the queue and stores the rest.
    const resumed = await runIngest({ job, store, logger: silentLogger, queueDir, dataDir });
    expect(resumed).toMatchObject({ status: 'succeeded', postingsExpired: 0, errorCount: 0 });
    expect(resumed.pagesFetched).toBeLessThan(SAMPLE_SIZE);
    expect(await store.countPostings({})).toBe(SAMPLE_SIZE);
    expect(queueFiles(queueDir)).toBe(0);
  }, 120_000);

  it('a run that stored nothing before the outage fails, with the count, and expires nothing', async () => {
    const { proxy, store, job, queueDir, dataDir } = await setUp();
    const logger = restoringLogger(proxy, 3_000);
    // The first page is the listing: no posting has been stored yet.
    const onProgress = (progress: CrawlProgress) => {
      if (!proxy.down && progress.pagesFetched === 1 && progress.postingsFound === 0) {
        proxy.cut();
        logger.armTimer();
      }
    };
    const run = await runIngest({ job, store, logger, queueDir, dataDir, onProgress });
    expect(await store.countPostings({})).toBe(0);
    expect(run).toMatchObject({ status: 'failed', postingsExpired: 0, postingsNew: 0 });
    expect(run.errors[0]?.reason).toMatch(NOT_STORED);
    expect(queueFiles(queueDir)).toBeGreaterThan(0);
  }, 120_000);
});
