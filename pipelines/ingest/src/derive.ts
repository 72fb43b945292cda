import type { NormalisedPosting, PostingPlace, PostingRole, StoredPosting } from '@skillpulse/core';
import { PLACES_VERSION, parseLocation } from '@skillpulse/places';
import { loadRoleCatalogue, type RoleCatalogue, TitleClassifier, type TitleRole } from '@skillpulse/roles';

/** Titles whose role is kept between postings, and location lists whose place is (a few MB at most). */
const TITLE_CACHE_SIZE = 20_000;

/**
 * What ingestion derives from a posting after extraction: its role (from the title, with the skills as
 * evidence; docs/roles.md) and its place (from its locations; docs/places.md), each stamped with the
 * version of the data and rules that produced it so that `skillpulse reindex` can re-derive them.
 */
export interface Derived {
  role: PostingRole;
  place: PostingPlace;
  /** The posting's country: its own, or the one country its places name when it had none. */
  country: string | null;
}

/**
 * Derives roles and places. Build one per run (or per process), never per posting: the first
 * derivation loads the ESCO index and the GeoNames gazetteer (2–5 s, ≈120–200 MB RSS, once). Saying
 * whether a stored posting is current needs neither, so a reindex with nothing to re-derive loads
 * nothing but the role catalogue.
 */
export class PostingDeriver {
  readonly roleVersion: string;
  readonly placesVersion = PLACES_VERSION;
  private readonly catalogue: RoleCatalogue | null;
  private loaded: TitleClassifier | undefined;

  /** `classifier`: a TitleClassifier on another role catalogue (tests, a mapping upgrade); default the shipped one. */
  constructor(options: { classifier?: TitleClassifier } = {}) {
    this.loaded = options.classifier;
    this.catalogue = options.classifier ? null : loadRoleCatalogue();
    this.roleVersion = options.classifier?.version ?? (this.catalogue as RoleCatalogue).version;
  }

  /** The title classifier, loaded on first use (the ESCO index). */
  get classifier(): TitleClassifier {
    this.loaded ??= new TitleClassifier(this.catalogue ?? undefined);
    return this.loaded;
  }

  /**
   * Classifying a title costs milliseconds (the ESCO similarity search), and boards repeat titles. A
   * title decided by a role phrase or a qualifier does not depend on the skills, so its answer is kept;
   * generic and ambiguous titles, which the skills may decide, are classified every time.
   */
  private readonly byTitle = new Map<string, TitleRole>();

  private classify(title: string, skillIds: readonly string[]): TitleRole {
    const known = this.byTitle.get(title);
    if (known) return known;
    const found = this.classifier.classify(title, skillIds);
    if (found.evidence === 'title' || found.evidence === 'qualifier') {
      if (this.byTitle.size >= TITLE_CACHE_SIZE) this.byTitle.clear();
      this.byTitle.set(title, found);
    }
    return found;
  }

  /** True when a stored posting's role and place were derived with the current versions. */
  isCurrent(posting: Pick<StoredPosting, 'role' | 'place'>): boolean {
    return posting.role?.version === this.roleVersion && posting.place?.version === this.placesVersion;
  }

  role(title: string, skillIds: readonly string[]): PostingRole {
    const found = this.classify(title, skillIds);
    return {
      id: found.role.id,
      occupationUri: found.occupation.uri,
      isco: found.occupation.isco,
      onetSoc: found.onetSoc,
      confidence: found.confidence,
      version: this.roleVersion,
    };
  }

  /** Places of recent location lists: boards repeat a few thousand locations (parsing one reads the gazetteer). */
  private readonly byLocations = new Map<string, PlaceSets>();

  /** The place of a list of locations: a record of its own each time (callers own what they are given). */
  place(locations: readonly string[], country: string | null): PostingPlace {
    const key = `${country ?? ''}\u0000${locations.join('\u0000')}`;
    let found = this.byLocations.get(key);
    if (!found) {
      found = parsePlaces(locations, country);
      if (this.byLocations.size >= TITLE_CACHE_SIZE) this.byLocations.clear();
      this.byLocations.set(key, found);
    }
    return {
      cities: [...found.cities],
      regions: [...found.regions],
      countries: [...found.countries],
      metros: [...found.metros],
      remoteScope: [...found.remoteScope],
      version: this.placesVersion,
    };
  }

  /** Role, place and country of one posting; `skillIds` are the taxonomy ids extracted from it. */
  derive(posting: Pick<NormalisedPosting, 'title' | 'locations' | 'country'>, skillIds: readonly string[]): Derived {
    const place = this.place(posting.locations, posting.country);
    const only = place.countries.length === 1 ? (place.countries[0] as string) : null;
    return { role: this.role(posting.title, skillIds), place, country: posting.country ?? only };
  }
}

let shared: PostingDeriver | undefined;

/** The process's deriver on the shipped role catalogue and gazetteer, built on first use. */
export function defaultDeriver(): PostingDeriver {
  shared ??= new PostingDeriver();
  return shared;
}

/** The cities, regions, countries, metros and remote scopes a list of locations names, each once. */
type PlaceSets = Record<'cities' | 'regions' | 'countries' | 'metros' | 'remoteScope', Set<string>>;

function parsePlaces(locations: readonly string[], country: string | null): PlaceSets {
  const sets: PlaceSets = { cities: new Set(), regions: new Set(), countries: new Set(), metros: new Set(), remoteScope: new Set() };
  for (const raw of locations) {
    const place = parseLocation(raw, country ? { country } : undefined);
    const region = place.country && place.region ? `${place.country}-${place.region}` : null;
    if (place.city) sets.cities.add(region ? `${place.city}, ${region}` : place.country ? `${place.city}, ${place.country}` : place.city);
    if (region) sets.regions.add(region);
    if (place.country) sets.countries.add(place.country);
    if (place.metro) sets.metros.add(place.metro);
    for (const scope of place.remoteScope) sets.remoteScope.add(scope);
  }
  return sets;
}
