import { type FeedConfig, feedSource } from '@skillpulse/crawl';
import { Type } from 'typebox';
import { httpUrl, optional, type SourceDescriptor } from './descriptor.js';

export type FeedSection = { type: 'feed' } & FeedConfig;

/** RSS 2.0, Atom or JSON Feed job feeds. */
export const feed: SourceDescriptor<FeedSection> = {
  type: 'feed',
  description: 'RSS 2.0, Atom or JSON Feed job feeds.',
  nameDefault: 'the job id',
  keys: {
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
  section: (raw, jobId) => ({
    type: 'feed',
    name: optional<string>(raw.name) ?? jobId,
    urls: raw.urls as string[],
    company: optional(raw.company),
  }),
  create: (section) => ({ adapter: feedSource(section) }),
};
