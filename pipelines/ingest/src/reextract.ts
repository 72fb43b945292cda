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

export interface ReextractOptions {
  store: SkillStore;
  /** An ExtractionPool keeps the work off the event loop; a SkillExtractor runs in this thread. */
  extractor: SkillExtractor | BatchExtractor;
  onProgress?(progress: RewriteProgress): void;
}

/**
 * Re-runs extraction over every stored posting made with another taxonomy or extractor version.
 * Resumable: postings already at the current versions are left as they are.
 */
export function reextractPostings(options: ReextractOptions): Promise<RewriteResult> {
  const extractor = batchExtractor(options.extractor);
  const { taxonomyVersion } = extractor;
  return options.store.rewritePostings({
    isCurrent: (posting) => posting.taxonomyVersion === taxonomyVersion && posting.extractorVersion === EXTRACTOR_VERSION,
    rewrite: async (stale: StoredPosting[]) => {
      const extractions = await extractor.extractAll(
        stale.map((p) => (p.descriptionHtml ? { html: p.descriptionHtml, posting: p.id } : { text: p.descriptionText, posting: p.id })),
        { skillsOnly: true },
      );
      return stale.map((posting, i) => {
        const extraction = extractions[i] as ExtractionResult;
        return {
          ...posting,
          skills: toPostingSkills(extraction),
          taxonomyVersion: extraction.taxonomyVersion,
          extractorVersion: extraction.extractorVersion,
        };
      });
    },
    onProgress: options.onProgress,
  });
}
