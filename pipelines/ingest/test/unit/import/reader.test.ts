import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postingSignature } from '../../../src/dedupe.js';
import type { ImportItem } from '../../../src/import/formats.js';
import { type ImportInput, type InputOptions, openImport } from '../../../src/import/input.js';
import { openImportInWorker } from '../../../src/import/reader.js';

/** Issue 21: an import reads, parses and signs its rows on a second thread, with the results of the caller's own reading. */

const dir = mkdtempSync(join(tmpdir(), 'sp-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (path: string): InputOptions => ({
  format: 'jobspy',
  path,
  source: 'import:test',
  versions: { taxonomy: 't', extractor: 'e' },
  seenAt: '2026-11-28T00:00:00.000Z',
});

/** A JobSpy CSV of `rows` postings (some rejected), more than one chunk of the reader. */
function jobspyFile(rows: number): string {
  const lines = ['site,job_url,title,company,location,date_posted,description'];
  for (let i = 0; i < rows; i++) {
    const url = i % 97 === 5 ? 'not-a-url' : `https://jobs.example/${i}`;
    lines.push(
      `linkedin,${url},Engineer ${i % 7},Acme,"Berlin, Germany",2026-0${1 + (i % 9)}-1${i % 10},"We use Python and SQL. Role ${i}."`,
    );
  }
  const path = join(dir, `jobs-${rows}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function readAll(input: ImportInput): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of input.items) items.push(item);
  return items;
}

// A reader thread loads the crawl package's normalisers first: about 0.7 s alone, several seconds in CI.
describe('openImportInWorker', { timeout: 60_000 }, () => {
  it('gives the rows, rejections, order and stats of openImport, each posting with its signature computed on another thread', async () => {
    const path = jobspyFile(1_200);
    const [own, threaded] = [await openImport(options(path)), await openImportInWorker(options(path))];
    const [expected, got] = [await readAll(own), await readAll(threaded)];
    expect(got.length).toBe(1_200);
    expect(got.filter((item) => 'error' in item).length).toBeGreaterThan(10);
    expect(got.map(({ signature: _s, ...item }) => item)).toEqual(expected);
    for (const item of got) {
      if (!('posting' in item)) continue;
      expect(item.signature).toEqual(postingSignature(item.posting));
    }
    expect(threaded.stats).toEqual(own.stats);
    expect(threaded.stats.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Signatures come only from the reader thread: this one never computed them for openImport's rows.
    expect(expected.some((item) => 'signature' in item)).toBe(false);
  });

  it('throws what openImport throws: a file without a header, a missing file', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const emptyInput = await openImportInWorker(options(empty));
    await expect(readAll(emptyInput)).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_INVALID_INPUT',
      message: `${empty}: the file is empty (a CSV needs a header line)`,
    });
    const missing = join(dir, 'missing.csv');
    await expect(openImportInWorker(options(missing))).rejects.toMatchObject({ code: 'ENOENT', path: missing });
  });
});
