import { setImmediate as nextTurn } from 'node:timers/promises';
import { EXTRACTOR_VERSION } from '@skillpulse/extract';
import { reextractPostings } from '@skillpulse/ingest';
import type { RewriteProgress, SkillStore } from '@skillpulse/store';
import { configuredExtractor } from '../config.js';
import { exitCodeOf } from '../exit-codes.js';
import { progressReporter } from '../progress.js';
import { type Command, whileListeningForStop, withStore } from '../runtime.js';
import { parseCommand, UsageError } from '../usage.js';

/**
 * The store as the re-extraction sees it: before each batch it lets the event loop turn (the
 * SQLite store rewrites synchronously, so a signal would otherwise wait for the end) and, once
 * `signal` is aborted, starts no batch: the call rejects with `signal.reason`. Batches already
 * written stay written, and the next reindex skips them.
 */
export function stoppableRewrites(store: SkillStore, signal: AbortSignal): SkillStore {
  const view = Object.create(store) as SkillStore;
  view.rewritePostings = (options) =>
    store.rewritePostings({
      ...options,
      rewrite: async (postings) => {
        await nextTurn();
        signal.throwIfAborted();
        return options.rewrite(postings);
      },
    });
  return view;
}

export const reindex: Command = {
  summary: 're-run skill extraction and role/place derivation over stored postings after an upgrade',
  usage: `skillpulse reindex [--data-dir DIR]

  Re-extracts every posting stamped with another taxonomy or extractor version, and re-derives the
  role and place of every posting stamped with another role-list or gazetteer version (or none:
  stored before roles existed); those count as re-extracted below. Stopping it is safe:
  running it again picks up where it stopped. On Elasticsearch it copies into a new index and swaps
  the alias at the end, so the API keeps answering from the old index meanwhile; pause scheduled
  crawls while it runs (their writes to the old index would not be copied).
  SIGINT/SIGTERM stop it between two batches of 500 postings: the batches done are stored, and it
  exits with code 6 (interrupted) within seconds.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { 'data-dir': { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`reindex: unexpected argument "${positionals[0]}"`);
    return withStore(io, values['data-dir'], (store) =>
      whileListeningForStop(async (signal) => {
        const extractor = configuredExtractor(io.config);
        const progress = progressReporter('reindex', io.stderr, io.logger);
        let last: RewriteProgress = { done: 0, total: 0, rewritten: 0 };
        try {
          const result = await reextractPostings({
            store: stoppableRewrites(store, signal),
            extractor,
            onProgress: (p) => {
              last = p;
              progress.update(p.done, p.total, `postings, ${p.rewritten} re-extracted`);
            },
          });
          progress.finish();
          io.stderr.write(
            `reindex: ${result.rewritten} of ${result.total} postings re-extracted with taxonomy ${extractor.taxonomy.version}, extractor ${EXTRACTOR_VERSION}${result.resumed ? ' (resumed)' : ''}\n`,
          );
          return 0;
        } catch (error) {
          if (!signal.aborted || error !== signal.reason) throw error;
          progress.finish();
          io.stderr.write(
            `reindex: interrupted after ${last.done} of ${last.total} postings (${last.rewritten} re-extracted and stored); run skillpulse reindex again to finish\n`,
          );
          return exitCodeOf('interrupted');
        }
      }),
    );
  },
};
