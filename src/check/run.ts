/**
 * `mailtls check DOMAIN`: the domain as a sending MTA sees it. DNS first (MX with null MX and the
 * implicit MX, CNAMEs, A/AAAA, TLSA, each with its DNSSEC status), then every address of every
 * MX scanned on port 25 by the scanner (src/scan), all at once within bounds, while the MTA-STS
 * policy is fetched alongside; then what a DANE sender, an MTA-STS sender and an ordinary one
 * would do at each address, findings with the records to publish, and verdicts. This module
 * gathers (DNS, the policy fetch, the scans); the decisions are pure modules: `mx-set.ts`,
 * `judge.ts` (with `dane.ts`, `mta-sts-policy.ts`, `verdict.ts`) and `findings/`.
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { DnsClient } from '../dns/client.js';
import { formatServer } from '../dns/resolv-conf.js';
import type { DnsServer } from '../dns/types.js';
import { MailtlsError, toMailtlsError } from '../errors.js';
import { scanHost } from '../scan/engine.js';
import { drownAcross } from '../scan/vulns/derived.js';
import { loadTrustStore, pemCertificates, type TrustStore } from '../scan/trust-store.js';
import type { ScanOptions } from '../scan/context.js';
import type { ScanReport } from '../scan/types.js';
import { VERSION } from '../version.js';
import { isLoopback, scanRefusal } from './addresses.js';
import { daneSummary } from './dane.js';
import { checkFindings } from './findings/all.js';
import type { StsFacts } from './findings/mta-sts.js';
import { sortAddresses, type HostDns } from './host-dns.js';
import { judgeMx, type ScanOutcome } from './judge.js';
import { lookup, weakest } from './lookup.js';
import { fetchPolicyText } from './mta-sts.js';
import { parsePolicy, parseStsTxt } from './mta-sts-policy.js';
import { MAX_ADDRESSES_PER_HOST, mxSet, type MxHostWanted } from './mx-set.js';
import { parseTlsRpt } from './tls-rpt.js';
import { DEFAULT_PROFILE, domainVerdict } from './verdict.js';
import type { CheckReport, DnssecStatus, StsPolicy, StsTxt } from './types.js';

export { MAX_ADDRESSES_PER_HOST, MAX_MX_HOSTS } from './mx-set.js';

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

/** One MX host's addresses and TLSA records (RFC 7672 §2.2.2: through a secure CNAME, the target's TLSA first). */
async function resolveHost(client: DnsClient, w: MxHostWanted): Promise<HostDns> {
  const { host, preference, kind } = w;
  const tlsaName = `_25._tcp.${host}`;
  if (kind === 'ip-literal') {
    const addresses = [{ address: host, family: isIP(host) === 6 ? 6 as const : 4 as const, dnssec: 'insecure' as const }];
    return { host, preference, kind, a: null, aaaa: null, tlsa: null, tlsaName, names: [host], cname: [], addresses, addressTotal: 1, error: null };
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
  return {
    host, preference, kind, a, aaaa, tlsa, tlsaName: usedName, names, cname,
    addresses: addresses.slice(0, MAX_ADDRESSES_PER_HOST), addressTotal: addresses.length, error: err !== '' ? err : null,
  };
}

/** The policy file from the policy host's addresses in turn (RFC 8461 §3.3), or why it could not be had. */
async function fetchPolicy(
  client: DnsClient, domain: string, url: string, o: { local: boolean; ca: string[]; timeoutMs: number },
): Promise<{ policy: StsPolicy; error: { code: string; message: string } | null }> {
  const host = `mta-sts.${domain}`;
  const [a, aaaa] = await Promise.all([lookup(client, host, 'A'), lookup(client, host, 'AAAA')]);
  const addrs = [...a.records, ...aaaa.records].flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.address] : []));
  const fail = (code: string, message: string) => ({
    policy: { url, text: null, version: null, mode: null, maxAge: null, mx: [], valid: false, errors: [message], address: null },
    error: { code, message },
  });
  if (addrs.length === 0) return fail('EMTASTS_FETCH', `${host} has no address (${a.error ?? a.rcode})`);
  let last: MailtlsError | null = null;
  for (const address of addrs) {
    const refused = scanRefusal(address, o.local);
    if (refused !== null) { last = new MailtlsError('ENOTALLOWED', `${address}: ${refused}`, { place: { host, port: 443 } }); continue; }
    try {
      const text = await fetchPolicyText({ host, address, ca: o.ca, timeoutMs: o.timeoutMs });
      return { policy: parsePolicy(url, text, address), error: null };
    } catch (err) {
      last = toMailtlsError(err, 'EMTASTS_FETCH', { host, port: 443 });
      // A certificate or HTTP problem is the policy host's answer; another address would not change it.
      if (!['ECONNREFUSED', 'ETIMEOUT', 'EMTASTS_FETCH'].includes(last.code)) break;
    }
  }
  return fail(last?.code ?? 'EMTASTS_FETCH', `${last?.toLine() ?? 'no address could be reached'}`);
}

/** Every address of every MX scanned once on port 25, all at once within bounds; special-purpose ones skipped. */
async function scanAll(
  hosts: readonly HostDns[],
  o: { local: boolean; concurrency: number; scan: Partial<ScanOptions> | undefined; store: TrustStore; progress: (m: string) => void },
) {
  const byAddress = new Map<string, { host: string; refusal: string | null }>();
  for (const h of hosts) {
    for (const a of h.addresses) {
      if (!byAddress.has(a.address)) byAddress.set(a.address, { host: h.kind === 'ip-literal' ? a.address : h.host, refusal: scanRefusal(a.address, o.local) });
    }
  }
  const toScan = [...byAddress.entries()].filter(([, v]) => v.refusal === null);
  o.progress(`scanning ${toScan.length} address${toScan.length === 1 ? '' : 'es'}`);
  const scans = new Map<string, ScanReport>();
  await pool(toScan, o.concurrency, async ([address, { host }]) => {
    const r = await scanHost({ host, address, port: 25, starttls: true, role: 'mx' }, { ...o.scan, keepChains: true, trustStore: o.store });
    scans.set(address, r);
  });
  // One certificate with SSLv2 on any of these addresses is DROWN on all that share it.
  const addresses = [...scans.keys()];
  drownAcross(addresses.map((a) => scans.get(a) ?? null)).forEach((r, i) => { if (r) scans.set(addresses[i] ?? '', r); });
  const outcome = (address: string): ScanOutcome => ({ skipped: byAddress.get(address)?.refusal ?? null, scan: scans.get(address) ?? null });
  return { scans, outcome };
}

function hostsDnssec(hosts: readonly HostDns[]): Record<string, { address: DnssecStatus; tlsa: DnssecStatus }> {
  const out: Record<string, { address: DnssecStatus; tlsa: DnssecStatus }> = {};
  for (const h of hosts) {
    const address = h.kind === 'ip-literal' ? 'insecure' : weakest(h.a?.status ?? 'insecure', ...(h.aaaa && h.aaaa.records.length > 0 ? [h.aaaa.status] : []));
    out[h.host] = { address, tlsa: h.tlsa?.status ?? 'insecure' };
  }
  return out;
}

export async function checkDomain(input: string, opts: CheckOptions): Promise<CheckReport> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const domain = normalizeDomain(input);
  const profile = opts.profile ?? DEFAULT_PROFILE;
  const client = new DnsClient({ servers: opts.servers, timeoutMs: opts.dnsTimeoutMs ?? 3000 });
  const local = opts.allowLoopback ?? opts.servers.every((s) => isLoopback(s.address));
  const { store, pems } = combinedStore(opts.caPem);
  const progress = opts.onProgress ?? (() => undefined);

  // --- phase 1: the MX set, and the MTA-STS and TLS-RPT records, at once ---
  progress('DNS');
  const [mxL, stsL, rptL] = await Promise.all([
    lookup(client, domain, 'MX'), lookup(client, `_mta-sts.${domain}`, 'TXT'), lookup(client, `_smtp._tls.${domain}`, 'TXT'),
  ]);
  const mxs = mxSet(domain, mxL);

  // --- MTA-STS TXT, then the policy fetch, alongside everything else ---
  const stsTexts = stsL.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
  const stsTxt: StsTxt = { ...parseStsTxt(`_mta-sts.${domain}`, stsTexts), dnssec: stsL.status };
  const wantPolicy = stsTxt.records.length > 0 || stsTexts.some((t) => /sts/i.test(t));
  const policyUrl = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const policyP = wantPolicy ? fetchPolicy(client, domain, policyUrl, { local, ca: pems, timeoutMs: opts.httpsTimeoutMs ?? 10_000 }) : Promise.resolve(null);

  // --- phase 2: every MX host's addresses and TLSA records ---
  const hosts = await Promise.all(mxs.hosts.map((h) => resolveHost(client, h)));

  // --- phase 3: scan every address once, all at once within bounds ---
  const scanStarted = Date.now();
  const { scans, outcome } = await scanAll(hosts, { local, concurrency: opts.concurrency ?? 8, scan: opts.scan, store, progress });
  const scanMs = Date.now() - scanStarted;
  const fetched = await policyP;
  const policy = fetched?.policy ?? null;
  const stsErrors = [...(stsL.error !== null ? [{ code: stsL.rcode, message: stsL.error }] : []), ...(fetched?.error ? [fetched.error] : [])];

  // --- phase 4: each address as each kind of sender sees it; findings; verdicts ---
  const policyApplies = stsTxt.valid && policy !== null && policy.valid;
  const stsMode = policy?.valid === true ? policy.mode : null;
  const mx = hosts.map((h) => judgeMx(h, outcome, { policy: policyApplies ? policy : null, profile, store, now }));
  const dane = daneSummary(mx);
  const sts: StsFacts = { txt: stsTxt, wanted: wantPolicy, policy, applies: policyApplies, errors: stsErrors, url: policyUrl };
  const rpt = parseTlsRpt(`_smtp._tls.${domain}`, rptL.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : [])));
  const resolver = formatServer(opts.servers[0] ?? { address: '?', port: 53 });
  const findings = checkFindings({
    domain, mx: mxL, mxSet: mxs, resolver, hosts, judged: mx, sts, tlsRpt: rpt, dane: { status: dane.dane.status, unprotected: dane.unprotected }, now,
  });
  const verdict = domainVerdict(mx.flatMap((m) => m.addresses), findings, mxs.source === 'null-mx');
  return {
    tool: { name: 'mailtls', version: VERSION },
    generatedAt: now.toISOString(),
    domain, profile,
    resolver: { servers: opts.servers.map(formatServer), local, validating: mxL.signedNotValidated ? false : mxL.status === 'secure' ? true : null },
    mxSource: mxs.source, domainCname: mxL.cname, mx,
    dnssec: { mx: mxL.status, hosts: hostsDnssec(hosts) },
    dane: dane.dane,
    mtaSts: { txt: stsTxt, policy, mode: stsMode, errors: stsErrors },
    tlsRpt: { record: rpt.record, valid: rpt.valid, rua: rpt.rua, errors: rpt.errors },
    findings,
    verdict,
    stats: {
      durationMs: Date.now() - started, dnsQueries: client.queries, scans: scans.size,
      connections: [...scans.values()].reduce((n, s) => n + s.stats.connections, 0), scanMs,
    },
  };
}
