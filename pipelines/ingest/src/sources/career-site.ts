import { type CareerSiteConfig, careerSiteSource, type PostingSelectors } from '@skillpulse/crawl';
import { Type } from 'typebox';
import { httpUrl, optional, type SourceDescriptor, strict } from './descriptor.js';

export type CareerSiteSection = { type: 'career-site' } & CareerSiteConfig;

const Selectors = Type.Object(
  {
    title: Type.String({
      minLength: 1,
      description: 'CSS selector of the job title (the first match is used).',
      examples: ['h1.job-title'],
    }),
    description: Type.String({
      minLength: 1,
      description: 'CSS selector of the job description (its HTML is kept).',
      examples: ['.job-description'],
    }),
    company: Type.Optional(Type.String({ minLength: 1, description: 'CSS selector of the company name.', examples: ['.company-name'] })),
    location: Type.Optional(Type.String({ minLength: 1, description: 'CSS selector of the location.', examples: ['.job-location'] })),
    datePosted: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'CSS selector of the posting date (its `datetime` attribute, else its text).',
        examples: ['time.posted'],
      }),
    ),
  },
  {
    ...strict,
    description:
      'CSS selectors for pages without schema.org JobPosting markup. They are tried on every page that has no JobPosting and whose URL matches `follow` — with no `follow`, on every page, start pages included. A page where `title` or `description` matches nothing gives no posting.',
    examples: [{ title: 'h1.job-title', description: '.job-description' }],
  },
);

/** A company career site: start pages and/or sitemaps, read for schema.org JobPostings or `selectors`. */
export const careerSite: SourceDescriptor<CareerSiteSection> = {
  type: 'career-site',
  description: 'A company career site: start pages and/or sitemaps, schema.org JobPosting (JSON-LD, microdata, RDFa) or `selectors`.',
  nameDefault: 'the job id',
  keys: {
    startUrls: Type.Optional(
      Type.Array(httpUrl('A page to start from (a listing, or a posting).', 'https://careers.example.com/jobs'), {
        default: [],
        description: 'Pages to start from. At least one of `startUrls` and `sitemapUrls` is needed.',
        examples: [['https://careers.example.com/jobs']],
      }),
    ),
    sitemapUrls: Type.Optional(
      Type.Array(httpUrl('A sitemap or sitemap index.', 'https://careers.example.com/sitemap.xml'), {
        default: [],
        description: 'Sitemaps (or sitemap indexes) whose entries are read as pages; with `follow`, only entries matching it.',
        examples: [['https://careers.example.com/sitemap.xml']],
      }),
    ),
    follow: Type.Optional(
      Type.Array(
        Type.String({
          minLength: 1,
          format: 'regex',
          description: 'A regular expression (JavaScript syntax) matched against the whole URL.',
          examples: ['^https://careers\\.example\\.com/jobs/'],
        }),
        {
          default: [],
          description:
            'Regular expressions naming the posting pages: links on the same origin whose URL matches one are followed, sitemap entries are kept only when they match, and `selectors` apply only to matching pages. Empty: no links are followed.',
          examples: [['^https://careers\\.example\\.com/jobs/']],
        },
      ),
    ),
    selectors: Type.Optional(Selectors),
  },
  section(raw, jobId) {
    const selectors = optional<PostingSelectors>(raw.selectors);
    return {
      type: 'career-site',
      name: optional<string>(raw.name) ?? jobId,
      startUrls: optional<string[]>(raw.startUrls) ?? [],
      sitemapUrls: optional<string[]>(raw.sitemapUrls) ?? [],
      follow: optional<string[]>(raw.follow) ?? [],
      selectors: selectors && (Object.fromEntries(Object.entries(selectors).filter(([, v]) => v !== null)) as unknown as PostingSelectors),
    };
  },
  problems(raw) {
    const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
    return count(raw.startUrls) + count(raw.sitemapUrls) === 0
      ? [{ path: 'source', problem: 'needs source.startUrls or source.sitemapUrls (at least one http(s) URL to start from)' }]
      : [];
  },
  create: (section) => ({ adapter: careerSiteSource(section) }),
};
