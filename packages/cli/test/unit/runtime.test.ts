import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { untilSignal, whileListeningForStop, withStore } from '../../src/runtime.js';
import { testIo } from './io.js';

const listeners = (source: EventEmitter) => source.listenerCount('SIGINT') + source.listenerCount('SIGTERM');

describe('untilSignal', () => {
  it('resolves with the first of SIGINT or SIGTERM and then stops listening', async () => {
    const source = new EventEmitter();
    const stopped = untilSignal(source);
    expect(listeners(source)).toBe(2);
    source.emit('SIGTERM', 'SIGTERM');
    expect(await stopped).toBe('SIGTERM');
    expect(listeners(source)).toBe(0);
  });
});

describe('whileListeningForStop', () => {
  it('aborts the work on SIGTERM and stops listening when the work ends', async () => {
    const source = new EventEmitter();
    const result = await whileListeningForStop(async (signal) => {
      expect(signal.aborted).toBe(false);
      source.emit('SIGTERM', 'SIGTERM');
      expect(signal.aborted).toBe(true);
      // The SIGTERM listener went with the signal; SIGINT is still caught until the end.
      expect(source.listenerCount('SIGTERM')).toBe(0);
      expect(source.listenerCount('SIGINT')).toBe(1);
      return 'stored';
    }, source);
    expect(result).toBe('stored');
    expect(listeners(source)).toBe(0);
  });

  it('stops listening when the work throws', async () => {
    const source = new EventEmitter();
    await expect(whileListeningForStop(async () => Promise.reject(new Error('boom')), source)).rejects.toThrow('boom');
    expect(listeners(source)).toBe(0);
  });
});

describe('withStore', () => {
  it('opens the SQLite store under the data directory, returns what the work returns, and closes it', async () => {
    const { io } = testIo();
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-cli-unit-'));
    let seen: { close(): Promise<void> } | undefined;
    const count = await withStore(io, dataDir, async (store) => {
      seen = store;
      return store.countPostings({});
    });
    expect(count).toBe(0);
    // Closed: a second close is harmless, but a query fails.
    await expect((seen as unknown as { countPostings(f: object): Promise<number> }).countPostings({})).rejects.toThrow();
  });

  it('closes the store when the work throws, and passes the error on', async () => {
    const { io } = testIo();
    const dataDir = mkdtempSync(join(tmpdir(), 'skillpulse-cli-unit-'));
    let seen: { countPostings(f: object): Promise<number> } | undefined;
    await expect(
      withStore(io, dataDir, async (store) => {
        seen = store;
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    await expect(seen?.countPostings({})).rejects.toThrow();
  });
});
