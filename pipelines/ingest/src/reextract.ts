import type { StoredPosting } from '@skillpulse/core';
import { EXTRACTOR_VERSION, type SkillExtractor, toPostingSkills } from '@skillpulse/extract';
import type { RewriteProgress, RewriteResult, SkillStore } from '@skillpulse/store';

export interface ReextractOptions {
  store: SkillStore;
  extractor: SkillExtractor;
  onProgress?(progress: RewriteProgress): void;
}

/**
 * Re-runs extraction over every stored posting made with another taxonomy or extractor version.
 * Resumable: postings already at the current versions are left as they are.
 */
export function reextractPostings(options: ReextractOptions): Promise<RewriteResult> {
  const { extractor } = options;
  const taxonomyVersion = extractor.taxonomy.version;
  return options.store.rewritePostings({
    isCurrent: (posting) => posting.taxonomyVersion === taxonomyVersion && posting.extractorVersion === EXTRACTOR_VERSION,
    rewrite: (stale: StoredPosting[]) =>
      stale.map((posting) => {
        const extraction = extractor.extract(
          posting.descriptionHtml ? { html: posting.descriptionHtml } : { text: posting.descriptionText },
        );
        return {
          ...posting,
          skills: toPostingSkills(extraction),
          taxonomyVersion: extraction.taxonomyVersion,
          extractorVersion: extraction.extractorVersion,
        };
      }),
    onProgress: options.onProgress,
  });
}
