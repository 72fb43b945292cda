import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SkillPulseError } from '@skillpulse/core';
import ipaddr from 'ipaddr.js';

/** A fetch that must not be made: a private address without `allowPrivateNetwork`, or a bad URL. */
export class ForbiddenTargetError extends SkillPulseError {
  constructor(message: string) {
    super('SKILLPULSE_ERR_CRAWL_FORBIDDEN_TARGET', message);
  }
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that route to it: IPv4-mapped and
 * -compatible (`::ffff:7f00:1`, `::127.0.0.1`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`).
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === 'ipv4Mapped' || range === 'rfc6052') return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  if (bytes.slice(0, 12).every((b) => b === 0)) return new ipaddr.IPv4(bytes.slice(12, 16));
  return null;
}

/**
 * Anything but a public unicast address: loopback, private, link-local, carrier-grade NAT,
 * unique-local, multicast, reserved, unspecified, and the IPv6 forms that wrap one of those
 * (mapped, compatible, NAT64, 6to4; Teredo hides its target, so it is refused). Parsed with
 * ipaddr.js, which reads every IPv4 notation (octal, hex, short and integer forms). An address
 * that does not parse is refused too.
 */
export function isPrivateAddress(ip: string): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return true;
  }
  if (address.kind() === 'ipv6') {
    const inner = embeddedIPv4(address as ipaddr.IPv6);
    if (inner) return inner.range() !== 'unicast';
  }
  return address.range() !== 'unicast';
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
  const addresses = isIP(host) || ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const blocked = addresses.find(isPrivate);
  if (blocked) {
    throw new ForbiddenTargetError(
      `${url} resolves to the private address ${blocked}; set options.allowPrivateNetwork: true in the job file to crawl it`,
    );
  }
}
