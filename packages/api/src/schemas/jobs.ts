import { RUN_STATUSES } from '@skillpulse/store';
import { type Static, Type } from 'typebox';
import { BomParam, limit, literals, Nullable, NullableNumber, NullableString } from './common.js';

/** Crawl jobs and their runs: `/api/jobs`, `/api/jobs/:id/run`, `/api/runs`. */

export const RunsQuery = Type.Object({
  job: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only the runs of this job' })),
  status: Type.Optional(
    literals(RUN_STATUSES, {
      description:
        'Only the runs that ended so: succeeded; completed_with_errors (some pages failed); failed (a listing could not be read); ' +
        'blocked (robots.txt or HTTP 401/403 on a listing); suspicious (would have expired too many postings, expired none); interrupted; running',
    }),
  ),
  limit: limit(1000, 50),
  bom: BomParam,
});
export type RunsQuery = Static<typeof RunsQuery>;

export const RUN_TRIGGERS = ['schedule', 'manual', 'catch-up', 'cli'] as const;

/** A crawl run as the API lists it: the stored record and its duration. */
export const RunRow = Type.Object({
  id: Type.String(),
  job: Type.String(),
  trigger: literals(RUN_TRIGGERS),
  startedAt: Type.String(),
  endedAt: NullableString({ description: 'Null while running' }),
  status: literals(RUN_STATUSES),
  pagesFetched: Type.Integer({ minimum: 0 }),
  postingsNew: Type.Integer({ minimum: 0 }),
  postingsUpdated: Type.Integer({ minimum: 0 }),
  postingsDuplicate: Type.Integer({ minimum: 0 }),
  postingsExpired: Type.Integer({ minimum: 0 }),
  errorCount: Type.Integer({ minimum: 0 }),
  errors: Type.Array(Type.Object({ url: Type.String(), reason: Type.String() })),
  file: Type.Optional(
    Nullable(
      Type.Object({
        name: Type.String({ description: 'The file or folder as given to skillpulse import; - for standard input' }),
        bytes: Type.Integer({ minimum: 0, description: 'Its size (of standard input: the bytes read)' }),
        sha256: NullableString({
          description: 'SHA-256 of its bytes (a folder: of its files in name order); null when the import stopped before the end',
        }),
      }),
      { description: 'Imports only: the file read. Absent on crawl runs and on imports recorded before SkillPulse kept it' },
    ),
  ),
  postingsRejected: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Imports only: rows rejected (the first 49 are in errors, with their line and reason)' }),
  ),
  durationSeconds: NullableNumber({ description: 'Seconds from start to end, to a tenth; null while running' }),
});
export type RunRow = Static<typeof RunRow>;

export const RunsReport = Type.Object({ runs: Type.Array(RunRow) });
export type RunsReport = Static<typeof RunsReport>;

/** A crawl job as the API lists it; the program that knows the job files provides them. */
export const JobSummary = Type.Object({
  id: Type.String(),
  description: Type.String(),
  source: Type.String(),
  enabled: Type.Boolean(),
  schedule: NullableString({ description: 'Cron expression, or null for manual runs only' }),
  timezone: Type.String(),
  file: Type.String({ description: 'The job file, relative to the jobs directory (e.g. sample-board.yaml)' }),
  nextRun: NullableString({ description: 'The next scheduled start (ISO), or null when no scheduler runs it' }),
  running: Type.Boolean({ description: 'True while a run of the job is in progress' }),
});
export type JobSummary = Static<typeof JobSummary>;

export const JobFileError = Type.Object({ file: Type.String(), message: Type.String() });

export const JobsReport = Type.Object({
  jobs: Type.Array(Type.Object({ ...JobSummary.properties, lastRun: Nullable(RunRow) })),
  errors: Type.Array(JobFileError, { description: 'Job files that failed to load, one sentence each' }),
});
export type JobsReport = Static<typeof JobsReport>;

export const JobParams = Type.Object({
  id: Type.String({
    pattern: '^[a-z0-9][a-z0-9-]*$',
    maxLength: 100,
    title: 'a job id of lowercase letters, digits and -, as skillpulse jobs list shows them',
    examples: ['sample-board'],
  }),
});

/** The 202 of `POST /api/jobs/:id/run`. */
export const RunAccepted = Type.Object({
  job: Type.String(),
  runId: Type.String(),
  trigger: Type.Literal('manual'),
  runs: Type.String({ description: 'Where to follow the run: /api/runs?job=ID' }),
});
