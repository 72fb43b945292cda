import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, closestMatch, didYouMean } from '@skillpulse/core';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { aliasKey, buildTaxonomy, getDefaultTaxonomy, type Skill, type Taxonomy } from './taxonomy.js';

/**
 * A taxonomy overlay: a YAML file in the shape of the built-in data that adds skills and
 * categories, adds aliases to existing skills, sets parents and decides ambiguity, without a code
 * change. An entry whose id is a built-in skill changes that skill: its aliases are added to the
 * built-in ones, every other field given replaces the built-in value (`parent: null` removes the
 * parent; `ambiguous: false` makes every form count without supporting context).
 */
export const OVERLAY_CODE = 'SKILLPULSE_ERR_TAXONOMY_OVERLAY_INVALID';

const TOP_LEVEL_KEYS = ['version', 'categories', 'skills'];
const SKILL_KEYS = ['id', 'name', 'category', 'aliases', 'parent', 'ambiguous', 'caseSensitive', 'provenance', 'notes'];
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

function overlayError(source: string, where: string, problem: string, cause?: unknown): ConfigError {
  return new ConfigError(`overlay ${source}: ${where}${where ? ': ' : ''}${problem}`, { cause, code: OVERLAY_CODE });
}

/** `<base version>+overlay.<first 8 hex of the overlay's sha256>`: what every posting and report is stamped with. */
export function overlayVersion(baseVersion: string, digest: string): string {
  return `${baseVersion}+overlay.${digest.slice(0, 8)}`;
}

/** A built skill back in the raw form `buildTaxonomy` reads; fields it does not know about pass through. */
function toRaw(skill: Skill): Record<string, unknown> {
  const { ambiguousForms, ...rest } = skill;
  return { ...rest, aliases: [...skill.aliases], ambiguous: [...ambiguousForms] };
}

function stringList(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) return null;
  return value.map(String);
}

interface Context {
  source: string;
  base: Taxonomy;
  categories: Map<string, string>;
  /** The merged skills, in order: built-in ones first, then those the overlay adds. */
  raw: Map<string, Record<string, unknown>>;
  /** Which overlay entry last touched each skill, for the checks that run after merging. */
  touchedBy: Map<string, string>;
}

function mergeEntry(ctx: Context, rawEntry: unknown, index: number): void {
  const at = `skills[${index}]`;
  if (typeof rawEntry !== 'object' || rawEntry === null || Array.isArray(rawEntry)) {
    throw overlayError(ctx.source, at, 'must be a mapping such as {id: acme-ci, name: AcmeCI, category: devops}');
  }
  const entry = rawEntry as Record<string, unknown>;
  const id = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : '';
  const where = id ? `${at} (id "${id}")` : at;
  for (const key of Object.keys(entry)) {
    if (!SKILL_KEYS.includes(key)) {
      throw overlayError(ctx.source, where, `unknown field "${key}"${didYouMean(key, SKILL_KEYS)} (fields: ${SKILL_KEYS.join(', ')})`);
    }
  }
  if (!ID_PATTERN.test(id)) {
    const known = id ? ctx.base.aliasIndex.get(aliasKey(id, false)) : undefined;
    throw overlayError(
      ctx.source,
      where,
      known
        ? `"${id}" is not an id; to change the built-in skill ${known.name}, write id: ${known.id}`
        : '"id" must be lower-case letters, digits and dashes, e.g. acme-ci',
    );
  }
  if (ctx.touchedBy.has(id))
    throw overlayError(ctx.source, where, `id "${id}" is already given at ${ctx.touchedBy.get(id)}; merge the two entries`);
  const existing = ctx.raw.get(id);
  const merged: Record<string, unknown> = existing ? { ...existing } : { id };

  if (entry.name !== undefined) {
    const name = typeof entry.name === 'string' || typeof entry.name === 'number' ? String(entry.name).trim() : '';
    if (name === '') throw overlayError(ctx.source, where, '"name" must be a non-empty string');
    merged.name = name;
  } else if (!existing) {
    const near = closestMatch(id, ctx.raw.keys());
    throw overlayError(
      ctx.source,
      where,
      `"${id}" is not a built-in skill, so a new one needs a "name"${near ? ` (or did you mean the built-in "${near}"?)` : ''}`,
    );
  }
  if (entry.category !== undefined || !existing) {
    const category = typeof entry.category === 'string' ? entry.category : '';
    if (!ctx.categories.has(category)) {
      const problem =
        category === '' ? 'a new skill needs a "category"' : `unknown category "${category}"${didYouMean(category, ctx.categories.keys())}`;
      throw overlayError(ctx.source, where, `${problem} (known: ${[...ctx.categories.keys()].join(', ')}; or add it under "categories:")`);
    }
    merged.category = category;
  }
  const aliases = stringList(entry.aliases);
  if (aliases === null) throw overlayError(ctx.source, where, '"aliases" must be a list of strings, e.g. [acme ci, acmeci]');
  if (aliases.some((a) => a.trim() === '')) throw overlayError(ctx.source, where, '"aliases" has an empty alias');
  const before = stringList(merged.aliases) ?? [];
  merged.aliases = [...before, ...aliases.filter((a) => !before.includes(a))];
  if (entry.caseSensitive !== undefined) {
    if (typeof entry.caseSensitive !== 'boolean') throw overlayError(ctx.source, where, '"caseSensitive" must be true or false');
    merged.caseSensitive = entry.caseSensitive;
  }
  if (entry.parent !== undefined) {
    if (entry.parent !== null && typeof entry.parent !== 'string') {
      throw overlayError(ctx.source, where, '"parent" must be the id of a skill, or null for none');
    }
    merged.parent = entry.parent;
  }
  if (entry.ambiguous !== undefined) {
    const forms = typeof entry.ambiguous === 'boolean' ? [] : stringList(entry.ambiguous);
    if (forms === null) throw overlayError(ctx.source, where, '"ambiguous" must be true, false or a list of its name and aliases');
    merged.ambiguous = entry.ambiguous;
  }
  for (const key of ['provenance', 'notes']) if (entry[key] !== undefined) merged[key] = entry[key];
  ctx.raw.set(id, merged);
  ctx.touchedBy.set(id, where);
}

/** Checks that need the whole merged taxonomy: parents, cycles, aliases and ambiguous forms. */
function checkMerged(ctx: Context): void {
  const ids = [...ctx.raw.keys()];
  for (const [id, where] of ctx.touchedBy) {
    const skill = ctx.raw.get(id) as Record<string, unknown>;
    const parent = skill.parent;
    if (typeof parent === 'string') {
      if (!ctx.raw.has(parent)) throw overlayError(ctx.source, where, `parent "${parent}" is not a skill${didYouMean(parent, ids)}`);
      const chain = [id];
      for (let at: unknown = parent; typeof at === 'string'; at = ctx.raw.get(at)?.parent) {
        chain.push(at);
        if (at === id) throw overlayError(ctx.source, where, `parent "${parent}" makes a cycle (${chain.join(' -> ')})`);
        if (chain.length > ids.length + 1) break;
      }
    }
  }
  // Every surface form belongs to one skill; a built-in clash is reported against the overlay entry.
  const owners = new Map<string, string>();
  const ordered = [...ctx.raw.values()].sort(
    (a, b) => Number(ctx.touchedBy.has(a.id as string)) - Number(ctx.touchedBy.has(b.id as string)),
  );
  for (const skill of ordered) {
    const id = skill.id as string;
    const caseSensitive = skill.caseSensitive === true;
    const forms = [String(skill.name), ...(stringList(skill.aliases) ?? [])];
    for (const form of forms) {
      const key = aliasKey(form, caseSensitive);
      const owner = owners.get(key);
      if (owner !== undefined && owner !== id) {
        const where = ctx.touchedBy.get(id) ?? ctx.touchedBy.get(owner) ?? `skill "${id}"`;
        const other = ctx.raw.get(ctx.touchedBy.has(id) ? owner : id);
        const builtIn = ctx.base.byId.has(other?.id as string) && !ctx.touchedBy.has(other?.id as string);
        throw overlayError(
          ctx.source,
          where,
          `${form === skill.name ? 'name' : 'alias'} "${form}" is already used by ${builtIn ? 'built-in ' : ''}skill "${other?.id}" (${other?.name}); drop it, or add it to "${other?.id}" instead`,
        );
      }
      owners.set(key, id);
    }
    if (ctx.touchedBy.has(id) && Array.isArray(skill.ambiguous)) {
      const keys = new Set(forms.map((f) => aliasKey(f, caseSensitive)));
      for (const form of skill.ambiguous as string[]) {
        if (!keys.has(aliasKey(String(form), caseSensitive))) {
          throw overlayError(
            ctx.source,
            ctx.touchedBy.get(id) as string,
            `ambiguous form "${form}" is neither its name nor an alias (${forms.join(', ')})`,
          );
        }
      }
    }
  }
}

export interface OverlayOptions {
  /** How errors name the overlay: its path as the user gave it. */
  source?: string;
  /** sha256 (hex) of the overlay file; by default that of the data's JSON form. */
  digest?: string;
}

/** Merges parsed overlay data into a built taxonomy and validates the result; every error names the entry. */
export function applyOverlay(base: Taxonomy, data: unknown, options: OverlayOptions = {}): Taxonomy {
  const source = options.source ?? '<inline>';
  if (data === null || data === undefined)
    throw overlayError(source, '', 'is empty; it needs a "skills:" list (see README, "Adding a skill")');
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw overlayError(source, '', 'must be a mapping with "skills:" (and optionally "categories:"), as in the built-in skills.yaml');
  }
  const doc = data as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      throw overlayError(
        source,
        '',
        `unknown top-level field "${key}"${didYouMean(key, TOP_LEVEL_KEYS)} (fields: ${TOP_LEVEL_KEYS.join(', ')})`,
      );
    }
  }
  const ctx: Context = {
    source,
    base,
    categories: new Map(base.categories),
    raw: new Map(base.skills.map((skill) => [skill.id, toRaw(skill)])),
    touchedBy: new Map(),
  };
  if (doc.categories !== undefined && doc.categories !== null) {
    if (typeof doc.categories !== 'object' || Array.isArray(doc.categories)) {
      throw overlayError(source, 'categories', 'must be a mapping of category id to display name, e.g. {internal: Internal tools}');
    }
    for (const [id, name] of Object.entries(doc.categories as Record<string, unknown>)) {
      if (!ID_PATTERN.test(id))
        throw overlayError(source, `categories.${id}`, 'a category id must be lower-case letters, digits and dashes');
      if (typeof name !== 'string' || name.trim() === '') throw overlayError(source, `categories.${id}`, 'needs a display name');
      ctx.categories.set(id, name.trim());
    }
  }
  if (doc.skills !== undefined && doc.skills !== null && !Array.isArray(doc.skills)) {
    throw overlayError(source, 'skills', 'must be a list of skill entries (- {id: …, name: …, category: …})');
  }
  const entries = (doc.skills ?? []) as unknown[];
  if (entries.length === 0 && ctx.categories.size === base.categories.size) {
    throw overlayError(source, '', 'has no skills and no categories; add entries under "skills:"');
  }
  for (const [index, entry] of entries.entries()) mergeEntry(ctx, entry, index);
  checkMerged(ctx);
  const digest = options.digest ?? createHash('sha256').update(JSON.stringify(data)).digest('hex');
  const merged = {
    version: overlayVersion(base.version, digest),
    categories: Object.fromEntries(ctx.categories),
    skills: [...ctx.raw.values()],
  };
  try {
    return buildTaxonomy(merged, `overlay ${source}`);
  } catch (cause) {
    // A check of the taxonomy itself that this module does not repeat: still name the overlay.
    const message = (cause as Error).message;
    const prefix = `taxonomy overlay ${source}: `;
    throw overlayError(source, '', message.startsWith(prefix) ? message.slice(prefix.length) : message, cause);
  }
}

/** Reads an overlay file, validates it (errors name the file, the entry and the problem) and merges it into `base`. */
export function loadTaxonomyOverlay(path: string, base: Taxonomy = getDefaultTaxonomy()): Taxonomy {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw overlayError(path, '', `cannot be read (${code}); give the path of a YAML file of extra skills`, cause);
  }
  let data: unknown;
  try {
    data = parseYaml(bytes.toString('utf8'));
  } catch (cause) {
    if (cause instanceof YAMLParseError && cause.linePos) {
      const { line, col } = cause.linePos[0];
      const reason = (cause.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw overlayError(path, `line ${line}, column ${col}`, `not valid YAML: ${reason}`, cause);
    }
    throw overlayError(path, '', `not valid YAML (${(cause as Error).message})`, cause);
  }
  return applyOverlay(base, data, { source: path, digest: createHash('sha256').update(bytes).digest('hex') });
}

/** The taxonomy a program runs with: the built-in one, with the overlay at `overlayPath` merged in when given. */
export function taxonomyWithOverlay(overlayPath: string | undefined, base?: Taxonomy): Taxonomy {
  const builtIn = base ?? getDefaultTaxonomy();
  return overlayPath ? loadTaxonomyOverlay(overlayPath, builtIn) : builtIn;
}
