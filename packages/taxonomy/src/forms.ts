import { aliasKey, normaliseAlias, type Skill, type Taxonomy } from './taxonomy.js';

/*
 * Surface forms: the spellings of a skill that the extractor matches and `taxonomy lookup`
 * resolves. One set of rules generates them from every entry's name and aliases, so the two
 * always agree (a test checks it), and so they hold for any vocabulary size.
 */

/** Letters and digits as the extractor sees them (ASCII, and anything from U+00C0 up). */
const ALNUM = '0-9A-Za-z\\u00C0-\\uFFFF';
/** A dot inside a name ("Node.js"), or written with spaces round it as pre-tokenised text does ("Node . js"). */
const INNER_DOT = new RegExp(`(?<=[${ALNUM}])(?:\\.|[ \\t\\u00A0]+\\.[ \\t\\u00A0]+)(?=[${ALNUM}])`, 'g');

/**
 * The canonical spelling of a form: lower-cased unless case-sensitive; white space, hyphens and a
 * dot inside a name are one separator (a space); no space round a slash ("CI / CD" → "ci/cd");
 * a leading dot keeps to its word (". NET" → ".net").
 */
export function formKey(form: string, caseSensitive: boolean): string {
  let key = caseSensitive ? form : form.toLowerCase();
  key = key.replace(INNER_DOT, ' ');
  key = key.replace(/^\.\s+/, '.');
  key = key.replace(/\s*\/\s*/g, '/');
  return key.replace(/[\s-]+/g, ' ').trim();
}

export interface SkillForm {
  /** In `formKey` form. */
  key: string;
  skill: Skill;
  /** Counted only with supporting context. */
  ambiguous: boolean;
  /** Must be written with this exact case. */
  caseSensitive: boolean;
  /** Generated from a name or alias (a variant), rather than written in the data. */
  generated: boolean;
}

/** "api" → "apis", "library" → "libraries", "mesh" → "meshes"; null where it makes no sense. */
export function pluralWord(word: string): string | null {
  if (word.length < 3 || !/^[a-z]+$/.test(word) || word.endsWith('s')) return null;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** "patterns" → "pattern", "libraries" → "library"; null for words that do not look plural. */
export function singularWord(word: string): string | null {
  if (word.length < 4 || !/^[a-z]+s$/.test(word) || /(ss|us|is|os)$/.test(word)) return null;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

function replaceLastWord(key: string, change: (word: string) => string | null): string | null {
  const space = key.lastIndexOf(' ');
  const changed = change(key.slice(space + 1));
  return changed === null ? null : key.slice(0, space + 1) + changed;
}

/**
 * Every spelling of one written form. Case-insensitive forms: the canonical one; for 2–3 words,
 * the run-together ones ("micro frontends" → "microfrontends", "node js" → "nodejs"); the plural
 * of the last word, and for multi-word forms or practices its singular. Case-sensitive
 * single words: as written, and unless ambiguous in ALL CAPS, and in all lower case as an
 * ambiguous form (it needs context). Multi-word forms of case-sensitive skills match in any case:
 * a phrase ("Model Context Protocol") is not mistaken for an ordinary word by its case.
 */
export function formSpellings(form: string, skill: Skill): Array<Omit<SkillForm, 'skill' | 'generated'> & { generated: boolean }> {
  const ambiguous = skill.ambiguousForms.includes(aliasKey(form, skill.caseSensitive));
  const words = formKey(form, false).split(' ');
  const caseSensitive = skill.caseSensitive && words.length === 1;
  const base = formKey(form, caseSensitive);
  const out = [{ key: base, ambiguous, caseSensitive, generated: false }];
  if (caseSensitive) {
    if (ambiguous) return out;
    const upper = base.toUpperCase();
    if (upper !== base && /[A-Za-z].*[A-Za-z]/.test(base)) out.push({ key: upper, ambiguous: false, caseSensitive, generated: true });
    const lower = base.toLowerCase();
    if (lower !== base) out.push({ key: lower, ambiguous: true, caseSensitive, generated: true });
    return out;
  }
  const joined: string[] = [];
  if (words.length === 2 || words.length === 3) {
    joined.push(words.join(''));
    if (words.length === 3) joined.push(`${words[0]}${words[1]} ${words[2]}`, `${words[0]} ${words[1]}${words[2]}`);
  }
  for (const key of joined) if (key.length >= 4 && /[a-z]/.test(key)) out.push({ key, ambiguous, caseSensitive, generated: true });
  const inflectSingular = words.length > 1 || (skill.category === 'practice' && base.length >= 8);
  for (const spelling of [...out]) {
    const plural = replaceLastWord(spelling.key, pluralWord);
    if (plural) out.push({ key: plural, ambiguous, caseSensitive, generated: true });
    const singular = inflectSingular ? replaceLastWord(spelling.key, singularWord) : null;
    if (singular) out.push({ key: singular, ambiguous, caseSensitive, generated: true });
  }
  return out;
}

export interface FormIndex {
  forms: readonly SkillForm[];
  /** Case-insensitive forms by key. */
  folded: ReadonlyMap<string, SkillForm>;
  /** Case-sensitive forms by key. */
  exact: ReadonlyMap<string, SkillForm>;
}

const formIndexes = new WeakMap<Taxonomy, FormIndex>();

/**
 * Every skill's spellings, once per taxonomy. A written form wins over a generated one; a
 * generated spelling two skills would share is dropped for both (it names neither for sure).
 */
export function formIndex(taxonomy: Taxonomy): FormIndex {
  const cached = formIndexes.get(taxonomy);
  if (cached) return cached;
  const folded = new Map<string, SkillForm>();
  const exact = new Map<string, SkillForm>();
  const contested = new Set<string>();
  const all: SkillForm[] = [];
  for (const skill of taxonomy.skills) {
    for (const form of [skill.name, ...skill.aliases]) {
      for (const spelling of formSpellings(form, skill)) all.push({ ...spelling, skill });
    }
  }
  // Written forms first, so a generated spelling never takes a written one's key.
  all.sort((a, b) => Number(a.generated) - Number(b.generated));
  for (const form of all) {
    const map = form.caseSensitive ? exact : folded;
    const mapKey = form.key;
    const owner = map.get(mapKey);
    if (owner === undefined) {
      if (!contested.has(`${form.caseSensitive}:${mapKey}`)) map.set(mapKey, form);
    } else if (owner.skill !== form.skill && form.generated && owner.generated) {
      map.delete(mapKey);
      contested.add(`${form.caseSensitive}:${mapKey}`);
    }
  }
  const index: FormIndex = { forms: [...folded.values(), ...exact.values()], folded, exact };
  formIndexes.set(taxonomy, index);
  return index;
}

/** The skill a spelling names, by the same rules the extractor matches text with. */
export function lookupForm(taxonomy: Taxonomy, text: string): Skill | undefined {
  const index = formIndex(taxonomy);
  return index.folded.get(formKey(text, false))?.skill ?? index.exact.get(formKey(text, true))?.skill;
}

/**
 * Finds a skill by id, display name or alias (case-insensitive unless the skill is case-sensitive),
 * then by any spelling the extractor accepts (see above: `NodeJS`, `event-driven`, `AWS-Lambda`).
 */
export function lookupSkill(taxonomy: Taxonomy, text: string): Skill | undefined {
  const folded = text.replace(/\s+/g, ' ').trim();
  return (
    taxonomy.byId.get(folded) ??
    taxonomy.aliasIndex.get(folded) ??
    taxonomy.aliasIndex.get(normaliseAlias(folded)) ??
    lookupForm(taxonomy, folded)
  );
}
