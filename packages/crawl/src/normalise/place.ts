import { countryCode as countryOfField } from '@skillpulse/places';
import type { JobPostingData } from '../jobposting.js';
import { cleanText, distinct, list, textOf } from './text.js';

/**
 * A country as its ISO 3166-1 alpha-2 code, from an alpha-2 or alpha-3 code, a country name or a
 * common alias (`DE`, `deu`, `Germany`, `UK`, `U.S.A.`, `England`); null for anything else, never a
 * guess. The table is @skillpulse/places' (`countryCode`), the one parseLocation reads country names
 * with; importing it does not load the gazetteer.
 */
// Build the country table now (≈50–150 ms), not while the first page of a crawl is being read: a stall
// there would bunch the requests the host rate limiter spaces.
countryOfField('US');

export function countryCode(value: unknown): string | null {
  const raw = typeof value === 'string' ? value : value && typeof value === 'object' ? textOf(value) : null;
  const name = cleanText(raw ?? '')
    .replace(/[\s,;]+$/, '')
    .trim();
  return name === '' ? null : countryOfField(name);
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
