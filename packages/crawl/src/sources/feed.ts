import type { NormalisedPosting, RemoteType } from '@skillpulse/core';
import type { FetchedPage, PageResult, SourceAdapter } from '../engine.js';
import { normaliseJobPosting, postingFrom } from '../normalise.js';
import { salaryFromText } from '../salary.js';

export interface FeedConfig {
  /** Source name: the first part of every posting id. */
  name: string;
  /** RSS 2.0, Atom or JSON Feed URLs. */
  urls: string[];
  /** Company for feeds of one employer; otherwise read from "Company: Role" titles. */
  company?: string;
}

interface FeedItem {
  id: string | null;
  url: string;
  title: string;
  html: string | null;
  text: string | null;
  date: string | null;
  author: string | null;
  locations: string[];
}

interface TitleParts {
  company: string | null;
  title: string;
  locations: string[];
  remote: RemoteType | null;
}

/**
 * Company, role and places from an item title: "Acme: Senior Engineer" (We Work Remotely and others
 * put the company first) or "Senior Engineer at Acme (Berlin, Germany) (allows remote)" (Stack
 * Overflow Jobs and the feeds that copied it).
 */
export function splitTitle(title: string, companyFirst = true): TitleParts {
  const colon = companyFirst ? /^([^:]{2,60}):\s+(.{3,})$/.exec(title) : null;
  if (colon) return { company: (colon[1] as string).trim(), title: (colon[2] as string).trim(), locations: [], remote: null };
  const at = /^(.{3,}?)\s+at\s+([^()]{2,80}?)((?:\s*\([^()]*\))*)\s*$/.exec(title);
  if (!at) return { company: null, title, locations: [], remote: null };
  const groups = [...(at[3] ?? '').matchAll(/\(([^()]*)\)/g)].map((m) => (m[1] as string).trim()).filter(Boolean);
  const remoteGroups = groups.filter((g) => /\bremote\b|\bhybrid\b/i.test(g));
  const remote = remoteGroups.some((g) => /\bhybrid\b/i.test(g)) ? 'hybrid' : remoteGroups.length > 0 ? 'remote' : null;
  return {
    company: (at[2] as string).trim(),
    title: (at[1] as string).trim(),
    locations: groups.filter((g) => !remoteGroups.includes(g)),
    remote,
  };
}

/** A company from an RSS author: "Acme", or the name in "jobs@acme.com (Acme)"; null for a bare address. */
function authorName(value: string | null): string | null {
  if (!value) return null;
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(value.trim());
  if (named) return (named[1] as string).trim();
  return /^\S+@\S+$/.test(value.trim()) ? null : value.trim() || null;
}

function jsonFeedItems(
  data: Record<string, unknown>,
  page: FetchedPage,
  problems: string[],
): { items: FeedItem[]; jobPostings: NormalisedPosting[] } {
  const items: FeedItem[] = [];
  const jobPostings: NormalisedPosting[] = [];
  for (const raw of (Array.isArray(data.items) ? data.items : []) as Array<Record<string, unknown>>) {
    // Teamtailor and others attach a schema.org JobPosting: richer than the feed item.
    if (raw._jobposting && typeof raw._jobposting === 'object') {
      const posting = normaliseJobPosting(raw._jobposting as Record<string, unknown>, {
        source: '',
        url: String(raw.url ?? page.url),
        pageUrl: page.url,
        seenAt: page.seenAt,
        problems,
      });
      if (posting) {
        jobPostings.push(posting);
        continue;
      }
    }
    const authors = (Array.isArray(raw.authors) ? raw.authors : raw.author ? [raw.author] : []) as Array<Record<string, unknown>>;
    items.push({
      id: raw.id === undefined ? null : String(raw.id),
      url: String(raw.url ?? raw.external_url ?? page.url),
      title: String(raw.title ?? ''),
      html: typeof raw.content_html === 'string' ? raw.content_html : null,
      text: typeof raw.content_text === 'string' ? raw.content_text : typeof raw.summary === 'string' ? raw.summary : null,
      date: typeof raw.date_published === 'string' ? raw.date_published : null,
      author: typeof authors[0]?.name === 'string' ? (authors[0].name as string) : null,
      locations: [],
    });
  }
  return { items, jobPostings };
}

function xmlFeedItems(page: FetchedPage): FeedItem[] | null {
  const $ = page.xml();
  const items: FeedItem[] = [];
  // Namespaced elements (content:encoded, dc:creator) need their colon escaped in selectors.
  const child = (el: never, ...names: string[]) => {
    for (const name of names) {
      const found = $(el).children(name.replace(':', '\\:')).first();
      if (found.length > 0) return found.text().trim();
    }
    return null;
  };
  // Children by local name, whatever prefix the feed gave them (<location>, <job:location>).
  const byLocalName = (el: never, name: string) =>
    $(el)
      .children()
      .filter((_, c) => ((c as { tagName?: string }).tagName ?? '').replace(/^.*:/, '').toLowerCase() === name)
      .map((_, c) => $(c).text().trim())
      .get()
      .filter(Boolean);
  $('rss channel > item, rdf\\:RDF > item').each((_, el) => {
    // Atom's author inside RSS (.NET writes a10:author) holds the name in a child element.
    const a10 = $(el).children('a10\\:author').children('a10\\:name').first().text().trim();
    items.push({
      id: child(el as never, 'guid'),
      url: child(el as never, 'link') ?? page.url,
      title: child(el as never, 'title') ?? '',
      html: child(el as never, 'content:encoded', 'description'),
      text: null,
      date: child(el as never, 'pubDate', 'dc:date'),
      author: a10 || authorName(child(el as never, 'dc:creator', 'author')),
      locations: byLocalName(el as never, 'location'),
    });
  });
  $('feed > entry').each((_, el) => {
    const entry = $(el);
    const link = entry.children('link[rel="alternate"], link:not([rel])').first().attr('href') ?? page.url;
    const content = entry.children('content').first();
    const summary = entry.children('summary').first();
    const body = content.length > 0 ? content : summary;
    items.push({
      id: child(el as never, 'id'),
      url: link,
      title: child(el as never, 'title') ?? '',
      html: body.attr('type') === 'text' ? null : body.text(),
      text: body.attr('type') === 'text' ? body.text() : null,
      date: child(el as never, 'published', 'updated'),
      author: entry.children('author').children('name').first().text().trim() || null,
      locations: byLocalName(el as never, 'location'),
    });
  });
  if (items.length === 0 && $('rss, feed, rdf\\:RDF').length === 0) return null;
  return items;
}

/** RSS 2.0, Atom and JSON Feed job feeds: each item is a posting. */
export function feedSource(config: FeedConfig): SourceAdapter {
  const handle = (page: FetchedPage): PageResult => {
    let items: FeedItem[] | null;
    let jobPostings: NormalisedPosting[] = [];
    const problems: string[] = [];
    const body = page.body.trimStart().replace(/^\uFEFF/, '');
    if (body.startsWith('{')) {
      ({ items, jobPostings } = jsonFeedItems(page.json() as Record<string, unknown>, page, problems));
    } else items = xmlFeedItems(page);
    if (items === null) return { problems: ['not an RSS, Atom or JSON feed'] };
    const postings = jobPostings.map((p) => ({ ...p, source: config.name, id: `${config.name}${p.id}` }));
    for (const item of items) {
      // A one-employer feed's "Team: Role" titles keep their prefix; "Role at Company (Place)" is still split.
      const split = splitTitle(item.title, config.company === undefined);
      const posting = postingFrom({
        source: config.name,
        externalId: item.id,
        url: item.url,
        title: split.title,
        company: config.company ?? split.company ?? item.author,
        locations: item.locations.length > 0 ? item.locations : split.locations,
        remote: split.remote,
        descriptionHtml: item.html,
        descriptionText: item.text,
        datePosted: item.date,
        seenAt: page.seenAt,
        pageUrl: page.url,
        problems,
      });
      if (posting) {
        // Feed items carry no structured pay: the first salary stated in the title or text, flagged fromText (docs/pay.md).
        posting.salary = salaryFromText(`${item.title}\n${posting.descriptionText}`, { country: posting.country ?? undefined });
        postings.push(posting);
      } else problems.push(`feed item "${item.title || item.url}" has no title or no description`);
    }
    return { postings, problems };
  };
  return {
    name: config.name,
    // A feed shows only its latest items; an item that drops off has not necessarily expired.
    snapshot: false,
    startRequests: () => config.urls.map((url) => ({ url, label: 'feed' })),
    handle,
  };
}
