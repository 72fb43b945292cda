/**
 * The API's answers, typed from the API package itself (types only: the dashboard talks to the
 * API over HTTP and bundles none of its code), so the two cannot drift apart.
 */
import type { RunsReport } from '@skillpulse/api';

export type {
  BreakdownReport,
  CooccurrenceReport,
  JobsReport,
  MoverRow,
  MoversReport,
  PlaceRow,
  PlacesReport,
  PostingsReport,
  QuantileEstimate,
  ReportStamp,
  RoleDetail,
  RoleProfileRow,
  RoleRow,
  RolesReport,
  SalaryReport,
  SalaryRow,
  ShareCell,
  ShareChange,
  SkillDetail,
  SkillsReport,
  TopReport,
  TrendsReport,
} from '@skillpulse/api';

/** A run as `/api/runs` lists it. */
export type CrawlRun = RunsReport['runs'][number];

/** An answer the API refused, with its message (which names the bad parameter). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const response = await fetch(params && params.size > 0 ? `${path}?${params}` : path, { signal });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, (body as { message?: string }).message ?? `HTTP ${response.status}`);
  return body as T;
}

export async function postJson<T>(path: string, headers: Record<string, string>): Promise<T> {
  // JSON, from this origin: the API refuses any other state-changing request (415/403).
  const response = await fetch(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, (body as { message?: string }).message ?? `HTTP ${response.status}`);
  return body as T;
}

/** The CSV of a report route: the same path with `.csv`, the same parameters. */
export const csvUrl = (path: string, params: URLSearchParams) => `${path}.csv${params.size > 0 ? `?${params}` : ''}`;
