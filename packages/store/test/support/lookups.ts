import type { Interval, PeriodSkillCount, PostingFilter, SkillStore } from '../../src/index.js';

/**
 * `periodSkillCounts`, a store method until issue 19 dropped it from the contract (only tests
 * called it): the per-period skill counts of `trendCounts`, on the same store object.
 */
export function withPeriodSkillCounts<S extends SkillStore>(
  store: S,
): S & { periodSkillCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<PeriodSkillCount[]> } {
  return Object.assign(store, {
    periodSkillCounts: async (filter: PostingFilter, interval: Interval, skillIds: readonly string[]) =>
      skillIds.length === 0 ? [] : (await store.trendCounts(filter, interval, skillIds)).counts,
  });
}
