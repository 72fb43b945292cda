import type { StoredPosting } from '@skillpulse/core';
import type { Interval, PeriodSkillCount, PostingFilter, SkillStore } from '@skillpulse/store';

/**
 * Look-ups only tests use, built on the store contract so they hold for every backend. They were
 * store methods (`getPosting`, `periodSkillCounts`) until issue 19 dropped them from the contract.
 */
export interface TestLookups {
  /** The stored posting with this id, duplicates included; null when none is stored. */
  getPosting(id: string): Promise<StoredPosting | null>;
  /** Unique postings per period and skill, for the given skills (the non-zero ones). */
  periodSkillCounts(filter: PostingFilter, interval: Interval, skillIds: readonly string[]): Promise<PeriodSkillCount[]>;
}

async function getPosting(store: Pick<SkillStore, 'iteratePostings'>, id: string): Promise<StoredPosting | null> {
  for await (const posting of store.iteratePostings()) if (posting.id === id) return posting;
  return null;
}

async function periodSkillCounts(
  store: Pick<SkillStore, 'trendCounts'>,
  filter: PostingFilter,
  interval: Interval,
  skillIds: readonly string[],
): Promise<PeriodSkillCount[]> {
  return skillIds.length === 0 ? [] : (await store.trendCounts(filter, interval, skillIds)).counts;
}

/** The store itself (same object, same class), with the test look-ups added. */
export function withLookups<S extends SkillStore>(store: S): S & TestLookups {
  return Object.assign(store, {
    getPosting: (id: string) => getPosting(store, id),
    periodSkillCounts: (filter: PostingFilter, interval: Interval, skillIds: readonly string[]) =>
      periodSkillCounts(store, filter, interval, skillIds),
  });
}
