import { ATS_API_BASES, ATS_KINDS, type AtsKind, DEFAULT_LIMITS, HN_API_BASE } from '@skillpulse/crawl';
import { type TObject, type TProperties, type TSchema, Type } from 'typebox';
import { Format } from 'typebox/format';

/**
 * The one schema of a crawl job file (`pipelines/jobs/*.yaml`). Every object rejects unknown keys;
 * every key has a description and an example, and a default or `defaultText` when it is optional.
 * docs/crawl-jobs.md is generated from it (`npm run docs:jobs`), so the reference cannot drift.
 * Checks a schema cannot express (cron syntax, time zone, http(s) URLs, regular expressions) are
 * in job.ts.
 */

export const DEFAULT_USER_AGENT = 'SkillPulseBot/0.1 (+https://github.com/skillpulse/skillpulse)';

/** Defaults the job loader applies; the schema documents the same values. */
export const JOB_DEFAULTS = {
  description: '',
  enabled: true,
  timezone: 'UTC',
  catchUp: true,
  userAgent: DEFAULT_USER_AGENT,
  respectRobotsTxt: true,
  maxExpiredShare: 0.5,
  months: 1,
} as const;

export const SOURCE_TYPES = ['sample-board', 'career-site', ...ATS_KINDS, 'hackernews', 'feed'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

const strict = { additionalProperties: false } as const;

/** `http-url`: an absolute http(s) URL; a `{board}` placeholder stands for the board name. */
export const HTTP_URL_FORMAT = 'skillpulse-http-url';
Format.Set(HTTP_URL_FORMAT, (value) => {
  const url = value.replaceAll('{board}', 'board');
  return URL.canParse(url) && /^https?:\/\//i.test(url);
});

const httpUrl = (description: string, example: string) =>
  Type.String({ minLength: 1, format: HTTP_URL_FORMAT, description, examples: [example] });

const sourceName = (defaultText: string) =>
  Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'Source name: the first part of every posting id and the `source` filter of the API. Changing it makes every posting new.',
      defaultText,
      examples: ['acme-careers'],
    }),
  );

const typeKey = (type: SourceType, description: string) => Type.Literal(type, { description, examples: [type] });

const SampleBoardSource = Type.Object(
  {
    type: typeKey('sample-board', 'The bundled synthetic job board, started on loopback for the run (demos and tests).'),
    name: sourceName('the job id'),
  },
  { ...strict, title: 'sample-board' },
);

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

const CareerSiteSource = Type.Object(
  {
    type: typeKey(
      'career-site',
      'A company career site: start pages and/or sitemaps, schema.org JobPosting (JSON-LD, microdata, RDFa) or `selectors`.',
    ),
    name: sourceName('the job id'),
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
  { ...strict, title: 'career-site' },
);

const ATS_URLS: Record<AtsKind, string> = {
  greenhouse: 'https://boards.greenhouse.io/acme',
  lever: 'https://jobs.lever.co/acme',
  ashby: 'https://jobs.ashbyhq.com/acme',
  workable: 'https://apply.workable.com/acme',
  smartrecruiters: 'https://jobs.smartrecruiters.com/Acme',
  recruitee: 'https://acme.recruitee.com',
};

/** ATS whose API gives no company name: set `company:` or the postings have none. */
export const ATS_WITHOUT_COMPANY: readonly AtsKind[] = ['lever', 'ashby'];

const ATS_NAMES: Record<AtsKind, string> = {
  greenhouse: 'A Greenhouse',
  lever: 'A Lever',
  ashby: 'An Ashby',
  workable: 'A Workable',
  smartrecruiters: 'A SmartRecruiters',
  recruitee: 'A Recruitee',
};

const atsSource = (kind: AtsKind) =>
  Type.Object(
    {
      type: typeKey(kind, `${ATS_NAMES[kind]} job board, read through its public JSON API.`),
      name: sourceName(`\`${kind}-<board>\``),
      board: Type.String({
        minLength: 1,
        maxLength: 200,
        description: `The board name, as in the board's public URL (${ATS_URLS[kind]} → \`${kind === 'smartrecruiters' ? 'Acme' : 'acme'}\`).`,
        examples: [kind === 'smartrecruiters' ? 'Acme' : 'acme'],
      }),
      company: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 200,
          description: ATS_WITHOUT_COMPANY.includes(kind)
            ? `Company name of every posting. **Needed for ${kind}**: its API gives no company name, so without it the postings have none.`
            : `Company name for postings whose API record gives none (${kind} usually gives one).`,
          defaultText: 'none',
          examples: ['Acme'],
        }),
      ),
      apiBase: Type.Optional(
        Type.String({
          minLength: 1,
          format: HTTP_URL_FORMAT,
          description:
            kind === 'recruitee'
              ? 'API host; `{board}` is replaced by the board name (Recruitee serves each board on its own host). Set it for a mirror or a local copy.'
              : 'API host, for a mirror or a local copy of the API; `{board}` in it is replaced by the board name.',
          default: ATS_API_BASES[kind],
          examples: [kind === 'recruitee' ? 'https://{board}.recruitee.com' : 'http://127.0.0.1:8080'],
        }),
      ),
    },
    { ...strict, title: kind },
  );

const HackerNewsSource = Type.Object(
  {
    type: typeKey('hackernews', '"Ask HN: Who is hiring?" threads through the Hacker News API; each top-level comment is a posting.'),
    name: sourceName('`hn`'),
    months: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 240,
        default: JOB_DEFAULTS.months,
        description: 'How many of the latest monthly threads to read (raise it once for a backfill).',
        examples: [12],
      }),
    ),
    threads: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, description: 'A Hacker News item id.', examples: [45438503] }), {
        default: [],
        description: 'Explicit thread ids to read instead of the latest `months`.',
        examples: [[45438503]],
      }),
    ),
    apiBase: Type.Optional(
      Type.String({
        minLength: 1,
        format: HTTP_URL_FORMAT,
        default: HN_API_BASE,
        description: 'API base URL, for a mirror or a local copy.',
        examples: ['http://127.0.0.1:8080/v0'],
      }),
    ),
  },
  { ...strict, title: 'hackernews' },
);

const FeedSource = Type.Object(
  {
    type: typeKey('feed', 'RSS 2.0, Atom or JSON Feed job feeds.'),
    name: sourceName('the job id'),
    urls: Type.Array(httpUrl('A feed URL.', 'https://example.teamtailor.com/jobs.rss'), {
      minItems: 1,
      description: 'The feeds to read (at least one).',
      examples: [['https://example.teamtailor.com/jobs.rss']],
    }),
    company: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Company name of every item (for a single company\'s feed). Without it, "Company: Role" titles or the item author give the company.',
        defaultText: 'from each item',
        examples: ['Acme'],
      }),
    ),
  },
  { ...strict, title: 'feed' },
);

/** One schema per source type, keyed by `type`. */
export const SOURCE_SCHEMAS: Record<SourceType, TObject> = {
  'sample-board': SampleBoardSource,
  'career-site': CareerSiteSource,
  ...(Object.fromEntries(ATS_KINDS.map((kind) => [kind, atsSource(kind)])) as unknown as Record<AtsKind, TObject>),
  hackernews: HackerNewsSource,
  feed: FeedSource,
};

const limit = (key: keyof typeof DEFAULT_LIMITS, minimum: number, maximum: number, description: string, example: number) =>
  Type.Optional(Type.Integer({ minimum, maximum, default: DEFAULT_LIMITS[key], description, examples: [example] }));

const Limits = Type.Object(
  {
    maxPages: limit('maxPages', 1, 1_000_000, 'Most pages (requests) one run fetches.', 500),
    maxRequestsPerMinute: limit(
      'maxRequestsPerMinute',
      1,
      60_000,
      'Requests per minute to each host (requests to one host are evenly spaced).',
      60,
    ),
    maxConcurrency: limit('maxConcurrency', 1, 64, 'Requests in flight at once.', 4),
    requestTimeoutSecs: limit('requestTimeoutSecs', 1, 600, 'Seconds before a request is given up (and retried).', 30),
    maxPageBytes: limit('maxPageBytes', 1024, 1_073_741_824, 'Pages larger than this many bytes are skipped and reported.', 2_000_000),
    maxRetries: limit('maxRetries', 0, 10, 'Retries of a failed request (408, 425, 429, 5xx, network errors); 0 = no retries.', 0),
    retryBaseMs: limit(
      'retryBaseMs',
      1,
      600_000,
      "Milliseconds before the first retry, doubling each time, unless the server's Retry-After says otherwise.",
      2000,
    ),
  },
  { ...strict, description: 'How much and how fast a run may fetch.', examples: [{ maxPages: 500, maxRequestsPerMinute: 60 }] },
);

const Options = Type.Object(
  {
    userAgent: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        default: DEFAULT_USER_AGENT,
        description: 'User-Agent header of every request; keep a contact URL in it.',
        examples: ['AcmeResearchBot/1.0 (+https://acme.example/bot)'],
      }),
    ),
    respectRobotsTxt: Type.Optional(
      Type.Boolean({
        default: JOB_DEFAULTS.respectRobotsTxt,
        description: 'Obey robots.txt (turn off only for sites you own).',
        examples: [true],
      }),
    ),
    allowPrivateNetwork: Type.Optional(
      Type.Boolean({
        description:
          'Allow fetching loopback and private addresses (a local mirror or test server). Off, such a URL — or a redirect to one — fails the run.',
        defaultText: '`true` for `sample-board`, else `false`',
        examples: [true],
      }),
    ),
    maxExpiredShare: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        default: JOB_DEFAULTS.maxExpiredShare,
        description:
          "A run that would expire more than this share of the source's live postings expires none and is marked suspicious; the next complete run decides.",
        examples: [0.8],
      }),
    ),
  },
  { ...strict, description: 'How the crawler behaves.', examples: [{ respectRobotsTxt: true }] },
);

/** The top-level keys; `source` is one of SOURCE_SCHEMAS, chosen by its `type`. */
function topLevel(source: TSchema): TProperties {
  return {
    id: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]*$',
        maxLength: 64,
        patternText: 'lower-case letters, digits and dashes (starting with a letter or digit)',
        description: 'Job id, used by `skillpulse jobs run <id>` and in run history. Unique in the jobs directory.',
        defaultText: 'the file name without `.yaml`',
        examples: ['acme'],
      }),
    ),
    description: Type.Optional(
      Type.String({
        default: JOB_DEFAULTS.description,
        description: 'Free text shown by `skillpulse jobs list` and `GET /api/jobs`.',
        examples: ['Acme on Greenhouse'],
      }),
    ),
    enabled: Type.Optional(
      Type.Boolean({
        default: JOB_DEFAULTS.enabled,
        description: 'Run the job on its schedule (`skillpulse jobs run` runs a disabled job too).',
        examples: [false],
      }),
    ),
    schedule: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Cron expression (5 fields, or 6 with seconds first), in quotes.',
        defaultText: 'none: the job runs only when started by hand',
        examples: ['0 5 * * *'],
      }),
    ),
    timezone: Type.Optional(
      Type.String({
        minLength: 1,
        default: JOB_DEFAULTS.timezone,
        description: 'IANA time zone of `schedule`.',
        examples: ['Europe/Berlin'],
      }),
    ),
    catchUp: Type.Optional(
      Type.Boolean({
        default: JOB_DEFAULTS.catchUp,
        description: 'At start, run the job once if its last run is older than one schedule period.',
        examples: [false],
      }),
    ),
    source,
    limits: Type.Optional(Limits),
    options: Type.Optional(Options),
  };
}

/** A job file: the top-level keys with `source` as a union discriminated on `type`. */
export const JobFileSchema = Type.Object(topLevel(Type.Union(SOURCE_TYPES.map((type) => SOURCE_SCHEMAS[type]))), {
  ...strict,
  title: 'SkillPulse crawl job file',
});

/** The top level with `source` left open: validated on its own, then `source` by its type. */
export const JobFileShellSchema = Type.Object(
  topLevel(
    Type.Unknown({
      description: 'What to crawl: `type` and the keys of that source type.',
      examples: [{ type: 'greenhouse', board: 'acme' }],
    }),
  ),
  strict,
);
