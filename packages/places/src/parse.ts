import { gazetteer } from './gazetteer.js';
import { metroOf } from './metro.js';
import { nameKey } from './normalise.js';
import { countryOf, type RegionRef, regionsOf, scopeRegionOf } from './regions.js';
import { type Segment, segments, stripArea } from './tokens.js';
import type { City, LocationHints, Place } from './types.js';

/** A token that also names a region or country is read as a city only if that city has at least this many inhabitants. */
const CITY_OVER_REGION_POPULATION = 100_000;
/** A lone name confirmed by no region, country or hint is read as a city only if it has this many inhabitants. */
const SMALL_CITY = 15_000;

interface Token {
  text: string;
  country: string | null;
  regions: RegionRef[];
  cities: City[];
  scope: string | null;
  metroCore: City | null;
}

interface Resolved {
  city: City | null;
  metroCore: City | null;
  region: string | null;
  country: string | null;
  confidence: number;
  scope: string[];
}

function interpret(text: string): Token {
  const { byName, metroAliases } = gazetteer();
  const metroCore = metroAliases.get(nameKey(text)) ?? null;
  const place = stripArea(text);
  const isCode = /^[A-Z]{2,3}$/.test(place);
  return {
    text: place,
    country: countryOf(place),
    regions: regionsOf(place),
    // Upper-case codes are never city names ("LA", "DE"), except nicknames the alias table lists ("NYC", "SF").
    cities: metroCore !== null ? [] : (byName.get(nameKey(place)) ?? []).filter((c) => !isCode || c.name !== place),
    scope: scopeRegionOf(place),
    metroCore,
  };
}

const inRegion = (city: City, token: Token) =>
  token.country === city.country || token.regions.some((r) => r.country === city.country && r.code === city.admin);
const inCountry = (city: City, token: Token) => token.country === city.country || token.regions.some((r) => r.country === city.country);
const constrains = (token: Token) => token.country !== null || token.regions.length > 0;

function resolveSegment(segment: Segment, hints: LocationHints | undefined): Resolved {
  const tokens = segment.tokens.map(interpret);
  const cityAt = tokens.findIndex((token, i) => {
    if (token.cities.length === 0 || token.scope !== null) return false;
    if (!constrains(token)) return true;
    // "New York" (a city and a state), "Singapore" (a city and a country): a city only if a big one.
    const others = tokens.filter((t, j) => j !== i && t.scope === null && constrains(t));
    return token.cities.some((c) => c.population >= CITY_OVER_REGION_POPULATION && others.every((t) => inRegion(c, t)));
  });
  const constraints = tokens.filter((t, i) => i !== cityAt && t.scope === null && constrains(t));
  const scope: string[] = [];
  for (const [i, token] of tokens.entries()) {
    if (i === cityAt) continue;
    if (token.scope !== null) scope.push(token.scope);
    else if (segment.remote && token.country !== null) scope.push(token.country);
  }
  const metroCore = tokens.find((t) => t.metroCore !== null)?.metroCore ?? null;
  if (cityAt >= 0) {
    const candidates = tokens[cityAt]!.cities;
    let pool = candidates.filter((c) => constraints.every((t) => inRegion(c, t)));
    let confidence = constraints.length > 0 ? 1 : 0.9;
    if (pool.length === 0) {
      pool = candidates.filter((c) => constraints.every((t) => inCountry(c, t)));
      confidence = 0.6;
    }
    if (pool.length > 0) {
      const hinted = hints?.country === undefined ? [] : pool.filter((c) => c.country === hints.country?.toUpperCase());
      if (hinted.length > 0 && hinted.length < pool.length) {
        pool = hinted;
        confidence = Math.min(confidence, 0.8);
      }
      const [best, second] = pool as [City, City | undefined];
      if (second !== undefined && second.population * 10 > best.population) confidence = Math.min(confidence, 0.7);
      // A lone word matching only a village ("Home", Washington) is more likely not a place at all.
      const unconfirmed = constraints.length === 0 && best.population < SMALL_CITY;
      if (!unconfirmed) return { city: best, metroCore, region: best.admin, country: best.country, confidence, scope };
    }
  }
  // No city: the most specific stated region or country, read right to left.
  let country: string | null = null;
  let region: string | null = null;
  // Countries named in a remote alternative are where remote work is allowed, not where the job is.
  const stated = segment.remote ? constraints.filter((t) => t.country === null) : constraints;
  for (const token of [...stated].reverse()) {
    const hinted = token.regions.filter((r) => r.country === (country ?? hints?.country?.toUpperCase()));
    if (country === null && token.country !== null && hinted.length === 0) country = token.country;
    else if (region === null) {
      const refs = hinted.length > 0 ? hinted : token.regions;
      if (refs.length === 1 || (refs.length > 0 && refs.every((r) => r.country === refs[0]!.country && r.code === refs[0]!.code))) {
        country ??= refs[0]!.country;
        if (refs[0]!.country === country) region = refs[0]!.code;
      }
    }
  }
  if (metroCore !== null) {
    return { city: null, metroCore, region: metroCore.admin, country: metroCore.country, confidence: 0.8, scope };
  }
  return { city: null, metroCore: null, region, country, confidence: country !== null ? 0.7 : 0, scope };
}

/**
 * Parses a posting's location ("San Francisco, CA", "Remote (US)", "US-CA-Mountain View")
 * into city, region, country, metro and remote scope. The first call loads the gazetteer
 * (≈2–3 s); later calls take microseconds. Never throws: what it cannot read comes back null.
 */
export function parseLocation(raw: string, hints?: LocationHints): Place {
  const place: Place = {
    raw,
    city: null,
    region: null,
    country: null,
    metro: null,
    metroName: null,
    remote: false,
    remoteScope: [],
    lat: null,
    lon: null,
    confidence: 0,
  };
  const parts = segments(raw, (code) => countryOf(code) !== null);
  if (parts.length === 0) return place;
  const resolved = parts.map((part) => resolveSegment(part, hints));
  place.remote = parts.some((part) => part.remote);
  const scope = new Set<string>();
  for (const [i, part] of parts.entries()) {
    for (const item of resolved[i]!.scope) if (place.remote && (part.remote || countryOf(item) === null)) scope.add(item);
  }
  place.remoteScope = [...scope];
  // Physical place: the first segment naming a city, else a metro, else a region or country.
  const best =
    resolved.find((r) => r.city !== null) ?? resolved.find((r) => r.metroCore !== null) ?? resolved.find((r) => r.country !== null);
  if (best !== undefined) {
    const at = best.city ?? best.metroCore;
    const metro = at === null ? null : metroOf(at);
    Object.assign(place, {
      city: best.city?.name ?? null,
      region: best.region,
      country: best.country,
      metro: metro?.id ?? null,
      metroName: metro?.name ?? null,
      lat: at?.lat ?? null,
      lon: at?.lon ?? null,
      confidence: best.confidence,
    });
  } else if (place.remote) {
    place.confidence = 0.9;
  }
  if (place.remote && place.country === null && place.remoteScope.length === 1 && countryOf(place.remoteScope[0]!) !== null) {
    place.country = place.remoteScope[0]!;
  }
  if (parts.some((part) => part.multiple) && best === undefined) place.confidence = 0;
  return place;
}
