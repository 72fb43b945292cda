import { join } from 'node:path';
import { checkSqliteFile, openStore, SQLITE_FILE_NAME } from '@skillpulse/store';
import { storeConfig } from '../config.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { Command } from '../runtime.js';
import { parseCommand, UsageError } from '../usage.js';

/** `skillpulse store check`: the full integrity check that opening a large store leaves out. */
export const store: Command = {
  summary: 'check the store: every page of the SQLite file (store check)',
  usage: `skillpulse store check [--data-dir DIR]

  SQLite: runs PRAGMA integrity_check over every page of DIR/${SQLITE_FILE_NAME}, read-only, and
  prints "ok" or each problem found (exit 0 when sound, 1 when damaged). Opening a store checks
  only its header and schema, plus a quick check of files up to 32 MB; run this after a crash,
  a full disk or a copy, and before taking a snapshot. Elasticsearch: checks that the cluster
  answers and the indices open.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { 'data-dir': { type: 'string' } });
    if (positionals[0] !== 'check') {
      throw new UsageError(
        positionals.length === 0
          ? 'store: give a subcommand: skillpulse store check'
          : `store: unknown subcommand "${positionals[0]}" (known: check)`,
      );
    }
    if (positionals.length > 1) throw new UsageError(`store check: unexpected argument "${positionals[1]}"`);
    const config = storeConfig(io.config, values['data-dir']);
    if (config.kind === 'elasticsearch') {
      const store = await openStore(config, io.logger);
      try {
        const info = await store.info();
        io.stdout.write(`ok: Elasticsearch at ${config.url} answers; ${info.postings} postings\n`);
      } finally {
        await store.close();
      }
      return EXIT_CODES.ok;
    }
    const report = checkSqliteFile(join(config.dataDir, SQLITE_FILE_NAME));
    if (report.ok) {
      io.stdout.write(`ok: ${report.path}\n`);
      return EXIT_CODES.ok;
    }
    io.stdout.write(`damaged: ${report.path}\n${report.problems.map((p) => `  ${p}\n`).join('')}`);
    io.stderr.write(
      `store check: ${report.path} is damaged; restore it from a snapshot, or move it away and re-crawl into a new store (see README, "When the store is damaged")\n`,
    );
    return EXIT_CODES.failed;
  },
};
