/**
 * A seeded, reproducible bootstrap for the difference of two medians (docs/pay.md): the same
 * seed (derived from the query) gives the same interval, so the same URL answers the same numbers.
 */

/** 32-bit FNV-1a hash of a string: the seed of a bootstrap, derived from the query. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang, 2000). */
function gamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * The median of one resample (n draws with replacement) of sorted values, drawn in O(1): a draw
 * from the sample is x(⌈n·U⌉) for a uniform U, so the resample's k-th smallest value is
 * x(⌈n·U(k)⌉) with U(k) the k-th of n uniforms, which is Beta(k, n − k + 1); the next one, U(k+1),
 * is the smallest of the n − k uniforms above U(k). Exactly the distribution of drawing all n
 * values and sorting them, without drawing them (a bootstrap over 100,000 postings costs the same
 * as over 100).
 */
function resampledMedian(sorted: readonly number[], random: () => number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0] as number;
  const k = Math.floor((n + 1) / 2);
  const a = gamma(k, random);
  const u = a / (a + gamma(n - k + 1, random));
  const at = (q: number) => sorted[Math.min(n, Math.max(1, Math.ceil(n * q))) - 1] as number;
  if (n % 2 === 1) return at(u);
  const next = u + (1 - u) * (1 - (1 - random()) ** (1 / (n - k)));
  return (at(u) + at(next)) / 2;
}

export interface MedianDifference {
  /** median(a) − median(b). */
  difference: number;
  /** Percentile bootstrap interval of the difference at `level`. */
  low: number;
  high: number;
  resamples: number;
  seed: number;
}

/**
 * median(a) − median(b) of two sorted samples, with a percentile bootstrap interval: each of
 * `resamples` rounds resamples both groups with replacement (sizes kept), and the interval is the
 * (1 − level)/2 and (1 + level)/2 quantiles of the resampled differences.
 */
export function bootstrapMedianDifference(
  a: readonly number[],
  b: readonly number[],
  options: { seed: number; resamples?: number; level?: number },
): MedianDifference {
  if (a.length === 0 || b.length === 0) throw new RangeError('bootstrapMedianDifference: both samples need at least one value');
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`bootstrapMedianDifference: resamples is ${resamples}; expected a whole number ≥ 1`);
  const sortedA = isSorted(a) ? a : [...a].sort((x, y) => x - y);
  const sortedB = isSorted(b) ? b : [...b].sort((x, y) => x - y);
  const random = seededRandom(options.seed);
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    differences[r] = resampledMedian(sortedA, random) - resampledMedian(sortedB, random);
  }
  differences.sort();
  const sortedDiffs = Array.from(differences);
  return {
    difference: medianOf(sortedA) - medianOf(sortedB),
    low: quantile7(sortedDiffs, (1 - level) / 2),
    high: quantile7(sortedDiffs, (1 + level) / 2),
    resamples,
    seed: options.seed >>> 0,
  };
}

function isSorted(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) return false;
  return true;
}

function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

const medianOf = (sorted: readonly number[]) => quantile7(sorted, 0.5);
