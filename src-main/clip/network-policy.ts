/**
 * Where clipping may reach. A clipped page names the images Commonplace fetches, so a hostile
 * page could point them at the user's own network (a router, an intranet service). Image
 * downloads therefore refuse private, loopback and link-local addresses, after DNS resolution
 * and on every redirect, unless the article itself came from such an address.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

const PRIVATE_V4: Array<[number, number]> = [
  [0x0a000000, 8], // 10/8
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16
  [0x00000000, 8], // 0/8: "this network"
  [0x64400000, 10], // 100.64/10: carrier-grade NAT
];

function v4ToInt(address: string): number {
  return address.split('.').reduce((value, part) => (value << 8) + Number(part), 0) >>> 0;
}

export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return isPrivateAddress(mapped[1]);
  if (isIP(bare) === 4) {
    const value = v4ToInt(bare);
    return PRIVATE_V4.some(([network, bits]) => value >>> (32 - bits) === network >>> (32 - bits));
  }
  if (isIP(bare) === 6) {
    if (bare === '::1' || bare === '::') return true;
    const first = parseInt(bare.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 /* fc00::/7 */ || (first & 0xffc0) === 0xfe80 /* fe80::/10 */;
  }
  return false;
}

/** Every address a host name resolves to (an IP literal resolves to itself). */
export async function resolveHost(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  const results = await lookup(bare, { all: true, verbatim: true });
  return results.map((result) => result.address);
}

/** Whether an article's own host is on a private network: then its images may be too. */
export async function isPrivateHost(url: string | null): Promise<boolean> {
  if (!url) return false;
  try {
    const addresses = await resolveHost(new URL(url).hostname);
    return addresses.length > 0 && addresses.every(isPrivateAddress);
  } catch {
    return false;
  }
}
