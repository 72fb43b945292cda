import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@skillpulse/api';
import { EXTRACTOR_VERSION } from '@skillpulse/extract';
import { ElasticsearchStore, type SkillStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL } from '../support/elasticsearch.js';
import { type TestLookups, withLookups } from '../support/store-lookups.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('skillpulse extract', () => {
  it('prints the documented JSON for text on stdin', () => {
    const { code, stdout } = cli(['extract', '-'], 'We need 5+ years of Python, Node.js and C++. Kubernetes is a plus.');
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.taxonomyVersion).toEqual(expect.any(String));
    expect(body.extractorVersion).toEqual(expect.any(String));
    expect(body.skills.map((s: { id: string }) => s.id)).toEqual(['python', 'nodejs', 'cpp', 'kubernetes']);
    expect(body.skills[1]).toMatchObject({
      name: 'Node.js',
      category: 'framework',
      count: 1,
      mentions: [{ start: 28, end: 35, text: 'Node.js' }],
    });
  });

  it('reads a file, HTML included, and prints text format', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'skillpulse-cli-')), 'posting.html');
    writeFileSync(file, '<h2>Requirements</h2><ul><li>Go</li><li>PostgreSQL</li></ul>');
    const { code, stdout } = cli(['extract', file, '--format', 'text']);
    expect(code).toBe(0);
    expect(stdout).toBe('Go\tlanguage\t1\trequired\nPostgreSQL\tdatabase\t1\trequired\n');
  });

  it('streams JSON lines', () => {
    const input = `${JSON.stringify({ id: 'a', text: 'Rust and Go developer' })}\n${JSON.stringify({ id: 'b', html: '<p>Django &amp; Flask</p>' })}\n`;
    const { code, stdout } = cli(['extract', '--jsonl'], input);
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        id: 'a',
        skills: [
          { id: 'rust', name: 'Rust' },
          { id: 'go', name: 'Go' },
        ],
      },
      {
        id: 'b',
        skills: [
          { id: 'django', name: 'Django' },
          { id: 'flask', name: 'Flask' },
        ],
      },
    ]);
  });

  it('reports a broken JSON line by number and goes on', () => {
    const { code, stdout, stderr } = cli(['extract', '--jsonl'], `not json\n${JSON.stringify({ id: 'b', text: 'Java' })}\n`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/line 1: not valid JSON/);
    expect(JSON.parse(stdout)).toEqual({ id: 'b', skills: [{ id: 'java', name: 'Java' }] });
  });
});

describe('skillpulse taxonomy lookup', () => {
  it('prints a known skill and exits 0', () => {
    const { code, stdout } = cli(['taxonomy', 'lookup', 'k8s']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ id: 'kubernetes', name: 'Kubernetes', category: 'devops' });
  });

  it('lists emerging terms from the store', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-cli-empty-'));
    const { code, stdout } = cli(['taxonomy', 'emerging', '--format', 'json', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ postings: 0, terms: [], overlay: expect.stringContaining('\nskills: []\n') });
    expect(cli(['taxonomy', 'emerging', '--limit', 'lots']).code).toBe(2);
  });

  it('exits 1 for an unknown skill', () => {
    expect(cli(['taxonomy', 'lookup', 'underwater basket weaving']).code).toBe(1);
  });
});

describe('usage', () => {
  it.each([
    [['extract', '--format', 'xml'], /^skillpulse extract: --format must be one of: json, text \(got "xml"\)/],
    [['extract', '--bogus'], /^skillpulse extract: unknown flag --bogus \(known: --format, --jsonl, --help\)/],
    [['extract', '--fromat', 'text'], /^skillpulse extract: unknown flag --fromat; did you mean --format\?/],
    [['reindex', '--data-dri', 'x'], /^skillpulse reindex: unknown flag --data-dri; did you mean --data-dir\?/],
    [['extract', '--jsonl=yes'], /^skillpulse extract: --jsonl takes no value \(got "yes"\)/],
    [['export', 'everything'], /unknown report "everything"/],
    [['crawl'], /--job/],
    [['serve', '--port', 'ninety'], /--port: "ninety"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['serv'], /^skillpulse: unknown command "serv"; did you mean serve\? \(try skillpulse --help\)/],
    // The command is named once, also when its message starts with its name.
    [['crawl'], /^skillpulse crawl: --job FILE\.yaml is required$/m],
    [['reindex', 'now'], /^skillpulse reindex: unexpected argument "now"$/m],
  ])('%j exits 2 with a one-line message', (args, pattern) => {
    const { code, stderr } = cli(args as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints help for every command', () => {
    for (const command of ['extract', 'taxonomy', 'crawl', 'jobs', 'serve', 'start', 'export', 'reindex']) {
      const { code, stdout } = cli([command, '--help']);
      expect(code, command).toBe(0);
      expect(stdout, command).toMatch(/skillpulse/);
    }
  });
});

describe('skillpulse crawl and export', () => {
  it('crawls the sample board job and exports CSV from the same store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-cli-data-'));
    const job = fileURLToPath(new URL('../../pipelines/jobs/sample-board.yaml', import.meta.url));
    const crawl = cli(['crawl', '--job', job, '--data-dir', dataDir], undefined, { SKILLPULSE_LOG_LEVEL: 'warn' });
    expect(crawl.code, crawl.stderr).toBe(0);
    expect(crawl.stderr).toMatch(/sample-board: succeeded — \d+ pages, 360 new/);
    const top = cli(['export', 'top', '--format', 'csv', '--limit', '5', '--data-dir', dataDir]);
    expect(top.code, top.stderr).toBe(0);
    const lines = top.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(
      /^rank,skill_id,skill_name,category,postings,total_postings,share,share_low,share_high,too_small,previous_postings,.*,q_value,significant,test$/,
    );
    expect(lines).toHaveLength(6);
    const trends = cli(['export', 'trends', '--skills', 'rust,python', '--interval', 'year', '--data-dir', dataDir]);
    expect(trends.code, trends.stderr).toBe(0);
    expect(trends.stdout.trim().split('\r\n')).toHaveLength(1 + 2 * 3);
    const bad = cli(['export', 'trends', '--skills', 'klingon', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown skill "klingon"/);
    const badLimit = cli(['export', 'movers', '--limit', '0', '--data-dir', dataDir]);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/movers: --limit must be a whole number from 1 to 200 \(got "0"\)/);
    expect(cli(['export', 'planets', '--data-dir', dataDir]).stderr).toMatch(/unknown report "planets"/);

    // Every report: the CLI writes exactly the API's CSV for the same parameters.
    const store = new SqliteStore({ path: join(dataDir, 'skillpulse.db') });
    const app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
    try {
      const cases: Array<[string[], string]> = [
        [['skills', '--q', 'py'], '/api/skills.csv?q=py'],
        [['skill', 'kubernetes', '--from', '2025-01-01'], '/api/skills/kubernetes.csv?from=2025-01-01'],
        [['movers', '--from', '2026-01-01', '--to', '2026-06-30', '--limit', '5'], '/api/movers.csv?from=2026-01-01&to=2026-06-30&limit=5'],
        [['cooccurrence', '--skill', 'docker', '--sort', 'count'], '/api/cooccurrence.csv?skill=docker&sort=count'],
        [['breakdown', '--by', 'remote', '--skill', 'python'], '/api/breakdown.csv?by=remote&skill=python'],
        [['postings', '--skills', 'rust', '--country', 'DE'], '/api/postings.csv?skills=rust&country=DE'],
        [['runs', '--job', 'sample-board'], '/api/runs.csv?job=sample-board'],
      ];
      for (const [args, url] of cases) {
        const exported = cli(['export', ...args, '--data-dir', dataDir]);
        expect(exported.code, `${args.join(' ')}: ${exported.stderr}`).toBe(0);
        const lines = exported.stdout.trim().split('\r\n');
        expect(lines.length, args.join(' ')).toBeGreaterThan(1);
        expect(exported.stdout, args.join(' ')).toBe((await app.inject(url)).body);
      }
    } finally {
      await app.close();
      await store.close();
    }
  }, 120_000);
});

describe('skillpulse reindex', () => {
  const backends: Array<[string, (env: Record<string, string>) => Promise<SkillStore & TestLookups>, Record<string, string>]> = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-reindex-'));
  backends.push([
    'sqlite',
    async () => withLookups(new SqliteStore({ path: join(dataDir, 'skillpulse.db') })),
    { SKILLPULSE_DATA_DIR: dataDir },
  ]);
  if (ES_AVAILABLE) {
    const env = { SKILLPULSE_STORE: 'elasticsearch', SKILLPULSE_ES_URL: ES_URL, SKILLPULSE_ES_INDEX_PREFIX: `sp-cli-${Date.now()}` };
    backends.push([
      'elasticsearch',
      async () =>
        withLookups(await ElasticsearchStore.open({ url: ES_URL, indexPrefix: env.SKILLPULSE_ES_INDEX_PREFIX, shards: 1, replicas: 0 })),
      env,
    ]);
  }

  it.each(backends)(
    're-extracts postings of an older extractor (%s)',
    async (_name, open, env) => {
      let store = await open(env);
      await store.upsertPostings([
        fixturePosting({ id: 'old', descriptionText: 'We need Rust and Kafka.', extractorVersion: '0.0.1' }),
        fixturePosting({ id: 'old2', descriptionText: 'Terraform on AWS.', taxonomyVersion: '1999.1' }),
      ]);
      await store.close();
      const first = cli(['reindex'], undefined, { ...env, SKILLPULSE_LOG_LEVEL: 'warn' });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/reindex: 2 of 2 postings re-extracted with taxonomy .*, extractor /);
      store = await open(env);
      try {
        const posting = await store.getPosting('old');
        expect(posting?.skills.map((s) => s.skillId).sort()).toEqual(['kafka', 'rust']);
        expect(posting?.extractorVersion).toBe(EXTRACTOR_VERSION);
        expect(await store.info()).toMatchObject({
          taxonomyVersions: [getDefaultTaxonomy().version],
          extractorVersions: [EXTRACTOR_VERSION],
        });
        const again = cli(['reindex'], undefined, { ...env, SKILLPULSE_LOG_LEVEL: 'warn' });
        expect(again.stderr).toMatch(/reindex: 0 of 2 postings re-extracted/);
      } finally {
        if (store instanceof ElasticsearchStore) await store.destroy();
        await store.close();
      }
    },
    60_000,
  );
});

describe('store configuration errors', () => {
  it.each([
    [
      { SKILLPULSE_STORE: 'elasticsearch', SKILLPULSE_ES_URL: 'http://127.0.0.1:1' },
      /cannot reach Elasticsearch at http:\/\/127\.0\.0\.1:1.*scripts\/elasticsearch\.sh start/,
    ],
    [
      { SKILLPULSE_STORE: 'elasticsearch', SKILLPULSE_ES_URL: 'ftp://example.com' },
      /SKILLPULSE_ES_URL: "ftp:\/\/example\.com" must start with http/,
    ],
    [
      { SKILLPULSE_STORE: 'elasticsearch', SKILLPULSE_ES_USERNAME: 'elastic' },
      /SKILLPULSE_ES_USERNAME is set without SKILLPULSE_ES_PASSWORD/,
    ],
    [{ SKILLPULSE_STORE: 'mongodb' }, /SKILLPULSE_STORE: "mongodb" is not a store/],
  ])(
    '%j fails at start with a message naming the setting',
    (env, pattern) => {
      const { code, stderr } = cli(['reindex'], undefined, env as Record<string, string>);
      expect(code).not.toBe(0);
      expect(stderr).toMatch(pattern);
      expect(stderr).not.toMatch(/\n\s+at /);
    },
    30_000,
  );
});

describe('skillpulse jobs', () => {
  it('lists, validates and runs the jobs of a directory; a broken file is named and does not hide the others', () => {
    const jobsDir = mkdtempSync(join(tmpdir(), 'skillpulse-jobs-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-jobs-data-'));
    const sample = fileURLToPath(new URL('../../pipelines/jobs/sample-board.yaml', import.meta.url));
    writeFileSync(join(jobsDir, 'sample-board.yaml'), readFileSync(sample, 'utf8'));
    writeFileSync(join(jobsDir, 'broken.yaml'), 'id: broken\nsource:\n  type: feed\n');
    const env = { SKILLPULSE_JOBS_DIR: jobsDir, SKILLPULSE_LOG_LEVEL: 'warn' };

    const validate = cli(['jobs', 'validate'], undefined, env);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('ok: ');
    expect(validate.stdout).toContain('(sample-board)');
    expect(validate.stderr).toMatch(/invalid: job file .*broken\.yaml: source\.urls: /);

    const before = cli(['jobs', 'list', '--data-dir', dataDir], undefined, env);
    expect(before.stdout).toMatch(/^ID +SOURCE +ENABLED +SCHEDULE +NEXT RUN +LAST RUN$/m);
    const listedAt = new Date();
    const next = /^sample-board +sample-board +yes +0 3 \* \* \* \(UTC\) +(\d{4}-\d\d-\d\d) 03:00Z +never$/m.exec(before.stdout);
    expect(next, before.stdout).not.toBeNull();
    // 03:00 UTC today if it is still ahead, else tomorrow.
    const today = listedAt.toISOString().slice(0, 10);
    const tomorrow = new Date(listedAt.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(next?.[1]).toBe(listedAt.getUTCHours() < 3 ? today : tomorrow);

    const run = cli(['jobs', 'run', 'sample-board', '--data-dir', dataDir], undefined, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/sample-board: succeeded — \d+ pages, 360 new/);

    const after = cli(['jobs', 'list', '--format', 'json', '--data-dir', dataDir], undefined, env);
    const listed = JSON.parse(after.stdout);
    expect(listed.jobs).toHaveLength(1);
    expect(listed.jobs[0].nextRun).toMatch(/T03:00:00\.000Z$/);
    expect(listed.jobs[0].lastRun).toMatchObject({ job: 'sample-board', trigger: 'manual', status: 'succeeded', postingsNew: 360 });
    expect(listed.errors[0].file).toMatch(/broken\.yaml$/);

    const unknown = cli(['jobs', 'run', 'nope', '--data-dir', dataDir], undefined, env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no job "nope" in .* \(known: sample-board\)/);
    const broken = cli(['jobs', 'run', 'broken', '--data-dir', dataDir], undefined, env);
    expect(broken.stderr).toMatch(/broken\.yaml: source\.urls/);
  }, 120_000);
});
