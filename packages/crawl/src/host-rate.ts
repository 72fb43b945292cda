import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces the requests to each host evenly at `perMinute`, hosts independently: a job that reads two
 * boards reads both at the full rate. crawlee's own limit counts the whole crawl, and its same-domain
 * delay skips IP addresses, so it does nothing on loopback.
 */
export class HostRateLimiter {
  private readonly intervalMs: number;
  /** When each host may be asked next (ms since the epoch). */
  private readonly nextSlot = new Map<string, number>();

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perMinute > 0)) throw new RangeError(`requests per minute must be above 0, got ${perMinute}`);
    this.intervalMs = 60_000 / perMinute;
  }

  /** How long a request to `url`'s host must wait from now; the slot is taken at once. */
  reserve(url: string): number {
    const host = new URL(url).hostname;
    const now = this.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? now);
    this.nextSlot.set(host, slot + this.intervalMs);
    return slot - now;
  }

  /** Waits for the next slot of `url`'s host. */
  async wait(url: string): Promise<void> {
    const delay = this.reserve(url);
    if (delay > 0) await sleep(delay);
  }
}
