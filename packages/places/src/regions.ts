import { createRequire } from 'node:module';
import { nameKey } from './normalise.js';

type IsoCountries = typeof import('i18n-iso-countries');

/**
 * Countries come from i18n-iso-countries (names in the locales below, with their common
 * variants such as "USA", "UK", "The Netherlands"; alpha-2 and alpha-3 codes). First-level
 * regions are listed here only where postings name them by abbreviation: US states and
 * Canadian provinces (by GeoNames admin code: "CA", "08" for Ontario), Australian states
 * and the four UK nations ("ENG", "SCT", "WLS", "NIR").
 */
const COUNTRY_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'];

export interface RegionRef {
  country: string;
  /** GeoNames admin1 code. */
  code: string;
}

const US_STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
};

/** Canadian provinces: postal abbreviation → [GeoNames admin1 code, name]. */
const CA_PROVINCES: Record<string, [string, string]> = {
  AB: ['01', 'Alberta'],
  BC: ['02', 'British Columbia'],
  MB: ['03', 'Manitoba'],
  NB: ['04', 'New Brunswick'],
  NL: ['05', 'Newfoundland and Labrador'],
  NS: ['07', 'Nova Scotia'],
  ON: ['08', 'Ontario'],
  PE: ['09', 'Prince Edward Island'],
  QC: ['10', 'Quebec'],
  SK: ['11', 'Saskatchewan'],
  YT: ['12', 'Yukon'],
  NT: ['13', 'Northwest Territories'],
  NU: ['14', 'Nunavut'],
};

/** Australian states: abbreviation → [GeoNames admin1 code, name]. */
const AU_STATES: Record<string, [string, string]> = {
  ACT: ['01', 'Australian Capital Territory'],
  NSW: ['02', 'New South Wales'],
  NT: ['03', 'Northern Territory'],
  QLD: ['04', 'Queensland'],
  SA: ['05', 'South Australia'],
  TAS: ['06', 'Tasmania'],
  VIC: ['07', 'Victoria'],
  WA: ['08', 'Western Australia'],
};

const UK_NATIONS: Record<string, string> = { ENG: 'England', SCT: 'Scotland', WLS: 'Wales', NIR: 'Northern Ireland' };

/** Multi-country regions remote postings name, by name key → canonical label. */
const SCOPE_REGIONS: Record<string, string> = {
  eu: 'EU',
  'european union': 'EU',
  eea: 'EEA',
  europe: 'Europe',
  emea: 'EMEA',
  apac: 'APAC',
  'asia pacific': 'APAC',
  latam: 'LATAM',
  'latin america': 'LATAM',
  americas: 'Americas',
  'north america': 'North America',
  na: 'North America',
  'south america': 'South America',
  asia: 'Asia',
  africa: 'Africa',
  'middle east': 'Middle East',
  mena: 'MENA',
  nordics: 'Nordics',
  dach: 'DACH',
  oceania: 'Oceania',
};

interface RegionIndex {
  /** The library's core (not its main entry, which registers every language). */
  iso: IsoCountries;
  /** Codes as written in upper case ("CA", "ON", "NSW") → regions. */
  byCode: Map<string, RegionRef[]>;
  /** Name keys ("california", "england") → regions. */
  byName: Map<string, RegionRef[]>;
  /** Country name keys (any registered locale, plus variants) → alpha-2. */
  countryByName: Map<string, string>;
}

let index: RegionIndex | undefined;

function push(map: Map<string, RegionRef[]>, key: string, ref: RegionRef): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [ref]);
  else list.push(ref);
}

function regionIndex(): RegionIndex {
  if (index !== undefined) return index;
  const require = createRequire(import.meta.url);
  const iso = require('i18n-iso-countries/index.js') as IsoCountries;
  for (const locale of COUNTRY_LOCALES) iso.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`));
  const countryByName = new Map<string, string>();
  for (const locale of COUNTRY_LOCALES) {
    for (const [alpha2, names] of Object.entries(iso.getNames(locale, { select: 'all' }))) {
      for (const name of names) {
        const key = nameKey(name);
        if (key.length > 2 && !countryByName.has(key)) countryByName.set(key, alpha2);
      }
    }
  }
  const byCode = new Map<string, RegionRef[]>();
  const byName = new Map<string, RegionRef[]>();
  for (const [code, name] of Object.entries(US_STATES)) {
    push(byCode, code, { country: 'US', code });
    push(byName, nameKey(name), { country: 'US', code });
  }
  push(byCode, 'D C', { country: 'US', code: 'DC' });
  for (const [table, country] of [
    [CA_PROVINCES, 'CA'],
    [AU_STATES, 'AU'],
  ] as const) {
    for (const [abbr, [code, name]] of Object.entries(table)) {
      push(byCode, abbr, { country, code });
      push(byName, nameKey(name), { country, code });
    }
  }
  for (const [code, name] of Object.entries(UK_NATIONS)) {
    push(byCode, code, { country: 'GB', code });
    push(byName, nameKey(name), { country: 'GB', code });
  }
  index = { iso, byCode, byName, countryByName };
  return index;
}

/**
 * The country a token names: a country name in a registered locale ("Germany",
 * "Deutschland", "United States", "USA"), or an alpha-2/alpha-3 code written in upper case
 * ("CH", "DEU"; "UK" counts as GB). Lower-case two-letter words are not codes ("in", "de").
 */
export function countryOf(token: string): string | null {
  const { iso, countryByName } = regionIndex();
  const trimmed = token.trim();
  if (/^[A-Z]{2}$/.test(trimmed)) {
    if (trimmed === 'UK') return 'GB';
    return iso.isValid(trimmed) ? trimmed : null;
  }
  if (/^[A-Z]{3}$/.test(trimmed)) {
    const alpha2 = iso.alpha3ToAlpha2(trimmed);
    if (alpha2 !== undefined) return alpha2;
  }
  const compact = trimmed.replace(/\./g, '');
  if (compact === 'US' || compact === 'USA') return 'US';
  return countryByName.get(nameKey(trimmed)) ?? null;
}

/**
 * Names people write in a field that holds a country which the ISO lists do not give (name keys).
 * Only for such fields: in a free-text location "Holland" may be Holland, Michigan.
 */
const COUNTRY_FIELD_ALIASES: Record<string, string> = { holland: 'NL', america: 'US', britain: 'GB', uk: 'GB', uae: 'AE' };

/**
 * The country a field that holds one names (schema.org `addressCountry`, an ATS `country`): an
 * alpha-2 or alpha-3 code in any case ("de", "NLD"), a country name in a registered locale, a common
 * alias ("Holland", "U.K."), or a UK nation ("England" → GB); null for anything else, never a guess.
 * The one country table of SkillPulse: the crawler reads its country fields with it.
 */
export function countryCode(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{2,3}$/.test(upper)) {
    const code = countryOf(upper);
    if (code !== null) return code;
  }
  const named = countryOf(trimmed) ?? COUNTRY_FIELD_ALIASES[nameKey(trimmed).replace(/ /g, '')] ?? null;
  if (named !== null) return named;
  // "England", "Scotland": a region of one country, which is the country a country field means.
  const regions = regionsOf(trimmed).filter((r) => nameKey(trimmed).length > 3 && r.country === 'GB');
  return regions.length > 0 ? 'GB' : null;
}

/** First-level regions a token may name: "CA" → California; "ON" → Ontario (08); "England" → ENG. */
export function regionsOf(token: string): RegionRef[] {
  const { byCode, byName } = regionIndex();
  const trimmed = token.trim().replace(/\./g, ' ').trim();
  if (/^[A-Z]{2,3}$/.test(trimmed) || trimmed === 'D C') return byCode.get(trimmed) ?? [];
  return byName.get(nameKey(trimmed)) ?? [];
}

/** A multi-country region remote postings are restricted to ("EU", "EMEA", "Americas"), or null. */
export function scopeRegionOf(token: string): string | null {
  return SCOPE_REGIONS[nameKey(token)] ?? null;
}
