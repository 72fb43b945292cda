import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { documentId, ElasticsearchStore } from '../../src/index.js';

/** A loopback HTTP server answering every request the same way: stands in for a broken or foreign server. */
async function stubServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const open = (url: string) => ElasticsearchStore.open({ url, indexPrefix: 'unit', shards: 1, replicas: 0 });

describe('ElasticsearchStore.open: bad configuration fails with what and how to fix it', () => {
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

  it('a server that is not Elasticsearch', async () => {
    const stub = await stubServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"nodes":{}}'));
    server = stub.server;
    await expect(open(stub.url)).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_ES_VERSION',
      message: expect.stringMatching(/is not Elasticsearch/),
    });
  });

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

  it('an incompatible server version', async () => {
    const stub = await stubServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' })
        .end('{"nodes":{"n1":{"version":"7.17.0"}}}'),
    );
    server = stub.server;
    await expect(open(stub.url)).rejects.toMatchObject({
      code: 'SKILLPULSE_ERR_ES_VERSION',
      message: expect.stringMatching(/7\.17\.0.*needs 8\.x or 9\.x/),
    });
  });

  it('a bad index prefix or CA file, before any request', async () => {
    await expect(ElasticsearchStore.open({ url: 'http://127.0.0.1:1', indexPrefix: 'Bad Prefix', shards: 1, replicas: 0 })).rejects.toThrow(
      /SKILLPULSE_ES_INDEX_PREFIX: "Bad Prefix"/,
    );
    await expect(
      ElasticsearchStore.open({ url: 'http://127.0.0.1:1', indexPrefix: 'ok', shards: 1, replicas: 0, caFile: '/nonexistent/ca.pem' }),
    ).rejects.toThrow(/SKILLPULSE_ES_CA_FILE: cannot read \/nonexistent\/ca\.pem/);
  });
});

describe('documentId', () => {
  it('is the posting id, or a stable hash when the id is too long for Elasticsearch', () => {
    expect(documentId('board:123')).toBe('board:123');
    const long = `board:${'x'.repeat(600)}`;
    expect(documentId(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(documentId(long)).toBe(documentId(long));
  });
});
