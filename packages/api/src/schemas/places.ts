import { type Static, Type } from 'typebox';
import {
  ChosenSkill,
  FilterQuery,
  IncludeDescendantsQuery,
  limit,
  literals,
  NullableNumber,
  ReportStamp,
  ShareCell,
  ShareCellProperties,
} from './common.js';

/** `/api/places`: a skill's location quotient per place (docs/places.md). */

export const PLACE_LEVELS = ['metro', 'city', 'region', 'country'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

export const PlacesQuery = Type.Object({
  ...FilterQuery.properties,
  skill: Type.String({ minLength: 1, maxLength: 200, description: 'The skill (id, name or alias) whose location quotient to compute' }),
  by: Type.Optional(literals(PLACE_LEVELS, { default: 'metro', description: 'Place level' })),
  limit: limit(200, 20),
  ...IncludeDescendantsQuery,
});
export type PlacesQuery = Static<typeof PlacesQuery>;

export const PlaceRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  place: Type.String({ description: 'The place id: metro id (US-san-francisco), city ("Munich, DE-02"), region (US-CA) or country (DE)' }),
  label: Type.String({ description: 'A readable name derived from the id (no gazetteer look-up)' }),
  /** postings = postings here asking for the skill; totalPostings = postings here. */
  ...ShareCellProperties,
  lq: NullableNumber({ description: "Location quotient: the skill's share here / its share everywhere in the filter" }),
  lqLow: NullableNumber({ description: 'Lower end of the 95% Katz log interval' }),
  lqHigh: NullableNumber({ description: 'Upper end of the 95% Katz log interval' }),
});
export type PlaceRow = Static<typeof PlaceRow>;

export const PlacesReport = Type.Object({
  stamp: ReportStamp,
  by: literals(PLACE_LEVELS),
  skill: ChosenSkill,
  overall: ShareCell,
  rows: Type.Array(PlaceRow, { description: 'Places with the most postings first' }),
});
export type PlacesReport = Static<typeof PlacesReport>;
