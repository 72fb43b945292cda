import type { Taxonomy } from '@skillpulse/taxonomy';
import { AliasMatcher } from './matcher.js';
import { stopwords } from './nlp.js';

export interface EmergingTerm {
  term: string;
  /** Postings that name it. */
  postings: number;
  /** Times it is named across postings. */
  mentions: number;
  /** Σ over postings of tf × idf: frequent in the postings that name it, in few postings overall. */
  score: number;
  /** One sentence it stands in, for the curator. */
  example: string;
  /** Up to three sentences it stands in, each from another posting (the first is `example`). */
  examples: string[];
}

export interface EmergingOptions {
  /** Terms named in fewer postings are left out. */
  minPostings?: number;
  limit?: number;
}

const MAX_EXAMPLES = 3;

/** Words of job titles and levels: part of a title, never a skill. */
const ROLE_WORDS = new Set(
  'engineer engineers developer developers senior junior lead staff principal head manager director intern architect analyst scientist designer consultant specialist team teams role position remote hybrid'.split(
    ' ',
  ),
);

/** "experience with X", "knowledge of X", "familiarity with X", "proficiency in X" … */
const CUE =
  /\b(?:experience (?:with|in|using)|knowledge of|familiar(?:ity)? with|proficien(?:t|cy) (?:in|with)|expertise in|skilled in|exposure to|working with)\s+([A-Za-z][\w.+#-]*(?:\s+[A-Z][\w.+#-]*){0,2})/g;
/** Runs of capitalised words or product-like tokens (CamelCase, digits, dots): "Temporal", "Apache Pulsar", "Tauri 2". */
const CAPITALISED =
  /(?<![\w.])([A-Z][a-z0-9]*[A-Z.+#][\w.+#-]*|[A-Z][a-z]{2,}|[A-Z]{2,}[a-z0-9]*)(?:\s+([A-Z][\w.+#-]+|\d+(?:\.\d+)?))?(?![\w])/g;

/**
 * Frequent names across stored postings that the taxonomy does not know: candidates for curation.
 * Terms come from "experience with X"-style phrases and from capitalised or product-shaped words
 * away from the start of a sentence; known skills, stop words and one-posting terms are dropped.
 */
export interface EmergingInput {
  text: string;
  /** Names that are not skills in this posting: its company, its places. */
  exclude?: readonly string[];
}

export function findEmergingTerms(postings: Iterable<EmergingInput>, taxonomy: Taxonomy, options: EmergingOptions = {}): EmergingTerm[] {
  const matcher = new AliasMatcher(taxonomy);
  const stats = new Map<string, { postings: number; mentions: number; tfSum: number; examples: string[] }>();
  let total = 0;
  for (const { text, exclude = [] } of postings) {
    total++;
    const excluded = new Set(exclude.flatMap((name) => [name.toLowerCase(), ...name.toLowerCase().split(/[\s,]+/)]));
    const counts = new Map<string, { n: number; example: string }>();
    for (const raw of text.split(/(?<=[.!?;:])\s+|\n+/)) {
      // Known skills are blanked out first, so that no part of one ("CI" of "CI/CD") looks new.
      let sentence = raw;
      for (const hit of matcher.match(raw))
        sentence = `${sentence.slice(0, hit.start)}${'_'.repeat(hit.end - hit.start)}${sentence.slice(hit.end)}`;
      const add = (candidate: string | undefined) => {
        const term = candidate?.replace(/[.,;:]+$/, '').trim();
        if (!term || term.length < 2 || term.length > 40) return;
        const words = term.toLowerCase().split(/\s+/);
        if (words.every((w) => stopwords.has(w) || excluded.has(w) || ROLE_WORDS.has(w))) return;
        if (words.some((w) => ROLE_WORDS.has(w) || w.includes('_'))) return;
        if (stopwords.has(words[0] ?? '') || stopwords.has(words[words.length - 1] ?? '')) return;
        const entry = counts.get(term);
        if (entry) entry.n++;
        else counts.set(term, { n: 1, example: raw.trim().slice(0, 200) });
      };
      for (const match of sentence.matchAll(CUE)) add(match[1]);
      for (const match of sentence.matchAll(CAPITALISED)) {
        // A capitalised first word is just a sentence start.
        if ((match.index ?? 0) === 0 || /^[\s\-•*·]*$/.test(sentence.slice(0, match.index))) continue;
        add(match[0]);
      }
    }
    for (const [term, { n, example }] of counts) {
      const entry = stats.get(term);
      if (entry) {
        entry.postings++;
        entry.mentions += n;
        entry.tfSum += Math.log1p(n);
        if (entry.examples.length < MAX_EXAMPLES && !entry.examples.includes(example)) entry.examples.push(example);
      } else stats.set(term, { postings: 1, mentions: n, tfSum: Math.log1p(n), examples: [example] });
    }
  }
  const minPostings = options.minPostings ?? 2;
  const terms: EmergingTerm[] = [];
  for (const [term, s] of stats) {
    if (s.postings < minPostings) continue;
    const idf = Math.log((1 + total) / (1 + s.postings)) + 1;
    terms.push({
      term,
      postings: s.postings,
      mentions: s.mentions,
      score: s.tfSum * idf,
      example: s.examples[0] ?? '',
      examples: s.examples,
    });
  }
  terms.sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
  return terms.slice(0, options.limit ?? 50);
}

/** A YAML scalar: plain when that is safe, double-quoted otherwise. */
const scalar = (text: string) => (/^[A-Za-z][A-Za-z0-9 ._+-]*$/.test(text) && !text.endsWith(' ') ? text : JSON.stringify(text));

/** A skill id for a term that no skill of the taxonomy has: lower-case letters, digits and dashes. */
function suggestId(term: string, taxonomy: Taxonomy, taken: Set<string>): string {
  const base =
    term
      .toLowerCase()
      .replace(/\+/g, 'plus')
      .replace(/#/g, 'sharp')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'skill';
  let id = base;
  for (let n = 2; taxonomy.byId.has(id) || taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * A ready-to-paste taxonomy overlay entry for each term (README, "Adding a skill"): its counts and
 * example sentences as YAML comments, an id, name, category and the run-together and hyphenated
 * spellings of a name of several words as aliases. The whole text is itself an overlay file: review
 * it, keep the real skills, fix the categories and parents, and point SKILLPULSE_TAXONOMY_OVERLAY at it.
 */
export function emergingOverlayYaml(terms: readonly EmergingTerm[], taxonomy: Taxonomy, postings: number): string {
  const categories = [...taxonomy.categories.keys()];
  const category = categories.includes('tool') ? 'tool' : (categories[0] ?? 'tool');
  const taken = new Set<string>();
  // Every name and alias proposed once, and none a built-in skill already has.
  const claimed = new Set(terms.map((t) => t.term.toLowerCase()));
  const lines = [
    `# ${terms.length} candidate skill${terms.length === 1 ? '' : 's'} the taxonomy (${taxonomy.version}) lacks, from ${postings} stored postings.`,
    '# Keep the real skills, fix each category and parent, save as a file and set',
    '# SKILLPULSE_TAXONOMY_OVERLAY to it; then `skillpulse reindex` counts them in stored postings.',
    terms.length === 0 ? 'skills: []' : 'skills:',
  ];
  for (const term of terms) {
    const known = taxonomy.aliasIndex.get(term.term.toLowerCase().replace(/\s+/g, ' '));
    if (known) {
      lines.push('', `  # ${term.term}: already a name or alias of ${known.id} (${known.name}); not proposed`);
      continue;
    }
    const id = suggestId(term.term, taxonomy, taken);
    const words = term.term.split(/\s+/);
    const aliases =
      words.length > 1
        ? [words.join(''), words.join('-')].filter((alias) => {
            const key = alias.toLowerCase();
            if (taxonomy.aliasIndex.has(key) || claimed.has(key)) return false;
            claimed.add(key);
            return true;
          })
        : [];
    lines.push(
      '',
      `  # ${term.term}: ${term.postings} posting${term.postings === 1 ? '' : 's'}, ${term.mentions} mention${term.mentions === 1 ? '' : 's'} (score ${term.score.toFixed(2)}), e.g.`,
      ...term.examples.map((sentence) => `  #   ${JSON.stringify(sentence.replace(/\s+/g, ' '))}`),
      `  - id: ${id}`,
      `    name: ${scalar(term.term)}`,
      `    category: ${category}  # one of: ${categories.join(', ')}`,
      `    aliases: [${aliases.map(scalar).join(', ')}]`,
      '    # parent: java  # the id of a broader skill, if there is one',
      `    # ambiguous: true  # if "${term.term}" is also an ordinary word: then it counts only next to other skills`,
    );
  }
  return `${lines.join('\n')}\n`;
}
