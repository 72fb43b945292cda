import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRequestQueue, sourceRequestOf, toCrawleeRequest } from '../../../src/engine/queue.js';
import type { SourceAdapter, SourceRequest } from '../../../src/engine/source.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function source(start: SourceRequest[], calls = { count: 0 }): SourceAdapter {
  return {
    name: 'acme board/1',
    snapshot: true,
    startRequests: () => {
      calls.count++;
      return start;
    },
    handle: () => ({}),
  };
}

describe('toCrawleeRequest and sourceRequestOf', () => {
  it('carry a request, its label and its listing through the queue and back', () => {
    const request: SourceRequest = {
      url: 'https://a.example/board',
      label: 'board',
      userData: { page: 2 },
      uniqueKey: 'board#run-1',
      headers: { accept: 'application/json' },
      listing: { what: 'board "acme"', hint: 'check source.board' },
    };
    const queued = toCrawleeRequest(request);
    expect(queued).toMatchObject({ url: request.url, label: 'board', uniqueKey: 'board#run-1', headers: { accept: 'application/json' } });
    // What a persisted queue stores is JSON.
    const back = sourceRequestOf(JSON.parse(JSON.stringify(queued)));
    expect(back).toEqual({
      url: request.url,
      label: 'board',
      userData: { page: 2, label: 'board' },
      listing: { what: 'board "acme"', hint: 'check source.board' },
    });
  });

  it('leaves the listing out for a page that is not one', () => {
    const queued = toCrawleeRequest({ url: 'https://a.example/jobs/1', label: 'posting', listing: false });
    expect(Object.keys(queued.userData)).toEqual(['label']);
    expect(sourceRequestOf({ url: queued.url, label: undefined, userData: queued.userData })).toEqual({
      url: 'https://a.example/jobs/1',
      label: '',
      userData: { label: 'posting' },
      listing: undefined,
    });
  });
});

describe('openRequestQueue', () => {
  it('queues the start requests in memory, each a listing unless it says otherwise, each admitted first', async () => {
    const admitted: SourceRequest[] = [];
    const { requestQueue, resumed } = await openRequestQueue(
      source([
        { url: 'https://a.example/', label: 'start' },
        { url: 'https://a.example/jobs/1', label: 'posting', listing: false },
        { url: 'https://a.example/sitemap.xml', label: 'sitemap', listing: { what: 'sitemap' } },
      ]),
      undefined,
      async (request) => {
        admitted.push(request);
      },
    );
    expect(resumed).toBe(false);
    expect(admitted.map((r) => r.listing)).toEqual([
      { what: 'start page', hint: 'check the start URLs of the job' },
      false,
      { what: 'sitemap' },
    ]);
    const first = await requestQueue.fetchNextRequest();
    expect(sourceRequestOf(first as never).listing).toEqual({ what: 'start page', hint: 'check the start URLs of the job' });
    expect(await requestQueue.handledCount()).toBe(0);
    await requestQueue.drop();
  });

  it('queues nothing when a start request is refused', async () => {
    const refused = openRequestQueue(source([{ url: 'http://10.0.0.1/', label: 'start' }]), undefined, async (request) => {
      throw new Error(`refused ${request.url}`);
    });
    await expect(refused).rejects.toThrow('refused http://10.0.0.1/');
  });

  it('resumes a persisted queue left unfinished without asking the source again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crawl-queue-'));
    dirs.push(dir);
    const calls = { count: 0 };
    const board = source([{ url: 'https://a.example/', label: 'start' }], calls);
    const first = await openRequestQueue(board, dir, async () => {});
    expect(first.resumed).toBe(false);
    // The process stops here, with the start page unread.
    const second = await openRequestQueue(board, dir, async () => {});
    expect(second.resumed).toBe(true);
    expect(calls.count).toBe(1);
    expect((await second.requestQueue.fetchNextRequest())?.url).toBe('https://a.example/');
    await second.requestQueue.drop();
    const third = await openRequestQueue(board, dir, async () => {});
    expect(third.resumed).toBe(false);
    expect(calls.count).toBe(2);
    await third.requestQueue.drop();
  });
});
