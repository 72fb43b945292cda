import type { PostingFilter, StoreReader, WindowSkillCounts } from './contract.js';

/**
 * `windowSkillCounts` as the two calls it combines, for a store where a call costs no round trip
 * (SQLite reads both from its in-process rollups or one scan each).
 */
export async function composeWindowSkillCounts(
  store: Pick<StoreReader, 'countPostings' | 'skillCounts'>,
  filter: PostingFilter,
  limit: number,
): Promise<WindowSkillCounts> {
  const [total, skills] = await Promise.all([store.countPostings(filter), store.skillCounts(filter, limit)]);
  return { total, skills };
}
