import type { StoredPosting } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { fromDoc, type PostingDoc, postingMappings, sameDimensions, toDoc } from '../../../src/elasticsearch/mapping.js';

const role = {
  id: 'data-engineer',
  occupationUri: 'http://data.europa.eu/esco/occupation/x',
  isco: '2511',
  onetSoc: '15-1243.00',
  confidence: 0.9,
  version: 'r1',
};
const place = {
  cities: ['Munich, DE-02'],
  regions: ['DE-02', 'DE-02'],
  countries: ['DE'],
  metros: ['DE-Munich'],
  remoteScope: ['EU'],
  version: 'p1',
};
const salary = {
  min: 5000,
  max: 6000,
  currency: 'EUR',
  period: 'month' as const,
  annualMin: 60_000,
  annualMax: 72_000,
  annualMid: 66_000,
  fromText: false,
  currencyInferred: false,
  periodInferred: false,
};

const posting: StoredPosting = {
  id: 'board:1',
  source: 'board',
  url: 'https://jobs.example.com/1',
  title: 'Data Engineer',
  company: 'Acme',
  locations: ['Munich'],
  country: 'DE',
  remote: 'hybrid',
  employmentType: null,
  seniority: 'mid',
  salary,
  datePosted: '2025-01-15',
  dateInferred: false,
  validThrough: null,
  descriptionText: 'text',
  descriptionHtml: null,
  contentHash: 'h',
  skills: [{ skillId: 'python', level: 'required', count: 1 }],
  taxonomyVersion: 't',
  extractorVersion: 'e',
  role,
  place,
  canonicalId: null,
  firstSeen: '2025-01-15T00:00:00.000Z',
  lastSeen: '2025-01-15T00:00:00.000Z',
  expired: false,
};

describe('posting documents: role, place and pay', () => {
  it('index the role id, ISCO group, place lists (as stored and case-folded) and pay figures; read back whole', () => {
    const doc = toDoc(posting);
    expect(doc).toMatchObject({
      role_id: 'data-engineer',
      role_isco: '2511',
      cities: ['Munich, DE-02'],
      cities_key: ['munich, de-02'],
      regions: ['DE-02'],
      place_countries: ['DE'],
      metros: ['DE-Munich'],
      metros_key: ['de-munich'],
      salary_currency: 'EUR',
      salary_annual_mid: 66_000,
      salary_from_text: false,
    });
    expect(fromDoc(JSON.parse(JSON.stringify(doc)) as PostingDoc)).toEqual(posting);
  });

  it('carry no pay figures without a currency or an annual midpoint, and null role and place when not derived', () => {
    for (const pay of [{ ...salary, currency: null }, { ...salary, annualMid: null }, null]) {
      const doc = toDoc({ ...posting, salary: pay, role: null, place: null });
      expect(doc).toMatchObject({ salary_currency: null, salary_annual_mid: null, role_id: null, cities: [], metros_key: [] });
      expect(fromDoc(doc)).toMatchObject({ salary: pay, role: null, place: null });
    }
  });

  it('read a schema-1 document (no role or place anywhere) as not derived', () => {
    const doc = toDoc(posting) as Partial<PostingDoc> & { stored: Partial<PostingDoc['stored']> };
    delete doc.role_id;
    delete doc.stored.role;
    delete doc.stored.place;
    expect(fromDoc(doc as PostingDoc)).toMatchObject({ role: null, place: null, salary });
    expect(sameDimensions(doc, { role: null, place: null })).toBe(true);
    expect(sameDimensions(doc, { role, place: null })).toBe(false);
  });

  it('map every field a document has (the mapping is strict)', () => {
    const properties = Object.keys(postingMappings().properties ?? {});
    expect(properties).toEqual(expect.arrayContaining(Object.keys(toDoc(posting))));
  });
});
