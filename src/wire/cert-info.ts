/**
 * What a report says about a certificate, from its DER, with node:crypto's X509Certificate (no
 * I/O): names, validity, key, signature algorithm, fingerprint; host name matching per RFC 6125
 * section 6.4 and chain verification against given roots.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { MailtlsError } from '../errors.js';
import { DER_TAG, decodeOid, derChildren, readDer } from './der.js';
import { groupByName } from './registry/groups.js';

export type KeyType = 'RSA' | 'RSA-PSS' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'unknown';

export interface CertificateInfo {
  /** One line, RFC 4514-like order as OpenSSL prints it: "CN=mx.example.org, O=Example". */
  readonly subject: string;
  readonly subjectCommonName: string | null;
  readonly issuer: string;
  /** dNSName SANs. */
  readonly dnsNames: readonly string[];
  /** iPAddress SANs. */
  readonly ipAddresses: readonly string[];
  readonly notBefore: string;
  readonly notAfter: string;
  readonly keyType: KeyType;
  /** RSA/DSA modulus bits, EC field bits (256 for P-256), 253/456 for Ed25519/Ed448. */
  readonly keyBits: number | null;
  /** EC curve (OpenSSL name: prime256v1, secp384r1). */
  readonly curve: string | null;
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmOid: string;
  /** md2/md5/sha1-based signature. */
  readonly weakSignature: boolean;
  /** Upper-case hex, no separators. */
  readonly serial: string;
  /** Upper-case hex with colons, as openssl x509 -fingerprint -sha256 prints it. */
  readonly fingerprintSha256: string;
  /** Issuer equals subject and the signature verifies with the certificate's own key. */
  readonly selfSigned: boolean;
  readonly ca: boolean;
}

const SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.1': 'dsa-with-SHA224',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.156.10197.1.501': 'SM2-with-SM3',
  '2.16.840.1.101.3.4.3.17': 'ML-DSA-44',
  '2.16.840.1.101.3.4.3.18': 'ML-DSA-65',
  '2.16.840.1.101.3.4.3.19': 'ML-DSA-87',
};

const WEAK_SIGNATURES = new Set(['1.2.840.113549.1.1.2', '1.2.840.113549.1.1.4', '1.2.840.113549.1.1.5', '1.2.840.10045.4.1', '1.2.840.10040.4.3']);

/** The outer signatureAlgorithm OID (RFC 5280 section 4.1.1.2). */
export function signatureAlgorithmOid(der: Uint8Array): string {
  const cert = readDer(der);
  if (cert.tag !== DER_TAG.SEQUENCE) throw new MailtlsError('EDECODE', 'certificate is not a DER SEQUENCE');
  const [, algorithm] = derChildren(cert);
  if (!algorithm || algorithm.tag !== DER_TAG.SEQUENCE) throw new MailtlsError('EDECODE', 'certificate has no signatureAlgorithm');
  const [oid] = derChildren(algorithm);
  if (!oid || oid.tag !== DER_TAG.OID) throw new MailtlsError('EDECODE', 'signatureAlgorithm has no OID');
  return decodeOid(oid.content);
}

function parseX509(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw new MailtlsError('EDECODE', `not a valid X.509 certificate: ${(err as Error).message}`, { cause: err });
  }
}

/** Node prints names one attribute per line, most significant first. */
function oneLine(name: string): string {
  return name.split('\n').filter((l) => l.length > 0).join(', ');
}

function commonName(name: string): string | null {
  for (const line of name.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return null;
}

/** Splits Node's subjectAltName string ("DNS:a, IP Address:1.2.3.4"), respecting quoted values. */
function parseSans(san: string | undefined): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  if (!san) return { dns, ip };
  for (const m of san.matchAll(/(DNS|IP Address):("(?:[^"\\]|\\.)*"|[^,]*)/g)) {
    const raw = (m[2] ?? '').trim();
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (m[1] === 'DNS') dns.push(value);
    else ip.push(value);
  }
  return { dns, ip };
}

function keyFacts(key: KeyObject): { keyType: KeyType; keyBits: number | null; curve: string | null } {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa': return { keyType: 'RSA', keyBits: details.modulusLength ?? null, curve: null };
    case 'rsa-pss': return { keyType: 'RSA-PSS', keyBits: details.modulusLength ?? null, curve: null };
    case 'dsa': return { keyType: 'DSA', keyBits: details.modulusLength ?? null, curve: null };
    case 'ec': {
      const curve = details.namedCurve ?? null;
      // the groups registry knows every named curve by its OpenSSL name (prime256v1, sect571r1 ...)
      return { keyType: 'EC', keyBits: curve ? groupByName(curve)?.bits ?? null : null, curve };
    }
    case 'ed25519': return { keyType: 'Ed25519', keyBits: 253, curve: null };
    case 'ed448': return { keyType: 'Ed448', keyBits: 456, curve: null };
    default: return { keyType: 'unknown', keyBits: null, curve: null };
  }
}

function isoDate(text: string): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new MailtlsError('EDECODE', `unparseable certificate date ${text}`);
  return new Date(t).toISOString();
}

/** The public key facts, or 'unknown' when node:crypto cannot read the key (a corrupt SPKI). */
function safeKeyFacts(x: X509Certificate): { keyType: KeyType; keyBits: number | null; curve: string | null } {
  try {
    return keyFacts(x.publicKey);
  } catch {
    return { keyType: 'unknown', keyBits: null, curve: null };
  }
}

function isSelfSigned(x: X509Certificate): boolean {
  if (x.subject !== x.issuer) return false;
  try {
    return x.verify(x.publicKey);
  } catch {
    return false;
  }
}

/** Everything a report shows about one certificate. Throws EDECODE when the DER is unusable. */
export function certificateInfo(der: Uint8Array): CertificateInfo {
  const x = parseX509(der);
  try {
    const oid = signatureAlgorithmOid(der);
    const sans = parseSans(x.subjectAltName);
    return {
      subject: oneLine(x.subject),
      subjectCommonName: commonName(x.subject),
      issuer: oneLine(x.issuer),
      dnsNames: sans.dns,
      ipAddresses: sans.ip,
      notBefore: isoDate(x.validFrom),
      notAfter: isoDate(x.validTo),
      ...safeKeyFacts(x),
      signatureAlgorithm: SIGNATURE_OIDS[oid] ?? oid,
      signatureAlgorithmOid: oid,
      weakSignature: WEAK_SIGNATURES.has(oid),
      serial: x.serialNumber.toUpperCase(),
      fingerprintSha256: x.fingerprint256.toUpperCase(),
      selfSigned: isSelfSigned(x),
      ca: x.ca,
    };
  } catch (err) {
    // node:crypto parses lazily: a certificate that loads can still fail on a later field
    if (err instanceof MailtlsError) throw err;
    throw new MailtlsError('EDECODE', `certificate field unreadable: ${(err as Error).message}`, { cause: err });
  }
}

function normaliseHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/**
 * RFC 6125 section 6.4.3: a presented name matches case-insensitively; "*" is honoured only as
 * the whole left-most label, matches exactly one label, and never with fewer than two labels
 * after it ("*.com" matches nothing). No partial wildcards ("w*.example.com").
 */
export function dnsNameMatches(presented: string, host: string): boolean {
  const p = normaliseHost(presented);
  const h = normaliseHost(host);
  if (p.length === 0 || h.length === 0) return false;
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(2);
  if (suffix.includes('*') || suffix.split('.').length < 2) return false;
  const dot = h.indexOf('.');
  if (dot <= 0) return false;
  return h.slice(dot + 1) === suffix;
}

/**
 * Does the certificate name the host? DNS SANs first; the subject CN only when there are no DNS
 * SANs (RFC 6125 section 6.4.4). IP literals match iPAddress SANs only.
 */
export function hostnameMatches(info: Pick<CertificateInfo, 'dnsNames' | 'ipAddresses' | 'subjectCommonName'>, host: string): boolean {
  const h = normaliseHost(host);
  if (isIpLiteral(h)) return info.ipAddresses.some((ip) => ip.toLowerCase() === h);
  if (info.dnsNames.length > 0) return info.dnsNames.some((n) => dnsNameMatches(n, h));
  return info.subjectCommonName !== null && dnsNameMatches(info.subjectCommonName, h);
}

export interface ChainVerdict {
  readonly trusted: boolean;
  /** Why not, in a few words; null when trusted. */
  readonly reason: string | null;
  /** Subjects from the leaf to the trust anchor (or as far as the path got). */
  readonly path: readonly string[];
}

/**
 * Builds a path from the leaf (chain[0]) through the other presented certificates (in any order)
 * to one of the roots, checking each signature and validity at `at`. It does not check name
 * constraints, key usage or revocation.
 */
export function verifyChain(chainDer: readonly Uint8Array[], rootsPem: readonly string[], at: Date = new Date()): ChainVerdict {
  const first = chainDer[0];
  if (!first) return { trusted: false, reason: 'no certificate', path: [] };
  const chain = chainDer.map(parseX509);
  try {
    return buildPath(chain, rootsPem, at);
  } catch (err) {
    if (err instanceof MailtlsError) throw err;
    throw new MailtlsError('EDECODE', `certificate field unreadable: ${(err as Error).message}`, { cause: err });
  }
}

function buildPath(chain: readonly X509Certificate[], rootsPem: readonly string[], at: Date): ChainVerdict {
  const roots: X509Certificate[] = [];
  for (const pem of rootsPem) {
    try {
      roots.push(new X509Certificate(pem));
    } catch {
      // an unparseable store entry cannot anchor anything
    }
  }
  const rootPrints = new Set(roots.map((r) => r.fingerprint256));
  const valid = (c: X509Certificate): boolean => Date.parse(c.validFrom) <= at.getTime() && at.getTime() <= Date.parse(c.validTo);
  const issues = (issuer: X509Certificate, subject: X509Certificate): boolean => {
    try {
      return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
    } catch {
      return false;
    }
  };
  let current = chain[0] as X509Certificate;
  const path = [oneLine(current.subject)];
  const used = new Set<X509Certificate>([current]);
  for (let depth = 0; depth < 16; depth++) {
    if (!valid(current)) return { trusted: false, reason: `certificate ${oneLine(current.subject)} is outside its validity period`, path };
    if (rootPrints.has(current.fingerprint256)) return { trusted: true, reason: null, path };
    const root = roots.find((r) => issues(r, current));
    if (root) {
      path.push(oneLine(root.subject));
      if (!valid(root)) return { trusted: false, reason: `root ${oneLine(root.subject)} is outside its validity period`, path };
      return { trusted: true, reason: null, path };
    }
    const next = chain.find((c) => !used.has(c) && issues(c, current));
    if (!next) {
      const self = current.subject === current.issuer && issues(current, current);
      return { trusted: false, reason: self ? 'self-signed certificate not in the trust store' : 'issuer not found (incomplete chain or unknown CA)', path };
    }
    used.add(next);
    path.push(oneLine(next.subject));
    current = next;
  }
  return { trusted: false, reason: 'chain too long', path };
}
