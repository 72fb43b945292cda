/** A location quotient with its confidence interval (docs/places.md). */
export interface LocationQuotient {
  /** shareHere / shareAll; 1 means the skill is as common here as everywhere. */
  lq: number;
  low: number;
  high: number;
  /** Confidence level of [low, high], e.g. 0.95. */
  level: number;
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

function check(name: string, value: number, ok: boolean, expected: string): void {
  if (!Number.isFinite(value) || !ok) {
    throw new RangeError(`locationQuotient: ${name} is ${value}; expected ${expected}`);
  }
}

/**
 * Location quotient of a skill in a place: its share of the place's postings over its share
 * of all postings, with the Katz log interval for a ratio of two proportions:
 *   LQ = p1 / p2,  ln LQ ± z · sqrt(1/x1 − 1/n1 + 1/x2 − 1/n2),  x1 = p1·n1, x2 = p2·n2.
 * The place's postings are part of "all", so the two shares are positively correlated and
 * the interval is conservative (wider than exact). A zero count gets 0.5 added to x and n for
 * the interval only (so a skill absent here still gets a finite upper bound).
 */
export function locationQuotient(shareHere: number, nHere: number, shareAll: number, nAll: number, level = 0.95): LocationQuotient {
  check('shareHere', shareHere, shareHere >= 0 && shareHere <= 1, 'a share between 0 and 1');
  check('shareAll', shareAll, shareAll > 0 && shareAll <= 1, 'a share above 0 and at most 1 (the skill must occur somewhere)');
  check('nHere', nHere, nHere > 0, 'a positive number of postings in the place');
  check('nAll', nAll, nAll > 0, 'a positive number of postings overall');
  check('level', level, level > 0 && level < 1, 'a confidence level between 0 and 1, e.g. 0.95');
  const lq = shareHere / shareAll;
  let x1 = shareHere * nHere;
  let n1 = nHere;
  let x2 = shareAll * nAll;
  let n2 = nAll;
  if (x1 === 0 || x2 === 0) {
    x1 += 0.5;
    n1 += 0.5;
    x2 += 0.5;
    n2 += 0.5;
  }
  const se = Math.sqrt(Math.max(0, 1 / x1 - 1 / n1 + 1 / x2 - 1 / n2));
  const z = normalQuantile(1 - (1 - level) / 2);
  const centre = Math.log(x1 / n1 / (x2 / n2));
  return { lq, low: lq === 0 ? 0 : Math.exp(centre - z * se), high: Math.exp(centre + z * se), level };
}
