import type { Skill, Taxonomy } from '@skillpulse/taxonomy';
import { aliasKey, formIndex, formKey } from '@skillpulse/taxonomy';
import { jaroWinkler } from './nlp.js';
import { CompactTrie } from './trie.js';

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

const SPACE = 32;
const HYPHEN = 45;
const DOT = 46;
const AMPERSAND = 38;
const SLASH = 47;
const FUZZY_MIN_LENGTH = 8;
/** A written span with one of these needs `formKey` to compare; without, it is its own key. */
const SEPARATOR_CHAR = /[\s.\-/]/;

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
  private readonly trie = new CompactTrie<Candidate>();

  constructor(taxonomy: Taxonomy) {
    // Every spelling the taxonomy accepts (forms.ts), so `taxonomy lookup` agrees with what is matched.
    for (const form of formIndex(taxonomy).forms) {
      // Case-insensitive candidates first: a case-sensitive one needs its exact spelling.
      this.trie.insert(
        foldCase(form.key),
        { skill: form.skill, ambiguous: form.ambiguous, exact: form.caseSensitive ? form.key : null },
        !form.caseSensitive,
      );
    }
    this.trie.freeze();
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
      // Nor the "D" of "R&D": an ampersand between letters makes one word ("AT&T", "P&L").
      if (isAlnum(prev) || ((prev === 46 /* . */ || prev === AMPERSAND) && i > 1 && isAlnum(lower.charCodeAt(i - 2)))) {
        // Inside a word: skip to its end in one go.
        while (i < length && isAlnum(lower.charCodeAt(i))) i++;
        if (i >= length) break;
        prev = lower.charCodeAt(i);
        i++;
        continue;
      }
      const first = this.trie.child(CompactTrie.ROOT, code);
      const best = first >= 0 ? this.walk(first, lower, text, i) : null;
      if (best) {
        hits.push({ skill: best.skill, start: i, end: this.walkEnd, ambiguous: best.ambiguous });
        i = this.walkEnd;
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

  /** Where the candidate `walk` returned ends: a field, so that a walk allocates nothing. */
  private walkEnd = 0;

  /** The longest candidate starting at `start` (its end in `walkEnd`), or null. */
  private walk(first: number, lower: string, text: string, start: number): Candidate | null {
    let node = first;
    let i = start + 1;
    let best: Candidate | null = null;
    for (;;) {
      const hits = this.trie.valuesAt(node);
      if (hits !== undefined && endsWord(lower, i)) {
        const found = pick(hits, text, start, i);
        if (found) {
          best = found;
          this.walkEnd = i;
        }
      }
      if (i >= lower.length) break;
      let code = lower.charCodeAt(i);
      let next = i + 1;
      if (isBlank(code) || code === HYPHEN || code === DOT) {
        // A separator run is one space in the key: "Spring-Boot", "Node.js", "Node . js", "CI / CD".
        const run = separatorRun(lower, i, node === first && lower.charCodeAt(start) === DOT);
        if (run === null) break;
        code = run.code;
        next = run.end;
      }
      const child = this.trie.child(node, code);
      if (child < 0) break;
      node = child;
      i = next;
    }
    return best;
  }
}

/** The first candidate whose spelling fits: any case-insensitive one, or an exact case-sensitive one. */
function pick(candidates: Candidate[], text: string, start: number, end: number): Candidate | null {
  let written: string | null = null;
  for (const candidate of candidates) {
    if (candidate.exact === null) return candidate;
    if (written === null) {
      const raw = text.slice(start, end);
      written = SEPARATOR_CHAR.test(raw) ? formKey(raw, true) : raw;
    }
    if (written === candidate.exact) return candidate;
  }
  return null;
}

/**
 * The separator run at `i` as `formKey` reads it: blanks and hyphens are one space; a dot inside a
 * name (alnum on both sides, or blanks on both sides as pre-tokenised text writes it) is a space
 * too; blanks round a slash vanish; after a leading dot (". NET") blanks vanish. Null: not a
 * separator (a sentence's full stop).
 */
function separatorRun(lower: string, i: number, afterLeadingDot: boolean): { code: number; end: number } | null {
  const length = lower.length;
  let j = i;
  while (j < length && (isBlank(lower.charCodeAt(j)) || lower.charCodeAt(j) === HYPHEN)) j++;
  const blanks = j > i;
  if (afterLeadingDot) return blanks && j < length && isAlnum(lower.charCodeAt(j)) ? { code: lower.charCodeAt(j), end: j + 1 } : null;
  const at = lower.charCodeAt(j);
  if (at === SLASH) {
    let k = j + 1;
    while (k < length && isBlank(lower.charCodeAt(k))) k++;
    return { code: SLASH, end: k };
  }
  if (at === DOT) {
    if (!blanks) return isAlnum(lower.charCodeAt(i - 1)) && isAlnum(lower.charCodeAt(j + 1)) ? { code: SPACE, end: j + 1 } : null;
    let k = j + 1;
    while (k < length && isBlank(lower.charCodeAt(k))) k++;
    if (k > j + 1 && k < length && isAlnum(lower.charCodeAt(k)) && isAlnum(lower.charCodeAt(i - 1))) return { code: SPACE, end: k };
  }
  return blanks ? { code: SPACE, end: j } : null;
}

/** A mention ends a word: "Java" must not match inside "JavaScript", nor "C" inside "C++". */
function endsWord(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const next = text.charCodeAt(end);
  const last = text.charCodeAt(end - 1);
  if (isAlnum(last) && (isAlnum(next) || next === 43 /* + */ || next === 35) /* # */) return false;
  // "Vue" in "Vue.js" or "Node" in "Node.js" belongs to a longer token that the trie did not know.
  if ((next === 46 || next === 38) && end + 1 < text.length && isAlnum(text.charCodeAt(end + 1)) && isAlnum(last)) return false;
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
