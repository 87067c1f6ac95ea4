/**
 * DANE for SMTP (RFC 7672) on top of the TLSA rules of RFC 6698/7671: which records are usable,
 * and whether the certificate chains the scan saw match them, the way a DANE sender checks:
 * DANE-EE(3) against the leaf alone, without name or expiry checks (RFC 7672 §3.1.1); DANE-TA(2)
 * against an issuer the server sends, with the chain's signatures up to it, the leaf's validity
 * dates and its name (RFC 7672 §3.1.2, §3.2.3); PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP
 * (RFC 7672 §3.1.3), as are unknown selectors and matching types (RFC 6698 §4.1).
 */
import { X509Certificate, createHash } from 'node:crypto';
import type { DnsRecord } from '../dns/types.js';
import type { AddressDane, CheckAddress, CheckMx, CheckReport, DnssecStatus, TlsaResult } from './types.js';

type Tlsa = Extract<DnsRecord, { type: 'TLSA' }>;

export const USAGE_NAMES: Readonly<Record<number, string>> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' };

export function tlsaUsable(r: { usage: number; selector: number; matchingType: number }): { usable: boolean; note: string } {
  if (r.usage === 0 || r.usage === 1) {
    return { usable: false, note: `${USAGE_NAMES[r.usage] ?? ''}(${r.usage}) is unusable for SMTP (RFC 7672 §3.1.3): senders ignore it` };
  }
  if (r.usage !== 2 && r.usage !== 3) return { usable: false, note: `unknown usage ${r.usage}` };
  if (r.selector !== 0 && r.selector !== 1) return { usable: false, note: `unknown selector ${r.selector}` };
  if (r.matchingType < 0 || r.matchingType > 2) return { usable: false, note: `unknown matching type ${r.matchingType}` };
  return { usable: true, note: '' };
}

function selected(cert: X509Certificate, selector: number): Buffer {
  return selector === 0 ? cert.raw : cert.publicKey.export({ type: 'spki', format: 'der' });
}

function digest(data: Buffer, matchingType: number): string {
  if (matchingType === 1) return createHash('sha256').update(data).digest('hex');
  if (matchingType === 2) return createHash('sha512').update(data).digest('hex');
  return data.toString('hex');
}

export function parseChain(chainDer: readonly string[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const b64 of chainDer) {
    try {
      out.push(new X509Certificate(Buffer.from(b64, 'base64')));
    } catch {
      break;
    }
  }
  return out;
}

/** Does one usable record match one chain (leaf first)? With the reason when not. */
export function matchOne(
  r: { usage: number; selector: number; matchingType: number; data: string }, chain: readonly X509Certificate[], names: readonly string[], now: Date,
): { matched: boolean; note: string } {
  const leaf = chain[0];
  if (!leaf) return { matched: false, note: 'no certificate was seen' };
  const want = r.data.toLowerCase();
  if (r.usage === 3) {
    return digest(selected(leaf, r.selector), r.matchingType) === want
      ? { matched: true, note: 'matches the server certificate' }
      : { matched: false, note: 'matches no certificate the server sends' };
  }
  // DANE-TA: the trust anchor must be among the certificates the server sends (RFC 7671 §5.2.2).
  const at = chain.findIndex((c, i) => i > 0 && digest(selected(c, r.selector), r.matchingType) === want);
  if (at < 0) {
    return digest(selected(leaf, r.selector), r.matchingType) === want
      ? { matched: false, note: 'matches the leaf itself, but a 2 x x record must name an issuer (publish it as 3 x x)' }
      : { matched: false, note: 'matches no issuer certificate the server sends (the server must send the trust anchor in its chain)' };
  }
  for (let i = 0; i < at; i++) {
    const c = chain[i];
    const issuer = chain[i + 1];
    if (!c || !issuer || !c.verify(issuer.publicKey)) return { matched: false, note: `certificate ${i} of the chain is not signed by the next one` };
  }
  for (const c of chain.slice(0, at + 1)) {
    if (new Date(c.validFrom) > now || new Date(c.validTo) < now) {
      return { matched: false, note: `${c.subject.replace(/\n/g, ', ')} is outside its validity dates` };
    }
  }
  if (!names.some((n) => leaf.checkHost(n) !== undefined)) {
    return { matched: false, note: `the certificate names none of ${names.join(', ')} (RFC 7672 §3.2.3)` };
  }
  return { matched: true, note: `the chain leads to this trust anchor (${at} hop${at === 1 ? '' : 's'}) and names ${names[0] ?? ''}` };
}

/**
 * Every record judged against every chain the server serves (a dual RSA/ECDSA server serves two:
 * a sender gets either, so each needs a matching record).
 */
export function judgeTlsa(
  records: readonly Tlsa[], chains: readonly X509Certificate[][], names: readonly string[], now: Date,
): { results: TlsaResult[]; allMatch: boolean | null } {
  const results: TlsaResult[] = [];
  const chainMatched = chains.map(() => false);
  for (const r of records) {
    const text = `${r.usage} ${r.selector} ${r.matchingType} ${r.data}`;
    const rec = { usage: r.usage, selector: r.selector, matchingType: r.matchingType, data: r.data, text };
    const u = tlsaUsable(r);
    if (!u.usable) {
      results.push({ ...rec, usable: false, matched: null, note: u.note });
      continue;
    }
    if (chains.length === 0) {
      results.push({ ...rec, usable: true, matched: null, note: 'no certificate to match (not scanned or no TLS)' });
      continue;
    }
    const outcomes = chains.map((c) => matchOne(r, c, names, now));
    outcomes.forEach((o, i) => { if (o.matched) chainMatched[i] = true; });
    const hit = outcomes.find((o) => o.matched);
    results.push({ ...rec, usable: true, matched: hit !== undefined, note: (hit ?? outcomes[0])?.note ?? '' });
  }
  const anyUsable = results.some((r) => r.usable);
  return { results, allMatch: !anyUsable || chains.length === 0 ? null : chainMatched.every(Boolean) };
}

/**
 * The TLSA records to publish for what the server serves now: 3 1 1 for each leaf key, and
 * 2 1 1 for its issuer when the server sends one (RFC 7671 §8.1: "3 1 1" plus "2 1 1" survives a
 * key rollover on either side).
 */
export function recommendedTlsa(owner: string, chains: readonly X509Certificate[][]): string[] {
  const out = new Set<string>();
  for (const c of chains) {
    const leaf = c[0];
    if (leaf) out.add(`${owner}. IN TLSA 3 1 1 ${digest(selected(leaf, 1), 1)}`);
  }
  for (const c of chains) {
    const issuer = c[1];
    if (issuer) out.add(`${owner}. IN TLSA 2 1 1 ${digest(selected(issuer, 1), 1)}`);
  }
  return [...out];
}

/** Rollover readiness as internet.nl judges it: two DANE-EE records, or DANE-EE and DANE-TA. */
export function rolloverReady(records: readonly { usage: number; usable: boolean }[]): boolean {
  const usable = records.filter((r) => r.usable);
  const ee = usable.filter((r) => r.usage === 3).length;
  const ta = usable.filter((r) => r.usage === 2).length;
  return ee >= 2 || (ee >= 1 && ta >= 1) || ta >= 2;
}

/** What the per-address DANE judgement needs of an MX host: its kind, and its TLSA lookup. */
export interface DaneHost {
  readonly kind: CheckMx['kind'];
  /** The TLSA owner name whose answer is used ("_25._tcp.mx1.example.com"). */
  readonly tlsaName: string;
  /** The TLSA lookup (null: none made, as for an MX that is an address). */
  readonly tlsa: { readonly status: DnssecStatus; readonly records: readonly DnsRecord[] } | null;
  /** Reference identifiers for DANE-TA: the MX name and its secure CNAME target. */
  readonly names: readonly string[];
}

/**
 * What a DANE sender (Postfix smtp_tls_security_level = dane) does at one address: DANE applies
 * only when the address and TLSA RRsets are both secure (RFC 7672 §2.2.2); a bogus or failed
 * TLSA lookup defers (§2.2.3); records all unusable mean TLS without authentication (§2.2);
 * otherwise every chain the server serves must match a usable record.
 */
export function addressDane(
  h: DaneHost, addressStatus: DnssecStatus, chains: X509Certificate[][], starttls: boolean | null, reachable: boolean | null, now: Date,
): AddressDane {
  const base = { tlsaName: h.tlsaName, tlsaDnssec: h.tlsa?.status ?? 'insecure' };
  // Resolvers rotate RRsets: DANE-EE first, then by content, the same order each run.
  const recs = (h.tlsa?.records.flatMap((r) => (r.type === 'TLSA' ? [r] : [])) ?? [])
    .sort((x, y) => y.usage - x.usage || x.selector - y.selector || x.matchingType - y.matchingType || (x.data < y.data ? -1 : 1));
  const judged = judgeTlsa(recs, chains, h.names, now);
  const records = judged.results;
  const none = (reason: string): AddressDane => ({ ...base, usable: false, matched: null, records, sender: 'opportunistic', reason });
  if (h.kind === 'ip-literal') return none('an MX that is an IP address has no TLSA records');
  if (addressStatus !== 'secure') return none(`the address records are ${addressStatus}: DANE does not apply (RFC 7672 §2.2.2)`);
  const t = h.tlsa;
  if (!t) return none('no TLSA lookup');
  if (t.status === 'bogus' || t.status === 'unknown') {
    const reason = `the TLSA lookup ${t.status === 'bogus' ? 'is bogus' : 'failed'}: a DANE sender defers (RFC 7672 §2.2.3)`;
    return { ...base, usable: false, matched: null, records, sender: 'defer', reason };
  }
  if (t.status !== 'secure') return none(`the TLSA records are ${t.status}: ignored`);
  if (recs.length === 0) return none('no TLSA records: opportunistic TLS');
  const anyUsable = records.some((r) => r.usable);
  if (reachable === true && starttls !== true) {
    const reason = 'TLSA records require TLS, but the server offers no STARTTLS';
    return { ...base, usable: anyUsable, matched: anyUsable ? false : null, records, sender: 'defer', reason };
  }
  if (!anyUsable) {
    const reason = 'TLSA records exist but none is usable: a DANE sender requires TLS without authentication (RFC 7672 §2.2)';
    return { ...base, usable: false, matched: null, records, sender: 'encrypted', reason };
  }
  if (judged.allMatch === null) return { ...base, usable: true, matched: null, records, sender: 'defer', reason: 'no certificate was seen to match' };
  return judged.allMatch
    ? { ...base, usable: true, matched: true, records, sender: 'authenticated', reason: 'a usable TLSA record matches every certificate the server serves' }
    : { ...base, usable: true, matched: false, records, sender: 'defer', reason: 'a certificate the server serves matches no usable TLSA record' };
}

const DANE_DETAIL: Readonly<Record<CheckReport['dane']['status'], string>> = {
  valid: 'every MX address has usable TLSA records that match its certificate: DANE senders deliver authenticated',
  partial: 'some MX addresses are protected by DANE, others are not',
  invalid: 'some MX addresses have TLSA records that do not match: DANE senders defer there',
  none: 'the MX hosts are DNSSEC-signed but publish no TLSA records',
  'not-applicable': 'the MX hosts are not DNSSEC-signed (or not validated): DANE does not apply',
};

/**
 * DANE for the domain: valid when every address that was scanned (or could be) authenticates,
 * partial when only some have usable records, invalid when one would defer, none when signed
 * without TLSA, not-applicable when no MX address is signed. Rollover readiness per MX host.
 */
export function daneSummary(mx: readonly CheckMx[]): { dane: CheckReport['dane']; unprotected: CheckAddress[] } {
  const considered = mx.flatMap((m) => m.addresses).filter((a) => a.skipped === null);
  const withDane = considered.filter((a) => a.dane.usable);
  let status: CheckReport['dane']['status'];
  if (withDane.length === 0) status = mx.some((m) => m.addresses.some((a) => a.dnssec === 'secure')) ? 'none' : 'not-applicable';
  else if (withDane.some((a) => a.dane.matched === false)) status = 'invalid';
  else if (withDane.length < considered.length) status = 'partial';
  else status = 'valid';
  const usableHosts = mx.filter((m) => m.addresses.some((a) => a.dane.usable));
  const ready = usableHosts.length === 0 ? null : usableHosts.every((m) => rolloverReady(m.addresses[0]?.dane.records ?? []));
  const unprotected = considered.filter((a) => !a.dane.usable);
  return { dane: { status, rolloverReady: ready, detail: DANE_DETAIL[status] }, unprotected };
}
