import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SampleBoard, startSampleBoard } from '@skillpulse/sample-board';

/**
 * Job boards for the many-crawlers test (scheduler-fleet.test.ts): sample boards on loopback
 * behind one gate. Each board answers its listing and its first `openPostings` posting pages at
 * once; later posting pages wait until `open()`, so that every crawl is held partway (some
 * postings stored, not all) for as long as the test needs to pick a process and kill it.
 */
export interface GatedBoards {
  /** The boards' URLs (`http://127.0.0.1:port`), one per board. */
  urls: string[];
  /** The postings' URLs per board, as a crawler finds them. */
  postingUrls: string[][];
  /** Lets every waiting and later request through. */
  open(): void;
  close(): Promise<void>;
}

export async function startGatedBoards(count: number, size: number, openPostings: number): Promise<GatedBoards> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const upstreams: SampleBoard[] = [];
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const upstream = await startSampleBoard({ size });
    upstreams.push(upstream);
    // Distinct posting pages asked for so far (a retried page counts once).
    const served = new Set<string>();
    const server = createServer((req, res) => {
      const path = req.url ?? '/';
      const posting = /^\/jobs\/[a-z0-9-]+$/.test(path);
      if (posting && !served.has(path) && served.size >= openPostings) {
        gate.then(() => forward(upstream.url, path, res));
        return;
      }
      if (posting) served.add(path);
      forward(upstream.url, path, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return {
    urls,
    postingUrls: upstreams.map((upstream, i) => upstream.postings.map((p) => `${urls[i]}/jobs/${p.slug}`)),
    open: () => release(),
    close: async () => {
      release();
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await Promise.all(upstreams.map((u) => u.close()));
    },
  };
}

/** Passes one GET on to the sample board (its links are relative, so the crawler stays on this server). */
function forward(upstream: string, path: string, res: ServerResponse): void {
  fetch(`${upstream}${path}`, { redirect: 'manual' })
    .then(async (response) => {
      const headers: Record<string, string> = { 'content-type': response.headers.get('content-type') ?? 'text/html' };
      const location = response.headers.get('location');
      if (location) headers.location = location;
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
}
