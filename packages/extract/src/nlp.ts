import { createRequire } from 'node:module';

/*
 * natural's index module loads every storage backend (mongoose, pg, redis) and runs dotenv,
 * which prints to stdout and adds ~600 ms to start-up. We load the modules we use directly.
 */
const require = createRequire(import.meta.url);

/** Jaro–Winkler similarity in [0, 1]. */
export const jaroWinkler = require('natural/lib/natural/distance/jaro-winkler_distance') as (
  a: string,
  b: string,
  options?: { ignoreCase?: boolean },
) => number;

/** natural's English stop-word list. */
export const stopwords: ReadonlySet<string> = new Set((require('natural/lib/natural/util/stopwords') as { words: string[] }).words);
