import { MAX_SEARCH_WINDOW } from '@skillpulse/store';
import { type Static, type TObject, Type } from 'typebox';
import {
  ChosenSkill,
  FilterQuery,
  IncludeDescendantsQuery,
  IncludedSkills,
  limit,
  literals,
  Nullable,
  NullableInteger,
  NullableNumber,
  NullableString,
  ReportStamp,
  ShareCell,
  ShareCellProperties,
  ShareChangeProperties,
  SkillLabelProperties,
  skillParam,
} from './common.js';
import { RunsQuery } from './jobs.js';
import { PlacesQuery } from './places.js';
import { RoleDetailQuery, RolesQuery } from './roles.js';
import { SalaryQuery } from './salary.js';

/** The query and the JSON answer of every report route. */

export const MAX_TREND_SKILLS = 10;
export const MAX_POSTING_SKILLS = 10;
export const INTERVALS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const BREAKDOWN_FIELDS = [
  'company',
  'country',
  'location',
  'remote',
  'seniority',
  'source',
  'category',
  'role',
  'city',
  'metro',
  'region',
] as const;
export type BreakdownField = (typeof BREAKDOWN_FIELDS)[number];
export const COOCCURRENCE_SORTS = ['lift', 'count', 'jaccard'] as const;
export type CooccurrenceSort = (typeof COOCCURRENCE_SORTS)[number];

// ---- /api/skills and /api/skills/:id

export const SkillsQuery = Type.Object({
  ...FilterQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Search skill names and aliases (prefix matches first)' })),
  limit: limit(1000, 50),
});
export type SkillsQuery = Static<typeof SkillsQuery>;

export const SkillRecord = Type.Object({
  ...SkillLabelProperties,
  aliases: Type.Array(Type.String()),
  parent: NullableString({ description: 'Id of the parent skill in the taxonomy' }),
});
export type SkillRecord = Static<typeof SkillRecord>;

export const SkillListRow = Type.Object({
  ...SkillRecord.properties,
  postings: Type.Integer({ minimum: 0, description: 'Unique postings in the filter asking for the skill' }),
});
export type SkillListRow = Static<typeof SkillListRow>;

export const SkillsReport = Type.Object({
  stamp: ReportStamp,
  totalPostings: Type.Integer({ minimum: 0 }),
  skills: Type.Array(SkillListRow),
});
export type SkillsReport = Static<typeof SkillsReport>;

export const SkillParams = Type.Object({ id: skillParam('Skill id, name or alias') });
export const SkillDetailQuery = Type.Object({ ...FilterQuery.properties, ...IncludeDescendantsQuery });
export type SkillDetailQuery = Static<typeof SkillDetailQuery>;

export const SkillDetail = Type.Object({
  stamp: ReportStamp,
  skill: SkillRecord,
  includedSkills: IncludedSkills,
  demand: ShareCell,
  rank: NullableInteger({ description: 'Rank by postings among all skills in the filter; null when no posting asks for it' }),
  firstPosted: NullableString({ description: 'Date of the first unique posting asking for it in the filter' }),
  lastPosted: NullableString({ description: 'Date of the latest unique posting asking for it in the filter' }),
});
export type SkillDetail = Static<typeof SkillDetail>;

// ---- /api/top

export const TopQuery = Type.Object({ ...FilterQuery.properties, limit: limit(200, 20) });
export type TopQuery = Static<typeof TopQuery>;

/** A ranked skill with its share and its change against a baseline window (top, movers). */
const RankedShareRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  ...SkillLabelProperties,
  ...ShareCellProperties,
  ...ShareChangeProperties,
});

export const TopRow = RankedShareRow;
export type TopRow = Static<typeof TopRow>;

export const TopReport = Type.Object({
  stamp: ReportStamp,
  totalPostings: Type.Integer({ minimum: 0 }),
  previousWindow: Nullable(Type.Object({ from: Type.String(), to: Type.String(), totalPostings: Type.Integer({ minimum: 0 }) }), {
    description: 'The window the changes compare against (the same length, just before), or null without from and to',
  }),
  skills: Type.Array(TopRow),
});
export type TopReport = Static<typeof TopReport>;

// ---- /api/trends

export const TrendsQuery = Type.Object({
  ...FilterQuery.properties,
  skills: Type.String({ minLength: 1, maxLength: 1000, description: `Comma-separated skill ids or names, at most ${MAX_TREND_SKILLS}` }),
  interval: Type.Optional(literals(INTERVALS, { default: 'month' })),
  ...IncludeDescendantsQuery,
});
export type TrendsQuery = Static<typeof TrendsQuery>;

export const TrendPoint = Type.Object({ period: Type.String(), ...ShareCellProperties });
export type TrendPoint = Static<typeof TrendPoint>;

export const TrendSeries = Type.Object({
  ...SkillLabelProperties,
  includedSkills: IncludedSkills,
  points: Type.Array(TrendPoint),
});
export type TrendSeries = Static<typeof TrendSeries>;

export const TrendsReport = Type.Object({
  stamp: ReportStamp,
  interval: literals(INTERVALS),
  periods: Type.Array(Type.Object({ period: Type.String(), totalPostings: Type.Integer({ minimum: 0 }) })),
  series: Type.Array(TrendSeries),
});
export type TrendsReport = Static<typeof TrendsReport>;

// ---- /api/movers

export const MoversQuery = Type.Object({
  ...FilterQuery.properties,
  base_from: Type.Optional(
    Type.String({ description: 'First day of the baseline window (default: the window of equal length before from)' }),
  ),
  base_to: Type.Optional(Type.String({ description: 'Last day of the baseline window' })),
  limit: limit(200, 20),
});
export type MoversQuery = Static<typeof MoversQuery>;

export const MoverRow = RankedShareRow;
export type MoverRow = Static<typeof MoverRow>;

export const MoversWindow = Type.Object({ from: Type.String(), to: Type.String(), totalPostings: Type.Integer({ minimum: 0 }) });
export type MoversWindow = Static<typeof MoversWindow>;

export const MoversReport = Type.Object({
  stamp: ReportStamp,
  window: MoversWindow,
  baseline: MoversWindow,
  skillsTested: Type.Integer({ minimum: 0, description: 'Skills with at least the minimum cell of postings in either window' }),
  rising: Type.Array(MoverRow),
  declining: Type.Array(MoverRow),
});
export type MoversReport = Static<typeof MoversReport>;

// ---- /api/cooccurrence

export const CooccurrenceQuery = Type.Object({
  ...FilterQuery.properties,
  skill: skillParam('The skill (id or name) whose companions to list'),
  sort: Type.Optional(literals(COOCCURRENCE_SORTS, { default: 'lift' })),
  limit: limit(200, 20),
  ...IncludeDescendantsQuery,
});
export type CooccurrenceQuery = Static<typeof CooccurrenceQuery>;

export const CooccurrenceRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  ...SkillLabelProperties,
  postingsBoth: Type.Integer({ minimum: 0, description: 'Unique postings asking for both skills' }),
  postingsSkill: Type.Integer({ minimum: 0, description: 'Unique postings asking for this skill at all' }),
  conditional: ShareCell,
  lift: NullableNumber(),
  jaccard: NullableNumber(),
});
export type CooccurrenceRow = Static<typeof CooccurrenceRow>;

export const CooccurrenceReport = Type.Object({
  stamp: ReportStamp,
  skill: ChosenSkill,
  postings: Type.Integer({ minimum: 0, description: 'Unique postings asking for the chosen skill' }),
  totalPostings: Type.Integer({ minimum: 0 }),
  sort: literals(COOCCURRENCE_SORTS),
  skills: Type.Array(CooccurrenceRow),
});
export type CooccurrenceReport = Static<typeof CooccurrenceReport>;

// ---- /api/breakdown

export const BreakdownQuery = Type.Object({
  ...FilterQuery.properties,
  by: literals(BREAKDOWN_FIELDS, { description: 'Posting field (or skill category) to break down by' }),
  skill: Type.Optional(skillParam('Break down the postings asking for this skill')),
  limit: limit(200, 20),
  ...IncludeDescendantsQuery,
});
export type BreakdownQuery = Static<typeof BreakdownQuery>;

export const BreakdownRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  value: Type.String(),
  label: Type.Optional(Type.String({ description: 'by=role: the family name; by=metro: a readable metro name' })),
  ...ShareCellProperties,
});
export type BreakdownRow = Static<typeof BreakdownRow>;

export const BreakdownReport = Type.Object({
  stamp: ReportStamp,
  by: literals(BREAKDOWN_FIELDS),
  skill: Nullable(ChosenSkill),
  postings: Type.Integer({ minimum: 0, description: 'Unique postings in the filter (asking for the skill, when one is given)' }),
  shareOf: Type.String({ description: "What each row's share is of" }),
  rows: Type.Array(BreakdownRow),
});
export type BreakdownReport = Static<typeof BreakdownReport>;

// ---- /api/postings

export const PostingsQuery = Type.Object({
  ...FilterQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words that must all occur in the title or description' })),
  skills: Type.Optional(
    Type.String({ maxLength: 1000, description: `Comma-separated skills every posting must ask for, at most ${MAX_POSTING_SKILLS}` }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEARCH_WINDOW, default: 1 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  ...IncludeDescendantsQuery,
});
export type PostingsQuery = Static<typeof PostingsQuery>;

/** A stretch of text with the skill mentions in it marked. */
export const Highlighted = Type.Object({
  text: Type.String(),
  marks: Type.Array(Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }), skillId: Type.String() }), {
    description: 'Offsets into text (UTF-16 code units, end exclusive)',
  }),
  html: Type.String({ description: 'text HTML-escaped, each mark wrapped in <mark data-skill="id">: safe to insert as HTML' }),
});
export type Highlighted = Static<typeof Highlighted>;

export const PostingHit = Type.Object({
  id: Type.String(),
  url: Type.String(),
  title: Highlighted,
  company: NullableString(),
  locations: Type.Array(Type.String()),
  country: NullableString(),
  remote: Type.String(),
  seniority: Type.String(),
  source: Type.String(),
  datePosted: Type.String(),
  dateInferred: Type.Boolean(),
  expired: Type.Boolean(),
  skills: Type.Array(Type.Object({ skillId: Type.String(), name: Type.String(), level: Type.String() })),
  snippet: Highlighted,
});
export type PostingHit = Static<typeof PostingHit>;

export const PostingsReport = Type.Object({
  stamp: ReportStamp,
  total: Type.Integer({ minimum: 0 }),
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
  skills: Type.Optional(
    Type.Array(Type.Object({ skillId: Type.String(), name: Type.String(), includedSkills: IncludedSkills }), {
      description: 'With skills and includeDescendants=true: each skill asked for, with the skills counted as it',
    }),
  ),
  postings: Type.Array(PostingHit),
});
export type PostingsReport = Static<typeof PostingsReport>;

/** The query of every report route: the common filters plus the report's own parameters. */
export const REPORT_QUERIES = {
  skills: SkillsQuery,
  skill: SkillDetailQuery,
  top: TopQuery,
  trends: TrendsQuery,
  movers: MoversQuery,
  cooccurrence: CooccurrenceQuery,
  breakdown: BreakdownQuery,
  postings: PostingsQuery,
  runs: RunsQuery,
  roles: RolesQuery,
  role: RoleDetailQuery,
  salary: SalaryQuery,
  places: PlacesQuery,
} satisfies Record<string, TObject>;
