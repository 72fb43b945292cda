/**
 * The one table of every stable `SKILLPULSE_ERR_…` code: the HTTP status the API answers with and
 * the exit code the CLI ends with. The API's error handler and the CLI both look codes up here, so
 * that a new code is given both at once (a unit test fails when a code used anywhere in the
 * sources has no row).
 *
 * Exit codes: 1 failure, 2 bad usage (the CLI's EXIT_CODES; the run statuses' 3–6 are not errors).
 */
export interface ErrorTableRow {
  /** HTTP status of the API's answer; a 500 hides the message ("internal error"). */
  status: 400 | 401 | 403 | 404 | 409 | 415 | 429 | 500 | 503;
  /** Exit code of the CLI: 1 failed, 2 bad usage. */
  exit: 1 | 2;
  /** When it is raised, in a few words. */
  meaning: string;
}

export const ERROR_TABLE = {
  // Bad input: retrying the same request cannot help.
  SKILLPULSE_ERR_INVALID_INPUT: { status: 400, exit: 2, meaning: 'a parameter, flag or file value is invalid' },
  SKILLPULSE_ERR_USAGE: { status: 400, exit: 2, meaning: 'an unknown command, flag or value' },
  SKILLPULSE_ERR_BAD_REQUEST: { status: 400, exit: 2, meaning: 'an HTTP request the server could not read' },
  SKILLPULSE_ERR_CRAWL_FORBIDDEN_TARGET: {
    status: 400,
    exit: 1,
    meaning: 'a URL that resolves to a private, loopback or link-local address',
  },
  // Not found.
  SKILLPULSE_ERR_NOT_FOUND: { status: 404, exit: 1, meaning: 'no such route or thing' },
  SKILLPULSE_ERR_UNKNOWN_SKILL: { status: 404, exit: 1, meaning: 'no skill of that id, name or alias' },
  SKILLPULSE_ERR_JOB_NOT_FOUND: { status: 404, exit: 1, meaning: 'no job of that id' },
  // Refused.
  SKILLPULSE_ERR_UNAUTHORIZED: { status: 401, exit: 1, meaning: 'the admin key is missing' },
  SKILLPULSE_ERR_FORBIDDEN: { status: 403, exit: 1, meaning: 'the admin key is wrong' },
  SKILLPULSE_ERR_CROSS_ORIGIN: { status: 403, exit: 1, meaning: 'a state-changing request from another origin' },
  SKILLPULSE_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: 1, meaning: 'a state-changing request that is not JSON' },
  SKILLPULSE_ERR_RATE_LIMITED: { status: 429, exit: 1, meaning: 'too many failed admin-key attempts' },
  // Conflict: the thing is busy or locked.
  SKILLPULSE_ERR_JOB_RUNNING: { status: 409, exit: 1, meaning: 'the job is running already (its lock is held)' },
  // Unavailable: the store (or the scheduler) cannot serve now; the message says why.
  SKILLPULSE_ERR_SCHEDULER_OFF: { status: 503, exit: 1, meaning: 'no scheduler runs in this process' },
  SKILLPULSE_ERR_SCHEDULER_STOPPING: { status: 503, exit: 1, meaning: 'the scheduler is shutting down' },
  SKILLPULSE_ERR_STORE: { status: 503, exit: 1, meaning: 'the store failed' },
  SKILLPULSE_ERR_STORE_WRITE: { status: 503, exit: 1, meaning: 'the store could not write' },
  SKILLPULSE_ERR_STORE_UNAVAILABLE: { status: 503, exit: 1, meaning: 'the store does not answer' },
  SKILLPULSE_ERR_STORE_CORRUPT: { status: 503, exit: 1, meaning: 'the store is damaged' },
  SKILLPULSE_ERR_STORE_OPEN: { status: 503, exit: 1, meaning: 'the store cannot be opened' },
  SKILLPULSE_ERR_STORE_STATE: { status: 503, exit: 1, meaning: 'the store is in an unexpected state (indices, aliases)' },
  SKILLPULSE_ERR_ES_UNREACHABLE: { status: 503, exit: 1, meaning: 'Elasticsearch does not answer' },
  SKILLPULSE_ERR_ES_AUTH: { status: 503, exit: 1, meaning: 'Elasticsearch refuses the credentials' },
  SKILLPULSE_ERR_ES_VERSION: { status: 503, exit: 1, meaning: 'an Elasticsearch version or index this release cannot use' },
  SKILLPULSE_ERR_ES_START: { status: 503, exit: 1, meaning: 'Elasticsearch could not be prepared (templates, indices)' },
  // The program's own setup or a bug: 500 with no detail on the API.
  SKILLPULSE_ERR_CONFIG: { status: 500, exit: 1, meaning: 'configuration is wrong or unusable' },
  SKILLPULSE_ERR_JOB_INVALID: { status: 500, exit: 1, meaning: 'a job file is invalid or unreadable' },
  SKILLPULSE_ERR_TAXONOMY_INVALID: { status: 500, exit: 1, meaning: 'the taxonomy file is invalid' },
  SKILLPULSE_ERR_TAXONOMY_OVERLAY_INVALID: { status: 500, exit: 1, meaning: 'the taxonomy overlay file is invalid' },
  SKILLPULSE_ERR_EXPORT: { status: 500, exit: 1, meaning: 'an export stopped before its end' },
  SKILLPULSE_ERR_EXTRACT: { status: 500, exit: 1, meaning: 'skill extraction failed for a posting' },
  SKILLPULSE_ERR_INTERNAL: { status: 500, exit: 1, meaning: 'an unexpected error (a bug)' },
} as const satisfies Record<`SKILLPULSE_ERR_${string}`, ErrorTableRow>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Every stable code, in the table's order. */
export const ERROR_CODES = Object.keys(ERROR_TABLE) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_TABLE, code);
}

/** The row of a code; a code missing from the table is treated as SKILLPULSE_ERR_INTERNAL (500, exit 1). */
export function errorTableRow(code: string): ErrorTableRow {
  return isErrorCode(code) ? ERROR_TABLE[code] : ERROR_TABLE.SKILLPULSE_ERR_INTERNAL;
}
