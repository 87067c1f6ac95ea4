/**
 * The vulnerabilities a scan can judge from what it learnt anyway, at no extra connection: the
 * accepted protocols and suites, the ServerHello facts (compression, renegotiation_info, the
 * downgrade sentinel), the key exchange parameters and the certificates. Pure: the report and
 * a few side observations in, verdicts out.
 */
import { getDiffieHellman } from 'node:crypto';
import { bySeverity } from '../../severity.js';
import { DOVECOT_ADVICE, POSTFIX_ADVICE } from '../advice.js';
import { cipherSuiteByCode, type CipherSuite } from '../../wire/registry/cipher-suites.js';
import type { CipherRef, Finding, ProtocolName, ProtocolResult, ScanReport, VulnResult, VulnStatus } from '../types.js';
import { place } from '../../finding.js';
import { primeBits, primeHex, sharedDhPrime } from './common-primes.js';

/** What the engine saw beside the report's own data. */
export interface DerivedFacts {
  /**
   * Lower-version ServerHellos of a server that also speaks TLS 1.3, by protocol: how many
   * carried the RFC 8446 section 4.1.3 sentinel and how many did not.
   */
  readonly sentinel: ReadonlyMap<ProtocolName, { readonly with: number; readonly without: number }>;
  /** DH primes seen in ServerKeyExchange messages (big-endian bytes); anon: only anonymous suites got it. */
  readonly dhPrimes: readonly { readonly p: Uint8Array; readonly anon: boolean }[];
  /** Smallest DH prime of an authenticated suite, bits (null: none seen). */
  readonly dhAuthBits: number | null;
  /** The fallback probe ran (it is one of the scan's own connections). */
  readonly fallbackProbed: boolean;
  /** A TLS 1.0-1.2 ServerHello echoed the heartbeat extension; null: no such ServerHello was seen. */
  readonly heartbeat?: boolean | null;
}

export const NO_FACTS: DerivedFacts = { sentinel: new Map(), dhPrimes: [], dhAuthBits: null, fallbackProbed: false };

type Report = Pick<ScanReport, 'protocols' | 'tls' | 'certificates'>;

const result = (id: string, name: string, cve: string | null, status: VulnStatus, why: string, connections = 0, informational = false): VulnResult =>
  ({ id, name, cve, status, why, connections, ...(informational ? { informational: true } : {}) });

const LEGACY: readonly ProtocolName[] = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2'];

/**
 * Shared groups larger than 1024 bits, named in the verdict's reason only: the Oakley groups of
 * RFC 3526 as node:crypto carries them. They are beyond the Logjam precomputation (weakdh.org);
 * the shared primes of 1024 bits or less are common-primes.ts.
 */
const LARGE_GROUPS = [['modp5', 'RFC 3526 group 5 (1536 bits)'], ['modp14', 'RFC 3526 group 14 (2048 bits)'],
  ['modp15', 'RFC 3526 group 15 (3072 bits)'], ['modp16', 'RFC 3526 group 16 (4096 bits)']] as const;

/**
 * Built on first use, not at load: OpenSSL 3 checks each prime when node:crypto hands out a
 * group (tens of ms on a small machine), and most scans meet no DHE at all;
 * `mailtls scan --help` paid it at every start.
 */
let largePrimes: readonly { readonly name: string; readonly hex: string }[] | null = null;
const largeOnce = () => (largePrimes ??= LARGE_GROUPS.map(([g, name]) => ({ name, hex: getDiffieHellman(g).getPrime('hex').toUpperCase() })));

/** The name of a well-known DH prime of any size (shared ones of 1024 bits or less first), or null. */
export function commonPrimeName(p: Uint8Array): string | null {
  const shared = sharedDhPrime(p);
  if (shared !== null) return shared.name;
  const hex = primeHex(p);
  return largeOnce().find((c) => c.hex === hex)?.name ?? null;
}

function suitesOf(protocols: readonly ProtocolResult[], versions: readonly ProtocolName[], pred: (s: CipherSuite) => boolean): { protocol: ProtocolName; names: string[] }[] {
  const out: { protocol: ProtocolName; names: string[] }[] = [];
  for (const p of protocols) {
    if (!versions.includes(p.version) || p.offered !== true) continue;
    const names = p.ciphers.filter((c: CipherRef) => {
      const s = cipherSuiteByCode(parseInt(c.code, 16));
      return s !== undefined && pred(s);
    }).map((c) => c.openssl ?? c.iana);
    if (names.length > 0) out.push({ protocol: p.version, names });
  }
  return out;
}

function where(found: { protocol: ProtocolName; names: string[] }[], max = 4): string {
  return found.map((f) => `${f.protocol}: ${f.names.slice(0, max).join(', ')}${f.names.length > max ? ` and ${f.names.length - max} more` : ''}`).join('; ');
}

/**
 * Logjam (CVE-2015-4000, weakdh.org): export DH suites (512-bit DH by design), or a DH prime of
 * 1024 bits or less that many servers share, so that one precomputation breaks them all (Adrian
 * et al., CCS 2015). A unique prime of 1024 bits needs a precomputation of its own: that is a
 * weakness by size, which the weak-dh finding reports, not Logjam (testssl.sh judges it so too).
 * Judged on authenticated suites: an anonymous suite is open to a man in the middle without any
 * DH break (the anon-ciphers finding), and OpenSSL gives those smaller automatic parameters.
 */
function logjam(exportDh: { protocol: ProtocolName; names: string[] }[], anyDhBits: number | null, facts: DerivedFacts,
  notFound: (why: string) => { status: VulnStatus; why: string }): VulnResult {
  const lj = (status: VulnStatus, why: string) => result('logjam', 'Logjam (weak DH)', 'CVE-2015-4000', status, why);
  const dh = facts.dhAuthBits;
  const primeNames = (anon: boolean) => [...new Set(facts.dhPrimes.filter((x) => x.anon === anon).map((x) => commonPrimeName(x.p)).filter((n): n is string => n !== null))];
  const common = primeNames(false);
  const commonNote = common.length > 0 ? `; well-known prime${common.length > 1 ? 's' : ''}: ${common.join(', ')}` : '';
  const anonDh = anyDhBits !== null && (dh === null || anyDhBits < dh) ? anyDhBits : null;
  const anonNote = anonDh !== null ? ` (anonymous suites get ${anonDh}-bit DH${primeNames(true).length ? `, ${primeNames(true).join(', ')}` : ''}: unauthenticated anyway)` : '';
  if (exportDh.length > 0) return lj('vulnerable', `export DH suites accepted (${where(exportDh)})${commonNote}`);
  const auth = facts.dhPrimes.filter((x) => !x.anon);
  const shared = [...new Set(auth.map((x) => sharedDhPrime(x.p)).filter((s) => s !== null))];
  if (shared.length > 0) {
    const names = shared.map((s) => `${s.name}, ${s.bits} bits`).join('; ');
    return lj('vulnerable', `DHE with a prime that many servers share (${names}): one precomputation breaks them all`);
  }
  if (dh !== null && dh <= 1024) {
    // observations.ts keeps at most 16 primes: the small one may be among those it dropped.
    if (!auth.some((x) => primeBits(x.p) === dh)) return lj('unknown', `DHE with a ${dh}-bit prime that was not kept for comparison with the known shared primes`);
    const r = notFound(`no export DH suite, and the ${dh}-bit DHE prime is not a known shared group (a unique prime needs a precomputation of its own); its size is reported as a key-exchange weakness (weak-dh)${anonNote}`);
    return lj(r.status, r.why);
  }
  const r = notFound(dh === null ? `no export DH suite and no authenticated DHE key exchange seen${anonNote}` : `no export DH suite; DHE primes of ${dh} bits or more${commonNote}${anonNote}`);
  return lj(r.status, r.why);
}

/** Judges every vulnerability that needs no connection of its own. */
export function derivedVulns(report: Report, facts: DerivedFacts = NO_FACTS): VulnResult[] {
  const proto = (v: ProtocolName) => report.protocols.find((p) => p.version === v);
  const offered = (v: ProtocolName) => proto(v)?.offered === true;
  const unknownProtocols = report.protocols.filter((p) => p.offered === null).map((p) => p.version);
  const all = (pred: (s: CipherSuite) => boolean) => suitesOf(report.protocols, ['SSLv2', ...LEGACY, 'TLSv1.3'], pred);
  const legacyOffered = LEGACY.filter(offered);
  const out: VulnResult[] = [];
  // A judgement "not found" is only as good as the enumeration behind it.
  const notFound = (why: string): { status: VulnStatus; why: string } => unknownProtocols.length > 0
    ? { status: 'unknown', why: `${why}, but ${unknownProtocols.join(', ')} could not be enumerated` }
    : { status: 'not vulnerable', why };

  // Heartbleed (CVE-2014-0160): every TLS 1.0-1.2 scan hello offers the heartbeat extension; a
  // server that never echoes it takes no heartbeats. One that does needs the --vulns probe.
  const hb = facts.heartbeat ?? null;
  if (legacyOffered.length === 0) out.push(result('heartbleed', 'Heartbleed', 'CVE-2014-0160', 'not applicable', 'only TLS 1.3 is offered: heartbeats before the handshake completes need TLS 1.2 or older (and every TLS 1.3 stack postdates the fix)'));
  else if (hb === false) out.push(result('heartbleed', 'Heartbleed', 'CVE-2014-0160', 'not vulnerable', 'the server does not negotiate the heartbeat extension (RFC 6520), so it takes no heartbeat messages'));
  else out.push(result('heartbleed', 'Heartbleed', 'CVE-2014-0160', 'unknown', hb === true ? 'the server negotiates the heartbeat extension: --vulns tests it' : 'no TLS 1.0-1.2 ServerHello was seen (SSLv3 has no heartbeat); --vulns tests it'));

  // Secure renegotiation (RFC 5746, CVE-2009-3555): renegotiation_info in every legacy ServerHello.
  const sr = report.tls.secureRenegotiation;
  if (legacyOffered.length === 0) out.push(result('secure-renegotiation', 'Secure renegotiation (RFC 5746)', 'CVE-2009-3555', 'not applicable', 'no protocol below TLS 1.3 is offered (TLS 1.3 has no renegotiation)'));
  else if (sr === null) out.push(result('secure-renegotiation', 'Secure renegotiation (RFC 5746)', 'CVE-2009-3555', 'unknown', 'no ServerHello below TLS 1.3 was seen'));
  else out.push(result('secure-renegotiation', 'Secure renegotiation (RFC 5746)', 'CVE-2009-3555', sr ? 'not vulnerable' : 'vulnerable',
    sr ? 'the ServerHello carries renegotiation_info' : 'the ServerHello answers renegotiation_info without it: renegotiation is the insecure, pre-RFC 5746 kind'));

  // CRIME (CVE-2012-4929): the scan's hellos offer DEFLATE (RFC 3749) and record what the server chose.
  const comp = report.tls.compression;
  if (legacyOffered.length === 0) out.push(result('crime', 'CRIME (TLS compression)', 'CVE-2012-4929', 'not applicable', 'TLS 1.3 has no compression'));
  else if (comp === null) out.push(result('crime', 'CRIME (TLS compression)', 'CVE-2012-4929', 'unknown', 'no ServerHello below TLS 1.3 was seen'));
  else out.push(result('crime', 'CRIME (TLS compression)', 'CVE-2012-4929', comp === 'none' ? 'not vulnerable' : 'vulnerable',
    comp === 'none' ? 'offered DEFLATE, the server chose no compression' : `offered DEFLATE, the server chose ${comp}`));

  // POODLE (CVE-2014-3566): SSLv3's CBC padding is not covered by the MAC (RFC 7568).
  const ssl3 = proto('SSLv3');
  const ssl3Cbc = suitesOf(report.protocols, ['SSLv3'], (s) => s.cbc);
  if (ssl3?.offered === null || ssl3 === undefined) out.push(result('poodle', 'POODLE (SSLv3 with CBC)', 'CVE-2014-3566', 'unknown', 'SSLv3 could not be tested'));
  else if (ssl3Cbc.length > 0) out.push(result('poodle', 'POODLE (SSLv3 with CBC)', 'CVE-2014-3566', 'vulnerable', `SSLv3 with CBC suites (${where(ssl3Cbc)})`));
  else out.push(result('poodle', 'POODLE (SSLv3 with CBC)', 'CVE-2014-3566', 'not vulnerable', ssl3.offered ? 'SSLv3 is offered, but with no CBC suite' : 'SSLv3 is not offered'));

  // TLS_FALLBACK_SCSV (RFC 7507): judged by the scan's own fallback probe.
  const versions = [...LEGACY, 'TLSv1.3' as const].filter(offered);
  const fb = report.tls.fallbackScsv;
  if (versions.length < 2) out.push(result('fallback-scsv', 'TLS_FALLBACK_SCSV (RFC 7507)', null, 'not applicable', `only ${versions[0] ?? 'no protocol'} is offered: no fallback is possible`));
  else if (fb === null) out.push(result('fallback-scsv', 'TLS_FALLBACK_SCSV (RFC 7507)', null, 'unknown', 'the fallback probe got no clear answer', facts.fallbackProbed ? 1 : 0));
  else out.push(result('fallback-scsv', 'TLS_FALLBACK_SCSV (RFC 7507)', null, fb ? 'not vulnerable' : 'vulnerable',
    fb ? 'a lower-version hello with TLS_FALLBACK_SCSV was refused with inappropriate_fallback' : 'a lower-version hello with TLS_FALLBACK_SCSV was accepted: a downgrade goes unnoticed', 1));

  // SWEET32 (CVE-2016-2183, CVE-2016-6329): 64-bit block ciphers.
  const block64 = all((s) => /^(3DES|DES|IDEA|RC2)/.test(s.enc));
  out.push(block64.length > 0
    ? result('sweet32', 'SWEET32 (64-bit block ciphers)', 'CVE-2016-2183', 'vulnerable', `64-bit block ciphers accepted (${where(block64)})`)
    : result('sweet32', 'SWEET32 (64-bit block ciphers)', 'CVE-2016-2183', notFound('no 3DES, DES, IDEA or RC2 suite is accepted').status, notFound('no 3DES, DES, IDEA or RC2 suite is accepted').why));

  // FREAK (CVE-2015-0204): export RSA key exchange.
  const freak = all((s) => s.export && s.kx === 'RSA');
  const fr = notFound('no export RSA suite is accepted');
  out.push(freak.length > 0
    ? result('freak', 'FREAK (export RSA)', 'CVE-2015-0204', 'vulnerable', `export RSA suites accepted (${where(freak)})`)
    : result('freak', 'FREAK (export RSA)', 'CVE-2015-0204', fr.status, fr.why));

  out.push(logjam(all((s) => s.export && (s.kx === 'DHE' || s.kx === 'DH')), report.tls.dhBits, facts, notFound));

  // DROWN (CVE-2016-0800): SSLv2 on this service. (The same key on another service: drownAcross.)
  const v2 = proto('SSLv2');
  if (v2?.offered === true) out.push(result('drown', 'DROWN (SSLv2)', 'CVE-2016-0800', 'vulnerable', 'SSLv2 is offered on this service'));
  else if (v2 === undefined || v2.offered === null) out.push(result('drown', 'DROWN (SSLv2)', 'CVE-2016-0800', 'unknown', 'SSLv2 could not be tested'));
  else out.push(result('drown', 'DROWN (SSLv2)', 'CVE-2016-0800', 'not vulnerable', 'SSLv2 is not offered here; the certificate must not be served with SSLv2 elsewhere either'));

  // BEAST (CVE-2011-3389): CBC with the implicit IV of SSLv3 and TLS 1.0 (TLS 1.1 sends an explicit
  // IV, RFC 4346 section 1.1). Informational: clients split records since 2012 (1/n-1).
  const beast = suitesOf(report.protocols, ['SSLv3', 'TLSv1.0'], (s) => s.cbc);
  out.push(beast.length > 0
    ? result('beast', 'BEAST (CBC in SSLv3/TLS 1.0)', 'CVE-2011-3389', 'vulnerable', `CBC suites with an implicit IV (${where(beast)}); clients have mitigated this since 2012`, 0, true)
    : result('beast', 'BEAST (CBC in SSLv3/TLS 1.0)', 'CVE-2011-3389', 'not vulnerable', offered('SSLv3') || offered('TLSv1.0') ? 'SSLv3/TLS 1.0 offered without CBC suites' : 'neither SSLv3 nor TLS 1.0 is offered', 0, true));

  // LUCKY13 (CVE-2013-0169): MAC-then-encrypt CBC; whether the MAC check is constant-time only the
  // implementation tells (OpenSSL fixed it in 1.0.1d), so this is informational.
  const cbc = suitesOf(report.protocols, LEGACY, (s) => s.cbc);
  const etm = report.tls.encryptThenMac === true ? '; the server does encrypt-then-MAC (RFC 7366) for clients that ask' : '';
  out.push(cbc.length > 0
    ? result('lucky13', 'LUCKY13 (CBC)', 'CVE-2013-0169', 'vulnerable', `CBC suites accepted (${where(cbc)})${etm}`, 0, true)
    : result('lucky13', 'LUCKY13 (CBC)', 'CVE-2013-0169', 'not vulnerable', 'no CBC suite is accepted', 0, true));

  // RC4 (CVE-2013-2566, CVE-2015-2808; prohibited by RFC 7465).
  const rc4 = all((s) => s.enc.startsWith('RC4'));
  const r4 = notFound('no RC4 suite is accepted');
  out.push(rc4.length > 0
    ? result('rc4', 'RC4', 'CVE-2013-2566', 'vulnerable', `RC4 suites accepted (${where(rc4)})`)
    : result('rc4', 'RC4', 'CVE-2013-2566', r4.status, r4.why));

  // The downgrade sentinel (RFC 8446 section 4.1.3): a TLS 1.3 server that negotiates lower marks its random.
  // Newest first: the map fills in the order the concurrent protocol probes first got an answer, a race.
  const newest: readonly ProtocolName[] = ['TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3'];
  const lower = [...facts.sentinel.entries()].filter(([, c]) => c.with + c.without > 0)
    .sort(([a], [b]) => newest.indexOf(a) - newest.indexOf(b));
  const missing = lower.filter(([, c]) => c.without > 0).map(([p]) => p);
  if (!offered('TLSv1.3') || lower.length === 0) {
    out.push(result('downgrade-sentinel', 'TLS 1.3 downgrade sentinel (RFC 8446 section 4.1.3)', null, 'not applicable',
      !offered('TLSv1.3') ? 'TLS 1.3 is not offered' : 'no protocol below TLS 1.3 is offered'));
  } else {
    out.push(result('downgrade-sentinel', 'TLS 1.3 downgrade sentinel (RFC 8446 section 4.1.3)', null, missing.length > 0 ? 'vulnerable' : 'not vulnerable',
      missing.length > 0 ? `${missing.join(', ')} ServerHello random without the DOWNGRD sentinel: a client cannot detect a downgrade from TLS 1.3`
        : `${lower.map(([p]) => p).join(', ')} ServerHello random ends with the DOWNGRD sentinel`));
  }
  return out;
}

/**
 * DROWN across services (CVE-2016-0800): a certificate key served with SSLv2 anywhere makes every
 * service with the same key attackable. Given the reports of several services scanned together
 * (an audit's services, a check's MX addresses), marks DROWN vulnerable on each one that shares a
 * certificate with another that offers SSLv2, and adds the finding with its remedy.
 */
export function drownAcross<T extends Pick<ScanReport, 'target' | 'protocols' | 'certificates' | 'vulns' | 'findings'>>(reports: readonly (T | null)[]): (T | null)[] {
  const withV2 = reports.filter((r): r is T => r !== null && r.protocols.some((p) => p.version === 'SSLv2' && p.offered === true));
  return reports.map((r) => {
    const drown = r?.vulns?.find((v) => v.id === 'drown');
    if (!r || !drown || drown.status === 'vulnerable') return r;
    const mine = new Set(r.certificates.map((c) => c.fingerprintSha256));
    const other = withV2.find((o) => o !== r && o.certificates.some((c) => mine.has(c.fingerprintSha256)));
    if (!other) return r;
    const why = `the same certificate is served with SSLv2 on ${other.target.host}:${other.target.port}`;
    const advice = (r.target.protocol ?? 'smtp') === 'smtp' ? POSTFIX_ADVICE : DOVECOT_ADVICE;
    const detail = `The same certificate is served with SSLv2 on ${other.target.host}:${other.target.port}: its SSLv2 lets an attacker decrypt this service's RSA sessions. ${advice.drownElsewhere}`;
    const finding: Finding = { id: 'drown-elsewhere', severity: 'high', title: 'DROWN through another service (CVE-2016-0800)',
      detail, message: detail, place: place({ host: r.target.host, port: r.target.port }), fix: advice.drownElsewhere };
    return {
      ...r,
      vulns: r.vulns?.map((v) => (v.id === 'drown' ? { ...v, status: 'vulnerable' as const, why } : v)),
      findings: r.findings.some((f) => f.id === 'drown-elsewhere') ? r.findings : bySeverity([...r.findings, finding]),
    };
  });
}
