import { Worker } from 'node:worker_threads';
import type { ImportItem } from './formats.js';
import { ImportFileError, type ImportInput, type InputOptions, type InputStats, openImport } from './input.js';
import type { ReaderError, ReaderMessage } from './reader-worker.js';

/**
 * The reader thread's script: beside this file once built; from a test running the TypeScript
 * sources, the one built in ../../dist/import/ (build the package first).
 */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/import/reader-worker.js', import.meta.url)
  : new URL('./reader-worker.js', import.meta.url);

/**
 * `openImport` on a reader thread: the file is read, parsed and normalised and each posting's
 * near-duplicate signature computed there, a few hundred rows ahead of the caller, so an import
 * uses the second core for what does not depend on the store. The rows, their order, the stats and
 * the errors are those of `openImport`; standard input is read on the caller's thread.
 */
export async function openImportInWorker(options: InputOptions): Promise<ImportInput> {
  if (options.path === '-') return openImport(options);
  const { stdin: _stdin, ...data } = options;
  const worker = new Worker(WORKER_URL, { workerData: data });
  // The reader keeps the process alive only while the caller waits for it: an input opened and
  // not read to its end does not hold the process open.
  worker.unref();
  const messages: ReaderMessage[] = [];
  let waiting: (() => void) | null = null;
  let exited: Error | null = null;
  worker.on('message', (message: ReaderMessage) => {
    messages.push(message);
    waiting?.();
  });
  worker.on('error', (error) => {
    exited = error;
    waiting?.();
  });
  worker.on('exit', (code) => {
    exited ??= new Error(`the import's reader thread stopped (exit code ${code})`);
    waiting?.();
  });
  const next = async (): Promise<Exclude<ReaderMessage, { type: 'error' }>> => {
    while (messages.length === 0) {
      if (exited) throw exited;
      worker.ref();
      await new Promise<void>((resolve) => (waiting = resolve));
      worker.unref();
      waiting = null;
    }
    const message = messages.shift() as ReaderMessage;
    if (message.type === 'error') throw rebuilt(message.error);
    return message;
  };
  const stats: InputStats = { name: options.path, bytes: 0, size: null, sha256: null };
  try {
    Object.assign(stats, (await next()).stats);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  async function* items(): AsyncGenerator<ImportItem> {
    try {
      for (;;) {
        const message = await next();
        Object.assign(stats, message.stats);
        if (message.type !== 'items') return;
        worker.postMessage({ type: 'read' });
        yield* message.items;
      }
    } finally {
      await worker.terminate();
    }
  }
  return { stats, items: items() };
}

/** The reader thread's error as `openImport` would have thrown it (a coded input error, or a system one). */
function rebuilt(error: ReaderError): Error {
  if (error.code?.startsWith('SKILLPULSE_ERR_')) return new ImportFileError(error.message, { code: error.code });
  return Object.assign(new Error(error.message), { code: error.code, path: error.path });
}
