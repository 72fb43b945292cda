// Crawl benchmark: the sample board served on loopback, crawled by the whole pipeline (crawlee
// fetch → JobPosting parsing → dedupe → skill extraction → SQLite), then the same URLs fetched by a
// plain HTTP client at the same concurrency. Prints pages/s, postings/s and the ratio of the two
// page rates. Targets: >= 150 pages/s with extraction and storage in the loop, ratio >= 0.5.
// Extraction runs on an ExtractionPool of the default size (as `skillpulse crawl`/`start` do);
// `--workers=N` sets its size (0: in the calling thread, through the pool's inline mode).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@skillpulse/core';
import { crawlSource } from '@skillpulse/crawl';
import { defaultPoolSize, ExtractionPool } from '@skillpulse/extract';
import { parseJob, runIngest } from '@skillpulse/ingest';
import { startSampleBoard } from '@skillpulse/sample-board';
import { SqliteStore } from '@skillpulse/store';

const CONCURRENCY = 8;
const workersArg = process.argv.find((a) => a.startsWith('--workers='));
const WORKERS = workersArg ? Number(workersArg.slice('--workers='.length)) : defaultPoolSize();

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
        // The job-file maximum (1,000 requests/s): far above what loopback serves.
        limits: { maxPages: size * 2, maxConcurrency: CONCURRENCY, maxRequestsPerMinute: 60_000 },
        options: { allowPrivateNetwork: true },
      },
      'bench-crawl.yaml',
    );
    // Workers start (and load the taxonomy) before the clock starts, as in a long-running process.
    const extractor = new ExtractionPool({ size: WORKERS });
    await extractor.extract({ text: 'warm up: Python' });
    const t0 = performance.now();
    const run = await runIngest({ job, store, logger: silentLogger, extractor }).finally(() => extractor.close());
    const crawlSeconds = (performance.now() - t0) / 1000;
    const pageUrls = board.requests.filter((p) => p.startsWith('/jobs')).map((p) => `${board.url}${p}`);
    const fetchSeconds = await plainFetch(pageUrls);
    const engineRate = await engineOnly(pageUrls);
    const crawlRate = run.pagesFetched / crawlSeconds;
    const fetchRate = pageUrls.length / fetchSeconds;
    const where = WORKERS === 0 ? 'extraction in the crawl thread' : `extraction on ${WORKERS} worker thread${WORKERS === 1 ? '' : 's'}`;
    console.log(`crawl: sample board of ${size} postings on loopback, concurrency ${CONCURRENCY}, ${where}`);
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
