import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { SkillStore } from '@skillpulse/store';
import type { Taxonomy } from '@skillpulse/taxonomy';
import { DEFAULT_MIN_CELL } from '@skillpulse/trends';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { errorResponse } from './errors.js';
import type { ReportContext } from './reports.js';
import { healthRoutes } from './routes/health.js';
import { reportRoutes } from './routes/reports.js';

export interface AppOptions {
  store: SkillStore;
  taxonomy: Taxonomy;
  /** The program's pino logger; omitted, the API logs nothing. */
  logger?: FastifyBaseLogger;
  /** Built dashboard to serve at `/`; omitted, only the API is served. */
  dashboardDir?: string;
  /** Cells with fewer unique postings than this are flagged too small. */
  minCell?: number;
}

/** Builds the API; never listens (the CLI's `serve` does), so tests use `app.inject()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Request ids in every log line; a caller's id is kept.
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<TypeBoxTypeProvider>();

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

  const context: ReportContext = { store: options.store, taxonomy: options.taxonomy, minCell: options.minCell ?? DEFAULT_MIN_CELL };
  await app.register(healthRoutes, { context });
  await app.register(reportRoutes, { context });
  if (options.dashboardDir && existsSync(options.dashboardDir)) {
    await app.register(fastifyStatic, { root: options.dashboardDir, prefix: '/', index: ['index.html'] });
  }
  return app;
}
