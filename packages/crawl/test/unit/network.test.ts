import { describe, expect, it } from 'vitest';
import { assertFetchAllowed, isPrivateAddress } from '../../src/network.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', 'IPv4 loopback'],
    ['10.1.2.3', 'RFC 1918'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['0177.0.0.1', 'octal IPv4'],
    ['0x7f.1', 'hex short IPv4'],
    ['2130706433', 'integer IPv4'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd00::1', 'unique-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped, dotted'],
    ['::ffff:7f00:1', 'IPv4-mapped, as the URL parser writes it'],
    ['[::ffff:7f00:1]', 'bracketed as in a URL host'],
    ['::ffff:169.254.169.254', 'mapped metadata address'],
    ['::ffff:a9fe:a9fe', 'mapped metadata address, hex'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (target hidden)'],
    ['not-an-address', 'unparseable'],
  ])('refuses %s (%s)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([['8.8.8.8'], ['93.184.216.34'], ['2606:4700:4700::1111'], ['::ffff:8.8.8.8'], ['64:ff9b::808:808'], ['2002:808:808::']])(
    'allows the public address %s',
    (ip) => {
      expect(isPrivateAddress(ip)).toBe(false);
    },
  );
});

describe('assertFetchAllowed', () => {
  it.each([
    'http://[::ffff:127.0.0.1]:8080/jobs',
    'http://[::ffff:169.254.169.254]/latest/meta-data',
    'http://0x7f.1/',
    'http://2130706433/',
    'http://[64:ff9b::7f00:1]/',
  ])('refuses %s without allowPrivateNetwork', async (url) => {
    await expect(assertFetchAllowed(url, false)).rejects.toThrow(/private address/);
  });

  it('lets private addresses through when the job allows them', async () => {
    await expect(assertFetchAllowed('http://[::ffff:127.0.0.1]:8080/', true)).resolves.toBeUndefined();
  });
});
