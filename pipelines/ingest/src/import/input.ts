import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InvalidInputError } from '@skillpulse/core';
import { parseLenientJson } from '@skillpulse/crawl';
import { csvRecords, headerKeys } from './csv.js';
import {
  type CsvMapping,
  type CurrentVersions,
  csvPosting,
  type ImportItem,
  jobPostingsIn,
  jobspyPosting,
  jsonldPosting,
  jsonlItem,
  RowError,
} from './formats.js';
import { verifySnapshot } from './snapshot.js';

export const IMPORT_FORMATS = ['jsonl', 'csv', 'jobspy', 'jsonld', 'snapshot'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What was read, for the run record: counted and hashed as it streams by. */
export interface InputStats {
  /** The file or folder name as given (`-` for standard input). */
  name: string;
  /** Bytes read so far. */
  bytes: number;
  /** Total bytes when known up front (a file or folder), else null (standard input). */
  size: number | null;
  /** SHA-256 of every byte read (a folder: of its files in name order), once reading ended. */
  sha256: string | null;
}

export interface ImportInput {
  stats: InputStats;
  items: AsyncIterable<ImportItem>;
}

export interface InputOptions {
  format: ImportFormat;
  /** A path, or `-` with `stdin`. */
  path: string;
  stdin?: NodeJS.ReadableStream;
  /** The postings' source (`import:<name>`) for the formats that do not carry one. */
  source: string;
  versions: CurrentVersions;
  mapping?: CsvMapping;
  /** Date the import runs: the fallback when a row has no date. */
  seenAt: string;
}

/** Byte chunks of a stream, counted and hashed into `stats` on the way. */
async function* counted(stream: AsyncIterable<Buffer | string>, stats: InputStats, hash: ReturnType<typeof createHash>) {
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    stats.bytes += bytes.length;
    hash.update(bytes);
    yield bytes;
  }
}

async function* decoded(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Opens what `skillpulse import` reads: its rows as postings or rejections, streaming. */
export async function openImport(options: InputOptions): Promise<ImportInput> {
  const stats: InputStats = { name: options.path, bytes: 0, size: null, sha256: null };
  if (options.format === 'jsonld') return { stats, items: jsonldItems(options, stats) };
  if (options.format === 'snapshot') {
    const manifest = await verifySnapshot(options.path);
    stats.size = manifest.files['postings.jsonl.gz']?.bytes ?? null;
    stats.name = join(options.path, 'postings.jsonl.gz');
    const file = createReadStream(stats.name);
    const hash = createHash('sha256');
    const unzipped = Readable.from(counted(file, stats, hash)).pipe(createGunzip()) as AsyncIterable<Buffer>;
    return { stats, items: finishing(jsonlItems(linesOf(decoded(unzipped)), options), stats, hash) };
  }
  let source: AsyncIterable<Buffer | string>;
  if (options.path === '-') {
    if (!options.stdin) throw new Error('no standard input to read');
    source = options.stdin as AsyncIterable<Buffer | string>;
  } else {
    const found = await stat(options.path);
    if (found.isDirectory()) {
      throw new ImportFileError(
        `${options.path} is a folder: --format ${options.format} reads one file (folders: --format jsonld or snapshot)`,
      );
    }
    stats.size = found.size;
    source = createReadStream(options.path);
  }
  const hash = createHash('sha256');
  const bytes = counted(source, stats, hash);
  if (options.format === 'jsonl') {
    return { stats, items: finishing(jsonlItems(linesOf(decoded(bytes)), options), stats, hash) };
  }
  return { stats, items: finishing(csvItems(decoded(bytes), options), stats, hash) };
}

/**
 * Lines of a text stream, pulled as they are read. (readline's interface reads ahead from the moment it
 * is created and loses the lines read before the loop starts: the store opens in between.)
 */
async function* linesOf(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    rest += chunk;
    let start = 0;
    for (let at = rest.indexOf('\n'); at >= 0; at = rest.indexOf('\n', start)) {
      yield rest.slice(start, at).replace(/\r$/, '');
      start = at + 1;
    }
    rest = rest.slice(start);
  }
  if (rest !== '') yield rest.replace(/\r$/, '');
}

/** Sets the hash once every item was read. */
async function* finishing(items: AsyncIterable<ImportItem>, stats: InputStats, hash: ReturnType<typeof createHash>) {
  yield* items;
  stats.sha256 = hash.digest('hex');
}

async function* jsonlItems(lines: AsyncIterable<string>, options: InputOptions): AsyncGenerator<ImportItem> {
  let n = 0;
  let postings = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    postings++;
    yield jsonlItem(line, `line ${n}`, options.versions);
  }
  // As an empty CSV: a file without a line is no import (a snapshot of an empty query may be).
  if (postings === 0 && options.format === 'jsonl') {
    throw new ImportFileError(`${options.path}: the file is empty (JSONL has one posting per line, as skillpulse export postings writes)`);
  }
}

async function* csvItems(chunks: AsyncIterable<string>, options: InputOptions): AsyncGenerator<ImportItem> {
  let header: string[] | null = null;
  const mapping = options.mapping ?? { columns: {}, delimiter: ',', locationSeparator: ';|' };
  for await (const record of csvRecords(chunks, mapping.delimiter)) {
    if (header === null) {
      header = headerKeys(record.fields);
      const need = options.format === 'jobspy' ? ['title'] : [mapping.columns.title ?? 'title'];
      const missing = need.filter((c) => !header?.includes(c.trim().toLowerCase()));
      const urlColumns = options.format === 'jobspy' ? ['job_url', 'job_url_direct'] : [mapping.columns.url ?? 'url'];
      if (!urlColumns.some((c) => header?.includes(c.trim().toLowerCase()))) missing.push(urlColumns.join(' or '));
      // Every row needs a text: without its column every row would be rejected, one by one.
      const textColumns =
        options.format === 'jobspy'
          ? ['description']
          : [mapping.columns.description ?? 'description', mapping.columns.description_html ?? 'description_html'];
      if (!textColumns.some((c) => header?.includes(c.trim().toLowerCase()))) missing.push(textColumns.join(' or '));
      if (missing.length > 0) {
        // One column holding another delimiter: the file is most likely split by that one.
        const other =
          options.format === 'csv' && record.fields.length === 1
            ? [',', ';', '\t', '|'].find((d) => d !== mapping.delimiter && record.fields[0]?.includes(d))
            : undefined;
        const hint = other
          ? ` (one column: is the file split by ${JSON.stringify(other)}? give --delimiter "${other === '\t' ? '\\t' : other}")`
          : '';
        throw new ImportFileError(
          `${options.path}: the header (line ${record.line}) has no column ${missing.map((c) => `"${c}"`).join(', ')}; found ${shown(record.fields)}${hint}${options.format === 'csv' ? ' (map columns with --column FIELD=COLUMN or --map FILE.yaml)' : ''}`,
        );
      }
      continue;
    }
    const at = `line ${record.line}`;
    if (record.fields.length !== header.length) {
      yield { at, error: `${record.fields.length} fields where the header has ${header.length}` };
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = record.fields[i] as string;
    });
    try {
      const posting =
        options.format === 'jobspy'
          ? jobspyPosting(row, options.source, options.seenAt)
          : csvPosting(row, mapping, options.source, options.seenAt);
      yield { at, posting };
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      yield { at, error: error.message };
    }
  }
  if (header === null) throw new ImportFileError(`${options.path}: the file is empty (a CSV needs a header line)`);
}

/** A header's fields as a message shows them: quoted and escaped, long ones cut (a binary file has no header). */
function shown(fields: string[]): string {
  const cut = (f: string) => JSON.stringify(f.length > 60 ? `${f.slice(0, 60)}…` : f);
  return `${fields.slice(0, 30).map(cut).join(', ')}${fields.length > 30 ? `, … (${fields.length} fields)` : ''}`;
}

/** Every file under a folder (or the file itself), in name order. */
async function filesUnder(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(json|jsonld)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function* jsonldItems(options: InputOptions, stats: InputStats): AsyncGenerator<ImportItem> {
  const files = await filesUnder(options.path);
  if (files.length === 0) throw new ImportFileError(`${options.path}: no .json or .jsonld file in the folder`);
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  stats.size = sizes.reduce((a, b) => a + b, 0);
  const hash = createHash('sha256');
  const root = (await stat(options.path)).isDirectory() ? options.path : join(options.path, '..');
  for (const file of files) {
    const bytes = await readFile(file);
    stats.bytes += bytes.length;
    hash.update(`${relative(root, file)}\n`).update(bytes);
    const name = relative(root, file) || basename(file);
    let postings: ReturnType<typeof jobPostingsIn>;
    try {
      postings = jobPostingsIn(parseLenientJson(bytes.toString('utf8')));
    } catch (error) {
      yield { at: name, error: `not JSON: ${(error as Error).message}` };
      continue;
    }
    if (postings.length === 0) yield { at: name, error: 'no schema.org JobPosting in the file' };
    for (const [i, data] of postings.entries()) {
      const at = postings.length > 1 ? `${name}#${i + 1}` : name;
      try {
        yield { at, posting: jsonldPosting(data, options.source, options.seenAt) };
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        yield { at, error: error.message };
      }
    }
  }
  stats.sha256 = hash.digest('hex');
}

/** A file that cannot be imported at all (no header, an empty folder, a tampered snapshot). */
export class ImportFileError extends InvalidInputError {}
