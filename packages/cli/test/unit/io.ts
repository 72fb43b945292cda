import { PassThrough } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Io } from '../../src/runtime.js';

/** A stream that keeps what is written to it. */
export function sink(): PassThrough & { text(): string; isTTY?: boolean } {
  const stream = new PassThrough() as PassThrough & { text(): string };
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
  });
  stream.text = () => text;
  return stream;
}

/** An Io on in-memory streams, the configuration of `env`, and a silent logger. */
export function testIo(env: Record<string, string> = {}, stdinText?: string) {
  const stdin = new PassThrough();
  if (stdinText !== undefined) stdin.end(stdinText);
  const stdout = sink();
  const stderr = sink();
  const io: Io = {
    stdin,
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    config: loadConfig(env),
    logger: pino({ level: 'silent' }),
  };
  /** Lets the sinks' data events run. */
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { io, stdout, stderr, flush };
}
