import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../src/job.js';
import { SOURCE_SCHEMAS, SOURCE_TYPES } from '../../src/job-schema.js';
import { openSource, SOURCES, sourceDescriptor } from '../../src/sources.js';

const startUrls = async (source: Awaited<ReturnType<typeof openSource>>) =>
  (await source.adapter.startRequests()).map((request) => request.url);

describe('the source registry', () => {
  it('is the one list the job-file schema is built from, one schema per type', () => {
    const types = SOURCES.map((source) => source.type);
    expect(new Set(types).size).toBe(types.length);
    expect(SOURCE_TYPES).toEqual(types);
    expect(Object.keys(SOURCE_SCHEMAS)).toEqual(types);
    for (const source of SOURCES) {
      const schema = SOURCE_SCHEMAS[source.type];
      expect(Object.keys(schema.properties)).toEqual(['type', 'name', ...Object.keys(source.keys)]);
      expect(schema.properties.type.description).toBe(source.description);
    }
    expect(sourceDescriptor('leverr')).toBeUndefined();
  });

  it("builds each source's adapter from the loaded section", async () => {
    const job = parseJob({ source: { type: 'greenhouse', board: 'acme', apiBase: 'http://127.0.0.1:9' } }, 'jobs/acme.yaml');
    const opened = await openSource(job.source, {});
    expect(opened.adapter).toMatchObject({ name: 'greenhouse-acme', snapshot: true });
    expect(opened.close).toBeUndefined();
    const feed = await openSource(parseJob({ source: { type: 'feed', urls: ['https://a.example/jobs.rss'] } }, 'f.yaml').source, {});
    expect(feed.adapter).toMatchObject({ name: 'f', snapshot: false });
    expect(await startUrls(feed)).toEqual(['https://a.example/jobs.rss']);
  });

  it('starts the sample board for a run, on the port of the previous run when the queue is kept, and stops it', async () => {
    const job = parseJob({ source: { type: 'sample-board' } }, 'jobs/sample-board.yaml');
    expect(job.allowPrivateNetwork).toBe(true);
    const queueDir = mkdtempSync(join(tmpdir(), 'skillpulse-sources-'));
    const first = await openSource(job.source, { queueDir });
    const [url] = await startUrls(first);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jobs$/);
    expect(first.adapter.name).toBe('sample-board');
    expect((await fetch(url as string)).status).toBe(200);
    const port = new URL(url as string).port;
    expect(readFileSync(join(queueDir, 'sample-board-port'), 'utf8')).toBe(port);
    await first.close?.();
    await expect(fetch(url as string)).rejects.toThrow();
    const second = await openSource(job.source, { queueDir });
    try {
      expect(await startUrls(second)).toEqual([url]);
    } finally {
      await second.close?.();
    }
  });
});
