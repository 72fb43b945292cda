// API benchmark: 100,000 synthetic postings (the store bench's corpus) in SQLite, the API listening
// on loopback, and autocannon driving /api/top and /api/trends with 50 concurrent clients for 10 s
// each. Two loads per route:
// - varied: every request asks for another random window, so nearly every answer is computed;
// - repeated: one URL, as many dashboards open on the same view; answers come from the response cache.
// "Store query alone" is the same store calls the report makes, for the same windows, driven by 50
// concurrent callers in-process for the same time: the ratio of the two p50s is the cost of HTTP,
// validation, statistics and JSON. Targets: p99 <= 50 ms, ratio <= 1.5. `--quick`: 20,000 postings, 3 s.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, previousWindow } from '@skillpulse/api';
import { SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import autocannon from 'autocannon';
import { batches, rng } from './store.mjs';

const CONNECTIONS = 50;
const START = Date.UTC(2023, 0, 1);
const DAYS = 3 * 365;

/** Endless random windows of 1 to 12 months inside the corpus, the same sequence for API and store. */
function windowSource(seed) {
  const random = rng(seed);
  const day = (d) => new Date(START + d * 86_400_000).toISOString().slice(0, 10);
  return () => {
    const length = 30 + Math.floor(random() * 335);
    const from = 365 + Math.floor(random() * (DAYS - 365 - length));
    return { from: day(from), to: day(from + length) };
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `callers` concurrent loops over `run` for `seconds`; latency percentiles in ms. */
async function drive(run, seconds, callers) {
  const times = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
        // Let the other callers in, as concurrent requests would be.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), perSecond: times.length / seconds };
}

function cannon(url, seconds, path) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: path ? [{ setupRequest: (request) => ({ ...request, path: path() }) }] : undefined,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

export async function benchApi({ quick }) {
  const total = quick ? 20_000 : 100_000;
  const seconds = quick ? 3 : 10;
  const dir = mkdtempSync(join(tmpdir(), 'skillpulse-bench-api-'));
  const store = new SqliteStore({ path: join(dir, 'bench.db') });
  const app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
  try {
    for (const batch of batches(total, 42)) await store.upsertPostings(batch);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const trendSkills = (await store.skillCounts({}, 5)).map((s) => s.skillId);
    const routes = {
      top: {
        path: (w) => `/api/top?from=${w.from}&to=${w.to}&limit=20`,
        store: async (w) => {
          const counts = await store.skillCounts(w, 20);
          await store.countPostings(w);
          const previous = previousWindow(w.from, w.to);
          await store.countPostings(previous);
          await store.skillCounts({ ...previous, skillIds: counts.map((c) => c.skillId) }, 20);
        },
      },
      trends: {
        path: (w) => `/api/trends?skills=${trendSkills.join(',')}&interval=month&from=${w.from}&to=${w.to}`,
        store: (w) => store.trendCounts(w, 'month', trendSkills),
      },
    };
    const ms = (x) => `${x.toFixed(2)} ms`;
    console.log(`api: ${total} postings in SQLite, ${CONNECTIONS} concurrent clients, ${seconds} s per run`);
    for (const [name, route] of Object.entries(routes)) {
      const nextApi = windowSource(7);
      const varied = await cannon(address, seconds, () => route.path(nextApi()));
      const repeated = await cannon(`${address}${route.path({ from: '2024-01-01', to: '2024-06-30' })}`, seconds);
      const nextStore = windowSource(7);
      const alone = await drive(() => route.store(nextStore()), seconds, CONNECTIONS);
      const single = await drive(() => route.store(nextStore()), seconds / 2, 1);
      for (const [label, result] of [
        ['varied windows', varied],
        ['one URL (cached)', repeated],
      ]) {
        const failed = result.non2xx + result.errors + result.timeouts;
        console.log(
          `  /api/${name}, ${label}: ${Math.round(result.requests.average)} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (target p99 <= 50 ms)${failed ? `, ${failed} failed` : ''}`,
        );
      }
      console.log(
        `  ${name} store query alone, ${CONNECTIONS} callers: ${Math.round(alone.perSecond)} queries/s, p50 ${ms(alone.p50)}, p99 ${ms(alone.p99)}; one caller: p50 ${ms(single.p50)}`,
      );
      console.log(`  ${name} ratio p50 API (varied) / store alone: ${(varied.latency.p50 / alone.p50).toFixed(2)} (target <= 1.5)`);
    }
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
