import type { Command } from '../runtime.js';
import { serverOptions, serveUntilStopped } from '../server.js';

export const start: Command = {
  summary: 'serve the dashboard and run the jobs: those never run or overdue at once (what `npm start` runs)',
  usage: `skillpulse start [--host HOST] [--port PORT] [--data-dir DIR]

  Like serve, with the scheduler always on: on a first start every enabled job (the sample board,
  Hacker News) runs at once, then on its schedule.`,
  async run(args, io) {
    return serveUntilStopped(serverOptions('start', args, io), io, true);
  },
};
