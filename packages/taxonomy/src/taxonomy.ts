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

/** Reads and validates a taxonomy file (YAML or JSON). */
export function loadTaxonomy(path: string = DEFAULT_TAXONOMY_PATH): Taxonomy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`taxonomy ${path}: cannot be read`, { cause, code: 'SKILLPULSE_ERR_TAXONOMY_INVALID' });
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`taxonomy ${path}: not valid YAML (${(cause as Error).message})`, {
      cause,
      code: 'SKILLPULSE_ERR_TAXONOMY_INVALID',
    });
  }
  return buildTaxonomy(data, path);
}

let defaultTaxonomy: Taxonomy | undefined;

/** The bundled taxonomy, loaded once per process. */
export function getDefaultTaxonomy(): Taxonomy {
  defaultTaxonomy ??= loadTaxonomy();
  return defaultTaxonomy;
}

/** Finds a skill by id, display name or alias (case-insensitive unless the skill is case-sensitive). */
export function lookupSkill(taxonomy: Taxonomy, text: string): Skill | undefined {
  const folded = text.replace(/\s+/g, ' ').trim();
  return taxonomy.byId.get(folded) ?? taxonomy.aliasIndex.get(folded) ?? taxonomy.aliasIndex.get(normaliseAlias(folded));
}
