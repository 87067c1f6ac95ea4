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
import type { TlsaResult } from './types.js';

type Tlsa = Extract<DnsRecord, { type: 'TLSA' }>;

export const USAGE_NAMES: Readonly<Record<number, string>> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' };

export function tlsaUsable(r: { usage: number; selector: number; matchingType: number }): { usable: boolean; note: string } {
  if (r.usage === 0 || r.usage === 1) return { usable: false, note: `${USAGE_NAMES[r.usage] ?? ''}(${r.usage}) is unusable for SMTP (RFC 7672 §3.1.3): senders ignore it` };
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
export function matchOne(r: { usage: number; selector: number; matchingType: number; data: string }, chain: readonly X509Certificate[], names: readonly string[], now: Date): { matched: boolean; note: string } {
  const leaf = chain[0];
  if (!leaf) return { matched: false, note: 'no certificate was seen' };
  const want = r.data.toLowerCase();
  if (r.usage === 3) {
    return digest(selected(leaf, r.selector), r.matchingType) === want ? { matched: true, note: 'matches the server certificate' } : { matched: false, note: 'matches no certificate the server sends' };
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
    if (new Date(c.validFrom) > now || new Date(c.validTo) < now) return { matched: false, note: `${c.subject.replace(/\n/g, ', ')} is outside its validity dates` };
  }
  if (!names.some((n) => leaf.checkHost(n) !== undefined)) return { matched: false, note: `the certificate names none of ${names.join(', ')} (RFC 7672 §3.2.3)` };
  return { matched: true, note: `the chain leads to this trust anchor (${at} hop${at === 1 ? '' : 's'}) and names ${names[0] ?? ''}` };
}

/**
 * Every record judged against every chain the server serves (a dual RSA/ECDSA server serves two:
 * a sender gets either, so each needs a matching record).
 */
export function judgeTlsa(records: readonly Tlsa[], chains: readonly X509Certificate[][], names: readonly string[], now: Date): { results: TlsaResult[]; allMatch: boolean | null } {
  const results: TlsaResult[] = [];
  const chainMatched = chains.map(() => false);
  for (const r of records) {
    const text = `${r.usage} ${r.selector} ${r.matchingType} ${r.data}`;
    const u = tlsaUsable(r);
    if (!u.usable) {
      results.push({ usage: r.usage, selector: r.selector, matchingType: r.matchingType, data: r.data, text, usable: false, matched: null, note: u.note });
      continue;
    }
    if (chains.length === 0) {
      results.push({ usage: r.usage, selector: r.selector, matchingType: r.matchingType, data: r.data, text, usable: true, matched: null, note: 'no certificate to match (not scanned or no TLS)' });
      continue;
    }
    const outcomes = chains.map((c) => matchOne(r, c, names, now));
    outcomes.forEach((o, i) => { if (o.matched) chainMatched[i] = true; });
    const hit = outcomes.find((o) => o.matched);
    results.push({ usage: r.usage, selector: r.selector, matchingType: r.matchingType, data: r.data, text, usable: true, matched: hit !== undefined, note: (hit ?? outcomes[0])?.note ?? '' });
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
  return usable.filter((r) => r.usage === 3).length >= 2 || (usable.some((r) => r.usage === 3) && usable.some((r) => r.usage === 2)) || usable.filter((r) => r.usage === 2).length >= 2;
}
