import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fx from '../fixtures/sources.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

/** Runs the CLI without blocking this process, which serves the fixture board. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('job files with a typo', () => {
  let board: FixtureServer;
  beforeAll(async () => {
    board = await startFixtureServer({ '/v0/postings/acme': { body: fx.leverPostings } });
  });
  afterAll(() => board.close());

  it('a misspelt key fails skillpulse jobs validate and the job does not run; a good job in the same folder still loads and runs', async () => {
    const jobsDir = mkdtempSync(join(tmpdir(), 'skillpulse-typo-jobs-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-typo-data-'));
    const job = (id: string, apiBaseKey: string) =>
      `id: ${id}\nsource:\n  type: lever\n  board: acme\n  company: Acme\n  ${apiBaseKey}: ${board.url}\noptions:\n  allowPrivateNetwork: true\n  respectRobotsTxt: false\n`;
    writeFileSync(join(jobsDir, 'good.yaml'), job('good', 'apiBase'));
    // Today's loader ignores `apibase` and crawls the real api.lever.co instead of the local board.
    writeFileSync(join(jobsDir, 'typo.yaml'), `${job('typo', 'apibase')}allowPrivateNetwork: true\n`);
    const env = { SKILLPULSE_JOBS_DIR: jobsDir, SKILLPULSE_LOG_LEVEL: 'warn' };

    const validate = await cli(['jobs', 'validate'], env);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toBe(`ok: ${join(jobsDir, 'good.yaml')} (good)\n`);
    expect(validate.stderr).toBe(
      [
        `invalid: job file ${join(jobsDir, 'typo.yaml')}: allowPrivateNetwork: unknown key; did you mean options.allowPrivateNetwork?`,
        `invalid: job file ${join(jobsDir, 'typo.yaml')}: source.apibase: unknown key; did you mean source.apiBase?`,
        '',
      ].join('\n'),
    );

    const typo = await cli(['jobs', 'run', 'typo', '--data-dir', dataDir], env);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('source.apibase: unknown key; did you mean source.apiBase?');
    expect(board.requests).toEqual([]);

    const good = await cli(['jobs', 'run', 'good', '--data-dir', dataDir], env);
    expect(good.code, good.stderr).toBe(0);
    const listed = JSON.parse((await cli(['jobs', 'list', '--format', 'json', '--data-dir', dataDir], env)).stdout);
    expect(listed.jobs.map((j: { id: string }) => j.id)).toEqual(['good']);
    expect(listed.jobs[0].lastRun).toMatchObject({ job: 'good', status: 'succeeded', postingsNew: 1 });
    // Job files are named relative to the jobs folder (no absolute paths leave the program).
    expect(listed.errors.map((e: { file: string }) => e.file)).toEqual(['typo.yaml']);
    expect(board.requests.filter((path) => path.startsWith('/v0/postings/acme')).length).toBeGreaterThan(0);
  }, 120_000);
});
