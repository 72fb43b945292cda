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

/** A posting of a SkillSpan-shaped file: its text (sentences joined by newlines) and annotated spans. */
export interface SpanPosting {
  id: string;
  text: string;
  /** [start, end) of every annotated knowledge or skill span, in `text`. */
  spans: Array<[number, number]>;
}

export interface TagRecallPosting {
  postingId: string;
  found: string[];
  missed: string[];
  unresolved: string[];
}

export interface TagRecall {
  postings: number;
  tags: number;
  /** Tags that resolve to a skill through the taxonomy (as gold names do). */
  resolved: number;
  found: number;
  /** found / tags: an unresolved tag is a miss, as an unresolved gold name is. */
  recall: number;
  /** found / resolved: the extractor's share, whatever the vocabulary lacks. */
  recallResolved: number;
  detail: TagRecallPosting[];
}

/**
 * Recall of the tags employers chose for their ads (`Technologies:` line), by an extractor reading
 * only the body. Tags resolve through the taxonomy like gold names; a tag found is one whose
 * skill is among the posting's counted skills.
 */
export function scoreTagRecall(
  extractor: SkillExtractor,
  taxonomy: Taxonomy,
  texts: Map<string, string>,
  tags: Record<string, string[]>,
): TagRecall {
  let total = 0;
  let resolved = 0;
  let found = 0;
  const detail: TagRecallPosting[] = [];
  for (const postingId of Object.keys(tags).sort()) {
    const predicted = new Set(extractor.extract({ text: texts.get(postingId) ?? '' }).skills.map((s) => s.id));
    const row: TagRecallPosting = { postingId, found: [], missed: [], unresolved: [] };
    for (const tag of new Set(tags[postingId] ?? [])) {
      total++;
      const id = lookupSkill(taxonomy, tag)?.id;
      if (id === undefined) row.unresolved.push(tag);
      else {
        resolved++;
        if (predicted.has(id)) {
          found++;
          row.found.push(tag);
        } else row.missed.push(tag);
      }
    }
    detail.push(row);
  }
  return {
    postings: detail.length,
    tags: total,
    resolved,
    found,
    recall: total > 0 ? found / total : 0,
    recallResolved: resolved > 0 ? found / resolved : 0,
    detail,
  };
}

export interface FalsePositive {
  postingId: string;
  skillId: string;
  name: string;
  /** The text of the skill's first counted mention. */
  surface: string;
  /** The line it stands in. */
  sentence: string;
}

export interface HouseScore {
  ads: number;
  falsePositives: FalsePositive[];
  per100Ads: number;
}

/**
 * False positives on ads outside tech, defined operationally: a skill of any category but soft
 * skills that a posting counts, none of whose counted mentions overlaps a span the annotators
 * marked as knowledge or skill. One per posting and skill, as a dashboard counts.
 */
export function scoreHouse(extractor: SkillExtractor, postings: readonly SpanPosting[]): HouseScore {
  const falsePositives: FalsePositive[] = [];
  for (const posting of postings) {
    const result = extractor.extract({ text: posting.text });
    for (const skill of result.skills) {
      if (skill.category === 'soft-skill') continue;
      const annotated = skill.mentions.some((m) => posting.spans.some(([start, end]) => m.start < end && start < m.end));
      if (annotated) continue;
      const first = skill.mentions[0];
      if (!first) continue;
      const lineStart = result.text.lastIndexOf('\n', first.start - 1) + 1;
      const lineEnd = result.text.indexOf('\n', first.end);
      falsePositives.push({
        postingId: posting.id,
        skillId: skill.id,
        name: skill.name,
        surface: first.text,
        sentence: result.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd),
      });
    }
  }
  return { ads: postings.length, falsePositives, per100Ads: postings.length > 0 ? (100 * falsePositives.length) / postings.length : 0 };
}
