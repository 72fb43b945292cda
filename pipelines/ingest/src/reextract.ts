import type { StoredPosting } from '@skillpulse/core';
import {
  type BatchExtractor,
  batchExtractor,
  EXTRACTOR_VERSION,
  type ExtractionResult,
  type SkillExtractor,
  toPostingSkills,
} from '@skillpulse/extract';
import type { RewriteProgress, RewriteResult, SkillStore } from '@skillpulse/store';
import { defaultDeriver, type PostingDeriver } from './derive.js';

export interface ReextractOptions {
  store: SkillStore;
  /** An ExtractionPool keeps the work off the event loop; a SkillExtractor runs in this thread. */
  extractor: SkillExtractor | BatchExtractor;
  /** Derives role and place; default: the shipped role catalogue and gazetteer. */
  deriver?: PostingDeriver;
  onProgress?(progress: RewriteProgress): void;
}

/**
 * Re-runs extraction over every stored posting made with another taxonomy or extractor version, and
 * re-derives role and place of every posting whose role or place version differs from the current
 * one (or that has none), even when its skills are current. Resumable: postings already at the
 * current versions are left as they are.
 */
export function reextractPostings(options: ReextractOptions): Promise<RewriteResult> {
  const extractor = batchExtractor(options.extractor);
  const { taxonomyVersion } = extractor;
  const deriver = options.deriver ?? defaultDeriver();
  const skillsCurrent = (posting: StoredPosting) =>
    posting.taxonomyVersion === taxonomyVersion && posting.extractorVersion === EXTRACTOR_VERSION;
  return options.store.rewritePostings({
    isCurrent: (posting) => skillsCurrent(posting) && deriver.isCurrent(posting),
    rewrite: async (stale: StoredPosting[]) => {
      // Only postings with stale skills are extracted again; the others keep theirs and are re-derived.
      const toExtract = stale.filter((p) => !skillsCurrent(p));
      const extractions = await extractor.extractAll(
        toExtract.map((p) => (p.descriptionHtml ? { html: p.descriptionHtml, posting: p.id } : { text: p.descriptionText, posting: p.id })),
        { skillsOnly: true },
      );
      const extracted = new Map(
        toExtract.map((posting, i): [string, StoredPosting] => {
          const extraction = extractions[i] as ExtractionResult;
          return [
            posting.id,
            {
              ...posting,
              skills: toPostingSkills(extraction),
              taxonomyVersion: extraction.taxonomyVersion,
              extractorVersion: extraction.extractorVersion,
            },
          ];
        }),
      );
      return stale.map((old) => {
        const posting = extracted.get(old.id) ?? old;
        const derived = deriver.derive(
          posting,
          posting.skills.map((s) => s.skillId),
        );
        return { ...posting, ...derived };
      });
    },
    onProgress: options.onProgress,
  });
}
