import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@skillpulse/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type CrawlOptions, crawlSource, DEFAULT_LIMITS, type SourceAdapter } from '../../src/engine.js';

// crawlSource without a network: what it decides before the first request.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function source(url: string, calls = { handled: 0 }): SourceAdapter {
  return {
    name: 'offline',
    snapshot: true,
    startRequests: () => [{ url, label: 'start' }],
    handle: () => {
      calls.handled++;
      return {};
    },
  };
}

const options = (extra: Partial<CrawlOptions> = {}): CrawlOptions => ({
  userAgent: 'SkillPulseTest/1.0',
  logger: silentLogger,
  onPostings: async () => {},
  ...extra,
});

describe('crawlSource before fetching', () => {
  it('refuses a start URL in the private network unless the job allows it', async () => {
    await expect(crawlSource(source('http://127.0.0.1:9/jobs'), options())).rejects.toThrow(/private address 127\.0\.0\.1/);
    await expect(crawlSource(source('http://10.1.2.3/jobs'), options({ isPrivateAddress: () => true }))).rejects.toThrow(
      /private address 10\.1\.2\.3/,
    );
  });

  it('fetches nothing when stopped before it starts, calls the run incomplete and keeps a persisted queue to resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crawl-engine-'));
    dirs.push(dir);
    const calls = { handled: 0 };
    const controller = new AbortController();
    controller.abort();
    const stopped = await crawlSource(
      source('http://127.0.0.1:9/jobs', calls),
      options({ allowPrivateNetwork: true, queueDir: dir, signal: controller.signal }),
    );
    expect(stopped).toMatchObject({ pagesFetched: 0, postingsFound: 0, complete: false, resumed: false, errors: [] });
    expect(calls.handled).toBe(0);
    const again = await crawlSource(
      source('http://127.0.0.1:9/jobs', calls),
      options({ allowPrivateNetwork: true, queueDir: dir, signal: controller.signal }),
    );
    expect(again.resumed).toBe(true);
  });

  it('has polite defaults', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ maxRequestsPerMinute: 600, maxRetries: 3, maxPageBytes: 5 * 1024 * 1024 });
  });
});
