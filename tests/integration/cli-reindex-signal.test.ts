import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRACTOR_VERSION } from '@skillpulse/extract';
import { checkSqliteFile, SQLITE_FILE_NAME, SqliteStore } from '@skillpulse/store';
import { describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';

/**
 * Issue 17: SIGTERM during a reindex ends the process within the documented 30 s, storing what was
 * complete. The built CLI re-extracts a SQLite store large enough to take several seconds; it is
 * stopped once it has reported progress, and must exit 6 (interrupted) with whole batches stored.
 */

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const POSTINGS = 8000;
const BATCH = 500;
const TEXT =
  'We are hiring a backend engineer. You bring 5+ years of Python, Django and PostgreSQL, some Kubernetes and Terraform on AWS; Kafka or RabbitMQ is a plus. Our frontend uses TypeScript and React. '.repeat(
    4,
  );

async function seededStore(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-reindex-signal-'));
  const store = new SqliteStore({ path: join(dataDir, SQLITE_FILE_NAME) });
  try {
    for (let start = 0; start < POSTINGS; start += 1000) {
      await store.upsertPostings(
        Array.from({ length: 1000 }, (_, k) => {
          const n = start + k;
          return fixturePosting({
            id: `p${String(n).padStart(6, '0')}`,
            descriptionText: TEXT,
            contentHash: `hash-${n}`,
            datePosted: `2025-0${1 + (n % 9)}-15`,
            extractorVersion: '0.0.1',
          });
        }),
      );
    }
  } finally {
    await store.close();
  }
  return dataDir;
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Milliseconds from the SIGTERM to the exit. */
  afterSignalMs: number;
  /** Milliseconds from the start to the SIGTERM. */
  beforeSignalMs: number;
}

/** Starts `skillpulse reindex`, sends SIGTERM once it has logged its first progress line, waits for the exit. */
function reindexUntilTerminated(dataDir: string): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, 'reindex', '--data-dir', dataDir], {
      env: { PATH: process.env.PATH ?? '', SKILLPULSE_LOG_LEVEL: 'info', SKILLPULSE_LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let signalledAt = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (signalledAt === 0 && /"progress":"reindex"/.test(stderr)) {
        signalledAt = Date.now();
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      resolve({
        code,
        signal,
        stderr,
        afterSignalMs: signalledAt ? Date.now() - signalledAt : Number.NaN,
        beforeSignalMs: signalledAt ? signalledAt - started : Number.NaN,
      }),
    );
  });
}

describe('skillpulse reindex on SIGTERM', () => {
  it('stops between batches within 30 s, exits 6 and keeps every batch it finished', async () => {
    const dataDir = await seededStore();
    const ended = await reindexUntilTerminated(dataDir);
    expect(ended.beforeSignalMs, ended.stderr).toBeGreaterThan(0);
    expect(ended.signal, ended.stderr).toBeNull();
    expect(ended.code, ended.stderr).toBe(6);
    expect(ended.afterSignalMs).toBeLessThan(30_000);
    const reported = /reindex: interrupted after (\d+) of (\d+) postings \((\d+) re-extracted and stored\)/.exec(ended.stderr);
    expect(reported, ended.stderr).not.toBeNull();
    const rewritten = Number(reported?.[3]);

    // The store opens, is sound, and holds every posting: whole batches at the new version, the rest untouched.
    expect(checkSqliteFile(join(dataDir, SQLITE_FILE_NAME)).ok).toBe(true);
    const store = new SqliteStore({ path: join(dataDir, SQLITE_FILE_NAME) });
    try {
      expect(await store.countPostings({})).toBe(POSTINGS);
      let current = 0;
      for await (const posting of store.iteratePostings()) if (posting.extractorVersion === EXTRACTOR_VERSION) current++;
      expect(current).toBe(rewritten);
      expect(current % BATCH).toBe(0);
      expect(current).toBeGreaterThan(0);
      expect(current).toBeLessThan(POSTINGS);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
