import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { RoleCatalogue } from '@skillpulse/roles';
import type { SkillStore } from '@skillpulse/store';
import type { Taxonomy } from '@skillpulse/taxonomy';
import { DEFAULT_MIN_CELL } from '@skillpulse/trends';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { errorResponse } from './errors.js';
import { responseCachePlugin } from './plugins/response-cache.js';
import { registerSecurity } from './plugins/security.js';
import type { JobsProvider, ReportContext } from './reports/index.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { reportRoutes } from './routes/reports.js';
import { nonFiniteMessage, schemaErrorFormatter } from './validation.js';

/** Version of the HTTP API in the OpenAPI document. */
export const API_VERSION = '1.0.0';

export interface AppOptions {
  store: SkillStore;
  taxonomy: Taxonomy;
  /** The program's pino logger; omitted, the API logs nothing. */
  logger?: FastifyBaseLogger;
  /** Built dashboard to serve at `/`; omitted, only the API is served. */
  dashboardDir?: string;
  /** Cells with fewer unique postings than this are flagged too small. */
  minCell?: number;
  /** Role families for names, the `role` filter and the stamp; omitted, the catalogue shipped with @skillpulse/roles. */
  roles?: RoleCatalogue;
  /** The crawl jobs `/api/jobs` lists; omitted, it lists none. */
  jobs?: JobsProvider;
  /** When set, `POST /api/jobs/:id/run` needs it as a bearer token. */
  adminKey?: string;
}

/** A caller's request id is kept when it looks like one; otherwise a new one is made. */
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Builds the API; never listens (the CLI's `serve` does), so tests use `app.inject()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Every bad parameter is reported (not only the first), with its value and schema, so that the
    // formatter can write one sentence per parameter; an unknown parameter is an error, not dropped.
    ajv: { customOptions: { allErrors: true, verbose: true, removeAdditional: false } },
    schemaErrorFormatter,
    // Path parameters up to 1000 characters reach validation, so a 101-200 character skill name is
    // looked up and a longer one is a 400 naming the limit (the default of 100 answered 414 before).
    routerOptions: { maxParamLength: 1000 },
    // Request ids in every log line and in the x-request-id response header.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Security headers on every answer; cross-site and non-JSON state changes refused (plugins/security.ts).
  await registerSecurity(app);
  // `limit=Infinity` / `limit=1e309` are not whole numbers within bounds (AJV would let them through).
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema;
    const message = [nonFiniteMessage(schema?.params, request.params), nonFiniteMessage(schema?.querystring, request.query)]
      .filter((m) => m !== undefined)
      .join('; ');
    if (message) throw Object.assign(new Error(message), { validation: [], statusCode: 400 });
  });
  // A route's query string takes only the parameters it declares: a misspelt one (`intervall=week`)
  // is a 400 with a did-you-mean, never silently ignored.
  app.addHook('onRoute', (route) => {
    const querystring = route.schema?.querystring as Record<string, unknown> | undefined;
    if (route.schema && querystring?.type === 'object' && !('additionalProperties' in querystring)) {
      route.schema = { ...route.schema, querystring: { ...querystring, additionalProperties: false } };
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const body = errorResponse(error);
    if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    // Only the mapped body leaves the server: never a stack trace.
    return reply.status(body.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      statusCode: 404,
      code: 'SKILLPULSE_ERR_NOT_FOUND',
      error: 'Not Found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  const context: ReportContext = {
    store: options.store,
    taxonomy: options.taxonomy,
    minCell: options.minCell ?? DEFAULT_MIN_CELL,
    ...(options.roles ? { roles: options.roles } : {}),
  };
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'SkillPulse API',
        version: API_VERSION,
        description:
          'Skill demand as the share of unique (de-duplicated) job postings, with 95% intervals, changes with significance tests and Benjamini-Hochberg correction. Every report also answers CSV: add .csv to the path or send Accept: text/csv.',
      },
      tags: [
        { name: 'reports', description: 'Analytics reports (JSON or CSV)' },
        { name: 'jobs', description: 'Crawl jobs and runs' },
        { name: 'health', description: 'Liveness and store status' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(responseCachePlugin, { store: options.store });
  await app.register(healthRoutes, { context });
  await app.register(reportRoutes, { context });
  await app.register(jobRoutes, { context, jobs: options.jobs, adminKey: options.adminKey });
  if (options.dashboardDir && existsSync(options.dashboardDir)) {
    await app.register(fastifyStatic, { root: options.dashboardDir, prefix: '/', index: ['index.html'] });
  }
  return app;
}
