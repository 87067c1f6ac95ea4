/**
 * Findings: the verdicts a mail admin acts on, each with an id, a severity, a title and a
 * one-paragraph reason that says what to change in Postfix. Computed from the report data
 * only, so they can be tested without a server.
 *
 * Port 25 is judged as opportunistic TLS (RFC 7435, RFC 3207): a sending MTA that cannot do
 * better falls back to plaintext, so old protocols and anonymous suites there are less severe
 * than on submission ports, where a mail client sends its password.
 */
import { bySeverity, type Severity } from '../severity.js';
import { place } from '../finding.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import type { CipherRef, Finding, ProtocolResult, ScanReport } from './types.js';
import { DOVECOT_ADVICE, POSTFIX_ADVICE } from './advice.js';
import { mailboxFindings } from './mailbox-findings.js';

export interface FindingsContext {
  readonly groupsServerPreference: boolean | null;
  readonly now?: Date;
}

const nameList = (names: readonly string[], max = 8) => {
  const unique = [...new Set(names)];
  return unique.length > max ? `${unique.slice(0, max).join(', ')} and ${unique.length - max} more` : unique.join(', ');
};
const list = (refs: readonly CipherRef[], max = 8) => nameList(refs.map((c) => c.openssl ?? c.iana), max);

export function scanFindings(report: ScanReport, ctx: FindingsContext): Finding[] {
  const out: Finding[] = [];
  const where = place({ host: report.target.host, port: report.target.port });
  // detail stays for older consumers; message is the same text in the shape every finding has
  // (src/finding.ts); fix is the server's remedy (advice.ts) when the finding has one of its own.
  const add = (id: string, severity: Severity, title: string, detail: string, fix: string | null = null) =>
    out.push({ id, severity, title, detail, message: detail, place: where, fix });
  // MTA-to-MTA (port 25) is opportunistic TLS: a weak suite beats plaintext there. Submission
  // (587, 465, or --role submission) serves mail clients, where TLS is required (RFC 8314).
  const mx = report.target.role === 'mx';
  const proto = (v: ProtocolResult['version']) => report.protocols.find((p) => p.version === v);
  const offered = report.protocols.filter((p) => p.offered === true);
  const allSuites = offered.flatMap((p) => p.ciphers);
  const suiteIs = (pred: (c: CipherRef) => boolean) => allSuites.filter(pred);
  const info = (c: CipherRef) => cipherSuiteByCode(parseInt(c.code, 16));
  // What to change, in the settings of the server behind the port: Postfix for SMTP, Dovecot for IMAP/POP3/ManageSieve.
  const a = (report.target.protocol ?? 'smtp') === 'smtp' ? POSTFIX_ADVICE : DOVECOT_ADVICE;
  if (report.mailbox) out.push(...mailboxFindings(report.mailbox, report.target));

  // --- SMTP ---
  const smtp = report.smtp;
  if (smtp && smtp.starttls === false) {
    add('no-starttls', 'high', 'STARTTLS is not offered',
      'The EHLO reply does not list STARTTLS, so all mail to this server travels in plaintext. Configure a certificate and set smtpd_tls_security_level = may (postconf(5)).');
  }
  if (smtp && smtp.authBeforeTls.length > 0) {
    add('auth-before-tls', 'high', 'AUTH is offered before TLS',
      `The server offers AUTH ${smtp.authBeforeTls.join(' ')} on the unencrypted connection, so a client may send its password in the clear. Set smtpd_tls_auth_only = yes.`);
  }
  if (smtp && (smtp.injectedAfterStarttls ?? 0) > 0) {
    add('starttls-injection', 'high', 'Plaintext arrived after the STARTTLS reply',
      `${smtp.injectedAfterStarttls} bytes followed the 220 to STARTTLS before TLS began. RFC 3207 section 6 requires clients to discard them; a client that does not is open to response injection. Look for a proxy or filter in front of the server.`);
  }
  if (smtp && smtp.retries > 0) {
    add('rate-limited', 'info', 'The server asked the scan to slow down',
      `${smtp.retries} connection(s) got a 421/450 and were retried after a pause. Use --concurrency 2 --delay 1000 against this server.`);
  }

  // --- protocols ---
  if (proto('SSLv2')?.offered) add('sslv2', 'critical', 'SSLv2 is offered', `SSLv2 is broken (DROWN, RFC 6176). ${a.sslv2}`, a.sslv2);
  if (proto('SSLv3')?.offered) add('sslv3', mx ? 'high' : 'critical', 'SSLv3 is offered', `SSLv3 is broken (POODLE, RFC 7568). ${a.sslv3}`, a.sslv3);
  const old = (['TLSv1.0', 'TLSv1.1'] as const).filter((v) => proto(v)?.offered);
  if (old.length > 0) {
    add('old-tls', mx ? 'low' : 'medium', `${old.join(' and ')} offered`,
      mx
        ? `RFC 8996 deprecates TLS 1.0 and 1.1. On port 25 some old sending servers still need them and would otherwise fall back to plaintext, so removing them is a trade-off; ${a.oldTlsMx}`
        : `RFC 8996 deprecates TLS 1.0 and 1.1, and mail clients on this port all speak TLS 1.2. ${a.oldTlsSubmission}`,
      mx ? a.oldTlsMx : a.oldTlsSubmission);
  }
  if (proto('TLSv1.3') && proto('TLSv1.3')?.offered === false && offered.length > 0) {
    add('no-tls13', 'low', 'TLS 1.3 is not offered', `TLS 1.3 is faster and drops every legacy option. ${a.noTls13}`, a.noTls13);
  }

  // --- cipher suites ---
  const nulls = suiteIs((c) => info(c)?.enc === 'NULL');
  if (nulls.length) add('null-ciphers', 'high', 'Suites without encryption are accepted', `${list(nulls)} encrypt nothing. ${a.nullCiphers}`, a.nullCiphers);
  const exports = suiteIs((c) => info(c)?.export === true);
  if (exports.length) add('export-ciphers', 'critical', 'Export-grade suites are accepted', `${list(exports)} use 40/56-bit keys (FREAK, Logjam). ${a.exportCiphers}`, a.exportCiphers);
  const rc4 = suiteIs((c) => info(c)?.enc.startsWith('RC4') === true);
  if (rc4.length) add('rc4-ciphers', 'high', 'RC4 suites are accepted', `${list(rc4)}: RC4 is prohibited (RFC 7465). ${a.rc4}`, a.rc4);
  const des = suiteIs((c) => /^(3DES|DES)/.test(info(c)?.enc ?? ''));
  if (des.length) add('des-ciphers', 'medium', 'DES/3DES suites are accepted', `${list(des)}: 64-bit blocks (SWEET32, CVE-2016-2183). ${a.des}`, a.des);
  const anon = suiteIs((c) => c.auth === 'anon');
  if (anon.length) {
    add('anon-ciphers', mx ? 'low' : 'high', 'Anonymous (unauthenticated) suites are accepted',
      mx
        ? `${list(anon)} authenticate nobody. ${a.anonMx}`
        : `${list(anon)} authenticate nobody, so a man in the middle can read the password of a client that picks them. ${a.anonSubmission}`,
      mx ? a.anonMx : a.anonSubmission);
  }
  // Only the best pre-1.3 protocol matters: TLS 1.0 and 1.1 have no AEAD suites at all.
  const bestLegacy = offered.filter((p) => p.version !== 'TLSv1.3' && p.version !== 'SSLv2').pop();
  for (const p of bestLegacy ? [bestLegacy] : []) {
    if (p.ciphers.length > 0 && p.ciphers.every((c) => info(c)?.cbc === true || info(c)?.enc.startsWith('RC4'))) {
      add(`cbc-only-${p.version}`, p.version === 'TLSv1.2' ? 'medium' : 'low', `${p.version}: only CBC suites`,
        `No AEAD (GCM, ChaCha20-Poly1305) suite is accepted on ${p.version}; CBC with MAC-then-encrypt invites padding-oracle attacks (Lucky13). ${a.cbcOnly}`, a.cbcOnly);
    }
  }
  const noFs = suiteIs((c) => c.kx === 'RSA' || c.kx === 'DH' || c.kx === 'ECDH');
  if (noFs.length && !offered.some((p) => p.ciphers.some((c) => c.kx === 'ECDHE' || c.kx === 'DHE' || c.kx === 'ANY'))) {
    add('no-forward-secrecy', 'medium', 'No forward secrecy', `Only static key exchange is accepted (${list(noFs)}): recorded mail can be decrypted later with the server key. Enable ECDHE suites.`);
  }

  // --- server order, judged as seed 000's answer explains it ---
  const weak = suiteIs((c) => c.strength !== 'strong');
  const hasWeak = (p: ProtocolResult) => p.ciphers.some((c) => c.strength !== 'strong');
  const clientChooses = offered.filter((p) => p.serverPreference === false && (weak.length === 0 || hasWeak(p)));
  const serverChooses = offered.filter((p) => p.serverPreference === true);
  if (weak.length === 0 && offered.length > 0) {
    if (clientChooses.length > 0) {
      add('cipher-order', 'info', 'No server cipher order, and none needed',
        `The client picks the suite (${clientChooses.map((p) => p.version).join(', ')}), but every accepted suite is strong, so whatever it picks is fine. This matches Mozilla's current guidance; ${a.orderNotNeeded}`);
    }
  } else if (weak.length > 0) {
    const change = a.removeWeak;
    if (clientChooses.length > 0) {
      add('weak-suites-choosable', mx ? 'low' : 'medium', 'A client can choose weak suites',
        `The client picks the suite (${clientChooses.map((p) => p.version).join(', ')}), so one can force ${list(weak)}. ${change}`, change);
    } else {
      add('weak-suites-accepted', mx ? 'low' : 'medium', serverChooses.length > 0 ? 'Weak suites are accepted, though the server orders them last' : 'Weak suites are accepted',
        `${serverChooses.length > 0 ? 'With server order a modern client gets a strong suite, but a' : 'A'} client offering only ${list(weak)} still gets one. ${change}`, change);
    }
  }

  // --- key exchange ---
  const dh = report.tls.dhBits;
  if (dh !== null && dh < 2048) {
    const suites = report.tls.dhBitsSuites;
    const anonOnly = suites.length > 0 && suites.every((n) => /^ADH-|_anon_/.test(n));
    add('weak-dh', dh < 1024 ? 'high' : 'medium', `DHE parameters of ${dh} bits`,
      `${suites.length ? `${nameList(suites)} got ${dh}-bit DH. ` : ''}Finite-field DH below 2048 bits is within reach of well-funded attackers (Logjam). ${anonOnly ? a.weakDhAnon : a.weakDh}`, anonOnly ? a.weakDhAnon : a.weakDh);
  }
  if (report.tls.compression === 'DEFLATE') add('tls-compression', 'medium', 'TLS compression is on', `Compression leaks secrets through lengths (CRIME). ${a.compression}`, a.compression);
  if (report.tls.secureRenegotiation === false) add('insecure-renegotiation', 'medium', 'No secure renegotiation', 'The server does not support RFC 5746 renegotiation_info (CVE-2009-3555). Upgrade OpenSSL.');
  if (report.tls.fallbackScsv === false) add('no-fallback-scsv', 'low', 'TLS_FALLBACK_SCSV is ignored', 'A downgraded retry is not refused (RFC 7507). Current OpenSSL does this by default; upgrade it.');
  if (report.tls.extendedMasterSecret === false && offered.some((p) => p.version !== 'TLSv1.3')) add('no-ems', 'low', 'No extended master secret', 'RFC 7627 extended master secret protects against triple-handshake attacks on TLS ≤1.2. Upgrade OpenSSL (1.1.0+).');

  // --- vulnerabilities (src/scan/vulns/): those no finding above covers ---
  for (const v of report.vulns ?? []) {
    if (v.status !== 'vulnerable' || v.informational === true) continue;
    const cve = v.cve ? ` (${v.cve})` : '';
    switch (v.id) {
      case 'heartbleed': add('heartbleed', 'critical', `Heartbleed${cve}`, `The server ${v.why}. ${a.heartbleed}`, a.heartbleed); break;
      case 'ccs-injection': add('ccs-injection', 'high', `CCS injection${cve}`, `${v.why}: a man in the middle can make both sides use keys of his own. ${a.ccsInjection}`, a.ccsInjection); break;
      case 'client-renegotiation': {
        // internet.nl: more than 10 renegotiations in one connection fails, 1 to 10 is informational.
        const many = /more than 10/.test(v.why);
        add('client-renegotiation', many ? 'medium' : 'low', 'Client-initiated renegotiation is allowed', `${v.why[0]?.toUpperCase() ?? ''}${v.why.slice(1)}: each costs the server a full handshake (CVE-2011-1473, a cheap denial of service). ${a.clientRenegotiation}`, a.clientRenegotiation);
        break;
      }
      case 'robot': add('robot', 'high', 'ROBOT: a Bleichenbacher oracle', `${v.why}. With the oracle an attacker can decrypt recorded static-RSA sessions and sign with the server key. ${a.robot}`, a.robot); break;
      case 'ticketbleed': add('ticketbleed', 'high', `Ticketbleed${cve}`, `The server ${v.why}. ${a.ticketbleed}`, a.ticketbleed); break;
      case 'downgrade-sentinel': add('no-downgrade-sentinel', 'medium', 'No TLS 1.3 downgrade sentinel', `${v.why} (RFC 8446 section 4.1.3). ${a.downgradeSentinel}`, a.downgradeSentinel); break;
      // SSLv2 here is the sslv2 finding; the same certificate with SSLv2 elsewhere is not.
      case 'drown': if (!proto('SSLv2')?.offered) add('drown-elsewhere', 'high', `DROWN through another service${cve}`, `${v.why[0]?.toUpperCase() ?? ''}${v.why.slice(1)}: its SSLv2 lets an attacker decrypt this service's RSA sessions. ${a.drownElsewhere}`, a.drownElsewhere); break; // as drownAcross (vulns/derived.ts) adds it
      default: break; // POODLE, FREAK, Logjam, RC4, SWEET32, CRIME, renegotiation, fallback: the findings above
    }
  }

  // --- certificates ---
  const now = ctx.now ?? new Date();
  for (const c of report.certificates) {
    const who = `${c.keyType} ${c.keyBits ?? '?'} "${c.subject}"`;
    const left = (new Date(c.notAfter).getTime() - now.getTime()) / 86_400_000;
    if (left < 0) add('cert-expired', mx ? 'medium' : 'high', 'Certificate expired', `${who} expired on ${c.notAfter.slice(0, 10)}. ${a.reload}`, a.reload);
    else if (left < 21) add('cert-expiring', 'low', 'Certificate expires soon', `${who} expires on ${c.notAfter.slice(0, 10)} (${Math.floor(left)} days).`);
    if (!c.trusted && left >= 0) {
      add('cert-untrusted', mx ? 'low' : 'high', c.selfSigned ? 'Self-signed certificate' : 'Certificate not trusted',
        `${who}: ${c.trustError ?? 'does not chain to a trusted root'}. ${mx ? 'Most sending MTAs do not verify, but DANE or MTA-STS senders do; ' : 'Mail clients will warn or refuse; '}${a.chain}`, a.chain);
    }
    if (c.nameMatches === false) add('cert-name-mismatch', mx ? 'low' : 'medium', 'Certificate name does not match', `${who} does not cover ${report.target.host} (SANs: ${c.sans.join(', ') || 'none'}).`);
    if ((c.keyType === 'RSA' || c.keyType === 'DSA') && c.keyBits !== null && c.keyBits < 2048) add('cert-weak-key', 'high', 'Weak certificate key', `${who}: keys below 2048 bits can be factored.`);
    if (c.keyType === 'EC' && c.keyBits !== null && c.keyBits < 256) add('cert-weak-key', 'high', 'Weak certificate key', `${who}: curves below 256 bits are too small.`);
    if (/md5|sha1/i.test(c.signatureAlgorithm) && !c.selfSigned) add('cert-weak-signature', 'medium', 'Weak certificate signature', `${who} is signed with ${c.signatureAlgorithm}; SHA-1 and MD5 signatures can be forged.`);
  }
  if (ctx.groupsServerPreference === null && report.groups.length === 0 && offered.some((p) => p.version === 'TLSv1.3')) {
    add('groups-unknown', 'info', 'Key exchange groups not determined', 'The TLS 1.3 group probes did not complete.');
  }
  // Most severe first, in the data as on the screen; stable, so equal ones keep their order.
  return bySeverity(out);
}
