import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ElasticsearchStore, StoreSetupError } from '../../../src/index.js';

/** A loopback HTTP server answering every request the same way: stands in for a broken or foreign server. */
async function stubServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const open = (url: string) => ElasticsearchStore.open({ url, indexPrefix: 'unit', shards: 1, replicas: 0 });

// The CLI's advice (which SKILLPULSE_ES_* variable to fix) is tested with the CLI: packages/cli/test/unit/store-hints.test.ts.
describe('ElasticsearchStore.open: bad configuration fails with what is wrong, in the store’s terms', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('an unreachable URL', async () => {
    const stub = await stubServer(() => undefined);
    const url = stub.url;
    stub.server.close();
    const error = await open(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreSetupError);
    expect(error).toMatchObject({
      code: 'SKILLPULSE_ERR_ES_UNREACHABLE',
      problem: 'unreachable',
      message: expect.stringMatching(/^cannot reach Elasticsearch at http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)$/),
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

  it('wrong credentials or missing privileges', async () => {
    for (const status of [401, 403]) {
      const stub = await stubServer((_req, res) =>
        res
          .writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' })
          .end(`{"error":{"type":"security_exception","reason":"no"},"status":${status}}`),
      );
      server = stub.server;
      const error = await open(stub.url).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'SKILLPULSE_ERR_ES_AUTH' });
      expect((error as Error).message).not.toMatch(/SKILLPULSE_/);
      if (status === 403) expect((error as Error).message).toMatch(/all privileges on the unit-\* indices/);
      stub.server.close();
    }
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

  it('a bad index prefix or CA file, before any request, named by its option', async () => {
    await expect(
      ElasticsearchStore.open({ url: 'http://127.0.0.1:1', indexPrefix: 'Bad Prefix', shards: 1, replicas: 0 }),
    ).rejects.toMatchObject({
      option: 'indexPrefix',
      message: expect.stringMatching(/^indexPrefix: "Bad Prefix" is not a valid index name prefix/),
    });
    await expect(
      ElasticsearchStore.open({ url: 'http://127.0.0.1:1', indexPrefix: 'ok', shards: 1, replicas: 0, caFile: '/nonexistent/ca.pem' }),
    ).rejects.toMatchObject({ option: 'caFile', message: expect.stringMatching(/^caFile: cannot read \/nonexistent\/ca\.pem/) });
  });
});
