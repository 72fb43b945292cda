import { join } from 'node:path';
import { FIRST_HIRING_MONTH, type HackerNewsConfig, HN_API_BASE, hackerNewsSource } from '@skillpulse/crawl';
import { Type } from 'typebox';
import { HTTP_URL_FORMAT, optional, type SourceDescriptor } from './descriptor.js';

export type HackerNewsSection = { type: 'hackernews' } & Omit<HackerNewsConfig, 'statePath' | 'now'>;

/** The month walk's progress file, in the job's queue folder (it outlives the queue). */
const HN_WALK_FILE = 'hackernews-walk.json';

const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

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
    from: Type.Optional(
      Type.String({
        pattern: MONTH_PATTERN,
        patternText: 'a month, YYYY-MM',
        defaultText: 'none: the latest `months` are read',
        description: `Walk every monthly thread from this month (YYYY-MM, ${FIRST_HIRING_MONTH} at the earliest) to \`to\`, instead of the latest \`months\`; resumable, finished months are not read again (see docs/crawling.md).`,
        examples: [FIRST_HIRING_MONTH],
      }),
    ),
    to: Type.Optional(
      Type.String({
        pattern: MONTH_PATTERN,
        patternText: 'a month, YYYY-MM',
        defaultText: 'this month',
        description: 'Last month of the `from` walk (YYYY-MM).',
        examples: ['2019-12'],
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
    from: optional(raw.from),
    to: optional(raw.to),
    apiBase: optional(raw.apiBase),
  }),
  problems(raw) {
    const from = optional<string>(raw.from);
    const to = optional<string>(raw.to);
    if (from === undefined) {
      return to === undefined
        ? []
        : [{ path: 'source.to', problem: `ends a month walk, which needs source.from (e.g. from: ${FIRST_HIRING_MONTH})` }];
    }
    const problems = [];
    if (optional(raw.threads) !== undefined || optional(raw.months) !== undefined)
      problems.push({
        path: 'source.from',
        problem: 'walks the months from `from` to `to`; remove source.months and source.threads, or remove source.from',
      });
    if (from < FIRST_HIRING_MONTH)
      problems.push({
        path: 'source.from',
        problem: `${from} is before the first monthly "Who is hiring?" thread; use ${FIRST_HIRING_MONTH} or later`,
      });
    if (to !== undefined && to < from)
      problems.push({ path: 'source.to', problem: `${to} is before source.from (${from}); use a month from ${from} on` });
    return problems;
  },
  create: (section, context) => ({
    adapter: hackerNewsSource({ ...section, statePath: context.queueDir ? join(context.queueDir, HN_WALK_FILE) : undefined }),
  }),
};
