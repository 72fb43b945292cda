import { describe, expect, it } from 'vitest';
import { countryCode, parseLocation } from '../../src/index.js';

describe('countryCode (fields that hold a country)', () => {
  it('reads codes in any case, names in the registered locales, aliases and UK nations', () => {
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode('NLD')).toBe('NL');
    expect(countryCode('Deutschland')).toBe('DE');
    expect(countryCode('U.S.A.')).toBe('US');
    expect(countryCode('U.K.')).toBe('GB');
    expect(countryCode('Holland')).toBe('NL');
    expect(countryCode('England')).toBe('GB');
    expect(countryCode('Scotland')).toBe('GB');
  });

  it('gives null instead of guessing, and leaves "England" a region in a location', () => {
    expect(countryCode('XX')).toBeNull();
    expect(countryCode('Remote')).toBeNull();
    expect(countryCode('California')).toBeNull();
    expect(countryCode('ENG')).toBeNull();
    expect(countryCode('')).toBeNull();
    // The same name in a free-text location is the region of the city, as before.
    expect(parseLocation('London, England')).toMatchObject({ city: 'London', region: 'ENG', country: 'GB' });
  }, 60_000);
});
