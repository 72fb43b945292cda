import type { estypes } from '@elastic/elasticsearch';
import type { PostingFilter, SalaryPoint } from '../contract.js';
import { compareSalaryPoints } from '../shared.js';
import type { Connection } from './connection.js';
import { filterClauses } from './queries.js';

type CompositeKey = { currency: string; mid: number; text: boolean | number | string };
interface CompositeAgg {
  after_key?: CompositeKey;
  buckets: Array<{ key: CompositeKey; doc_count: number }>;
}

const PAGE = 10_000;

/**
 * The distinct (currency, annual midpoint, from text) combinations of the unique postings a query
 * matches, with how many postings have each, paged through a composite aggregation: no posting
 * is fetched, and a million postings with pay are read in a few requests.
 */
async function points(connection: Connection, clauses: estypes.QueryDslQueryContainer[], hasSkill: boolean): Promise<SalaryPoint[]> {
  const found: SalaryPoint[] = [];
  let after: CompositeKey | undefined;
  for (;;) {
    const response = await connection.client.search({
      index: connection.names.alias,
      size: 0,
      track_total_hits: false,
      query: { bool: { filter: clauses } },
      aggs: {
        pay: {
          composite: {
            size: PAGE,
            after,
            sources: [
              { currency: { terms: { field: 'salary_currency' } } },
              { mid: { terms: { field: 'salary_annual_mid' } } },
              { text: { terms: { field: 'salary_from_text', missing_bucket: true } } },
            ],
          },
        },
      },
    });
    const pay = (response.aggregations as { pay: CompositeAgg }).pay;
    for (const bucket of pay.buckets) {
      const { currency, mid, text } = bucket.key;
      const fromText = text === true || text === 1 || text === 'true';
      for (let i = 0; i < bucket.doc_count; i++) found.push({ currency, annualMid: mid, fromText, hasSkill });
    }
    if (pay.buckets.length < PAGE || !pay.after_key) return found;
    after = pay.after_key;
  }
}

/** One point per unique posting in the filter with a salary currency and annualised midpoint. */
export async function salaryPoints(connection: Connection, filter: PostingFilter, skillId?: string): Promise<SalaryPoint[]> {
  await connection.fresh();
  const paid = [...filterClauses(filter), { exists: { field: 'salary_currency' } }, { exists: { field: 'salary_annual_mid' } }];
  if (skillId === undefined) return (await points(connection, paid, false)).sort(compareSalaryPoints);
  const skill = { term: { skills: skillId } };
  const [withSkill, without] = await Promise.all([
    points(connection, [...paid, skill], true),
    points(connection, [...paid, { bool: { must_not: [skill] } }], false),
  ]);
  return [...withSkill, ...without].sort(compareSalaryPoints);
}
