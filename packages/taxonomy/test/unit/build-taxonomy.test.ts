import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_TAXONOMY_PATH, getDefaultTaxonomy, loadTaxonomy, lookupSkill, STACKOVERFLOW_TAXONOMY_PATH } from '../../src/index.js';

const pkg = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const sources = resolve(pkg, '../../../shared/taxonomy-sources');
const house = resolve(pkg, '../../../shared/eval/skillspan-house-train/postings_house_train.jsonl');
const temp = mkdtempSync(join(tmpdir(), 'taxonomy-build-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The key the build script claims a form under (hyphen, space, inner dot are one separator). */
const claimKey = (form: string) =>
  form
    .toLowerCase()
    .replace(/(?<=[0-9a-z])\.(?=[0-9a-z])/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/[\s_-]+/g, ' ')
    .trim();

describe('build-taxonomy.mjs', () => {
  it.skipIf(!existsSync(sources) || !existsSync(house))(
    'rebuilds the committed data byte for byte from the sources and the curation files',
    () => {
      execFileSync(process.execPath, [join(pkg, 'scripts/build-taxonomy.mjs'), sources, house, '--out', temp], { stdio: 'pipe' });
      expect(readFileSync(join(temp, 'skills.yaml'), 'utf8')).toBe(readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8'));
      expect(readFileSync(join(temp, 'skills-stackoverflow.yaml'), 'utf8')).toBe(readFileSync(STACKOVERFLOW_TAXONOMY_PATH, 'utf8'));
    },
    180_000,
  );
});

describe('built taxonomy', () => {
  const taxonomy = getDefaultTaxonomy();

  it('has at least 5,000 named technologies (not counting practices and soft skills)', () => {
    const technologies = taxonomy.skills.filter((s) => s.category !== 'practice' && s.category !== 'soft-skill');
    expect(technologies.length).toBeGreaterThanOrEqual(5000);
  });

  it('records the provenance of every entry', () => {
    for (const skill of taxonomy.skills) {
      expect(skill.provenance?.length ?? 0, skill.id).toBeGreaterThan(0);
      for (const item of skill.provenance ?? []) expect(item, skill.id).toMatch(/^(curated|so:\S+|onet:".+"|linguist:".+")$/);
    }
    const generated = taxonomy.skills.filter((s) => !s.provenance?.includes('curated'));
    expect(generated.length).toBeGreaterThan(4000);
  });

  it('keeps Stack Overflow-derived data in its own CC BY-SA file', () => {
    const main = readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8');
    expect(main).not.toMatch(/"so:/);
    expect(readFileSync(STACKOVERFLOW_TAXONOMY_PATH, 'utf8')).toMatch(/CC BY-SA 4\.0/);
    expect(() => loadTaxonomy(DEFAULT_TAXONOMY_PATH)).not.toThrow();
  });

  it('resolves every parent, and parents follow vendor and ecosystem', () => {
    for (const skill of taxonomy.skills) if (skill.parent) expect(taxonomy.byId.has(skill.parent), skill.id).toBe(true);
    expect(lookupSkill(taxonomy, 'Amazon S3')?.parent).toBe('aws');
    expect(lookupSkill(taxonomy, 'Azure Functions')?.parent).toBe('azure');
    expect(lookupSkill(taxonomy, 'Google Cloud Run')?.parent).toBe('gcp');
    expect(lookupSkill(taxonomy, 'Spring Boot')?.parent).toBe('spring');
  });

  it.each([
    ['amazon-s3', 'aws-s3'],
    ['AWS S3', 'aws-s3'],
    ['Amazon EC2', 'aws-ec2'],
    ['AWS Lambda', 'aws-lambda'],
    ['Google BigQuery', 'bigquery'],
    ['Big Query', 'bigquery'],
    ['sql-server', 'sql-server'],
    ['vue.js', 'vue'],
    ['Postgres', 'postgresql'],
    ['k8s', 'kubernetes'],
    ['Mongo', 'mongodb'],
    ['.Net core', 'dotnet'],
    ['node js', 'nodejs'],
    ['Atlassian JIRA', 'jira'],
    ['IBM WebSphere', 'websphere'],
    ['Oracle EBS', 'oracle-e-business-suite'],
    ['Microsoft Visio', 'microsoft-visio'],
    ['Amazon Kinesis', 'amazon-kinesis'],
    ['python 3.x', 'python'],
    ['Jupyter Notebook', 'jupyter'],
  ])('resolves the spelling %s to %s', (form, id) => {
    expect(lookupSkill(taxonomy, form)?.id).toBe(id);
  });

  it.each([
    ['SPSS', 'ibm-spss'],
    ['Siebel', 'oracle-siebel'],
    ['AS/400', 'ibm-i'],
    ['Azure Databricks', 'azure-databricks'],
    ['Looker Studio', 'looker-studio'],
    ['GCP Pub/Sub', 'google-cloud-pub-sub'],
    ['Aurora', 'amazon-aurora'],
    ['SNS', 'amazon-sns'],
    ['Fargate', 'aws-fargate'],
    ['Lotus Notes', 'ibm-lotus-notes'],
    ['VxWorks', 'wind-river-vxworks'],
  ])('finds the short name employers write, %s, as %s', (form, id) => {
    expect(lookupSkill(taxonomy, form)?.id).toBe(id);
  });

  it('makes no skill of a Stack Overflow tag that is an API name, a word or an identifier', () => {
    for (const tag of [
      'Accessor',
      'Adhoc',
      'Activexobject',
      'Abaddressbook',
      'iterable',
      'memcpy',
      'console.log',
      'QPushButton',
      'argparse',
    ]) {
      expect(lookupSkill(taxonomy, tag), tag).toBeUndefined();
    }
  });

  it('strips a whole O*NET vendor, never part of a name, and puts an acronym in parentheses', () => {
    for (const partial of ['Rain Swift 3D', 'Systems C/C++ Compiler Suite', 'Selection System ISS', 'data interchange EDI']) {
      expect(lookupSkill(taxonomy, partial), partial).toBeUndefined();
    }
    expect(taxonomy.byId.get('inspection-selection-system-iss')?.name).toBe('Inspection Selection System (ISS)');
    // A vendor-less name that several vendors use is a kind of product ("CRM"), not an alias of one of them.
    expect(lookupSkill(taxonomy, 'Oracle Siebel CRM')?.id).not.toBe('microsoft-dynamics-365');
  });

  it('gives cloud services their platform as parent', () => {
    for (const [form, parent] of [
      ['EC2', 'aws'],
      ['Lambda', 'aws'],
      ['Key Vault', 'azure'],
      ['BigQuery', 'gcp'],
      ['Cloud Storage', 'gcp'],
    ]) {
      expect(lookupSkill(taxonomy, form)?.parent, form).toBe(parent);
    }
    expect(lookupSkill(taxonomy, 'Lambda')?.ambiguousForms).toContain('lambda');
  });

  it('lets no two skills claim one form, even with hyphens, spaces and inner dots folded', () => {
    const owner = new Map<string, string>();
    for (const skill of taxonomy.skills) {
      if (skill.caseSensitive) continue;
      for (const form of [skill.name, ...skill.aliases]) {
        const key = claimKey(form);
        const other = owner.get(key);
        expect(other === undefined || other === skill.id, `${form}: ${other} and ${skill.id}`).toBe(true);
        owner.set(key, skill.id);
      }
    }
  });

  it('keeps every curated id, name, alias, parent and ambiguity decision', () => {
    const curated = parseYaml(readFileSync(join(pkg, 'curation/skills.yaml'), 'utf8')) as {
      skills: Array<{ id: string; name: string; aliases?: string[]; parent?: string; ambiguous?: unknown }>;
    };
    for (const entry of curated.skills) {
      const skill = taxonomy.byId.get(entry.id);
      expect(skill, entry.id).toBeDefined();
      expect(skill?.name).toBe(String(entry.name));
      expect(skill?.parent ?? undefined).toBe(entry.parent);
      for (const form of [entry.name, ...(entry.aliases ?? [])]) expect(lookupSkill(taxonomy, String(form))?.id, form).toBe(entry.id);
      if (entry.ambiguous === undefined) expect(skill?.ambiguousForms, entry.id).toEqual([]);
    }
  });
});

describe('loading several data files', () => {
  const write = (name: string, text: string) => {
    const path = join(temp, name);
    writeFileSync(path, text);
    return path;
  };
  const main = write(
    'main.yaml',
    'version: "t1"\ncategories:\n  cloud: Cloud\nskills:\n  - {"id":"aws","name":"AWS","category":"cloud","aliases":[],"provenance":["curated"]}\n',
  );

  it('appends skills and extends earlier ones with aliases and provenance', () => {
    const extra = write(
      'extra.yaml',
      'version: "t1"\nskills:\n  - {id: aws-s3, name: Amazon S3, category: cloud, parent: aws, provenance: ["so:amazon-s3"]}\nextend:\n  - {id: aws, aliases: [amazon web services], provenance: ["so:amazon-web-services"]}\n',
    );
    const taxonomy = loadTaxonomy([main, extra]);
    expect(lookupSkill(taxonomy, 'amazon web services')?.id).toBe('aws');
    expect(taxonomy.byId.get('aws')?.provenance).toEqual(['curated', 'so:amazon-web-services']);
    expect(lookupSkill(taxonomy, 'Amazon S3')?.parent).toBe('aws');
  });

  it('rejects an extension of an unknown skill and a version that differs, naming the file', () => {
    const unknown = write('unknown.yaml', 'extend:\n  - {id: gcp, aliases: [google cloud]}\n');
    expect(() => loadTaxonomy([main, unknown])).toThrow(/unknown\.yaml: extend "gcp": "id" must name a skill/);
    const stale = write('stale.yaml', 'version: "t0"\nskills: []\n');
    expect(() => loadTaxonomy([main, stale])).toThrow(/stale\.yaml: document: "version" "t0" differs/);
  });
});
