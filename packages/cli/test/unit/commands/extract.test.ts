import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract, readInput } from '../../../src/commands/extract.js';
import { configuredExtractor } from '../../../src/config.js';
import { UsageError } from '../../../src/usage.js';
import { testIo } from '../io.js';

describe('extract', () => {
  // Loading the taxonomy and the extractor takes seconds on a busy machine: once, outside the tests' time.
  beforeAll(() => {
    configuredExtractor(testIo().io.config);
  }, 60_000);

  it('reads standard input for - or no FILE, and a file otherwise', async () => {
    expect(await readInput('-', testIo({}, 'from stdin').io)).toBe('from stdin');
    expect(await readInput(undefined, testIo({}, 'also stdin').io)).toBe('also stdin');
    const file = join(mkdtempSync(join(tmpdir(), 'skillpulse-cli-extract-')), 'posting.txt');
    writeFileSync(file, 'from a file');
    expect(await readInput(file, testIo().io)).toBe('from a file');
    expect(() => readInput('/no/such/file.txt', testIo().io)).toThrow(new UsageError('FILE: cannot read "/no/such/file.txt" (ENOENT)'));
  });

  it('prints name, category, count and level per line with --format text', async () => {
    const { io, stdout, flush } = testIo({}, '<h2>Requirements</h2><ul><li>Go</li><li>PostgreSQL</li></ul>');
    expect(await extract.run(['--format', 'text'], io)).toBe(0);
    await flush();
    expect(stdout.text()).toBe('Go\tlanguage\t1\trequired\nPostgreSQL\tdatabase\t1\trequired\n');
  });

  it('skips bad JSON lines with a message naming the line, and exits 1', async () => {
    const { io, stdout, stderr, flush } = testIo({}, `not json\n{"id":"a","text":"Rust and Go developer"}\n{"id":"b"}\n\n`);
    expect(await extract.run(['--jsonl'], io)).toBe(1);
    await flush();
    expect(stdout.text()).toBe('{"id":"a","skills":[{"id":"rust","name":"Rust"},{"id":"go","name":"Go"}]}\n');
    expect(stderr.text()).toBe(
      'skillpulse extract: line 1: not valid JSON, skipped\nskillpulse extract: line 3: needs a "text" or "html" string, skipped\n',
    );
  });

  it('refuses a second FILE and an unknown format', async () => {
    await expect(extract.run(['a.txt', 'b.txt'], testIo().io)).rejects.toThrow(new UsageError('extract: unexpected argument "b.txt"'));
    await expect(extract.run(['--format', 'xml'], testIo().io)).rejects.toThrow(/--format must be one of: json, text/);
  });
});
