/**
 * The reader thread of `openImportInWorker` (reader.ts): reads, parses and normalises the rows of an
 * import and computes each posting's near-duplicate signature, sending them in chunks. At most
 * `AHEAD` chunks wait unread, so the file is never in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { postingSignature } from '../dedupe.js';
import type { ImportItem } from './formats.js';
import { type InputOptions, type InputStats, openImport } from './input.js';

/** reader → caller */
export type ReaderMessage =
  | { type: 'opened'; stats: InputStats }
  | { type: 'items'; items: ImportItem[]; stats: InputStats }
  | { type: 'end'; stats: InputStats }
  | { type: 'error'; error: ReaderError };

/** An error of the reader thread, as the caller rebuilds it. */
export interface ReaderError {
  message: string;
  code?: string;
  path?: string;
}

/** Rows per message, and messages sent but not yet read that stop the reader. */
const CHUNK = 250;
const AHEAD = 4;

const port = parentPort;
if (port) {
  let unread = 0;
  let wake: (() => void) | null = null;
  // The caller's only message: it took a chunk.
  port.on('message', () => {
    unread--;
    wake?.();
    wake = null;
  });
  const send = async (message: ReaderMessage) => {
    port.postMessage(message);
    if (message.type !== 'items') return;
    unread++;
    while (unread >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
  };
  (async () => {
    const input = await openImport(workerData as InputOptions);
    await send({ type: 'opened', stats: { ...input.stats } });
    let chunk: ImportItem[] = [];
    for await (const item of input.items) {
      if ('posting' in item) item.signature = postingSignature(item.posting);
      chunk.push(item);
      if (chunk.length >= CHUNK) {
        await send({ type: 'items', items: chunk, stats: { ...input.stats } });
        chunk = [];
      }
    }
    if (chunk.length > 0) await send({ type: 'items', items: chunk, stats: { ...input.stats } });
    await send({ type: 'end', stats: { ...input.stats } });
  })().catch((cause: NodeJS.ErrnoException) => {
    const error: ReaderError = { message: String(cause?.message ?? cause) };
    if (typeof cause?.code === 'string') error.code = cause.code;
    if (typeof cause?.path === 'string') error.path = cause.path;
    port.postMessage({ type: 'error', error } satisfies ReaderMessage);
  });
}
