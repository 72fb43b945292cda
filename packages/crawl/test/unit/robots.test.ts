import { describe, expect, it } from 'vitest';
import { parseRobotsTxt } from '../../src/robots.js';

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
