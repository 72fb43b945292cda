import { buildApp } from '@skillpulse/api';
import { freeBytes } from '@skillpulse/ingest';
import { openStore } from '@skillpulse/store';
import { DASHBOARD_DIR } from '@skillpulse/web';
import { configuredTaxonomy, storeConfig } from './config.js';
import { describeSchedule, jobsFromDir, newScheduler, schedulerJobs, stopScheduler } from './job-runner.js';
import { type Io, untilSignal } from './runtime.js';
import { parseCommand, UsageError } from './usage.js';

export function portOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
}

/** The options `serve` and `start` share: where to listen and which store to open. */
export function serverOptions(command: string, args: string[], io: Io): ServerOptions {
  const { values, positionals } = parseCommand(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`${command}: unexpected argument "${positionals[0]}"`);
  const port = portOption(values.port, io.config.port);
  return { host: values.host ?? io.config.host, port, dataDir: values['data-dir'] ?? io.config.dataDir };
}

/** A crawl that cannot write fails (and resumes later): say so before it happens. */
export function warnIfDiskLow(dataDir: string, io: Pick<Io, 'config' | 'logger'>, free: number | null = freeBytes(dataDir)): void {
  if (free === null || io.config.diskWarnMb === 0 || free >= io.config.diskWarnMb * 1_048_576) return;
  const freeMb = Math.floor(free / 1_048_576);
  io.logger.warn(
    { dataDir, freeMb, warnBelowMb: io.config.diskWarnMb },
    `low disk space: ${freeMb} MB free under ${dataDir} (SKILLPULSE_DISK_WARN_MB is ${io.config.diskWarnMb}); a crawl that cannot write fails and resumes once space is freed`,
  );
}

/**
 * Serves the API and dashboard (and runs the scheduler when asked) until SIGINT or SIGTERM; then
 * stops the scheduler (runs get 25 s to store their batch), the server and the store.
 */
export async function serveUntilStopped(options: ServerOptions, io: Io, withScheduler: boolean): Promise<number> {
  const { host, port, dataDir } = options;
  const store = await openStore(storeConfig(io.config, dataDir), io.logger);
  const scheduler = withScheduler ? newScheduler(store, io, dataDir) : null;
  const app = await buildApp({
    store,
    taxonomy: configuredTaxonomy(io.config),
    logger: io.logger,
    dashboardDir: DASHBOARD_DIR,
    minCell: io.config.minCell,
    jobs: scheduler ? schedulerJobs(scheduler) : jobsFromDir(io.config.jobsDir),
    adminKey: io.config.adminKey,
  });
  const stopped = untilSignal();
  warnIfDiskLow(dataDir, io);
  const address = await app.listen({ host, port });
  io.stderr.write(`SkillPulse dashboard and API: ${address.replace('[::1]', 'localhost')}\n`);
  if (!io.config.adminKey && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.logger.warn({ host }, 'listening beyond loopback without SKILLPULSE_ADMIN_KEY: anyone who can reach it can start crawl jobs');
  }
  if (scheduler) {
    await scheduler.start();
    io.stderr.write(`scheduler: ${describeSchedule(scheduler)}\n`);
  }
  const signal = await stopped;
  io.logger.info({ signal }, 'shutting down');
  if (scheduler) await stopScheduler(scheduler, io);
  await app.close();
  await store.close();
  return 0;
}
