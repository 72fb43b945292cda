import { describe, expect, it } from 'vitest';
import { guardedNavigation, MAX_RETRY_AFTER_MS, RETRYABLE, retryAfterMs, retryWaitMs, robotsLoader } from '../../../src/engine/fetch.js';
import { HostRateLimiter } from '../../../src/host-rate.js';
import type { RobotsGet } from '../../../src/robots.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-01T12:00:00Z');
  it('reads seconds and HTTP dates, never below zero', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 3 ', now)).toBe(3_000);
    expect(retryAfterMs('Sun, 01 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(['5', '60'], now)).toBe(5_000);
  });

  it('gives null for a missing or unreadable header', () => {
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('retryWaitMs', () => {
  it('obeys Retry-After, else doubles the base wait per retry', () => {
    expect(retryWaitMs('2', 5, 1000)).toBe(2_000);
    expect(retryWaitMs(undefined, 0, 1000)).toBe(1_000);
    expect(retryWaitMs(undefined, 3, 1000)).toBe(8_000);
    expect(retryWaitMs('later', 1, 50)).toBe(100);
  });

  it('retries the statuses that mean "come back later" only, and caps the wait at two minutes', () => {
    expect(RETRYABLE).toEqual(expect.arrayContaining([429, 503]));
    expect(RETRYABLE).not.toContain(404);
    expect(RETRYABLE).not.toContain(403);
    expect(MAX_RETRY_AFTER_MS).toBe(120_000);
  });
});

type Hook = ReturnType<typeof guardedNavigation>;
type RedirectHook = (redirect: { url?: string | URL }) => Promise<void>;

/** Runs the navigation hook on a request to `url` and gives what it set. */
async function navigate(hook: Hook, url: string, gotOptions: Record<string, unknown> = {}) {
  const request = { url, noRetry: false };
  await hook({ request } as never, gotOptions as never);
  const hooks = gotOptions.hooks as { beforeRedirect: RedirectHook[] };
  return { request, gotOptions, beforeRedirect: hooks.beforeRedirect };
}

describe('guardedNavigation', () => {
  const refusePrivate = async (url: string) => {
    if (new URL(url).hostname === '10.0.0.1') throw new Error(`refused ${url}`);
  };
  const fastRate = () => new HostRateLimiter(60_000);

  it('names the crawler, turns off generated browser headers and keeps the caller’s headers and hooks', async () => {
    const earlier: RedirectHook = async () => {};
    const hook = guardedNavigation(refusePrivate, fastRate(), 'SkillPulse/1.0');
    const { gotOptions, beforeRedirect } = await navigate(hook, 'https://jobs.example/1', {
      headers: { accept: 'text/html' },
      hooks: { beforeRedirect: [earlier] },
    });
    expect(gotOptions.headers).toEqual({ accept: 'text/html', 'user-agent': 'SkillPulse/1.0' });
    expect(gotOptions.useHeaderGenerator).toBe(false);
    expect(beforeRedirect).toHaveLength(2);
    expect(beforeRedirect[0]).toBe(earlier);
  });

  it('refuses a request to a refused address before it is made', async () => {
    const hook = guardedNavigation(refusePrivate, fastRate(), 'SkillPulse/1.0');
    await expect(navigate(hook, 'http://10.0.0.1/admin')).rejects.toThrow('refused http://10.0.0.1/admin');
  });

  it('checks every redirect target, and a refused one is not retried', async () => {
    const hook = guardedNavigation(refusePrivate, fastRate(), 'SkillPulse/1.0');
    const { request, beforeRedirect } = await navigate(hook, 'https://jobs.example/1');
    const check = beforeRedirect.at(-1) as RedirectHook;
    await check({ url: 'https://jobs.example/2' });
    expect(request.noRetry).toBe(false);
    await expect(check({ url: new URL('http://10.0.0.1/secret') })).rejects.toThrow('refused http://10.0.0.1/secret');
    expect(request.noRetry).toBe(true);
  });

  it('spaces requests to one host by the rate', async () => {
    let now = 0;
    const rate = new HostRateLimiter(60, () => now);
    const waited: string[] = [];
    rate.wait = async (url: string) => {
      waited.push(url);
      now += rate.reserve(url);
    };
    const hook = guardedNavigation(refusePrivate, rate, 'SkillPulse/1.0');
    await navigate(hook, 'https://jobs.example/1');
    await navigate(hook, 'https://jobs.example/2');
    expect(waited).toEqual(['https://jobs.example/1', 'https://jobs.example/2']);
    expect(now).toBe(1_000);
  });
});

describe('robotsLoader', () => {
  const options = (get: RobotsGet, events: string[]) => ({
    userAgent: 'SkillPulse/1.0',
    allowed: async (url: string) => {
      if (url.includes('10.0.0.1')) throw new Error('private address');
    },
    timeoutMs: 1000,
    get,
    onProblem: (url: string, problem: string) => events.push(`problem ${url}: ${problem}`),
    onRefused: (url: string, reason: string) => events.push(`refused ${url}: ${reason}`),
  });

  it('fetches robots.txt once per origin and applies it', async () => {
    const fetched: string[] = [];
    const get: RobotsGet = async (url) => {
      fetched.push(url);
      return { status: 200, location: null, body: 'User-agent: *\nDisallow: /private\n' };
    };
    const events: string[] = [];
    const robotsFor = robotsLoader(options(get, events));
    const [a, b] = await Promise.all([robotsFor('https://a.example/jobs/1'), robotsFor('https://a.example/private/2')]);
    const other = await robotsFor('https://b.example/jobs');
    expect(fetched).toEqual(['https://a.example/robots.txt', 'https://b.example/robots.txt']);
    expect(a).toBe(b);
    expect(a?.isAllowed('https://a.example/jobs/1')).toBe(true);
    expect(a?.isAllowed('https://a.example/private/2')).toBe(false);
    expect(other.isAllowed('https://b.example/private')).toBe(false);
    expect(events).toEqual([]);
  });

  it('reports a robots.txt that cannot be read, and one that redirects to a refused address', async () => {
    const get: RobotsGet = async (url) =>
      url.startsWith('https://a.example')
        ? { status: 503, location: null, body: '' }
        : { status: 302, location: 'http://10.0.0.1/robots.txt', body: '' };
    const events: string[] = [];
    const robotsFor = robotsLoader(options(get, events));
    expect((await robotsFor('https://a.example/jobs')).isAllowed('https://a.example/anything')).toBe(true);
    expect((await robotsFor('https://b.example/jobs')).isAllowed('https://b.example/anything')).toBe(true);
    expect(events[0]).toBe('problem https://a.example/jobs: robots.txt at https://a.example/robots.txt answered HTTP 503');
    expect(events[1]).toMatch(
      /^problem https:\/\/b\.example\/jobs: robots\.txt at .* leads to http:\/\/10\.0\.0\.1\/robots\.txt, which is refused/,
    );
    expect(events[2]).toMatch(/^refused https:\/\/b\.example\/robots\.txt: robots\.txt at .* which is refused: private address$/);
    expect(events).toHaveLength(3);
  });
});
