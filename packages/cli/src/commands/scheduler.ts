import { describeSchedule, newScheduler, stopScheduler } from '../job-runner.js';
import { type Command, untilSignal, withStore } from '../runtime.js';
import { parseCommand, UsageError } from '../usage.js';

export const scheduler: Command = {
  summary: 'run the crawl jobs on their schedules, without the API',
  usage: `skillpulse scheduler [--data-dir DIR]

  Runs every enabled job of the jobs directory (SKILLPULSE_JOBS_DIR) on its cron schedule, in its
  time zone. At start, a job whose last run was interrupted resumes, and a job whose last run is
  older than one period runs once (catchUp: false in the job file turns that off). Job files are
  read again every minute. Several schedulers may share one store: a lock in the store makes
  each job run once. SIGINT/SIGTERM stop taking pages, store what was fetched, record the runs as
  interrupted and exit within 30 s. \`skillpulse serve\` runs the same scheduler unless
  SKILLPULSE_SCHEDULER=off.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { 'data-dir': { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = values['data-dir'] ?? io.config.dataDir;
    return withStore(io, dataDir, async (store) => {
      const scheduler = newScheduler(store, io, dataDir);
      const stopped = untilSignal();
      await scheduler.start();
      io.stderr.write(`scheduler: ${describeSchedule(scheduler)}\n`);
      const signal = await stopped;
      io.logger.info({ signal }, 'shutting down');
      await stopScheduler(scheduler, io);
      return 0;
    });
  },
};
