import pino, { type Logger } from 'pino';
import type { Config, LogFormatSetting } from './config.js';

export type LogFormat = 'json' | 'pretty';

/** Readable lines for a person at a terminal; JSON lines for everything else (files, pipes, collectors). */
export function chooseLogFormat(setting: LogFormatSetting, stderrIsTty: boolean): LogFormat {
  if (setting === 'auto') return stderrIsTty ? 'pretty' : 'json';
  return setting;
}

/**
 * The program's one logger, on stderr (fd 2) so that stdout carries only the command's output. The
 * API (Fastify) and every library log through it. Both forms write synchronously, so a line logged
 * just before exit is not lost. pino-pretty is loaded only when used (it takes 0.1-0.2 s).
 */
export async function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, stderrIsTty: boolean): Promise<Logger> {
  const options = { level: config.logLevel, base: { program: 'skillpulse' } };
  if (chooseLogFormat(config.logFormat, stderrIsTty) === 'json') return pino(options, pino.destination({ fd: 2, sync: true }));
  const { default: pretty } = await import('pino-pretty');
  return pino(
    options,
    pretty({
      destination: 2,
      sync: true,
      colorize: stderrIsTty,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,program',
    }),
  );
}
