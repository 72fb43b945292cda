import { BasicCrawler, CheerioCrawler, Configuration, log, RequestQueueV1 } from '@crawlee/cheerio';
import { startSampleBoard } from '@skillpulse/sample-board';

log.setLevel(log.LEVELS.OFF);
const board = await startSampleBoard({ size: 2000 });
const res = await fetch(`${board.url}/jobs`);
const html = await res.text();
// collect all posting urls by walking listing pages
const urls = [];
for (let page = 1; page < 200; page++) {
  const t = await (await fetch(`${board.url}/jobs?page=${page}`)).text();
  const m = [...t.matchAll(/href="(\/jobs\/[a-z0-9-]+)"/g)].map((x) => board.url + x[1]);
  if (!m.length) break;
  urls.push(...m);
}
const U = [...new Set(urls)];
console.log('urls', U.length);
const C = 8;
async function plain() {
  let n = 0;
  const w = async () => {
    while (n < U.length) {
      const u = U[n++];
      const r = await fetch(u);
      await r.text();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: C }, w));
  return U.length / ((performance.now() - t0) / 1000);
}
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
        if (Kind === BasicCrawler) {
          const r = await fetch(ctx.request.url);
          await r.text();
        }
        n++;
      },
    },
    config,
  );
  const t0 = performance.now();
  await c.run();
  return n / ((performance.now() - t0) / 1000);
}
console.log('plain', (await plain()).toFixed(0));
console.log('plain', (await plain()).toFixed(0));
console.log(
  'cheerio noop',
  (
    await crawl(CheerioCrawler, {
      preNavigationHooks: [
        async (_c, g) => {
          g.useHeaderGenerator = false;
        },
      ],
    })
  ).toFixed(0),
);
console.log('basic+fetch noop', (await crawl(BasicCrawler)).toFixed(0));
console.log(
  'cheerio noop',
  (
    await crawl(CheerioCrawler, {
      preNavigationHooks: [
        async (_c, g) => {
          g.useHeaderGenerator = false;
        },
      ],
    })
  ).toFixed(0),
);
console.log('basic+fetch noop', (await crawl(BasicCrawler)).toFixed(0));
await board.close();
