import type { Logger } from '@skillpulse/core';

export interface ProgressReporter {
  update(done: number, total: number, detail: string): void;
  finish(): void;
}

/** A progress bar on a terminal; a structured log line every few seconds elsewhere. */
export function progressReporter(label: string, stream: NodeJS.WriteStream, logger: Logger): ProgressReporter {
  let lastLog = 0;
  let drawn = false;
  return {
    update(done, total, detail) {
      if (stream.isTTY) {
        const width = 30;
        const ratio = total > 0 ? Math.min(1, done / total) : 0;
        const filled = Math.round(ratio * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${detail}   `);
        drawn = true;
      } else if (Date.now() - lastLog > 2000) {
        lastLog = Date.now();
        logger.info({ progress: label, done, total, detail }, 'progress');
      }
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
