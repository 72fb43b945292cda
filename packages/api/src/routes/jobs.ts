import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SkillPulseError } from '@skillpulse/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csvStream } from '../csv.js';
import { adminKeyLimiter } from '../plugins/security.js';
import { type JobsProvider, jobsReport, type ReportContext, runsCsv, runsReport } from '../reports/index.js';
import { errorResponses, JobParams, JobsReport, REPORT_QUERIES, RunAccepted, RunsReport } from '../schemas/index.js';
import { okResponse, wantsCsv } from './reports.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

type Limiter = ReturnType<typeof adminKeyLimiter>;

/**
 * A missing or malformed bearer token is 401 (with WWW-Authenticate), a wrong one 403; each counts
 * as a failure for the client's address, and too many of them are a 429 (`adminKeyLimiter`).
 * Hashing both sides gives equal lengths, so the comparison takes the same time whatever the key.
 */
async function checkAdminKey(request: FastifyRequest, reply: FastifyReply, adminKey: string | undefined, limiter: Limiter) {
  if (!adminKey) return;
  await limiter.check(request, reply);
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) {
    await limiter.fail(request);
    reply.header('www-authenticate', 'Bearer realm="skillpulse"');
    throw new SkillPulseError('SKILLPULSE_ERR_UNAUTHORIZED', 'this server has an admin key: send it as "Authorization: Bearer <key>"');
  }
  if (!timingSafeEqual(sha256(match[1]), sha256(adminKey))) {
    await limiter.fail(request);
    throw new SkillPulseError('SKILLPULSE_ERR_FORBIDDEN', 'the bearer token is not the admin key (SKILLPULSE_ADMIN_KEY)');
  }
}

/** Crawl jobs and their runs: what the scheduler did, never cached. */
export const jobRoutes: FastifyPluginAsyncTypebox<{ context: ReportContext; jobs?: JobsProvider; adminKey?: string }> = async (
  app,
  { context, jobs, adminKey },
) => {
  const limiter = adminKeyLimiter(app);
  app.get(
    '/api/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Crawl jobs with their next start and last run, and job files that failed to load',
        description: 'Each job file is named relative to the jobs directory (SKILLPULSE_JOBS_DIR).',
        response: {
          ...okResponse('/api/jobs', 'The crawl jobs and the job files that failed to load', JobsReport),
          ...errorResponses(503),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return jobsReport(context, jobs);
    },
  );
  app.post(
    '/api/jobs/:id/run',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Run a job now (needs the admin key as a bearer token when one is configured)',
        description:
          'A state-changing request: send "Content-Type: application/json" (an empty body or {}) and no Origin other than this server\'s.',
        params: JobParams,
        response: {
          202: RunAccepted,
          ...errorResponses(
            400,
            ...(adminKey ? ([401, 403] as const) : ([403] as const)),
            404,
            409,
            414,
            415,
            ...(adminKey ? ([429] as const) : []),
            503,
          ),
        },
      },
    },
    async (request, reply) => {
      await checkAdminKey(request, reply, adminKey, limiter);
      if (!jobs?.runNow)
        throw new SkillPulseError('SKILLPULSE_ERR_SCHEDULER_OFF', 'this server runs no scheduler, so it cannot start jobs');
      const runId = await jobs.runNow(request.params.id);
      return reply
        .status(202)
        .header('cache-control', 'no-store')
        .send({ job: request.params.id, runId, trigger: 'manual' as const, runs: `/api/runs?job=${request.params.id}` });
    },
  );
  for (const path of ['/api/runs', '/api/runs.csv']) {
    app.get(
      path,
      {
        schema: {
          querystring: REPORT_QUERIES.runs,
          response: { ...okResponse(path, 'Crawl runs, newest first', RunsReport, runsCsv.columns), ...errorResponses(400, 503) },
          tags: ['jobs'],
          summary: `Crawl runs, newest first${path.endsWith('.csv') ? ' (CSV)' : ''}`,
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const report = await runsReport(context, request.query);
        if (!wantsCsv(request)) return report;
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="skillpulse-runs-${new Date().toISOString().slice(0, 10)}.csv"`)
          .send(csvStream(runsCsv.columns, runsCsv.rows(report), request.query.bom === '1'));
      },
    );
  }
};
