import { describe, expect, it } from 'vitest';
import { fetchRobotsTxt, MAX_ROBOTS_BYTES, MAX_ROBOTS_REDIRECTS, parseRobotsTxt, type RobotsGet } from '../../src/robots.js';

const UA = 'SkillPulse/1.0 (+https://example.org)';
const allowed = (text: string, path: string, ua = UA) => parseRobotsTxt(text, ua).isAllowed(`https://site.example${path}`);

describe('parseRobotsTxt (RFC 9309)', () => {
  it('applies the * group when none names the crawler', () => {
    const text = 'User-agent: *\nDisallow: /private\n';
    expect(allowed(text, '/private/x')).toBe(false);
    expect(allowed(text, '/public')).toBe(true);
  });

  it('prefers the group naming the crawler (product token, any case), even an empty one', () => {
    const text = 'User-agent: *\nDisallow: /\n\nUser-agent: skillpulse\nDisallow: /admin\n';
    expect(allowed(text, '/jobs')).toBe(true);
    expect(allowed(text, '/admin')).toBe(false);
    expect(allowed('User-agent: *\nDisallow: /\nUser-agent: SkillPulse\nAllow:\n', '/jobs')).toBe(true);
    expect(allowed(text, '/jobs', 'OtherBot/2')).toBe(false);
  });

  it('lets the longest match win, and allow win a tie', () => {
    const text = 'User-agent: *\nDisallow: /jobs\nAllow: /jobs/open\nDisallow: /a\nAllow: /a\n';
    expect(allowed(text, '/jobs/closed')).toBe(false);
    expect(allowed(text, '/jobs/open/1')).toBe(true);
    expect(allowed(text, '/a')).toBe(true);
  });

  it('reads * and $ in patterns, the query string, comments and groups of several agents', () => {
    const text = '# rules\nUser-agent: a\nUser-agent: *\nDisallow: /*.pdf$ # no files\nDisallow: /search?q=\n';
    expect(allowed(text, '/docs/cv.pdf')).toBe(false);
    expect(allowed(text, '/docs/cv.pdf.html')).toBe(true);
    expect(allowed(text, '/search?q=rust')).toBe(false);
    expect(allowed(text, '/search')).toBe(true);
  });

  it('always allows /robots.txt and an empty Disallow', () => {
    expect(allowed('User-agent: *\nDisallow: /\n', '/robots.txt')).toBe(true);
    expect(allowed('User-agent: *\nDisallow:\n', '/anything')).toBe(true);
  });
});

describe('fetchRobotsTxt (each hop checked, no network: a scripted GET)', () => {
  /** A GET that answers from `answers` by URL and records what was asked. */
  const scripted =
    (answers: Record<string, { status: number; location?: string; body?: string }>, asked: string[]): RobotsGet =>
    async (url) => {
      asked.push(url);
      const answer = answers[url];
      if (!answer) throw new Error(`connect ECONNREFUSED ${url}`);
      return { status: answer.status, location: answer.location ?? null, body: answer.body ?? '' };
    };
  const refuseInternal = async (url: string) => {
    if (new URL(url).hostname === 'internal.example') throw new Error('private address 10.0.0.5');
  };
  const options = (get: RobotsGet) => ({ userAgent: UA, allowed: refuseInternal, timeoutMs: 1000, get });

  it('follows redirects hop by hop to the rules', async () => {
    const asked: string[] = [];
    const get = scripted(
      {
        'https://site.example/robots.txt': { status: 301, location: '/rules/robots.txt' },
        'https://site.example/rules/robots.txt': { status: 200, body: 'User-agent: *\nDisallow: /private\n' },
      },
      asked,
    );
    const result = await fetchRobotsTxt('https://site.example/jobs/1?x=1', options(get));
    expect(asked).toEqual(['https://site.example/robots.txt', 'https://site.example/rules/robots.txt']);
    expect(result.problem).toBeUndefined();
    expect(result.rules.isAllowed('https://site.example/private/1')).toBe(false);
    expect(result.rules.isAllowed('https://site.example/jobs/1')).toBe(true);
  });

  it('reads robots.txt up to 512 KiB: rules past that are not seen', async () => {
    const body = `User-agent: *\nDisallow: /early\n# ${'x'.repeat(MAX_ROBOTS_BYTES)}\nDisallow: /late\n`;
    const get = scripted({ 'https://site.example/robots.txt': { status: 200, body } }, []);
    const { rules } = await fetchRobotsTxt('https://site.example/', options(get));
    expect(MAX_ROBOTS_BYTES).toBe(512 * 1024);
    expect(rules.isAllowed('https://site.example/early')).toBe(false);
    expect(rules.isAllowed('https://site.example/late')).toBe(true);
  });

  it('does not ask a refused address, and says so', async () => {
    const asked: string[] = [];
    const get = scripted({ 'https://site.example/robots.txt': { status: 302, location: 'http://internal.example/robots.txt' } }, asked);
    const result = await fetchRobotsTxt('https://site.example/', options(get));
    expect(asked).toEqual(['https://site.example/robots.txt']);
    expect(result.refused).toBe(
      'robots.txt at https://site.example/robots.txt leads to http://internal.example/robots.txt, which is refused: private address 10.0.0.5',
    );
    expect(result.problem).toBe(result.refused);
    expect(result.rules.isAllowed('https://site.example/anything')).toBe(true);
  });

  it('reads a 4xx as no rules, and a 5xx, a network error or too many redirects as unread (everything allowed)', async () => {
    const none = await fetchRobotsTxt(
      'https://site.example/',
      options(scripted({ 'https://site.example/robots.txt': { status: 404 } }, [])),
    );
    expect(none.problem).toBeUndefined();
    const down = await fetchRobotsTxt(
      'https://site.example/',
      options(scripted({ 'https://site.example/robots.txt': { status: 500 } }, [])),
    );
    expect(down.problem).toBe('robots.txt at https://site.example/robots.txt answered HTTP 500');
    const unreachable = await fetchRobotsTxt('https://site.example/', options(scripted({}, [])));
    expect(unreachable.problem).toMatch(/could not be read: connect ECONNREFUSED/);
    const asked: string[] = [];
    const loop = await fetchRobotsTxt(
      'https://site.example/',
      options(scripted({ 'https://site.example/robots.txt': { status: 302, location: '/robots.txt' } }, asked)),
    );
    expect(loop.problem).toBe(`robots.txt at https://site.example/robots.txt redirects more than ${MAX_ROBOTS_REDIRECTS} times`);
    expect(asked).toHaveLength(MAX_ROBOTS_REDIRECTS + 1);
    for (const result of [none, down, unreachable, loop]) expect(result.rules.isAllowed('https://site.example/x')).toBe(true);
  });
});
