import { beforeAll, describe, expect, it } from 'vitest';
import { gazetteer } from '../../src/gazetteer.js';
import { parseLocation } from '../../src/parse.js';
import type { Place } from '../../src/types.js';

const pick = (place: Place) => ({ city: place.city, region: place.region, country: place.country, metro: place.metro });

// Loading the gazetteer takes a few seconds on a busy machine.
beforeAll(() => {
  gazetteer();
}, 60_000);

describe('parseLocation: strings from ATS feeds, JSON-LD and Hacker News', () => {
  it.each([
    ['San Francisco, CA', 'San Francisco', 'CA', 'US', 'US-san-francisco'],
    ['New York, NY, United States', 'New York City', 'NY', 'US', 'US-new-york-city'],
    ['NYC', 'New York City', 'NY', 'US', 'US-new-york-city'],
    ['London, England, United Kingdom', 'London', 'ENG', 'GB', 'GB-london'],
    ['Berlin, Germany', 'Berlin', '16', 'DE', 'DE-berlin'],
    ['München', 'Munich', '02', 'DE', 'DE-munich'],
    ['Hybrid - Amsterdam', 'Amsterdam', '07', 'NL', 'NL-amsterdam'],
    ['Bengaluru, Karnataka, India', 'Bengaluru', '19', 'IN', 'IN-bengaluru'],
    ['Bangalore', 'Bengaluru', '19', 'IN', 'IN-bengaluru'],
    ['São Paulo, Brazil', 'São Paulo', '27', 'BR', 'BR-sao-paulo'],
    ['Paris 75008', 'Paris', '11', 'FR', 'FR-paris'],
    ['Cambridge, MA', 'Cambridge', 'MA', 'US', 'US-boston'],
    ['Cambridge, UK', 'Cambridge', 'ENG', 'GB', null],
    ['Portland, OR', 'Portland', 'OR', 'US', 'US-portland'],
    ['Portland, ME', 'Portland', 'ME', 'US', null],
    ['Washington, DC', 'Washington, D.C.', 'DC', 'US', 'US-washington-dc'],
    ['US-CA-Mountain View', 'Mountain View', 'CA', 'US', 'US-san-jose'],
    ['Zurich, CH', 'Zürich', 'ZH', 'CH', 'CH-zurich'],
    ['Toronto, ON', 'Toronto', '08', 'CA', 'CA-toronto'],
    ['Sydney, NSW', 'Sydney', '02', 'AU', 'AU-sydney'],
    ['Perth, WA', 'Perth', '08', 'AU', 'AU-perth'],
    ['Seattle, WA', 'Seattle', 'WA', 'US', 'US-seattle'],
    ['Tulsa, OK', 'Tulsa', 'OK', 'US', 'US-tulsa'],
    ['Atlanta, Georgia', 'Atlanta', 'GA', 'US', 'US-atlanta'],
    ['Greater Boston Area', 'Boston', 'MA', 'US', 'US-boston'],
    ['Berlin, DE', 'Berlin', '16', 'DE', 'DE-berlin'],
    ['DEU-Berlin', 'Berlin', '16', 'DE', 'DE-berlin'],
    ['San Francisco CA 94105', 'San Francisco', 'CA', 'US', 'US-san-francisco'],
    ['Frankfurt', 'Frankfurt am Main', '05', 'DE', 'DE-frankfurt-am-main'],
    ['Ciudad de México', 'Mexico City', '09', 'MX', 'MX-mexico-city'],
  ])('%s → %s', (raw, city, region, country, metro) => {
    const place = parseLocation(raw);
    expect(pick(place)).toEqual({ city, region, country, metro });
    expect(place.raw).toBe(raw);
    expect(place.remote).toBe(false);
    expect(place.confidence).toBeGreaterThanOrEqual(0.9);
    expect(place.lat).toEqual(expect.any(Number));
  });

  it('reads a metro name as a metro without a city', () => {
    const place = parseLocation('SF Bay Area');
    expect(pick(place)).toEqual({ city: null, region: 'CA', country: 'US', metro: 'US-san-francisco' });
    expect(place.metroName).toBe('San Francisco');
  });

  it('reads countries by name, common name, code and in German', () => {
    expect(parseLocation('Deutschland').country).toBe('DE');
    expect(parseLocation('USA').country).toBe('US');
    expect(parseLocation('Germany').city).toBeNull();
    expect(pick(parseLocation('California'))).toEqual({ city: null, region: 'CA', country: 'US', metro: null });
    expect(pick(parseLocation('Ontario, Canada'))).toEqual({ city: null, region: '08', country: 'CA', metro: null });
  });

  it('reads a city-state as its city', () => {
    expect(pick(parseLocation('Singapore'))).toEqual({ city: 'Singapore', region: '01', country: 'SG', metro: 'SG-singapore' });
  });
});

describe('parseLocation: remote postings', () => {
  it.each([
    ['Remote', []],
    ['Anywhere', []],
    ['Remote (US)', ['US']],
    ['Remote - EU', ['EU']],
    ['Remote, EMEA', ['EMEA']],
    ['Remote (Canada)', ['CA']],
    ['Remote (US time zones)', ['US']],
    ['Remote, US only', ['US']],
    ['Remote in Germany', ['DE']],
    ['Remote (NA)', ['North America']],
    ['Remote - Americas', ['Americas']],
    ['Remote (UK or EU)', ['GB', 'EU']],
  ])('%s → scope %j', (raw, scope) => {
    const place = parseLocation(raw);
    expect(place.remote).toBe(true);
    expect(place.remoteScope).toEqual(scope);
    expect(place.city).toBeNull();
  });

  it('does not take a country from a multi-country scope', () => {
    const place = parseLocation('Remote - Poland, Portugal, Spain');
    expect(place.remoteScope).toEqual(['PL', 'PT', 'ES']);
    expect(place.country).toBeNull();
    expect(pick(parseLocation('Remote - California'))).toEqual({ city: null, region: 'CA', country: 'US', metro: null });
  });

  it('keeps the office and the remote scope of a mixed posting', () => {
    const place = parseLocation('Toronto, ON / Remote (Canada)');
    expect(pick(place)).toEqual({ city: 'Toronto', region: '08', country: 'CA', metro: 'CA-toronto' });
    expect(place.remote).toBe(true);
    expect(place.remoteScope).toEqual(['CA']);
  });

  it('takes the country of a single-country remote scope', () => {
    expect(parseLocation('Remote (US)').country).toBe('US');
    expect(parseLocation('Remote - EU').country).toBeNull();
  });

  it('does not count hybrid as remote', () => {
    expect(parseLocation('Hybrid - Amsterdam').remote).toBe(false);
  });
});

describe('parseLocation: ambiguity and refusal', () => {
  it('prefers the most populous same-named city without hints, and the hinted country with one', () => {
    expect(parseLocation('Cambridge').country).toBe('GB');
    expect(pick(parseLocation('Cambridge', { country: 'US' }))).toEqual({
      city: 'Cambridge',
      region: 'MA',
      country: 'US',
      metro: 'US-boston',
    });
    expect(parseLocation('Portland').region).toBe('OR');
    expect(parseLocation('London').country).toBe('GB');
    expect(parseLocation('London', { country: 'CA' }).region).toBe('08');
  });

  it('lets a stated region or country beat the hint', () => {
    expect(parseLocation('Cambridge, UK', { country: 'US' }).country).toBe('GB');
    expect(parseLocation('Portland, ME', { country: 'GB' }).region).toBe('ME');
  });

  it('gives lower confidence to a pick among comparable candidates', () => {
    expect(parseLocation('Cambridge').confidence).toBeLessThan(0.9);
    expect(parseLocation('Cambridge, MA').confidence).toBe(1);
  });

  it('never invents a city from a company, a word or a list', () => {
    // "Home" is Home, Washington (pop. < 15,000); alone and unconfirmed it is not read as a city, even with a hint.
    for (const raw of ['Remote', 'Acme Corp', 'Multiple locations', 'Office', 'Home', 'Home office', '', '   ']) {
      const place = parseLocation(raw);
      expect(place.city, raw).toBeNull();
    }
    expect(parseLocation('Home', { country: 'US' }).city).toBeNull();
    expect(parseLocation('Home, WA').city).toBe('Home');
    expect(parseLocation('Multiple locations').confidence).toBe(0);
    expect(parseLocation('Acme Corp').confidence).toBe(0);
  });

  it('drops a city that contradicts the stated country instead of guessing', () => {
    const place = parseLocation('Springfield, Germany');
    expect(place.city).toBeNull();
    expect(place.country).toBe('DE');
  });
});
