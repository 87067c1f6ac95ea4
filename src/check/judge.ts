/**
 * Each MX host and each of its addresses as each kind of sender sees it, from what was gathered
 * (DNS, the scans, the MTA-STS policy): reachability, what a DANE sender and an MTA-STS sender
 * would do, REQUIRETLS, and the verdict. Pure: no DNS, no connections.
 */
import type { ScanReport } from '../scan/types.js';
import type { TrustStore } from '../scan/trust-store.js';
import { addressDane, parseChain } from './dane.js';
import type { HostAddress, HostDns } from './host-dns.js';
import { addressMtaSts } from './mta-sts-policy.js';
import type { CheckAddress, CheckMx, StsPolicy } from './types.js';
import { addressVerdict } from './verdict.js';

/** What became of one address: not scanned and why, or its scan (null when it was not tried). */
export interface ScanOutcome {
  readonly skipped: string | null;
  readonly scan: ScanReport | null;
}

export interface JudgeContext {
  /** The MTA-STS policy senders apply (a valid TXT record and a valid policy), or null. */
  readonly policy: StsPolicy | null;
  readonly profile: string;
  readonly store: TrustStore;
  readonly now: Date;
}

/** RFC 8689 §4: REQUIRETLS is an EHLO keyword, offered after STARTTLS. */
export const isRequireTls = (lines: readonly string[]) => lines.some((l) => (l.split(/\s+/)[0] ?? '').toUpperCase() === 'REQUIRETLS');

/** Reachable: the scan got an SMTP dialogue or a TLS version; null when it was not tried. */
export function reachableOf(o: ScanOutcome): boolean | null {
  if (o.skipped !== null) return null;
  return o.scan ? o.scan.smtp !== null || o.scan.protocols.some((p) => p.offered === true) : false;
}

export function judgeAddress(h: HostDns, a: HostAddress, o: ScanOutcome, ctx: JudgeContext): CheckAddress {
  const { scan, skipped } = o;
  const chainsDer = (scan?.certificates ?? []).map((c) => c.chainDer ?? []).filter((c) => c.length > 0);
  const chains = chainsDer.map(parseChain).filter((c) => c.length > 0);
  const starttls = scan?.smtp?.starttls ?? null;
  const reachable = reachableOf(o);
  const dane = addressDane(h, a.dnssec, chains, starttls, reachable, ctx.now);
  const mtaSts = addressMtaSts(h, chainsDer, starttls, ctx.policy, ctx.store, ctx.now);
  const after = scan?.smtp?.capabilitiesAfterTls ?? [];
  const { verdict, reasons, rules } = addressVerdict({ scan, skipped, dane, mtaSts, mtaStsMode: ctx.policy?.mode ?? null }, ctx.profile);
  const requireTls = after.length > 0 ? isRequireTls(after) : null;
  return { address: a.address, family: a.family, dnssec: a.dnssec, reachable, skipped, scan, dane, mtaSts, requireTls, verdict, reasons, rules };
}

/**
 * An MX with no address to grade fails on its own: senders skip it (RFC 5321 §5.1), and with
 * no address there is no per-address verdict to carry that.
 */
export function mxVerdict(h: Pick<HostDns, 'error'>, addresses: readonly unknown[]): Pick<CheckMx, 'verdict' | 'verdictReason'> {
  if (addresses.length > 0) return { verdict: null, verdictReason: null };
  return {
    verdict: 'fail',
    verdictReason: h.error !== null ? `the address lookup failed: ${h.error}` : 'no A or AAAA records: senders skip this MX',
  };
}

export function judgeMx(h: HostDns, outcome: (address: string) => ScanOutcome, ctx: JudgeContext): CheckMx {
  const addresses = h.addresses.map((a) => judgeAddress(h, a, outcome(a.address), ctx));
  return {
    host: h.host, preference: h.preference, kind: h.kind, cname: h.cname,
    dnssec: { a: h.a?.status ?? 'insecure', aaaa: h.aaaa?.status ?? 'insecure', tlsa: h.tlsa?.status ?? 'insecure' },
    addresses, error: h.error, ...mxVerdict(h, addresses),
  };
}
