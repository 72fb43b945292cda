import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@skillpulse/core';
import { parse as parseYaml } from 'yaml';

export interface Skill {
  id: string;
  name: string;
  category: string;
  aliases: string[];
  parent: string | null;
  /**
   * Surface forms that are ordinary words too (Go, R, Spring, rails…), in alias-index form:
   * a mention through one of them only counts with supporting context.
   */
  ambiguousForms: string[];
  /** Match the name and aliases with their case as written (C, R, Less, Make…). */
  caseSensitive: boolean;
  /**
   * Where the entry came from, as the build script records it: `curated`, `linguist:"Jupyter Notebook"`,
   * `onet:"Amazon Simple Storage Service S3"`, `so:amazon-s3`. Absent for hand-written test data.
   */
  provenance?: readonly string[];
}

export interface Taxonomy {
  version: string;
  categories: ReadonlyMap<string, string>;
  skills: readonly Skill[];
  byId: ReadonlyMap<string, Skill>;
  /** Every surface form (name and aliases), lower-cased unless case-sensitive, to its skill. */
  aliasIndex: ReadonlyMap<string, Skill>;
}

export const DEFAULT_TAXONOMY_PATH = fileURLToPath(new URL('../data/skills.yaml', import.meta.url));
/** The entries derived from Stack Overflow tag names: CC BY-SA 4.0, so they live in their own file. */
export const STACKOVERFLOW_TAXONOMY_PATH = fileURLToPath(new URL('../data/skills-stackoverflow.yaml', import.meta.url));
/** The bundled data files, loaded together: the first holds version and categories, the next add skills. */
export const DEFAULT_TAXONOMY_PATHS: readonly string[] = [DEFAULT_TAXONOMY_PATH, STACKOVERFLOW_TAXONOMY_PATH];

/** Lower-cases and folds white space: the form aliases are indexed under. */
export function normaliseAlias(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The key a surface form is indexed under. */
export function aliasKey(form: string, caseSensitive: boolean): string {
  return caseSensitive ? form.replace(/\s+/g, ' ').trim() : normaliseAlias(form);
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

function invalid(source: string, entry: string, problem: string): ConfigError {
  return new ConfigError(`taxonomy ${source}: ${entry}: ${problem}`, {
    code: 'SKILLPULSE_ERR_TAXONOMY_INVALID',
  });
}

function stringList(value: unknown, source: string, entry: string, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw invalid(source, entry, `"${field}" must be a list of strings`);
  }
  return value.map(String);
}

/**
 * Validates raw taxonomy data and builds its indexes. Every problem names the entry:
 * empty names, unknown categories or parents, duplicate ids, and an alias claimed by two skills.
 */
export function buildTaxonomy(data: unknown, source = '<inline>'): Taxonomy {
  if (typeof data !== 'object' || data === null) throw invalid(source, 'document', 'must be a mapping');
  const doc = data as Record<string, unknown>;
  if (typeof doc.version !== 'string' || doc.version.trim() === '') {
    throw invalid(source, 'document', '"version" must be a non-empty string');
  }
  if (typeof doc.categories !== 'object' || doc.categories === null) {
    throw invalid(source, 'document', '"categories" must be a mapping of id to display name');
  }
  const categories = new Map(Object.entries(doc.categories as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  if (!Array.isArray(doc.skills) || doc.skills.length === 0) {
    throw invalid(source, 'document', '"skills" must be a non-empty list');
  }

  const skills: Skill[] = [];
  const byId = new Map<string, Skill>();
  doc.skills.forEach((raw: unknown, index: number) => {
    const entry = `skills[${index}]`;
    if (typeof raw !== 'object' || raw === null) throw invalid(source, entry, 'must be a mapping');
    const r = raw as Record<string, unknown>;
    const id = typeof r.id === 'string' ? r.id : '';
    const label = id ? `skill "${id}"` : entry;
    if (!ID_PATTERN.test(id)) throw invalid(source, label, '"id" must be lower-case letters, digits and dashes');
    if (byId.has(id)) throw invalid(source, label, 'duplicate id');
    const name = typeof r.name === 'string' || typeof r.name === 'number' ? String(r.name).trim() : '';
    if (name === '') throw invalid(source, label, '"name" is empty');
    const category = String(r.category ?? '');
    if (!categories.has(category)) throw invalid(source, label, `unknown category "${category}"`);
    const aliases = stringList(r.aliases, source, label, 'aliases');
    const caseSensitive = r.caseSensitive === true;
    const forms = new Set([name, ...aliases].map((form) => aliasKey(form, caseSensitive)));
    const ambiguousForms =
      r.ambiguous === true
        ? [aliasKey(name, caseSensitive)]
        : stringList(r.ambiguous === false ? [] : r.ambiguous, source, label, 'ambiguous').map((form) => aliasKey(form, caseSensitive));
    for (const form of ambiguousForms) {
      if (!forms.has(form)) throw invalid(source, label, `ambiguous form "${form}" is neither its name nor an alias`);
    }
    const skill: Skill = {
      id,
      name,
      category,
      aliases,
      parent: typeof r.parent === 'string' ? r.parent : null,
      ambiguousForms,
      caseSensitive,
    };
    const provenance = stringList(r.provenance, source, label, 'provenance');
    if (provenance.length > 0) skill.provenance = provenance;
    skills.push(skill);
    byId.set(id, skill);
  });

  const aliasIndex = new Map<string, Skill>();
  for (const skill of skills) {
    if (skill.parent !== null && !byId.has(skill.parent)) {
      throw invalid(source, `skill "${skill.id}"`, `unknown parent "${skill.parent}"`);
    }
    for (const form of [skill.name, ...skill.aliases]) {
      const key = aliasKey(form, skill.caseSensitive);
      if (key === '') throw invalid(source, `skill "${skill.id}"`, 'has an empty alias');
      const owner = aliasIndex.get(key);
      if (owner && owner.id !== skill.id) {
        throw invalid(source, `skill "${skill.id}"`, `alias "${form}" is already used by skill "${owner.id}"`);
      }
      aliasIndex.set(key, skill);
    }
  }
  return { version: doc.version, categories, skills, byId, aliasIndex };
}

const LIST_SECTION = /^(skills|extend):\s*$/;

/**
 * The generated data files write one entry per line as a JSON object (`  - {"id":…}`), which is a YAML
 * flow mapping too; read that way they load in milliseconds where a full YAML parse of ten thousand
 * entries takes seconds. The lines before the first list (version, categories) are parsed as YAML.
 * Returns null for any other layout (hand-written YAML), which is then parsed as YAML.
 */
function parseJsonLines(text: string): Record<string, unknown> | null {
  const lists: Record<string, unknown[]> = {};
  const head: string[] = [];
  let section: unknown[] | null = null;
  for (const line of text.split('\n')) {
    const list = LIST_SECTION.exec(line);
    if (list) {
      section = [];
      lists[list[1] as string] = section;
    } else if (section === null) head.push(line);
    else if (line.startsWith('  - {"')) {
      try {
        section.push(JSON.parse(line.slice(4)));
      } catch {
        return null;
      }
    } else if (line.trim() !== '' && !line.trimStart().startsWith('#')) return null;
  }
  if (section === null) return null;
  const header: unknown = parseYaml(head.join('\n')) ?? {};
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
  return { ...(header as Record<string, unknown>), ...lists };
}

/** Reads and parses one taxonomy data file. */
function readTaxonomyFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`taxonomy ${path}: cannot be read`, { cause, code: 'SKILLPULSE_ERR_TAXONOMY_INVALID' });
  }
  let data: unknown;
  try {
    data = parseJsonLines(text) ?? parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`taxonomy ${path}: not valid YAML (${(cause as Error).message})`, {
      cause,
      code: 'SKILLPULSE_ERR_TAXONOMY_INVALID',
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid(path, 'document', 'must be a mapping');
  return data as Record<string, unknown>;
}

/**
 * Adds a further data file to the first one: its `skills` are appended, and each of its `extend`
 * entries (`{id, aliases, provenance}`) adds aliases and provenance to a skill defined before it.
 * A further file may repeat `version` (it must then agree) but not define categories.
 */
function mergeTaxonomyFile(into: Record<string, unknown>, extra: Record<string, unknown>, path: string): void {
  if (extra.version !== undefined && extra.version !== into.version) {
    throw invalid(
      path,
      'document',
      `"version" ${JSON.stringify(extra.version)} differs from the first file's ${JSON.stringify(into.version)}; rebuild both together`,
    );
  }
  if (extra.categories !== undefined) throw invalid(path, 'document', '"categories" belong in the first data file only');
  const skills = [...((into.skills as unknown[] | undefined) ?? [])];
  if (extra.skills !== undefined && !Array.isArray(extra.skills)) throw invalid(path, 'document', '"skills" must be a list');
  skills.push(...((extra.skills as unknown[] | undefined) ?? []));
  if (extra.extend !== undefined && !Array.isArray(extra.extend)) throw invalid(path, 'document', '"extend" must be a list');
  const byId = new Map<string, Record<string, unknown>>();
  for (const raw of skills) {
    const r = raw as Record<string, unknown> | null;
    if (typeof r === 'object' && r !== null && typeof r.id === 'string') byId.set(r.id, r);
  }
  for (const [index, raw] of ((extra.extend as unknown[] | undefined) ?? []).entries()) {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const label = typeof r.id === 'string' ? `extend "${r.id}"` : `extend[${index}]`;
    const target = typeof r.id === 'string' ? byId.get(r.id) : undefined;
    if (!target) throw invalid(path, label, '"id" must name a skill defined in an earlier data file');
    const copy = { ...target };
    copy.aliases = [...stringList(target.aliases, path, label, 'aliases'), ...stringList(r.aliases, path, label, 'aliases')];
    copy.provenance = [...stringList(target.provenance, path, label, 'provenance'), ...stringList(r.provenance, path, label, 'provenance')];
    if (r.ambiguous !== undefined) {
      const own =
        target.ambiguous === true
          ? [String(target.name)]
          : stringList(target.ambiguous === false ? [] : target.ambiguous, path, label, 'ambiguous');
      copy.ambiguous = [...own, ...stringList(r.ambiguous, path, label, 'ambiguous')];
    }
    skills[skills.indexOf(target)] = copy;
    byId.set(copy.id as string, copy);
  }
  into.skills = skills;
}

/**
 * Reads and validates a taxonomy (YAML or JSON): one file, or several loaded as one taxonomy (the
 * bundled data is `DEFAULT_TAXONOMY_PATHS`: the main file and the Stack Overflow-derived one).
 */
export function loadTaxonomy(path: string | readonly string[] = DEFAULT_TAXONOMY_PATH): Taxonomy {
  const paths = typeof path === 'string' ? [path] : path;
  const [first, ...rest] = paths;
  if (first === undefined) throw invalid('<none>', 'document', 'no taxonomy file given');
  const data = readTaxonomyFile(first);
  for (const extra of rest) mergeTaxonomyFile(data, readTaxonomyFile(extra), extra);
  return buildTaxonomy(data, paths.join(' + '));
}

let defaultTaxonomy: Taxonomy | undefined;

/** The bundled taxonomy, loaded once per process. */
export function getDefaultTaxonomy(): Taxonomy {
  defaultTaxonomy ??= loadTaxonomy(DEFAULT_TAXONOMY_PATHS);
  return defaultTaxonomy;
}
