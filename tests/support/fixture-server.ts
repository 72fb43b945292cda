import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureResponse {
  status?: number;
  type?: string;
  headers?: Record<string, string>;
  body: string | Buffer | object;
}

export type FixtureRoute = FixtureResponse | ((req: IncomingMessage, hits: number) => FixtureResponse);

export interface FixtureServer {
  url: string;
  /** Paths (with query) in the order they were requested. */
  requests: string[];
  /** When each of `requests` arrived (performance.now()). */
  times: number[];
  /** Replaces or adds routes while the server runs (a board that changes between crawls). */
  routes: Map<string, FixtureRoute>;
  close(): Promise<void>;
}

/**
 * Serves recorded responses on loopback (127.0.0.1 unless `host` names another 127.x address, a
 * second host for tests across hosts); unknown paths answer 404. Routes may use {base} for the server URL.
 */
export async function startFixtureServer(routes: Record<string, FixtureRoute>, host = '127.0.0.1'): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const requests: string[] = [];
  const times: number[] = [];
  let base = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests.push(path);
    times.push(performance.now());
    const route = table.get(path) ?? table.get(path.split('?')[0] as string);
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const response = typeof route === 'function' ? route(req, count) : route;
    const raw = typeof response.body === 'string' || Buffer.isBuffer(response.body) ? response.body : JSON.stringify(response.body);
    const body = typeof raw === 'string' ? raw.replaceAll('{base}', base) : raw;
    res
      .writeHead(response.status ?? 200, {
        'content-type':
          response.type ??
          (typeof response.body === 'object' && !Buffer.isBuffer(response.body) ? 'application/json' : 'text/html; charset=utf-8'),
        ...response.headers,
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    times,
    routes: table,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
