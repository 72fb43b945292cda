import { ConfigError } from '@skillpulse/core';
import { sampleBoardSource } from '@skillpulse/sample-board';
import { atsSources } from './sources/ats.js';
import { careerSite } from './sources/career-site.js';
import type { OpenedSource, SourceContext, SourceDescriptor } from './sources/descriptor.js';
import { feed } from './sources/feed.js';
import { hackerNews } from './sources/hackernews.js';

export type { OpenedSource, SourceContext, SourceDescriptor, SourceSection } from './sources/descriptor.js';

/**
 * Every source type of the job files, in the order the reference and error messages list them.
 * A new source is one descriptor file (see `sources/descriptor.ts`) and one line here.
 */
export const SOURCES = [sampleBoardSource, careerSite, ...atsSources, hackerNews, feed] as const satisfies readonly SourceDescriptor[];

/** A `source:` section once loaded: one of the sections the registered sources define. */
export type JobSource = ReturnType<(typeof SOURCES)[number]['section']>;

/** The `type:` values of job files. */
export type SourceType = JobSource['type'];

/** The descriptor of a source type, or undefined for a type nobody registered. */
export function sourceDescriptor(type: unknown): SourceDescriptor | undefined {
  return (SOURCES as readonly SourceDescriptor[]).find((descriptor) => descriptor.type === type);
}

/** Builds the adapter for a run of a loaded `source:` section, starting what it needs. */
export async function openSource(source: JobSource, context: SourceContext): Promise<OpenedSource> {
  const descriptor = sourceDescriptor(source.type);
  if (!descriptor)
    throw new ConfigError(
      `source.type: "${source.type}" is not a registered source type; use one of: ${SOURCES.map((d) => d.type).join(', ')}`,
      { code: 'SKILLPULSE_ERR_JOB_INVALID' },
    );
  return descriptor.create(source, context);
}
