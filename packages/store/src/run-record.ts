import type { CrawlRun } from './contract.js';

/** The first error of an import run recorded before runs had `file`: `imported file: <bytes> bytes, SHA-256 <hex>`. */
const LEGACY_FILE_LINE = /^imported file: (\d+) bytes, SHA-256 ([0-9a-f]{64}|\(not read to its end\))$/;

/**
 * A run record as this SkillPulse reads it. Imports recorded before runs had `file` and
 * `postingsRejected` named the file in their first error (`{url: FILE, reason: "imported file: …"}`)
 * and counted rejected rows in `errorCount`: such a record is read with the file in `file`, the
 * rejected rows in `postingsRejected` and only the real errors in `errors`. Every other record is
 * returned as stored (a crawl run without the fields reads without them).
 */
export function readRun(run: CrawlRun): CrawlRun {
  if (run.file !== undefined || !run.job.startsWith('import:')) return run;
  const first = run.errors[0];
  const match = first ? LEGACY_FILE_LINE.exec(first.reason) : null;
  if (!first || !match) return run;
  const sha256 = match[2] as string;
  return {
    ...run,
    errors: run.errors.slice(1),
    file: { name: first.url, bytes: Number(match[1]), sha256: sha256.startsWith('(') ? null : sha256 },
    postingsRejected: run.errorCount,
  };
}
