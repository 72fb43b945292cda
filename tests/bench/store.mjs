// Store benchmark: a deterministic synthetic corpus (about 15 skills per posting, Zipf-distributed
// over the taxonomy, five years of dates) ingested into each backend, then the two queries behind
// the dashboard timed: top skills in a window, and a 5-skill monthly trend.
// Targets on 2 cores: SQLite >= 5,000 postings/s and p95 <= 100 ms; Elasticsearch >= 3,000
// postings/s and p95 <= 100 ms. Size: 1,000,000 postings; `--quick` 50,000; `--scale 10m` (or
// 250k, 2m, a plain number) any other size: 10m is not for CI (about an hour per backend).
// Elasticsearch runs when it answers at SKILLPULSE_ES_URL (default http://127.0.0.1:9200);
// `--backend sqlite|elasticsearch` runs one of the two.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@skillpulse/sample-board';
import { ElasticsearchStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';

const BATCH = 5000;
const QUERY_RUNS = 60;
const WARMUP_RUNS = 5;

// The sample board's mulberry32, so benchmarks and sample data share one generator.
export const rng = seededRandom;

const skillIds = getDefaultTaxonomy().skills.map((s) => s.id);
// Zipf weights: a few skills are in many postings, most in few, as in real postings.
const cumulative = [];
{
  let sum = 0;
  for (let i = 0; i < skillIds.length; i++) cumulative.push((sum += 1 / (i + 1) ** 0.9));
  for (let i = 0; i < cumulative.length; i++) cumulative[i] /= sum;
}
function pickSkill(random) {
  const x = random();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return skillIds[lo];
}

const START = Date.UTC(2023, 0, 1);
export const START_DAY = START;
export const DAYS = 5 * 365;
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'NL', 'IN', 'CA', 'PL'];
const REMOTE = ['remote', 'hybrid', 'onsite', 'unknown'];
const SENIORITY = ['junior', 'mid', 'senior', 'lead', 'unknown'];
const WORDS =
  'build scalable services with our team ship features own production systems mentor engineers design review data pipelines customers'.split(
    ' ',
  );

/**
 * `arrival`: `uniform` (default) spreads each batch's dates over all five years, the worst case for
 * per-day rollups; `chronological` brings postings in date order with a week of jitter, as a crawl
 * or a date-sorted history import does (each batch then touches a few days).
 */
export function* batches(total, seed, arrival = 'uniform') {
  const random = rng(seed);
  const dayOf =
    arrival === 'chronological'
      ? (i, random) => Math.min(DAYS - 1, Math.max(0, Math.floor((i / total) * DAYS) - Math.floor(random() * 7)))
      : (_i, random) => Math.floor(random() * DAYS);
  for (let start = 0; start < total; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      const skills = new Set();
      const wanted = 10 + Math.floor(random() * 11);
      while (skills.size < wanted) skills.add(pickSkill(random));
      const words = Array.from({ length: 60 }, () => WORDS[Math.floor(random() * WORDS.length)]);
      batch.push({
        id: `bench:${i}`,
        source: `board-${i % 7}`,
        url: `https://jobs.example.com/${i}`,
        title: `Engineer ${i % 97}`,
        company: `Company ${Math.floor(random() * 5000)}`,
        locations: [`City ${Math.floor(random() * 300)}`],
        country: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
        remote: REMOTE[Math.floor(random() * REMOTE.length)],
        employmentType: 'FULL_TIME',
        seniority: SENIORITY[Math.floor(random() * SENIORITY.length)],
        salary: null,
        datePosted: new Date(START + dayOf(i, random) * 86_400_000).toISOString().slice(0, 10),
        dateInferred: false,
        validThrough: null,
        descriptionText: `${words.join(' ')}. ${[...skills].join(', ')}.`,
        descriptionHtml: null,
        contentHash: `h${i}`,
        skills: [...skills].map((skillId) => ({ skillId, level: 'required', count: 1 })),
        taxonomyVersion: 'bench',
        extractorVersion: 'bench',
        canonicalId: i % 50 === 49 ? `bench:${i - 1}` : null,
        role: null,
        place: null,
        seenAt: '2026-01-01T00:00:00.000Z',
      });
    }
    yield batch;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A query window: a random day window of 3 to 36 months inside the corpus. */
function windows(seed) {
  const random = rng(seed);
  return Array.from({ length: QUERY_RUNS + WARMUP_RUNS }, () => {
    const length = 90 + Math.floor(random() * (3 * 365 - 90));
    const from = Math.floor(random() * (DAYS - length));
    const day = (d) => new Date(START + d * 86_400_000).toISOString().slice(0, 10);
    return { from: day(from), to: day(from + length) };
  });
}

async function timeQueries(run) {
  const times = [];
  for (const [i, window] of windows(11).entries()) {
    const t0 = performance.now();
    await run(window);
    if (i >= WARMUP_RUNS) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Sizes on the way to a large corpus where the queries are timed too: how their cost grows. */
export function milestones(total) {
  return [1_000_000, 2_000_000, 5_000_000].filter((n) => n < total && total >= 2_000_000).concat(total);
}

const ms = (x) => `${x.toFixed(1)} ms`;

/** Top-20 and 5-skill trend timings over random windows at the store's current size. */
async function timeReports(store) {
  const top = await timeQueries(async (w) => {
    await store.countPostings(w);
    await store.skillCounts(w, 20);
  });
  const trendSkills = (await store.skillCounts({}, 5)).map((s) => s.skillId);
  const trend = await timeQueries(async (w) => {
    await store.trendCounts(w, 'month', trendSkills);
  });
  return { top, trend };
}

async function benchBackend(name, store, total, diskBytes, targets, arrival) {
  const marks = milestones(total);
  let ingestMs = 0;
  let segmentMs = 0;
  let segmentStart = 0;
  let lastReport = performance.now();
  let done = 0;
  let unique = 0;
  let catchUpSeconds = 0;
  let reports;
  for (const batch of batches(total, 42, arrival)) {
    const t = performance.now();
    await store.upsertPostings(batch);
    ingestMs += performance.now() - t;
    segmentMs += performance.now() - t;
    done += batch.length;
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.error(`  ${name}: ${done}/${total} postings stored (${Math.round((done / ingestMs) * 1000)} postings/s so far)`);
    }
    if (done !== marks[0]) continue;
    marks.shift();
    // The first read also makes the last writes visible (an Elasticsearch refresh, and the rollup
    // days the writer still owes): timed apart, and counted in the rate "with catch-up".
    const t1 = performance.now();
    unique = await store.countPostings({});
    const catchUp = (performance.now() - t1) / 1000;
    catchUpSeconds += catchUp;
    reports = await timeReports(store);
    if (done !== total) {
      console.log(
        `store/${name} at ${done} postings: ingest ${Math.round(((done - segmentStart) / segmentMs) * 1000)} postings/s since ${segmentStart}` +
          ` (first read after it ${catchUp.toFixed(1)} s); top-20 p50 ${ms(reports.top.p50)}, p95 ${ms(reports.top.p95)};` +
          ` trend p50 ${ms(reports.trend.p50)}, p95 ${ms(reports.trend.p95)}`,
      );
    }
    segmentStart = done;
    segmentMs = 0;
  }
  const ingestSeconds = ingestMs / 1000;
  const rate = total / ingestSeconds;
  const { top, trend } = reports;
  const bytes = await diskBytes();
  console.log(`store/${name}: ${total} postings (${unique} unique), ~15 skills each, ${arrival} arrival`);
  console.log(`  ingest: ${Math.round(rate)} postings/s (${ingestSeconds.toFixed(1)} s; target >= ${targets.rate})`);
  console.log(
    `  first reads after the loads: ${catchUpSeconds.toFixed(1)} s; ingest with them: ${Math.round(total / (ingestSeconds + catchUpSeconds))} postings/s`,
  );
  console.log(`  top skills (20, random window): p50 ${ms(top.p50)}, p95 ${ms(top.p95)} (target p95 <= ${targets.p95} ms)`);
  console.log(`  5-skill monthly trend (random window): p50 ${ms(trend.p50)}, p95 ${ms(trend.p95)} (target p95 <= ${targets.p95} ms)`);
  console.log(`  disk: ${Math.round(bytes / total)} bytes per posting (${(bytes / 1e6).toFixed(0)} MB)`);
}

async function benchSqlite(total, arrival) {
  const dir = mkdtempSync(join(tmpdir(), 'skillpulse-bench-'));
  const path = join(dir, 'bench.db');
  const store = new SqliteStore({ path });
  try {
    await benchBackend(
      'sqlite',
      store,
      total,
      async () => {
        await store.close();
        return statSync(path).size;
      },
      { rate: 5000, p95: 100 },
      arrival,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The index prefix `--keep` leaves the corpus under, for the api part to reuse at the same size. */
export const keptPrefix = (total) => `sp-bench-corpus-${total}`;

async function benchElasticsearch(total, keep, arrival) {
  const url = process.env.SKILLPULSE_ES_URL || 'http://127.0.0.1:9200';
  const indexPrefix = keep ? keptPrefix(total) : `sp-bench-${randomBytes(3).toString('hex')}`;
  let store;
  try {
    store = await ElasticsearchStore.open({ url, indexPrefix, shards: 1, replicas: 0 });
    if (keep) {
      // A kept corpus of an earlier run is measured again from empty.
      await store.destroy();
      await store.close();
      store = await ElasticsearchStore.open({ url, indexPrefix, shards: 1, replicas: 0 });
    }
  } catch (error) {
    console.log(`store/elasticsearch: skipped (${error.message})`);
    return;
  }
  try {
    await benchBackend(
      'elasticsearch',
      store,
      total,
      async () => {
        // Postings and their rollups: both are what a posting costs on disk.
        const indices = `${store.alias},${indexPrefix}-rollups`;
        await fetch(`${url}/${indices}/_forcemerge?max_num_segments=1`, { method: 'POST' });
        const stats = await (await fetch(`${url}/${indices}/_stats/store`)).json();
        return stats._all.primaries.store.size_in_bytes;
      },
      { rate: 3000, p95: 100 },
      arrival,
    );
  } finally {
    if (keep) console.log(`  kept under index prefix ${indexPrefix} (npm run bench -- api --scale ... reuses it)`);
    else await store.destroy();
    await store.close();
  }
}

/** `--scale` values: 10m, 250k, 2m, or a plain number of postings. */
export function parseScale(scale, fallback) {
  if (scale === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(scale);
  if (!match) throw new Error(`--scale: "${scale}" is not a size (10m, 250k, 2m or a number of postings)`);
  return Math.round(Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2].toLowerCase()] ?? 1));
}

export async function benchStore({ quick, backend, scale, keep, arrival = 'uniform' }) {
  const total = parseScale(scale, quick ? 50_000 : 1_000_000);
  if (backend !== 'elasticsearch') await benchSqlite(total, arrival);
  if (backend !== 'sqlite') await benchElasticsearch(total, keep, arrival);
}
