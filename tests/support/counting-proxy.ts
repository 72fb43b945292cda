import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy forwarded: method, path with query string, and body text. */
export interface SeenRequest {
  method: string;
  path: string;
  body: string;
}

export interface CountingProxy {
  /** http://127.0.0.1:PORT, to use in place of the target's URL. */
  url: string;
  /** Requests forwarded since the start or the last `reset()`, in arrival order. */
  readonly requests: readonly SeenRequest[];
  reset(): void;
  close(): Promise<void>;
}

const readBody = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });

/**
 * An HTTP proxy on loopback in front of a real server (Elasticsearch) that records every request,
 * so a test can count the searches one API call makes without a mock standing in for the server.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  let requests: SeenRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', body: body.toString('utf8') });
    const upstream = httpRequest(
      { host: hostname, port: Number(port), method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    upstream.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return requests;
    },
    reset() {
      requests = [];
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
