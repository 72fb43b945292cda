import type { CheerioCrawler } from '@crawlee/cheerio';
import { CharsetAwareCheerioCrawler } from './charset.js';

/**
 * robots.txt, fetched by SkillPulse rather than by crawlee: crawlee's own fetch followed redirects
 * without the address check, so a `302` on `/robots.txt` led the crawler into the private network.
 * Here every hop is checked like any other request, and the rules are read per RFC 9309.
 */

/** What robots.txt says about one user agent. */
export interface RobotsRules {
  isAllowed(url: string): boolean;
}

interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

/** robots.txt longer than this is read up to here (RFC 9309 asks crawlers to read at least 500 KiB). */
export const MAX_ROBOTS_BYTES = 512 * 1024;
/** Redirects followed for robots.txt (RFC 9309: at least five). */
export const MAX_ROBOTS_REDIRECTS = 5;

/** The product token of a user agent: `SkillPulse/1.0 (+url)` → `skillpulse`. */
function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[\s/]/)[0] ?? '').toLowerCase();
}

/** Percent-encoding made uniform, so `/caf%C3%A9` and `/café` compare equal. */
function normalisePath(path: string): string {
  try {
    return encodeURI(decodeURI(path));
  } catch {
    return path;
  }
}

function toRule(allow: boolean, value: string): Rule {
  const pattern = normalisePath(value);
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { allow, pattern, regex: new RegExp(`^${source}${anchored ? '$' : ''}`) };
}

/**
 * The rules of robots.txt for `userAgent` (RFC 9309): the groups naming its product token, else the
 * `*` groups; the longest matching path wins, and an allow wins a tie.
 */
export function parseRobotsTxt(text: string, userAgent: string): RobotsRules {
  const token = productToken(userAgent);
  const mine: Rule[] = [];
  const anyone: Rule[] = [];
  let foundMine = false;
  let agents: string[] = [];
  let inRules = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (inRules) agents = [];
      inRules = false;
      agents.push(productToken(value));
      // A group naming us counts as ours even when it has no rules (it allows everything).
      if (token !== '' && productToken(value) === token) foundMine = true;
      continue;
    }
    if (key !== 'allow' && key !== 'disallow') continue;
    inRules = true;
    if (value === '') continue;
    const rule = toRule(key === 'allow', value);
    if (agents.includes(token)) mine.push(rule);
    if (agents.includes('*')) anyone.push(rule);
  }
  const rules = foundMine ? mine : anyone;
  return {
    isAllowed(url: string): boolean {
      const { pathname, search } = new URL(url);
      const path = normalisePath(pathname + search);
      if (path === '/robots.txt') return true;
      let best: Rule | undefined;
      for (const rule of rules) {
        if (!rule.regex.test(path)) continue;
        if (
          !best ||
          rule.pattern.length > best.pattern.length ||
          (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
        )
          best = rule;
      }
      return best?.allow ?? true;
    },
  };
}

const ALLOW_ALL: RobotsRules = { isAllowed: () => true };

export interface RobotsFetchOptions {
  userAgent: string;
  /** Throws when a URL must not be fetched (the crawl's address check). */
  allowed: (url: string) => Promise<void>;
  timeoutMs: number;
  /** Makes one GET without following redirects (default: Node's fetch); the crawler passes its own HTTP client. */
  get?: RobotsGet;
}

/** One GET, redirects not followed: the status, the Location header and (for 2xx) the body. */
export type RobotsGet = (
  url: string,
  userAgent: string,
  timeoutMs: number,
) => Promise<{ status: number; location: string | null; body: string }>;

const fetchGet: RobotsGet = async (url, userAgent, timeoutMs) => {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: { 'user-agent': userAgent, accept: 'text/plain,*/*' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const ok = response.status >= 200 && response.status < 300;
  const body = ok ? await readCapped(response, MAX_ROBOTS_BYTES) : '';
  if (!ok) await response.body?.cancel().catch(() => {});
  return { status: response.status, location: response.headers.get('location'), body };
};

/** What came of reading a site's robots.txt. */
export interface RobotsResult {
  rules: RobotsRules;
  /** Set when robots.txt could not be read and everything is allowed for want of it. */
  problem?: string;
  /** Set when a hop was refused by the address check (a redirect into the private network). */
  refused?: string;
}

/** Reads at most `max` bytes of a response body. */
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/**
 * Fetches robots.txt for the origin of `url`, following redirects one by one and checking each
 * target with `allowed` before it is requested. 4xx means no rules (RFC 9309); a failure to read it
 * (5xx, network, a refused hop) allows everything, as crawlee did, and is reported.
 */
export async function fetchRobotsTxt(url: string, options: RobotsFetchOptions): Promise<RobotsResult> {
  let target = new URL('/robots.txt', new URL(url).origin).toString();
  const first = target;
  for (let hop = 0; hop <= MAX_ROBOTS_REDIRECTS; hop++) {
    try {
      await options.allowed(target);
    } catch (error) {
      const reason = `robots.txt at ${first} leads to ${target}, which is refused: ${(error as Error).message}`;
      return { rules: ALLOW_ALL, problem: reason, refused: reason };
    }
    let response: Awaited<ReturnType<RobotsGet>>;
    try {
      response = await (options.get ?? fetchGet)(target, options.userAgent, options.timeoutMs);
    } catch (error) {
      return { rules: ALLOW_ALL, problem: `robots.txt at ${target} could not be read: ${(error as Error).message}` };
    }
    const location = response.location;
    if (response.status >= 300 && response.status < 400 && location) {
      target = new URL(location, target).toString();
      continue;
    }
    if (response.status >= 200 && response.status < 300)
      return { rules: parseRobotsTxt(response.body.slice(0, MAX_ROBOTS_BYTES), options.userAgent) };
    if (response.status >= 400 && response.status < 500) return { rules: ALLOW_ALL };
    return { rules: ALLOW_ALL, problem: `robots.txt at ${target} answered HTTP ${response.status}` };
  }
  return { rules: ALLOW_ALL, problem: `robots.txt at ${first} redirects more than ${MAX_ROBOTS_REDIRECTS} times` };
}

/**
 * The crawler with robots.txt read by `robotsFor` (fetchRobotsTxt, each hop address-checked) instead
 * of crawlee's own fetch; crawlee still skips what it disallows and reports the skip.
 */
export class GuardedCheerioCrawler extends CharsetAwareCheerioCrawler {
  robotsFor?: (url: string) => Promise<RobotsRules>;

  /** A GET through the crawler's own HTTP client (got-scraping), redirects not followed. */
  readonly robotsGet: RobotsGet = async (url, userAgent, timeoutMs) => {
    const response = await this.httpClient.sendRequest({
      url,
      method: 'GET',
      headers: { 'user-agent': userAgent, accept: 'text/plain,*/*' },
      followRedirect: false,
      throwHttpErrors: false,
      responseType: 'text',
      timeout: { request: timeoutMs },
    });
    const header = response.headers.location;
    return {
      status: response.statusCode ?? 0,
      location: (Array.isArray(header) ? header[0] : header) ?? null,
      body: String(response.body ?? ''),
    };
  };

  protected override async getRobotsTxtFileForUrl(url: string): ReturnType<CheerioCrawler['getRobotsTxtFileForUrl']> {
    if (!this.respectRobotsTxtFile || !this.robotsFor) return undefined;
    const rules = await this.robotsFor(url);
    // crawlee asks only isAllowed(url, userAgent); the rules were read for the crawl's user agent.
    const file = { isAllowed: (target: string) => rules.isAllowed(target), getSitemaps: () => [] };
    return file as unknown as Awaited<ReturnType<CheerioCrawler['getRobotsTxtFileForUrl']>>;
  }
}
