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

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 via erf; error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials[i] = (logFactorials[i - 1] as number) + Math.log(i);
  return logFactorials[n] as number;
}

/**
 * Two-sided Fisher exact test on the 2×2 table [a, b; c, d]: the probability of all tables with the
 * same margins that are no more likely than the observed one.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const logP = (x: number) =>
    logFactorial(col1) +
    logFactorial(n - col1) +
    logFactorial(row1) +
    logFactorial(n - row1) -
    logFactorial(n) -
    logFactorial(x) -
    logFactorial(row1 - x) -
    logFactorial(col1 - x) -
    logFactorial(n - row1 - col1 + x);
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, row1 + col1 - n); x <= Math.min(row1, col1); x++) {
    const lp = logP(x);
    // A relative tolerance keeps tables as likely as the observed one despite rounding.
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

export interface ProportionTest {
  /** Difference of the shares, in percentage points (p1 − p2) × 100. */
  changePp: number;
  /** Relative change p1 / p2 − 1, or null when p2 is 0 (a skill that is new). */
  relativeChange: number | null;
  pValue: number;
  method: 'two-proportion z' | 'fisher exact';
  /** Newcombe's hybrid score 95% interval for p1 − p2, in percentage points. */
  lowPp: number;
  highPp: number;
}

/**
 * Tests whether the share k1/n1 differs from k2/n2: a two-proportion z-test, or Fisher's exact test
 * when any expected cell is below 5.
 */
export function compareShares(k1: number, n1: number, k2: number, n2: number): ProportionTest {
  if (n1 <= 0 || n2 <= 0) throw new RangeError(`compareShares: both totals must be positive, got n1=${n1}, n2=${n2}`);
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pool = (k1 + k2) / (n1 + n2);
  const expected = [n1 * pool, n1 * (1 - pool), n2 * pool, n2 * (1 - pool)];
  let pValue: number;
  let method: ProportionTest['method'];
  if (expected.some((e) => e < 5)) {
    pValue = fisherExact(k1, n1 - k1, k2, n2 - k2);
    method = 'fisher exact';
  } else {
    const z = (p1 - p2) / Math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
    pValue = Number.isFinite(z) ? 2 * (1 - normalCdf(Math.abs(z))) : 1;
    method = 'two-proportion z';
  }
  const w1 = wilsonInterval(k1, n1);
  const w2 = wilsonInterval(k2, n2);
  const d = p1 - p2;
  return {
    changePp: 100 * d,
    relativeChange: p2 === 0 ? null : p1 / p2 - 1,
    pValue: Math.min(1, Math.max(0, pValue)),
    method,
    lowPp: 100 * (d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)),
    highPp: 100 * (d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)),
  };
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the input order: a change is significant at
 * false-discovery rate q when its adjusted value is ≤ q.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, index] = order[rank - 1] as readonly [number, number];
    running = Math.min(running, (m * p) / rank);
    // m·p/m can round below p; a q-value is never below its p-value.
    adjusted[index] = Math.min(1, Math.max(p, running));
  }
  return adjusted;
}

export interface Cooccurrence {
  /** P(B | A): the share of postings asking for A that also ask for B. */
  conditional: number;
  /** n_AB · N / (n_A · n_B): above 1, the pair goes together more often than chance. */
  lift: number;
  /** n_AB / (n_A + n_B − n_AB). */
  jaccard: number;
}

export function cooccurrence(both: number, withA: number, withB: number, total: number): Cooccurrence {
  if (withA <= 0 || withB <= 0 || total <= 0) throw new RangeError('cooccurrence: counts must be positive');
  return {
    conditional: both / withA,
    lift: (both * total) / (withA * withB),
    jaccard: both / (withA + withB - both),
  };
}
