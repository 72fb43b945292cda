import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/commands/import.js';
import { testIo } from '../io.js';

/** Issue 21: on a terminal, an import shows a bar while it reads the file and another while it stores. */

const JOBSPY = fileURLToPath(new URL('../../../../../tests/fixtures/import/jobspy.csv', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('skillpulse import on a terminal', () => {
  it('draws "import: reading" then "import: storing", each bar ending its line before the log and the summary', {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-import-bars-'));
    dirs.push(dir);
    const { io, stderr, flush } = testIo({ SKILLPULSE_DATA_DIR: dir, SKILLPULSE_EXTRACT_WORKERS: '0' });
    stderr.isTTY = true;
    // The import's own log line goes to the terminal too, as the CLI's logger writes it.
    io.logger = pino({ level: 'info' }, stderr);
    expect(await importCommand.run([JOBSPY, '--format', 'jobspy'], io)).toBe(3);
    await flush();
    // What a terminal shows of each line: its last redraw.
    const shown = stderr
      .text()
      .split('\n')
      .map((line) => (line.split('\r').at(-1) as string).trimEnd())
      .filter((line) => line !== '');
    expect(shown[0]).toBe(`import: reading [${'#'.repeat(30)}] 10503/10503 bytes: 22 rows, 16 to store, 6 rejected`);
    expect(shown[1]).toBe(`import: storing [${'#'.repeat(30)}] 16/16 postings: 16 new, 0 updated, 1 duplicate`);
    expect(JSON.parse(shown[2] as string)).toMatchObject({ msg: 'import finished', new: 16, rejected: 6 });
    expect(shown[3]).toMatch(/^import:jobspy: completed_with_errors — 22 rows, 16 new/);
  });
});
