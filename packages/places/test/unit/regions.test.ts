import { describe, expect, it } from 'vitest';
import { countryOf, regionsOf, scopeRegionOf } from '../../src/regions.js';

describe('countryOf', () => {
  it('reads names in several languages, common names and codes', () => {
    expect(countryOf('Germany')).toBe('DE');
    expect(countryOf('Deutschland')).toBe('DE');
    expect(countryOf('United Kingdom')).toBe('GB');
    expect(countryOf('UK')).toBe('GB');
    expect(countryOf('U.S.')).toBe('US');
    expect(countryOf('The Netherlands')).toBe('NL');
    expect(countryOf('DEU')).toBe('DE');
    expect(countryOf('CH')).toBe('CH');
  });

  it('does not read lower-case words as codes', () => {
    expect(countryOf('de')).toBeNull();
    expect(countryOf('in')).toBeNull();
    expect(countryOf('Karnataka')).toBeNull();
  });
});

describe('regionsOf', () => {
  it('gives GeoNames admin codes', () => {
    expect(regionsOf('ON')).toEqual([{ country: 'CA', code: '08' }]);
    expect(regionsOf('California')).toEqual([{ country: 'US', code: 'CA' }]);
    expect(regionsOf('England')).toEqual([{ country: 'GB', code: 'ENG' }]);
    expect(regionsOf('WA')).toEqual([
      { country: 'US', code: 'WA' },
      { country: 'AU', code: '08' },
    ]);
    expect(regionsOf('D.C.')).toEqual([{ country: 'US', code: 'DC' }]);
  });
});

describe('scopeRegionOf', () => {
  it('names multi-country regions', () => {
    expect(scopeRegionOf('EMEA')).toBe('EMEA');
    expect(scopeRegionOf('European Union')).toBe('EU');
    expect(scopeRegionOf('Germany')).toBeNull();
  });
});
