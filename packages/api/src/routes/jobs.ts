import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { csvStream } from '../csv.js';
import { type JobsProvider, jobsReport, type ReportContext, runsCsv, runsReport } from '../reports/index.js';
import { REPORT_QUERIES, wantsCsv } from './reports.js';

/** Crawl jobs and their runs: what the scheduler did, never cached. */
export const jobRoutes: FastifyPluginAsyncTypebox<{ context: ReportContext; jobs?: JobsProvider }> = async (app, { context, jobs }) => {
  app.get(
    '/api/jobs',
    { schema: { tags: ['jobs'], summary: 'Crawl jobs with their last run, and job files that failed to load' } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return jobsReport(context, jobs);
    },
  );
  for (const path of ['/api/runs', '/api/runs.csv']) {
    app.get(
      path,
      {
        schema: {
          querystring: REPORT_QUERIES.runs,
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
