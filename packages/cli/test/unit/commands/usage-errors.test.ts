import { describe, expect, it } from 'vitest';
import { crawl } from '../../../src/commands/crawl.js';
import { scheduler } from '../../../src/commands/scheduler.js';
import { serve } from '../../../src/commands/serve.js';
import { start } from '../../../src/commands/start.js';
import { store } from '../../../src/commands/store.js';
import type { Command } from '../../../src/runtime.js';
import { UsageError } from '../../../src/usage.js';
import { testIo } from '../io.js';

/** The argument checks of the commands that otherwise need a store, a server or a crawl: all fail before any of them starts. */
describe.each<[string, Command, Array<[string[], string]>]>([
  [
    'crawl',
    crawl,
    [
      [[], 'crawl: --job FILE.yaml is required'],
      [['x.yaml'], 'crawl: unexpected argument "x.yaml"'],
      [['--jobs', 'x.yaml'], 'unknown flag --jobs; did you mean --job?'],
    ],
  ],
  ['scheduler', scheduler, [[['now'], 'unexpected argument "now"']]],
  [
    'serve',
    serve,
    [
      [['x'], 'serve: unexpected argument "x"'],
      [['--port', '70000'], '--port: "70000" is not a port number (0-65535)'],
    ],
  ],
  [
    'start',
    start,
    [
      [['x'], 'start: unexpected argument "x"'],
      [['--port', 'http'], '--port: "http" is not a port number (0-65535)'],
    ],
  ],
  [
    'store',
    store,
    [
      [[], 'store: give a subcommand: skillpulse store check'],
      [['fix'], 'store: unknown subcommand "fix" (known: check)'],
      [['check', 'now'], 'store check: unexpected argument "now"'],
    ],
  ],
])('%s', (_name, command, cases) => {
  it.each(cases)('%j is bad usage: %s', async (args, message) => {
    await expect(command.run([...args, '--data-dir', '/dev/null/x'], testIo().io)).rejects.toThrow(new UsageError(message));
  });
});
