import { createWriteStream, openSync, realpathSync } from 'node:fs';
import { resolve as absolute, basename, extname, join } from 'node:path';
import { EXTRACTOR_VERSION } from '@skillpulse/extract';
import {
  CSV_FIELDS,
  checkImport,
  csvMapping,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportProgress,
  openImportInWorker,
  runFile,
  runFileText,
  runImport,
} from '@skillpulse/ingest';
import { configuredExtractor, configuredTaxonomy } from '../config.js';
import { exitCodeOf } from '../exit-codes.js';
import { progressReporter } from '../progress.js';
import { type Command, type Io, whileListeningForStop, withStore } from '../runtime.js';
import { oneOf, parseCommand, UsageError } from '../usage.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** The import's name: --source, else the format (jobspy) or the file's name. */
function importName(given: string | undefined, format: ImportFormat, path: string): string {
  if (given !== undefined) {
    if (!NAME.test(given))
      throw new UsageError(`--source "${given}": use letters, digits, ".", "_" and "-" (up to 64), e.g. --source acme-feed`);
    return given;
  }
  if (format === 'jobspy') return 'jobspy';
  const base = basename(path.replace(/[/\\]+$/, ''), extname(path))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return path === '-' || base === '' ? format : base.slice(0, 64);
}

/**
 * `--errors FILE`: every rejected row as a JSON line `{"line":12,"reason":"…"}` (`{"at":"a.json",…}`
 * for files). Opened before anything is read: refused, naming it, when it is the file being imported
 * (opening it for writing would empty it) or cannot be written.
 */
function errorsWriter(path: string | undefined, input: string) {
  if (path === undefined) return { write: undefined, close: async () => {} };
  const same = (a: string, b: string) => {
    try {
      return realpathSync(a) === realpathSync(b);
    } catch {
      return absolute(a) === absolute(b);
    }
  };
  if (input !== '-' && same(path, input)) {
    throw new UsageError(`--errors ${path} is the file being imported; give another file for the rejected rows`);
  }
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a folder' : `cannot be written (${(error as Error).message})`;
    throw new UsageError(`--errors ${path} ${why}; give a file in a folder that exists, e.g. --errors rejected.jsonl`);
  }
  const out = createWriteStream('', { fd });
  let failed: Error | null = null;
  out.on('error', (error) => {
    failed = error;
  });
  return {
    write: (at: string, reason: string) => {
      const line = /^line (\d+)$/.exec(at);
      out.write(`${JSON.stringify(line ? { line: Number(line[1]), reason } : { at, reason })}\n`);
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => {
          const cause = error ?? failed;
          if (cause) reject(new Error(`--errors ${path}: writing the rejected rows failed: ${cause.message}`, { cause }));
          else resolve();
        }),
      ),
  };
}

/**
 * Two bars: "import: reading" (bytes of the file; rows are extracted as they are read), then
 * "import: storing" (postings of those to store, week by week of publication).
 */
function importProgress(io: Io): { update(p: ImportProgress): void; finish(): void } {
  let stage: ImportProgress['stage'] = 'reading';
  let bar = progressReporter('import: reading', io.stderr, io.logger);
  return {
    update(p) {
      if (p.stage !== stage) {
        bar.finish();
        stage = p.stage;
        bar = progressReporter(`import: ${stage}`, io.stderr, io.logger);
      }
      if (p.stage === 'reading')
        bar.update(p.bytes, p.size ?? p.bytes, `bytes: ${p.rows} rows, ${p.toStore} to store, ${p.rejected} rejected`);
      else {
        bar.update(p.stored, p.toStore, `postings: ${p.new} new, ${p.updated} updated, ${p.duplicate} duplicate`);
        // The bar's line ends with the storing: the import's closing log line comes before the summary.
        if (p.stored >= p.toStore) bar.finish();
      }
    },
    finish: () => bar.finish(),
  };
}

export const importCommand: Command = {
  summary: 'import postings from a JobSpy CSV, a CSV, JSON-LD files, SkillPulse JSONL or a snapshot',
  usage: `skillpulse import FILE|DIR|- --format jsonl|csv|jobspy|jsonld|snapshot [--source NAME] [--dry-run]
                  [--errors FILE] [--map MAP.yaml] [--column FIELD=COLUMN ...] [--delimiter C] [--data-dir DIR]

  Every posting is normalised, de-duplicated (against stored postings too), its skills extracted and
  its role and place derived like a crawled one; its source is import:NAME (NAME: --source, else
  "jobspy" or the file's name). SkillPulse JSONL and snapshots keep each posting's own source.
    jobspy    the CSV JobSpy writes (site, job_url, title, company, location, date_posted, interval,
              min_amount, max_amount, currency, is_remote, description, ...)
    csv       any CSV: --column FIELD=COLUMN or a --map file maps its columns to the fields
              ${CSV_FIELDS.join(', ')}
    jsonld    a schema.org JobPosting .json/.jsonld file, or a folder of them
    jsonl     what skillpulse export postings --format jsonl writes (- reads standard input)
    snapshot  a folder skillpulse snapshot wrote: its checksums are verified before anything loads
  A bad row is rejected with its line and reason (in the run record, and in --errors FILE as JSON
  lines) and the import goes on. Running the same file again adds nothing; after an interruption it
  stores what was missing. --dry-run reads and checks every row and stores nothing.
  The file is read first (skills extracted as it goes), then stored week by week of publication;
  meanwhile its postings wait under DATA_DIR/import/ (three to four times the size of a CSV).
  Exit code: 0 every row imported, 3 some rows rejected, 1 no valid row (or a failure),
  6 interrupted (SIGINT/SIGTERM stop it between two batches of 500; what was stored stays), 2 bad usage.
  More: docs/importing.md.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, {
      format: { type: 'string' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean' },
      errors: { type: 'string' },
      map: { type: 'string' },
      column: { type: 'string', multiple: true },
      delimiter: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length === 0) throw new UsageError('give the FILE (or folder, or - for standard input) to import');
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (one FILE at a time)`);
    if (values.format === undefined) throw new UsageError(`--format is required (one of: ${IMPORT_FORMATS.join(', ')})`);
    const format = oneOf('--format', values.format, IMPORT_FORMATS, 'jsonl');
    const path = positionals[0] as string;
    if (path === '-' && (format === 'jsonld' || format === 'snapshot'))
      throw new UsageError(`--format ${format} reads ${format === 'snapshot' ? 'a folder' : 'a file or folder'}, not standard input`);
    if (format !== 'csv' && (values.map !== undefined || values.column !== undefined || values.delimiter !== undefined)) {
      throw new UsageError(`--map, --column and --delimiter apply to --format csv only (got --format ${format})`);
    }
    const mapping =
      format === 'csv' ? csvMapping({ mapFile: values.map, columns: values.column ?? [], delimiter: values.delimiter }) : undefined;
    const name = importName(values.source, format, path);
    const taxonomy = configuredTaxonomy(io.config);
    const open = () =>
      openImportInWorker({
        format,
        path,
        stdin: io.stdin,
        source: `import:${name}`,
        versions: { taxonomy: taxonomy.version, extractor: EXTRACTOR_VERSION },
        mapping,
        seenAt: new Date().toISOString(),
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' && (error.path === undefined || error.path === path))
          throw new UsageError(`${path} does not exist; give the path of the file or folder to import (or - for standard input)`);
        throw error;
      });
    const errors = errorsWriter(values.errors, path);
    try {
      if (values['dry-run']) return await dryRun(await open(), path, errors.write, io);
      return await withStore(io, values['data-dir'], (store) =>
        whileListeningForStop(async (signal) => {
          const input = await open();
          const progress = importProgress(io);
          const result = await runImport({
            input,
            name,
            store,
            extractor: configuredExtractor(io.config),
            logger: io.logger,
            signal,
            // Rows wait under the data directory until stored: the system's temporary folder may be in memory.
            spillDir: join(values['data-dir'] ?? io.config.dataDir, 'import'),
            onProgress: (p) => progress.update(p),
            onReject: errors.write,
          });
          progress.finish();
          const { run, rows, rejected } = result;
          // Rows add up: new + updated + unchanged + rejected. Unchanged rows are stored already as they
          // are, or repeat an earlier row's id (the last one wins); near-duplicates are new or updated postings.
          const unchanged = rows - rejected - run.postingsNew - run.postingsUpdated;
          const counts = `${rows} rows, ${run.postingsNew} new, ${run.postingsUpdated} updated, ${unchanged} unchanged, ${rejected} rejected (${run.postingsDuplicate} of the new and updated near-duplicates of others)`;
          const what = run.file ? runFileText(run.file) : '';
          if (run.status === 'interrupted') {
            io.stderr.write(`${run.job}: interrupted — ${counts} so far, stored; run the same import again to finish. ${what}\n`);
          } else if (rows - rejected === 0) {
            const first = run.errors[0] ? `; first: ${run.errors[0].url}: ${run.errors[0].reason}` : '';
            io.stderr.write(
              `${run.job}: no valid posting in ${path} (${rows} rows, all rejected${first}); nothing imported. Is --format ${format} the file's format?\n`,
            );
            return 1;
          } else {
            // Where the rejected rows are, when no --errors file was given.
            const where =
              rejected > 0 && values.errors === undefined
                ? `; the rejected rows with their line and reason: --errors FILE, or skillpulse export runs (the first ${run.errors.length})`
                : '';
            io.stderr.write(`${run.job}: ${run.status} — ${counts}; ${what}${where}\n`);
          }
          return exitCodeOf(run.status);
        }),
      );
    } finally {
      await errors.close();
    }
  },
};

async function dryRun(
  input: Awaited<ReturnType<typeof openImportInWorker>>,
  path: string,
  onReject: ((at: string, reason: string) => void) | undefined,
  io: Io,
) {
  const { rows, rejected } = await checkImport(input, (at, reason) => {
    onReject?.(at, reason);
    io.stderr.write(`${path} ${at}: rejected: ${reason}\n`);
  });
  io.stderr.write(
    `import (dry run): ${rows} rows, ${rows - rejected} valid, ${rejected} rejected; nothing stored. ${runFileText(runFile(input.stats))}\n`,
  );
  // The codes of the import itself: 1 no valid row, 3 some rows rejected, 0 every row valid.
  return rows - rejected === 0 ? 1 : rejected > 0 ? exitCodeOf('completed_with_errors') : 0;
}
