/**
 * Special-purpose addresses (RFC 6890 and the IANA registries it set up): an MX address there is
 * reported and never scanned, since no sender on the Internet could reach it either. Loopback is
 * the one exception, and only when the resolver itself is local: that is a test stack (src/lab/dns).
 */
import { isIP } from 'node:net';

const V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, '"this network" (RFC 791)'], ['10.0.0.0', 8, 'private (RFC 1918)'], ['100.64.0.0', 10, 'shared address space (RFC 6598)'],
  ['127.0.0.0', 8, 'loopback (RFC 1122)'], ['169.254.0.0', 16, 'link-local (RFC 3927)'], ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments (RFC 6890)'], ['192.0.2.0', 24, 'documentation (RFC 5737)'], ['192.88.99.0', 24, '6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0', 16, 'private (RFC 1918)'], ['198.18.0.0', 15, 'benchmarking (RFC 2544)'], ['198.51.100.0', 24, 'documentation (RFC 5737)'],
  ['203.0.113.0', 24, 'documentation (RFC 5737)'], ['224.0.0.0', 4, 'multicast (RFC 5771)'], ['240.0.0.0', 4, 'reserved (RFC 1112)'],
];

const v4num = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/** The 128-bit value of an IPv6 address as a bigint. */
function v6num(a: string): bigint {
  let s = a.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4?.[1]) {
    const n = v4num(v4[1]);
    s = s.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

const V6: readonly [string, number, string][] = [
  ['::', 128, 'unspecified (RFC 4291)'], ['::1', 128, 'loopback (RFC 4291)'], ['::ffff:0:0', 96, 'IPv4-mapped (RFC 4291)'],
  ['100::', 64, 'discard-only (RFC 6666)'], ['2001::', 23, 'IETF protocol assignments (RFC 2928)'], ['2001:db8::', 32, 'documentation (RFC 3849)'],
  ['fc00::', 7, 'unique local (RFC 4193)'], ['fe80::', 10, 'link-local (RFC 4291)'], ['ff00::', 8, 'multicast (RFC 4291)'],
];

/** The special-purpose block an address is in ("private (RFC 1918)"), or null for a global address. */
export function specialPurpose(address: string): string | null {
  const fam = isIP(address);
  if (fam === 4) {
    const n = v4num(address);
    for (const [net, len, what] of V4) {
      const size = 2 ** (32 - len);
      const base = v4num(net);
      if (n >= base && n < base + size) return what;
    }
    return null;
  }
  if (fam === 6) {
    const n = v6num(address);
    for (const [net, len, what] of V6) {
      const shift = BigInt(128 - len);
      if (n >> shift === v6num(net) >> shift) return what;
    }
    return null;
  }
  return 'not an IP address';
}

export function isLoopback(address: string): boolean {
  return isIP(address) === 4 ? address.startsWith('127.') : isIP(address) === 6 && v6num(address) === 1n;
}

/** null: scan it; otherwise why not. */
export function scanRefusal(address: string, localResolver: boolean): string | null {
  const special = specialPurpose(address);
  if (special === null) return null;
  if (localResolver && isLoopback(address)) return null;
  return `${special}: not reachable from the Internet, not scanned`;
}
