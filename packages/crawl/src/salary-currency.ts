import { createRequire } from 'node:module';

/**
 * Currencies for the salary normaliser: ISO 4217 codes checked against the `currency-codes` package, and the
 * symbols job text uses. The rules are in docs/pay.md ("Currency").
 */

const require = createRequire(import.meta.url);
const iso = require('currency-codes') as typeof import('currency-codes');

/**
 * ISO 4217 codes that are not money a salary is paid in: fund codes and units of account. The X-prefixed
 * non-currencies (gold, SDR, the testing code XTS, "no currency" XXX, …) are refused by a rule instead, below.
 */
const FUND_CODES = new Set(['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW']);

/** The ISO 4217 code for `value` (any case, surrounding spaces allowed), or null when it is not a currency one is paid in. */
export function isoCurrency(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || FUND_CODES.has(code)) return null;
  const record = iso.code(code);
  if (!record) return null;
  // X-codes are supranational or not money at all; keep only the shared currencies (XAF, XCD, XOF, XPF).
  if (code.startsWith('X') && record.countries.length < 2) return null;
  return code;
}

/**
 * Currencies whose unit is small enough that a normal salary runs past 5,000,000 a year (¥8,000,000, ₹50 LPA,
 * ₩60,000,000): their upper plausibility bounds are 1,000 times higher. Nothing is converted.
 */
export const HIGH_NOMINAL = new Set([
  'JPY',
  'KRW',
  'INR',
  'IDR',
  'VND',
  'HUF',
  'CLP',
  'COP',
  'PKR',
  'NGN',
  'LKR',
  'IRR',
  'KZT',
  'UZS',
  'MNT',
  'PYG',
  'UGX',
  'TZS',
  'KHR',
  'LAK',
  'MMK',
  'IQD',
  'LBP',
  'ISK',
  'AMD',
  'RWF',
  'BDT',
  'KES',
]);

/** A currency as read: the code and whether it was inferred from an ambiguous symbol (`$`, `¥`, `kr`). */
export interface CurrencyMark {
  code: string;
  inferred: boolean;
}

/** What can settle an ambiguous symbol: the posting's country (ISO 3166-1 alpha-2), when the caller knows it. */
export interface CurrencyContext {
  country?: string | null;
}

/** Country → currency for a bare `$` (anything else, or no country, is USD). */
const DOLLAR_COUNTRIES: Record<string, string> = {
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  SG: 'SGD',
  HK: 'HKD',
  MX: 'MXN',
  TW: 'TWD',
};
const KRONA_COUNTRIES: Record<string, string> = { SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK' };

/** Prefixed dollars and other written-out symbols whose currency is certain. */
const PREFIXED: Record<string, string> = {
  US$: 'USD',
  USD$: 'USD',
  C$: 'CAD',
  CA$: 'CAD',
  CAD$: 'CAD',
  A$: 'AUD',
  AU$: 'AUD',
  AUD$: 'AUD',
  NZ$: 'NZD',
  S$: 'SGD',
  SG$: 'SGD',
  HK$: 'HKD',
  MX$: 'MXN',
  R$: 'BRL',
  NT$: 'TWD',
  'CN¥': 'CNY',
  RMB: 'CNY',
};

/** Unambiguous single symbols and words (looked up in capitals). */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  RS: 'INR',
  'RS.': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
  ZŁ: 'PLN',
  KČ: 'CZK',
  '₴': 'UAH',
  '₱': 'PHP',
  '₦': 'NGN',
  '฿': 'THB',
  '₫': 'VND',
  'FR.': 'CHF',
  元: 'CNY',
  EURO: 'EUR',
  EUROS: 'EUR',
};

/** The forms of the markers above as they are written in text (the text parser matches them case-sensitively). */
const TEXT_FORMS = [
  ...Object.keys(PREFIXED),
  ...['€', '£', '₹', 'Rs.', 'Rs', '₩', '₽', '₺', '₪', 'zł', 'Kč', '₴', '₱', '₦', '฿', '₫', 'Fr.', '元'],
  ...['euros', 'euro', 'Euros', 'Euro', '$', '¥', 'kr.', 'kr'],
];

/**
 * The regular-expression source of every currency marker the text parser recognises, longest first so that
 * `CA$` wins over `$`. ISO codes are matched separately (three capitals, checked with `isoCurrency`).
 */
export const MARKER_SOURCE = TEXT_FORMS.sort((a, b) => b.length - a.length)
  .map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

/**
 * ISO codes that are also everyday English words or acronyms (ALL, TOP, AMD, PEN, …). In free text they never
 * count as a currency marker; structured fields (`currency: "TOP"`) still accept them.
 */
const WORD_CODES = new Set(['ALL', 'TOP', 'AMD', 'BOB', 'MAD', 'PEN', 'SOS', 'GEL', 'CUP', 'MOP', 'TRY', 'BAM', 'NIO', 'CVE', 'FKP']);

/**
 * The currency a marker stands for. `$` is USD unless the country says CA/AU/NZ/SG/HK/MX/TW (then that dollar),
 * and either way it is flagged as inferred; `¥` is JPY (CNY in China), inferred; `kr` needs a Nordic country
 * and is refused without one. ISO codes count only in capitals and not when they double as English words.
 */
export function currencyOfMarker(marker: string, context: CurrencyContext = {}, text = true): CurrencyMark | null {
  const raw = marker.trim();
  const upper = raw.toUpperCase();
  const country = (context.country ?? '').trim().toUpperCase();
  const prefixed = PREFIXED[upper] ?? PREFIXED[raw];
  if (prefixed) return { code: prefixed, inferred: false };
  const symbol = SYMBOLS[upper] ?? SYMBOLS[raw];
  if (symbol) return { code: symbol, inferred: false };
  if (raw === '$') return { code: DOLLAR_COUNTRIES[country] ?? 'USD', inferred: true };
  if (raw === '¥') return { code: country === 'CN' ? 'CNY' : 'JPY', inferred: true };
  if (upper === 'KR' || upper === 'KR.') {
    const krona = KRONA_COUNTRIES[country];
    return krona ? { code: krona, inferred: true } : null;
  }
  if (/^[A-Za-z]{3}$/.test(raw)) {
    if (text && (raw !== upper || WORD_CODES.has(upper))) return null;
    const code = isoCurrency(upper);
    return code ? { code, inferred: false } : null;
  }
  return null;
}
