import { type HackerNewsConfig, HN_API_BASE, hackerNewsSource } from '@skillpulse/crawl';
import { Type } from 'typebox';
import { HTTP_URL_FORMAT, optional, type SourceDescriptor } from './descriptor.js';

export type HackerNewsSection = { type: 'hackernews' } & HackerNewsConfig;

/** How many of the latest monthly threads a job reads when it does not say. */
export const HN_DEFAULT_MONTHS = 1;

/** "Ask HN: Who is hiring?" threads: each top-level comment is a posting. */
export const hackerNews: SourceDescriptor<HackerNewsSection> = {
  type: 'hackernews',
  description: '"Ask HN: Who is hiring?" threads through the Hacker News API; each top-level comment is a posting.',
  nameDefault: '`hn`',
  keys: {
    months: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 240,
        default: HN_DEFAULT_MONTHS,
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
  section: (raw) => ({
    type: 'hackernews',
    name: optional<string>(raw.name) ?? 'hn',
    months: optional<number>(raw.months) ?? HN_DEFAULT_MONTHS,
    threads: optional<number[]>(raw.threads) ?? [],
    apiBase: optional(raw.apiBase),
  }),
  create: (section) => ({ adapter: hackerNewsSource(section) }),
};
