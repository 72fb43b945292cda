import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type CsvValue, csvStream } from '../csv.js';
import { FilterQuery } from '../query.js';
import {
  MAX_TREND_SKILLS,
  type ReportContext,
  TOP_CSV_COLUMNS,
  TRENDS_CSV_COLUMNS,
  topCsvRows,
  topReport,
  trendsCsvRows,
  trendsReport,
} from '../reports.js';

const TopQuery = Type.Intersect([
  FilterQuery,
  Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })) }),
]);
const TrendsQuery = Type.Intersect([
  FilterQuery,
  Type.Object({
    skills: Type.String({ minLength: 1, maxLength: 1000, description: `Comma-separated skill ids or names, at most ${MAX_TREND_SKILLS}` }),
    interval: Type.Optional(
      Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year')], {
        default: 'month',
      }),
    ),
  }),
]);

/** CSV when the path ends in .csv or the client asks for text/csv. */
function wantsCsv(request: FastifyRequest): boolean {
  return request.url.split('?')[0]?.endsWith('.csv') === true || /\btext\/csv\b/.test(request.headers.accept ?? '');
}

function sendCsv(reply: FastifyReply, name: string, header: string[], rows: Iterable<CsvValue[]>, bom: boolean) {
  const date = new Date().toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="skillpulse-${name}-${date}.csv"`)
    .send(csvStream(header, rows, bom));
}

export const reportRoutes: FastifyPluginAsyncTypebox<{ context: ReportContext }> = async (app, { context }) => {
  for (const path of ['/api/top', '/api/top.csv']) {
    app.get(
      path,
      { schema: { querystring: TopQuery, tags: ['reports'], summary: 'Top skills by share of unique postings' } },
      async (request, reply) => {
        const report = await topReport(context, request.query);
        if (wantsCsv(request)) return sendCsv(reply, 'top', TOP_CSV_COLUMNS, topCsvRows(report), request.query.bom === '1');
        reply.header('cache-control', 'public, max-age=60');
        return report;
      },
    );
  }
  for (const path of ['/api/trends', '/api/trends.csv']) {
    app.get(
      path,
      { schema: { querystring: TrendsQuery, tags: ['reports'], summary: 'Per-period share of postings for up to 10 skills' } },
      async (request, reply) => {
        const report = await trendsReport(context, request.query);
        if (wantsCsv(request)) return sendCsv(reply, 'trends', TRENDS_CSV_COLUMNS, trendsCsvRows(report), request.query.bom === '1');
        reply.header('cache-control', 'public, max-age=60');
        return report;
      },
    );
  }
};
