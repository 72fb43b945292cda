import { STATUS_CODES } from 'node:http';
import { isSkillPulseError } from '@skillpulse/core';
import { type TSchema, Type } from 'typebox';

/** HTTP status for each stable error code; anything unknown is a 500 with no detail. */
const STATUS_BY_CODE: Record<string, number> = {
  SKILLPULSE_ERR_INVALID_INPUT: 400,
  SKILLPULSE_ERR_NOT_FOUND: 404,
  SKILLPULSE_ERR_UNKNOWN_SKILL: 404,
  SKILLPULSE_ERR_JOB_NOT_FOUND: 404,
  SKILLPULSE_ERR_UNAUTHORIZED: 401,
  SKILLPULSE_ERR_FORBIDDEN: 403,
  SKILLPULSE_ERR_CROSS_ORIGIN: 403,
  SKILLPULSE_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  SKILLPULSE_ERR_RATE_LIMITED: 429,
  SKILLPULSE_ERR_JOB_RUNNING: 409,
  SKILLPULSE_ERR_SCHEDULER_OFF: 503,
  SKILLPULSE_ERR_SCHEDULER_STOPPING: 503,
  SKILLPULSE_ERR_CONFIG: 500,
  SKILLPULSE_ERR_STORE: 503,
  SKILLPULSE_ERR_STORE_WRITE: 503,
  SKILLPULSE_ERR_STORE_UNAVAILABLE: 503,
  SKILLPULSE_ERR_STORE_CORRUPT: 503,
};

/** The body of every error answer; declared once, for every route's 4xx/5xx in the OpenAPI document. */
export const ErrorBodySchema = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String({ description: 'Stable SKILLPULSE_ERR_… code' }),
    error: Type.String({ description: 'HTTP status text' }),
    message: Type.String({ description: 'What is wrong and what would be right, one sentence per problem' }),
  },
  { title: 'Error' },
);

/** When each error status is answered; `errorResponses` picks the ones a route can give. */
const WHEN: Record<ErrorStatus, string> = {
  400: 'A parameter is invalid (SKILLPULSE_ERR_INVALID_INPUT); the message has one sentence per bad parameter',
  401: 'The server has an admin key and the request carries none (SKILLPULSE_ERR_UNAUTHORIZED)',
  403: 'Wrong admin key (SKILLPULSE_ERR_FORBIDDEN), or a request from another origin (SKILLPULSE_ERR_CROSS_ORIGIN)',
  404: 'Unknown skill or job (SKILLPULSE_ERR_UNKNOWN_SKILL, SKILLPULSE_ERR_JOB_NOT_FOUND)',
  409: 'The job is running already (SKILLPULSE_ERR_JOB_RUNNING)',
  414: 'A path parameter longer than 1000 characters (FST_ERR_MAX_PARAM_LENGTH)',
  415: 'A state-changing request without Content-Type: application/json (SKILLPULSE_ERR_UNSUPPORTED_MEDIA_TYPE)',
  429: 'Too many failed admin-key attempts from this address; see Retry-After (SKILLPULSE_ERR_RATE_LIMITED)',
  503: 'The store is unavailable or damaged, or no scheduler runs (SKILLPULSE_ERR_STORE_UNAVAILABLE, SKILLPULSE_ERR_STORE_CORRUPT, SKILLPULSE_ERR_SCHEDULER_OFF)',
};
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 414 | 415 | 429 | 503;

/** Response schemas of the error answers a route gives, all with the one error body. */
export function errorResponses(...statuses: ErrorStatus[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, { ...ErrorBodySchema, description: WHEN[status] }]));
}

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
