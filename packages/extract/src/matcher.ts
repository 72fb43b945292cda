import type { Skill, Taxonomy } from '@skillpulse/taxonomy';
import { aliasKey } from '@skillpulse/taxonomy';
import { jaroWinkler, nounInflector } from './nlp.js';

/** A raw hit of a surface form in the text, before context rules. */
export interface AliasHit {
  skill: Skill;
  start: number;
  end: number;
  /** The surface form is an ordinary word too, so context must support it. */
  ambiguous: boolean;
  /** Matched as a likely misspelling of the skill's name, not by an alias. */
  fuzzy?: boolean;
}

interface Candidate {
  skill: Skill;
  ambiguous: boolean;
  /** For a case-sensitive form: the form as it must be written. */
  exact: string | null;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /**
   * Read-only lookup structures built from `next` once the trie is complete: a 128-slot table for
   * nodes with many ASCII children, else parallel arrays scanned linearly (most nodes have one or
   * two children, where a scan beats a Map lookup).
   */
  table: Array<TrieNode | undefined> | null;
  codes: number[];
  kids: TrieNode[];
  /** Case-insensitive candidates first: a case-sensitive one needs its exact spelling. */
  hits: Candidate[];
}

const SPACE = 32;
const HYPHEN = 45;
const FUZZY_MIN_LENGTH = 8;

function newNode(): TrieNode {
  return { next: new Map(), hits: [], table: null, codes: [], kids: [] };
}

function compact(node: TrieNode): void {
  if (node.next.size > 6) {
    node.table = new Array(128);
    for (const [code, child] of node.next) if (code < 128) node.table[code] = child;
  }
  for (const [code, child] of node.next) {
    node.codes.push(code);
    node.kids.push(child);
    compact(child);
  }
}

function childOf(node: TrieNode, code: number): TrieNode | undefined {
  const table = node.table;
  if (table !== null && code < 128) return table[code];
  const codes = node.codes;
  for (let k = 0; k < codes.length; k++) if (codes[k] === code) return node.kids[k];
  return undefined;
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 0xbf;
}

function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isBlank(code: number): boolean {
  return code === SPACE || code === 9 || code === 0xa0;
}

/**
 * Longest-match phrase lookup over every skill's name and aliases (and the plural of their last
 * word), as one character trie over lower-cased text: one pass, no regular expression per alias.
 * Case-sensitive forms (R, C, Less) live in the same trie and are checked against the original
 * spelling only where they match.
 */
export class AliasMatcher {
  private readonly root = newNode();

  constructor(taxonomy: Taxonomy) {
    const taken = new Set(taxonomy.aliasIndex.keys());
    for (const skill of taxonomy.skills) {
      for (const form of [skill.name, ...skill.aliases]) {
        const key = aliasKey(form, skill.caseSensitive);
        const ambiguous = skill.ambiguousForms.includes(key);
        this.insert(key, { skill, ambiguous, exact: skill.caseSensitive ? key : null });
        const plural = skill.caseSensitive ? null : pluralOf(key);
        if (plural && !taken.has(plural)) {
          taken.add(plural);
          this.insert(plural, { skill, ambiguous, exact: null });
        }
      }
    }
    compact(this.root);
    for (const skill of taxonomy.skills) {
      if (skill.caseSensitive || skill.ambiguousForms.length > 0) continue;
      for (const form of [skill.name, ...skill.aliases]) {
        const key = aliasKey(form, false);
        if (key.length < FUZZY_MIN_LENGTH || !/^[a-z]+$/.test(key)) continue;
        const bucket = this.fuzzyForms.get(key.slice(0, 2)) ?? [];
        bucket.push({ form: key, skill });
        this.fuzzyForms.set(key.slice(0, 2), bucket);
      }
    }
  }

  private insert(key: string, candidate: Candidate): void {
    let node = this.root;
    const folded = foldCase(key);
    for (let i = 0; i < folded.length; i++) {
      const code = folded.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = newNode();
        node.next.set(code, child);
      }
      node = child;
    }
    if (candidate.exact === null) node.hits.unshift(candidate);
    else node.hits.push(candidate);
  }

  /** Long single-word forms by their first two letters, for fuzzy lookup of misspellings. */
  private readonly fuzzyForms = new Map<string, Array<{ form: string; skill: Skill }>>();

  /**
   * A misspelt long name ("Kubernets", "Elasticserch"): only capitalised words of 8+ letters, against
   * case-insensitive single-word forms of 8+ letters with the same first two letters, a length
   * within one, and a Jaro–Winkler similarity of at least 0.95. Short names are never guessed.
   */
  fuzzy(word: string): Skill | null {
    if (word.length < FUZZY_MIN_LENGTH) return null;
    const lower = word.toLowerCase();
    // Postings repeat their words: remember each answer (bounded, so memory stays flat).
    const cached = this.fuzzyCache.get(lower);
    if (cached !== undefined) return cached;
    if (this.fuzzyCache.size > 100_000) this.fuzzyCache.clear();
    const found = this.closestForm(lower);
    this.fuzzyCache.set(lower, found);
    return found;
  }

  private readonly fuzzyCache = new Map<string, Skill | null>();

  private closestForm(lower: string): Skill | null {
    let best: { skill: Skill; similarity: number } | null = null;
    for (const candidate of this.fuzzyForms.get(lower.slice(0, 2)) ?? []) {
      if (Math.abs(candidate.form.length - lower.length) > 1 || candidate.form === lower) continue;
      const similarity = jaroWinkler(lower, candidate.form);
      if (similarity >= 0.95 && (!best || similarity > best.similarity)) best = { skill: candidate.skill, similarity };
    }
    return best?.skill ?? null;
  }

  /** All non-overlapping longest hits, left to right. */
  match(text: string): AliasHit[] {
    const lower = foldCase(text);
    const hits: AliasHit[] = [];
    const length = text.length;
    let i = 0;
    let prev = SPACE;
    while (i < length) {
      const code = lower.charCodeAt(i);
      // A mention starts a word: not inside one, and not the ".js" of "foo.js".
      if (isAlnum(prev) || (prev === 46 /* . */ && i > 1 && isAlnum(lower.charCodeAt(i - 2)))) {
        // Inside a word: skip to its end in one go.
        while (i < length && isAlnum(lower.charCodeAt(i))) i++;
        if (i >= length) break;
        prev = lower.charCodeAt(i);
        i++;
        continue;
      }
      const first = childOf(this.root, code);
      const best = first ? this.walk(first, lower, text, i) : null;
      if (best) {
        hits.push({ skill: best.skill, start: i, end: best.end, ambiguous: best.ambiguous });
        i = best.end;
      } else if (isLetter(code)) {
        // No alias: the whole word is skipped, and a long one may be a misspelt name.
        let end = i + 1;
        while (end < length && isLetter(lower.charCodeAt(end))) end++;
        // Only capitalised words: names are written so, and English words mostly are not.
        const capital = text.charCodeAt(i);
        if (end - i >= FUZZY_MIN_LENGTH && capital >= 65 && capital <= 90 && endsWord(lower, end)) {
          const skill = this.fuzzy(lower.slice(i, end));
          if (skill) hits.push({ skill, start: i, end, ambiguous: false, fuzzy: true });
        }
        i = end;
      } else {
        i++;
      }
      prev = lower.charCodeAt(i - 1);
    }
    return hits;
  }

  private walk(first: TrieNode, lower: string, text: string, start: number): { skill: Skill; end: number; ambiguous: boolean } | null {
    let node = first;
    let i = start + 1;
    let best: { skill: Skill; end: number; ambiguous: boolean } | null = null;
    for (;;) {
      if (node.hits.length > 0 && endsWord(lower, i)) {
        const found = pick(node.hits, text, start, i);
        if (found) best = { skill: found.skill, end: i, ambiguous: found.ambiguous };
      }
      if (i >= lower.length) break;
      let code = lower.charCodeAt(i);
      if (isBlank(code)) code = SPACE;
      let child = childOf(node, code);
      // "Spring-Boot" and "Spring Boot", "end to end" and "end-to-end" are the same name.
      if (!child && (code === HYPHEN || code === SPACE)) child = childOf(node, code === HYPHEN ? SPACE : HYPHEN);
      if (!child) break;
      node = child;
      i++;
      if (code === SPACE) {
        while (i < lower.length && isBlank(lower.charCodeAt(i))) i++;
      }
    }
    return best;
  }
}

/** The first candidate whose spelling fits: any case-insensitive one, or an exact case-sensitive one. */
function pick(candidates: Candidate[], text: string, start: number, end: number): Candidate | null {
  for (const candidate of candidates) {
    if (candidate.exact === null) return candidate;
    if (text.slice(start, end).replace(/\s+/g, ' ') === candidate.exact) return candidate;
  }
  return null;
}

/** A mention ends a word: "Java" must not match inside "JavaScript", nor "C" inside "C++". */
function endsWord(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const next = text.charCodeAt(end);
  const last = text.charCodeAt(end - 1);
  if (isAlnum(last) && (isAlnum(next) || next === 43 /* + */ || next === 35) /* # */) return false;
  // "Vue" in "Vue.js" or "Node" in "Node.js" belongs to a longer token that the trie did not know.
  if (next === 46 && end + 1 < text.length && isAlnum(text.charCodeAt(end + 1)) && isAlnum(last)) return false;
  return true;
}

/** Lower-cases without changing any offset, so spans in the folded text are spans in the original. */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const char of text) {
    const folded = char.toLowerCase();
    out += folded.length === char.length ? folded : char;
  }
  return out;
}

/** The plural of a form's last word ("rest api" → "rest apis"), or null where none makes sense. */
function pluralOf(key: string): string | null {
  const match = /^(.*?)([a-z]{3,})$/.exec(key);
  if (!match) return null;
  const [, head = '', word = ''] = match;
  if (word.endsWith('s')) return null;
  const plural = nounInflector.pluralize(word);
  return plural === word ? null : head + plural;
}
