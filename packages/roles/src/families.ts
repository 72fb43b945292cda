import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@skillpulse/core';
import { parse } from 'yaml';
import { key } from './normalise.js';

export const DEFAULT_ROLES_PATH = fileURLToPath(new URL('../data/roles.yaml', import.meta.url));

/** One role family of data/roles.yaml. */
export interface RoleFamily {
  id: string;
  name: string;
  tech: boolean;
  /** Title phrases, normalised. */
  titles: string[];
  /** Words that turn a generic software title into this family, normalised. */
  qualifiers: string[];
  /** Taxonomy skill ids that are evidence for this family on a generic title. */
  skills: string[];
  /** ESCO occupation id used when no compatible ESCO label matches, or null. */
  occupation: string | null;
  /** ISCO-08 code prefixes an ESCO match must share to belong to this family. */
  isco: string[];
  onetSoc: string | null;
}

export interface RoleCatalogue {
  version: string;
  families: RoleFamily[];
  /** Generic software titles ("Software Engineer", "Developer"), normalised. */
  genericTitles: string[];
  /** Head words that name no role on their own ("Engineer", "Consultant"), normalised. */
  ambiguous: string[];
}

const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${where} must be a non-empty string (got ${JSON.stringify(v)})`);
  return v;
};
const strings = (v: unknown, where: string): string[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${where} must be a list of strings (got ${JSON.stringify(v)})`);
  return v.map((item, i) => str(typeof item === 'number' ? String(item) : item, `${where}[${i}]`));
};

/** Parses and checks a role catalogue: ids unique, no title phrase claimed by two families. */
export function parseRoleCatalogue(text: string, source = 'roles.yaml'): RoleCatalogue {
  const doc = parse(text) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new ConfigError(`${source}: expected a YAML mapping with version and families`);
  const version = str(String(doc.version ?? ''), `${source}: version`);
  const generic = (doc.generic ?? {}) as Record<string, unknown>;
  if (!Array.isArray(doc.families) || doc.families.length === 0) throw new ConfigError(`${source}: families must be a non-empty list`);
  const ids = new Set<string>();
  const owners = new Map<string, string>();
  const genericTitles = strings(generic.titles, `${source}: generic.titles`).map(key);
  for (const phrase of genericTitles) owners.set(phrase, 'generic');
  const families = doc.families.map((raw: unknown, i: number): RoleFamily => {
    const f = (raw ?? {}) as Record<string, unknown>;
    const where = `${source}: families[${i}]`;
    const id = str(f.id, `${where}.id`);
    if (ids.has(id)) throw new ConfigError(`${where}.id "${id}" is used twice; each family needs its own id`);
    ids.add(id);
    const titles = strings(f.titles, `${where}.titles`).map(key);
    for (const phrase of titles) {
      const owner = owners.get(phrase);
      if (owner && owner !== id)
        throw new ConfigError(`${where}.titles: "${phrase}" is also a title of ${owner}; a phrase names one family`);
      owners.set(phrase, id);
    }
    return {
      id,
      name: str(f.name, `${where}.name`),
      tech: f.tech === true,
      titles,
      qualifiers: strings(f.qualifiers, `${where}.qualifiers`).map(key),
      skills: strings(f.skills, `${where}.skills`),
      occupation: f.occupation === null || f.occupation === undefined ? null : str(f.occupation, `${where}.occupation`),
      isco: strings(f.isco, `${where}.isco`),
      onetSoc: f.onetSoc === null || f.onetSoc === undefined ? null : str(f.onetSoc, `${where}.onetSoc`),
    };
  });
  return { version, families, genericTitles, ambiguous: strings(generic.ambiguous, `${source}: generic.ambiguous`).map(key) };
}

export function loadRoleCatalogue(path = DEFAULT_ROLES_PATH): RoleCatalogue {
  return parseRoleCatalogue(readFileSync(path, 'utf8'), path);
}
