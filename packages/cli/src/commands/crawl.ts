import { loadJobFile } from '@skillpulse/ingest';
import { exitCodeOf } from '../exit-codes.js';
import { crawlJob } from '../job-runner.js';
import { type Command, withStore } from '../runtime.js';
import { parseCommand, UsageError } from '../usage.js';

export const crawl: Command = {
  summary: 'run a crawl job file into the store',
  usage: `skillpulse crawl --job FILE.yaml [--data-dir DIR]

  Exit code: 0 the run succeeded with no page errors, 1 failed (a listing could not be read),
  3 completed with page errors, 4 blocked (robots.txt, HTTP 401/403), 5 suspicious (would have
  expired too many postings; none expired), 6 interrupted; 2 bad usage.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { job: { type: 'string' }, 'data-dir': { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`crawl: unexpected argument "${positionals[0]}"`);
    if (!values.job) throw new UsageError('crawl: --job FILE.yaml is required');
    const job = values.job;
    return withStore(io, values['data-dir'], async (store) =>
      exitCodeOf((await crawlJob(loadJobFile(job), store, io, values['data-dir'])).status),
    );
  },
};
