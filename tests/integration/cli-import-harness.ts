import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@skillpulse/api';
import type { StoredPosting } from '@skillpulse/core';
import type { SkillStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';

/** Shared by the import, export and snapshot tests: the built CLI, fixtures, and every report of a store. */

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
export const SAMPLE_JOB = fileURLToPath(new URL('../../pipelines/jobs/sample-board.yaml', import.meta.url));

export const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `skillpulse-${prefix}-`));

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `skillpulse ARGS` to its end; `input` goes to its standard input. */
export function cli(args: string[], env: Record<string, string> = {}, input?: string): Ran {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', SKILLPULSE_LOG_LEVEL: 'warn', SKILLPULSE_SCHEDULER: 'off', ...env },
    input,
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `skillpulse ARGS` and resolves when it exits; `onStderr` sees its log as it comes (to kill it mid-way). */
export function cliAsync(args: string[], env: Record<string, string>, onStderr: (text: string, kill: (s: NodeJS.Signals) => void) => void) {
  return new Promise<Ran & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', SKILLPULSE_SCHEDULER: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      onStderr(stderr, (s) => child.kill(s));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every posting of a store by id, without the dates the store sets when it writes (first and last seen). */
export async function postingsById(store: SkillStore, keepSeen = false): Promise<Map<string, Partial<StoredPosting>>> {
  const byId = new Map<string, Partial<StoredPosting>>();
  for await (const posting of store.iteratePostings()) {
    const { firstSeen, lastSeen, ...rest } = posting;
    byId.set(posting.id, keepSeen ? { ...rest, firstSeen, lastSeen } : rest);
  }
  return new Map([...byId].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The reports compared between a store and its copy: every route with its common parameters. */
const REPORT_URLS = [
  '/api/top?limit=200',
  '/api/top?limit=50&source=import%3Ajobspy',
  '/api/top?limit=50&from=2026-11-01&to=2026-11-30&country=DE',
  '/api/trends?skills=python,kubernetes,typescript,react,java&interval=month',
  '/api/trends?skills=go,rust&interval=week&remote=remote',
  '/api/movers?from=2026-11-01&to=2026-11-30&limit=50',
  '/api/cooccurrence?skill=python&limit=50',
  '/api/cooccurrence?skill=kubernetes&sort=jaccard',
  '/api/breakdown?by=source',
  '/api/breakdown?by=company&limit=200',
  '/api/breakdown?by=country',
  '/api/breakdown?by=location&limit=200',
  '/api/breakdown?by=remote',
  '/api/breakdown?by=seniority',
  '/api/breakdown?by=category',
  '/api/breakdown?by=role',
  '/api/breakdown?by=city&limit=200',
  '/api/skills?q=py',
  '/api/skills/python',
  '/api/skills/java?includeDescendants=true',
  '/api/roles',
  '/api/salary',
  '/api/places',
  '/api/postings?skills=python&page_size=100',
  '/api/postings?q=engineer&page_size=100&page=2',
  '/api/top.csv?limit=200',
  '/api/trends.csv?skills=python,sql&interval=quarter',
];

/** Drops what differs between two stores with the same postings: when a report was generated and the store's own version token. */
function withoutGeneration(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutGeneration);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'generatedAt' && key !== 'dataVersion')
        .map(([key, v]) => [key, withoutGeneration(v)]),
    );
  }
  return value;
}

/** Each report of `REPORT_URLS` on `store` as the API answers it: status and body (JSON without generation stamps, CSV without its stamp lines). */
export async function reportsOf(store: SkillStore): Promise<Record<string, string>> {
  const app = await buildApp({ store, taxonomy: getDefaultTaxonomy(), minCell: 1 });
  const reports: Record<string, string> = {};
  try {
    for (const url of REPORT_URLS) {
      const response = await app.inject({ method: 'GET', url });
      const body = url.includes('.csv')
        ? response.body
            .split('\n')
            .filter((line) => !/generated|data.?version/i.test(line))
            .join('\n')
        : JSON.stringify(withoutGeneration(JSON.parse(response.body)), null, 1);
      reports[url] = `${response.statusCode}\n${body}`;
    }
  } finally {
    await app.close();
  }
  return reports;
}
