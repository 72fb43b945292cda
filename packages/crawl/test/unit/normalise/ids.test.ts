import type { NormalisedPosting } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { canonicalUrl, contentHash, postingUrl, webUrl, withDistinctIds } from '../../../src/normalise/ids.js';

describe('contentHash', () => {
  it('is the same however the text is spaced or cased, and differs for other text', () => {
    expect(contentHash('Data Engineer', 'Spark  and\nKafka')).toBe(contentHash('data engineer', 'spark and kafka'));
    expect(contentHash('Data Engineer', 'Spark')).not.toBe(contentHash('Data Engineer', 'Flink'));
    expect(contentHash('a', 'b')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonicalUrl', () => {
  it('drops the fragment and tracking parameters, and keeps the others', () => {
    expect(canonicalUrl('https://a.example/jobs/1?utm_source=x&id=7&gh_src=abc&ref=hn#apply')).toBe('https://a.example/jobs/1?id=7');
  });
});

describe('webUrl', () => {
  it('resolves relative URLs and refuses other schemes', () => {
    expect(webUrl('/jobs/2', 'https://a.example/jobs/1')).toBe('https://a.example/jobs/2');
    expect(webUrl('mailto:jobs@a.example')).toBeNull();
    expect(webUrl('not a url')).toBeNull();
    expect(webUrl('  ')).toBeNull();
  });
});

describe('postingUrl', () => {
  it('uses the posting’s own http(s) URL, canonical for the id', () => {
    expect(postingUrl('/jobs/1?utm_campaign=x', 'https://a.example/list')).toEqual({
      url: 'https://a.example/jobs/1?utm_campaign=x',
      idUrl: 'https://a.example/jobs/1',
    });
  });

  it('stands the page in for another scheme, with an id kept distinct by a hash', () => {
    const one = postingUrl('javascript:apply(1)', 'https://a.example/list#top');
    const two = postingUrl('javascript:apply(2)', 'https://a.example/list');
    expect(one?.url).toBe('https://a.example/list#top');
    expect(one?.idUrl).toMatch(/^https:\/\/a\.example\/list#[0-9a-f]{12}$/);
    expect(one?.idUrl).not.toBe(two?.idUrl);
    expect(postingUrl('javascript:apply(1)', undefined)).toBeNull();
  });
});

describe('withDistinctIds', () => {
  const posting = (id: string, title: string, hash = contentHash(title, 'text')) =>
    ({ id, title, company: 'Acme', locations: [], contentHash: hash }) as unknown as NormalisedPosting;

  it('gives colliding ids a suffix from their title and places, else their content, and drops exact duplicates', () => {
    const result = withDistinctIds([
      posting('s:1', 'One'),
      posting('s:page', 'Two'),
      posting('s:page', 'Three', 'a'.repeat(64)),
      posting('s:page', 'Three', 'b'.repeat(64)),
      posting('s:page', 'Three', 'b'.repeat(64)),
    ]);
    expect(result.map((p) => p.id)).toEqual([
      's:1',
      expect.stringMatching(/^s:page#[0-9a-f]{12}$/),
      `s:page#${'a'.repeat(12)}`,
      `s:page#${'b'.repeat(12)}`,
    ]);
    // The key of a lone title does not depend on the order of the page.
    const reordered = withDistinctIds([posting('s:page', 'Three', 'a'.repeat(64)), posting('s:page', 'Two')]);
    expect(reordered.find((p) => p.title === 'Two')?.id).toBe(result[1]?.id);
  });
});
