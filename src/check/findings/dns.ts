/**
 * Findings about the domain's DNS as senders use it: the MX lookup and its answer (RFC 5321
 * §5.1, RFC 7505), CNAMEs, DNSSEC of the MX RRset and of each MX host's addresses, and what
 * became of each address (special-purpose, unreachable). Pure.
 */
import type { CheckFinding } from '../types.js';
import type { HostDns } from '../host-dns.js';
import type { Lookup } from '../lookup.js';
import { MAX_ADDRESSES_PER_HOST, MAX_MX_HOSTS, type MxSet } from '../mx-set.js';
import type { CheckMx } from '../types.js';
import { checkFinding } from './make.js';

export interface DomainDnsFacts {
  readonly domain: string;
  readonly mx: Lookup;
  readonly mxSet: MxSet;
  /** The resolver asked, as "address[:port]" (named when it seems not to validate). */
  readonly resolver: string;
}

/** Findings about the MX lookup and the MX set, in the order a reader meets them. */
export function domainDnsFindings(f: DomainDnsFacts): CheckFinding[] {
  const { domain, mx, mxSet } = f;
  const out: CheckFinding[] = [];
  const add = (...args: Parameters<typeof checkFinding>) => out.push(checkFinding(...args));
  if (mx.error !== null) add('dns', 'mx-lookup-failed', 'critical', 'The MX lookup failed', `${mx.error}. Senders defer mail to ${domain} until it answers.`);
  else if (mx.rcode === 'NXDOMAIN') {
    add('dns', 'domain-nxdomain', 'critical', 'The domain does not exist',
      `${domain} answers NXDOMAIN${mx.status === 'secure' ? ' (DNSSEC-proven)' : ''}: no mail can be delivered to it.`);
  } else if (mxSet.nullsBeside.length > 0) {
    add('dns', 'null-mx-mixed', 'high', 'A null MX beside other MX records',
      `RFC 7505 §3 says a domain with a null MX ("0 .") must publish no other MX; senders may treat ${domain} as accepting no mail, or try the others.`,
      { fix: mxSet.nullsBeside.map((p) => `; remove: ${domain}. IN MX ${p} .`).join('\n') });
  }
  if (mx.cname.length > 0) {
    add('dns', 'domain-cname', 'info', 'The domain is a CNAME',
      `${domain} → ${mx.cname.join(' → ')}: senders use the MX records of ${mx.cname[mx.cname.length - 1] ?? ''}.`);
  }
  if (mxSet.source === 'null-mx') {
    add('dns', 'null-mx', 'info', 'Null MX: the domain accepts no mail',
      `${domain} publishes "MX 0 ." (RFC 7505): senders bounce mail to it at once instead of queueing it.`);
  }
  if (mx.status === 'bogus') {
    add('dns', 'dnssec-bogus-mx', 'critical', 'The MX RRset fails DNSSEC validation',
      `Validating resolvers answer SERVFAIL for ${domain} MX (the data comes back only with checking disabled): every sender behind one, `
      + `Postfix with DANE included, defers mail to ${domain}. Re-sign the zone, or check the DS record at the parent.`);
  }
  if (mx.signedNotValidated) {
    add('dns', 'resolver-not-validating', 'medium', 'The resolver did not validate signed data',
      `The MX answer carries signatures but no AD bit: either ${f.resolver} does not validate DNSSEC, or the zone is signed without a DS at its parent. `
      + 'DNSSEC statuses below may read "insecure" for that reason.');
  }
  if (mxSet.total > MAX_MX_HOSTS) {
    add('dns', 'mx-too-many', 'medium', `${mxSet.total} MX records`,
      `Only the ${MAX_MX_HOSTS} most preferred are checked; senders try only the first few anyway (Postfix: smtp_mx_address_limit = 5).`);
  }
  return out;
}

/** An MX host with more addresses than are scanned. */
export function tooManyAddressesFindings(hosts: readonly HostDns[]): CheckFinding[] {
  return hosts.filter((h) => h.addressTotal > MAX_ADDRESSES_PER_HOST).map((h) => checkFinding('dns', 'mx-too-many-addresses', 'low',
    `${h.host} has ${h.addressTotal} addresses`, `Only the first ${MAX_ADDRESSES_PER_HOST} are scanned.`, { host: h.host }));
}

/** Findings about one MX host's name and addresses; `mxCount` is how many MX hosts there are. */
export function hostDnsFindings(domain: string, h: HostDns, m: CheckMx, mxCount: number): CheckFinding[] {
  const out: CheckFinding[] = [];
  const host = h.host;
  const add = (...args: Parameters<typeof checkFinding>) => out.push(checkFinding(...args));
  if (h.kind === 'ip-literal') {
    add('dns', 'mx-ip-literal', 'high', `MX ${host} is an IP address`,
      'An MX record must name a host (RFC 5321 §5.1, RFC 7505 §3): some senders refuse it, others (Postfix, with a warning) connect to the address '
      + 'without any TLSA lookup, so DANE does not protect this MX.',
      { host, fix: `; replace it with a host name, e.g.: ${domain}. IN MX ${h.preference} mx.${domain}.\n; mx.${domain}. IN A ${host}` });
  }
  if (h.kind === 'mx' && h.cname.length > 0) {
    const target = h.cname[h.cname.length - 1];
    add('dns', 'mx-cname', 'medium', `MX ${host} is a CNAME`,
      `${host} → ${h.cname.join(' → ')}. RFC 2181 §10.3 says an MX must point at a name with address records; most senders follow the CNAME, `
      + `some refuse. DANE senders look for TLSA records at ${target ?? ''} first (RFC 7672 §2.2.2).`,
      { host, fix: `${domain}. IN MX ${h.preference} ${target ?? host}.` });
  }
  if (h.kind !== 'ip-literal' && h.addresses.length === 0 && h.error === null) {
    add('dns', 'mx-no-address', 'high', `MX ${host} has no address`,
      `Neither A nor AAAA records: senders skip this MX${mxCount === 1 ? ', so no mail can be delivered' : ''}.`, { host });
  }
  if (h.error !== null) add('dns', 'mx-address-lookup-failed', 'high', `The address lookup of ${host} failed`, h.error, { host });
  if (h.a?.status === 'bogus' || h.aaaa?.status === 'bogus') {
    add('dns', 'dnssec-bogus-host', 'critical', `The addresses of ${host} fail DNSSEC validation`,
      'Validating senders cannot resolve this MX and defer.', { host });
  }
  for (const a of m.addresses) {
    if (a.skipped !== null) {
      add('dns', 'address-special', 'high', `${host} has a special-purpose address`,
        `${a.address} is ${a.skipped.replace(/: not reachable.*$/, '')} (RFC 6890): no sender on the Internet can reach it; it was not scanned.`,
        { host, addresses: [a.address] });
    } else if (a.reachable === false) {
      add('scan', 'address-unreachable', m.addresses.every((x) => x.reachable === false) ? 'high' : 'medium',
        `${host} [${a.address}] is unreachable on port 25`, a.scan?.error ?? 'no connection', { host, addresses: [a.address] });
    }
  }
  return out;
}

/** The MX RRset unsigned: an attacker can replace it; DANE of signed MX hosts and MTA-STS still protect. */
export function mxUnsignedFindings(domain: string, mx: Lookup, mxSet: MxSet, hostCount: number): CheckFinding[] {
  if (mx.status !== 'insecure' || hostCount === 0 || mxSet.source !== 'mx') return [];
  return [checkFinding('dns', 'mx-unsigned', 'info', 'The MX records are not DNSSEC-signed',
    `An attacker on the path can replace the MX set of ${domain}; DANE still protects MX hosts whose own zones are signed `
    + '(Postfix: smtp_tls_dane_insecure_mx_policy), and MTA-STS protects the rest.')];
}
