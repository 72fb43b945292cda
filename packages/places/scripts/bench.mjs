// Measures parseLocation: cold start (gazetteer load + indexes) and warm throughput on
// ~3,000 location strings in the formats job feeds use. Run after `npx tsc -p packages/places`:
//   node packages/places/scripts/bench.mjs
import { performance } from 'node:perf_hooks';
import { gazetteer, parseLocation } from '../dist/index.js';

let start = performance.now();
const { cities } = gazetteer();
const loadMs = performance.now() - start;
const rssMb = process.memoryUsage().rss / 1e6;

const big = [...cities].sort((a, b) => b.population - a.population).slice(0, 500);
const forms = [
  (c) => c.name,
  (c) => `${c.name}, ${c.country}`,
  (c) => `${c.name}, ${c.admin}, ${c.country}`,
  (c) => `Hybrid - ${c.name}`,
  (c) => `${c.name} / Remote (${c.country})`,
  (c) => `Remote (${c.country})`,
];
const inputs = big.flatMap((c) => forms.map((form) => form(c)));

start = performance.now();
for (const input of inputs) parseLocation(input);
const firstPassMs = performance.now() - start; // includes building the metro grid and per-city metro lookups
start = performance.now();
const rounds = 5;
for (let r = 0; r < rounds; r++) for (const input of inputs) parseLocation(input);
const warmMs = (performance.now() - start) / rounds;

console.log(
  JSON.stringify({
    strings: inputs.length,
    loadMs: Math.round(loadMs),
    rssMbAfterLoad: Math.round(rssMb),
    firstPassMs: Math.round(firstPassMs),
    warmPassMs: Math.round(warmMs),
    microsecondsPerString: Math.round((warmMs * 1000) / inputs.length),
  }),
);
