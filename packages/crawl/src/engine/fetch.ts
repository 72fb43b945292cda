import type { CheerioHook } from '@crawlee/cheerio';
import type { HostRateLimiter } from '../host-rate.js';
import { fetchRobotsTxt, type RobotsGet, type RobotsRules } from '../robots.js';

/**
 * How the crawl fetches: every request and every redirect target passes the address check
 * (network.ts), requests to a host are spaced (host-rate.ts), answers that ask to come back later
 * are retried after Retry-After or a backoff, and robots.txt is read once per origin (robots.ts).
 */

/** Statuses that reach the page handler, which waits and retries them. */
export const RETRYABLE = [408, 425, 429, 500, 502, 503, 504];

/** Longest wait a Retry-After header can impose before the request is given up for this run. */
export const MAX_RETRY_AFTER_MS = 120_000;

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** How long to wait before retrying: what Retry-After asks for, else `baseMs` doubled per retry so far. */
export function retryWaitMs(retryAfter: string | string[] | undefined, retryCount: number, baseMs: number): number {
  return retryAfterMs(retryAfter) ?? baseMs * 2 ** retryCount;
}

/**
 * The hook run before each request: the address check, the host's rate, our user agent, and the
 * address check again on every redirect target (a refused redirect is final, not retried).
 */
export function guardedNavigation(allowed: (url: string) => Promise<void>, hostRate: HostRateLimiter, userAgent: string): CheerioHook {
  return async ({ request }, gotOptions) => {
    await allowed(request.url);
    await hostRate.wait(request.url);
    gotOptions.headers = { ...gotOptions.headers, 'user-agent': userAgent };
    // Each redirect target is checked like a start URL: a public page must not lead the crawler
    // into the private network. A refused redirect is final, not retried.
    const beforeRedirect = [
      ...(gotOptions.hooks?.beforeRedirect ?? []),
      async (redirect: { url?: string | URL }) => {
        try {
          await allowed(String(redirect.url));
        } catch (error) {
          request.noRetry = true;
          throw error;
        }
      },
    ];
    gotOptions.hooks = { ...gotOptions.hooks, beforeRedirect } as typeof gotOptions.hooks;
    // Browser-like generated headers cost more CPU than parsing the page, and a bot that
    // names itself in its user agent has no use for them.
    (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
  };
}

export interface RobotsLoaderOptions {
  userAgent: string;
  allowed: (url: string) => Promise<void>;
  timeoutMs: number;
  get: RobotsGet;
  /** robots.txt could not be read (everything is allowed). */
  onProblem: (url: string, problem: string) => void;
  /** robots.txt led to a refused address; `url` is the origin's robots.txt. */
  onRefused: (url: string, reason: string) => void;
}

/** The robots.txt rules for a page's origin, fetched once per origin however many pages ask. */
export function robotsLoader(options: RobotsLoaderOptions): (url: string) => Promise<RobotsRules> {
  const robots = new Map<string, Promise<RobotsRules>>();
  return (url) => {
    const origin = new URL(url).origin;
    let rules = robots.get(origin);
    if (!rules) {
      rules = fetchRobotsTxt(url, {
        userAgent: options.userAgent,
        allowed: options.allowed,
        timeoutMs: options.timeoutMs,
        get: options.get,
      }).then((result) => {
        if (result.problem) options.onProblem(url, result.problem);
        if (result.refused) options.onRefused(`${origin}/robots.txt`, result.refused);
        return result.rules;
      });
      robots.set(origin, rules);
    }
    return rules;
  };
}
