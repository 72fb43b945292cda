import { once } from 'node:events';
import { resolveSkills, toFilter } from '@skillpulse/api';
import type { StoredPosting } from '@skillpulse/core';
import type { PostingFilter, SkillStore } from '@skillpulse/store';
import type { Taxonomy } from '@skillpulse/taxonomy';
import { UsageError } from './usage.js';

/**
 * The postings file of `export postings --format jsonl` and of `snapshot`: every stored posting that
 * matches the filters (near-duplicates included, with their link), one JSON object a line, as stored.
 * `skillpulse import --format jsonl` reads it back.
 */

/** The filter flags of both commands: the API's common filters, and --skills (postings asking for all of them). */
export const POSTING_FILTER_FLAGS = [
  'from',
  'to',
  'source',
  'company',
  'country',
  'remote',
  'seniority',
  'role',
  'city',
  'region',
  'metro',
  'skills',
] as const;

export const postingFilterOptions = () =>
  Object.fromEntries(POSTING_FILTER_FLAGS.map((name) => [name, { type: 'string' as const }])) as Record<
    (typeof POSTING_FILTER_FLAGS)[number],
    { type: 'string' }
  >;

/** The query as given (for the manifest) and the store filter it means; bad values name their flag. */
export function postingFilter(
  values: Record<string, unknown>,
  taxonomy: Taxonomy,
): { query: Record<string, string>; filter: PostingFilter } {
  const query: Record<string, string> = {};
  for (const name of POSTING_FILTER_FLAGS) if (typeof values[name] === 'string') query[name] = values[name] as string;
  if (query.remote && !['remote', 'hybrid', 'onsite', 'unknown'].includes(query.remote)) {
    throw new UsageError(`--remote must be one of: remote, hybrid, onsite, unknown (got "${query.remote}")`);
  }
  try {
    const filter: PostingFilter = toFilter(query, taxonomy);
    for (const key of ['role', 'city', 'region', 'metro'] as const) if (query[key]) (filter as Record<string, unknown>)[key] = query[key];
    if (query.skills) filter.hasSkills = resolveSkills(query.skills, taxonomy, 10).map((s) => s.id);
    return { query, filter };
  } catch (error) {
    // The API's messages start with the parameter's name: name the flag instead.
    throw new UsageError((error as Error).message.replace(/^(\w+):/, '--$1:'));
  }
}

/** Writes each posting as one JSON line, waiting when the stream is full; returns how many. */
export async function writePostingLines(
  postings: AsyncIterable<StoredPosting>,
  out: NodeJS.WritableStream,
  onPosting?: (posting: StoredPosting) => void,
): Promise<number> {
  let n = 0;
  let buffer = '';
  for await (const posting of postings) {
    onPosting?.(posting);
    buffer += `${JSON.stringify(posting)}\n`;
    n++;
    if (buffer.length > 64 * 1024) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  if (buffer !== '' && !out.write(buffer)) await once(out, 'drain');
  return n;
}

/** The postings of the store that match the filter, streamed. */
export const matchingPostings = (store: SkillStore, filter: PostingFilter) => store.iteratePostings(filter);
