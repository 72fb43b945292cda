import type { NormalisedPosting } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { cleanText, countryCode, normaliseJobPosting, postingFrom, withDistinctIds } from '../../src/normalise.js';

const context = { source: 'site', url: 'https://jobs.example/careers/42', seenAt: '2026-11-01T00:00:00Z' };
const posting = (data: Record<string, unknown>) =>
  normaliseJobPosting({ '@type': 'JobPosting', title: 'Data Engineer', description: '<p>Spark.</p>', ...data }, context);

describe('countryCode', () => {
  it.each([
    ['DE', 'DE'],
    ['de', 'DE'],
    ['DEU', 'DE'],
    ['Germany', 'DE'],
    ['USA', 'US'],
    ['U.S.', 'US'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['United Kingdom', 'GB'],
    ['England', 'GB'],
    ['GBR', 'GB'],
    ['IN', 'IN'],
    ['India', 'IN'],
    ['The Netherlands', 'NL'],
    ["Cote d'Ivoire", 'CI'],
    [' Czechia ', 'CZ'],
  ])('%s → %s', (input, expected) => {
    expect(countryCode(input)).toBe(expected);
  });

  it('reads schema.org Country objects and gives null for anything it cannot resolve, never a guess', () => {
    expect(countryCode({ '@type': 'Country', name: 'France' })).toBe('FR');
    for (const unknown of ['', 'EU', 'Europe', 'Remote', 'XX', 'Atlantis', 'Bavaria', 42, null, undefined]) {
      expect(countryCode(unknown)).toBeNull();
    }
  });
});

describe('cleanText', () => {
  it('decodes entities, also twice-escaped ones, and collapses whitespace', () => {
    expect(cleanText('Caf&eacute;&nbsp;&amp;&nbsp;Bar')).toBe('Café & Bar');
    expect(cleanText('Python&amp;nbsp;3')).toBe('Python 3');
    expect(cleanText('M&uuml;nchen\n  &#x2F; Remote')).toBe('München / Remote');
    expect(cleanText('\u00a0 AT&T \u00a0')).toBe('AT&T');
  });
});

describe('normaliseJobPosting', () => {
  it('decodes entities in every field that reaches the text, and in title, company and places', () => {
    const result = posting({
      title: 'Senior Data&nbsp;Engineer &amp; Analyst',
      hiringOrganization: { '@type': 'Organization', name: 'Fl&ouml;w &amp; Co' },
      description: '\n\n<p>Build&nbsp;pipelines&amp;nbsp;in Spark.</p>\n\n',
      responsibilities: '<ul><li>Own&nbsp;the lake</li></ul>',
      qualifications: 'Python&amp;nbsp;3 &amp; SQL',
      skills: ['Kafka&nbsp;Streams', 'dbt'],
      jobLocation: { '@type': 'Place', address: { addressLocality: 'K&ouml;ln', addressCountry: 'DE' } },
    });
    expect(result?.title).toBe('Senior Data Engineer & Analyst');
    expect(result?.company).toBe('Flöw & Co');
    expect(result?.locations).toEqual(['Köln']);
    expect(result?.descriptionText).toBe('Build pipelines in Spark.\nKafka Streams\ndbt\nPython 3 & SQL\n- Own the lake');
    expect(result?.descriptionText).not.toMatch(/&[a-z]+;|\u00a0/);
    expect(result?.descriptionHtml?.startsWith('<p>')).toBe(true);
  });

  it('trims a plain-text description and keeps its paragraphs', () => {
    const result = posting({ description: '\n\nWe use Go.\n\n\n\nAnd Rust.\n' });
    expect(result?.descriptionText).toBe('We use Go.\n\nAnd Rust.');
  });

  it('de-duplicates places and reads both Place.name and the address', () => {
    const result = posting({
      jobLocation: [
        { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Austin', addressRegion: 'TX', addressCountry: 'USA' } },
        { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Austin', addressRegion: 'TX', addressCountry: 'USA' } },
        { '@type': 'Place', name: 'Seattle Office' },
        { '@type': 'Place', name: 'HQ', address: 'San Francisco, CA' },
        'austin,  tx',
      ],
    });
    expect(result).toMatchObject({ locations: ['Austin, TX', 'Seattle Office', 'San Francisco, CA'], country: 'US', remote: 'onsite' });
  });

  it('reads TELECOMMUTE and applicantLocationRequirements as remote, with the required country', () => {
    expect(posting({ jobLocationType: 'TELECOMMUTE' })?.remote).toBe('remote');
    const required = posting({ applicantLocationRequirements: { '@type': 'Country', name: 'United Kingdom' } });
    expect(required).toMatchObject({ remote: 'remote', country: 'GB' });
    const hybrid = posting({
      jobLocationType: 'TELECOMMUTE',
      description: '<p>Hybrid: two days a week in the office.</p>',
      jobLocation: { '@type': 'Place', address: { addressLocality: 'Leeds', addressCountry: 'United Kingdom' } },
    });
    expect(hybrid).toMatchObject({ remote: 'hybrid', country: 'GB' });
  });
});

describe('postingFrom', () => {
  it('stores ISO alpha-2 countries and decoded, de-duplicated places', () => {
    const raw = { source: 'ats', externalId: '1', url: 'https://x.example/1', title: 'QA&nbsp;Engineer', descriptionText: 'Cypress.' };
    expect(
      postingFrom({ ...raw, company: 'A &amp; B', country: 'Netherlands', locations: ['Amsterdam', 'amsterdam'], seenAt: '2026-01-01' }),
    ).toMatchObject({
      title: 'QA Engineer',
      company: 'A & B',
      country: 'NL',
      locations: ['Amsterdam'],
    });
    expect(postingFrom({ ...raw, company: null, country: 'Remote', seenAt: '2026-01-01' })?.country).toBeNull();
  });
});

describe('withDistinctIds', () => {
  const base = posting({}) as NormalisedPosting;
  const make = (title: string, locations: string[] = [], description = 'x') => ({
    ...base,
    title,
    locations,
    contentHash: `${title}${description}`.padEnd(64, '0'),
  });

  it('keeps a lone posting as it is and gives colliding ones keys from their content, not their order', () => {
    expect(withDistinctIds([base])).toEqual([base]);
    const a = make('Backend Engineer');
    const b = make('Frontend Engineer');
    const first = withDistinctIds([a, b]).map((p) => [p.title, p.id]);
    const reordered = withDistinctIds([b, a]).map((p) => [p.title, p.id]);
    expect(new Set(first.map(([, id]) => id)).size).toBe(2);
    expect(first.every(([, id]) => id?.startsWith(`${base.id}#`))).toBe(true);
    expect(Object.fromEntries(reordered)).toEqual(Object.fromEntries(first));
  });

  it('tells same-titled postings apart by place, then by content, and merges exact duplicates', () => {
    const ids = withDistinctIds([make('SRE', ['Berlin']), make('SRE', ['Paris']), make('PM', [], 'a'), make('PM', [], 'b')]).map(
      (p) => p.id,
    );
    expect(new Set(ids).size).toBe(4);
    expect(withDistinctIds([make('SRE'), make('SRE')])).toHaveLength(1);
  });
});
