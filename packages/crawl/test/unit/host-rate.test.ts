import { describe, expect, it } from 'vitest';
import { HostRateLimiter } from '../../src/host-rate.js';

describe('HostRateLimiter', () => {
  it('gives each host its own evenly spaced slots', () => {
    let now = 1_000;
    const limiter = new HostRateLimiter(60, () => now);
    expect(limiter.reserve('https://a.example/jobs/1')).toBe(0);
    expect(limiter.reserve('https://a.example/jobs/2')).toBe(1_000);
    expect(limiter.reserve('https://a.example:8443/jobs/3')).toBe(2_000);
    expect(limiter.reserve('https://b.example/jobs/1')).toBe(0);
    now += 5_000;
    // An idle host does not bank slots for a burst later.
    expect(limiter.reserve('https://b.example/jobs/2')).toBe(0);
    expect(limiter.reserve('https://b.example/jobs/3')).toBe(1_000);
  });

  it('refuses a rate that is not above zero', () => {
    expect(() => new HostRateLimiter(0)).toThrow(/above 0, got 0/);
  });
});
