import { errorTableRow, isSkillPulseError } from '@skillpulse/core';
import type { RunStatus } from '@skillpulse/store';

/**
 * Exit codes of skillpulse; `crawl` and `jobs run` end with the code of their run's status.
 * Documented in README ("Exit codes"); scripts depend on them, so they never change meaning.
 */
export const EXIT_CODES = {
  /** The command did what was asked; a crawl read every listing and page without an error. */
  ok: 0,
  /** The command failed; a crawl could not read a listing (HTTP error, unexpected shape) or broke. */
  failed: 1,
  /** Bad usage: an unknown command, flag or value. */
  usage: 2,
  /** The crawl read its listings, but some pages or postings could not be read or stored. */
  completedWithErrors: 3,
  /** The site refused the crawler a listing: robots.txt disallows it, or HTTP 401/403. */
  blocked: 4,
  /** The crawl would have expired more than the job's maxExpiredShare of live postings, so it expired none. */
  suspicious: 5,
  /** The crawl was stopped (SIGINT/SIGTERM, or its job lock was lost); the next run resumes it. */
  interrupted: 6,
} as const;

const BY_STATUS: Record<RunStatus, number> = {
  succeeded: EXIT_CODES.ok,
  completed_with_errors: EXIT_CODES.completedWithErrors,
  failed: EXIT_CODES.failed,
  blocked: EXIT_CODES.blocked,
  suspicious: EXIT_CODES.suspicious,
  interrupted: EXIT_CODES.interrupted,
  // A run that ended still "running" did not end properly.
  running: EXIT_CODES.failed,
};

/** The exit code of `skillpulse crawl` / `skillpulse jobs run` for a run that ended with this status. */
export function exitCodeOf(status: RunStatus): number {
  return BY_STATUS[status] ?? EXIT_CODES.failed;
}

/**
 * The exit code of a command that threw: the error table's (packages/core/src/error-table.ts) for
 * its SKILLPULSE_ERR_ code, 2 for bad usage and bad input, 1 for any other failure or unknown error.
 */
export function exitCodeOfError(error: unknown): number {
  if (!isSkillPulseError(error)) return EXIT_CODES.failed;
  return errorTableRow(error.code).exit === 2 ? EXIT_CODES.usage : EXIT_CODES.failed;
}
