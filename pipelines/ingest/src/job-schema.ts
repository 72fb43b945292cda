import { DEFAULT_LIMITS } from '@skillpulse/crawl';
import { type TObject, type TProperties, type TSchema, Type } from 'typebox';
import { type SourceDescriptor, strict } from './sources/descriptor.js';
import { HN_DEFAULT_MONTHS } from './sources/hackernews.js';
import { SOURCES, type SourceType } from './sources.js';

/**
 * The one schema of a crawl job file (`pipelines/jobs/*.yaml`). Every object rejects unknown keys;
 * every key has a description and an example, and a default or `defaultText` when it is optional.
 * docs/crawl-jobs.md is generated from it (`npm run docs:jobs`), so the reference cannot drift.
 * The `source:` section is one schema per registered source (src/sources.ts): `type` and `name`
 * here, the rest from the source's descriptor. Checks a schema cannot express (cron syntax, time
 * zone, a source's own checks) are in job.ts.
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
  months: HN_DEFAULT_MONTHS,
} as const;

/** The `type:` values of job files, from the source registry (src/sources.ts), in its order. */
export const SOURCE_TYPES: readonly SourceType[] = SOURCES.map((source) => source.type);
export { ATS_WITHOUT_COMPANY } from './sources/ats.js';
export { HTTP_URL_FORMAT } from './sources/descriptor.js';
export type { SourceType } from './sources.js';

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

/** The schema of a source's `source:` section: `type` and `name`, which every source has, then its own keys. */
function sourceSchema(source: SourceDescriptor): TObject {
  return Type.Object(
    {
      type: Type.Literal(source.type, { description: source.description, examples: [source.type] }),
      name: sourceName(source.nameDefault),
      ...source.keys,
    },
    { ...strict, title: source.type },
  );
}

/** One schema per source type, keyed by `type`. */
export const SOURCE_SCHEMAS = Object.fromEntries(SOURCES.map((source) => [source.type, sourceSchema(source)])) as Record<
  SourceType,
  TObject
>;

/** The source types whose jobs may fetch private addresses unless they say otherwise. */
const PRIVATE_BY_DEFAULT = SOURCES.filter((source: SourceDescriptor) => source.allowPrivateNetwork === true).map((source) => source.type);

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
        defaultText: `${PRIVATE_BY_DEFAULT.map((type) => `\`true\` for \`${type}\``).join(', ')}, else \`false\``,
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
