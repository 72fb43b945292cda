import { htmlToText, type NormalisedPosting } from '@skillpulse/core';
import type { CheerioAPI } from 'cheerio';
import type { FetchedPage, PageResult, SourceAdapter, SourceRequest } from '../engine.js';
import { extractJobPostings, type JobPostingData } from '../jobposting.js';
import { canonicalUrl, cleanText, normaliseJobPosting, withDistinctIds } from '../normalise.js';

/** CSS selectors for sites without structured data; `title` and `description` are required. */
export interface PostingSelectors {
  title: string;
  description: string;
  company?: string;
  location?: string;
  datePosted?: string;
}

export interface CareerSiteConfig {
  name: string;
  startUrls: string[];
  sitemapUrls: string[];
  /** Regular expressions: links (and sitemap entries) whose URL matches one are followed. */
  follow: string[];
  selectors?: PostingSelectors;
}

/** A career site: start pages and sitemaps, following matching links, reading schema.org JobPostings. */
export function careerSiteSource(config: CareerSiteConfig): SourceAdapter {
  const follow = config.follow.map((pattern) => new RegExp(pattern));
  const wanted = (url: string) => follow.length === 0 || follow.some((re) => re.test(url));

  const sitemap = (page: FetchedPage): PageResult => {
    const $ = page.xml();
    const locations = $('loc')
      .map((_, el) => $(el).text().trim())
      .get()
      .filter((loc) => URL.canParse(loc));
    if ($('sitemapindex').length > 0)
      return { enqueue: locations.map((url) => ({ url, label: 'sitemap', listing: { what: 'sitemap', hint: `listed in ${page.url}` } })) };
    // Thrown, so that a sitemap that is not one fails the crawl rather than reading as an empty site.
    if ($('urlset').length === 0) throw new Error('not a sitemap (no <urlset> or <sitemapindex>)');
    return { enqueue: locations.filter(wanted).map((url) => ({ url, label: 'page' })) };
  };

  const page = (fetched: FetchedPage): PageResult => {
    const $ = fetched.html();
    const found = extractJobPostings($);
    const problems = [...found.problems];
    // Selectors read posting pages: those matching `follow`, or every page when there is no `follow`.
    if (found.postings.length === 0 && config.selectors && wanted(fetched.request.url)) {
      const data = bySelectors($, config.selectors);
      if (data) found.postings.push(data);
    }
    const postings: NormalisedPosting[] = [];
    for (const data of found.postings) {
      const posting = normaliseJobPosting(data, {
        source: config.name,
        url: fetched.url,
        pageUrl: fetched.url,
        seenAt: fetched.seenAt,
        problems,
      });
      if (posting) postings.push(posting);
      else problems.push('JobPosting without a title or description');
    }
    const enqueue: SourceRequest[] = [];
    if (follow.length > 0) {
      const origin = new URL(fetched.url).origin;
      const seen = new Set<string>();
      $('a[href]').each((_, el) => {
        const href = $(el).attr('href') ?? '';
        let url: string;
        try {
          url = canonicalUrl(new URL(href, fetched.url).toString());
        } catch {
          return;
        }
        if (new URL(url).origin !== origin || seen.has(url) || !wanted(url)) return;
        seen.add(url);
        enqueue.push({ url, label: 'page' });
      });
    }
    return { postings: withDistinctIds(postings), problems, enqueue };
  };

  return {
    name: config.name,
    snapshot: true,
    startRequests: () => [
      ...config.startUrls.map((url) => ({
        url,
        label: 'page',
        listing: { what: 'start page', hint: 'check source.startUrls in the job file' },
      })),
      ...config.sitemapUrls.map((url) => ({
        url,
        label: 'sitemap',
        listing: { what: 'sitemap', hint: 'check source.sitemapUrls in the job file' },
      })),
    ],
    handle: (fetched) => (fetched.request.label === 'sitemap' ? sitemap(fetched) : page(fetched)),
  };
}

/** Labels pages put before a field's value ("Location:", "Posted on:"), removed from what a selector reads. */
const FIELD_LABEL =
  /^(job\s+)?(title|position|role|company|employer|organi[sz]ation|hiring\s+company|location|locations|where|city|office|based\s+in|date\s+posted|posted(\s+on)?|published(\s+on)?|date)\s*[:：]\s*/i;

/** A selected element's text: label stripped, whitespace collapsed, entities decoded; undefined when empty. */
export function selectedText(raw: string | undefined | null): string | undefined {
  return (
    cleanText(raw ?? '')
      .replace(FIELD_LABEL, '')
      .trim() || undefined
  );
}

/** A posting read with the job's CSS selectors; null when the page has no title or description. */
function bySelectors($: CheerioAPI, selectors: PostingSelectors): JobPostingData | null {
  const first = (selector: string | undefined) => (selector ? $(selector).first() : null);
  const title = selectedText(first(selectors.title)?.text());
  const description = first(selectors.description)?.html()?.trim();
  if (!title || !description || htmlToText(description).text === '') return null;
  const date = first(selectors.datePosted);
  return {
    '@type': 'JobPosting',
    title,
    description,
    hiringOrganization: selectedText(first(selectors.company)?.text()),
    jobLocation: selectedText(first(selectors.location)?.text()),
    datePosted: date?.attr('datetime') ?? selectedText(date?.text()),
  };
}
