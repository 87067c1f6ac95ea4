/**
 * `mailtls check DOMAIN`: the domain as a sending MTA sees it. DNS first (MX with null MX and the
 * implicit MX, CNAMEs, A/AAAA, TLSA, each with its DNSSEC status), then every address of every
 * MX scanned on port 25 by the scanner (src/scan), all at once within bounds, while the MTA-STS
 * policy is fetched alongside; then what a DANE sender, an MTA-STS sender and an ordinary one
 * would do at each address, findings with the records to publish, and verdicts.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { DnsClient } from '../dns/client.js';
import { formatServer } from '../dns/resolv-conf.js';
import type { DnsServer } from '../dns/types.js';
import { MailtlsError, toMailtlsError } from '../errors.js';
import { scanHost } from '../scan/engine.js';
import { drownAcross } from '../scan/vulns/derived.js';
import { describeCertificate } from '../scan/certs.js';
import { loadTrustStore, pemCertificates, type TrustStore } from '../scan/trust-store.js';
import type { ScanOptions } from '../scan/context.js';
import type { ScanReport } from '../scan/types.js';
import { bySeverity, type Severity } from '../severity.js';
import { VERSION } from '../version.js';
import { isLoopback, scanRefusal } from './addresses.js';
import { judgeTlsa, parseChain, recommendedTlsa, rolloverReady } from './dane.js';
import { lookup, weakest, type Lookup } from './lookup.js';
import { fetchPolicyText, mxMatchesPattern, parsePolicy, parseStsTxt } from './mta-sts.js';
import { parseTlsRpt } from './tls-rpt.js';
import { addressVerdict, DEFAULT_PROFILE, domainVerdict } from './verdict.js';
import type { AddressDane, AddressMtaSts, CheckAddress, CheckFinding, CheckMx, CheckReport, DnssecStatus, StsPolicy, StsTxt } from './types.js';

/** Bounds on what one check looks at (and so on the connections it opens). */
export const MAX_MX_HOSTS = 16;
export const MAX_ADDRESSES_PER_HOST = 8;

export interface CheckOptions {
  readonly servers: readonly DnsServer[];
  readonly profile?: string;
  /** PEM text of --ca-file: trusted in addition to the system's CA bundle. */
  readonly caPem?: string;
  /** Addresses scanned at once (default 8); each scan keeps its own per-host connection limit. */
  readonly concurrency?: number;
  readonly scan?: Partial<ScanOptions>;
  readonly dnsTimeoutMs?: number;
  readonly httpsTimeoutMs?: number;
  readonly now?: Date;
  readonly onProgress?: (message: string) => void;
  /** Scan loopback MX addresses; default: when every resolver is a loopback address (a test stack). */
  readonly allowLoopback?: boolean;
}

/** A domain as a sending MTA would use it: lower case, no trailing dot, IDNA A-labels. */
export function normalizeDomain(input: string): string {
  const d = domainToASCII(input.trim().replace(/\.$/, '')).toLowerCase();
  if (d === '' || d.length > 253 || !/^([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(d) || isIP(d) !== 0) {
    throw new MailtlsError('EUSAGE', `"${input}" is not a domain name`);
  }
  return d;
}

function combinedStore(caPem: string | undefined): { store: TrustStore; pems: string[] } {
  const system = loadTrustStore();
  const extra = caPem !== undefined ? pemCertificates(caPem) : [];
  const roots = [...system.roots, ...extra];
  const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
  return { store: { source: extra.length > 0 ? `${system.source} + --ca-file` : system.source, roots }, pems: roots.map(pem) };
}

async function pool<T, R>(items: readonly T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }));
  return out;
}

interface HostDns {
  host: string;
  preference: number;
  kind: CheckMx['kind'];
  a: Lookup | null;
  aaaa: Lookup | null;
  tlsa: Lookup | null;
  tlsaName: string;
  /** Reference identifiers for DANE-TA and for MTA-STS: the MX name and its secure CNAME target. */
  names: string[];
  cname: string[];
  addresses: { address: string; family: 4 | 6; dnssec: DnssecStatus }[];
  error: string | null;
}

async function resolveHost(client: DnsClient, host: string, preference: number, kind: CheckMx['kind']): Promise<HostDns> {
  const tlsaName = `_25._tcp.${host}`;
  if (kind === 'ip-literal') {
    return { host, preference, kind, a: null, aaaa: null, tlsa: null, tlsaName, names: [host], cname: [], addresses: [{ address: host, family: isIP(host) === 6 ? 6 : 4, dnssec: 'insecure' }], error: null };
  }
  const [a, aaaa, tlsa0] = await Promise.all([lookup(client, host, 'A'), lookup(client, host, 'AAAA'), lookup(client, tlsaName, 'TLSA')]);
  const cname = [...(a.cname.length > 0 ? a.cname : aaaa.cname)];
  const names = [host];
  let tlsa = tlsa0;
  let usedName = tlsaName;
  // RFC 7672 §2.2.2: with a secure CNAME chain, the TLSA records of the expanded name come first.
  const final = cname[cname.length - 1];
  if (final !== undefined && weakest(a.status) === 'secure') {
    names.push(final);
    const t = await lookup(client, `_25._tcp.${final}`, 'TLSA');
    if (t.records.length > 0) { tlsa = t; usedName = `_25._tcp.${final}`; }
  }
  const addresses = sortAddresses([
    ...a.records.flatMap((r) => (r.type === 'A' ? [{ address: r.address, family: 4 as const, dnssec: a.status }] : [])),
    ...aaaa.records.flatMap((r) => (r.type === 'AAAA' ? [{ address: r.address, family: 6 as const, dnssec: aaaa.status }] : [])),
  ]);
  const err = [a, aaaa].filter((l) => l.error !== null).map((l) => l.error).join('; ');
  return { host, preference, kind, a, aaaa, tlsa, tlsaName: usedName, names, cname, addresses, error: err !== '' ? err : null };
}

/** Resolvers rotate RRsets; reports list addresses IPv4 first, in numeric order, the same each run. */
function sortAddresses<T extends { address: string; family: 4 | 6 }>(list: T[]): T[] {
  const key = (a: T) => (a.family === 4 ? a.address.split('.').map((o) => o.padStart(3, '0')).join('.') : `~${a.address}`);
  return list.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

const isRequireTls = (lines: readonly string[]) => lines.some((l) => (l.split(/\s+/)[0] ?? '').toUpperCase() === 'REQUIRETLS');

export async function checkDomain(input: string, opts: CheckOptions): Promise<CheckReport> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const domain = normalizeDomain(input);
  const profile = opts.profile ?? DEFAULT_PROFILE;
  const client = new DnsClient({ servers: opts.servers, timeoutMs: opts.dnsTimeoutMs ?? 3000 });
  const local = opts.allowLoopback ?? opts.servers.every((s) => isLoopback(s.address));
  const { store, pems } = combinedStore(opts.caPem);
  const findings: CheckFinding[] = [];
  const add = (source: CheckFinding['source'], id: string, severity: Severity, title: string, detail: string, extra: { host?: string | null; addresses?: string[]; fix?: string | null } = {}) =>
    findings.push({ id, severity, title, detail, source, host: extra.host ?? null, addresses: extra.addresses ?? [], fix: extra.fix ?? null });
  const progress = opts.onProgress ?? (() => undefined);

  // --- phase 1: the MX set, and the MTA-STS and TLS-RPT records, at once ---
  progress('DNS');
  const [mxL, stsL, rptL] = await Promise.all([
    lookup(client, domain, 'MX'), lookup(client, `_mta-sts.${domain}`, 'TXT'), lookup(client, `_smtp._tls.${domain}`, 'TXT'),
  ]);
  let mxSource: CheckReport['mxSource'] = 'mx';
  let hostsWanted: { host: string; preference: number; kind: CheckMx['kind'] }[] = [];
  if (mxL.error !== null) {
    mxSource = 'none';
    add('dns', 'mx-lookup-failed', 'critical', 'The MX lookup failed', `${mxL.error}. Senders defer mail to ${domain} until it answers.`);
  } else if (mxL.rcode === 'NXDOMAIN') {
    mxSource = 'none';
    add('dns', 'domain-nxdomain', 'critical', 'The domain does not exist', `${domain} answers NXDOMAIN${mxL.status === 'secure' ? ' (DNSSEC-proven)' : ''}: no mail can be delivered to it.`);
  } else if (mxL.records.length > 0) {
    const mxs = mxL.records.flatMap((r) => (r.type === 'MX' ? [r] : []));
    const nulls = mxs.filter((r) => r.exchange === '.' || r.exchange === '');
    if (nulls.length > 0 && mxs.length === 1 && nulls[0]?.preference === 0) mxSource = 'null-mx';
    else {
      if (nulls.length > 0) add('dns', 'null-mx-mixed', 'high', 'A null MX beside other MX records', `RFC 7505 §3 says a domain with a null MX ("0 .") must publish no other MX; senders may treat ${domain} as accepting no mail, or try the others.`, { fix: nulls.map((n) => `; remove: ${domain}. IN MX ${n.preference} .`).join('\n') });
      hostsWanted = mxs.filter((r) => !nulls.includes(r)).sort((x, y) => x.preference - y.preference || (x.exchange < y.exchange ? -1 : 1))
        .map((r) => ({ host: r.exchange, preference: r.preference, kind: isIP(r.exchange) !== 0 ? 'ip-literal' as const : 'mx' as const }));
    }
  } else {
    mxSource = 'implicit';
    hostsWanted = [{ host: mxL.cname[mxL.cname.length - 1] ?? domain, preference: 0, kind: 'implicit' }];
  }
  if (mxL.cname.length > 0) add('dns', 'domain-cname', 'info', 'The domain is a CNAME', `${domain} → ${mxL.cname.join(' → ')}: senders use the MX records of ${mxL.cname[mxL.cname.length - 1] ?? ''}.`);
  if (mxSource === 'null-mx') add('dns', 'null-mx', 'info', 'Null MX: the domain accepts no mail', `${domain} publishes "MX 0 ." (RFC 7505): senders bounce mail to it at once instead of queueing it.`);
  if (mxL.status === 'bogus') add('dns', 'dnssec-bogus-mx', 'critical', 'The MX RRset fails DNSSEC validation', `Validating resolvers answer SERVFAIL for ${domain} MX (the data comes back only with checking disabled): every sender behind one, Postfix with DANE included, defers mail to ${domain}. Re-sign the zone, or check the DS record at the parent.`);
  if (mxL.signedNotValidated) add('dns', 'resolver-not-validating', 'medium', 'The resolver did not validate signed data', `The MX answer carries signatures but no AD bit: either ${formatServer(opts.servers[0] ?? { address: '?', port: 53 })} does not validate DNSSEC, or the zone is signed without a DS at its parent. DNSSEC statuses below may read "insecure" for that reason.`);

  // --- MTA-STS TXT, then the policy fetch, alongside everything else ---
  const stsTexts = stsL.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
  const stsTxtBase = parseStsTxt(`_mta-sts.${domain}`, stsTexts);
  const stsTxt: StsTxt = { ...stsTxtBase, dnssec: stsL.status };
  const stsErrors: { code: string; message: string }[] = [];
  if (stsL.error !== null) stsErrors.push({ code: stsL.rcode, message: stsL.error });
  const wantPolicy = stsTxt.records.length > 0 || stsTexts.some((t) => /sts/i.test(t));
  const policyUrl = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const policyP: Promise<StsPolicy | null> = !wantPolicy ? Promise.resolve(null) : (async () => {
    const host = `mta-sts.${domain}`;
    const [a, aaaa] = await Promise.all([lookup(client, host, 'A'), lookup(client, host, 'AAAA')]);
    const addrs = [...a.records, ...aaaa.records].flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.address] : []));
    const fail = (code: string, message: string): StsPolicy => {
      stsErrors.push({ code, message });
      return { url: policyUrl, text: null, version: null, mode: null, maxAge: null, mx: [], valid: false, errors: [message], address: null };
    };
    if (addrs.length === 0) return fail('EMTASTS_FETCH', `${host} has no address (${a.error ?? a.rcode})`);
    let last: MailtlsError | null = null;
    for (const address of addrs) {
      const refused = scanRefusal(address, local);
      if (refused !== null) { last = new MailtlsError('ENOTALLOWED', `${address}: ${refused}`, { place: { host, port: 443 } }); continue; }
      try {
        const text = await fetchPolicyText({ host, address, ca: pems, timeoutMs: opts.httpsTimeoutMs ?? 10_000 });
        return parsePolicy(policyUrl, text, address);
      } catch (err) {
        last = toMailtlsError(err, 'EMTASTS_FETCH', { host, port: 443 });
        // A certificate or HTTP problem is the policy host's answer; another address would not change it.
        if (!['ECONNREFUSED', 'ETIMEOUT', 'EMTASTS_FETCH'].includes(last.code)) break;
      }
    }
    return fail(last?.code ?? 'EMTASTS_FETCH', `${last?.toLine() ?? 'no address could be reached'}`);
  })();

  // A hostile or broken zone can list thousands of MX hosts and addresses in one 64 KiB answer;
  // senders try a few (Postfix: smtp_mx_address_limit = 5), the report looks at a bounded number.
  if (hostsWanted.length > MAX_MX_HOSTS) {
    add('dns', 'mx-too-many', 'medium', `${hostsWanted.length} MX records`, `Only the ${MAX_MX_HOSTS} most preferred are checked; senders try only the first few anyway (Postfix: smtp_mx_address_limit = 5).`);
    hostsWanted = hostsWanted.slice(0, MAX_MX_HOSTS);
  }

  // --- phase 2: every MX host's addresses and TLSA records ---
  const hosts = await Promise.all(hostsWanted.map((h) => resolveHost(client, h.host, h.preference, h.kind)));
  for (const h of hosts) {
    if (h.addresses.length <= MAX_ADDRESSES_PER_HOST) continue;
    add('dns', 'mx-too-many-addresses', 'low', `${h.host} has ${h.addresses.length} addresses`, `Only the first ${MAX_ADDRESSES_PER_HOST} are scanned.`, { host: h.host });
    h.addresses = h.addresses.slice(0, MAX_ADDRESSES_PER_HOST);
  }

  // --- phase 3: scan every address once, all at once within bounds ---
  const byAddress = new Map<string, { host: string; refusal: string | null }>();
  for (const h of hosts) for (const a of h.addresses) if (!byAddress.has(a.address)) byAddress.set(a.address, { host: h.kind === 'ip-literal' ? a.address : h.host, refusal: scanRefusal(a.address, local) });
  const toScan = [...byAddress.entries()].filter(([, v]) => v.refusal === null);
  const scanStarted = Date.now();
  progress(`scanning ${toScan.length} address${toScan.length === 1 ? '' : 'es'}`);
  const scans = new Map<string, ScanReport>();
  await pool(toScan, opts.concurrency ?? 8, async ([address, { host }]) => {
    const r = await scanHost({ host, address, port: 25, starttls: true, role: 'mx' }, { ...opts.scan, keepChains: true, trustStore: store });
    scans.set(address, r);
  });
  // One certificate with SSLv2 on any of these addresses is DROWN on all that share it.
  const addresses = [...scans.keys()];
  drownAcross(addresses.map((a) => scans.get(a) ?? null)).forEach((r, i) => { if (r) scans.set(addresses[i] ?? '', r); });
  const scanMs = Date.now() - scanStarted;
  const policy = await policyP;

  // --- MTA-STS: what a sender applies ---
  const policyApplies = stsTxt.valid && policy !== null && policy.valid;
  const stsMode = policy?.valid === true ? policy.mode : null;

  // --- phase 4: each address as each kind of sender sees it ---
  const mxOut: CheckMx[] = hosts.map((h) => {
    const addrs: CheckAddress[] = h.addresses.map((a) => {
      const info = byAddress.get(a.address);
      const skipped = info?.refusal ?? null;
      const scan = scans.get(a.address) ?? null;
      const chainsDer = (scan?.certificates ?? []).map((c) => c.chainDer ?? []).filter((c) => c.length > 0);
      const chains = chainsDer.map(parseChain).filter((c) => c.length > 0);
      const starttls = scan?.smtp?.starttls ?? null;
      const reachable = skipped !== null ? null : scan ? scan.smtp !== null || scan.protocols.some((p) => p.offered === true) : false;
      const dane = addressDane(h, a.dnssec, chains, starttls, reachable, now);
      const mtaSts = addressMtaSts(h, chainsDer, starttls, policyApplies ? policy : null, store, now);
      const after = scan?.smtp?.capabilitiesAfterTls ?? [];
      const { verdict, reasons, rules } = addressVerdict({ scan, skipped, dane, mtaSts, mtaStsMode: policyApplies ? stsMode : null }, profile);
      return { address: a.address, family: a.family, dnssec: a.dnssec, reachable, skipped, scan, dane, mtaSts, requireTls: after.length > 0 ? isRequireTls(after) : null, verdict, reasons, rules };
    });
    return {
      host: h.host, preference: h.preference, kind: h.kind, cname: h.cname,
      dnssec: { a: h.a?.status ?? 'insecure', aaaa: h.aaaa?.status ?? 'insecure', tlsa: h.tlsa?.status ?? 'insecure' },
      addresses: addrs, error: h.error,
    };
  });

  // --- findings about each MX host ---
  for (const [i, h] of hosts.entries()) {
    const m = mxOut[i];
    if (!m) continue;
    const chains = m.addresses.flatMap((a) => (a.scan?.certificates ?? []).map((c) => parseChain(c.chainDer ?? []))).filter((c) => c.length > 0);
    const uniq = [...new Map(chains.map((c) => [c[0]?.fingerprint256 ?? '', c])).values()];
    const tlsaFix = uniq.length > 0 ? recommendedTlsa(h.tlsaName, uniq).join('\n') : null;
    if (h.kind === 'ip-literal') add('dns', 'mx-ip-literal', 'high', `MX ${h.host} is an IP address`, `An MX record must name a host (RFC 5321 §5.1, RFC 7505 §3): some senders refuse it, others (Postfix, with a warning) connect to the address without any TLSA lookup, so DANE does not protect this MX.`, { host: h.host, fix: `; replace it with a host name, e.g.: ${domain}. IN MX ${h.preference} mx.${domain}.\n; mx.${domain}. IN A ${h.host}` });
    if (h.kind === 'mx' && h.cname.length > 0) add('dns', 'mx-cname', 'medium', `MX ${h.host} is a CNAME`, `${h.host} → ${h.cname.join(' → ')}. RFC 2181 §10.3 says an MX must point at a name with address records; most senders follow the CNAME, some refuse. DANE senders look for TLSA records at ${h.cname[h.cname.length - 1] ?? ''} first (RFC 7672 §2.2.2).`, { host: h.host, fix: `${domain}. IN MX ${h.preference} ${h.cname[h.cname.length - 1] ?? h.host}.` });
    if (h.kind !== 'ip-literal' && h.addresses.length === 0 && h.error === null) add('dns', 'mx-no-address', 'high', `MX ${h.host} has no address`, `Neither A nor AAAA records: senders skip this MX${mxOut.length === 1 ? ', so no mail can be delivered' : ''}.`, { host: h.host });
    if (h.error !== null) add('dns', 'mx-address-lookup-failed', 'high', `The address lookup of ${h.host} failed`, h.error, { host: h.host });
    if (h.a?.status === 'bogus' || h.aaaa?.status === 'bogus') add('dns', 'dnssec-bogus-host', 'critical', `The addresses of ${h.host} fail DNSSEC validation`, 'Validating senders cannot resolve this MX and defer.', { host: h.host });
    for (const a of m.addresses) {
      if (a.skipped !== null) add('dns', 'address-special', 'high', `${h.host} has a special-purpose address`, `${a.address} is ${a.skipped.replace(/: not reachable.*$/, '')} (RFC 6890): no sender on the Internet can reach it; it was not scanned.`, { host: h.host, addresses: [a.address] });
      else if (a.reachable === false) add('scan', 'address-unreachable', m.addresses.every((x) => x.reachable === false) ? 'high' : 'medium', `${h.host} [${a.address}] is unreachable on port 25`, a.scan?.error ?? 'no connection', { host: h.host, addresses: [a.address] });
    }
    // DANE
    const t = h.tlsa;
    const tlsaRecs = t?.records.flatMap((r) => (r.type === 'TLSA' ? [r] : [])) ?? [];
    if (t && tlsaRecs.length > 0 && t.status === 'insecure') add('dane', 'tlsa-insecure', 'medium', `TLSA published for ${h.host}, but the zone is not signed`, `${h.tlsaName} has ${tlsaRecs.length} TLSA record(s), but the answer is not DNSSEC-validated, so senders ignore them (RFC 7672 §2.2): DANE does not protect this MX. Sign the zone and publish its DS at the parent.`, { host: h.host });
    if (t && t.cname.length > 0 && tlsaRecs.length > 0) add('dane', 'tlsa-cname', 'info', `The TLSA records of ${h.host} are under a CNAME`, `${h.tlsaName} → ${t.cname.join(' → ')}. That is allowed (RFC 7671 §7) when every link is signed, but a rollover then depends on the other zone.`, { host: h.host });
    if (t && (t.status === 'bogus' || (t.status === 'unknown' && m.addresses.some((a) => a.dnssec === 'secure')))) add('dane', 'tlsa-lookup-failed', 'critical', `The TLSA lookup of ${h.host} fails`, `${t.error ?? `${h.tlsaName} is bogus`}. A DANE sender cannot tell whether the MX requires DANE and defers (RFC 7672 §2.2.3).`, { host: h.host });
    const usableAddrs = m.addresses.filter((a) => a.dane.usable);
    const failing = usableAddrs.filter((a) => a.dane.matched === false);
    if (failing.length > 0) {
      add('dane', 'tlsa-no-match', 'critical', `No TLSA record of ${h.host} matches its certificate`, `A DANE sender defers all mail at ${failing.map((a) => a.address).join(', ')}: ${failing[0]?.dane.records.map((r) => `${r.text.slice(0, 16)}…: ${r.note}`).join('; ') ?? ''}. Publish records for the certificate the server serves now (and keep the old ones until caches expire).`, { host: h.host, addresses: failing.map((a) => a.address), fix: tlsaFix });
    }
    const usableRecs = m.addresses[0]?.dane.records.filter((r) => r.usable) ?? [];
    if (usableAddrs.length > 0 && failing.length === 0 && !rolloverReady(usableRecs.map((r) => ({ usage: r.usage, usable: r.usable })))) {
      add('dane', 'tlsa-no-rollover', 'low', `The TLSA records of ${h.host} are not ready for a key rollover`, 'Only one usable record: replacing the key or the certificate breaks DANE until the new record is published and old copies expire. Publish 3 1 1 of the current key together with 2 1 1 of its issuer (or a second 3 1 1 of the next key) (RFC 7671 §8.1).', { host: h.host, fix: tlsaFix });
    }
    if (tlsaRecs.length > 0 && tlsaRecs.every((r) => r.usage === 0 || r.usage === 1)) add('dane', 'tlsa-unusable', 'medium', `The TLSA records of ${h.host} are all PKIX-TA/PKIX-EE`, 'RFC 7672 §3.1.3: usages 0 and 1 are unusable for SMTP; DANE senders then require TLS but authenticate nothing. Publish DANE-EE(3) or DANE-TA(2) records.', { host: h.host, fix: tlsaFix });
    if (h.kind !== 'ip-literal' && t && t.status === 'secure' && tlsaRecs.length === 0 && m.addresses.some((a) => a.dnssec === 'secure')) {
      add('dane', 'dane-absent', 'low', `${h.host} is DNSSEC-signed but publishes no TLSA`, `Its zone is signed, so publishing TLSA records is all that stands between senders and authenticated TLS to this MX (RFC 7672).`, { host: h.host, fix: tlsaFix });
    }
    // MTA-STS per host
    if (policyApplies && policy) {
      const bad = m.addresses.filter((a) => a.mtaSts.match === false);
      if (bad.length > 0) {
        const sev: Severity = policy.mode === 'enforce' ? 'critical' : policy.mode === 'testing' ? 'medium' : 'info';
        const nameBad = bad.some((a) => a.mtaSts.nameMatches === false);
        add('mta-sts', nameBad ? 'mta-sts-mx-mismatch' : 'mta-sts-cert-invalid', sev,
          nameBad ? `${h.host} is not listed in the MTA-STS policy` : `${h.host} fails the MTA-STS certificate check`,
          `${bad[0]?.mtaSts.reason ?? ''}${policy.mode === 'enforce' ? ' Under mode enforce, MTA-STS senders refuse to deliver to it.' : ''}`,
          { host: h.host, addresses: bad.map((a) => a.address), fix: nameBad ? stsPolicyFix(policy.mode ?? 'testing', hosts, policy.maxAge) : `; serve a certificate valid for ${h.host} from a public CA, with its chain (smtpd_tls_chain_files)` });
      }
    }
  }
  if (mxL.status === 'insecure' && hosts.length > 0 && mxSource === 'mx') {
    add('dns', 'mx-unsigned', 'info', 'The MX records are not DNSSEC-signed', `An attacker on the path can replace the MX set of ${domain}; DANE still protects MX hosts whose own zones are signed (Postfix: smtp_tls_dane_insecure_mx_policy), and MTA-STS protects the rest.`);
  }

  // --- MTA-STS domain findings ---
  if (stsTxt.records.length === 0 && stsTxt.errors.length === 0 && !wantPolicy) {
    add('mta-sts', 'mta-sts-absent', mxSource === 'null-mx' ? 'info' : 'low', 'No MTA-STS policy', `Senders that do not do DANE (most large providers) deliver to ${domain} over TLS that an attacker on the path can strip (RFC 8461 §1). Publish a policy, first in mode testing.`, { fix: mxSource === 'null-mx' || hosts.length === 0 ? null : `${stsTxtFix(domain)}\n\n# ${policyUrl}\n${stsPolicyFix('testing', hosts, null)}` });
  }
  if (stsTxt.errors.length > 0) add('mta-sts', 'mta-sts-txt-invalid', policy?.mode === 'enforce' ? 'high' : 'medium', 'The MTA-STS TXT record is invalid', `${stsTxt.errors.join('; ')}. Senders then act as if ${domain} had no policy (RFC 8461 §3.1).`, { fix: stsTxtFix(domain) });
  if (policy && policy.text === null) {
    const e = stsErrors[stsErrors.length - 1];
    add('mta-sts', e?.code === 'EMTASTS_CERT' ? 'mta-sts-policy-cert' : 'mta-sts-policy-unavailable', 'high', e?.code === 'EMTASTS_CERT' ? 'The MTA-STS policy host has an invalid certificate' : 'The MTA-STS policy cannot be fetched',
      `${policyUrl}: ${e?.message ?? 'failed'}. Senders that have no cached policy treat ${domain} as having none; those with one cached keep applying it until max_age ends (RFC 8461 §3.3, §5.1).`, { host: `mta-sts.${domain}`, fix: e?.code === 'EMTASTS_CERT' ? `; serve https://mta-sts.${domain}/ with a certificate valid for mta-sts.${domain} from a public CA` : null });
  }
  if (policy && policy.text !== null && !policy.valid) add('mta-sts', 'mta-sts-policy-invalid', 'high', 'The MTA-STS policy file is invalid', `${policy.errors.join('; ')}. Senders ignore an invalid policy.`, { fix: stsPolicyFix(policy.mode ?? 'testing', hosts, policy.maxAge) });
  if (policy?.valid === true && policy.maxAge !== null && policy.maxAge < 86400 && policy.mode !== 'none') add('mta-sts', 'mta-sts-max-age-short', 'low', `MTA-STS max_age is ${policy.maxAge} s`, 'A policy cached for less than a day protects little: an attacker needs only wait for it to expire. RFC 8461 §3.2 suggests weeks (e.g. 604800 or more).', { fix: stsPolicyFix(policy.mode ?? 'testing', hosts, 604800) });
  if (policyApplies && policy?.mode === 'testing') add('mta-sts', 'mta-sts-testing', 'info', 'MTA-STS is in mode testing', 'Senders report failures (TLS-RPT) but still deliver. Switch to enforce once reports show no failures.');

  // --- TLS-RPT ---
  const rpt = parseTlsRpt(`_smtp._tls.${domain}`, rptL.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : [])));
  const rptFix = `_smtp._tls.${domain}. IN TXT "v=TLSRPTv1; rua=mailto:tls-reports@${domain}"`;
  if (rpt.errors.length > 0) add('tls-rpt', 'tlsrpt-invalid', 'low', 'The TLS-RPT record is invalid', `${rpt.errors.join('; ')}. Senders send no reports.`, { fix: rptFix });
  else if (rpt.record === null && mxSource !== 'null-mx') add('tls-rpt', 'tlsrpt-absent', 'info', 'No TLS-RPT record', 'Without one, nobody tells you when senders fail to deliver over TLS (RFC 8460).', { fix: rptFix });

  // --- the scan's own findings, once per kind ---
  const allAddrs = mxOut.flatMap((m) => m.addresses);
  const scanGroups = new Map<string, { f: ScanReport['findings'][number]; addrs: string[] }>();
  for (const a of allAddrs) for (const f of a.scan?.findings ?? []) {
    if (f.severity === 'info') continue;
    const g = scanGroups.get(f.id) ?? { f, addrs: [] };
    g.addrs.push(a.address);
    scanGroups.set(f.id, g);
  }
  for (const { f, addrs } of scanGroups.values()) add('scan', f.id, f.severity, f.title, f.detail, { addresses: addrs });

  // --- REQUIRETLS ---
  const ehloSeen = allAddrs.filter((a) => a.requireTls !== null);
  if (ehloSeen.length > 0 && ehloSeen.every((a) => a.requireTls === false)) add('scan', 'requiretls-absent', 'info', 'No MX offers REQUIRETLS', 'RFC 8689: a sender cannot ask for TLS to be required on every hop to the recipient. Postfix does not implement REQUIRETLS.');

  // --- DANE and DNSSEC summaries ---
  const scannedOrKnown = allAddrs.filter((a) => a.skipped === null);
  const withDane = scannedOrKnown.filter((a) => a.dane.usable);
  let daneStatus: CheckReport['dane']['status'];
  if (withDane.length === 0) daneStatus = hosts.some((h) => h.addresses.some((a) => a.dnssec === 'secure')) ? 'none' : 'not-applicable';
  else if (withDane.some((a) => a.dane.matched === false)) daneStatus = 'invalid';
  else if (withDane.length < scannedOrKnown.length) daneStatus = 'partial';
  else daneStatus = 'valid';
  if (daneStatus === 'partial') add('dane', 'dane-partial', 'medium', 'DANE protects only some MX addresses', `${scannedOrKnown.filter((a) => !a.dane.usable).map((a) => a.address).join(', ')} ${scannedOrKnown.length - withDane.length === 1 ? 'has' : 'have'} no usable TLSA record: an attacker who blocks the others makes DANE senders deliver there without authentication.`);
  const usableHosts = mxOut.filter((m) => m.addresses.some((a) => a.dane.usable));
  const ready = usableHosts.length === 0 ? null : usableHosts.every((m) => rolloverReady(m.addresses[0]?.dane.records ?? []));
  const daneDetail = {
    valid: 'every MX address has usable TLSA records that match its certificate: DANE senders deliver authenticated',
    partial: 'some MX addresses are protected by DANE, others are not',
    invalid: 'some MX addresses have TLSA records that do not match: DANE senders defer there',
    none: 'the MX hosts are DNSSEC-signed but publish no TLSA records',
    'not-applicable': 'the MX hosts are not DNSSEC-signed (or not validated): DANE does not apply',
  }[daneStatus];
  const hostsDnssec: Record<string, { address: DnssecStatus; tlsa: DnssecStatus }> = {};
  for (const h of hosts) hostsDnssec[h.host] = { address: h.kind === 'ip-literal' ? 'insecure' : weakest(h.a?.status ?? 'insecure', ...(h.aaaa && h.aaaa.records.length > 0 ? [h.aaaa.status] : [])), tlsa: h.tlsa?.status ?? 'insecure' };

  const sorted = bySeverity(findings);
  const verdict = domainVerdict(allAddrs, sorted, mxSource === 'null-mx');
  return {
    tool: { name: 'mailtls', version: VERSION },
    generatedAt: now.toISOString(),
    domain, profile,
    resolver: { servers: opts.servers.map(formatServer), local, validating: mxL.signedNotValidated ? false : mxL.status === 'secure' ? true : null },
    mxSource, domainCname: mxL.cname, mx: mxOut,
    dnssec: { mx: mxL.status, hosts: hostsDnssec },
    dane: { status: daneStatus, rolloverReady: ready, detail: daneDetail },
    mtaSts: { txt: stsTxt, policy, mode: stsMode, errors: stsErrors },
    tlsRpt: { record: rpt.record, valid: rpt.valid, rua: rpt.rua, errors: rpt.errors },
    findings: sorted,
    verdict,
    stats: {
      durationMs: Date.now() - started, dnsQueries: client.queries, scans: scans.size,
      connections: [...scans.values()].reduce((n, s) => n + s.stats.connections, 0), scanMs,
    },
  };
}

function addressDane(h: HostDns, addressStatus: DnssecStatus, chains: X509Certificate[][], starttls: boolean | null, reachable: boolean | null, now: Date): AddressDane {
  const base = { tlsaName: h.tlsaName, tlsaDnssec: h.tlsa?.status ?? 'insecure' };
  // Resolvers rotate RRsets: DANE-EE first, then by content, the same order each run.
  const recs = (h.tlsa?.records.flatMap((r) => (r.type === 'TLSA' ? [r] : [])) ?? [])
    .sort((x, y) => y.usage - x.usage || x.selector - y.selector || x.matchingType - y.matchingType || (x.data < y.data ? -1 : 1));
  const judged = judgeTlsa(recs, chains, h.names, now);
  const none = (reason: string): AddressDane => ({ ...base, usable: false, matched: null, records: judged.results, sender: 'opportunistic', reason });
  if (h.kind === 'ip-literal') return none('an MX that is an IP address has no TLSA records');
  if (addressStatus !== 'secure') return none(`the address records are ${addressStatus}: DANE does not apply (RFC 7672 §2.2.2)`);
  const t = h.tlsa;
  if (!t) return none('no TLSA lookup');
  if (t.status === 'bogus' || t.status === 'unknown') return { ...base, usable: false, matched: null, records: judged.results, sender: 'defer', reason: `the TLSA lookup ${t.status === 'bogus' ? 'is bogus' : 'failed'}: a DANE sender defers (RFC 7672 §2.2.3)` };
  if (t.status !== 'secure') return none(`the TLSA records are ${t.status}: ignored`);
  if (recs.length === 0) return none('no TLSA records: opportunistic TLS');
  const anyUsable = judged.results.some((r) => r.usable);
  if (reachable === true && starttls !== true) return { ...base, usable: anyUsable, matched: anyUsable ? false : null, records: judged.results, sender: 'defer', reason: 'TLSA records require TLS, but the server offers no STARTTLS' };
  if (!anyUsable) return { ...base, usable: false, matched: null, records: judged.results, sender: 'encrypted', reason: 'TLSA records exist but none is usable: a DANE sender requires TLS without authentication (RFC 7672 §2.2)' };
  if (judged.allMatch === null) return { ...base, usable: true, matched: null, records: judged.results, sender: 'defer', reason: 'no certificate was seen to match' };
  return judged.allMatch
    ? { ...base, usable: true, matched: true, records: judged.results, sender: 'authenticated', reason: 'a usable TLSA record matches every certificate the server serves' }
    : { ...base, usable: true, matched: false, records: judged.results, sender: 'defer', reason: 'a certificate the server serves matches no usable TLSA record' };
}

function addressMtaSts(h: HostDns, chainsDer: string[][], starttls: boolean | null, policy: StsPolicy | null, store: TrustStore, now: Date): AddressMtaSts {
  if (!policy || policy.mode === 'none') return { match: null, nameMatches: null, certificateValid: null, reason: policy ? 'policy mode none' : 'no MTA-STS policy applies' };
  // RFC 8461 §4.1: the MX host name as published (an implicit MX: the domain) against the patterns.
  const nameMatches = h.kind !== 'ip-literal' && policy.mx.some((p) => mxMatchesPattern(h.host, p));
  const certs = chainsDer.map((d) => describeCertificate(d.map((b) => Buffer.from(b, 'base64')), h.host, [], now, store));
  const bad = certs.find((c) => !c || !c.trusted || c.nameMatches !== true);
  const certificateValid = certs.length === 0 ? (starttls === false ? false : null) : bad === undefined;
  const reasons: string[] = [];
  if (!nameMatches) reasons.push(`${h.host} matches none of the policy's mx patterns (${policy.mx.join(', ') || 'none'})`);
  if (starttls === false) reasons.push('no STARTTLS');
  if (bad) reasons.push(bad.trusted ? `the certificate does not name ${h.host}` : `the certificate is not PKIX-valid: ${bad.trustError ?? 'untrusted'}`);
  const match = nameMatches && certificateValid === true;
  return { match, nameMatches, certificateValid, reason: reasons.length > 0 ? reasons.join('; ') : `listed in the policy, certificate valid for ${h.host}` };
}

function stsTxtFix(domain: string): string {
  const id = new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14);
  return `_mta-sts.${domain}. IN TXT "v=STSv1; id=${id}"`;
}

function stsPolicyFix(mode: string, hosts: readonly HostDns[], maxAge: number | null): string {
  const names = [...new Set(hosts.filter((h) => h.kind !== 'ip-literal').map((h) => h.host))];
  return ['version: STSv1', `mode: ${mode === 'none' ? 'testing' : mode}`, ...names.map((n) => `mx: ${n}`), `max_age: ${Math.max(maxAge ?? 604800, 86400)}`, ''].join('\n');
}
