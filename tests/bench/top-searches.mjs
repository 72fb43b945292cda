// `node tests/bench/top-searches.mjs [--quick]`: the store calls of one /api/top with its previous-window
// comparison on Elasticsearch, as four searches (countPostings + skillCounts per window, the way
// top.ts made them before issue 22) against two (windowSkillCounts per window), interleaved
// request by request over the same random windows so that a busy machine weighs on both alike.
// Corpus: the store bench's deterministic one (20,000 postings with --quick, else 100,000).
import { randomBytes } from 'node:crypto';
import { ElasticsearchStore } from '@skillpulse/store';
import { batches, DAYS, rng, START_DAY as START } from './store.mjs';

const quick = process.argv.includes('--quick');
const total = quick ? 20_000 : 100_000;
const seconds = quick ? 20 : 60;
const CLIENTS = [1, 10];
const url = process.env.SKILLPULSE_ES_URL || 'http://127.0.0.1:9200';

const DAY = 86_400_000;
const day = (d) => new Date(START + d * DAY).toISOString().slice(0, 10);
function nextWindow(random) {
  const length = 30 + Math.floor(random() * 335);
  const from = 365 + Math.floor(random() * (DAYS - 365 - length));
  return { from: day(from), to: day(from + length) };
}
/** The window of the same length ending the day before (packages/api/src/reports/common.ts). */
function previousWindow({ from, to }) {
  const length = Math.round((Date.parse(to) - Date.parse(from)) / DAY);
  const previousTo = new Date(Date.parse(from) - DAY).toISOString().slice(0, 10);
  return { from: new Date(Date.parse(previousTo) - length * DAY).toISOString().slice(0, 10), to: previousTo };
}

const variants = {
  'four searches (count + skills per window)': async (store, w) => {
    const [, counts] = await Promise.all([store.countPostings(w), store.skillCounts(w, 20)]);
    const previous = { ...previousWindow(w), skillIds: counts.map((c) => c.skillId) };
    await Promise.all([store.countPostings(previous), store.skillCounts(previous, counts.length)]);
  },
  'two searches (windowSkillCounts per window)': async (store, w) => {
    const { skills } = await store.windowSkillCounts(w, 20);
    await store.windowSkillCounts({ ...previousWindow(w), skillIds: skills.map((c) => c.skillId) }, skills.length);
  },
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const store = await ElasticsearchStore.open({ url, indexPrefix: `sp-bench-top-${randomBytes(3).toString('hex')}`, shards: 1, replicas: 0 });
try {
  for (const batch of batches(total, 42)) await store.upsertPostings(batch);
  await store.countPostings({});
  const names = Object.keys(variants);
  for (const clients of CLIENTS) {
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const random = rng(7 + clients);
    const end = performance.now() + seconds * 1000;
    let turn = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < end) {
          const name = names[turn++ % names.length];
          const t0 = performance.now();
          await variants[name](store, nextWindow(random));
          times[name].push(performance.now() - t0);
        }
      }),
    );
    for (const name of names) {
      const sorted = times[name].sort((a, b) => a - b);
      console.log(
        `top store calls, ${total} postings, ${clients} client(s): ${name}: ${sorted.length} reports, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
      );
    }
  }
} finally {
  await store.destroy();
  await store.close();
}
