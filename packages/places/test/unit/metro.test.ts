import { beforeAll, describe, expect, it } from 'vitest';
import { gazetteer } from '../../src/gazetteer.js';
import { distanceKm, METRO_MIN_POPULATION, METRO_RADIUS_KM, metroById, metroOf } from '../../src/metro.js';
import { nameKey } from '../../src/normalise.js';
import type { City } from '../../src/types.js';

const city = (name: string, country: string, admin?: string): City => {
  const found = gazetteer()
    .byName.get(nameKey(name))
    ?.find((c) => c.country === country && (admin === undefined || c.admin === admin));
  if (found === undefined) throw new Error(`no ${name} in ${country}`);
  return found;
};

// Loading the gazetteer takes a few seconds on a busy machine.
beforeAll(() => {
  gazetteer();
}, 60_000);

describe('metro rule', () => {
  it('uses 250,000 inhabitants and 50 km', () => {
    expect([METRO_MIN_POPULATION, METRO_RADIUS_KM]).toEqual([250_000, 50]);
  });

  it('measures great-circle distance', () => {
    expect(distanceKm(city('Oakland', 'US', 'CA'), city('San Francisco', 'US'))).toBeCloseTo(13.5, 0);
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111.19, 1);
  });

  it('files a core city under itself and a nearby smaller core under the larger one', () => {
    expect(metroOf(city('San Francisco', 'US'))?.id).toBe('US-san-francisco');
    // Oakland (419k) is a core itself, but San Francisco (865k) is 13.5 km away and larger.
    expect(metroOf(city('Oakland', 'US', 'CA'))).toMatchObject({ id: 'US-san-francisco', name: 'San Francisco' });
    expect(metroOf(city('Brooklyn', 'US', 'NY'))?.id).toBe('US-new-york-city');
  });

  it('gives Mountain View to San Jose: San Francisco is more than 50 km away', () => {
    expect(distanceKm(city('Mountain View', 'US', 'CA'), city('San Francisco', 'US'))).toBeGreaterThan(50);
    expect(metroOf(city('Mountain View', 'US', 'CA'))?.id).toBe('US-san-jose');
  });

  it('leaves a city with no large city within 50 km without a metro', () => {
    expect(metroOf(city('Portland', 'US', 'ME'))).toBeNull();
    expect(metroOf(city('Cambridge', 'GB'))).toBeNull();
  });

  it('follows a core that belongs to a larger metro (Luján → Morón → Buenos Aires)', () => {
    const lujan = city('Luján', 'AR');
    expect(distanceKm(lujan, city('Buenos Aires', 'AR'))).toBeGreaterThan(50);
    expect(metroOf(lujan)?.id).toBe('AR-buenos-aires');
  });

  it('stays within the country', () => {
    expect(metroOf(city('Hong Kong', 'HK'))?.id).toBe('HK-hong-kong');
    expect(metroOf(city('El Paso', 'US'))?.id).toBe('US-el-paso');
  });

  it('finds a metro by id', () => {
    expect(metroById('US-san-francisco')?.name).toBe('San Francisco');
    expect(metroById('US-oakland')).toBeNull();
    expect(metroById('nowhere')).toBeNull();
  });
});
