/**
 * The MX set a sending MTA uses, from the answer to the domain's MX query: null MX (RFC 7505),
 * the implicit MX when there are no MX records (RFC 5321 §5.1, through the domain's CNAME), MX
 * records in preference order, bounded. Pure.
 */
import { isIP } from 'node:net';
import type { Lookup } from './lookup.js';
import type { CheckMx, CheckReport } from './types.js';

/** Bounds on what one check looks at (and so on the connections it opens). */
export const MAX_MX_HOSTS = 16;
export const MAX_ADDRESSES_PER_HOST = 8;

export interface MxHostWanted {
  readonly host: string;
  readonly preference: number;
  readonly kind: CheckMx['kind'];
}

export interface MxSet {
  readonly source: CheckReport['mxSource'];
  /** The hosts to look at, most preferred first, at most MAX_MX_HOSTS. */
  readonly hosts: readonly MxHostWanted[];
  /** How many MX hosts the answer named (before that bound). */
  readonly total: number;
  /** The preferences of null MX records published beside other MX records (RFC 7505 §3 forbids it). */
  readonly nullsBeside: readonly number[];
}

export function mxSet(domain: string, mx: Lookup): MxSet {
  if (mx.error !== null || mx.rcode === 'NXDOMAIN') return { source: 'none', hosts: [], total: 0, nullsBeside: [] };
  if (mx.records.length === 0) {
    return { source: 'implicit', hosts: [{ host: mx.cname[mx.cname.length - 1] ?? domain, preference: 0, kind: 'implicit' }], total: 1, nullsBeside: [] };
  }
  const mxs = mx.records.flatMap((r) => (r.type === 'MX' ? [r] : []));
  const nulls = mxs.filter((r) => r.exchange === '.' || r.exchange === '');
  if (nulls.length > 0 && mxs.length === 1 && nulls[0]?.preference === 0) return { source: 'null-mx', hosts: [], total: 0, nullsBeside: [] };
  const hosts = mxs.filter((r) => !nulls.includes(r)).sort((x, y) => x.preference - y.preference || (x.exchange < y.exchange ? -1 : 1))
    .map((r) => ({ host: r.exchange, preference: r.preference, kind: isIP(r.exchange) !== 0 ? 'ip-literal' as const : 'mx' as const }));
  // A hostile or broken zone can list thousands of MX hosts and addresses in one 64 KiB answer;
  // senders try a few (Postfix: smtp_mx_address_limit = 5), the report looks at a bounded number.
  return { source: 'mx', hosts: hosts.slice(0, MAX_MX_HOSTS), total: hosts.length, nullsBeside: nulls.map((n) => n.preference) };
}
