/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval95 {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion k/n. Unlike the normal approximation it stays inside
 * [0, 1] and behaves for small n and shares near 0 or 1.
 */
export function wilsonInterval(k: number, n: number, z = Z_95): Interval95 {
  if (!Number.isFinite(k) || !Number.isFinite(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`wilsonInterval: need 0 <= k <= n, got k=${k}, n=${n}`);
  }
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Share {
  /** Postings that ask for the skill. */
  count: number;
  /** Unique postings in the period: the denominator. */
  total: number;
  /** count / total, or null when the cell is too small to show as a ratio. */
  share: number | null;
  low: number | null;
  high: number | null;
  /** True when total is below the minimum cell size. */
  tooSmall: boolean;
}

export const DEFAULT_MIN_CELL = 10;

/** The share of postings with its Wilson 95% interval; small cells are flagged, not shown as a ratio. */
export function share(count: number, total: number, minCell = DEFAULT_MIN_CELL): Share {
  if (total < minCell) return { count, total, share: null, low: null, high: null, tooSmall: true };
  const { low, high } = wilsonInterval(count, total);
  return { count, total, share: count / total, low, high, tooSmall: false };
}
