import { type Static, type TSchema, type TUnsafe, Type } from 'typebox';

/**
 * Building blocks of the API's schemas: the filters every analytics route accepts, and the parts
 * every report answers with (its stamp, a share, a change). Types are derived from these schemas
 * (`Static<typeof …>`), so the code and the OpenAPI document cannot disagree.
 */

/** A number or null, as one JSON-schema type list (serialised without trying branches). */
export const NullableNumber = (options: Record<string, unknown> = {}) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], ...options });
export const NullableInteger = (options: Record<string, unknown> = {}) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], ...options });
export const NullableString = (options: Record<string, unknown> = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
export const NullableBoolean = (options: Record<string, unknown> = {}) =>
  Type.Unsafe<boolean | null>({ type: ['boolean', 'null'], ...options });
/** An object or null. */
export const Nullable = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) => Type.Union([schema, Type.Null()], options);

/** A union of string literals: `literals(['a', 'b'])` is `'a' | 'b'`. */
export const literals = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TUnsafe<T[number]>;

/** `limit`: rows to return, a whole number from 1 to `max`. */
export const limit = (max: number, defaultValue: number) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum: max, default: defaultValue, description: `Rows to return, at most ${max}` }));

/** A skill given by id, name or alias. */
export const skillParam = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

export const REMOTE_VALUES = ['remote', 'hybrid', 'onsite', 'unknown'] as const;
export const SENIORITY_VALUES = ['intern', 'junior', 'mid', 'senior', 'lead', 'unknown'] as const;

/** `bom=1`: CSV only, start the file with a UTF-8 byte-order mark. */
export const BomParam = Type.Optional(literals(['0', '1'], { description: 'CSV only: 1 starts the file with a UTF-8 BOM for Excel' }));

/** Filters every analytics route accepts. */
export const FilterQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'First day of the window, YYYY-MM-DD (inclusive)' })),
  to: Type.Optional(Type.String({ description: 'Last day of the window, YYYY-MM-DD (inclusive)' })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Source name, e.g. hackernews' })),
  company: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Company name, case-insensitive' })),
  country: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'ISO 3166-1 alpha-2 country code, any case, e.g. DE' })),
  remote: Type.Optional(literals(REMOTE_VALUES)),
  seniority: Type.Optional(literals(SENIORITY_VALUES)),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Taxonomy category: only its skills are counted' })),
  role: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Role family id (GET /api/roles lists them; "unknown": no family)' }),
  ),
  city: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'City as places names it, e.g. "Munich, DE-02"' })),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Region: country and admin-1 code, e.g. US-CA, GB-ENG' })),
  metro: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Metro area id, e.g. US-san-francisco (docs/places.md)' })),
  asOf: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        "Pin the report: a dataVersion as printed in a report's stamp; counts only postings stored up to that version (docs/reports.md, asOf)",
    }),
  ),
  bom: BomParam,
});
export type FilterQuery = Static<typeof FilterQuery>;

/** `includeDescendants`: the parameter of every report that selects skills (`skill=`, `skills=`, `/api/skills/:id`). */
export const IncludeDescendantsQuery = {
  includeDescendants: Type.Optional(
    Type.Boolean({
      description:
        'true: count each selected skill together with all its descendants in the taxonomy (Java with Spring, Spring Boot, …); a posting asking for several of them counts once',
    }),
  ),
};

/** What produced a report: stamped on every JSON response and CSV export. */
export const ReportStamp = Type.Object({
  generatedAt: Type.String({ description: 'When the report was computed (ISO date and time)' }),
  backend: Type.String({ description: 'Store backend: sqlite or elasticsearch' }),
  dataVersion: Type.String({
    description:
      'Changes whenever the stored data changes: two reports with the same one saw the same data. Give it as asOf= to pin a report to it; a pinned report prints the version it is pinned to',
  }),
  asOf: Type.Optional(
    Type.String({ description: 'Only on a pinned report (asOf=): the time up to which its postings were stored (ISO date and time)' }),
  ),
  taxonomyVersion: Type.String(),
  roleMappingVersion: Type.Optional(
    Type.String({ description: 'Version of the role list and mapping rules; on reports that filter or group by role' }),
  ),
  extractorVersions: Type.Array(Type.String()),
  methodology: Type.String(),
  query: Type.Record(Type.String(), Type.Unknown(), { description: 'The parameters the report was computed with, defaults filled in' }),
});
export type ReportStamp = Static<typeof ReportStamp>;

/** A share of unique postings as every report gives it. */
export const ShareCellProperties = {
  postings: Type.Integer({ minimum: 0, description: 'Unique postings counted' }),
  totalPostings: Type.Integer({ minimum: 0, description: 'Unique postings the share is of' }),
  share: NullableNumber({ description: 'postings / totalPostings; null when totalPostings is 0' }),
  shareLow: NullableNumber({ description: 'Lower end of the 95% Wilson interval' }),
  shareHigh: NullableNumber({ description: 'Upper end of the 95% Wilson interval' }),
  tooSmall: Type.Boolean({ description: 'Fewer unique postings than the minimum cell: the share is not reliable' }),
};
export const ShareCell = Type.Object(ShareCellProperties);
export type ShareCell = Static<typeof ShareCell>;

/** The change of a share against a baseline window; null fields when either window is too small to test. */
export const ShareChangeProperties = {
  previousPostings: NullableInteger(),
  previousTotalPostings: NullableInteger(),
  previousShare: NullableNumber(),
  changePp: NullableNumber({ description: 'Change in percentage points' }),
  changeLowPp: NullableNumber({ description: 'Lower end of the Newcombe 95% interval of the change' }),
  changeHighPp: NullableNumber({ description: 'Upper end of the Newcombe 95% interval of the change' }),
  relativeChange: NullableNumber(),
  pValue: NullableNumber(),
  qValue: NullableNumber({ description: 'Benjamini-Hochberg q-value across the listed skills' }),
  significant: NullableBoolean({ description: 'q <= 0.05' }),
  test: NullableString({ description: 'The test used: z (two-proportion z-test) or fisher' }),
};
export const ShareChange = Type.Object(ShareChangeProperties);
export type ShareChange = Static<typeof ShareChange>;

/** A skill as a report row names it. */
export const SkillLabelProperties = {
  skillId: Type.String(),
  name: Type.String(),
  category: Type.String(),
};

/** With `includeDescendants=true`: the skills counted together (the skill, then its descendants). */
export const IncludedSkills = Type.Optional(
  Type.Array(Type.Object({ skillId: Type.String(), name: Type.String() }), {
    description: 'Only with includeDescendants=true: the skills counted together (the skill, then its descendants)',
  }),
);

/** The skill a report is about; with `includeDescendants=true`, `includedSkills` are the skills counted as it. */
export const ChosenSkill = Type.Object({ ...SkillLabelProperties, includedSkills: IncludedSkills });
