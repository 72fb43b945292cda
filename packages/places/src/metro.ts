import { gazetteer } from './gazetteer.js';
import { slug } from './normalise.js';
import type { City } from './types.js';

/**
 * The metro rule (docs/places.md): a city's metro is the largest city of at least
 * METRO_MIN_POPULATION inhabitants in the same country within METRO_RADIUS_KM
 * (great-circle) of it, itself included if it qualifies; a city with none has no metro.
 * Same country, so that El Paso is not filed under Juárez nor Hong Kong under Shenzhen. When that core city itself
 * lies within the radius of a larger core, the city follows it (and so on), so every
 * metro is named after a core that is its own metro. Sections of cities (GeoNames
 * PPLX, e.g. Hamburg-Wandsbek) are never cores.
 */
export const METRO_MIN_POPULATION = 250_000;
export const METRO_RADIUS_KM = 50;

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export interface Metro {
  /** "<country>-<core name slug>", with the core's region inserted when two cores in a country share a name. */
  id: string;
  name: string;
  core: City;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface CoreIndex {
  /** 1°×1° cells ("lat:lon" of the cell's south-west corner) → cores in it. */
  grid: Map<string, City[]>;
  ids: Map<City, string>;
  memo: Map<number, Metro | null>;
}

let cores: CoreIndex | undefined;

function coreIndex(): CoreIndex {
  if (cores !== undefined) return cores;
  const grid = new Map<string, City[]>();
  const list = gazetteer().cities.filter((c) => c.population >= METRO_MIN_POPULATION && c.featureCode !== 'PPLX');
  for (const city of list) {
    const key = `${Math.floor(city.lat)}:${Math.floor(city.lon)}`;
    const cell = grid.get(key);
    if (cell === undefined) grid.set(key, [city]);
    else cell.push(city);
  }
  const bySlug = new Map<string, City[]>();
  for (const city of list) {
    const key = `${city.country}-${slug(city.name)}`;
    bySlug.set(key, [...(bySlug.get(key) ?? []), city]);
  }
  const ids = new Map<City, string>();
  for (const [key, same] of bySlug) {
    for (const city of same) ids.set(city, same.length === 1 ? key : `${city.country}-${city.admin}-${slug(city.name)}`);
  }
  cores = { grid, ids, memo: new Map() };
  return cores;
}

/** The largest core within the radius of `city` (itself included), or null. */
function largestCoreNear(city: City, index: CoreIndex): City | null {
  const latCells = Math.ceil(METRO_RADIUS_KM / KM_PER_DEGREE);
  const cosLat = Math.cos((Math.min(89.9, Math.abs(city.lat) + latCells + 1) * Math.PI) / 180);
  const lonCells = Math.min(180, Math.ceil(METRO_RADIUS_KM / (KM_PER_DEGREE * cosLat)));
  const cellLat = Math.floor(city.lat);
  const cellLon = Math.floor(city.lon);
  let best: City | null = null;
  for (let dy = -latCells; dy <= latCells; dy++) {
    for (let dx = -lonCells; dx <= lonCells; dx++) {
      const lon = ((((cellLon + dx + 180) % 360) + 360) % 360) - 180;
      for (const core of index.grid.get(`${cellLat + dy}:${lon}`) ?? []) {
        if (core.country !== city.country || (best !== null && core.population <= best.population)) continue;
        if (distanceKm(city, core) <= METRO_RADIUS_KM) best = core;
      }
    }
  }
  return best;
}

/** The metro of a gazetteer city under the metro rule, or null; computed on first request and cached. */
export function metroOf(city: City): Metro | null {
  const index = coreIndex();
  const cached = index.memo.get(city.id);
  if (cached !== undefined) return cached;
  let core = largestCoreNear(city, index);
  // Follow cores that belong to a larger core's metro; population strictly increases, so this ends.
  for (let next = core && largestCoreNear(core, index); next !== null && next !== core; next = largestCoreNear(next, index)) {
    core = next;
  }
  const metro = core === null ? null : { id: index.ids.get(core)!, name: core.name, core };
  index.memo.set(city.id, metro);
  return metro;
}

/** The metro with this id, or null (for the lead's `metro` filter and for listing metros). */
export function metroById(id: string): Metro | null {
  const index = coreIndex();
  for (const [city, cityId] of index.ids) {
    if (cityId === id) {
      const metro = metroOf(city);
      return metro?.id === id ? metro : null;
    }
  }
  return null;
}
