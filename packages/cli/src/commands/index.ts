import type { Command } from '../runtime.js';
import { crawl } from './crawl.js';
import { exportCommand } from './export.js';
import { extract } from './extract.js';
import { importCommand } from './import.js';
import { jobs } from './jobs.js';
import { reindex } from './reindex.js';
import { scheduler } from './scheduler.js';
import { serve } from './serve.js';
import { snapshot } from './snapshot.js';
import { start } from './start.js';
import { store } from './store.js';
import { taxonomy } from './taxonomy.js';
import { title } from './title.js';

/** Every command by name, in the order `skillpulse --help` lists them. */
export const COMMANDS: Record<string, Command> = {
  extract,
  taxonomy,
  title,
  crawl,
  jobs,
  scheduler,
  serve,
  start,
  export: exportCommand,
  import: importCommand,
  snapshot,
  reindex,
  store,
};
