import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { fetchedPage } from '../../../src/engine/page.js';

const request = { url: 'https://jobs.example/feed', label: 'feed' };

describe('fetchedPage', () => {
  it('reads JSON as sites write it: a byte-order mark, raw newlines and trailing commas', () => {
    const page = fetchedPage(
      request,
      request.url,
      200,
      'application/json',
      '\uFEFF{"title": "Line one\nline two", "tags": [1, 2,],}',
      undefined,
    );
    expect(page.json()).toEqual({ title: 'Line one line two', tags: [1, 2] });
  });

  it('throws on a body that is not JSON', () => {
    const page = fetchedPage(request, request.url, 200, 'text/html', '<html></html>', undefined);
    expect(() => page.json()).toThrow(SyntaxError);
  });

  it('parses HTML once, and reuses the parse crawlee already made', () => {
    const page = fetchedPage(request, request.url, 200, 'text/html', '<p class="x">Caf&eacute;</p>', undefined);
    const first = page.html();
    expect(first('.x').text()).toBe('Café');
    expect(page.html()).toBe(first);
    const parsed = load('<p>already parsed</p>');
    const reused = fetchedPage(request, request.url, 200, 'text/html', '<p>body</p>', parsed);
    expect(reused.html()).toBe(parsed);
  });

  it('parses XML with namespaced tags and keeps the request, URL, status and time', () => {
    const body = '<rss><channel><item><dc:creator>Acme</dc:creator><title>Dev</title></item></channel></rss>';
    const before = Date.now();
    const page = fetchedPage(request, 'https://jobs.example/feed.xml', 200, 'application/rss+xml', body, undefined);
    expect(page.xml()('item > dc\\:creator').text()).toBe('Acme');
    expect(page.xml()).toBe(page.xml());
    expect(page).toMatchObject({ request, url: 'https://jobs.example/feed.xml', status: 200, contentType: 'application/rss+xml', body });
    expect(Date.parse(page.seenAt)).toBeGreaterThanOrEqual(before - 1000);
  });
});
