import { type Static, type TSchema, Type } from 'typebox';

/** The body of every error answer; declared once, for every route's 4xx/5xx in the OpenAPI document. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String({
      description: 'Stable SKILLPULSE_ERR_… code (each has a row in ERROR_TABLE of @skillpulse/core), or a FST_ERR_… code of Fastify',
      pattern: '^(SKILLPULSE_ERR|FST_ERR)_[A-Z0-9_]+$',
    }),
    error: Type.String({ description: 'HTTP status text' }),
    message: Type.String({ description: 'What is wrong and what would be right, one sentence per problem' }),
  },
  { title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 414 | 415 | 429 | 503;

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
  503: 'The store is unavailable or damaged, or no scheduler runs (SKILLPULSE_ERR_STORE_UNAVAILABLE, SKILLPULSE_ERR_STORE_CORRUPT, SKILLPULSE_ERR_SCHEDULER_OFF, …)',
};

/** Response schemas of the error answers a route gives, all with the one error body. */
export function errorResponses(...statuses: ErrorStatus[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, { ...ErrorBody, description: WHEN[status] }]));
}
