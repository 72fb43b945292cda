// What deriving roles and places costs an ingest run: loading the role catalogue, the ESCO index and
// the GeoNames gazetteer once, then deriving each posting. Run after `npx tsc -p pipelines/ingest`:
//   node --expose-gc pipelines/ingest/scripts/derive-bench.mjs
import { PostingDeriver } from '@skillpulse/ingest';
import { generateSamplePostings } from '@skillpulse/sample-board';

const mb = (bytes) => `${Math.round(bytes / 1048576)} MB`;
const rss = () => {
  globalThis.gc?.();
  return process.memoryUsage().rss;
};
const postings = generateSamplePostings(3000).map((p) => ({
  title: p.title,
  locations: [`${p.city}, ${p.region}`],
  country: p.country,
}));
console.log(`${postings.length} sample postings, ${new Set(postings.map((p) => p.title)).size} distinct titles`);
const before = rss();
let t = performance.now();
const deriver = new PostingDeriver();
// The first derivation loads the ESCO index and the gazetteer: pay it here.
deriver.derive({ title: 'Data Engineer', locations: ['Berlin'], country: null }, []);
const loadMs = performance.now() - t;
const loaded = rss();
for (const pass of ['first', 'warm']) {
  t = performance.now();
  for (const p of postings) deriver.derive(p, []);
  const ms = performance.now() - t;
  console.log(
    `${pass} pass: ${postings.length} postings in ${Math.round(ms)} ms (${Math.round((ms * 1000) / postings.length)} µs a posting)`,
  );
}
console.log(
  `load (roles + ESCO + gazetteer): ${Math.round(loadMs)} ms; RSS ${mb(before)} → ${mb(loaded)} (+${mb(loaded - before)}), after deriving ${mb(rss())}`,
);
