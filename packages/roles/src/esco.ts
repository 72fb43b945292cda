import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { key } from './normalise.js';

export const DEFAULT_ESCO_PATH = fileURLToPath(new URL('../data/esco-occupations.tsv', import.meta.url));
export const ESCO_URI_PREFIX = 'http://data.europa.eu/esco/occupation/';

export interface Occupation {
  id: string;
  uri: string;
  /** ESCO's preferred English label. */
  label: string;
  /** ISCO-08 unit group (4 digits). */
  isco: string;
}

/** An ESCO label found in a title. */
export interface OccupationMatch {
  occupation: Occupation;
  /** Words of the label: longer labels are more specific. */
  length: number;
  preferred: boolean;
  /** The label covers every word of the searched words. */
  whole: boolean;
  /** The label ends the searched words (where an English title puts its head noun). */
  atEnd: boolean;
}

interface LabelEntry {
  occupation: Occupation;
  preferred: boolean;
}

/**
 * ESCO occupations by every label (preferred and alternative, normalised like titles). A title is
 * searched for the labels it contains as whole-word runs; the caller decides which match to keep.
 */
export class EscoIndex {
  readonly occupations = new Map<string, Occupation>();
  private readonly labels = new Map<string, LabelEntry[]>();
  /** Label keys by each of their words, for the similarity search. */
  private readonly byWord = new Map<string, string[]>();
  private readonly idf = new Map<string, number>();
  /**
   * For the similarity search, which reads them for every candidate: the label keys numbered, each
   * one's distinct words in order and their weights, and the numbers of the labels holding each word.
   */
  private readonly labelKeys: string[] = [];
  private readonly labelWords: string[][] = [];
  private readonly labelWeights: number[][] = [];
  private readonly labelsByWord = new Map<string, number[]>();
  /** Per label number: the last search that took it as a candidate. */
  private candidateIn = new Uint32Array(0);
  private searches = 0;
  private maxWords = 1;

  constructor(tsv: string) {
    for (const line of tsv.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const [id = '', isco = '', preferred = '', alternatives = ''] = line.split('\t');
      const occupation: Occupation = { id, uri: ESCO_URI_PREFIX + id, label: preferred, isco };
      this.occupations.set(id, occupation);
      this.add(preferred, occupation, true);
      for (const alt of alternatives.split('|')) if (alt) this.add(alt, occupation, false);
    }
    for (const label of this.labels.keys()) {
      for (const w of new Set(label.split(' '))) {
        const list = this.byWord.get(w) ?? [];
        list.push(label);
        this.byWord.set(w, list);
      }
    }
    const n = this.labels.size;
    for (const [w, list] of this.byWord) this.idf.set(w, Math.log(n / list.length));
    const numbers = new Map<string, number>();
    for (const label of this.labels.keys()) {
      const words = [...new Set(label.split(' '))];
      numbers.set(label, this.labelKeys.length);
      this.labelKeys.push(label);
      this.labelWords.push(words);
      this.labelWeights.push(words.map((w) => this.weight(w)));
    }
    for (const [w, list] of this.byWord)
      this.labelsByWord.set(
        w,
        list.map((label) => numbers.get(label) as number),
      );
    this.candidateIn = new Uint32Array(this.labelKeys.length);
  }

  private weight(w: string): number {
    return this.idf.get(w) ?? Math.log(this.labels.size);
  }

  /**
   * The occupation whose label is most like `words` by IDF-weighted overlap (rare shared words
   * count most; unshared words on either side count against), when it reaches `threshold`.
   * Catches the variants no label spells out: "clothing warehouse operative" for "warehouse
   * operator for clothing".
   */
  similar(
    words: readonly string[],
    accept: (o: Occupation) => boolean = () => true,
    threshold = 0.5,
  ): { occupation: Occupation; score: number } | null {
    const mine = new Set(words);
    const myWords = [...mine];
    const myWeights = myWords.map((w) => this.weight(w));
    // Candidates in the order they are first met (words in order, then each word's labels).
    const search = ++this.searches;
    const candidates: number[] = [];
    for (const w of mine) {
      for (const n of this.labelsByWord.get(w) ?? []) {
        if (this.candidateIn[n] === search) continue;
        this.candidateIn[n] = search;
        candidates.push(n);
      }
    }
    let best: { occupation: Occupation; score: number; preferred: boolean } | null = null;
    for (const n of candidates) {
      // The sums in the same order as ever (the words' order), so every score is the same number.
      const theirWords = this.labelWords[n] as string[];
      const theirWeights = this.labelWeights[n] as number[];
      let shared = 0;
      let all = 0;
      for (let i = 0; i < myWords.length; i++) {
        const weight = myWeights[i] as number;
        all += weight;
        if (theirWords.includes(myWords[i] as string)) shared += weight;
      }
      for (let i = 0; i < theirWords.length; i++) if (!mine.has(theirWords[i] as string)) all += theirWeights[i] as number;
      const score = all > 0 ? shared / all : 0;
      if (score < threshold) continue;
      for (const e of this.labels.get(this.labelKeys[n] as string) ?? []) {
        if (!accept(e.occupation)) continue;
        if (!best || score > best.score || (score === best.score && e.preferred && !best.preferred))
          best = { occupation: e.occupation, score, preferred: e.preferred };
      }
    }
    return best ? { occupation: best.occupation, score: best.score } : null;
  }

  private add(label: string, occupation: Occupation, preferred: boolean): void {
    const k = key(label);
    if (!k) return;
    const entries = this.labels.get(k) ?? [];
    if (entries.some((e) => e.occupation.id === occupation.id)) {
      for (const e of entries) if (e.occupation.id === occupation.id) e.preferred ||= preferred;
    } else entries.push({ occupation, preferred });
    this.labels.set(k, entries);
    this.maxWords = Math.max(this.maxWords, k.split(' ').length);
  }

  /** Every label that occurs as a run of whole words in `words`, longest first. */
  find(words: readonly string[]): OccupationMatch[] {
    const found: OccupationMatch[] = [];
    for (let start = 0; start < words.length; start++) {
      for (let end = Math.min(words.length, start + this.maxWords); end > start; end--) {
        const entries = this.labels.get(words.slice(start, end).join(' '));
        if (!entries) continue;
        const whole = start === 0 && end === words.length;
        const atEnd = end === words.length;
        for (const e of entries) found.push({ occupation: e.occupation, length: end - start, preferred: e.preferred, whole, atEnd });
      }
    }
    return found.sort(
      (a, b) => b.length - a.length || Number(b.preferred) - Number(a.preferred) || a.occupation.id.localeCompare(b.occupation.id),
    );
  }
}

let defaultIndex: EscoIndex | undefined;

export function loadEscoIndex(path = DEFAULT_ESCO_PATH): EscoIndex {
  if (path === DEFAULT_ESCO_PATH) {
    defaultIndex ??= new EscoIndex(readFileSync(path, 'utf8'));
    return defaultIndex;
  }
  return new EscoIndex(readFileSync(path, 'utf8'));
}
