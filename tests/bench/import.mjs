// Import benchmark (issue 21): postings/s of `skillpulse import --format jobspy` into SQLite (and
// Elasticsearch when it answers at SKILLPULSE_ES_URL) with the whole pipeline in the loop: CSV
// parsing, normalisation, near-duplicate detection, skill extraction, role and place, storage. Then
// the ratio to extraction alone on the same texts, one core each. Target on 2 cores: >= 2,000
// postings/s into SQLite. Size: 20,000 postings; `--quick` 5,000.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { htmlToText } from '@skillpulse/core';
import { EXTRACTOR_VERSION, SkillExtractor } from '@skillpulse/extract';
import { openImport, runImport } from '@skillpulse/ingest';
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

/** A JobSpy CSV of `size` distinct postings from the sample board's generator; their texts. */
function jobspyFile(dir, size) {
  const postings = generateSamplePostings(size, 4242);
  const texts = [];
  const lines = ['id,site,job_url,title,company,location,date_posted,interval,min_amount,max_amount,currency,is_remote,description'];
  for (const [n, p] of postings.entries()) {
    const text = htmlToText(p.descriptionHtml).text;
    texts.push(text);
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
  const path = join(dir, 'jobspy.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, texts };
}

async function timedImport(path, store, extractor) {
  const taxonomy = extractor.taxonomy;
  const input = await openImport({
    format: 'jobspy',
    path,
    source: 'import:bench',
    versions: { taxonomy: taxonomy.version, extractor: EXTRACTOR_VERSION },
    seenAt: new Date().toISOString(),
  });
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await runImport({ input, name: 'bench', source: 'import:bench', store, extractor, logger: silent });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: cpuSince(cpu), result };
}

export async function benchImport({ quick = false } = {}) {
  const size = quick ? 5000 : 20000;
  const dir = mkdtempSync(join(tmpdir(), 'skillpulse-bench-import-'));
  try {
    const { path, texts } = jobspyFile(dir, size);
    const mb = statSync(path).size / 1e6;
    const extractor = new SkillExtractor({ taxonomy: getDefaultTaxonomy() });
    // Warm-up: the role catalogue, the gazetteer and the JIT, on a throwaway store.
    const warm = jobspyFile(mkdtempSync(join(dir, 'warm-')), 300);
    const warmStore = new SqliteStore({ path: join(dir, 'warm.sqlite') });
    await timedImport(warm.path, warmStore, extractor);
    await warmStore.close();

    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (const text of texts) extractor.extract({ text }, { skillsOnly: true });
    const extractSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    const extractCpu = cpuSince(cpu);
    console.log(
      `import: ${size} postings, ${mb.toFixed(1)} MB of JobSpy CSV; extraction alone ${(size / extractSeconds).toFixed(0)} postings/s wall, ${(size / extractCpu).toFixed(0)} per CPU-second (one core)`,
    );

    const backends = [['sqlite', () => new SqliteStore({ path: join(dir, 'bench.sqlite') })]];
    if (ES_URL)
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
        const rss = process.memoryUsage().rss;
        const { seconds, cpuSeconds, result } = await timedImport(path, store, extractor);
        console.log(
          `import: ${name}: ${(result.rows / seconds).toFixed(0)} postings/s wall, ${(result.rows / cpuSeconds).toFixed(0)} per CPU-second of this process ` +
            `(${result.run.postingsNew} new, ${result.run.postingsDuplicate} duplicate, ${seconds.toFixed(1)} s); ratio import/extraction: ` +
            `${(seconds / extractSeconds).toFixed(2)} wall, ${(cpuSeconds / extractCpu).toFixed(2)} CPU; RSS +${((process.memoryUsage().rss - rss) / 1e6).toFixed(0)} MB` +
            `${name === 'sqlite' ? ' (target >= 2000 postings/s)' : ''}`,
        );
      } finally {
        if (name === 'elasticsearch') await store.destroy();
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
