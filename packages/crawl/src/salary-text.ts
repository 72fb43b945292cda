import { type CurrencyContext, currencyOfMarker, HIGH_NOMINAL, MARKER_SOURCE } from './salary-currency.js';
import { type NormalisedSalary, normaliseSalary, type PayPeriod } from './salary-record.js';

/**
 * Salaries in free text: Hacker News first lines, feed items, descriptions, Ashby's summary line. Strict by
 * design (docs/pay.md, "Free text"): a figure needs a currency marker next to it, a stated or inferable period,
 * and plausible bounds; money that is not pay (funding, bonuses, budgets) is skipped.
 */

/** Numbers: Indian lakh grouping, thousands grouped by `,` `.` `'` or a space with an optional decimal part, or plain. */
const NUM = String.raw`\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:'\d{3})+|(?: \d{3})+)(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const MULT = String.raw`\s?(?:k|K|mm|MM|m|M|LPA|lakhs?|lacs?|L|crores?|Cr|cr)`;
const CUR = `(?<![A-Za-z])(?:${MARKER_SOURCE}|[A-Z]{3})(?![A-Za-z])`;
const amount = (n: number) =>
  String.raw`(?:(?<pre${n}>${CUR})\s?)?(?<![\d.,'])(?<num${n}>${NUM})(?<mult${n}>${MULT})?(?![A-Za-z\d%])(?:\s?(?<post${n}>${CUR})(?!\s?\d))?`;
const SINGLE = new RegExp(amount(1), 'y');
/** Where a salary can be: a currency marker, or an INR multiplier that implies one ("18 LPA"). */
const MARKER_SCAN = new RegExp(`${CUR}|(?<![A-Za-z])(?:LPA|lakhs?|lacs?|crores?|Cr|cr|L)(?![A-Za-z])`, 'g');
/** How far before its marker a salary can start ("50.000,00 - 60.000,00 EUR" is 25 characters). */
const REACH = 48;
const CANDIDATE = new RegExp(String.raw`${amount(1)}(?:\s*(?<sep>-|–|—|~|to|bis|à|and)\s*${amount(2)})?`, 'g');

/** Multipliers; millions only count in HIGH_NOMINAL currencies, lakh and crore only in INR. */
const MULTIPLIERS: Array<[RegExp, number]> = [
  [/^k$/i, 1_000],
  [/^(mm|m)$/i, 1_000_000],
  [/^(LPA|lakhs?|lacs?|L)$/, 100_000],
  [/^(crores?|cr)$/i, 10_000_000],
];

/** Words between the amount and its period that change nothing ("€60k gross per year", "120 000 € brut annuel"). */
const FILLER = /^[\s,]*(?:(?:gross|brutto|bruto|brut|net|base|salary|fixed|total|OTE|DOE|CTC|approx)\b\.?\s*)*/i;

/** Period after the amount, tried at the start of what follows the filler. */
const PERIOD_AFTER: Array<[PayPeriod, RegExp]> = [
  [
    'hour',
    /^(?:\/\s*(?:hr|hrs|hour|h|Std|heure)\b|per\s+hour|an?\s+hour|hourly|p\.?\s?h\.?(?![a-z])|ph\b|pro\s+Stunde|(?:de\s+)?l'heure|par\s+heure)/i,
  ],
  ['day', /^(?:\/\s*(?:day|d|Tag|jour)\b|per\s+day|a\s+day|daily|p\.\s?d\.|pro\s+Tag|par\s+jour|day\s+rate)/i],
  ['week', /^(?:\/\s*(?:wk|week|w|Woche)\b|per\s+week|a\s+week|weekly|p\.\s?w\.|pw\b|pro\s+Woche|par\s+semaine)/i],
  [
    'month',
    /^(?:\/\s*(?:mo|mth|month|m|Monat|mois)\b|per\s+month|a\s+month|monthly|p\.\s?m\.|pcm\b|pro\s+Monat|monatlich|par\s+mois|mensuel(?:le)?|al\s+mes)/i,
  ],
  [
    'year',
    /^(?:\/\s*(?:yr|year|y|a|annum|an|Jahr)\b|per\s+(?:year|annum|anno)|a\s+year|annual(?:ly)?|yearly|p\.\s?a\.?|pa\b|p\/a\b|pro\s+Jahr|j[aä]hrlich|annuel(?:le)?|par\s+an\b|al\s+año|LPA\b)/i,
  ],
];

/** Period named just before the amount ("Hourly rate: $45", "Annual salary €60k"), within the same sentence. */
const PERIOD_BEFORE: Array<[PayPeriod, RegExp]> = [
  ['hour', /\b(hourly|per hour|stundenlohn|taux horaire)\b/i],
  ['day', /\b(daily rate|day rate|tagessatz|taux journalier|TJM)\b/i],
  ['week', /\b(weekly)\b/i],
  ['month', /\b(monthly|per month|monatsgehalt|salaire mensuel)\b/i],
  ['year', /\b(annual|annually|yearly|per annum|jahresgehalt|salaire annuel)\b/i],
];

const UP_TO = /(?:up\s+to|upto|max(?:imum)?\.?|bis\s+zu|jusqu'?\s?à|hasta|not\s+more\s+than)\s*:?\s*$/i;
const FROM = /(?:\bfrom|starting\s+(?:at|from)|min(?:imum)?\.?|at\s+least|\bab|à\s+partir\s+de|desde|dès)\s*:?\s*$/i;

/** Money that is not pay, named right before the amount ("raised $5M", "Bonus: $10k") … */
const NOT_PAY_BEFORE =
  /\b(raised|raising|funding|funded|series\s+[a-f]|seed|revenue|arr|valuation|invest\w*|backed|worth|budget|stipend|allowance|bonus|grant|relocation|loan|referral|reimburse\w*|insurance|cover|pension|fee|401\s?\(?k\)?)\b[^$€£¥₹\d]{0,20}$/i;
/** … or right after it ("$10M Series A", "$15,000 signing bonus", "$2k learning budget"). "+ equity" is not this. */
const NOT_PAY_AFTER =
  /^\s*(?:(?:yearly|annual|monthly|weekly|one[- ]time|per\s+(?:year|month|person|head)|a\s+year|\/\s*(?:yr|year|mo|month))\s+)?(?:in\s+|of\s+)?(?:series|seed|funding|round|raised|revenue|arr|valuation|investment|bonus|signing|sign-on|relocation|stipend|budget|allowance|grant|equity|rsus?|stock|options|learning|training|education|conference|home[- ]office|wellness|per\s+employee)\b/i;

/** A range wider than this ratio (max / min) is refused as a misread ("$5-150k"). */
const MAX_RANGE_RATIO = 5;

/** A number as written: `,` `.` `'` and space as thousands separators, a trailing `.`/`,` with 1–2 digits as decimals. */
export function parseAmount(written: string): number | null {
  let s = written.replace(/[ '\u00a0\u202f\u2009]/g, '');
  if (/^\d{1,2}(?:,\d{2})+,\d{3}$/.test(s)) return Number(s.replace(/,/g, ''));
  const seps = s.match(/[.,]/g) ?? [];
  if (seps.length > 0) {
    const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
    const decimals = s.length - last - 1;
    const lastSep = s[last];
    const sameKind = seps.every((c) => c === lastSep);
    if (decimals === 3 && sameKind) s = s.replace(/[.,]/g, '');
    else s = `${s.slice(0, last).replace(/[.,]/g, '')}.${s.slice(last + 1)}`;
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function multiplier(written: string | undefined): { factor: number; lakh: boolean } | null {
  const word = (written ?? '').trim();
  if (word === '') return { factor: 1, lakh: false };
  for (const [pattern, factor] of MULTIPLIERS) {
    if (pattern.test(word)) return { factor, lakh: factor === 100_000 || factor === 10_000_000 };
  }
  return null;
}

function periodAround(sentence: string, after: string, lpa: boolean): PayPeriod | null {
  if (lpa) return 'year';
  const tail = after.replace(FILLER, '');
  for (const [period, pattern] of PERIOD_AFTER) if (pattern.test(tail)) return period;
  for (const [period, pattern] of PERIOD_BEFORE) if (pattern.test(sentence)) return period;
  return null;
}

/** The text before a match, back to the start of its sentence or field (at most `size` characters). */
function sentenceBefore(text: string, start: number, size = 40): string {
  const window = text.slice(Math.max(0, start - size), start);
  const cut = Math.max(...['. ', '! ', '? ', '\n', '|', '•', ';'].map((b) => window.lastIndexOf(b)));
  return cut >= 0 ? window.slice(cut + 1) : window;
}

/**
 * The first salary stated in `text`, or null. `context.country` (ISO 3166-1 alpha-2) settles a bare `$`, `¥`
 * or `kr`. Every result has `fromText: true` and a period; annual figures follow ANNUAL_FACTORS.
 */
export function salaryFromText(text: string, context: CurrencyContext = {}): NormalisedSalary | null {
  const clean = text.replace(/[\u00a0\u202f\u2009]/g, ' ');
  // Only the stretches just before a currency marker (or an INR multiplier) can hold a salary: jump from
  // marker to marker instead of trying the full pattern at every number of a long description.
  const markers = new RegExp(MARKER_SCAN.source, 'g');
  const candidates = new RegExp(CANDIDATE.source, 'g');
  let examined = 0;
  for (let marker = markers.exec(clean); marker; marker = markers.exec(clean)) {
    let from = Math.max(examined, marker.index - REACH);
    const floor = Math.max(examined, from - REACH);
    while (from > floor && /[\d.,' ]/.test(clean[from - 1] ?? '')) from--; // never start inside "120 000"
    candidates.lastIndex = from;
    for (let match = candidates.exec(clean); match && match.index <= marker.index; match = candidates.exec(clean)) {
      const salary = candidate(clean, match, context) ?? firstAmountOnly(clean, match, context);
      if (salary) return salary;
      examined = candidates.lastIndex;
    }
    examined = Math.max(examined, marker.index);
  }
  return null;
}

/** "€60k and 30 days of holiday": without "between", "and" joins no range; read the first amount alone. */
function firstAmountOnly(text: string, match: RegExpExecArray, context: CurrencyContext): NormalisedSalary | null {
  if (match.groups?.sep !== 'and') return null;
  const single = new RegExp(SINGLE.source, 'y');
  single.lastIndex = match.index;
  const found = single.exec(text);
  return found ? candidate(text, found, context) : null;
}

function candidate(text: string, match: RegExpExecArray, context: CurrencyContext): NormalisedSalary | null {
  const g = match.groups ?? {};
  const lpa = [g.mult1, g.mult2].some((m) => m !== undefined && /^\s?(LPA|lakhs?|lacs?|L|crores?|cr|Cr)$/.test(m));
  // Most numbers in a description carry no currency at all: leave them before any other work.
  if (!lpa && [g.pre1, g.post1, g.pre2, g.post2].every((m) => m === undefined)) return null;
  const start = match.index ?? 0;
  const end = start + match[0].length;
  const before = sentenceBefore(text, start);
  const after = text.slice(end, end + 60);
  if (NOT_PAY_BEFORE.test(before) || NOT_PAY_AFTER.test(after)) return null;
  // "and" joins a range only after "between" ("between 50 and 65K euros").
  if (g.sep === 'and' && !/\bbetween\s*$/i.test(before)) return null;

  const marks = [g.pre1, g.post1, g.pre2, g.post2]
    .filter((m): m is string => m !== undefined)
    .map((m) => currencyOfMarker(m, context))
    .filter((m) => m !== null);
  // "USD $120k": a capitalised ISO code just before a bare symbol names it.
  const lead = /(?:^|[^A-Za-z])([A-Z]{3})\s?$/.exec(before)?.[1];
  const leadMark = lead ? currencyOfMarker(lead, context) : null;
  if (leadMark && marks.length > 0) marks.push(leadMark);
  // Stated codes and unambiguous symbols outrank a `$`/`¥`/`kr` read by the default rule ("$120k CAD" is CAD).
  const stated = marks.filter((m) => !m.inferred);
  const usable = stated.length > 0 ? stated : marks;
  const mark = usable[0] ?? (lpa ? { code: 'INR', inferred: true } : null);
  if (!mark || usable.some((m) => m.code !== mark.code)) return null;

  const m1 = multiplier(g.mult1);
  const m2 = g.num2 === undefined ? null : multiplier(g.mult2);
  if (!m1 || (g.num2 !== undefined && !m2)) return null;
  const factors = [m1, m2].filter((m) => m !== null);
  if (factors.some((m) => m.factor === 1_000_000) && !HIGH_NOMINAL.has(mark.code)) return null;
  if (factors.some((m) => m.lakh) && mark.code !== 'INR') return null;

  let low = parseAmount(g.num1 ?? '');
  let high = g.num2 === undefined ? null : parseAmount(g.num2);
  if (low === null || (g.num2 !== undefined && high === null)) return null;
  let f1 = m1.factor;
  let f2 = m2?.factor ?? 1;
  if (high !== null && (f1 === 1) !== (f2 === 1)) {
    // "$60-70k" and "100k-120": one multiplier serves both ends.
    f1 = Math.max(f1, f2);
    f2 = f1;
  }
  low *= f1;
  if (high !== null) high *= f2;

  let min: number | null = low;
  let max: number | null = high ?? low;
  if (high === null) {
    if (UP_TO.test(before)) min = null;
    else if (FROM.test(before) || /^\+(?!\s*[A-Za-z])/.test(after)) max = null;
  } else if (high > low * MAX_RANGE_RATIO) {
    return null;
  }
  const period = periodAround(sentenceBefore(text, start, 120), after, lpa);
  const salary = normaliseSalary({
    min,
    max,
    currency: mark.code,
    period,
    fromText: true,
    currencyInferred: mark.inferred,
    mayInferYear: true,
  });
  return salary && salary.period !== null ? salary : null;
}
