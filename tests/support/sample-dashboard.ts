import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium: browser tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_BROWSER = existsSync(CHROMIUM);
const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export interface SampleDashboard {
  /** The API's base URL (the dashboard is served at its root). */
  base: string;
  server: ChildProcess;
  browser: Browser;
}

/**
 * What the browser tests run against: the sample board crawled into a fresh data folder by the
 * real CLI, `skillpulse serve` on a free port, and Chromium headless.
 */
export async function startSampleDashboard(name: string): Promise<SampleDashboard> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const jobsDir = mkdtempSync(join(tmpdir(), `skillpulse-${name}-jobs-`));
  const dataDir = mkdtempSync(join(tmpdir(), `skillpulse-${name}-data-`));
  writeFileSync(
    join(jobsDir, 'sample-board.yaml'),
    readFileSync(fileURLToPath(new URL('../../pipelines/jobs/sample-board.yaml', import.meta.url)), 'utf8'),
  );
  const env = { PATH: process.env.PATH ?? '', SKILLPULSE_JOBS_DIR: jobsDir, SKILLPULSE_DATA_DIR: dataDir, SKILLPULSE_LOG_LEVEL: 'warn' };
  const crawl = spawnSync(process.execPath, [BIN, 'jobs', 'run', 'sample-board'], { env, encoding: 'utf8', timeout: 120_000 });
  expect(crawl.status, crawl.stderr).toBe(0);
  const server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.setEncoding('utf8');
  server.stderr?.on('data', (chunk: string) => (stderr += chunk));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /API: (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    server.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return { base, server, browser };
}
