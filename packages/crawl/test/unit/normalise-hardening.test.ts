import { describe, expect, it } from 'vitest';
import { capDescription, MAX_DESCRIPTION_BYTES, normaliseJobPosting, postingFrom, webUrl } from '../../src/normalise.js';

// Hostile input (issue 17): only http(s) URLs are stored, and a posting's text is capped.

const raw = {
  source: 'feed',
  externalId: null,
  title: 'QA Engineer',
  company: null,
  descriptionHtml: '<p>Cypress and Playwright.</p>',
  seenAt: '2026-01-01',
  pageUrl: 'https://jobs.example/feed.xml',
};

describe('webUrl', () => {
  it.each([
    ['https://jobs.example/1', undefined, 'https://jobs.example/1'],
    ['/jobs/2', 'https://jobs.example/feed.xml', 'https://jobs.example/jobs/2'],
    ['javascript:alert(1)', 'https://jobs.example/', null],
    [' JaVa\tScRiPt:alert(1)', 'https://jobs.example/', null],
    ['data:text/html,<script>alert(1)</script>', 'https://jobs.example/', null],
    ['mailto:jobs@example.org', 'https://jobs.example/', null],
    ['/relative', undefined, null],
    ['', 'https://jobs.example/', null],
  ])('%j against %j is %j', (url, base, expected) => {
    expect(webUrl(url, base)).toBe(expected);
  });
});

describe('posting URLs', () => {
  it('stores the page URL instead of a javascript: or data: URL, with distinct ids', () => {
    const a = postingFrom({ ...raw, url: 'javascript:alert(document.cookie)' });
    const b = postingFrom({ ...raw, url: 'data:text/html;base64,PHNjcmlwdD4=' });
    expect(a?.url).toBe('https://jobs.example/feed.xml');
    expect(b?.url).toBe('https://jobs.example/feed.xml');
    expect(a?.id).not.toBe(b?.id);
    expect(a?.id).toMatch(/^feed:https:\/\/jobs\.example\/feed\.xml#[0-9a-f]{12}$/);
  });

  it('resolves a relative URL against the page, and keeps the ids of http(s) URLs', () => {
    expect(postingFrom({ ...raw, url: '/jobs/7?utm_source=x' })).toMatchObject({
      url: 'https://jobs.example/jobs/7?utm_source=x',
      id: 'feed:https://jobs.example/jobs/7',
    });
    expect(postingFrom({ ...raw, url: 'https://other.example/j/1' })?.id).toBe('feed:https://other.example/j/1');
  });

  it('drops a posting with no http(s) URL at all', () => {
    expect(postingFrom({ ...raw, url: 'javascript:void(0)', pageUrl: undefined })).toBeNull();
  });

  it('checks JobPosting URLs too', () => {
    const posting = normaliseJobPosting(
      { '@type': 'JobPosting', title: 'Data Engineer', description: '<p>Spark.</p>' },
      { source: 'site', url: 'javascript:alert(1)', pageUrl: 'https://jobs.example/feed.json', seenAt: '2026-01-01T00:00:00Z' },
    );
    expect(posting?.url).toBe('https://jobs.example/feed.json');
  });
});

describe('description cap', () => {
  it('leaves text within the cap alone', () => {
    expect(capDescription('short text')).toEqual({ text: 'short text', cutFrom: null });
  });

  it('cuts at a whitespace boundary within the cap, counting UTF-8 bytes', () => {
    const text = 'Python Kubernetes é '.repeat(20);
    const { text: cut, cutFrom } = capDescription(text, 100);
    expect(cutFrom).toBe(Buffer.byteLength(text));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(100);
    expect(text.startsWith(cut)).toBe(true);
    expect(text[cut.length]).toBe(' ');
  });

  it('cuts a single long word at the cap without splitting a character', () => {
    const { text, cutFrom } = capDescription('é'.repeat(100), 51);
    expect(text).toBe('é'.repeat(25));
    expect(cutFrom).toBe(200);
  });

  it('caps every posting at 256 KiB and says so', () => {
    const problems: string[] = [];
    const words = 'Rust and TypeScript developer wanted. '.repeat(20_000);
    const posting = postingFrom({ ...raw, url: 'https://jobs.example/1', descriptionHtml: `<p>${words}</p>`, problems });
    expect(Buffer.byteLength(posting?.descriptionText ?? '')).toBeLessThanOrEqual(MAX_DESCRIPTION_BYTES);
    expect(Buffer.byteLength(posting?.descriptionText ?? '')).toBeGreaterThan(MAX_DESCRIPTION_BYTES - 64);
    expect(problems).toEqual([
      `description of https://jobs.example/1 cut to 256 KiB from ${Buffer.byteLength(words.trim())} bytes (postings contribute at most 256 KiB of text)`,
    ]);
  });
});
