import type { Logger } from '@skillpulse/core';
import { openStore, type SkillStore } from '@skillpulse/store';
import type { FastifyBaseLogger } from 'fastify';
import { type Config, storeConfig } from './config.js';

/** What a command gets: the streams, the loaded configuration and the program's logger. */
export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  config: Config;
  logger: Logger & FastifyBaseLogger;
}

export interface Command {
  summary: string;
  usage: string;
  /** Resolves with the exit code; throws UsageError for bad usage (exit 2), SkillPulseError for failures (exit 1). */
  run(args: string[], io: Io): Promise<number>;
}

/** Opens the configured store (SQLite under `dataDir`, default the configured one, or Elasticsearch), runs `fn`, closes it. */
export async function withStore<T>(io: Io, dataDir: string | undefined, fn: (store: SkillStore) => Promise<T>): Promise<T> {
  const store = await openStore(storeConfig(io.config, dataDir), io.logger);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A process whose signals can be listened to; tests pass an EventEmitter. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** Resolves on the first SIGINT or SIGTERM, and listens no more. */
export function untilSignal(source: SignalSource = process): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const name of STOP_SIGNALS) source.off(name, stop);
      resolve(signal);
    };
    for (const name of STOP_SIGNALS) source.on(name, stop);
  });
}

/**
 * Runs `fn` with a signal that aborts on SIGINT or SIGTERM, so work in progress can stop and store
 * what it has. Each is caught once: a second SIGINT (Ctrl-C twice) ends the process at once.
 * Stops listening when `fn` settles.
 */
export async function whileListeningForStop<T>(fn: (signal: AbortSignal) => Promise<T>, source: SignalSource = process): Promise<T> {
  const stop = new AbortController();
  const listeners = STOP_SIGNALS.map((name) => {
    const listener = () => {
      source.off(name, listener);
      stop.abort();
    };
    source.on(name, listener);
    return [name, listener] as const;
  });
  try {
    return await fn(stop.signal);
  } finally {
    for (const [name, listener] of listeners) source.off(name, listener);
  }
}
