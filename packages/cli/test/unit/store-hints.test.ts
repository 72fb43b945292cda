import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StoreError } from '@skillpulse/core';
import { ElasticsearchStore, type ElasticsearchStoreOptions, STORE_UNAVAILABLE } from '@skillpulse/store';
import { afterEach, describe, expect, it } from 'vitest';
import { storeErrorMessage, storeHint } from '../../src/store-hints.js';

/** A loopback HTTP server answering every request the same way: stands in for a broken or foreign server. */
async function stubServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Opens the store as the CLI does, with the message the CLI prints (the store's, plus the CLI's advice). */
const openAsCli = (options: ElasticsearchStoreOptions) =>
  ElasticsearchStore.open(options).catch((error: Error) => {
    throw Object.assign(error, { message: storeErrorMessage(error) });
  });

const open = (url: string) => openAsCli({ url, indexPrefix: 'unit', shards: 1, replicas: 0 });

// Moved from packages/store (issue 19): the store says what is wrong, the CLI names its settings.
describe('ElasticsearchStore.open through the CLI: bad configuration fails with what and how to fix it', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('an unreachable URL', async () => {
    const stub = await stubServer(() => undefined);
    const url = stub.url;
    stub.server.close();
    await expect(open(url)).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_ES_UNREACHABLE',
      message: expect.stringMatching(
        /cannot reach Elasticsearch at http:\/\/127\.0\.0\.1:\d+.*scripts\/elasticsearch\.sh start.*SKILLPULSE_ES_URL/,
      ),
    });
    // The client retries a refused connection; on a loaded 2-core machine that outlasts 5 s.
  }, 20_000);

  it('wrong credentials', async () => {
    const stub = await stubServer((_req, res) =>
      res
        .writeHead(401, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' })
        .end('{"error":{"type":"security_exception","reason":"unable to authenticate user"},"status":401}'),
    );
    server = stub.server;
    await expect(open(stub.url)).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_ES_AUTH',
      message: expect.stringMatching(/SKILLPULSE_ES_API_KEY/),
    });
  });

  it('a bad index prefix or CA file, before any request', async () => {
    await expect(openAsCli({ url: 'http://127.0.0.1:1', indexPrefix: 'Bad Prefix', shards: 1, replicas: 0 })).rejects.toThrow(
      /SKILLPULSE_ES_INDEX_PREFIX: "Bad Prefix"/,
    );
    await expect(
      openAsCli({ url: 'http://127.0.0.1:1', indexPrefix: 'ok', shards: 1, replicas: 0, caFile: '/nonexistent/ca.pem' }),
    ).rejects.toThrow(/SKILLPULSE_ES_CA_FILE: cannot read \/nonexistent\/ca\.pem/);
  });
});

describe('storeHint', () => {
  it('tells how to start Elasticsearch when it stops answering, and leaves other errors alone', () => {
    const unavailable = new StoreError('store unavailable: Elasticsearch at http://127.0.0.1:9200 does not answer (ECONNREFUSED)', {
      code: STORE_UNAVAILABLE,
    });
    expect(storeErrorMessage(unavailable)).toBe(
      'store unavailable: Elasticsearch at http://127.0.0.1:9200 does not answer (ECONNREFUSED); start it (scripts/elasticsearch.sh start) or fix SKILLPULSE_ES_URL',
    );
    expect(storeHint(new StoreError('disk full', { code: 'SKILLPULSE_ERR_STORE_WRITE' }))).toBeUndefined();
    expect(storeErrorMessage(new Error('anything else'))).toBe('anything else');
  });
});
