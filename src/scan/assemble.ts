/**
 * The scan report from what the probes learnt: protocol results, the side observations
 * (observations.ts), the certificates, the full session's facts. Pure: the engine does the
 * probing and hands everything over as data; the findings (findings.ts) and the derived
 * vulnerability verdicts (vulns/derived.ts) are computed here from the report itself.
 */
import type { MailtlsError } from '../errors.js';
import { groupByCode } from '../wire/registry/groups.js';
import { formatSuiteCode } from '../wire/registry/cipher-suites.js';
import { targetRole, type ScanTarget } from './context.js';
import { scanFindings } from './findings.js';
import { allVulns } from './vulns/verdicts.js';
import type { Observations } from './observations.js';
import type {
  CertificateResult, GroupResult, MailboxFacts, PacingReport, ProbeError, ProtocolName, ProtocolResult, ScanReport, SmtpFacts, TlsFacts, UnfinishedProbe, VulnResult,
} from './types.js';

export interface ScanResults {
  readonly target: ScanTarget;
  /** The address scanned. */
  readonly ip: string;
  /** One result per protocol, oldest first: SSLv2, SSLv3, TLS 1.0, 1.1, 1.2, 1.3. */
  readonly protocols: readonly ProtocolResult[];
  /** Did any TLS 1.3 suite get accepted? */
  readonly tls13Offered: boolean;
  /** The TLS 1.3 group enumeration (null when TLS 1.3 is not offered). */
  readonly groups13: { readonly order: readonly number[]; readonly serverPreference: boolean | null } | null;
  readonly observations: Observations;
  readonly fallbackScsv: boolean | null;
  readonly certificates: readonly CertificateResult[];
  /** The full session's facts (discover-smtp.ts, discover-mailbox.ts). */
  readonly smtp: SmtpFacts | null;
  readonly mailbox: MailboxFacts | null;
  readonly ticket: boolean | null;
  /** What stopped the scan: the context's fatal error, else the full session's. */
  readonly fatal: MailtlsError | null;
  readonly errors: readonly ProbeError[];
  /** Probes that got no connection (the context's list). */
  readonly unfinished?: readonly UnfinishedProbe[];
  readonly pacing?: PacingReport;
  /** --vulns: the verdicts of the probes that needed connections. */
  readonly probedVulns: readonly VulnResult[];
  readonly stats: ScanReport['stats'];
}

const PROTOCOL_RANK: readonly string[] = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3', 'SSLv2'];

/**
 * Probes of all protocols run at once, so the order in which they first saw a certificate or a
 * group is a race; reports list protocols newest first instead, the same in every run.
 */
export function newestFirst<T extends string>(labels: T[]): T[] {
  const rank = (l: string) => {
    const i = PROTOCOL_RANK.indexOf(l.split(' ')[0] ?? '');
    return i < 0 ? PROTOCOL_RANK.length : i;
  };
  return labels.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** TLS 1.3 groups in the server's order (when enumerated), then those seen only in TLS 1.2 ServerKeyExchanges. */
export function groupResults(obs: Observations, groups13: ScanResults['groups13']): GroupResult[] {
  const groups: GroupResult[] = [];
  const groupOrder = groups13 ? [...groups13.order, ...[...obs.groups.keys()].filter((g) => !groups13.order.includes(g))] : [...obs.groups.keys()];
  for (const code of groupOrder) {
    const g = groupByCode(code);
    const protocols = newestFirst([...(obs.groups.get(code) ?? new Set<ProtocolName>(['TLSv1.3']))]);
    groups.push({
      name: g?.name ?? formatSuiteCode(code), code: formatSuiteCode(code),
      kind: g?.kind === 'ec' ? 'ECDHE' : g?.kind === 'ff' ? 'FFDHE' : g?.kind === 'hybrid' || g?.kind === 'pq' ? 'hybrid' : 'other',
      bits: g?.bits ?? null, protocols,
    });
  }
  return groups;
}

export function tlsFacts(obs: Observations, r: Pick<ScanResults, 'ticket' | 'fallbackScsv' | 'tls13Offered'>): TlsFacts {
  const legacy = obs.legacyAccepted > 0;
  return {
    secureRenegotiation: legacy ? obs.reneg : null,
    extendedMasterSecret: legacy ? obs.ems : null,
    encryptThenMac: obs.cbcPicks > 0 ? obs.etm : null,
    // TLS ≤1.2: the ServerHello echoes the session_ticket extension (RFC 5077 section 3.2); TLS 1.3
    // tickets come only after the handshake, so the full session tells (RFC 8446 section 4.6.1).
    sessionTickets: obs.tickets || r.ticket === true ? true : legacy || r.ticket === false ? false : null,
    compression: obs.compression === null ? null : obs.compression === 0 ? 'none' : obs.compression === 1 ? 'DEFLATE' : `method ${obs.compression}`,
    fallbackScsv: r.fallbackScsv,
    dhBits: obs.dhBits,
    dhBitsSuites: [...obs.dhSuites].sort(),
    helloRetryRequest: r.tls13Offered ? obs.hrr : null,
  };
}

/** Why the report is incomplete, or null: what stopped the scan, else no handshake at all, else a protocol not fully enumerated. */
export function incompleteReason(protocols: readonly ProtocolResult[], fatal: MailtlsError | null, errors: readonly ProbeError[]): string | null {
  const anyOffered = protocols.some((p) => p.offered === true);
  const broken = protocols.find((p) => p.error !== undefined);
  return fatal ? fatal.toLine()
    : !anyOffered && errors.length > 0 ? `no TLS handshake succeeded (${errors[0]?.code}: ${errors[0]?.message})`
    : broken ? `${broken.version} could not be enumerated completely: ${broken.error ?? ''}`
    : null;
}

/** The report, findings and vulnerability verdicts included. */
export function assembleReport(r: ScanResults): ScanReport {
  const obs = r.observations;
  const protocols = [...r.protocols];
  const error = incompleteReason(protocols, r.fatal, r.errors);
  const base = {
    target: targetFacts(r.target, r.ip),
    complete: error === null,
    error,
    protocols, groups: groupResults(obs, r.groups13), certificates: [...r.certificates], tls: tlsFacts(obs, r), smtp: r.smtp, mailbox: r.mailbox,
    errors: [...r.errors],
  };
  const heartbeat = obs.heartbeatAsked > 0 ? obs.heartbeat : null;
  const vulns = allVulns(base, { sentinel: obs.sentinel, dhPrimes: [...obs.dhPrimes.values()], dhAuthBits: obs.dhAuthBits, fallbackProbed: obs.fallbackProbed, heartbeat }, r.probedVulns);
  const findings = scanFindings({ ...base, vulns, findings: [], stats: { connections: 0, durationMs: 0 } }, { groupsServerPreference: r.groups13?.serverPreference ?? null });
  return {
    ...base, findings, vulns,
    ...(r.unfinished !== undefined ? { unfinished: [...r.unfinished] } : {}),
    ...(r.pacing !== undefined ? { pacing: r.pacing } : {}),
    stats: r.stats,
  };
}

/** The report of a scan that could not start (the name did not resolve). */
export function emptyReport(target: ScanTarget, ip: string | null, error: string, durationMs: number): ScanReport {
  return {
    target: targetFacts(target, ip),
    complete: false, error,
    protocols: [], groups: [], certificates: [],
    tls: { secureRenegotiation: null, extendedMasterSecret: null, encryptThenMac: null, sessionTickets: null, compression: null, fallbackScsv: null, dhBits: null, dhBitsSuites: [], helloRetryRequest: null },
    smtp: null, mailbox: null, findings: [], errors: [], stats: { connections: 0, durationMs },
  };
}

export function targetFacts(target: ScanTarget, ip: string | null): ScanReport['target'] {
  const protocol = target.protocol ?? 'smtp';
  return { host: target.host, ip, port: target.port, starttls: target.starttls ? protocol : null, protocol, role: targetRole(target) };
}
