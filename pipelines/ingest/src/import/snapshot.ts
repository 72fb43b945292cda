import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { InvalidInputError } from '@skillpulse/core';

/** The files of a snapshot folder (`skillpulse snapshot DIR`), manifest.json aside. */
export const SNAPSHOT_FILES = ['postings.jsonl.gz', 'skills_by_month.csv', 'METHODOLOGY.md'] as const;

/** manifest.json of a snapshot: the versions that made it, the query, the counts and every file's SHA-256. */
export interface SnapshotManifest {
  format: 'skillpulse-snapshot';
  formatVersion: 1;
  createdAt: string;
  versions: { skillpulse: string; taxonomy: string; extractor: string; roles: string | null; places: string | null };
  /** The filters the snapshot was taken with (those of `export postings`). */
  query: Record<string, string>;
  /** The store's data version when the snapshot was taken. */
  dataVersion: string;
  rows: { postings: number; uniquePostings: number; skillsByMonth: number };
  files: Record<string, { bytes: number; sha256: string }>;
}

/** SHA-256 and size of a file, streamed. */
export async function fileDigest(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    bytes += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Reads a snapshot's manifest and checks every file it lists against its SHA-256, before anything is
 * loaded. Throws naming the file that is missing or differs.
 */
export async function verifySnapshot(dir: string): Promise<SnapshotManifest> {
  const manifestPath = join(dir, 'manifest.json');
  if ((await stat(dir).catch(() => null))?.isFile()) {
    throw new InvalidInputError(`${dir} is a file: --format snapshot reads the folder skillpulse snapshot wrote (with its manifest.json)`);
  }
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as SnapshotManifest;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `is not JSON (${(error as Error).message})`;
    throw new InvalidInputError(`${manifestPath} ${why}: a snapshot folder holds the manifest.json that skillpulse snapshot wrote`);
  }
  if (manifest?.format !== 'skillpulse-snapshot' || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new InvalidInputError(`${manifestPath}: not a SkillPulse snapshot manifest (format "skillpulse-snapshot" with a files list)`);
  }
  if (!manifest.files['postings.jsonl.gz']) throw new InvalidInputError(`${manifestPath}: lists no postings.jsonl.gz`);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    if (name.includes('/') || name.includes('\\') || name.startsWith('.'))
      throw new InvalidInputError(`${manifestPath}: bad file name "${name}"`);
    const found = await stat(path).catch(() => null);
    if (!found?.isFile())
      throw new InvalidInputError(`${path}: listed in manifest.json but missing; the snapshot is incomplete, nothing was imported`);
    const actual = await fileDigest(path);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) {
      throw new InvalidInputError(
        `${path}: SHA-256 ${actual.sha256} (${actual.bytes} bytes) differs from manifest.json's ${expected.sha256} (${expected.bytes} bytes); the file was changed after the snapshot was taken, nothing was imported`,
      );
    }
  }
  // The manifest is not checksummed itself: its counts must at least be those of its files.
  const counts: Array<[keyof SnapshotManifest['rows'], string, number]> = [
    ['postings', 'postings.jsonl.gz', await countLines(join(dir, 'postings.jsonl.gz'), true)],
  ];
  if (manifest.files['skills_by_month.csv'])
    counts.push(['skillsByMonth', 'skills_by_month.csv', (await countLines(join(dir, 'skills_by_month.csv'), false)) - 1]);
  for (const [key, name, found] of counts) {
    if (manifest.rows?.[key] !== found) {
      throw new InvalidInputError(
        `${manifestPath}: rows.${key} is ${JSON.stringify(manifest.rows?.[key])} but ${name} holds ${found}; the manifest was changed after the snapshot was taken, nothing was imported`,
      );
    }
  }
  return manifest;
}

/** Lines of a file (gzipped or not), counted as it streams: the last line need not end with a newline. */
async function countLines(path: string, gzipped: boolean): Promise<number> {
  const stream = gzipped ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 0x0a) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1] as number;
  }
  return last === 0x0a ? lines : lines + 1;
}
