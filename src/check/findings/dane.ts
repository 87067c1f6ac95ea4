/**
 * Findings about DANE (RFC 7672, RFC 7671) per MX host and for the domain, with the TLSA
 * records to publish for what the server serves now. Pure.
 */
import { parseChain, recommendedTlsa, rolloverReady } from '../dane.js';
import type { HostDns } from '../host-dns.js';
import type { CheckAddress, CheckFinding, CheckMx } from '../types.js';
import { checkFinding } from './make.js';

/** The TLSA records to publish for the certificates an MX host's addresses serve (null: none seen). */
export function tlsaFix(h: Pick<HostDns, 'tlsaName'>, m: CheckMx): string | null {
  const chains = m.addresses.flatMap((a) => (a.scan?.certificates ?? []).map((c) => parseChain(c.chainDer ?? []))).filter((c) => c.length > 0);
  const uniq = [...new Map(chains.map((c) => [c[0]?.fingerprint256 ?? '', c])).values()];
  return uniq.length > 0 ? recommendedTlsa(h.tlsaName, uniq).join('\n') : null;
}

export function hostDaneFindings(h: HostDns, m: CheckMx): CheckFinding[] {
  const out: CheckFinding[] = [];
  const host = h.host;
  const fix = tlsaFix(h, m);
  const add = (...args: Parameters<typeof checkFinding>) => out.push(checkFinding(...args));
  const t = h.tlsa;
  const recs = t?.records.flatMap((r) => (r.type === 'TLSA' ? [r] : [])) ?? [];
  if (t && recs.length > 0 && t.status === 'insecure') {
    add('dane', 'tlsa-insecure', 'medium', `TLSA published for ${host}, but the zone is not signed`,
      `${h.tlsaName} has ${recs.length} TLSA record(s), but the answer is not DNSSEC-validated, so senders ignore them (RFC 7672 §2.2): `
      + 'DANE does not protect this MX. Sign the zone and publish its DS at the parent.', { host });
  }
  if (t && t.cname.length > 0 && recs.length > 0) {
    add('dane', 'tlsa-cname', 'info', `The TLSA records of ${host} are under a CNAME`,
      `${h.tlsaName} → ${t.cname.join(' → ')}. That is allowed (RFC 7671 §7) when every link is signed, but a rollover then depends on the other zone.`,
      { host });
  }
  if (t && (t.status === 'bogus' || (t.status === 'unknown' && m.addresses.some((a) => a.dnssec === 'secure')))) {
    add('dane', 'tlsa-lookup-failed', 'critical', `The TLSA lookup of ${host} fails`,
      `${t.error ?? `${h.tlsaName} is bogus`}. A DANE sender cannot tell whether the MX requires DANE and defers (RFC 7672 §2.2.3).`, { host });
  }
  const usableAddrs = m.addresses.filter((a) => a.dane.usable);
  const failing = usableAddrs.filter((a) => a.dane.matched === false);
  if (failing.length > 0) {
    const notes = failing[0]?.dane.records.map((r) => `${r.text.slice(0, 16)}…: ${r.note}`).join('; ') ?? '';
    add('dane', 'tlsa-no-match', 'critical', `No TLSA record of ${host} matches its certificate`,
      `A DANE sender defers all mail at ${failing.map((a) => a.address).join(', ')}: ${notes}. `
      + 'Publish records for the certificate the server serves now (and keep the old ones until caches expire).',
      { host, addresses: failing.map((a) => a.address), fix });
  }
  const usableRecs = m.addresses[0]?.dane.records.filter((r) => r.usable) ?? [];
  if (usableAddrs.length > 0 && failing.length === 0 && !rolloverReady(usableRecs.map((r) => ({ usage: r.usage, usable: r.usable })))) {
    add('dane', 'tlsa-no-rollover', 'low', `The TLSA records of ${host} are not ready for a key rollover`,
      'Only one usable record: replacing the key or the certificate breaks DANE until the new record is published and old copies expire. '
      + 'Publish 3 1 1 of the current key together with 2 1 1 of its issuer (or a second 3 1 1 of the next key) (RFC 7671 §8.1).', { host, fix });
  }
  if (recs.length > 0 && recs.every((r) => r.usage === 0 || r.usage === 1)) {
    add('dane', 'tlsa-unusable', 'medium', `The TLSA records of ${host} are all PKIX-TA/PKIX-EE`,
      'RFC 7672 §3.1.3: usages 0 and 1 are unusable for SMTP; DANE senders then require TLS but authenticate nothing. '
      + 'Publish DANE-EE(3) or DANE-TA(2) records.', { host, fix });
  }
  if (h.kind !== 'ip-literal' && t && t.status === 'secure' && recs.length === 0 && m.addresses.some((a) => a.dnssec === 'secure')) {
    add('dane', 'dane-absent', 'low', `${host} is DNSSEC-signed but publishes no TLSA`,
      'Its zone is signed, so publishing TLSA records is all that stands between senders and authenticated TLS to this MX (RFC 7672).', { host, fix });
  }
  return out;
}

/** Some addresses without usable TLSA: an attacker who blocks the others gets DANE senders there unauthenticated. */
export function danePartialFindings(status: string, unprotected: readonly CheckAddress[]): CheckFinding[] {
  if (status !== 'partial') return [];
  return [checkFinding('dane', 'dane-partial', 'medium', 'DANE protects only some MX addresses',
    `${unprotected.map((a) => a.address).join(', ')} ${unprotected.length === 1 ? 'has' : 'have'} no usable TLSA record: `
    + 'an attacker who blocks the others makes DANE senders deliver there without authentication.')];
}
