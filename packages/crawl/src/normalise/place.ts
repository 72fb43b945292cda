import { createRequire } from 'node:module';
import type { JobPostingData } from '../jobposting.js';
import { cleanText, distinct, list, textOf } from './text.js';

// The package's main entry registers every language; its core with the English names is all we need.
const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries/index.js') as typeof import('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** Names people write that the ISO English names and aliases do not cover. */
const COUNTRY_ALIASES: Record<string, string> = {
  'u.k.': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  america: 'US',
  'the netherlands': 'NL',
  holland: 'NL',
  'u.a.e.': 'AE',
};

/**
 * A country as its ISO 3166-1 alpha-2 code, from an alpha-2 or alpha-3 code, an English name or a
 * common abbreviation (`DE`, `deu`, `Germany`, `UK`, `U.S.A.`); null for anything else, never a guess.
 */
export function countryCode(value: unknown): string | null {
  const raw = typeof value === 'string' ? value : value && typeof value === 'object' ? textOf(value) : null;
  const name = cleanText(raw ?? '')
    .replace(/[\s,;]+$/, '')
    .trim();
  if (name === '') return null;
  const upper = name.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && countries.alpha2ToAlpha3(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper) && countries.alpha3ToAlpha2(upper)) return countries.alpha3ToAlpha2(upper) ?? null;
  return COUNTRY_ALIASES[name.toLowerCase()] ?? countries.getSimpleAlpha2Code(name, 'en') ?? null;
}

/**
 * Places of a posting: each `jobLocation` as "Locality, Region" from its address (a PostalAddress
 * or a string), else the Place's name; the first country any of them (or the applicant location
 * requirement) names.
 */
export function locationsOf(data: JobPostingData): { locations: string[]; country: string | null } {
  const locations: string[] = [];
  let country: string | null = null;
  for (const place of list(data.jobLocation as unknown[])) {
    if (typeof place === 'string') {
      locations.push(cleanText(place));
      continue;
    }
    if (!place || typeof place !== 'object') continue;
    const record = place as Record<string, unknown>;
    const name = typeof record.name === 'string' ? cleanText(record.name) : '';
    const address = list(record.address as unknown)[0] ?? (record.addressLocality || record.addressCountry ? record : undefined);
    if (typeof address === 'string') {
      locations.push(cleanText(address) || name);
      continue;
    }
    const postal = (address ?? {}) as Record<string, unknown>;
    const parts = [textOf(postal.addressLocality), textOf(postal.addressRegion)].filter((p): p is string => p !== null);
    country ??= countryCode(postal.addressCountry);
    locations.push(parts.length > 0 ? parts.join(', ') : name);
  }
  for (const requirement of list(data.applicantLocationRequirements as unknown[])) {
    if (country) break;
    country = countryCode(requirement);
  }
  return { locations: distinct(locations), country };
}
