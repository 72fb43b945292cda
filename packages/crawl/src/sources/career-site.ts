import { decodeEntities, htmlToText, type NormalisedPosting } from '@skillpulse/core';
import type { CheerioAPI } from 'cheerio';
import type { FetchedPage, PageResult, SourceAdapter, SourceRequest } from '../engine.js';
import { extractJobPostings, type JobPostingData } from '../jobposting.js';
import { canonicalUrl, normaliseJobPosting } from '../normalise.js';

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
    if ($('sitemapindex').length > 0) return { enqueue: locations.map((url) => ({ url, label: 'sitemap' })) };
    if ($('urlset').length === 0) return { problems: ['not a sitemap (no <urlset> or <sitemapindex>)'] };
    return { enqueue: locations.filter(wanted).map((url) => ({ url, label: 'page' })) };
  };

  const page = (fetched: FetchedPage): PageResult => {
    const $ = fetched.html();
    const found = extractJobPostings($);
    const problems = [...found.problems];
    if (found.postings.length === 0 && config.selectors && follow.some((re) => re.test(fetched.request.url))) {
      const data = bySelectors($, config.selectors);
      if (data) found.postings.push(data);
    }
    const postings: NormalisedPosting[] = [];
    for (const data of found.postings) {
      const posting = normaliseJobPosting(data, { source: config.name, url: fetched.url, seenAt: fetched.seenAt });
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
    return { postings, problems, enqueue };
  };

  return {
    name: config.name,
    snapshot: true,
    startRequests: () => [
      ...config.startUrls.map((url) => ({ url, label: 'page' })),
      ...config.sitemapUrls.map((url) => ({ url, label: 'sitemap' })),
    ],
    handle: (fetched) => (fetched.request.label === 'sitemap' ? sitemap(fetched) : page(fetched)),
  };
}

/** A posting read with the job's CSS selectors; null when the page has no title or description. */
function bySelectors($: CheerioAPI, selectors: PostingSelectors): JobPostingData | null {
  const first = (selector: string | undefined) => (selector ? $(selector).first() : null);
  const title = first(selectors.title)?.text().trim();
  const description = first(selectors.description)?.html()?.trim();
  if (!title || !description || htmlToText(description).text === '') return null;
  const date = first(selectors.datePosted);
  return {
    '@type': 'JobPosting',
    title: decodeEntities(title),
    description,
    hiringOrganization: first(selectors.company)?.text().trim() || undefined,
    jobLocation: first(selectors.location)?.text().trim() || undefined,
    datePosted: date?.attr('datetime') ?? date?.text().trim() ?? undefined,
  };
}
