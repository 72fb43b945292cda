import type { Skill, Taxonomy } from '@skillpulse/taxonomy';
import { aliasKey } from '@skillpulse/taxonomy';
import { nounInflector } from './nlp.js';

/** A raw hit of a surface form in the text, before context rules. */
export interface AliasHit {
  skill: Skill;
  start: number;
  end: number;
  /** The surface form is an ordinary word too, so context must support it. */
  ambiguous: boolean;
}

interface Candidate {
  skill: Skill;
  ambiguous: boolean;
  /** For a case-sensitive form: the form as it must be written. */
  exact: string | null;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** Case-insensitive candidates first: a case-sensitive one needs its exact spelling. */
  hits: Candidate[];
}

const SPACE = 32;
const HYPHEN = 45;

function newNode(): TrieNode {
  return { next: new Map(), hits: [] };
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 0xbf;
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
  /** The root's children for ASCII, as an array: the lookup made at every word start. */
  private readonly rootAscii: Array<TrieNode | undefined> = new Array(128);

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
    for (const [code, child] of this.root.next) if (code < 128) this.rootAscii[code] = child;
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
      const first = code < 128 ? this.rootAscii[code] : this.root.next.get(code);
      const best = first ? this.walk(first, lower, text, i) : null;
      if (best) {
        hits.push({ skill: best.skill, start: i, end: best.end, ambiguous: best.ambiguous });
        i = best.end;
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
      let child = node.next.get(code);
      // "Spring-Boot" and "Spring Boot", "end to end" and "end-to-end" are the same name.
      if (!child && (code === HYPHEN || code === SPACE)) child = node.next.get(code === HYPHEN ? SPACE : HYPHEN);
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
