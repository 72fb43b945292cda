import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `input` by edit distance (case-insensitive), for "did you mean …?"
 * hints; undefined when none is close enough to be a plausible typo (at most a third of the
 * input's length edits away, at least 1, and 2 from four letters on).
 */
export function closestMatch(input: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const needle = input.toLowerCase();
  const limit = maxDistance ?? (needle.length < 4 ? 1 : Math.max(2, Math.floor(needle.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`-style hint, or '' when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
