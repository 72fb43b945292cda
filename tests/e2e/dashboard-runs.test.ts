import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, HAVE_BROWSER } from '../support/sample-dashboard.js';

/**
 * Issue 21: the Jobs view's runs table shows an import's file and rejected rows (the JobSpy fixture:
 * 22 rows, 6 rejected), in Debian's Chromium against `skillpulse serve`. Skipped without /usr/bin/chromium.
 */

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const JOBSPY = fileURLToPath(new URL('../fixtures/import/jobspy.csv', import.meta.url));

describe.skipIf(!HAVE_BROWSER)('dashboard: an import in the runs table', () => {
  let browser: Browser;
  let server: ChildProcess;
  let base = '';

  beforeAll(async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      SKILLPULSE_JOBS_DIR: mkdtempSync(join(tmpdir(), 'skillpulse-e2e-runs-jobs-')),
      SKILLPULSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'skillpulse-e2e-runs-data-')),
      SKILLPULSE_LOG_LEVEL: 'warn',
      SKILLPULSE_SCHEDULER: 'off',
    };
    const imported = spawnSync(process.execPath, [BIN, 'import', JOBSPY, '--format', 'jobspy'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(imported.status, imported.stderr).toBe(3);
    server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr?.setEncoding('utf8');
    server.stderr?.on('data', (chunk: string) => (stderr += chunk));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /API: (http:\/\/\S+)/.exec(stderr);
        if (match?.[1]) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 50);
      server.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('lists the rejected rows and the file, its size and SHA-256 on hover', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${base}/?view=jobs`);
    await page.waitForFunction(() => document.body.dataset.ready === 'jobs', undefined, { timeout: 20_000 });
    const table = await page.$$eval('#runs table.data', (tables) => {
      const headers = [...(tables[0]?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent?.trim() ?? '');
      const cells = [...(tables[0]?.querySelectorAll('tbody tr:first-child td') ?? [])];
      return {
        headers,
        cells: cells.map((td) => td.textContent?.trim() ?? ''),
        titles: cells.map((td) => td.querySelector('[title]')?.getAttribute('title') ?? ''),
      };
    });
    const bytes = readFileSync(JOBSPY);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const column = (label: string) => table.headers.findIndex((h) => h.startsWith(label));
    expect(column('Rejected')).toBeGreaterThan(column('Errors'));
    expect(table.cells[column('Job')]).toBe('import:jobspy');
    expect(table.cells[column('Rejected')]).toBe('6');
    expect(table.cells[column('File')]).toBe(`${JOBSPY} (${bytes.length.toLocaleString('en')} bytes)`);
    expect(table.titles[column('File')]).toBe(`${bytes.length.toLocaleString('en')} bytes, SHA-256 ${sha256}`);
    expect(errors).toEqual([]);
  });
});
