import type { Logger } from '@skillpulse/core';
import type { SkillStore } from '@skillpulse/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireJobLock } from '../../src/index.js';

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

/**
 * A store whose lock answers come from the test: `answers` are the results of the renewals in
 * order (true after they run out), each given after `delayMs`, as a slow Elasticsearch would.
 */
function lockStore(answers: boolean[], delayMs: number) {
  const state = { calls: 0, inFlight: 0, maxInFlight: 0, released: 0 };
  const store = {
    async acquireLock() {
      state.calls++;
      // The first call takes the lock at once; the renewals answer from the list, slowly.
      if (state.calls === 1) return true;
      const answer = answers.shift() ?? true;
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      state.inFlight--;
      return answer;
    },
    async releaseLock() {
      state.released++;
    },
    async listRuns() {
      return [];
    },
    async saveRun() {},
  } as unknown as SkillStore;
  return { store, state };
}

describe('acquireJobLock heartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never has two renewals in flight, even when one outlasts the interval', async () => {
    // TTL 3 s: a renewal every second, each taking 2.5 s.
    const { store, state } = lockStore([], 2500);
    const lock = await acquireJobLock('slow', { store, owner: 'me', ttlMs: 3000, logger: silent });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.calls).toBeGreaterThan(2);
    expect(state.maxInFlight).toBe(1);
    expect(lock.signal.aborted).toBe(false);
    const released = lock.release();
    await vi.advanceTimersByTimeAsync(3000);
    await released;
    expect(state.released).toBe(1);
  });

  it('checks a refused renewal once more before stopping the run: a lost write of its own does not count', async () => {
    const { store } = lockStore([false, true], 10);
    const lock = await acquireJobLock('blip', { store, owner: 'me', ttlMs: 3000, logger: silent });
    await vi.advanceTimersByTimeAsync(5000);
    expect(lock.signal.aborted).toBe(false);
    const released = lock.release();
    await vi.advanceTimersByTimeAsync(100);
    await released;
  });

  it('stops the run when the lock is refused twice (another process holds it)', async () => {
    const { store } = lockStore([false, false], 10);
    const lock = await acquireJobLock('taken', { store, owner: 'me', ttlMs: 3000, logger: silent });
    await vi.advanceTimersByTimeAsync(1500);
    expect(lock.signal.aborted).toBe(true);
    await lock.release();
  });
});
