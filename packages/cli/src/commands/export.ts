import { pipeline } from 'node:stream/promises';
import { buildApp, REPORT_QUERIES } from '@skillpulse/api';
import { SkillPulseError } from '@skillpulse/core';
import { configuredTaxonomy } from '../config.js';
import { matchingPostings, postingFilter, postingFilterOptions, writePostingLines } from '../postings-file.js';
import { type Command, withStore } from '../runtime.js';
import { oneOf, parseCommand, UsageError } from '../usage.js';

/** The report each `skillpulse export` name writes, as the API's CSV route of the same name. */
const EXPORT_PATHS: Record<string, string> = {
  skills: '/api/skills.csv',
  skill: '/api/skills/:id.csv',
  top: '/api/top.csv',
  trends: '/api/trends.csv',
  movers: '/api/movers.csv',
  cooccurrence: '/api/cooccurrence.csv',
  breakdown: '/api/breakdown.csv',
  postings: '/api/postings.csv',
  runs: '/api/runs.csv',
  roles: '/api/roles.csv',
  role: '/api/roles/:id.csv',
  salary: '/api/salary.csv',
  places: '/api/places.csv',
};

/** The flag of an API parameter: `include_descendants` or `includeDescendants` → `--include-descendants`. */
export const flag = (param: string) => `--${param.replaceAll('_', '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export interface ExportRequest {
  report: string;
  /** The API route with its query string. */
  url: string;
  /** The API parameters the report takes (for naming flags in its error messages). */
  params: string[];
  dataDir: string | undefined;
}

/** Turns `export REPORT --flag value …` into the API request that writes the report. */
export function exportRequest(args: string[]): ExportRequest {
  const [report, ...rest] = args;
  const path = report === undefined ? undefined : EXPORT_PATHS[report];
  if (!report || report.startsWith('-') || !path) {
    const known = Object.keys(EXPORT_PATHS).join(', ');
    throw new UsageError(report && !report.startsWith('-') ? `unknown report "${report}" (${known})` : `missing report (${known})`);
  }
  const properties: Record<string, object> =
    report === 'runs' ? REPORT_QUERIES.runs.properties : REPORT_QUERIES[report as keyof typeof REPORT_QUERIES].properties;
  const params = Object.keys(properties).filter((name) => name !== 'bom' && name !== 'page' && name !== 'page_size');
  // A true/false parameter (includeDescendants) is a switch: --include-descendants.
  const isSwitch = (name: string) => (properties[name] as { type?: unknown } | undefined)?.type === 'boolean';
  const { values, positionals } = parseCommand(rest, {
    ...Object.fromEntries(
      params.map((name) => [flag(name).slice(2), { type: isSwitch(name) ? ('boolean' as const) : ('string' as const) }]),
    ),
    format: { type: 'string' },
    bom: { type: 'boolean' },
    'data-dir': { type: 'string' },
  });
  oneOf('--format', values.format as string | undefined, ['csv'] as const, 'csv');
  let url = path;
  if (report === 'skill' || report === 'role') {
    if (positionals.length !== 1)
      throw new UsageError(
        report === 'skill'
          ? `skill: give one skill id or name, e.g. skillpulse export skill kubernetes`
          : `role: give one role family id, e.g. skillpulse export role data-engineer`,
      );
    url = path.replace(':id', encodeURIComponent(positionals[0] as string));
  } else if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const query = new URLSearchParams();
  for (const name of params) {
    const value = (values as Record<string, unknown>)[flag(name).slice(2)];
    if (typeof value === 'string') query.set(name, value);
    else if (value === true) query.set(name, 'true');
  }
  if (values.bom) query.set('bom', '1');
  return { report, url: `${url}?${query}`, params, dataDir: values['data-dir'] as string | undefined };
}

/**
 * The error for an API answer other than 200. The API's sentences start with the parameter's name
 * ("limit must be …; to: …"): the flag is named instead. A bad parameter or an unknown skill is bad
 * usage (exit 2); anything else (the store) keeps its code (exit 1).
 */
export function exportError(
  request: Pick<ExportRequest, 'report' | 'params'>,
  statusCode: number,
  body: { message?: string; code?: string },
): Error {
  const message = (body.message ?? `status ${statusCode}`).replace(/(^|; )(\w+)(?=:| )/g, (whole, start: string, name: string) =>
    request.params.includes(name) ? `${start}${flag(name)}` : whole,
  );
  if (statusCode === 400 || statusCode === 404 || !body.code) return new UsageError(`${request.report}: ${message}`);
  return new SkillPulseError(body.code, `${request.report}: ${message}`);
}

export const exportCommand: Command = {
  summary: 'write a report as CSV to standard output',
  usage: `skillpulse export REPORT [--format csv] [--PARAMETER VALUE ...] [--bom] [--data-dir DIR]

  REPORT is one of ${Object.keys(EXPORT_PATHS).join(', ')}; its parameters are those of the API route
  (README, "Report catalogue"), with - for _: for example
    skillpulse export top --from 2025-01-01 --to 2025-06-30 --limit 50
    skillpulse export trends --skills typescript,rust --interval quarter
    skillpulse export movers --category languages
    skillpulse export skill kubernetes
    skillpulse export trends --skills java --include-descendants   (Java with Spring, Kotlin frameworks … as one)
    skillpulse export postings --skills go --country DE > go-postings.csv
  The CSV is the same, column for column, as the API's; postings are streamed, however many.

  skillpulse export postings --format jsonl [--from --to --source --company --country --remote
      --seniority --role --city --region --metro --skills A,B] > postings.jsonl
  writes the stored postings themselves, one JSON object a line, with their skills, role, place and
  duplicate links (duplicates included): what skillpulse import --format jsonl reads back (docs/importing.md).`,
  async run(args, io) {
    if (args[0] === 'postings' && wantsJsonl(args)) return exportPostingsJsonl(args.slice(1), io);
    const request = exportRequest(args);
    return withStore(io, request.dataDir, async (store) => {
      const app = await buildApp({ store, taxonomy: configuredTaxonomy(io.config), minCell: io.config.minCell });
      try {
        // The API's own route writes the file, so the CLI and the API can never disagree on a column.
        const response = await app.inject({ method: 'GET', url: request.url, payloadAsStream: true });
        if (response.statusCode !== 200) {
          const chunks: Buffer[] = [];
          for await (const chunk of response.stream()) chunks.push(chunk as Buffer);
          throw exportError(request, response.statusCode, JSON.parse(Buffer.concat(chunks).toString('utf8')));
        }
        try {
          await pipeline(response.stream(), io.stdout);
        } catch (cause) {
          throw new SkillPulseError(
            'SKILLPULSE_ERR_EXPORT',
            `${request.report}: the export stopped before its end: ${(cause as Error).message}`,
            {
              cause,
            },
          );
        }
      } finally {
        await app.close();
      }
      return 0;
    });
  },
};

/** True when `export postings` is asked for `--format jsonl`. */
const wantsJsonl = (args: string[]) => args.some((a, i) => a === '--format=jsonl' || (a === '--format' && args[i + 1] === 'jsonl'));

/** `export postings --format jsonl [filters]`: the stored postings as JSON lines, streamed. */
async function exportPostingsJsonl(args: string[], io: Parameters<Command['run']>[1]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    ...postingFilterOptions(),
    format: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`postings: unexpected argument "${positionals[0]}"`);
  const { filter } = postingFilter(values, configuredTaxonomy(io.config));
  return withStore(io, values['data-dir'], async (store) => {
    try {
      await writePostingLines(matchingPostings(store, filter), io.stdout);
    } catch (cause) {
      throw new SkillPulseError('SKILLPULSE_ERR_EXPORT', `postings: the export stopped before its end: ${(cause as Error).message}`, {
        cause,
      });
    }
    return 0;
  });
}
