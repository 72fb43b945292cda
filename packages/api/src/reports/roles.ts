import { locationQuotient } from '@skillpulse/trends';
import { toFilter } from '../query.js';
import { checkRole } from '../role-catalogue.js';
import type { RoleDetail, RoleDetailQuery, RoleProfileRow, RolesQuery, RolesReport, ShareChange } from '../schemas/index.js';
import {
  CHANGE_CSV_COLUMNS,
  type CsvReport,
  changeCsv,
  changesAgainstPreviousWindow,
  type ReportContext,
  roleLabel,
  rolesOf,
  SHARE_CSV_COLUMNS,
  shareCell,
  shareCsv,
  skillLabel,
  stamp,
} from './common.js';

/** Role families with their unique postings, share and change against the previous window, like /api/top. */
export async function rolesReport(context: ReportContext, query: RolesQuery): Promise<RolesReport> {
  const filter = toFilter(query, context.taxonomy, context.roles);
  const limit = query.limit ?? 100;
  const [total, counts] = await Promise.all([context.store.countPostings(filter), context.store.facetCounts(filter, 'role', limit)]);
  const { previous, changes } = await changesAgainstPreviousWindow(
    query,
    counts.map((c) => ({ key: c.value, postings: c.postings })),
    total,
    context.minCell,
    async (window) => {
      const [previousTotal, previousCounts] = await Promise.all([
        context.store.countPostings({ ...filter, ...window }),
        context.store.facetCounts({ ...filter, ...window }, 'role', 1000),
      ]);
      return { total: previousTotal, counts: new Map(previousCounts.map((c) => [c.value, c.postings])) };
    },
  );
  const roles = counts.map((count, index) => ({
    rank: index + 1,
    ...roleLabel(context, count.value),
    ...shareCell(count.postings, total, context.minCell),
    ...(changes[index] as ShareChange),
  }));
  return { stamp: await stamp(context, { report: 'roles', ...query, limit }), totalPostings: total, previousWindow: previous, roles };
}

export const rolesCsv: CsvReport<RolesReport> = {
  columns: ['rank', 'role_id', 'role_name', 'tech', ...SHARE_CSV_COLUMNS, ...CHANGE_CSV_COLUMNS],
  rows: (report) => report.roles.map((r) => [r.rank, r.roleId, r.name, r.tech, ...shareCsv(r), ...changeCsv(r)]),
};

/**
 * A role's skill profile: its top skills with their share of the role's postings, their share of
 * all postings in the filter, and the lift (the ratio) with the Katz log interval. A role with
 * fewer postings than the minimum cell is flagged and gets no shares or lifts.
 */
export async function roleDetail(context: ReportContext, id: string, query: RoleDetailQuery): Promise<RoleDetail> {
  const roleId = checkRole(id, rolesOf(context), 'id');
  const filter = toFilter(query, context.taxonomy, context.roles);
  const roleFilter = { ...filter, role: roleId };
  const limit = query.limit ?? 20;
  // Two searches on Elasticsearch: the role's total with its skills, then all postings' total with those skills.
  const { total: rolePostings, skills: counts } = await context.store.windowSkillCounts(roleFilter, limit);
  const everywhere = await context.store.windowSkillCounts(
    { ...filter, skillIds: counts.map((c) => c.skillId) },
    Math.max(1, counts.length),
  );
  const total = everywhere.total;
  const overall = new Map(everywhere.skills.map((c) => [c.skillId, c.postings]));
  const skills = counts.map((count, index): RoleProfileRow => {
    const inRole = shareCell(count.postings, rolePostings, context.minCell);
    const overallPostings = overall.get(count.skillId) ?? count.postings;
    const all = shareCell(overallPostings, total, context.minCell);
    let lift: { lq: number; low: number; high: number } | null = null;
    if (!inRole.tooSmall && !all.tooSmall && overallPostings > 0) {
      lift = locationQuotient(count.postings / rolePostings, rolePostings, overallPostings / total, total);
    }
    return {
      rank: index + 1,
      ...skillLabel(context, count.skillId),
      ...inRole,
      overallPostings,
      overallTotalPostings: total,
      overallShare: all.share,
      overallShareLow: all.shareLow,
      overallShareHigh: all.shareHigh,
      lift: lift?.lq ?? null,
      liftLow: lift?.low ?? null,
      liftHigh: lift?.high ?? null,
    };
  });
  return {
    stamp: await stamp(context, { report: 'role', role: roleId, ...query, limit }),
    role: roleLabel(context, roleId),
    postings: rolePostings,
    totalPostings: total,
    roleShare: shareCell(rolePostings, total, context.minCell),
    skills,
  };
}

export const roleDetailCsv: CsvReport<RoleDetail> = {
  columns: [
    'rank',
    'role_id',
    'skill_id',
    'skill_name',
    'category',
    ...SHARE_CSV_COLUMNS,
    'overall_postings',
    'overall_total_postings',
    'overall_share',
    'overall_share_low',
    'overall_share_high',
    'lift',
    'lift_low',
    'lift_high',
  ],
  rows: (report) =>
    report.skills.map((r) => [
      r.rank,
      report.role.roleId,
      r.skillId,
      r.name,
      r.category,
      ...shareCsv(r),
      r.overallPostings,
      r.overallTotalPostings,
      r.overallShare,
      r.overallShareLow,
      r.overallShareHigh,
      r.lift,
      r.liftLow,
      r.liftHigh,
    ]),
};
