/**
 * An extraction worker of `ExtractionPool` (pool.ts): builds one SkillExtractor over the taxonomy
 * the pool names (the built-in one, with the overlay file merged in when given), then answers one
 * posting at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { taxonomyWithOverlay } from '@skillpulse/taxonomy';
import { type ExtractInput, type ExtractionResult, SkillExtractor } from './extractor.js';

/** What the pool hands a worker at start. */
export interface WorkerSetup {
  taxonomyOverlay?: string;
}

/** pool → worker */
export interface WorkerTask {
  id: number;
  input: ExtractInput;
  /** Send back the skill set only (see `ExtractAllOptions.skillsOnly`). */
  skillsOnly?: boolean;
}

/** worker → pool */
export type WorkerMessage =
  | { type: 'ready'; taxonomyVersion: string }
  | { type: 'result'; id: number; result: ExtractionResult }
  | { type: 'error'; id: number; message: string; stack?: string };

const port = parentPort;
if (port) {
  const setup = (workerData ?? {}) as WorkerSetup;
  // A taxonomy that cannot load throws here: the pool sees the worker's 'error' event.
  const extractor = new SkillExtractor({ taxonomy: taxonomyWithOverlay(setup.taxonomyOverlay) });
  port.on('message', (task: WorkerTask) => {
    let message: WorkerMessage;
    try {
      const result = extractor.extract(task.input);
      message = { type: 'result', id: task.id, result: task.skillsOnly ? skillsOnly(result) : result };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      message = { type: 'error', id: task.id, message: err.message, stack: err.stack };
    }
    port.postMessage(message);
  });
  port.postMessage({ type: 'ready', taxonomyVersion: extractor.taxonomy.version } satisfies WorkerMessage);
}

/**
 * The result without its text and mentions: a long posting has thousands of mentions, and copying
 * them to the main thread cost it as much as a quarter of the extraction.
 */
export function skillsOnly(result: ExtractionResult): ExtractionResult {
  return { ...result, text: '', mentions: [], skills: result.skills.map((skill) => ({ ...skill, mentions: [] })) };
}
