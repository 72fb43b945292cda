import type { Command } from '../runtime.js';
import { serverOptions, serveUntilStopped } from '../server.js';

export const serve: Command = {
  summary: 'serve the API and dashboard, and run the scheduled jobs',
  usage: `skillpulse serve [--host HOST] [--port PORT] [--data-dir DIR]

  Runs the scheduler too (see skillpulse scheduler --help) unless SKILLPULSE_SCHEDULER=off.`,
  async run(args, io) {
    return serveUntilStopped(serverOptions('serve', args, io), io, io.config.scheduler);
  },
};
