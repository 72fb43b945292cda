import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { FetchedPage } from '../../../src/engine.js';
import { feedSource, splitTitle } from '../../../src/sources/feed.js';

function fetched(body: string): FetchedPage {
  return {
    request: { url: 'https://feed.example/jobs.rss', label: 'feed' },
    url: 'https://feed.example/jobs.rss',
    status: 200,
    contentType: 'application/rss+xml',
    body,
    seenAt: '2026-11-05T00:00:00Z',
    json: () => JSON.parse(body),
    html: () => load(body),
    xml: () => load(body, { xmlMode: true }),
  };
}

const rss = (items: string, ns = '') =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" ${ns}><channel><title>Jobs</title>${items}</channel></rss>`;
const item = (inner: string) =>
  `<item><guid>g-${Math.abs(inner.length)}</guid><link>https://feed.example/j</link><description>&lt;p&gt;Go and Kafka.&lt;/p&gt;</description>${inner}</item>`;

async function read(body: string, company?: string) {
  const result = await feedSource({ name: 'feed', urls: [], company }).handle(fetched(body));
  return result.postings ?? [];
}

describe('splitTitle', () => {
  it('reads "Role at Company (Place) (allows remote)"', () => {
    expect(splitTitle('Senior Backend Developer at Acme GmbH (Berlin, Germany) (allows remote)')).toEqual({
      company: 'Acme GmbH',
      title: 'Senior Backend Developer',
      locations: ['Berlin, Germany'],
      remote: 'remote',
    });
    expect(splitTitle('Data Engineer at Globex')).toMatchObject({ company: 'Globex', title: 'Data Engineer', locations: [] });
    expect(splitTitle('Initrode: Python Developer')).toMatchObject({ company: 'Initrode', title: 'Python Developer' });
    expect(splitTitle('Python Developer')).toMatchObject({ company: null, title: 'Python Developer' });
  });
});

describe('RSS feeds', () => {
  it('takes the company from a10:author, dc:creator or author, and places from <location>', async () => {
    const body = rss(
      [
        item(
          '<title>Go Developer</title><a10:author><a10:name>Stack Co</a10:name></a10:author><location xmlns="http://stackoverflow.com/jobs/">Zürich, Switzerland</location>',
        ),
        item(
          '<title>SRE (Remote)</title><dc:creator>Creator Ltd</dc:creator><job:location>Lisbon</job:location><job:location>Porto</job:location>',
        ),
        item('<title>QA Engineer</title><author>jobs@authored.example (Authored Inc)</author>'),
        item('<title>Designer</title><author>noreply@board.example</author>'),
      ].join(''),
      'xmlns:a10="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:job="urn:jobs"',
    );
    const postings = await read(body);
    const by = Object.fromEntries(postings.map((p) => [p.title, p]));
    expect(by['Go Developer']).toMatchObject({ company: 'Stack Co', locations: ['Zürich, Switzerland'] });
    expect(by['SRE (Remote)']).toMatchObject({ company: 'Creator Ltd', locations: ['Lisbon', 'Porto'], remote: 'remote' });
    expect(by['QA Engineer']?.company).toBe('Authored Inc');
    expect(by.Designer?.company).toBeNull();
  });

  it('reads "Role at Company (Place)" titles, and a job\'s company wins over the feed\'s', async () => {
    const body = rss(item('<title>Senior Developer at Acme (Berlin, Germany) (allows remote)</title>'));
    expect(await read(body)).toMatchObject([
      { title: 'Senior Developer', company: 'Acme', locations: ['Berlin, Germany'], remote: 'remote' },
    ]);
    const team = rss(item('<title>Platform: Staff Engineer</title>'));
    expect(await read(team, 'Hooli')).toMatchObject([{ title: 'Platform: Staff Engineer', company: 'Hooli' }]);
  });
});

describe('feed pay', () => {
  it('reads a salary stated in the item text, flagged fromText; an item without one has none', async () => {
    const body = rss(
      [
        '<item><guid>p1</guid><link>https://feed.example/p1</link><title>Acme: Data Analyst</title><description>&lt;p&gt;SQL and dbt. Salary: £45,000 - £55,000 p.a.&lt;/p&gt;</description></item>',
        '<item><guid>p2</guid><link>https://feed.example/p2</link><title>Acme: Go Developer</title><description>&lt;p&gt;Go and Kafka; 5+ years.&lt;/p&gt;</description></item>',
      ].join(''),
    );
    const by = Object.fromEntries((await read(body)).map((p) => [p.title, p.salary]));
    expect(by['Data Analyst']).toEqual({
      min: 45000,
      max: 55000,
      currency: 'GBP',
      period: 'year',
      annualMin: 45000,
      annualMax: 55000,
      annualMid: 50000,
      fromText: true,
      currencyInferred: false,
      periodInferred: false,
    });
    expect(by['Go Developer']).toBeNull();
  });
});
