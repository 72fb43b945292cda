import { type PostingInput, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
// Ajv comes with fastify (its validator compiler).
import { Ajv } from 'ajv';
import type { TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  breakdownReport,
  cooccurrenceReport,
  jobsReport,
  moversReport,
  postingsReport,
  type ReportContext,
  runsReport,
  skillDetail,
  skillsReport,
  topReport,
  trendsReport,
} from '../../../src/reports/index.js';
import {
  BreakdownReport,
  CooccurrenceReport,
  JobsReport,
  MoversReport,
  PostingsReport,
  RunsReport,
  SkillDetail,
  SkillsReport,
  TopReport,
  TrendsReport,
} from '../../../src/schemas/index.js';

/**
 * Fastify serialises each answer with its response schema: a field the schema does not name is
 * dropped, and a value of another type is coerced (null to "" or 0). So the reports themselves,
 * before serialisation, must match their schemas exactly: every field named, every type and null
 * right. Checked here on a real (in-memory SQLite) store, with the options that add fields.
 */
const taxonomy = getDefaultTaxonomy();

/** A copy of a schema in which no object takes a property it does not name (the stamp's free `query` aside). */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strict(v)]));
  if ('properties' in copy) copy.additionalProperties = false;
  return copy;
}

const ajv = new Ajv({ strict: false, allErrors: true });
function expectMatches(schema: TSchema, value: unknown) {
  const validate = ajv.compile(strict(schema) as object);
  expect(validate(value) ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

const day = (offset: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

function postings(): PostingInput[] {
  const skills = ['python', 'java', 'spring', 'sql', 'kubernetes', 'postgresql'];
  return Array.from({ length: 120 }, (_, i) => ({
    id: `p${i}`,
    source: 'fixture',
    url: `https://jobs.example.com/p${i}`,
    title: i % 2 ? 'Python Developer' : 'Java Engineer',
    company: i % 5 === 0 ? null : ['Acme', 'Globex'][i % 2],
    locations: i % 4 === 0 ? [] : ['Berlin'],
    country: i % 7 === 0 ? null : i % 2 ? 'DE' : 'US',
    remote: 'hybrid',
    employmentType: 'FULL_TIME',
    seniority: 'mid',
    salary: null,
    datePosted: day(i % 180),
    dateInferred: i % 3 === 0,
    validThrough: null,
    descriptionText: 'We need Python, Java with Spring, and SQL on Kubernetes.',
    descriptionHtml: null,
    contentHash: `hash-${i}`,
    skills: skills.filter((_, k) => (i + k) % 3 !== 0).map((skillId) => ({ skillId, level: 'required' as const, count: 1 })),
    taxonomyVersion: 't1',
    extractorVersion: 'e1',
    canonicalId: i > 0 && i % 11 === 0 ? 'p1' : null,
    seenAt: '2025-07-01T00:00:00.000Z',
  })) as PostingInput[];
}

describe('the reports match their response schemas exactly', () => {
  let store: SqliteStore;
  let context: ReportContext;
  const window = { from: '2025-04-01', to: '2025-06-29' };

  beforeAll(async () => {
    store = new SqliteStore({ path: ':memory:' });
    await store.upsertPostings(postings());
    await store.saveRun({
      id: 'run-1',
      job: 'board',
      trigger: 'schedule',
      startedAt: '2025-07-01T03:00:00.000Z',
      endedAt: '2025-07-01T03:01:30.000Z',
      status: 'completed_with_errors',
      pagesFetched: 12,
      postingsNew: 100,
      postingsUpdated: 0,
      postingsDuplicate: 10,
      postingsExpired: 0,
      errorCount: 1,
      errors: [{ url: 'https://jobs.example.com/x', reason: 'HTTP 500' }],
    });
    context = { store, taxonomy, minCell: 5 };
  });
  afterAll(async () => {
    await store?.close();
  });

  it('skills and one skill (with and without descendants, known and never asked for)', async () => {
    expectMatches(SkillsReport, await skillsReport(context, { q: 'py', limit: 20 }));
    expectMatches(SkillDetail, await skillDetail(context, 'java', { ...window, includeDescendants: true }));
    expectMatches(SkillDetail, await skillDetail(context, 'cobol', {}));
  });

  it('top and movers (with a previous window, so every change field is set, and without)', async () => {
    expectMatches(TopReport, await topReport(context, { ...window, limit: 10 }));
    expectMatches(TopReport, await topReport(context, {}));
    expectMatches(MoversReport, await moversReport(context, { ...window, base_from: '2025-01-01', base_to: '2025-03-31' }));
    expectMatches(MoversReport, await moversReport(context, {}));
  });

  it('trends, cooccurrence and breakdown (a skill with descendants, a category, no skill)', async () => {
    expectMatches(TrendsReport, await trendsReport(context, { skills: 'python,java', interval: 'month', includeDescendants: true }));
    expectMatches(CooccurrenceReport, await cooccurrenceReport(context, { skill: 'java', includeDescendants: true, sort: 'count' }));
    expectMatches(CooccurrenceReport, await cooccurrenceReport(context, { skill: 'python' }));
    expectMatches(BreakdownReport, await breakdownReport(context, { by: 'company', skill: 'java', includeDescendants: true }));
    expectMatches(BreakdownReport, await breakdownReport(context, { by: 'category' }));
    expectMatches(BreakdownReport, await breakdownReport(context, { by: 'country', skill: 'python' }));
  });

  it('postings (highlights, null company and country, skills with their descendants)', async () => {
    const report = await postingsReport(context, { skills: 'java', includeDescendants: true, page_size: 50 });
    expect(report.postings.some((p) => p.company === null)).toBe(true);
    expectMatches(PostingsReport, report);
    expectMatches(PostingsReport, await postingsReport(context, { q: 'python', page: 2, page_size: 5 }));
  });

  it('runs and jobs (a job with a last run, one without, and a job file that failed to load)', async () => {
    expectMatches(RunsReport, await runsReport(context, {}));
    const summary = { description: 'd', source: 'sample-board', enabled: true, timezone: 'UTC', nextRun: null, running: false };
    const jobs = await jobsReport(context, {
      list: async () => ({
        jobs: [
          { ...summary, id: 'board', schedule: '0 3 * * *', file: '/jobs/board.yaml' },
          { ...summary, id: 'other', schedule: null, file: '/jobs/other.yaml' },
        ],
        errors: [{ file: '/jobs/bad.yaml', message: 'job file /jobs/bad.yaml: id: required' }],
      }),
    });
    expect(jobs.jobs.map((j) => j.lastRun === null)).toEqual([false, true]);
    expectMatches(JobsReport, jobs);
  });

  it('fails on a field the schema does not name, and on a null where it wants a string', async () => {
    const top = await topReport(context, window);
    expect(ajv.validate(strict(TopReport) as object, { ...top, extra: 1 })).toBe(false);
    const skill = await skillDetail(context, 'python', {});
    expect(ajv.validate(strict(SkillDetail) as object, { ...skill, skill: { ...skill.skill, name: null } })).toBe(false);
  });
});
