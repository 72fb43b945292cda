// `npm run bench [-- part...] [--quick]`: prints the benchmark figures of each part.
import { benchApi } from './api.mjs';
import { benchCrawl } from './crawl.mjs';
import { benchExtract } from './extract.mjs';
import { benchImport } from './import.mjs';
import { benchScaling } from './scaling.mjs';
import { benchStore, parseScale } from './store.mjs';

const PARTS = { extract: benchExtract, scaling: benchScaling, store: benchStore, crawl: benchCrawl, api: benchApi, import: benchImport };
const args = process.argv.slice(2);
const quick = args.includes('--quick');
// `--keep`: the store part leaves its Elasticsearch corpus for the api part at the same `--scale`.
const keep = args.includes('--keep');
// `--backend sqlite|elasticsearch` limits the store part to one backend.
const backendIndex = args.indexOf('--backend');
const backend = backendIndex >= 0 ? args.splice(backendIndex, 2)[1] : undefined;
// `--scale 10m` sets the corpus size of the store and api parts (tests/bench/store.mjs).
const scaleIndex = args.indexOf('--scale');
const scale = scaleIndex >= 0 ? args.splice(scaleIndex, 2)[1] : undefined;
// `--corpus PREFIX`: the api part drives the Elasticsearch corpus kept under that index prefix.
const corpusIndex = args.indexOf('--corpus');
const corpus = corpusIndex >= 0 ? args.splice(corpusIndex, 2)[1] : undefined;
// `--arrival chronological|uniform`: the order the store and api parts' corpus arrives in (store.mjs).
const arrivalIndex = args.indexOf('--arrival');
const arrival = arrivalIndex >= 0 ? args.splice(arrivalIndex, 2)[1] : undefined;
if (arrival !== undefined && arrival !== 'uniform' && arrival !== 'chronological') {
  console.error(`bench: --arrival "${arrival}" is not an order (uniform or chronological)`);
  process.exit(2);
}
try {
  parseScale(scale, 0);
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(2);
}
const wanted = args.filter((a) => !a.startsWith('--'));
for (const name of wanted) {
  if (!(name in PARTS)) {
    console.error(`bench: unknown part "${name}" (known: ${Object.keys(PARTS).join(', ')})`);
    process.exit(2);
  }
}
for (const name of wanted.length > 0 ? wanted : Object.keys(PARTS)) await PARTS[name]({ quick, backend, scale, keep, arrival, corpus });
