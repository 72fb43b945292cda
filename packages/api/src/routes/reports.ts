import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import { type CsvValue, csvStream } from '../csv.js';
import {
  breakdownCsv,
  breakdownReport,
  type CsvReport,
  cooccurrenceCsv,
  cooccurrenceReport,
  moversCsv,
  moversReport,
  POSTINGS_CSV_COLUMNS,
  placesCsv,
  placesReport,
  postingsCsvRows,
  postingsReport,
  type ReportContext,
  roleDetail,
  roleDetailCsv,
  rolesCsv,
  rolesReport,
  salaryCsv,
  salaryReport,
  skillDetail,
  skillDetailCsv,
  skillsCsv,
  skillsReport,
  topCsv,
  topReport,
  trendsCsv,
  trendsReport,
} from '../reports/index.js';
import {
  BreakdownReport,
  CooccurrenceReport,
  type ErrorStatus,
  errorResponses,
  MoversReport,
  PlacesReport,
  PostingsReport,
  REPORT_QUERIES,
  RoleDetail,
  RoleParams,
  RolesReport,
  SalaryReport,
  SkillDetail,
  SkillParams,
  SkillsReport,
  TopReport,
  TrendsReport,
} from '../schemas/index.js';

/**
 * The 200 answer of a report at `route`: its JSON, field by field (`body`), or, with `Accept: text/csv`,
 * CSV whose first line is `columns`; a `.csv` route answers CSV only. Fastify serialises the JSON
 * with this schema, so a field it does not name is not sent.
 */
export function okResponse(route: string, description: string, body: TSchema, columns?: readonly string[]) {
  return {
    200: {
      description,
      content: {
        ...(route.endsWith('.csv') ? {} : { 'application/json': { schema: body } }),
        ...(columns
          ? { 'text/csv': { schema: { type: 'string', description: `CSV; the first line is the header: ${columns.join(',')}` } } }
          : {}),
      },
    },
  };
}

/** CSV when the path ends in .csv or the client asks for text/csv. */
export function wantsCsv(request: FastifyRequest): boolean {
  return request.url.split('?')[0]?.endsWith('.csv') === true || /\btext\/csv\b/.test(request.headers.accept ?? '');
}

/** Sends CSV rows as a download named after the report and today. */
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

/** A CSV that is not the JSON report's rows but streamed straight from the store. */
interface StreamedCsv {
  columns: readonly string[];
  /** Checks every parameter (throwing the 400/404) before it returns the rows: nothing is sent before. */
  stream(): AsyncIterable<CsvValue[]>;
}

/** The JSON report, or its CSV (computed from the report, or streamed) when the client asks for CSV. */
async function answer<R>(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  bom: string | undefined,
  compute: () => Promise<R>,
  csv: CsvReport<R> | StreamedCsv,
) {
  if (!wantsCsv(request)) return compute();
  const rows = 'stream' in csv ? csv.stream() : csv.rows(await compute());
  return sendCsv(reply, name, csv.columns, rows, bom === '1');
}

/** Both paths of a report: `path` and `path.csv` (both answer CSV to `Accept: text/csv`). */
const bothPaths = (path: string) => [path, `${path}.csv`] as const;

/** The route options of a report at `route`: its query, its answers (JSON body, CSV columns, errors), its documentation. */
function reportRoute<Q extends TObject>(
  route: string,
  spec: { querystring: Q; body: TSchema; columns: readonly string[]; summary: string; description?: string; errors?: ErrorStatus[] },
) {
  const csv = route.endsWith('.csv');
  return {
    schema: {
      querystring: spec.querystring,
      ...(spec.description ? { description: spec.description } : {}),
      tags: ['reports'],
      summary: csv ? `${spec.summary} (CSV)` : spec.summary,
      response: { ...okResponse(route, spec.summary, spec.body, spec.columns), ...errorResponses(...(spec.errors ?? [400, 503])) },
    },
    config: { analytics: true },
  };
}

/** A report registered at `path` and `path.csv`, answering JSON or its CSV. */
interface ReportSpec<Q extends TObject, R> {
  path: string;
  name: string;
  querystring: Q;
  body: TSchema;
  csv: CsvReport<R>;
  summary: string;
  errors?: ErrorStatus[];
  compute: (query: Static<Q>) => Promise<R>;
}

type ReportApp = Parameters<FastifyPluginAsyncTypebox>[0];

function addReport<Q extends TObject, R>(app: ReportApp, spec: ReportSpec<Q, R>): void {
  for (const url of bothPaths(spec.path)) {
    const options = reportRoute(url, {
      querystring: spec.querystring,
      body: spec.body,
      columns: spec.csv.columns,
      summary: spec.summary,
      ...(spec.errors ? { errors: spec.errors } : {}),
    });
    app.get(url, options, (request, reply) => {
      // The schema is spec.querystring itself, so the query is Static<Q>; the type provider
      // cannot resolve a schema that is still a type parameter, hence the one assertion.
      const query = request.query as Static<Q> & { bom?: string };
      return answer(request, reply, spec.name, query.bom, () => spec.compute(query), spec.csv);
    });
  }
}

export const reportRoutes: FastifyPluginAsyncTypebox<{ context: ReportContext }> = async (app, { context }) => {
  addReport(app, {
    path: '/api/skills',
    name: 'skills',
    querystring: REPORT_QUERIES.skills,
    body: SkillsReport,
    csv: skillsCsv,
    summary: 'Skills of the taxonomy, searched by name, with their postings',
    compute: (query) => skillsReport(context, query),
  });
  for (const url of bothPaths('/api/skills/:id')) {
    const options = reportRoute(url, {
      querystring: REPORT_QUERIES.skill,
      body: SkillDetail,
      columns: skillDetailCsv.columns,
      errors: [400, 404, 414, 503],
      summary: 'One skill: its record, share of postings, rank and first and last posting dates',
    });
    app.get(url, { ...options, schema: { ...options.schema, params: SkillParams } }, (request, reply) =>
      answer(request, reply, 'skill', request.query.bom, () => skillDetail(context, request.params.id, request.query), skillDetailCsv),
    );
  }
  addReport(app, {
    path: '/api/top',
    name: 'top',
    querystring: REPORT_QUERIES.top,
    body: TopReport,
    csv: topCsv,
    summary: 'Top skills by share of unique postings, with the change against the previous window',
    compute: (query) => topReport(context, query),
  });
  addReport(app, {
    path: '/api/trends',
    name: 'trends',
    querystring: REPORT_QUERIES.trends,
    body: TrendsReport,
    csv: trendsCsv,
    summary: 'Per-period share of postings for up to 10 skills',
    errors: [400, 404, 503],
    compute: (query) => trendsReport(context, query),
  });
  addReport(app, {
    path: '/api/movers',
    name: 'movers',
    querystring: REPORT_QUERIES.movers,
    body: MoversReport,
    csv: moversCsv,
    summary: 'Rising and declining skills between two windows, significant ones marked',
    compute: (query) => moversReport(context, query),
  });
  addReport(app, {
    path: '/api/cooccurrence',
    name: 'cooccurrence',
    querystring: REPORT_QUERIES.cooccurrence,
    body: CooccurrenceReport,
    csv: cooccurrenceCsv,
    summary: 'Skills asked for together with one skill: count, lift and Jaccard',
    errors: [400, 404, 503],
    compute: (query) => cooccurrenceReport(context, query),
  });
  addReport(app, {
    path: '/api/breakdown',
    name: 'breakdown',
    querystring: REPORT_QUERIES.breakdown,
    body: BreakdownReport,
    csv: breakdownCsv,
    summary:
      'Postings (asking for a skill) by company, country, location, remote, seniority, source, category, role, city, metro or region',
    errors: [400, 404, 503],
    compute: (query) => breakdownReport(context, query),
  });
  addReport(app, {
    path: '/api/roles',
    name: 'roles',
    querystring: REPORT_QUERIES.roles,
    body: RolesReport,
    csv: rolesCsv,
    summary: 'Role families by share of unique postings, with the change against the previous window',
    compute: (query) => rolesReport(context, query),
  });
  for (const url of bothPaths('/api/roles/:id')) {
    const options = reportRoute(url, {
      querystring: REPORT_QUERIES.role,
      body: RoleDetail,
      columns: roleDetailCsv.columns,
      errors: [400, 414, 503],
      summary: "One role family's skill profile: its top skills, their share in the role and overall, and the lift",
    });
    app.get(url, { ...options, schema: { ...options.schema, params: RoleParams } }, (request, reply) =>
      answer(request, reply, 'role', request.query.bom, () => roleDetail(context, request.params.id, request.query), roleDetailCsv),
    );
  }
  addReport(app, {
    path: '/api/salary',
    name: 'salary',
    querystring: REPORT_QUERIES.salary,
    body: SalaryReport,
    csv: salaryCsv,
    summary: 'Pay per currency: disclosure, median and quartiles with distribution-free intervals, and a skill premium',
    errors: [400, 404, 503],
    compute: (query) => salaryReport(context, query),
  });
  addReport(app, {
    path: '/api/places',
    name: 'places',
    querystring: REPORT_QUERIES.places,
    body: PlacesReport,
    csv: placesCsv,
    summary: "A skill's share and location quotient per metro, city, region or country",
    errors: [400, 404, 503],
    compute: (query) => placesReport(context, query),
  });
  for (const url of bothPaths('/api/postings')) {
    const options = reportRoute(url, {
      querystring: REPORT_QUERIES.postings,
      body: PostingsReport,
      columns: POSTINGS_CSV_COLUMNS,
      errors: [400, 404, 503],
      summary: 'Search unique postings, newest first, with skill mentions highlighted',
      description: 'JSON is one page; the CSV holds every matching posting (a text search: the first 10,000).',
    });
    app.get(url, options, (request, reply) =>
      answer(request, reply, 'postings', request.query.bom, () => postingsReport(context, request.query), {
        columns: POSTINGS_CSV_COLUMNS,
        stream: () => postingsCsvRows(context, request.query),
      }),
    );
  }
};
