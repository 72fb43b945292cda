import { join } from 'node:path';
import type { Logger } from '@skillpulse/core';
import type { SkillStore } from './contract.js';
import type { ElasticsearchStoreOptions } from './elasticsearch/setup.js';
import { ElasticsearchStore } from './elasticsearch/store.js';
import { SqliteStore } from './sqlite/store.js';

export type StoreConfig =
  | { kind: 'sqlite' /** Folder of the SQLite file. */; dataDir: string }
  | ({ kind: 'elasticsearch' } & Omit<ElasticsearchStoreOptions, 'logger'>);

export const SQLITE_FILE_NAME = 'skillpulse.db';

/** Opens the configured store; bad configuration fails here with a message that says how to fix it. */
export async function openStore(config: StoreConfig, logger?: Logger): Promise<SkillStore> {
  if (config.kind === 'sqlite') return new SqliteStore({ path: join(config.dataDir, SQLITE_FILE_NAME) });
  const { kind: _kind, ...options } = config;
  return ElasticsearchStore.open({ ...options, logger });
}
