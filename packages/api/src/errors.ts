import { STATUS_CODES } from 'node:http';
import { errorTableRow, isSkillPulseError } from '@skillpulse/core';
import type { ErrorBody } from './schemas/index.js';

/**
 * The body of an error answer. A SkillPulseError's status is the error table's for its code
 * (`ERROR_TABLE` in @skillpulse/core, which the CLI's exit codes use too); a code missing from the
 * table is a 500. Client errors and an unavailable store say what is wrong; a 500 says nothing more.
 */
export function errorResponse(error: unknown): ErrorBody {
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown; validationContext?: string };
  if (e?.validation) {
    // One sentence per bad parameter, written by validation.ts ("limit must be a whole number from 1 to 200 (got "0")").
    return { statusCode: 400, code: 'SKILLPULSE_ERR_INVALID_INPUT', error: 'Bad Request', message: e.message ?? 'invalid request' };
  }
  if (isSkillPulseError(error)) {
    const statusCode = errorTableRow(error.code).status;
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
