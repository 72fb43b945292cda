import { describe, expect, it } from 'vitest';
import { countryCode, locationsOf } from '../../../src/normalise/place.js';

describe('countryCode', () => {
  it('reads codes, names, common aliases and Country objects', () => {
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode('NLD')).toBe('NL');
    expect(countryCode('Holland')).toBe('NL');
    expect(countryCode('England')).toBe('GB');
    expect(countryCode('Germany, ')).toBe('DE');
    expect(countryCode({ '@type': 'Country', name: 'Sweden' })).toBe('SE');
  });

  it('gives null instead of guessing', () => {
    expect(countryCode('XX')).toBeNull();
    expect(countryCode('Remote')).toBeNull();
    expect(countryCode('')).toBeNull();
    expect(countryCode(49)).toBeNull();
  });
});

describe('locationsOf', () => {
  it('reads each place as "Locality, Region", else its address string or name, once each', () => {
    const { locations, country } = locationsOf({
      jobLocation: [
        { '@type': 'Place', address: { addressLocality: 'Austin', addressRegion: 'TX', addressCountry: 'USA' } },
        { '@type': 'Place', name: 'HQ', address: 'Dublin, Ireland' },
        { '@type': 'Place', name: 'Lisbon Office' },
        'austin,  tx',
        { addressLocality: 'Porto', addressCountry: 'PT' },
      ],
    });
    expect(locations).toEqual(['Austin, TX', 'Dublin, Ireland', 'Lisbon Office', 'Porto']);
    // The first country named wins.
    expect(country).toBe('US');
  });

  it('takes the country from the applicant location requirement when no place names one', () => {
    expect(locationsOf({ applicantLocationRequirements: { '@type': 'Country', name: 'Canada' } })).toEqual({
      locations: [],
      country: 'CA',
    });
    expect(locationsOf({})).toEqual({ locations: [], country: null });
  });
});
