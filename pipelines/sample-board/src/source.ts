import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { careerSiteSource, type SourceAdapter } from '@skillpulse/crawl';
import { type SampleBoard, startSampleBoard } from './server.js';

/** The `source:` section of a sample-board job: `type` and `name` only. */
export interface SampleBoardSection {
  type: 'sample-board';
  name: string;
}

const POSTING_PATH = '/jobs';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The board listens on a free port for each run, but a resumed queue holds URLs with the port of
 * the interrupted run; so the port is kept next to the queue and asked for again.
 */
async function startBoardFor(queueDir: string | undefined): Promise<SampleBoard> {
  if (!queueDir) return startSampleBoard();
  const portFile = join(queueDir, 'sample-board-port');
  let previous = 0;
  try {
    previous = Number(readFileSync(portFile, 'utf8')) || 0;
  } catch {
    // First run: any port.
  }
  const board = await startSampleBoard({ port: previous }).catch(() => startSampleBoard());
  mkdirSync(queueDir, { recursive: true });
  writeFileSync(portFile, new URL(board.url).port);
  return board;
}

/**
 * The `sample-board` source of the job files, registered in @skillpulse/ingest's source list like
 * every other source (it has the shape of ingest's `SourceDescriptor`, which this package cannot
 * import): each run starts the board on loopback and crawls it as a career site.
 */
export const sampleBoardSource = {
  type: 'sample-board' as const,
  description: 'The bundled synthetic job board, started on loopback for the run (demos and tests).',
  nameDefault: 'the job id',
  keys: {},
  /** The board is served on loopback by design. */
  allowPrivateNetwork: true,
  section(raw: Record<string, unknown>, jobId: string): SampleBoardSection {
    return { type: 'sample-board', name: typeof raw.name === 'string' ? raw.name : jobId };
  },
  async create(section: SampleBoardSection, context: { queueDir?: string }): Promise<{ adapter: SourceAdapter; close(): Promise<void> }> {
    const board = await startBoardFor(context.queueDir);
    const adapter = careerSiteSource({
      name: section.name,
      startUrls: [`${board.url}${POSTING_PATH}`],
      sitemapUrls: [],
      follow: [`^${escapeRegExp(board.url)}/jobs(\\?page=\\d+|/[a-z0-9-]+)$`],
    });
    return { adapter, close: () => board.close() };
  },
};
