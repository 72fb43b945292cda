import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_SEARCH_WINDOW, RUN_STATUSES } from '@skillpulse/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type TObject, Type } from 'typebox';
import { type CsvValue, csvStream } from '../csv.js';
import { type ErrorStatus, errorResponses } from '../errors.js';
import { FilterQuery, IncludeDescendantsQuery } from '../query.js';
import {
  BREAKDOWN_FIELDS,
  breakdownCsv,
  breakdownReport,
  type CsvReport,
  cooccurrenceCsv,
  cooccurrenceReport,
  MAX_POSTING_SKILLS,
  MAX_TREND_SKILLS,
  moversCsv,
  moversReport,
  POSTINGS_CSV_COLUMNS,
  postingsCsvRows,
  postingsReport,
  type ReportContext,
  skillDetail,
  skillDetailCsv,
  skillsCsv,
  skillsReport,
  topCsv,
  topReport,
  trendsCsv,
  trendsReport,
} from '../reports/index.js';

const limit = (max: number, defaultValue: number) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum: max, default: defaultValue, description: `Rows to return, at most ${max}` }));
const skillParam = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
const literals = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );

/** The query of every report route: the common filters plus the report's own parameters. */
export const REPORT_QUERIES = {
  skills: Type.Object({
    ...FilterQuery.properties,
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Search skill names and aliases (prefix matches first)' })),
    limit: limit(1000, 50),
  }),
  skill: Type.Object({ ...FilterQuery.properties, ...IncludeDescendantsQuery }),
  top: Type.Object({ ...FilterQuery.properties, limit: limit(200, 20) }),
  trends: Type.Object({
    ...FilterQuery.properties,
    skills: Type.String({ minLength: 1, maxLength: 1000, description: `Comma-separated skill ids or names, at most ${MAX_TREND_SKILLS}` }),
    interval: Type.Optional(literals(['day', 'week', 'month', 'quarter', 'year'] as const, { default: 'month' })),
    ...IncludeDescendantsQuery,
  }),
  movers: Type.Object({
    ...FilterQuery.properties,
    base_from: Type.Optional(
      Type.String({ description: 'First day of the baseline window (default: the window of equal length before from)' }),
    ),
    base_to: Type.Optional(Type.String({ description: 'Last day of the baseline window' })),
    limit: limit(200, 20),
  }),
  cooccurrence: Type.Object({
    ...FilterQuery.properties,
    skill: skillParam('The skill (id or name) whose companions to list'),
    sort: Type.Optional(literals(['lift', 'count', 'jaccard'] as const, { default: 'lift' })),
    limit: limit(200, 20),
    ...IncludeDescendantsQuery,
  }),
  breakdown: Type.Object({
    ...FilterQuery.properties,
    by: literals(BREAKDOWN_FIELDS, { description: 'Posting field (or skill category) to break down by' }),
    skill: Type.Optional(skillParam('Break down the postings asking for this skill')),
    limit: limit(200, 20),
    ...IncludeDescendantsQuery,
  }),
  postings: Type.Object({
    ...FilterQuery.properties,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words that must all occur in the title or description' })),
    skills: Type.Optional(
      Type.String({ maxLength: 1000, description: `Comma-separated skills every posting must ask for, at most ${MAX_POSTING_SKILLS}` }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEARCH_WINDOW, default: 1 })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    ...IncludeDescendantsQuery,
  }),
  runs: Type.Object({
    job: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only the runs of this job' })),
    status: Type.Optional(
      Type.Union(
        RUN_STATUSES.map((status) => Type.Literal(status)),
        {
          description:
            'Only the runs that ended so: succeeded; completed_with_errors (some pages failed); failed (a listing could not be read); ' +
            'blocked (robots.txt or HTTP 401/403 on a listing); suspicious (would have expired too many postings, expired none); interrupted; running',
        },
      ),
    ),
    limit: limit(1000, 50),
    bom: FilterQuery.properties.bom,
  }),
} satisfies Record<string, TObject>;

/**
 * The 200 answer of a report: its JSON (declared as an object, not yet field by field) or, for `.csv` paths and `Accept: text/csv`, CSV whose first line is `columns`.
 */
export function okResponse(description: string, columns?: readonly string[]) {
  return {
    200: {
      description,
      content: {
        'application/json': { schema: Type.Object({}, { additionalProperties: true }) },
        ...(columns
          ? { 'text/csv': { schema: Type.String({ description: `CSV; the first line is the header: ${columns.join(',')}` }) } }
          : {}),
      },
    },
  };
}

/** CSV when the path ends in .csv or the client asks for text/csv. */
export function wantsCsv(request: FastifyRequest): boolean {
  return request.url.split('?')[0]?.endsWith('.csv') === true || /\btext\/csv\b/.test(request.headers.accept ?? '');
}

function sendCsv(
  reply: FastifyReply,
  name: string,
  header: readonly string[],
  rows: Iterable<CsvValue[]> | AsyncIterable<CsvValue[]>,
  bom: boolean,
) {
  const date = new Date().toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="skillpulse-${name}-${date}.csv"`)
    .send(csvStream(header, rows, bom));
}

type Query = Record<string, unknown> & { bom?: string };

/** A CSV that is not the JSON report's rows but streamed straight from the store. */
interface StreamedCsv {
  columns: readonly string[];
  /** Checks every parameter (throwing the 400/404) before it returns the rows: nothing is sent before. */
  stream(request: FastifyRequest): AsyncIterable<CsvValue[]>;
}

/** Registers a report at `path` and `path.csv`; both answer CSV to `Accept: text/csv`. */
function report<R>(
  app: FastifyInstance,
  name: string,
  path: string,
  schema: { querystring: TObject; params?: TObject; summary: string; description?: string; errors?: ErrorStatus[] },
  compute: (request: FastifyRequest) => Promise<R>,
  csv: CsvReport<R> | StreamedCsv,
) {
  for (const route of [path, `${path}.csv`]) {
    app.get(
      route,
      {
        schema: {
          querystring: schema.querystring,
          ...(schema.params ? { params: schema.params } : {}),
          ...(schema.description ? { description: schema.description } : {}),
          tags: ['reports'],
          summary: route === path ? schema.summary : `${schema.summary} (CSV)`,
          response: {
            ...okResponse(schema.summary, csv.columns),
            ...errorResponses(...(schema.errors ?? (schema.params ? [400, 414, 503] : [400, 503]))),
          },
        },
        config: { analytics: true },
      },
      async (request, reply) => {
        const query = request.query as Query;
        if (wantsCsv(request)) {
          const rows = 'stream' in csv ? csv.stream(request) : csv.rows(await compute(request));
          return sendCsv(reply, name, csv.columns, rows, query.bom === '1');
        }
        return compute(request);
      },
    );
  }
}

export const reportRoutes: FastifyPluginAsyncTypebox<{ context: ReportContext }> = async (app, { context }) => {
  const q = <T>(request: FastifyRequest) => request.query as T;
  report(
    app,
    'skills',
    '/api/skills',
    { querystring: REPORT_QUERIES.skills, summary: 'Skills of the taxonomy, searched by name, with their postings' },
    (r) => skillsReport(context, q(r)),
    skillsCsv,
  );
  report(
    app,
    'skill',
    '/api/skills/:id',
    {
      querystring: REPORT_QUERIES.skill,
      params: Type.Object({ id: skillParam('Skill id, name or alias') }),
      errors: [400, 404, 414, 503],
      summary: 'One skill: its record, share of postings, rank and first and last posting dates',
    },
    (r) => skillDetail(context, (r.params as { id: string }).id, q(r)),
    skillDetailCsv,
  );
  report(
    app,
    'top',
    '/api/top',
    { querystring: REPORT_QUERIES.top, summary: 'Top skills by share of unique postings, with the change against the previous window' },
    (r) => topReport(context, q(r)),
    topCsv,
  );
  report(
    app,
    'trends',
    '/api/trends',
    { querystring: REPORT_QUERIES.trends, errors: [400, 404, 503], summary: 'Per-period share of postings for up to 10 skills' },
    (r) => trendsReport(context, q(r)),
    trendsCsv,
  );
  report(
    app,
    'movers',
    '/api/movers',
    { querystring: REPORT_QUERIES.movers, summary: 'Rising and declining skills between two windows, significant ones marked' },
    (r) => {
      const { base_from: baseFrom, base_to: baseTo, ...rest } = q<Record<string, string>>(r);
      return moversReport(context, { ...rest, baseFrom, baseTo });
    },
    moversCsv,
  );
  report(
    app,
    'cooccurrence',
    '/api/cooccurrence',
    {
      querystring: REPORT_QUERIES.cooccurrence,
      errors: [400, 404, 503],
      summary: 'Skills asked for together with one skill: count, lift and Jaccard',
    },
    (r) => cooccurrenceReport(context, q(r)),
    cooccurrenceCsv,
  );
  report(
    app,
    'breakdown',
    '/api/breakdown',
    {
      querystring: REPORT_QUERIES.breakdown,
      errors: [400, 404, 503],
      summary: 'Postings (asking for a skill) by company, country, location, remote, seniority, source or category',
    },
    (r) => breakdownReport(context, q(r)),
    breakdownCsv,
  );
  const postingsQuery = (r: FastifyRequest) => {
    const { page_size: pageSize, ...rest } = q<Record<string, string | number>>(r);
    return { ...rest, pageSize: pageSize as number | undefined };
  };
  report(
    app,
    'postings',
    '/api/postings',
    {
      querystring: REPORT_QUERIES.postings,
      errors: [400, 404, 503],
      summary: 'Search unique postings, newest first, with skill mentions highlighted',
      description: 'JSON is one page; the CSV holds every matching posting (a text search: the first 10,000).',
    },
    (r) => postingsReport(context, postingsQuery(r)),
    { columns: POSTINGS_CSV_COLUMNS, stream: (r) => postingsCsvRows(context, postingsQuery(r)) },
  );
};
