import { resolve } from 'node:path';
import { ConfigError } from '@skillpulse/core';
import { DEFAULT_JOBS_DIR } from '@skillpulse/ingest';

export interface Config {
  dataDir: string;
  host: string;
  port: number;
  store: 'sqlite' | 'elasticsearch';
  logLevel: string;
  jobsDir: string;
  minCell: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The only place the environment is read. Every variable is listed in .env.example and ARCHITECTURE.md. */
export function loadConfig(rawEnv: Record<string, string | undefined>): Config {
  // An empty variable means "not set", as in a copied .env.example.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== undefined && value !== ''));
  const port = Number(env.SKILLPULSE_PORT ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`SKILLPULSE_PORT: "${env.SKILLPULSE_PORT}" is not a port number (0-65535)`);
  const store = env.SKILLPULSE_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'elasticsearch')
    throw new ConfigError(`SKILLPULSE_STORE: "${store}" is not a store (use sqlite or elasticsearch)`);
  const logLevel = env.SKILLPULSE_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`SKILLPULSE_LOG_LEVEL: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  const minCell = Number(env.SKILLPULSE_MIN_CELL ?? '10');
  if (!Number.isInteger(minCell) || minCell < 0)
    throw new ConfigError(`SKILLPULSE_MIN_CELL: "${env.SKILLPULSE_MIN_CELL}" is not a whole number`);
  return {
    dataDir: resolve(env.SKILLPULSE_DATA_DIR ?? 'data'),
    host: env.SKILLPULSE_HOST ?? '127.0.0.1',
    port,
    store,
    logLevel,
    jobsDir: resolve(env.SKILLPULSE_JOBS_DIR ?? DEFAULT_JOBS_DIR),
    minCell,
  };
}
