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

interface TrieNode {
  next: Map<number, TrieNode>;
  hit: { skill: Skill; ambiguous: boolean } | null;
}

const SPACE = 32;
const HYPHEN = 45;

function newNode(): TrieNode {
  return { next: new Map(), hit: null };
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 0xbf;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === 9 || code === 0xa0;
}

/**
 * Longest-match phrase lookup over every skill's name and aliases (and the plural of their last
 * word), as a character trie: one pass over the text, no regular expression per alias.
 */
export class AliasMatcher {
  private readonly foldedRoot = newNode();
  private readonly exactRoot = newNode();

  constructor(taxonomy: Taxonomy) {
    const taken = new Set(taxonomy.aliasIndex.keys());
    for (const skill of taxonomy.skills) {
      for (const form of [skill.name, ...skill.aliases]) {
        const key = aliasKey(form, skill.caseSensitive);
        const ambiguous = skill.ambiguousForms.includes(key);
        this.insert(skill.caseSensitive ? this.exactRoot : this.foldedRoot, key, skill, ambiguous);
        const plural = skill.caseSensitive ? null : pluralOf(key);
        if (plural && !taken.has(plural)) {
          taken.add(plural);
          this.insert(skill.caseSensitive ? this.exactRoot : this.foldedRoot, plural, skill, ambiguous);
        }
      }
    }
  }

  private insert(root: TrieNode, key: string, skill: Skill, ambiguous: boolean): void {
    let node = root;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = newNode();
        node.next.set(code, child);
      }
      node = child;
    }
    node.hit ??= { skill, ambiguous };
  }

  /** All non-overlapping longest hits, left to right. */
  match(text: string): AliasHit[] {
    const lower = foldCase(text);
    const hits: AliasHit[] = [];
    const length = text.length;
    let i = 0;
    while (i < length) {
      const code = text.charCodeAt(i);
      const prev = i > 0 ? text.charCodeAt(i - 1) : SPACE;
      // A mention starts a word: not inside one, and not the ".js" of "foo.js".
      const startsWord =
        !isAlnum(prev) &&
        !(prev === 46 /* . */ && i > 1 && isAlnum(text.charCodeAt(i - 2))) &&
        (isAlnum(code) || code === 46 || code === 35);
      if (!startsWord) {
        i++;
        continue;
      }
      const folded = this.walk(this.foldedRoot, lower, i);
      const exact = this.walk(this.exactRoot, text, i);
      const best = exact && (!folded || exact.end > folded.end) ? exact : folded;
      if (best) {
        hits.push({ skill: best.skill, start: i, end: best.end, ambiguous: best.ambiguous });
        i = best.end;
      } else {
        i++;
        while (i < length && isAlnum(text.charCodeAt(i))) i++;
      }
    }
    return hits;
  }

  private walk(root: TrieNode, text: string, start: number): { skill: Skill; end: number; ambiguous: boolean } | null {
    let node = root;
    let i = start;
    let best: { skill: Skill; end: number; ambiguous: boolean } | null = null;
    while (i < text.length) {
      let code = text.charCodeAt(i);
      if (isBlank(code)) code = SPACE;
      let child = node.next.get(code);
      // "Spring-Boot" and "Spring Boot", "end to end" and "end-to-end" are the same name.
      if (!child && (code === HYPHEN || code === SPACE)) {
        code = code === HYPHEN ? SPACE : HYPHEN;
        child = node.next.get(code);
      }
      if (!child) break;
      node = child;
      i++;
      if (code === SPACE) {
        while (i < text.length && isBlank(text.charCodeAt(i))) i++;
      }
      if (node.hit && endsWord(text, i)) best = { skill: node.hit.skill, end: i, ambiguous: node.hit.ambiguous };
    }
    return best;
  }
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
