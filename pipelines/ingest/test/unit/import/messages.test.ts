import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type InputOptions, openImport } from '../../../src/import/input.js';
import { csvMapping } from '../../../src/import/mapping.js';
import { verifySnapshot } from '../../../src/import/snapshot.js';

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
