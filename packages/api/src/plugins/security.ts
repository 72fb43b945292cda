import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { SkillPulseError } from '@skillpulse/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * What the API refuses by default (README, "Security"):
 * - every answer carries a Content-Security-Policy (same-origin scripts only, no framing, no
 *   plugins), X-Content-Type-Options: nosniff, X-Frame-Options: DENY and Referrer-Policy: no-referrer;
 * - a state-changing request (POST, PUT, PATCH, DELETE) must be JSON and come from this server's own
 *   origin: a form or `fetch` from another site can send neither without the browser asking first
 *   (CORS preflight, which this server does not grant), admin key or not;
 * - failed admin-key attempts are limited per client address (see `adminKeyLimiter`).
 */

/**
 * The dashboard's scripts and styles are files of its own origin; echarts and Swagger UI set
 * element styles from script (style attributes), hence 'unsafe-inline' for styles only. Swagger
 * UI and the dashboard's favicon use data: images.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin this request was sent to, as a browser writes it in `Origin`. */
const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`.toLowerCase();

/** Refuses a cross-site or non-JSON state-changing request, before its body is read or its key checked. */
function refuseCrossSite(request: FastifyRequest): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== ownOrigin(request)) {
    throw new SkillPulseError(
      'SKILLPULSE_ERR_CROSS_ORIGIN',
      `Origin: ${request.method} requests are accepted only from this server's own origin ${ownOrigin(request)} (got "${origin}"); ` +
        'send the request from the dashboard, or without an Origin header (curl, scripts)',
    );
  }
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new SkillPulseError(
      'SKILLPULSE_ERR_CROSS_ORIGIN',
      `Sec-Fetch-Site: ${request.method} requests from another site are refused; send them from the dashboard or a script`,
    );
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new SkillPulseError(
      'SKILLPULSE_ERR_UNSUPPORTED_MEDIA_TYPE',
      `Content-Type: ${request.method} requests must be JSON (got ${type ? `"${type}"` : 'none'}); ` +
        `send "Content-Type: application/json" with a JSON body, e.g. {}`,
    );
  }
}

/** Registers the headers and the cross-site checks on the whole app (call before any route). */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Served over plain HTTP on loopback by default: HSTS would be ignored or, behind TLS, is the proxy's call.
    strictTransportSecurity: false,
  });
  await app.register(fastifyRateLimit, { global: false });
  app.addHook('onRequest', async (request) => refuseCrossSite(request));
  // `Content-Type: application/json` with no body is an empty object, so `curl -X POST -H 'content-type: application/json'` works.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, {});
    json(request, body as string, done);
  });
}

/** Failed admin-key attempts allowed per client address and window, before 429. */
const ADMIN_KEY_FAILURES = { max: 10, windowMs: 15 * 60_000 };

/**
 * Counts failed admin-key attempts per client address: after `max` failures in the window every
 * attempt from that address is a 429 with Retry-After until the window ends. Successful requests
 * are not counted.
 */
export function adminKeyLimiter(app: FastifyInstance, limits = ADMIN_KEY_FAILURES) {
  const limiter = app.createRateLimit({ max: limits.max, timeWindow: limits.windowMs });
  return {
    /** Throws 429 when the address has used up its failures. */
    async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const state = await limiter(request, { increment: false });
      if (state.isAllowed || state.remaining > 0) return;
      const seconds = Math.max(1, state.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      throw new SkillPulseError(
        'SKILLPULSE_ERR_RATE_LIMITED',
        `Authorization: ${limits.max} wrong or missing admin keys from this address in ${limits.windowMs / 60_000} minutes; ` +
          `try again in ${seconds} seconds with the right key (SKILLPULSE_ADMIN_KEY)`,
      );
    },
    /** Counts one failure. */
    async fail(request: FastifyRequest): Promise<void> {
      await limiter(request);
    },
  };
}
