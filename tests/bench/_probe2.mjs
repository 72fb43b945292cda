import { BasicCrawler, CheerioCrawler, Configuration, log, RequestQueueV1 } from '@crawlee/cheerio';
import { startSampleBoard } from '@skillpulse/sample-board';

log.setLevel(log.LEVELS.OFF);
const board = await startSampleBoard({ size: 2000 });
const U = Array.from({ length: 4000 }, (_, i) => `${board.url}/robots.txt?i=${i}`);
const C = 8;
async function crawl(Kind, extra = {}) {
  const config = new Configuration({ persistStorage: false, purgeOnStart: false });
  const q = await RequestQueueV1.open(`q-${Math.random()}`, { config });
  await q.addRequests(U.map((url) => ({ url })));
  let n = 0;
  const c = new Kind(
    {
      requestQueue: q,
      maxConcurrency: C,
      minConcurrency: C,
      useSessionPool: false,
      maxRequestsPerMinute: 1e6,
      ...extra,
      requestHandler: async (ctx) => {
        n++;
      },
    },
    config,
  );
  const t0 = performance.now();
  await c.run();
  return n / ((performance.now() - t0) / 1000);
}
console.log('basic noop no fetch', (await crawl(BasicCrawler)).toFixed(0));
console.log('basic noop no fetch', (await crawl(BasicCrawler)).toFixed(0));
await board.close();
