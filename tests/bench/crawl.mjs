// Crawl benchmark: the sample board served on loopback, crawled by the whole pipeline (crawlee
// fetch → JobPosting parsing → dedupe → skill extraction → SQLite), then the same URLs fetched by a
// plain HTTP client at the same concurrency. Prints pages/s, postings/s and the ratio of the two
// page rates. Targets: >= 150 pages/s with extraction and storage in the loop, ratio >= 0.5.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@skillpulse/core';
import { crawlSource } from '@skillpulse/crawl';
import { parseJob, runIngest } from '@skillpulse/ingest';
import { startSampleBoard } from '@skillpulse/sample-board';
import { SqliteStore } from '@skillpulse/store';

const CONCURRENCY = 8;

async function plainFetch(urls) {
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const response = await fetch(url);
      await response.text();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - t0) / 1000;
}

/** The crawl engine (crawlee) alone: the same URLs, a handler that reads nothing, no storage. */
async function engineOnly(urls) {
  const source = {
    name: 'bench-engine',
    snapshot: false,
    startRequests: () => urls.map((url) => ({ url, label: 'page' })),
    handle: () => ({}),
  };
  const t0 = performance.now();
  const report = await crawlSource(source, {
    userAgent: 'SkillPulseBench/1.0',
    allowPrivateNetwork: true,
    logger: silentLogger,
    limits: { maxPages: urls.length, maxConcurrency: CONCURRENCY, maxRequestsPerMinute: 1_000_000 },
    onPostings: async () => {},
  });
  return report.pagesFetched / ((performance.now() - t0) / 1000);
}

export async function benchCrawl({ quick }) {
  const size = quick ? 1000 : 5000;
  const board = await startSampleBoard({ size });
  const dir = mkdtempSync(join(tmpdir(), 'skillpulse-bench-crawl-'));
  const store = new SqliteStore({ path: join(dir, 'bench.db') });
  try {
    const job = parseJob(
      {
        id: 'bench-crawl',
        source: {
          type: 'career-site',
          startUrls: [`${board.url}/jobs`],
          follow: [`^${board.url.replace(/[.]/g, '\\.')}/jobs(\\?page=\\d+|/[a-z0-9-]+)$`],
        },
        limits: { maxPages: size * 2, maxConcurrency: CONCURRENCY, maxRequestsPerMinute: 1_000_000 },
        options: { allowPrivateNetwork: true },
      },
      'bench-crawl.yaml',
    );
    const t0 = performance.now();
    const run = await runIngest({ job, store, logger: silentLogger });
    const crawlSeconds = (performance.now() - t0) / 1000;
    const pageUrls = board.requests.filter((p) => p.startsWith('/jobs')).map((p) => `${board.url}${p}`);
    const fetchSeconds = await plainFetch(pageUrls);
    const engineRate = await engineOnly(pageUrls);
    const crawlRate = run.pagesFetched / crawlSeconds;
    const fetchRate = pageUrls.length / fetchSeconds;
    console.log(`crawl: sample board of ${size} postings on loopback, concurrency ${CONCURRENCY}`);
    console.log(
      `  pipeline (crawl + extract + SQLite): ${run.pagesFetched} pages in ${crawlSeconds.toFixed(1)} s = ${crawlRate.toFixed(0)} pages/s, ${(run.postingsNew / crawlSeconds).toFixed(0)} postings/s (target >= 150 pages/s)`,
    );
    console.log(`  plain HTTP fetch of the same ${pageUrls.length} URLs: ${fetchRate.toFixed(0)} pages/s`);
    console.log(`  ratio pipeline / plain fetch: ${(crawlRate / fetchRate).toFixed(2)} (target >= 0.5)`);
    // What crawlee costs before any parsing or storage: the ceiling of the ratio above.
    console.log(
      `  crawl engine alone (crawlee, empty handler, no storage): ${engineRate.toFixed(0)} pages/s, ratio to plain fetch ${(engineRate / fetchRate).toFixed(2)}`,
    );
  } finally {
    await store.close();
    await board.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
