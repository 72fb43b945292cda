import { type RoleCatalogue, UNKNOWN_ROLE } from '@skillpulse/roles';
import { pinOfDataVersion, type SkillStore, type StoreInfo } from '@skillpulse/store';
import type { Taxonomy } from '@skillpulse/taxonomy';
import { benjaminiHochberg, compareShares, share } from '@skillpulse/trends';
import type { CsvValue } from '../csv.js';
import { defaultRoles } from '../role-catalogue.js';
import type { ReportStamp, ShareCell, ShareChange } from '../schemas/index.js';

export const METHODOLOGY =
  'share = unique postings asking for the skill / unique postings in the period (a near-duplicate, same normalised title and MinHash similarity >= 0.8 to a posting published at most 90 days apart, is counted once); 95% Wilson interval; cells under the minimum size are flagged too_small; change vs the previous window of equal length in percentage points with Newcombe 95% interval, two-proportion z-test (Fisher exact when an expected cell is under 5), Benjamini-Hochberg q-values across the listed skills, significant when q <= 0.05; roles: the role family mapped from the title (role-mapping version in roleMappingVersion), lift = share in the role / share in all postings with a 95% Katz log interval; pay: per currency, never mixed, annualised midpoint, quantiles with distribution-free 95% intervals from order statistics (binomial), skill premium = difference of medians with a seeded 2000-resample percentile bootstrap interval; places: location quotient = share in the place / share everywhere with a 95% Katz log interval';

/** False-discovery rate under which a change is called significant. */
export const SIGNIFICANCE_Q = 0.05;

export interface ReportContext {
  store: SkillStore;
  taxonomy: Taxonomy;
  minCell: number;
  /** Role families (names, ids, mapping version); omitted, the catalogue shipped with @skillpulse/roles. */
  roles?: RoleCatalogue;
  /** The store's info for its current data version: a full count on the store, so computed once per change. */
  infoCache?: { version: string; info: Promise<StoreInfo> };
}

/** Store info, recomputed only when the data changed. */
export async function cachedInfo(context: ReportContext): Promise<{ version: string; info: StoreInfo }> {
  const version = await context.store.dataVersion();
  if (context.infoCache?.version !== version) {
    const info = context.store.info();
    context.infoCache = { version, info };
    // A failed count must not stick to this version.
    info.catch(() => {
      if (context.infoCache?.info === info) context.infoCache = undefined;
    });
  }
  return { version, info: await (context.infoCache as { info: Promise<StoreInfo> }).info };
}

export async function stamp(context: ReportContext, query: Record<string, unknown>): Promise<ReportStamp> {
  const { version, info } = await cachedInfo(context);
  const defined = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
  // Role-aware: filtered or grouped by role, or a report about roles.
  const roleAware = defined.role !== undefined || defined.by === 'role' || defined.report === 'roles' || defined.report === 'role';
  // Pinned (asOf=): the report prints the version it is pinned to, so the same link prints the same stamp.
  const asOf = typeof defined.asOf === 'string' ? defined.asOf : undefined;
  return {
    generatedAt: new Date().toISOString(),
    backend: context.store.backend,
    dataVersion: asOf ?? version,
    ...(asOf === undefined ? {} : { asOf: new Date(pinOfDataVersion(asOf) ?? 0).toISOString() }),
    taxonomyVersion: context.taxonomy.version,
    ...(roleAware ? { roleMappingVersion: rolesOf(context).version } : {}),
    extractorVersions: info.extractorVersions,
    methodology: METHODOLOGY,
    query: defined,
  };
}

export function shareCell(postings: number, total: number, minCell: number): ShareCell {
  const s = share(postings, total, minCell);
  return { postings, totalPostings: total, share: s.share, shareLow: s.low, shareHigh: s.high, tooSmall: s.tooSmall };
}

export const SHARE_CSV_COLUMNS = ['postings', 'total_postings', 'share', 'share_low', 'share_high', 'too_small'];
export const shareCsv = (c: ShareCell): CsvValue[] => [c.postings, c.totalPostings, c.share, c.shareLow, c.shareHigh, c.tooSmall];

export const NO_CHANGE: ShareChange = {
  previousPostings: null,
  previousTotalPostings: null,
  previousShare: null,
  changePp: null,
  changeLowPp: null,
  changeHighPp: null,
  relativeChange: null,
  pValue: null,
  qValue: null,
  significant: null,
  test: null,
};

export const CHANGE_CSV_COLUMNS = [
  'previous_postings',
  'previous_total_postings',
  'previous_share',
  'change_pp',
  'change_low_pp',
  'change_high_pp',
  'relative_change',
  'p_value',
  'q_value',
  'significant',
  'test',
];
export const changeCsv = (c: ShareChange): CsvValue[] => [
  c.previousPostings,
  c.previousTotalPostings,
  c.previousShare,
  c.changePp,
  c.changeLowPp,
  c.changeHighPp,
  c.relativeChange,
  c.pValue,
  c.qValue,
  c.significant,
  c.test,
];

/**
 * Tests each skill's share now against its share in the baseline window, with Benjamini-Hochberg
 * q-values across all of them. Nothing is tested when either window has fewer postings than the
 * minimum cell.
 */
export function compareWindows(
  current: ReadonlyArray<{ postings: number }>,
  total: number,
  baseline: readonly number[],
  baselineTotal: number,
  minCell: number,
): ShareChange[] {
  if (total < minCell || baselineTotal < minCell) {
    return current.map((_, i) => ({ ...NO_CHANGE, previousPostings: baseline[i] ?? 0, previousTotalPostings: baselineTotal }));
  }
  const changes = current.map((count, i): ShareChange => {
    const k0 = baseline[i] ?? 0;
    const test = compareShares(count.postings, total, k0, baselineTotal);
    return {
      previousPostings: k0,
      previousTotalPostings: baselineTotal,
      previousShare: k0 / baselineTotal,
      changePp: test.changePp,
      changeLowPp: test.lowPp,
      changeHighPp: test.highPp,
      relativeChange: test.relativeChange,
      pValue: test.pValue,
      qValue: null,
      significant: null,
      test: test.method,
    };
  });
  const qValues = benjaminiHochberg(changes.map((c) => c.pValue as number));
  return changes.map((c, i) => ({ ...c, qValue: qValues[i] as number, significant: (qValues[i] as number) <= SIGNIFICANCE_Q }));
}

const DAY_MS = 86_400_000;
export const dayOffset = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The window of the same length ending the day before `from`. */
export function previousWindow(from: string, to: string): { from: string; to: string } {
  const previousTo = dayOffset(from, -1);
  return { from: dayOffset(previousTo, -daysBetween(from, to)), to: previousTo };
}

/**
 * Each counted key's change against the window of equal length just before the query's (top, roles):
 * `countBefore` counts the keys in that window. No window (no from and to) or no counts: no change.
 */
export async function changesAgainstPreviousWindow(
  query: { from?: string; to?: string },
  counts: ReadonlyArray<{ key: string; postings: number }>,
  total: number,
  minCell: number,
  countBefore: (window: { from: string; to: string }) => Promise<{ total: number; counts: Map<string, number> }>,
): Promise<{ previous: { from: string; to: string; totalPostings: number } | null; changes: ShareChange[] }> {
  if (!query.from || !query.to || counts.length === 0) return { previous: null, changes: counts.map(() => NO_CHANGE) };
  const window = previousWindow(query.from, query.to);
  const before = await countBefore(window);
  const baseline = counts.map((c) => before.counts.get(c.key) ?? 0);
  return {
    previous: { ...window, totalPostings: before.total },
    changes: compareWindows(counts, total, baseline, before.total, minCell),
  };
}

/** Longest window any report accepts, so one request cannot ask for centuries of days. */
export const MAX_WINDOW_DAYS = 366 * 20;

/** A report's CSV form: stable snake_case columns and the rows, produced lazily. */
export interface CsvReport<R> {
  columns: readonly string[];
  rows(report: R): Iterable<CsvValue[]> | AsyncIterable<CsvValue[]>;
}

export const skillLabel = (context: ReportContext, skillId: string) => {
  const skill = context.taxonomy.byId.get(skillId);
  return { skillId, name: skill?.name ?? skillId, category: skill?.category ?? 'unknown' };
};

/** The role catalogue of the context (the bundled one when none was given). */
export const rolesOf = (context: ReportContext): RoleCatalogue => context.roles ?? defaultRoles();

/** A role family as a report row names it; "unknown" (and an id the catalogue lacks) as itself. */
export function roleLabel(context: ReportContext, roleId: string): { roleId: string; name: string; tech: boolean } {
  const family = rolesOf(context).families.find((f) => f.id === roleId);
  if (family) return { roleId, name: family.name, tech: family.tech };
  return { roleId, name: roleId === UNKNOWN_ROLE.id ? UNKNOWN_ROLE.name : roleId, tech: false };
}

/**
 * A readable name for a place id, derived from the id alone (no gazetteer: loading it costs 2–3 s
 * and ~130 MB). Metro "US-san-francisco" is "San Francisco (US)"; cities ("Munich, DE-02"), regions
 * ("US-CA") and countries ("DE") are shown as they are stored.
 */
export function placeLabel(level: string, id: string): string {
  if (level !== 'metro') return id;
  const match = /^([A-Za-z]{2})-(.+)$/.exec(id);
  if (!match) return id;
  const words = (match[2] as string)
    .split('-')
    .filter((w) => w !== '')
    .map((w) => (w[0] as string).toUpperCase() + w.slice(1));
  return `${words.join(' ')} (${(match[1] as string).toUpperCase()})`;
}
