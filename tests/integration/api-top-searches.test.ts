import { randomBytes } from 'node:crypto';
import { buildApp } from '@skillpulse/api';
import { ElasticsearchStore, type PostingInput } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { type CountingProxy, type SeenRequest, startCountingProxy } from '../support/counting-proxy.js';
import { ES_AVAILABLE, ES_URL } from '../support/elasticsearch.js';

/**
 * Issue 22: a top report with its previous-window comparison makes two searches on Elasticsearch
 * (one per window: the total and the skill counts together), not four. Counted on the wire, by a
 * recording proxy on loopback in front of the real Elasticsearch.
 */
const taxonomy = getDefaultTaxonomy();
const dayOffset = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const role = (id: string) => ({ id, occupationUri: null, isco: null, onetSoc: null, confidence: 1, version: 'test' });

function seed(): PostingInput[] {
  const postings: PostingInput[] = [];
  for (let i = 0; i < 120; i++) {
    const skills = [...(i % 2 ? ['python'] : ['go']), ...(i % 3 === 0 ? ['sql'] : []), ...(i % 7 === 0 ? ['rust'] : [])];
    postings.push(
      fixturePosting({
        id: `p${i}`,
        datePosted: dayOffset('2025-01-01', i),
        country: i % 4 === 0 ? 'US' : 'DE',
        role: i % 3 === 0 ? role('data-engineer') : null,
        skills: skills.map((skillId) => ({ skillId, level: 'required', count: 1 })),
      }),
    );
  }
  return postings;
}

const isSearch = (r: SeenRequest) => /\/_(search|msearch|count)(\?|$)/.test(r.path);
// Asked on every analytics request to key the response cache (the data version's pin) and, once
// per data version, for the stamp's store info: not part of the report.
const isVersionProbe = (r: SeenRequest) => r.body.includes('"pin"');
const isInfo = (r: SeenRequest) => r.body.includes('"extractor"');
// The first report starts loading every rollup document in the background (decision 0011): its pages
// can still be under way during a later report when CI is loaded, and are not that report's.
const isBackgroundLoad = (r: SeenRequest) => r.body.includes('"query":{"range":{"total":{"gte":1}}}');

describe.skipIf(!ES_AVAILABLE)('searches per report on Elasticsearch', () => {
  let proxy: CountingProxy;
  let store: ElasticsearchStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    proxy = await startCountingProxy(ES_URL);
    store = await ElasticsearchStore.open({
      url: proxy.url,
      indexPrefix: `sp-test-searches-${randomBytes(4).toString('hex')}`,
      shards: 1,
      replicas: 0,
    });
    await store.upsertPostings(seed());
    app = await buildApp({ store, taxonomy });
    // Warm: the stamp's store info is read once per data version.
    expect((await app.inject({ method: 'GET', url: '/api/top?from=2025-01-01&to=2025-01-31' })).statusCode).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.destroy();
    await store?.close();
    await proxy?.close();
  });

  /** The report's searches during one GET (a window not asked before, so the response cache misses). */
  async function reportSearches(url: string): Promise<SeenRequest[]> {
    proxy.reset();
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['x-cache']).toBeUndefined();
    const searches = proxy.requests.filter(isSearch);
    expect(searches.some(isVersionProbe), 'the data-version probe was seen, so counting works').toBe(true);
    return searches.filter((r) => !isVersionProbe(r) && !isInfo(r) && !isBackgroundLoad(r));
  }

  it('top with the previous-window comparison: 2 searches from the rollups', async () => {
    const searches = await reportSearches('/api/top?from=2025-03-01&to=2025-04-09&limit=3');
    expect(searches.map((s) => s.path.split('?')[0])).toEqual([
      expect.stringMatching(/-rollups\/_search$/),
      expect.stringMatching(/-rollups\/_search$/),
    ]);
  });

  it('top with a facet filter: 2 searches over the postings', async () => {
    const searches = await reportSearches('/api/top?from=2025-03-02&to=2025-04-10&country=DE');
    expect(searches).toHaveLength(2);
    expect(searches.every((s) => !s.path.includes('-rollups'))).toBe(true);
  });

  it('the previous window is compared, so both windows were asked', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/top?from=2025-03-03&to=2025-04-11' });
    const body = response.json();
    expect(body.previousWindow).toMatchObject({ from: '2025-01-22', to: '2025-03-02' });
    expect(body.previousWindow.totalPostings).toBe(40);
    expect(body.skills[0].previousPostings).toBeGreaterThan(0);
  });

  it("a role's skill profile: 2 searches", async () => {
    const searches = await reportSearches('/api/roles/data-engineer?from=2025-01-01&to=2025-04-30');
    expect(searches).toHaveLength(2);
  });
});
