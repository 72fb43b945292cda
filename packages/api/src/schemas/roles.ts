import { type Static, Type } from 'typebox';
import {
  FilterQuery,
  limit,
  Nullable,
  NullableNumber,
  ReportStamp,
  ShareCellProperties,
  ShareChangeProperties,
  SkillLabelProperties,
} from './common.js';

/** `/api/roles` and `/api/roles/:id`: role families and a role's skill profile (docs/roles.md). */

// ---- /api/roles

export const RolesQuery = Type.Object({ ...FilterQuery.properties, limit: limit(200, 100) });
export type RolesQuery = Static<typeof RolesQuery>;

/** A role family as a report row names it. */
export const RoleLabelProperties = {
  roleId: Type.String({ description: 'Role family id; "unknown" for postings whose title maps to no family' }),
  name: Type.String(),
  tech: Type.Boolean({ description: 'A technology family (false for non-tech families and unknown)' }),
};
export const RoleLabel = Type.Object(RoleLabelProperties);
export type RoleLabel = Static<typeof RoleLabel>;

export const RoleRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  ...RoleLabelProperties,
  ...ShareCellProperties,
  ...ShareChangeProperties,
});
export type RoleRow = Static<typeof RoleRow>;

export const RolesReport = Type.Object({
  stamp: ReportStamp,
  totalPostings: Type.Integer({ minimum: 0 }),
  previousWindow: Nullable(Type.Object({ from: Type.String(), to: Type.String(), totalPostings: Type.Integer({ minimum: 0 }) }), {
    description: 'The window the changes compare against (the same length, just before), or null without from and to',
  }),
  roles: Type.Array(RoleRow),
});
export type RolesReport = Static<typeof RolesReport>;

// ---- /api/roles/:id

export const RoleParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'Role family id' }) });
export type RoleParams = Static<typeof RoleParams>;

const { role: _role, ...filterWithoutRole } = FilterQuery.properties;
export const RoleDetailQuery = Type.Object({ ...filterWithoutRole, limit: limit(200, 20) });
export type RoleDetailQuery = Static<typeof RoleDetailQuery>;

export const RoleProfileRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  ...SkillLabelProperties,
  /** postings/totalPostings: the share of the role's postings asking for the skill. */
  ...ShareCellProperties,
  overallPostings: Type.Integer({ minimum: 0, description: 'Unique postings in the filter (all roles) asking for the skill' }),
  overallTotalPostings: Type.Integer({ minimum: 0, description: 'Unique postings in the filter (all roles)' }),
  overallShare: NullableNumber({ description: 'overallPostings / overallTotalPostings' }),
  overallShareLow: NullableNumber({ description: 'Lower end of the 95% Wilson interval' }),
  overallShareHigh: NullableNumber({ description: 'Upper end of the 95% Wilson interval' }),
  lift: NullableNumber({ description: 'share / overallShare: above 1, the role asks for the skill more than postings in general' }),
  liftLow: NullableNumber({ description: 'Lower end of the 95% Katz log interval of the lift' }),
  liftHigh: NullableNumber({ description: 'Upper end of the 95% Katz log interval of the lift' }),
});
export type RoleProfileRow = Static<typeof RoleProfileRow>;

export const RoleDetail = Type.Object({
  stamp: ReportStamp,
  role: RoleLabel,
  postings: Type.Integer({ minimum: 0, description: "Unique postings of the role in the filter: the profile's denominator" }),
  totalPostings: Type.Integer({ minimum: 0, description: 'Unique postings in the filter, all roles' }),
  roleShare: Type.Object(ShareCellProperties, { description: "The role's share of all postings in the filter" }),
  skills: Type.Array(RoleProfileRow, { description: "The role's top skills, most postings first" }),
});
export type RoleDetail = Static<typeof RoleDetail>;
