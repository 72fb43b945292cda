import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_TABLE, errorTableRow, isErrorCode } from '../../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The workspace folders (package.json's workspaces, without tests). */
const WORKSPACES = ['packages', 'pipelines', 'dashboards'];

/** Every TypeScript source file under <workspace>/<name>/src. */
function sources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push(path);
    }
  };
  for (const workspace of WORKSPACES) {
    for (const pkg of readdirSync(join(root, workspace))) {
      const src = join(root, workspace, pkg, 'src');
      if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src);
    }
  }
  return files;
}

describe('the error table', () => {
  it('has a row for every SKILLPULSE_ERR_ code any workspace package declares or raises', () => {
    const used = new Map<string, string>();
    for (const file of sources()) {
      for (const [code] of readFileSync(file, 'utf8').matchAll(/SKILLPULSE_ERR_[A-Z0-9_]*[A-Z0-9]/g)) {
        if (!used.has(code)) used.set(code, relative(root, file));
      }
    }
    // The scan finds the codes (a broken scan would pass vacuously).
    expect(used.size).toBeGreaterThanOrEqual(25);
    const missing = [...used].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing, 'codes with no row in packages/core/src/error-table.ts').toEqual([]);
  });

  it('gives bad input 400 and exit 2, unknown things 404, a held lock 409 and a store that cannot serve 503', () => {
    expect(errorTableRow('SKILLPULSE_ERR_INVALID_INPUT')).toMatchObject({ status: 400, exit: 2 });
    expect(errorTableRow('SKILLPULSE_ERR_USAGE')).toMatchObject({ status: 400, exit: 2 });
    expect(errorTableRow('SKILLPULSE_ERR_UNKNOWN_SKILL')).toMatchObject({ status: 404, exit: 1 });
    expect(errorTableRow('SKILLPULSE_ERR_JOB_RUNNING')).toMatchObject({ status: 409, exit: 1 });
    for (const code of ['STORE_UNAVAILABLE', 'STORE_CORRUPT', 'STORE_OPEN', 'STORE_STATE', 'ES_UNREACHABLE', 'ES_AUTH']) {
      expect(errorTableRow(`SKILLPULSE_ERR_${code}`).status, code).toBe(503);
    }
    // An unknown code is an internal error: 500 (no detail), exit 1.
    expect(errorTableRow('SKILLPULSE_ERR_NEVER_DECLARED')).toEqual(ERROR_TABLE.SKILLPULSE_ERR_INTERNAL);
  });

  it('uses only the statuses and exit codes callers know, and describes every row', () => {
    for (const code of ERROR_CODES) {
      const row = ERROR_TABLE[code];
      expect([400, 401, 403, 404, 409, 415, 429, 500, 503], code).toContain(row.status);
      expect([1, 2], code).toContain(row.exit);
      expect(row.meaning.length, code).toBeGreaterThan(5);
    }
  });
});
