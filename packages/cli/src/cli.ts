import { closestMatch, isSkillPulseError } from '@skillpulse/core';
import { COMMANDS } from './commands/index.js';
import { loadConfig } from './config.js';
import { EXIT_CODES, exitCodeOfError } from './exit-codes.js';
import { createLogger } from './logger.js';
import type { Io } from './runtime.js';
import { storeErrorMessage } from './store-hints.js';

const HELP = `skillpulse — job-market skills analytics

Usage: skillpulse <command> [options]   (skillpulse <command> --help for more)

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}
`;

/** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 bad usage. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  streams: Pick<Io, 'stdin' | 'stdout' | 'stderr'>,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    streams.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const match = closestMatch(name, Object.keys(COMMANDS));
    streams.stderr.write(`skillpulse: unknown command "${name}"${match ? `; did you mean ${match}?` : ''} (try skillpulse --help)\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    streams.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    const config = loadConfig(env);
    // Logs go to stderr so that stdout carries only the command's output (JSON, CSV).
    const logger = await createLogger(config, streams.stderr.isTTY === true);
    return await command.run(args, { ...streams, config, logger });
  } catch (error) {
    if (isSkillPulseError(error)) {
      // The exit code is the error table's for the code (packages/core/src/error-table.ts): 2 bad usage or input, else 1.
      const exit = exitCodeOfError(error);
      // The line names the command once, even when the message starts with its name too.
      const said = storeErrorMessage(error);
      const message = said.startsWith(`${name}: `) ? said.slice(name.length + 2) : said;
      streams.stderr.write(`skillpulse ${name}: ${message}${exit === EXIT_CODES.usage ? '' : ` [${error.code}]`}\n`);
      return exit;
    }
    streams.stderr.write(`skillpulse ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
