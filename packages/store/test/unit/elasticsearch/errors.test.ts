import { errors } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { partialResultError, shardFailureError } from '../../../src/elasticsearch/errors.js';

const URL = 'http://127.0.0.1:9200';

describe('failed shards during a query are a damaged store (503), not a partial answer or a 500', () => {
  it('a search or count with failed shards', () => {
    const body = {
      hits: { hits: [] },
      _shards: {
        total: 3,
        successful: 2,
        failed: 1,
        failures: [{ index: 'sp-postings-v1', reason: { type: 'corrupt_index_exception', reason: 'checksum failed' } }],
      },
    };
    expect(partialResultError(URL, body)).toMatchObject({
      code: 'SKILLPULSE_ERR_STORE_CORRUPT',
      message: expect.stringMatching(
        /^Elasticsearch at http:\/\/127\.0\.0\.1:9200 could not read 1 of 3 shards of sp-postings-v1 \(corrupt_index_exception: checksum failed\); .*restore the index from a snapshot, or re-index the postings/,
      ),
    });
    expect(partialResultError(URL, { count: 4, _shards: { total: 2, failed: 2 } })).toMatchObject({ code: 'SKILLPULSE_ERR_STORE_CORRUPT' });
  });

  it('answers where every shard answered, and non-search answers, pass', () => {
    expect(partialResultError(URL, { hits: { hits: [] }, _shards: { total: 1, successful: 1, failed: 0 } })).toBeNull();
    expect(partialResultError(URL, { _shards: { total: 2, failed: 1 }, result: 'created' })).toBeNull();
    expect(partialResultError(URL, undefined)).toBeNull();
  });

  it('"all shards failed" with a 5xx is damage; with a 4xx it is a bad request', () => {
    const failure = (statusCode: number) =>
      new errors.ResponseError({
        body: {
          error: {
            type: 'search_phase_execution_exception',
            reason: 'all shards failed',
            failed_shards: [{ index: 'sp-postings-v1', reason: { type: 'no_shard_available_action_exception', reason: 'no shard' } }],
          },
          status: statusCode,
        },
        statusCode,
        headers: {},
        warnings: null,
        meta: {} as never,
      });
    expect(shardFailureError(URL, failure(503))).toMatchObject({
      code: 'SKILLPULSE_ERR_STORE_CORRUPT',
      message: expect.stringContaining('could not read 1 shard of sp-postings-v1 (no_shard_available_action_exception: no shard)'),
    });
    expect(shardFailureError(URL, failure(400))).toBeNull();
    expect(shardFailureError(URL, new Error('other'))).toBeNull();
  });
});
