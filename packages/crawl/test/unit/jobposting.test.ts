import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractJobPostings, parseLenientJson } from '../../src/jobposting.js';
import { normaliseJobPosting, withDistinctIds } from '../../src/normalise.js';

const job = (title: string, extra: Record<string, unknown> = {}) => ({
  '@context': 'https://schema.org',
  '@type': 'JobPosting',
  title,
  description: `<p>${title}: Go and PostgreSQL.</p>`,
  datePosted: '2026-10-01',
  ...extra,
});
const script = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
const url = 'https://jobs.example/team';

/** What the career-site source does with a page: extract, normalise, give distinct ids. */
function ids(html: string): Record<string, string> {
  const { postings } = extractJobPostings(load(html));
  const normalised = postings.map((data) => normaliseJobPosting(data, { source: 'site', url, seenAt: '2026-11-01T00:00:00Z' }));
  return Object.fromEntries(withDistinctIds(normalised.filter((p) => p !== null)).map((p) => [p.title, p.id]));
}

describe('several JobPostings on one page', () => {
  it.each([
    ['two JSON-LD blocks', script(job('Backend Engineer')) + script(job('Data Analyst'))],
    ['a JSON array of two', script([job('Backend Engineer'), job('Data Analyst')])],
    ['an @graph', script({ '@context': 'https://schema.org', '@graph': [job('Backend Engineer'), job('Data Analyst')] })],
  ])('%s without identifiers: two postings with distinct ids, the same on a re-crawl', (_case, html) => {
    const first = ids(html);
    expect(Object.keys(first).sort()).toEqual(['Backend Engineer', 'Data Analyst']);
    expect(first['Backend Engineer']).not.toBe(first['Data Analyst']);
    expect(first['Backend Engineer']).toMatch(/^site:https:\/\/jobs\.example\/team#[0-9a-f]{12}$/);
    expect(ids(html)).toEqual(first);
  });

  it('keeps ids when the page lists the postings in another order', () => {
    const forward = ids(script(job('Backend Engineer')) + script(job('Data Analyst')));
    const backward = ids(script(job('Data Analyst')) + script(job('Backend Engineer')));
    expect(backward).toEqual(forward);
  });

  it('keeps the identifier-based id when postings have one', () => {
    const html = script([job('Backend Engineer', { identifier: 'be-1' }), job('Data Analyst', { identifier: 'da-2' })]);
    expect(ids(html)).toEqual({ 'Backend Engineer': 'site:be-1', 'Data Analyst': 'site:da-2' });
  });
});

describe('parseLenientJson', () => {
  it('repairs raw control characters and trailing commas, and leaves valid JSON as it is', () => {
    expect(parseLenientJson('{"a": "x\ty", "b": [1, 2,],}')).toEqual({ a: 'x y', b: [1, 2] });
    expect(parseLenientJson('{"a": "x\\ty, ]"}')).toEqual({ a: 'x\ty, ]' });
  });

  it('throws on what is not JSON even when repaired', () => {
    expect(() => parseLenientJson('<html></html>')).toThrow(SyntaxError);
  });
});
