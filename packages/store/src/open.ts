import { join } from 'node:path';
import { ConfigError } from '@skillpulse/core';
import type { SkillStore } from './contract.js';
import { SqliteStore } from './sqlite.js';

export interface StoreConfig {
  kind: 'sqlite' | 'elasticsearch';
  /** Folder of the SQLite file. */
  dataDir: string;
}

export const SQLITE_FILE_NAME = 'skillpulse.db';

/** Opens the configured store; bad configuration fails here with a message that says how to fix it. */
export async function openStore(config: StoreConfig): Promise<SkillStore> {
  if (config.kind === 'sqlite') return new SqliteStore({ path: join(config.dataDir, SQLITE_FILE_NAME) });
  throw new ConfigError(`SKILLPULSE_STORE=${config.kind} is not available in this version; use SKILLPULSE_STORE=sqlite`, {
    code: 'SKILLPULSE_ERR_STORE_UNSUPPORTED',
  });
}
