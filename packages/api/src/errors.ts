import { STATUS_CODES } from 'node:http';
import { isSkillPulseError } from '@skillpulse/core';

/** HTTP status for each stable error code; anything unknown is a 500 with no detail. */
const STATUS_BY_CODE: Record<string, number> = {
  SKILLPULSE_ERR_INVALID_INPUT: 400,
  SKILLPULSE_ERR_NOT_FOUND: 404,
  SKILLPULSE_ERR_UNKNOWN_SKILL: 404,
  SKILLPULSE_ERR_JOB_NOT_FOUND: 404,
  SKILLPULSE_ERR_UNAUTHORIZED: 401,
  SKILLPULSE_ERR_FORBIDDEN: 403,
  SKILLPULSE_ERR_JOB_RUNNING: 409,
  SKILLPULSE_ERR_SCHEDULER_OFF: 503,
  SKILLPULSE_ERR_SCHEDULER_STOPPING: 503,
  SKILLPULSE_ERR_CONFIG: 500,
  SKILLPULSE_ERR_STORE: 503,
  SKILLPULSE_ERR_STORE_WRITE: 503,
  SKILLPULSE_ERR_STORE_UNAVAILABLE: 503,
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

export function errorResponse(error: unknown): ErrorBody {
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown; validationContext?: string };
  if (e?.validation) {
    // One sentence per bad parameter, written by validation.ts ("limit must be a whole number from 1 to 200 (got "0")").
    return { statusCode: 400, code: 'SKILLPULSE_ERR_INVALID_INPUT', error: 'Bad Request', message: e.message ?? 'invalid request' };
  }
  if (isSkillPulseError(error)) {
    const statusCode = STATUS_BY_CODE[error.code] ?? 500;
    // Client errors and an unavailable store say what is wrong; other server errors say nothing more.
    return {
      statusCode,
      code: error.code,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message: statusCode < 500 || statusCode === 503 ? error.message : 'internal error',
    };
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      statusCode: e.statusCode,
      code: e.code ?? 'SKILLPULSE_ERR_BAD_REQUEST',
      error: STATUS_CODES[e.statusCode] ?? 'Error',
      message: e.message ?? 'bad request',
    };
  }
  return { statusCode: 500, code: 'SKILLPULSE_ERR_INTERNAL', error: 'Internal Server Error', message: 'internal error' };
}
