import { decodeEntities, type NormalisedPosting, type RemoteType, type Salary } from '@skillpulse/core';
import type { JobPostingData } from './jobposting.js';
import { capDescription, descriptionCutProblem } from './normalise/description.js';
import { isoDate, remoteFromText, remoteOf, salaryOf, seniorityOf } from './normalise/fields.js';
import { contentHash, postingUrl } from './normalise/ids.js';
import { countryCode, locationsOf } from './normalise/place.js';
import { cleanText, distinct, fieldText, list, textOf } from './normalise/text.js';

/**
 * Postings normalised: from a schema.org JobPosting (`normaliseJobPosting`) or from what an API or a
 * feed gave (`postingFrom`). The field parsers live in normalise/: text, places, dates and other
 * fields, the description cap, URLs and ids.
 */

export { capDescription, descriptionCutProblem, MAX_DESCRIPTION_BYTES } from './normalise/description.js';
export { calendarDate, isoDate, seniorityOf } from './normalise/fields.js';
export { canonicalUrl, contentHash, webUrl, withDistinctIds } from './normalise/ids.js';
export { countryCode } from './normalise/place.js';
export { cleanText, fieldText } from './normalise/text.js';

export interface NormaliseContext {
  source: string;
  url: string;
  /** The page the posting was read from: relative URLs resolve against it, and it stands in for a non-http(s) one. */
  pageUrl?: string;
  /** Where problems with the posting go (a description cut to the cap). */
  problems?: string[];
  /** Date the posting was first fetched: the fallback when the posting has none. */
  seenAt: string;
}

/** A schema.org JobPosting as a SkillPulse posting; null when it lacks a title or a description. */
export function normaliseJobPosting(data: JobPostingData, context: NormaliseContext): NormalisedPosting | null {
  const title = textOf(data.title) ?? '';
  let descriptionHtml = typeof data.description === 'string' ? data.description.trim() : '';
  // Some sites escape the HTML of the description a second time (&lt;p&gt;).
  if (!/<[a-z]/i.test(descriptionHtml) && /&lt;[a-z]/i.test(descriptionHtml)) descriptionHtml = decodeEntities(descriptionHtml).trim();
  // Every field that goes into the text is read like the description: HTML or not, escaped or not.
  const extra = ['skills', 'qualifications', 'responsibilities', 'experienceRequirements', 'educationRequirements']
    .flatMap((field) => list(data[field] as unknown))
    .map((value) => (typeof value === 'string' ? fieldText(value) : (textOf(value) ?? '')));
  const fullText = [fieldText(descriptionHtml), ...extra]
    .filter((part) => part !== '')
    .join('\n')
    .trim();
  if (title === '' || fullText === '') return null;
  const where = postingUrl(context.url, context.pageUrl);
  if (!where) return null;
  const { text: descriptionText, cutFrom } = capDescription(fullText);
  if (cutFrom !== null) context.problems?.push(descriptionCutProblem(where.url, cutFrom));
  // schema.org identifiers are often PropertyValues whose `name` is the issuer, not the id.
  const rawIdentifier = data.identifier as Record<string, unknown> | string | undefined;
  const identifier = textOf(
    typeof rawIdentifier === 'object' && rawIdentifier !== null ? (rawIdentifier.value ?? rawIdentifier['@value']) : rawIdentifier,
  );
  const datePosted = isoDate(data.datePosted);
  const { locations, country } = locationsOf(data);
  const hasPlace = list(data.jobLocation as unknown[]).length > 0;
  return {
    id: `${context.source}:${identifier ?? where.idUrl}`,
    source: context.source,
    url: where.url,
    title,
    company: textOf(data.hiringOrganization),
    locations,
    country,
    remote: remoteOf(data, descriptionText, hasPlace),
    employmentType: textOf(data.employmentType),
    seniority: seniorityOf(title, descriptionText),
    salary: salaryOf(data),
    datePosted: datePosted ?? context.seenAt.slice(0, 10),
    dateInferred: datePosted === null,
    validThrough: isoDate(data.validThrough),
    descriptionText,
    descriptionHtml: descriptionHtml || null,
    contentHash: contentHash(title, descriptionText),
  };
}

/** A posting as a source adapter reads it, before normalisation. */
export interface RawPosting {
  source: string;
  /** The source's own id for the posting; the canonical URL stands in when there is none. */
  externalId: string | null;
  url: string;
  title: string;
  company: string | null;
  locations?: string[];
  country?: string | null;
  remote?: RemoteType | null;
  employmentType?: string | null;
  salary?: Salary | null;
  datePosted?: unknown;
  validThrough?: unknown;
  descriptionHtml?: string | null;
  /** Plain text, used when the HTML is missing or empty. */
  descriptionText?: string | null;
  seenAt: string;
  /** The page the posting was read from: relative URLs resolve against it, and it stands in for a non-http(s) one. */
  pageUrl?: string;
  /** Where problems with the posting go (a description cut to the cap). */
  problems?: string[];
}

/** A normalised posting from what an API or feed gave; null when it has no title or no text. */
export function postingFrom(raw: RawPosting): NormalisedPosting | null {
  const title = cleanText(raw.title ?? '');
  let html = (raw.descriptionHtml ?? '').trim();
  if (!/<[a-z]/i.test(html) && /&lt;[a-z]/i.test(html)) html = decodeEntities(html).trim();
  const fullText = (html ? fieldText(html) : '') || fieldText(raw.descriptionText ?? '');
  if (title === '' || fullText === '') return null;
  const where = postingUrl(raw.url, raw.pageUrl);
  if (!where) return null;
  const { text: descriptionText, cutFrom } = capDescription(fullText);
  if (cutFrom !== null) raw.problems?.push(descriptionCutProblem(where.url, cutFrom));
  const locations = distinct((raw.locations ?? []).map(cleanText));
  const datePosted = isoDate(raw.datePosted);
  return {
    id: `${raw.source}:${raw.externalId ?? where.idUrl}`,
    source: raw.source,
    url: where.url,
    title,
    company: cleanText(raw.company ?? '') || null,
    locations,
    country: countryCode(raw.country),
    remote: raw.remote ?? remoteFromText(title, locations.join(' '), descriptionText.slice(0, 500)),
    employmentType: raw.employmentType ?? null,
    seniority: seniorityOf(title, descriptionText),
    salary: raw.salary ?? null,
    datePosted: datePosted ?? raw.seenAt.slice(0, 10),
    dateInferred: datePosted === null,
    validThrough: isoDate(raw.validThrough),
    descriptionText,
    descriptionHtml: html || null,
    contentHash: contentHash(title, descriptionText),
  };
}
