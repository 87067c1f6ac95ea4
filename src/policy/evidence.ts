/**
 * Evidence from the two sides: a scan report (the wire) and a service's predicted TLS (the
 * configuration). Each field is what that side really knows, and null where it cannot know:
 * the wire cannot tell whether TLS is required (the scan sends no mail), the configuration
 * cannot tell certificate trust or the DH prime the server will use.
 */
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import { PROTOCOL_VERSIONS, versionCode, type ProtocolName } from '../wire/registry/versions.js';
import type { ScanReport } from '../scan/types.js';
import type { CertificateInfo, ServiceTls } from '../postfix/types.js';
import type { Evidence, EvidenceCertificate, ServiceRole } from './types.js';

// ------------------------------------------------------------------ the wire

/** One scan, as evidence for a service of this role. */
export function evidenceFromScan(report: ScanReport, role: ServiceRole): Evidence {
  const implicit = report.target.starttls === null;
  const offered = report.protocols.filter((p) => p.offered === true);
  const unknownVersions = report.protocols.filter((p) => p.offered === null).map((p) => p.version);
  const probed = report.protocols.length > 0;
  const smtp = report.smtp;
  let tls: boolean | null;
  if (!implicit) tls = smtp?.starttls ?? null;
  else if (offered.length > 0) tls = true;
  else if (probed && unknownVersions.length === 0) tls = false;
  else tls = null;
  // STARTTLS offered but no handshake completed: TLS is announced, but no protocol works.
  const versions = probed ? offered.map((p) => p.version) : tls === false ? [] : null;
  const suites: Partial<Record<ProtocolName, readonly string[]>> = {};
  const serverPreference: Partial<Record<ProtocolName, boolean | null>> = {};
  for (const p of offered) {
    // An incomplete enumeration (p.error) lists what it found; the rules judge what is there.
    suites[p.version] = p.ciphers.map((c) => c.code);
    serverPreference[p.version] = p.serverPreference;
  }
  const compression = report.tls.compression === null ? null : report.tls.compression !== 'none';
  const authBefore = smtp ? smtp.authBeforeTls : null;
  return {
    role, source: 'wire', tls, implicitTls: implicit,
    tlsRequired: implicit ? true : null,
    authBeforeTls: implicit ? false : authBefore === null ? null : authBefore.length > 0,
    versions,
    suites: probed ? suites : null,
    serverPreference,
    groups: probed ? report.groups.map((g) => ({ name: g.name, kind: g.kind, bits: g.bits })) : null,
    dhBits: report.tls.dhBits,
    certificates: probed ? report.certificates.map((c) => ({
      keyType: c.keyType, keyBits: c.keyBits, signatureAlgorithm: c.signatureAlgorithm, trusted: c.trusted, nameMatches: c.nameMatches,
      notAfter: c.notAfter, selfSigned: c.selfSigned, subject: c.subject, curve: c.curve,
    })) : null,
    facts: {
      compression,
      secureRenegotiation: report.tls.secureRenegotiation,
      extendedMasterSecret: report.tls.extendedMasterSecret,
      encryptThenMac: report.tls.encryptThenMac,
      fallbackScsv: report.tls.fallbackScsv,
    },
    unknownVersions,
    ...(authBefore !== null ? { authMechanismsBeforeTls: authBefore } : {}),
    dhSuites: report.tls.dhBitsSuites,
  };
}

// ------------------------------------------------------------------ the configuration

export interface ConfigEvidenceOptions {
  /** smtpd_sasl_auth_enable for the service (AUTH offered at all); null or absent: not known. */
  readonly saslEnabled?: boolean | null;
}

/** Postfix spells TLS 1.0 "TLSv1"; the wire (and Evidence) "TLSv1.0". */
export function wireVersionName(postfix: string): ProtocolName | null {
  const name = postfix === 'TLSv1' ? 'TLSv1.0' : postfix;
  return PROTOCOL_VERSIONS.some((v) => v.name === name) ? (name as ProtocolName) : null;
}

const KEY_TYPES: Readonly<Record<string, string>> = { rsa: 'RSA', ec: 'EC', ecdsa: 'EC', dsa: 'DSA', ed25519: 'Ed25519', ed448: 'Ed448' };

function configCertificates(certs: readonly CertificateInfo[]): EvidenceCertificate[] | null {
  const out: EvidenceCertificate[] = [];
  for (const c of certs) {
    if (!c.readable) return null; // what the server serves is not known
    for (const k of c.keyTypes) {
      out.push({
        keyType: KEY_TYPES[k] ?? k, keyBits: null, signatureAlgorithm: null, trusted: null, nameMatches: null,
        notAfter: c.notAfter ?? null, selfSigned: null, subject: c.subject ?? null,
      });
    }
  }
  return out;
}

/**
 * A service's predicted TLS, as evidence. `ciphers` are the TLS 1.2-and-older suites the server
 * can choose, in OpenSSL's order; each goes to every listed version it works with (AEAD and
 * SHA-2 suites need TLS 1.2: the registry's minVersion, which is predict.ts's needsTls12).
 * TLS 1.3 suites come from `tls13Ciphers` where the model has them, else they are unknown.
 */
export function evidenceFromConfig(tls: ServiceTls, role: ServiceRole, opts: ConfigEvidenceOptions = {}): Evidence {
  const works = tls.broken === null && tls.level !== 'none';
  const implicit = tls.wrapper;
  const versions = works ? tls.versions.map(wireVersionName).filter((v): v is ProtocolName => v !== null) : [];
  const suites: Partial<Record<ProtocolName, readonly string[]>> = {};
  const serverPreference: Partial<Record<ProtocolName, boolean | null>> = {};
  const tls13 = tls.tls13Ciphers;
  let suitesKnown = true;
  for (const v of versions) {
    serverPreference[v] = tls.preferServerCiphers;
    if (v === 'TLSv1.3') {
      if (tls13 !== null) suites[v] = [...tls13];
      continue;
    }
    if (tls.ciphers === null) {
      suitesKnown = false;
      continue;
    }
    const code = versionCode(v);
    suites[v] = tls.ciphers.filter((c) => {
      const s = cipherSuiteByCode(parseInt(c, 16));
      return s !== undefined && s.minVersion <= code && s.maxVersion >= code;
    });
  }
  const sasl = opts.saslEnabled ?? null;
  // smtpd.c: enforce (level encrypt, or wrapper mode) implies smtpd_tls_auth_only; authOnly already includes it.
  const authOnly = tls.authOnly || tls.level === 'encrypt' || implicit;
  const authBeforeTls = implicit && works ? false : sasl === null ? null : sasl && !(works && authOnly);
  return {
    role, source: 'config',
    tls: works,
    implicitTls: implicit,
    tlsRequired: implicit || tls.level === 'encrypt',
    authBeforeTls,
    versions,
    suites: suitesKnown ? suites : null,
    serverPreference,
    groups: null,
    dhBits: null,
    certificates: works ? configCertificates(tls.certificates) : [],
    facts: { compression: null, secureRenegotiation: null, extendedMasterSecret: null, encryptThenMac: null, fallbackScsv: null },
    ...(tls.prediction.exact ? {} : { notes: tls.prediction.notes }),
  };
}
