import type { SourceAdapter } from '@skillpulse/crawl';
import { type TProperties, Type } from 'typebox';
import { Format } from 'typebox/format';
import type { JobProblem } from '../job-check.js';

/** What every `source:` section has once loaded: its `type` and its `name` (defaults applied). */
export interface SourceSection {
  type: string;
  name: string;
}

/** What a source's factory gets besides its section. */
export interface SourceContext {
  /** The job's request-queue folder, when the run has one: a source may keep state next to it. */
  queueDir?: string;
}

/** A source ready to crawl: its adapter, and what to stop when the run ends (a server it started). */
export interface OpenedSource {
  adapter: SourceAdapter;
  close?(): Promise<void>;
}

/**
 * One source type of the job files. The job-file schema of its `source:` section is `type` and
 * `name` (the same for every source, added by job-schema.ts) followed by `keys`; the loader checks
 * a section against it, then `section()` applies the defaults and `create()` builds the adapter for
 * a run. Register a descriptor in `src/sources.ts`.
 *
 * Methods (not function-valued properties) so that descriptors of different sections fit one list.
 */
export interface SourceDescriptor<S extends SourceSection = SourceSection> {
  /** The `type:` value of job files, e.g. `greenhouse`. */
  readonly type: S['type'];
  /** One sentence: what the source reads (the description of `type:` in docs/crawl-jobs.md). */
  readonly description: string;
  /** What `name:` defaults to, as docs/crawl-jobs.md says it (`the job id`, `` `hn` ``). */
  readonly nameDefault: string;
  /** The TypeBox schema of the section's other keys, in the order the reference lists them. */
  readonly keys: TProperties;
  /** Fetching loopback and private addresses is allowed unless the job says otherwise (default false). */
  readonly allowPrivateNetwork?: boolean;
  /**
   * The section with its defaults applied. `raw` passed the schema; a key written with no value is
   * null and means "not set" (see `optional`).
   */
  section(raw: Record<string, unknown>, jobId: string): S;
  /** Checks the schema cannot express, e.g. "at least one of two keys". */
  problems?(raw: Record<string, unknown>): JobProblem[];
  /** Builds the adapter for one run (and starts whatever it needs, closed by `close()`). */
  create(section: S, context: SourceContext): OpenedSource | Promise<OpenedSource>;
}

/** An optional value; YAML writes an empty value as null, which means "not set". */
export const optional = <T>(value: unknown): T | undefined => (value === null || value === undefined ? undefined : (value as T));

/** Every object of a job file rejects unknown keys. */
export const strict = { additionalProperties: false } as const;

/** `http-url`: an absolute http(s) URL; a `{board}` placeholder stands for the board name. */
export const HTTP_URL_FORMAT = 'skillpulse-http-url';
Format.Set(HTTP_URL_FORMAT, (value) => {
  const url = value.replaceAll('{board}', 'board');
  return URL.canParse(url) && /^https?:\/\//i.test(url);
});

/** A key holding an absolute http(s) URL. */
export const httpUrl = (description: string, example: string) =>
  Type.String({ minLength: 1, format: HTTP_URL_FORMAT, description, examples: [example] });
