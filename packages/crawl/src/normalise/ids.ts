import { createHash } from 'node:crypto';
import type { NormalisedPosting } from '@skillpulse/core';

/** Where a posting is and what it is called: URLs, ids and the content hash. */

/** SHA-256 of the normalised title and text: equal for the same posting however it was marked up. */
export function contentHash(title: string, descriptionText: string): string {
  const normalised = `${title}\n${descriptionText}`.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalised).digest('hex');
}

/** Canonical form of a URL for ids: no fragment, no tracking parameters. */
export function canonicalUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  for (const key of [...parsed.searchParams.keys()]) if (/^utm_|^(ref|source|gh_src)$/i.test(key)) parsed.searchParams.delete(key);
  return parsed.toString();
}

/**
 * An http(s) URL: `url` resolved against `base` when relative; null for any other scheme
 * (`javascript:`, `data:`, `mailto:`) and for what is not a URL, so it is never stored or linked.
 */
export function webUrl(url: string | null | undefined, base?: string): string | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The URL a posting is stored with and its id part: its own when http(s) (relative ones resolved
 * against the page), else the page it was read from, with the id kept distinct by a hash of what
 * the posting said. Null when neither is http(s).
 */
export function postingUrl(url: string, pageUrl: string | undefined): { url: string; idUrl: string } | null {
  const own = webUrl(url, pageUrl);
  if (own) return { url: own, idUrl: canonicalUrl(own) };
  const page = webUrl(pageUrl);
  if (!page) return null;
  return { url: page, idUrl: `${canonicalUrl(page)}#${createHash('sha256').update(url).digest('hex').slice(0, 12)}` };
}

/**
 * Postings of one page with distinct ids. Postings whose ids collide (several JobPostings on a page
 * without an `identifier`, so all named by the page URL) get `#` and a key made from their title and
 * places, or from their whole content when those are equal too: stable across re-crawls, whatever
 * order the page lists them in. Postings equal in content are one posting.
 */
export function withDistinctIds(postings: NormalisedPosting[]): NormalisedPosting[] {
  const byId = new Map<string, NormalisedPosting[]>();
  for (const posting of postings) byId.set(posting.id, [...(byId.get(posting.id) ?? []), posting]);
  const result: NormalisedPosting[] = [];
  const short = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 12);
  for (const [id, group] of byId) {
    if (group.length === 1) {
      result.push(group[0] as NormalisedPosting);
      continue;
    }
    const keyOf = (p: NormalisedPosting) => short(`${p.title}\n${p.company ?? ''}\n${p.locations.join('|')}`.toLowerCase());
    const counts = new Map<string, number>();
    for (const posting of group) counts.set(keyOf(posting), (counts.get(keyOf(posting)) ?? 0) + 1);
    const seen = new Set<string>();
    for (const posting of group) {
      const key = (counts.get(keyOf(posting)) ?? 0) > 1 ? posting.contentHash.slice(0, 12) : keyOf(posting);
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ ...posting, id: `${id}#${key}` });
    }
  }
  return result;
}
