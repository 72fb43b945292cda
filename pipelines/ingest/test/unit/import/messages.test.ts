import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type InputOptions, openImport } from '../../../src/import/input.js';
import { csvMapping } from '../../../src/import/mapping.js';
import { fileDigest, verifySnapshot } from '../../../src/import/snapshot.js';

/** Issue 21: what a user gets wrong about an import is named with what would be right. */

const dir = mkdtempSync(join(tmpdir(), 'sp-import-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Opens an import and reads every row: where a file's error shows. */
async function readToEnd(options: Pick<InputOptions, 'format' | 'path' | 'mapping'>): Promise<void> {
  const input = await openImport({
    ...options,
    source: 'import:t',
    versions: { taxonomy: 't', extractor: 'e' },
    seenAt: '2026-11-28T00:00:00Z',
  });
  for await (const _item of input.items);
}

describe('import messages', () => {
  it('a map file that is missing, not YAML, or gives a delimiter of two characters', () => {
    const missing = join(dir, 'nosuch.yaml');
    expect(() => csvMapping({ mapFile: missing, columns: [] })).toThrow(`--map ${missing} does not exist; give the YAML file`);
    const bad = file('bad.yaml', 'columns: {title: [\n');
    expect(() => csvMapping({ mapFile: bad, columns: [] })).toThrow(/is not valid YAML: .* at line 2, column 1$/);
    const twice = file('twice.yaml', 'delimiter: ";;"\n');
    expect(() => csvMapping({ mapFile: twice, columns: [] })).toThrow(`--map ${twice}: delimiter ";;": give one character`);
  });

  it('a CSV split by another delimiter than the one given: the header names it', async () => {
    const path = file('semi.csv', 'Job Title;Link;Body\nEngineer;https://x.example/1;Python\n');
    const mapping = csvMapping({ columns: ['title=Job Title', 'url=Link', 'description=Body'] });
    await expect(readToEnd({ format: 'csv', path, mapping })).rejects.toThrow(
      '(one column: is the file split by ";"? give --delimiter ";")',
    );
  });

  it('a file given as a snapshot: a snapshot is a folder', async () => {
    const path = file('rows.csv', 'a,b\n');
    await expect(verifySnapshot(path)).rejects.toThrow(`${path} is a file: --format snapshot reads the folder skillpulse snapshot wrote`);
  });
});

describe('an empty JSONL file', () => {
  it('is refused as an empty CSV is, not read as zero rejected rows', async () => {
    const path = file('empty.jsonl', '\n\n');
    await expect(readToEnd({ format: 'jsonl', path })).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_INVALID_INPUT',
      message: `${path}: the file is empty (JSONL has one posting per line, as skillpulse export postings writes)`,
    });
  });
});

describe("a snapshot's manifest", () => {
  /** A snapshot folder of two postings and one skill-month row whose manifest says `rows`. */
  async function snapshotSaying(name: string, rows: { postings: number; skillsByMonth: number }): Promise<string> {
    const snap = join(dir, name);
    mkdirSync(snap);
    writeFileSync(join(snap, 'postings.jsonl.gz'), gzipSync('{"id":"a"}\n{"id":"b"}\n'));
    writeFileSync(join(snap, 'skills_by_month.csv'), 'month,skill_id\n2026-01,python\n');
    writeFileSync(join(snap, 'METHODOLOGY.md'), '# methodology\n');
    const files: Record<string, unknown> = {};
    for (const file of ['postings.jsonl.gz', 'skills_by_month.csv', 'METHODOLOGY.md']) files[file] = await fileDigest(join(snap, file));
    const manifest = { format: 'skillpulse-snapshot', formatVersion: 1, rows: { ...rows, uniquePostings: rows.postings }, files };
    writeFileSync(join(snap, 'manifest.json'), JSON.stringify(manifest));
    return snap;
  }

  it('is refused when its row counts are not those of its files (the manifest was edited)', async () => {
    await expect(verifySnapshot(await snapshotSaying('right', { postings: 2, skillsByMonth: 1 }))).resolves.toMatchObject({
      rows: { postings: 2 },
    });
    const more = await snapshotSaying('more', { postings: 3, skillsByMonth: 1 });
    await expect(verifySnapshot(more)).rejects.toThrow(
      `${join(more, 'manifest.json')}: rows.postings is 3 but postings.jsonl.gz holds 2; the manifest was changed after the snapshot was taken, nothing was imported`,
    );
    const fewer = await snapshotSaying('fewer', { postings: 2, skillsByMonth: 0 });
    await expect(verifySnapshot(fewer)).rejects.toThrow('rows.skillsByMonth is 0 but skills_by_month.csv holds 1');
  });
});
