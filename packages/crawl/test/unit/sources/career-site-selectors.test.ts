import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { FetchedPage } from '../../../src/engine.js';
import { careerSiteSource } from '../../../src/sources/career-site.js';

const html = '<html><body><h1 class="t">Rust Engineer</h1><div class="d"><p>Rust and Tokio.</p></div></body></html>';

function page(url: string): FetchedPage {
  return {
    request: { url, label: 'page' },
    url,
    status: 200,
    contentType: 'text/html',
    body: html,
    seenAt: '2026-01-01T00:00:00.000Z',
    json: () => JSON.parse(html),
    html: () => load(html),
    xml: () => load(html, { xml: true }),
  };
}

const selectors = { title: 'h1.t', description: '.d' };

describe('career-site selectors', () => {
  it('read every page when the job has no follow patterns', async () => {
    const source = careerSiteSource({ name: 'acme', startUrls: ['https://acme.example/jobs/1'], sitemapUrls: [], follow: [], selectors });
    const result = await source.handle(page('https://acme.example/jobs/1'));
    expect(result.postings?.map((p) => p.title)).toEqual(['Rust Engineer']);
  });

  it('read only the pages matching follow when there are patterns', async () => {
    const source = careerSiteSource({ name: 'acme', startUrls: [], sitemapUrls: [], follow: ['^https://acme\\.example/jobs/'], selectors });
    expect((await source.handle(page('https://acme.example/jobs/1'))).postings).toHaveLength(1);
    expect((await source.handle(page('https://acme.example/careers'))).postings ?? []).toHaveLength(0);
  });
});
