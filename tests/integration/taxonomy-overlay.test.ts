import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@skillpulse/api';
import { SkillExtractor, toPostingSkills } from '@skillpulse/extract';
import { ElasticsearchStore, type PostingInput, type SkillStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy, loadTaxonomyOverlay } from '@skillpulse/taxonomy';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_URL, openTestElasticsearch } from '../support/elasticsearch.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', SKILLPULSE_LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const parseCsv = (text: string): Array<Record<string, string>> => parseCsvSync(text, { bom: true, columns: true });

/** An analyst's own skill: an internal tool no public taxonomy lists, under Kubernetes. */
const OVERLAY = `# Our internal tools
categories:
  internal: Internal tools
skills:
  - id: zorblax
    name: Zorblax
    category: internal
    aliases: [zorblax ci]
    parent: kubernetes
`;

const SENTENCES = [
  'You will ship services with Zorblax and Kubernetes.',
  'Experience with Zorblax CI pipelines is a must; we write Python.',
  'Our deploys run on Zorblax. Go and PostgreSQL in the backend.',
];

/** Twelve postings naming the internal tool, four more that do not, extracted with the built-in taxonomy. */
function postings(): PostingInput[] {
  const extractor = new SkillExtractor();
  const texts = [
    ...Array.from({ length: 12 }, (_, i) => SENTENCES[i % SENTENCES.length] as string),
    ...Array.from({ length: 4 }, () => 'We need TypeScript and Kubernetes.'),
  ];
  return texts.map((text, i) => {
    const extraction = extractor.extract(text);
    return fixturePosting({
      id: `p${i}`,
      datePosted: `2025-0${1 + (i % 6)}-1${i % 10}`,
      descriptionText: text,
      skills: toPostingSkills(extraction),
      taxonomyVersion: extraction.taxonomyVersion,
      extractorVersion: extraction.extractorVersion,
    });
  });
}

const backends: Array<[string, () => { env: Record<string, string>; open: () => Promise<SkillStore> }]> = [
  [
    'sqlite',
    () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-overlay-'));
      return {
        env: { SKILLPULSE_DATA_DIR: dataDir },
        open: async () => new SqliteStore({ path: join(dataDir, 'skillpulse.db') }),
      };
    },
  ],
];
if (ES_AVAILABLE) {
  backends.push([
    'elasticsearch',
    () => {
      const indexPrefix = `sp-overlay-${Date.now()}`;
      return {
        env: { SKILLPULSE_STORE: 'elasticsearch', SKILLPULSE_ES_URL: ES_URL, SKILLPULSE_ES_INDEX_PREFIX: indexPrefix },
        open: () => openTestElasticsearch(indexPrefix),
      };
    },
  ]);
}

describe.each(backends)('a taxonomy overlay, end to end (%s)', (_name, setup) => {
  it('adds an internal tool: emerging proposes it, reindex applies it, /api/top counts it, every report is stamped', async () => {
    const { env, open } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-overlay-file-'));
    const overlayPath = join(dir, 'my-skills.yaml');
    writeFileSync(overlayPath, OVERLAY);
    const base = getDefaultTaxonomy().version;
    const version = `${base}+overlay.${createHash('sha256').update(OVERLAY).digest('hex').slice(0, 8)}`;
    const withOverlay = { ...env, SKILLPULSE_TAXONOMY_OVERLAY: overlayPath };

    let store = await open();
    try {
      await store.upsertPostings(postings());
      expect(await store.countPostings({ hasSkills: ['zorblax'] })).toBe(0);
    } finally {
      await store.close();
    }

    // The built-in taxonomy does not know it: emerging proposes it as a ready-to-paste overlay entry.
    const emerging = cli(['taxonomy', 'emerging'], env);
    expect(emerging.code, emerging.stderr).toBe(0);
    expect(emerging.stdout).toMatch(/ {2}# Zorblax: 12 postings, \d+ mentions \(score [\d.]+\), e\.g\.\n {2}# {3}"[^"]*Zorblax[^"]*"\n/);
    expect(emerging.stdout).toContain('  - id: zorblax\n    name: Zorblax\n');

    const reindex = cli(['reindex'], withOverlay);
    expect(reindex.code, reindex.stderr).toBe(0);
    expect(reindex.stderr).toContain(`reindex: 16 of 16 postings re-extracted with taxonomy ${version}, extractor `);
    expect(cli(['reindex'], withOverlay).stderr).toContain('reindex: 0 of 16 postings re-extracted');
    // With the overlay, emerging no longer proposes it, and lookup finds it under its alias.
    expect(cli(['taxonomy', 'emerging'], withOverlay).stdout).not.toContain('Zorblax');
    expect(JSON.parse(cli(['taxonomy', 'lookup', 'Zorblax CI'], withOverlay).stdout)).toEqual({
      id: 'zorblax',
      name: 'Zorblax',
      category: 'internal',
    });

    store = await open();
    const taxonomy = loadTaxonomyOverlay(overlayPath);
    const app = await buildApp({ store, taxonomy });
    try {
      expect(taxonomy.version).toBe(version);
      expect(await store.info()).toMatchObject({ taxonomyVersions: [version] });
      const top = (await app.inject('/api/top?limit=50')).json();
      expect(top.stamp.taxonomyVersion).toBe(version);
      expect(top.skills.find((s: { skillId: string }) => s.skillId === 'zorblax')).toMatchObject({
        name: 'Zorblax',
        category: 'internal',
        postings: 12,
        totalPostings: 16,
      });
      // Kubernetes with its new descendant: postings naming either, each once.
      const k8s = (await app.inject('/api/skills/kubernetes?includeDescendants=true')).json();
      expect(k8s.demand.postings).toBe(4 + 12);
      expect(k8s.includedSkills).toContainEqual({ skillId: 'zorblax', name: 'Zorblax' });

      // The CLI's own API answers the same with the overlay set.
      const exported = cli(['export', 'top', '--limit', '50'], withOverlay);
      expect(exported.code, exported.stderr).toBe(0);
      expect(parseCsv(exported.stdout).find((r) => r.skill_id === 'zorblax')).toMatchObject({ skill_name: 'Zorblax', postings: '12' });
    } finally {
      await app.close();
      await store.close();
    }

    // Without the overlay the built-in taxonomy is back, and reindex takes the postings back to it.
    const back = cli(['reindex'], env);
    expect(back.stderr).toContain(`reindex: 16 of 16 postings re-extracted with taxonomy ${base}, extractor `);
    store = await open();
    try {
      expect(await store.countPostings({ hasSkills: ['zorblax'] })).toBe(0);
    } finally {
      if (store instanceof ElasticsearchStore) await store.destroy();
      await store.close();
    }
  }, 300_000);

  it('stops every command at a broken overlay, naming the file and the entry', () => {
    const { env } = setup();
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-overlay-bad-')), 'my-skills.yaml');
    writeFileSync(path, 'skills:\n  - {id: zorblax, name: Zorblax, category: devops, parent: kubernets}\n');
    const result = cli(['export', 'top'], { ...env, SKILLPULSE_TAXONOMY_OVERLAY: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `overlay ${path}: skills[0] (id "zorblax"): parent "kubernets" is not a skill; did you mean "kubernetes"?`,
    );
    const missing = cli(['taxonomy', 'lookup', 'go'], { ...env, SKILLPULSE_TAXONOMY_OVERLAY: join(path, '..', 'nope.yaml') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/SKILLPULSE_TAXONOMY_OVERLAY: ".*nope\.yaml" does not exist/);
  }, 60_000);
});

const skills = (...ids: string[]) => ids.map((skillId) => ({ skillId, level: 'required' as const, count: 1 }));

/** Java and its descendants (Spring, Spring Boot under Spring, Hibernate), Python and Kotlin. */
const FAMILY = [
  fixturePosting({ id: 'both', datePosted: '2025-02-03', country: 'DE', skills: skills('java', 'spring') }),
  fixturePosting({ id: 'java', datePosted: '2025-03-03', country: 'US', skills: skills('java') }),
  fixturePosting({ id: 'boot', datePosted: '2025-04-03', country: 'DE', skills: skills('spring-boot', 'python') }),
  fixturePosting({ id: 'orm', datePosted: '2025-05-03', country: 'DE', skills: skills('hibernate') }),
  fixturePosting({ id: 'py', datePosted: '2025-06-03', country: 'US', skills: skills('python') }),
  fixturePosting({ id: 'kt', datePosted: '2025-06-04', country: 'US', skills: skills('kotlin', 'python') }),
  fixturePosting({ id: 'dup', datePosted: '2025-02-04', country: 'DE', skills: skills('java', 'spring'), canonicalId: 'both' }),
];

const familyBackends: Array<[string, () => Promise<{ store: SkillStore; dataDir?: string }>]> = [
  [
    'sqlite',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-descendants-'));
      return { store: new SqliteStore({ path: join(dataDir, 'skillpulse.db') }), dataDir };
    },
  ],
];
if (ES_AVAILABLE) familyBackends.push(['elasticsearch', async () => ({ store: await openTestElasticsearch() })]);

describe.each(familyBackends)('includeDescendants (%s)', (_name, open) => {
  it('counts a skill with its descendants as one, each posting once, in every report that selects skills', async () => {
    const { store, dataDir } = await open();
    await store.upsertPostings(FAMILY);
    const app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
    const get = async (url: string) => {
      const response = await app.inject(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response;
    };
    try {
      // Per skill the counts sum to 5 (java 2, spring 1, spring-boot 1, hibernate 1); the union is 4.
      const alone = (await get('/api/skills/java')).json();
      expect(alone.demand).toMatchObject({ postings: 2, totalPostings: 6 });
      expect(alone.includedSkills).toBeUndefined();
      const family = (await get('/api/skills/java?includeDescendants=true')).json();
      expect(family.demand).toMatchObject({ postings: 4, totalPostings: 6 });
      expect(family.rank).toBe(1);
      expect([family.firstPosted, family.lastPosted]).toEqual(['2025-02-03', '2025-05-03']);
      const included = family.includedSkills.map((s: { skillId: string }) => s.skillId);
      expect(included.slice(0, 1)).toEqual(['java']);
      expect(included).toEqual(expect.arrayContaining(['spring', 'spring-boot', 'hibernate']));
      expect(included).not.toContain('kotlin');
      expect(family.includedSkills).toContainEqual({ skillId: 'spring-boot', name: 'Spring Boot' });
      const csv = parseCsv((await get('/api/skills/java.csv?includeDescendants=true')).body);
      expect(csv[0]).toMatchObject({ skill_id: 'java', postings: '4', included_skill_ids: included.join('; ') });
      expect(parseCsv((await get('/api/skills/java.csv')).body)[0]?.included_skill_ids).toBe('java');

      const trends = (await get('/api/trends?skills=java,python&interval=year&includeDescendants=true')).json();
      expect(trends.series.map((s: { points: Array<{ postings: number }> }) => s.points.map((p) => p.postings))).toEqual([[4], [3]]);
      expect(trends.series[0].includedSkills[0]).toEqual({ skillId: 'java', name: 'Java' });
      const plain = (await get('/api/trends?skills=java&interval=quarter&from=2025-01-01&to=2025-06-30')).json();
      const perQuarter = (
        await get('/api/trends?skills=java&interval=quarter&from=2025-01-01&to=2025-06-30&includeDescendants=true')
      ).json();
      expect(plain.series[0].points.map((p: { postings: number }) => p.postings)).toEqual([2, 0]);
      expect(perQuarter.series[0].points.map((p: { postings: number }) => p.postings)).toEqual([2, 2]);
      const trendRows = parseCsv((await get('/api/trends.csv?skills=java&interval=year&includeDescendants=true')).body);
      expect(trendRows[0]).toMatchObject({ postings: '4', included_skill_ids: included.join('; ') });

      const companions = (await get('/api/cooccurrence?skill=java&includeDescendants=true&sort=count')).json();
      expect(companions.postings).toBe(4);
      expect(companions.skill.includedSkills.length).toBe(included.length);
      expect(companions.skills.map((s: { skillId: string; postingsBoth: number }) => [s.skillId, s.postingsBoth])).toEqual([['python', 1]]);

      const countries = (await get('/api/breakdown?by=country&skill=java&includeDescendants=true')).json();
      expect(countries.postings).toBe(4);
      expect(countries.rows.map((r: { value: string; postings: number }) => [r.value, r.postings])).toEqual([
        ['DE', 3],
        ['US', 1],
      ]);
      expect(countries.shareOf).toBe('postings with the same country');
      const categories = (await get('/api/breakdown?by=category&skill=java&includeDescendants=true')).json();
      expect(categories.rows.find((r: { value: string }) => r.value === 'framework')).toMatchObject({ postings: 3, totalPostings: 4 });

      // Every skill listed is required; with descendants, any one of each skill's family will do.
      expect((await get('/api/postings?skills=java,python')).json().total).toBe(0);
      const found = (await get('/api/postings?skills=java,python&includeDescendants=true')).json();
      expect(found.postings.map((p: { id: string }) => p.id)).toEqual(['boot']);
      expect(found.skills.map((s: { skillId: string }) => s.skillId)).toEqual(['java', 'python']);
      const rows = parseCsv((await get('/api/postings.csv?skills=java&includeDescendants=true&country=DE')).body);
      expect(rows.map((r) => r.id).sort()).toEqual(['boot', 'both', 'orm']);

      // Declared in the OpenAPI document, and refused when it is not true or false.
      const spec = (await get('/docs/json')).json();
      const params = spec.paths['/api/trends'].get.parameters.map((p: { name: string }) => p.name);
      expect(params).toContain('includeDescendants');
      expect((await app.inject('/api/skills/java?includeDescendants=maybe')).statusCode).toBe(400);

      if (dataDir) {
        // The CLI's export takes it as a switch and writes the API's CSV.
        await app.close();
        const exported = cli(['export', 'skill', 'java', '--include-descendants', '--data-dir', dataDir], {});
        expect(exported.code, exported.stderr).toBe(0);
        expect(parseCsv(exported.stdout)[0]).toMatchObject({ postings: '4', included_skill_ids: included.join('; ') });
      }
    } finally {
      await app.close();
      if (store instanceof ElasticsearchStore) await store.destroy();
      await store.close();
    }
  }, 120_000);
});
