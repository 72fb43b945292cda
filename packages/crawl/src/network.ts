import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SkillPulseError } from '@skillpulse/core';

/** A fetch that must not be made: a private address without `allowPrivateNetwork`, or a bad URL. */
export class ForbiddenTargetError extends SkillPulseError {
  constructor(message: string) {
    super('SKILLPULSE_ERR_CRAWL_FORBIDDEN_TARGET', message);
  }
}

function ipv4Private(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a >= 224
  );
}

/** Loopback, private, link-local, unique-local, multicast and unspecified addresses. */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) return ipv4Private(ip);
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return ipv4Private(mapped[1]);
  return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || /^ff/.test(lower);
}

/**
 * Refuses URLs that are not http(s) or whose host resolves to a private address (SSRF safety),
 * unless the job allows private networks (tests and self-hosted boards do).
 */
export async function assertFetchAllowed(
  url: string,
  allowPrivateNetwork: boolean,
  isPrivate: (ip: string) => boolean = isPrivateAddress,
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ForbiddenTargetError(`not a valid URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ForbiddenTargetError(`only http and https can be crawled: "${url}"`);
  if (allowPrivateNetwork) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const blocked = addresses.find(isPrivate);
  if (blocked) {
    throw new ForbiddenTargetError(
      `${url} resolves to the private address ${blocked}; set allowPrivateNetwork: true in the job to crawl it`,
    );
  }
}
