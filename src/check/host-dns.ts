/**
 * What DNS says about one MX host, as `run.ts` gathers it and the pure judgements read it
 * (`judge.ts`, `findings/`): its address and TLSA lookups, the names a sender checks the
 * certificate against, and its addresses in a stable order.
 */
import type { Lookup } from './lookup.js';
import type { CheckMx, DnssecStatus } from './types.js';

export interface HostAddress {
  readonly address: string;
  readonly family: 4 | 6;
  /** The status of the RRset it came from. */
  readonly dnssec: DnssecStatus;
}

export interface HostDns {
  readonly host: string;
  readonly preference: number;
  readonly kind: CheckMx['kind'];
  readonly a: Lookup | null;
  readonly aaaa: Lookup | null;
  readonly tlsa: Lookup | null;
  readonly tlsaName: string;
  /** Reference identifiers for DANE-TA and for MTA-STS: the MX name and its secure CNAME target. */
  readonly names: readonly string[];
  readonly cname: readonly string[];
  /** The addresses looked at (at most MAX_ADDRESSES_PER_HOST of them). */
  readonly addresses: readonly HostAddress[];
  /** How many addresses DNS gave, before that bound. */
  readonly addressTotal: number;
  readonly error: string | null;
}

/** Resolvers rotate RRsets; reports list addresses IPv4 first, in numeric order, the same each run. */
export function sortAddresses<T extends { address: string; family: 4 | 6 }>(list: T[]): T[] {
  const key = (a: T) => (a.family === 4 ? a.address.split('.').map((o) => o.padStart(3, '0')).join('.') : `~${a.address}`);
  return list.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}
