// Import benchmark (issue 21): postings/s of `skillpulse import --format jobspy` into SQLite (and
// Elasticsearch when it answers at SKILLPULSE_ES_URL) with the whole pipeline in the loop: CSV
// parsing, normalisation, near-duplicate detection, skill extraction, role and place, storage. Then
// the ratio to extraction alone on the same texts, one core each. Target on 2 cores: >= 2,000
// postings/s into SQLite. Size: 20,000 postings; `--quick` 5,000; `--rows=N` any number (the file
// is written in chunks, so `--rows=1000000` fits in memory), with the RSS and live heap when the
// reading ends and at each quarter of the storing, and the peak RSS. `--workers=N`: extraction on N worker threads (as the CLI's
// SKILLPULSE_EXTRACT_WORKERS), default 0 (this thread). `--backend=sqlite` skips Elasticsearch.
// `--reader=main`: the file is read and parsed on this thread instead of the CLI's reader thread.

import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { htmlToText } from '@skillpulse/core';
import { EXTRACTOR_VERSION, PooledSkillExtractor, SkillExtractor } from '@skillpulse/extract';
import { openImport, openImportInWorker, runImport } from '@skillpulse/ingest';
import { generateSamplePostings } from '@skillpulse/sample-board';
import { ElasticsearchStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';

const ES_URL = process.env.SKILLPULSE_ES_URL;
const silent = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => silent };
/** CPU seconds this process used since `from` (user + system): a figure a loaded machine distorts less than wall time. */
const cpuSince = (from) => {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1e6;
};
const cell = (v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Postings generated per chunk of the file (the generator holds a chunk in memory, never the file). */
const CHUNK = 10_000;
/** Texts kept for the extraction-alone figure. */
const SAMPLE_TEXTS = 20_000;

/** A JobSpy CSV of `size` distinct postings from the sample board's generator; the texts of the first 20,000. */
function jobspyFile(dir, size) {
  const texts = [];
  const path = join(dir, 'jobspy.csv');
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'id,site,job_url,title,company,location,date_posted,interval,min_amount,max_amount,currency,is_remote,description\n');
    for (let from = 0; from < size; from += CHUNK) {
      // One seed per chunk (the first chunk's is the one every earlier version of this bench used).
      const postings = generateSamplePostings(Math.min(CHUNK, size - from), from === 0 ? 4242 : 4242 + from);
      const lines = [];
      for (const [i, p] of postings.entries()) {
        const n = from + i;
        const text = htmlToText(p.descriptionHtml).text;
        if (texts.length < SAMPLE_TEXTS) texts.push(text);
        const interval = { year: 'yearly', month: 'monthly', hour: 'hourly' }[p.salaryPeriod];
        lines.push(
          [
            `b${n}`,
            'linkedin',
            `https://jobs.example/${p.slug}-${n}`,
            p.title,
            p.company,
            `${p.city}, ${p.region}, ${p.country}`,
            p.datePosted,
            interval,
            String(p.salaryMin ?? ''),
            String(p.salaryMax ?? ''),
            p.currency,
            p.remote === 'remote' ? 'True' : 'False',
            text,
          ]
            .map(cell)
            .join(','),
        );
      }
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return { path, texts };
}

setFlagsFromString('--expose-gc');
/** Live memory after a full collection (JS heap and array buffers): what RSS, which V8 grows lazily, only bounds. */
const gc = runInNewContext('gc');
const live = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;

async function timedImport(path, store, extractor, rows = 0) {
  const taxonomy = extractor.taxonomy;
  // As the CLI reads: parsing, normalisation and signatures on a reader thread (`--reader=main`: on this one).
  const open = option('reader') === 'main' ? openImport : openImportInWorker;
  const input = await open({
    format: 'jobspy',
    path,
    source: 'import:bench',
    versions: { taxonomy: taxonomy.version, extractor: EXTRACTOR_VERSION },
    seenAt: new Date().toISOString(),
  });
  // The import reads the whole file (extracting as it goes), then stores it week by week of
  // publication: the live heap and RSS when reading ends and at each quarter of the storing, and the peak.
  const quarters = [];
  /** Postings/s and per CPU-second of the reading, then within each quarter of the storing: whether the cost grows with the store. */
  const rates = [];
  let read = null;
  let mark = { at: performance.now(), cpu: process.cpuUsage(), done: 0 };
  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const lap = (done) => {
    const rate = { wall: (done - mark.done) / ((performance.now() - mark.at) / 1000), cpu: (done - mark.done) / cpuSince(mark.cpu) };
    mark = { at: performance.now(), cpu: process.cpuUsage(), done };
    return rate;
  };
  const timer = setInterval(sample, 250);
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  try {
    const result = await runImport({
      input,
      name: 'bench',
      store,
      extractor,
      logger: silent,
      onProgress: (progress) => {
        sample();
        if (progress.stage === 'reading' || rows === 0) return;
        if (read === null) {
          read = { rss: process.memoryUsage.rss(), live: live(), ...lap(progress.rows) };
          mark.done = 0;
        }
        while (quarters.length < 4 && progress.stored >= (progress.toStore * (quarters.length + 1)) / 4) {
          quarters.push({ rss: process.memoryUsage.rss(), live: live() });
          rates.push(lap(progress.stored));
        }
      },
    });
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: cpuSince(cpu), result, read, quarters, rates, peak };
  } finally {
    clearInterval(timer);
  }
}

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

export async function benchImport({ quick = false, backend } = {}) {
  const size = Number(option('rows') ?? (quick ? 5000 : 20000));
  const workers = Number(option('workers') ?? 0);
  const only = option('backend') ?? backend;
  const dir = mkdtempSync(join(tmpdir(), 'skillpulse-bench-import-'));
  try {
    const { path, texts } = jobspyFile(dir, size);
    const taxonomy = getDefaultTaxonomy();
    const extractor = workers > 0 ? new PooledSkillExtractor({ taxonomy, size: workers }) : new SkillExtractor({ taxonomy });
    // Warm-up: the role catalogue, the gazetteer and the JIT, on a throwaway store.
    const warm = jobspyFile(mkdtempSync(join(dir, 'warm-')), 300);
    const warmStore = new SqliteStore({ path: join(dir, 'warm.sqlite') });
    await timedImport(warm.path, warmStore, extractor);
    await warmStore.close();

    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (const text of texts) extractor.extract({ text }, { skillsOnly: true });
    const extractSeconds = (Number(process.hrtime.bigint() - start) / 1e9) * (size / texts.length);
    const extractCpu = cpuSince(cpu) * (size / texts.length);
    console.log(
      `import: ${size} postings, ${(statSync(path).size / 1e6).toFixed(1)} MB of JobSpy CSV; extraction alone ${(size / extractSeconds).toFixed(0)} postings/s wall, ${(size / extractCpu).toFixed(0)} per CPU-second (one core${texts.length < size ? `, on the first ${texts.length}` : ''}); extraction workers: ${workers}; reader: ${option('reader') === 'main' ? 'this thread' : 'a worker thread'}`,
    );

    const backends = [];
    if (only !== 'elasticsearch') backends.push(['sqlite', () => new SqliteStore({ path: join(dir, 'bench.sqlite') })]);
    if (ES_URL && only !== 'sqlite')
      backends.push([
        'elasticsearch',
        () =>
          ElasticsearchStore.open({
            url: ES_URL,
            indexPrefix: `sp-bench-import-${randomBytes(3).toString('hex')}`,
            shards: 1,
            replicas: 0,
          }),
      ]);
    for (const [name, open] of backends) {
      const store = await open();
      try {
        const rss = process.memoryUsage.rss();
        const { seconds, cpuSeconds, result, read, quarters, rates, peak } = await timedImport(path, store, extractor, size);
        console.log(
          `import: ${name}: ${(result.rows / seconds).toFixed(0)} postings/s wall, ${(result.rows / cpuSeconds).toFixed(0)} per CPU-second of this process ` +
            `(${result.run.postingsNew} new, ${result.run.postingsDuplicate} duplicate, ${seconds.toFixed(1)} s); ratio import/extraction: ` +
            `${(seconds / extractSeconds).toFixed(2)} wall, ${(cpuSeconds / extractCpu).toFixed(2)} CPU` +
            `${name === 'sqlite' ? ' (target >= 2000 postings/s)' : ''}`,
        );
        if (read === null) continue;
        console.log(
          `import: ${name}: RSS ${mb(rss)} before, ${mb(read.rss)} when reading ended, ${quarters.map((q) => mb(q.rss)).join(' / ')} at each quarter of the storing, peak ${mb(peak)} (+${mb(peak - rss)}); ` +
            `live heap after GC ${mb(read.live)} when reading ended, ${quarters.map((q) => mb(q.live)).join(' / ')} at each quarter of the storing`,
        );
        console.log(
          `import: ${name}: reading (and extracting) ${read.wall.toFixed(0)} rows/s wall (${read.cpu.toFixed(0)}/CPU-s); storing, postings/s in each quarter: ${rates.map((r) => `${r.wall.toFixed(0)} wall (${r.cpu.toFixed(0)}/CPU-s)`).join(' / ')}`,
        );
      } finally {
        if (name === 'elasticsearch') await store.destroy();
        await store.close();
      }
    }
    await extractor.close?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
