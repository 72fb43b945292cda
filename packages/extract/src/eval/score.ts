import type { Taxonomy } from '@skillpulse/taxonomy';
import { lookupSkill } from '@skillpulse/taxonomy';
import type { SkillExtractor } from '../extractor.js';

/** Gold data in the SkillSpan-derived format of ../shared/eval (see its README). */
export interface EvalSet {
  /** posting id → text */
  texts: Map<string, string>;
  gold: Record<string, string[]>;
  vocabulary: string[];
  unannotated: Record<string, string[]>;
}

export interface PostingErrors {
  postingId: string;
  missed: string[];
  falsePositives: string[];
  notInTaxonomy: string[];
}

export interface EvalScore {
  postings: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  errors: PostingErrors[];
  unresolvedVocabulary: string[];
}

/**
 * Posting-level micro precision, recall and F1, scored as the reference scorer does: names resolve
 * through the taxonomy, only predictions inside the resolved vocabulary count, and a prediction
 * the annotators never looked at (unannotated) is neither a hit nor a false positive.
 */
export function scoreExtractor(extractor: SkillExtractor, taxonomy: Taxonomy, set: EvalSet): EvalScore {
  const resolve = (name: string) => lookupSkill(taxonomy, name)?.id ?? null;
  const universe = new Set(set.vocabulary.map(resolve).filter((id): id is string => id !== null));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: PostingErrors[] = [];
  for (const postingId of Object.keys(set.gold).sort()) {
    const goldNames = set.gold[postingId] ?? [];
    const gold = new Set(goldNames.map(resolve).filter((id): id is string => id !== null));
    const notInTaxonomy = goldNames.filter((name) => resolve(name) === null);
    const ignore = new Set((set.unannotated[postingId] ?? []).map(resolve).filter((id): id is string => id !== null));
    const predicted = new Set(
      extractor
        .extract({ text: set.texts.get(postingId) ?? '' })
        .skills.map((s) => s.id)
        .filter((id) => universe.has(id)),
    );
    const hits = [...predicted].filter((id) => gold.has(id));
    const falsePositives = [...predicted].filter((id) => !gold.has(id) && !ignore.has(id));
    const missed = [...gold].filter((id) => !predicted.has(id));
    tp += hits.length;
    fp += falsePositives.length;
    fn += missed.length + notInTaxonomy.length;
    if (missed.length + falsePositives.length + notInTaxonomy.length > 0) errors.push({ postingId, missed, falsePositives, notInTaxonomy });
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    postings: Object.keys(set.gold).length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    errors,
    unresolvedVocabulary: set.vocabulary.filter((name) => resolve(name) === null),
  };
}
