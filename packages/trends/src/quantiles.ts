/**
 * Quantiles and their distribution-free confidence intervals (order statistics and the binomial
 * distribution): no assumption about the shape of the distribution, only that the values are a
 * sample of it (docs/pay.md).
 */

/** The p-quantile of sorted values by linear interpolation between order statistics (R's type 7; the median of an even count is the mean of the middle two). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantileSorted: need at least one value');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileSorted: p is ${p}; expected a probability from 0 to 1`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** Binomial(n, p) probabilities P(X = 0 … n), computed in log space (stable for large n). */
function binomialPmf(n: number, p: number): number[] {
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const out = new Array<number>(n + 1);
  let logC = 0; // log C(n, k)
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    out[k] = Math.exp(logC + k * logP + (n - k) * logQ);
  }
  return out;
}

export interface QuantileInterval {
  /** 1-based ranks of the order statistics bounding the interval: [X(lowRank), X(highRank)]. */
  lowRank: number;
  highRank: number;
  /** Exact coverage P(X(lowRank) ≤ ξp < X(highRank)) = P(lowRank ≤ B < highRank), B ~ Binomial(n, p). */
  coverage: number;
}

/**
 * Ranks of the order statistics that bound the p-quantile with at least `level` confidence, or
 * null when n is too small (e.g. the median needs n ≥ 6 for 95%). With B ~ Binomial(n, p) the
 * number of values below the quantile, [X(l), X(u)] covers it with probability P(l ≤ B ≤ u − 1).
 * l is the largest rank with P(B ≤ l − 1) ≤ (1 − level)/2 and u the smallest with
 * P(B ≥ u) ≤ (1 − level)/2: equal tails, each at most α/2, so the coverage is at least `level`.
 */
export function quantileIntervalRanks(n: number, p: number, level = 0.95): QuantileInterval | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`quantileIntervalRanks: n is ${n}; expected a whole number ≥ 0`);
  if (!(p > 0 && p < 1)) throw new RangeError(`quantileIntervalRanks: p is ${p}; expected a probability between 0 and 1`);
  if (!(level > 0 && level < 1)) throw new RangeError(`quantileIntervalRanks: level is ${level}; expected a level between 0 and 1`);
  if (n === 0) return null;
  const tail = (1 - level) / 2;
  const pmf = binomialPmf(n, p);
  // Lower: the largest l ≥ 1 with P(B ≤ l − 1) ≤ tail.
  let below = 0;
  let lowRank = 0;
  for (let l = 1; l <= n; l++) {
    below += pmf[l - 1] as number;
    if (below <= tail + 1e-12) lowRank = l;
    else break;
  }
  // Upper: the smallest u ≤ n with P(B ≥ u) ≤ tail.
  let above = 0;
  let highRank = 0;
  for (let u = n; u >= 1; u--) {
    above += pmf[u] as number;
    if (above <= tail + 1e-12) highRank = u;
    else break;
  }
  if (lowRank === 0 || highRank === 0 || lowRank >= highRank) return null;
  let coverage = 0;
  for (let k = lowRank; k <= highRank - 1; k++) coverage += pmf[k] as number;
  return { lowRank, highRank, coverage: Math.min(1, coverage) };
}

export interface QuantileEstimate {
  value: number;
  /** null when n is too small for an interval at the level. */
  low: number | null;
  high: number | null;
  coverage: number | null;
}

/** The p-quantile of sorted values with its distribution-free interval. */
export function quantileWithInterval(sorted: readonly number[], p: number, level = 0.95): QuantileEstimate {
  const value = quantileSorted(sorted, p);
  const ranks = quantileIntervalRanks(sorted.length, p, level);
  if (!ranks) return { value, low: null, high: null, coverage: null };
  return {
    value,
    low: sorted[ranks.lowRank - 1] as number,
    high: sorted[ranks.highRank - 1] as number,
    coverage: ranks.coverage,
  };
}
