import type { NormalisedPosting } from '@skillpulse/core';
import { silentLogger } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/engine/options.js';
import { type FetchedAnswer, pageHandlers, type QueuedRequest } from '../../../src/engine/page-handler.js';
import { toCrawleeRequest } from '../../../src/engine/queue.js';
import { CrawlRun } from '../../../src/engine/run-state.js';
import type { FetchedPage, PageResult, SourceRequest } from '../../../src/engine/source.js';

const posting = (id: string) => ({ id }) as NormalisedPosting;

/** The handlers over a fake queue and store, with `handle` as the source's page handler. */
function setup(handle: (page: FetchedPage) => PageResult | Promise<PageResult> = () => ({}), limits = {}) {
  const run = new CrawlRun(silentLogger);
  const added: Array<ReturnType<typeof toCrawleeRequest>> = [];
  const stored: string[][] = [];
  const progress: unknown[] = [];
  const handlers = pageHandlers({
    source: { name: 'src', snapshot: true, startRequests: () => [], handle },
    run,
    limits: { ...DEFAULT_LIMITS, retryBaseMs: 1, ...limits },
    queue: {
      addRequest: async (request) => added.push(request),
      addRequests: async (requests) => added.push(...requests),
      assumedTotalCount: 7,
    },
    allowed: async (url) => {
      if (url.includes('10.0.0.1')) throw new Error(`private address in ${url}`);
    },
    store: async (postings) => {
      stored.push(postings.map((p) => p.id));
    },
    onProgress: (p) => progress.push(p),
    userAgent: 'SkillPulseTest/1.0',
    logger: silentLogger,
  });
  return { run, report: run.report, handlers, added, stored, progress };
}

function queued(source: SourceRequest, extra: Partial<QueuedRequest> = {}): QueuedRequest {
  const crawlee = toCrawleeRequest(source);
  return {
    url: crawlee.url,
    uniqueKey: crawlee.uniqueKey ?? crawlee.url,
    label: crawlee.label,
    userData: crawlee.userData,
    retryCount: 0,
    noRetry: false,
    ...extra,
  };
}

function answer(
  request: QueuedRequest,
  status: number,
  body: string | Buffer = '',
  headers: Record<string, string> = {},
  type = 'text/html',
): FetchedAnswer {
  return { request, response: { statusCode: status, headers }, body, contentType: { type }, $: undefined };
}

const page = (url = 'https://a.example/jobs/1') => queued({ url, label: 'posting' });
const listing = (url = 'https://a.example/board') =>
  queued({ url, label: 'board', listing: { what: 'board "acme"', hint: 'check source.board' } });

describe('page handler', () => {
  it('hands a page to its source, queues what it asks once, stores its postings and reports progress', async () => {
    const seen: FetchedPage[] = [];
    const { handlers, report, added, stored, progress } = setup((fetched) => {
      seen.push(fetched);
      return {
        postings: [posting('src:1'), posting('src:2')],
        problems: ['posting 3 has no title'],
        enqueue: [
          { url: 'https://a.example/jobs/2', label: 'posting' },
          { url: 'https://a.example/jobs/2', label: 'posting' },
          { url: 'http://10.0.0.1/admin', label: 'posting' },
          { url: 'https://a.example/sitemap.xml', label: 'sitemap', listing: { what: 'sitemap' } },
        ],
      };
    });
    const request = { ...page(), loadedUrl: 'https://a.example/jobs/1?redirected' };
    await handlers.requestHandler(answer(request, 200, '{"ok": true,}', {}, 'application/json'));
    expect(seen[0]).toMatchObject({ url: 'https://a.example/jobs/1?redirected', status: 200, contentType: 'application/json' });
    expect(seen[0]?.json()).toEqual({ ok: true });
    expect(added.map((r) => r.url)).toEqual(['https://a.example/jobs/2', 'https://a.example/sitemap.xml']);
    expect(report).toMatchObject({ pagesFetched: 1, postingsFound: 2, seenIds: ['src:1', 'src:2'] });
    expect(report.errors).toEqual([
      { url: 'https://a.example/jobs/1', reason: 'posting 3 has no title' },
      { url: 'http://10.0.0.1/admin', reason: 'private address in http://10.0.0.1/admin' },
    ]);
    expect(stored).toEqual([['src:1', 'src:2']]);
    expect(progress).toEqual([{ pagesFetched: 1, postingsFound: 2, pagesQueued: 7 }]);
  });

  it('records a 404 or 410 page, or one its source calls gone, as gone', async () => {
    const { handlers, report } = setup(() => ({ gone: true }));
    await handlers.requestHandler(answer(page('https://a.example/jobs/404'), 404));
    await handlers.requestHandler(answer(page('https://a.example/jobs/410'), 410));
    await handlers.requestHandler(answer(page('https://a.example/jobs/closed'), 200, '<p>closed</p>'));
    expect(report.gone).toEqual(['https://a.example/jobs/404', 'https://a.example/jobs/410', 'https://a.example/jobs/closed']);
    expect(report.errors).toEqual([]);
  });

  it('fails a listing that answers an HTTP error, marking 401 and 403 as blocked', async () => {
    const { handlers, report } = setup();
    await handlers.requestHandler(answer(listing('https://a.example/missing'), 404));
    await handlers.requestHandler(answer(listing('https://a.example/private'), 403));
    expect(report.gone).toEqual([]);
    expect(report.listingFailures).toEqual([
      {
        url: 'https://a.example/missing',
        reason: expect.stringMatching(/board "acme" not found .*\(HTTP 404\); check source.board/),
        blocked: false,
      },
      { url: 'https://a.example/private', reason: expect.stringMatching(/refused access \(HTTP 403\)/), blocked: true },
    ]);
  });

  it('skips a page over the size cap, failing it when it is a listing', async () => {
    const { handlers, report } = setup(
      () => {
        throw new Error('must not be read');
      },
      { maxPageBytes: 10 },
    );
    await handlers.requestHandler(answer(page(), 200, 'é'.repeat(6)));
    await handlers.requestHandler(answer(listing(), 200, Buffer.alloc(11)));
    expect(report.errors[0]).toEqual({ url: 'https://a.example/jobs/1', reason: 'page is 12 bytes, over the 10-byte cap' });
    expect(report.listingFailures[0]?.reason).toBe(
      'board "acme" at https://a.example/board: page is 11 bytes, over the 10-byte cap (raise limits.maxPageBytes)',
    );
  });

  it('reports a page its source cannot read, and fails a listing in an unexpected form', async () => {
    const { handlers, report, stored } = setup(() => {
      throw new Error('expected a "jobs" array');
    });
    await handlers.requestHandler(answer(page(), 200, '{}'));
    await handlers.requestHandler(answer(listing(), 200, '{}'));
    await handlers.requestHandler(answer(page('https://a.example/jobs/teapot'), 418, ''));
    expect(report.errors.map((e) => e.reason)).toEqual([
      'expected a "jobs" array',
      'board "acme" at https://a.example/board is not in the expected form: expected a "jobs" array',
      'HTTP 418',
    ]);
    expect(report.listingFailures).toHaveLength(1);
    expect(stored).toEqual([]);
  });

  it('puts pages back for the next run once the page cap is reached', async () => {
    const { handlers, run, report, added } = setup(() => ({}), { maxPages: 1 });
    await handlers.requestHandler(answer(page('https://a.example/jobs/1'), 200, '<p>one</p>'));
    await handlers.requestHandler(answer(page('https://a.example/jobs/2'), 200, '<p>two</p>'));
    expect(report.pagesFetched).toBe(1);
    expect(run.capped).toBe(true);
    expect(added).toEqual([expect.objectContaining({ url: 'https://a.example/jobs/2', uniqueKey: 'https://a.example/jobs/2#next-run' })]);
  });

  it('waits and throws on a status that asks to come back later, and gives up on a wait over two minutes', async () => {
    const { handlers, report } = setup();
    const busy = page();
    await expect(handlers.requestHandler(answer(busy, 503, '', { 'retry-after': '0' }))).rejects.toThrow(/^HTTP 503$/);
    expect(busy.noRetry).toBe(false);
    const slow = page();
    await expect(handlers.requestHandler(answer(slow, 429, '', { 'retry-after': '3600' }))).rejects.toThrow(
      'HTTP 429; the server asks to wait 3600 s, longer than a crawl waits',
    );
    expect(slow.noRetry).toBe(true);
    expect(report.pagesFetched).toBe(0);
  });

  it('reports a page that failed for good, without crawlee’s session prefix, as a listing failure for a listing', async () => {
    const { handlers, run, report } = setup();
    await handlers.failedRequestHandler(
      { request: page() },
      new Error('Detected a session error, rotating session... connect ECONNREFUSED'),
    );
    await handlers.failedRequestHandler({ request: listing() }, new Error('Error: timeout'));
    expect(run.failedForGood).toBe(2);
    expect(report.errors.map((e) => e.reason)).toEqual([
      'connect ECONNREFUSED',
      'board "acme" at https://a.example/board could not be read: timeout',
    ]);
    expect(report.listingFailures).toHaveLength(1);
  });

  it('fails a listing that robots.txt disallows, and ignores other skips', async () => {
    const { handlers, run, report } = setup();
    run.noteListing({ url: 'https://a.example/board', label: 'board', listing: { what: 'board "acme"' } });
    await handlers.onSkippedRequest({ url: 'https://a.example/board', reason: 'robotsTxt' });
    await handlers.onSkippedRequest({ url: 'https://a.example/jobs/1', reason: 'robotsTxt' });
    await handlers.onSkippedRequest({ url: 'https://a.example/board', reason: 'limit' });
    expect(report.listingFailures).toEqual([
      {
        url: 'https://a.example/board',
        reason: expect.stringContaining('robots.txt of a.example disallows /board for user agent "SkillPulseTest/1.0"'),
        blocked: true,
      },
    ]);
  });
});
