/**
 * What a report says about a certificate, from its DER, with node:crypto's X509Certificate (no
 * I/O): names, validity, key, signature algorithm, fingerprint, and whether a chain as sent
 * leads to one of the given roots, each signature checked (the scan's trust verdict: the roots
 * come from src/scan/trust-store.ts). What X509Certificate does not expose (the signature
 * algorithm, the issuer Name as bytes) is read with der.ts. Unusable DER is EDECODE.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { MailtlsError } from '../errors.js';
import { DER_TAG, decodeOid, derChildren, readDer, type DerNode } from './der.js';

export interface KeyFacts {
  /** "RSA" (RSA-PSS keys too), "EC", "Ed25519", "Ed448", "DSA", node's name otherwise, "unknown" when unreadable. */
  readonly keyType: string;
  /** RSA/DSA modulus bits; EC: the bits in the curve's name (256 for prime256v1); 256/456 for Ed25519/Ed448. */
  readonly keyBits: number | null;
  /** EC curve (OpenSSL name: prime256v1, secp384r1). */
  readonly curve: string | null;
}

export interface CertificateInfo extends KeyFacts {
  /** One line, as node:crypto lists the attributes: "CN=mx.example.org, O=Example". */
  readonly subject: string;
  readonly issuer: string;
  /** node's subjectAltName entries as written: "DNS:mx.example.org", "IP Address:127.0.0.1". */
  readonly sans: string[];
  /** Upper-case hex, as node:crypto gives it. */
  readonly serialNumber: string;
  /** ISO 8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly signatureAlgorithm: string;
  /** Upper-case hex with colons, as openssl x509 -fingerprint -sha256 prints it. */
  readonly fingerprintSha256: string;
  /** Issuer equals subject and the signature verifies with the certificate's own key. */
  readonly selfSigned: boolean;
}

/** Parses one certificate; EDECODE when node:crypto cannot. */
export function parseCertificate(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw new MailtlsError('EDECODE', `not a valid X.509 certificate: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The chain as sent, parsed up to its first unparseable member: what parsed still shows the
 * leaf, and a broken member is a trust problem (the walk below then misses an issuer).
 */
export function parseChain(chainDer: readonly Uint8Array[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const der of chainDer) {
    try {
      out.push(parseCertificate(der));
    } catch (err) {
      if (err instanceof MailtlsError) break;
      throw err;
    }
  }
  return out;
}

/** Node prints names one attribute per line, most significant first. */
export function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** The tbsCertificate fields up to the issuer (RFC 5280 section 4.1): [version], serial, signature, issuer. */
function issuerNode(der: Uint8Array): { tbs: DerNode; issuer: DerNode } {
  const cert = readDer(der);
  const [tbs] = cert.tag === DER_TAG.SEQUENCE ? derChildren(cert) : [];
  if (!tbs || tbs.tag !== DER_TAG.SEQUENCE) throw new MailtlsError('EDECODE', 'certificate has no tbsCertificate');
  const fields = derChildren(tbs);
  const at = fields[0]?.tag === DER_TAG.CONTEXT_0 ? 1 : 0; // [0] version, absent in v1 certificates
  const [serial, signature, issuer] = fields.slice(at, at + 3);
  if (serial?.tag !== DER_TAG.INTEGER || signature?.tag !== DER_TAG.SEQUENCE || issuer?.tag !== DER_TAG.SEQUENCE) {
    throw new MailtlsError('EDECODE', 'tbsCertificate is not serial, signature, issuer');
  }
  return { tbs, issuer };
}

/** The DER of tbsCertificate.issuer (RFC 5280 section 4.1), or null when the DER is not a certificate. */
export function issuerName(der: Uint8Array): Buffer | null {
  try {
    const { tbs, issuer } = issuerNode(der);
    return Buffer.from(tbs.content.subarray(issuer.start, issuer.end));
  } catch (err) {
    if (err instanceof MailtlsError) return null; // a root without a readable issuer is parsed and compared like any other
    throw err;
  }
}

/** The outer signatureAlgorithm OID node (RFC 5280 section 4.1.1.2). */
function signatureOidNode(der: Uint8Array): DerNode {
  const cert = readDer(der);
  if (cert.tag !== DER_TAG.SEQUENCE) throw new MailtlsError('EDECODE', 'certificate is not a DER SEQUENCE');
  const [, algorithm] = derChildren(cert);
  if (!algorithm || algorithm.tag !== DER_TAG.SEQUENCE) throw new MailtlsError('EDECODE', 'certificate has no signatureAlgorithm');
  const [oid] = derChildren(algorithm);
  if (!oid || oid.tag !== DER_TAG.OID) throw new MailtlsError('EDECODE', 'signatureAlgorithm has no OID');
  return oid;
}

/** The outer signatureAlgorithm OID, dotted (RFC 5280 section 4.1.1.2). */
export function signatureAlgorithmOid(der: Uint8Array): string {
  return decodeOid(signatureOidNode(der).content);
}

/**
 * Names by the OID's content bytes in hex, as the scan's JSON has always given them (an OID
 * not here is "oid:" and its hex). ECDSA with SHA-1 is 1.2.840.10045.4.1 (RFC 3279 §2.2.3);
 * 1.2.840.10045.4.3.1 to .4 are SHA-224 to SHA-512 (RFC 5758 §3.2).
 */
const SIG_OIDS: Readonly<Record<string, string>> = {
  '2a864886f70d010104': 'md5WithRSAEncryption', '2a864886f70d010105': 'sha1WithRSAEncryption',
  '2a864886f70d01010b': 'sha256WithRSAEncryption', '2a864886f70d01010c': 'sha384WithRSAEncryption',
  '2a864886f70d01010d': 'sha512WithRSAEncryption', '2a864886f70d01010a': 'rsassaPss',
  '2a8648ce3d0401': 'ecdsa-with-SHA1', '2a8648ce3d040301': 'ecdsa-with-SHA224', '2a8648ce3d040302': 'ecdsa-with-SHA256',
  '2a8648ce3d040303': 'ecdsa-with-SHA384', '2a8648ce3d040304': 'ecdsa-with-SHA512',
  '2b6570': 'Ed25519', '2b6571': 'Ed448', '2a8648ce380403': 'dsa-with-SHA1', '608648016503040302': 'dsa-with-SHA256',
};

/** node exposes no signature algorithm: its name from the DER, "unknown" when the DER does not reach it. */
export function signatureAlgorithm(der: Uint8Array): string {
  let oid: Uint8Array;
  try {
    oid = signatureOidNode(der).content;
  } catch (err) {
    if (err instanceof MailtlsError) return 'unknown';
    throw err;
  }
  const hex = Buffer.from(oid).toString('hex');
  return SIG_OIDS[hex] ?? `oid:${hex}`;
}

/** The public key's type and size; "unknown" when node:crypto cannot read the key (a corrupt SPKI, found by fuzz.test.ts). */
export function keyFacts(cert: X509Certificate): KeyFacts {
  let k: KeyObject;
  try {
    k = cert.publicKey;
  } catch {
    return { keyType: 'unknown', keyBits: null, curve: null };
  }
  const d = k.asymmetricKeyDetails ?? {};
  switch (k.asymmetricKeyType) {
    case 'rsa': case 'rsa-pss': return { keyType: 'RSA', keyBits: d.modulusLength ?? null, curve: null };
    case 'ec': {
      const curve = d.namedCurve ?? null;
      const bits = curve ? Number(/(\d{3})/.exec(curve)?.[1] ?? NaN) : NaN;
      return { keyType: 'EC', keyBits: Number.isFinite(bits) ? bits : null, curve };
    }
    case 'dsa': return { keyType: 'DSA', keyBits: d.modulusLength ?? null, curve: null };
    case 'ed25519': return { keyType: 'Ed25519', keyBits: 256, curve: null };
    case 'ed448': return { keyType: 'Ed448', keyBits: 456, curve: null };
    default: return { keyType: k.asymmetricKeyType ?? 'unknown', keyBits: null, curve: null };
  }
}

/** Does `issuer`'s key verify `subject`'s signature? A key node:crypto cannot use verifies nothing. */
function signedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function isSelfSigned(x: X509Certificate): boolean {
  return x.subject === x.issuer && signedBy(x, x);
}

/** A date node:crypto printed ("Jan  1 00:00:00 2030 GMT") as ISO 8601. */
export function isoDate(text: string): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new MailtlsError('EDECODE', `unparseable certificate date ${text}`);
  return new Date(t).toISOString();
}

/** Everything a report shows about one certificate. Throws EDECODE when the DER is unusable. */
export function certificateInfo(certificate: Uint8Array | X509Certificate): CertificateInfo {
  const x = certificate instanceof X509Certificate ? certificate : parseCertificate(certificate);
  try {
    return {
      ...keyFacts(x),
      subject: oneLine(x.subject),
      issuer: oneLine(x.issuer),
      sans: (x.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
      serialNumber: x.serialNumber,
      notBefore: isoDate(x.validFrom),
      notAfter: isoDate(x.validTo),
      signatureAlgorithm: signatureAlgorithm(x.raw),
      fingerprintSha256: x.fingerprint256,
      selfSigned: isSelfSigned(x),
    };
  } catch (err) {
    // node:crypto parses lazily: a certificate that loads can still fail on a later field
    if (err instanceof MailtlsError) throw err;
    throw new MailtlsError('EDECODE', `certificate field unreadable: ${(err as Error).message}`, { cause: err });
  }
}

export interface ChainTrust {
  readonly trusted: boolean;
  /** Why not, in a few words; null when trusted. */
  readonly error: string | null;
}

/** Roots parsed so far, per list of roots: parsing all of them costs ~40 ms, and a chain needs one or two. */
const parsedRoots = new WeakMap<readonly Uint8Array[], Map<number, X509Certificate | null>>();

/**
 * The roots that may have issued `cert`: those whose DER contains the certificate's issuer Name
 * (a root's subject, byte for byte, RFC 5280 section 7.1), parsed only then. Without a readable
 * issuer field, every root.
 */
function rootsFor(cert: X509Certificate, roots: readonly Uint8Array[]): X509Certificate[] {
  let parsed = parsedRoots.get(roots);
  if (!parsed) parsedRoots.set(roots, (parsed = new Map<number, X509Certificate | null>()));
  const issuer = issuerName(cert.raw);
  const out: X509Certificate[] = [];
  roots.forEach((der, i) => {
    if (issuer && Buffer.from(der.buffer, der.byteOffset, der.byteLength).indexOf(issuer) < 0) return;
    let root = parsed.get(i);
    if (root === undefined) {
      // an unparseable store entry cannot anchor anything
      root = parseChain([der])[0] ?? null;
      parsed.set(i, root);
    }
    if (root) out.push(root);
  });
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

/**
 * Walks from the leaf (chain[0]) through the other certificates as sent (in any order) to one
 * of the roots, checking each signature, the intermediates' and the root's expiry at `now`
 * (the leaf's own validity is the caller's to judge). No name constraints, key usage or
 * revocation.
 */
export function chainTrust(chain: readonly X509Certificate[], roots: readonly Uint8Array[], now: Date): ChainTrust {
  const leaf = chain[0];
  if (!leaf) return { trusted: false, error: 'no certificate' };
  // A self-signed leaf is trusted only if it is itself in the store: compare the DER instead of
  // parsing the roots (the most common case on mail servers).
  if (chain.length === 1 && isSelfSigned(leaf)) {
    const der = leaf.raw;
    return roots.some((r) => sameBytes(r, der)) ? { trusted: true, error: null } : { trusted: false, error: 'self-signed certificate' };
  }
  let cur = leaf;
  const pool = [...chain.slice(1)];
  for (let depth = 0; depth < 10; depth++) {
    const anchor = rootsFor(cur, roots).find((r) => r.subject === cur.issuer && signedBy(cur, r));
    if (anchor) {
      return new Date(anchor.validTo) < now ? { trusted: false, error: 'the root certificate has expired' } : { trusted: true, error: null };
    }
    const next = pool.find((c) => c.subject === cur.issuer && signedBy(cur, c));
    if (!next) {
      if (isSelfSigned(cur)) return { trusted: false, error: depth === 0 ? 'self-signed certificate' : 'the chain ends in a root not in the system store' };
      return { trusted: false, error: 'the issuer certificate is missing (incomplete chain) or unknown' };
    }
    if (new Date(next.validTo) < now) return { trusted: false, error: `an intermediate certificate expired (${next.subject.split('\n').join(', ')})` };
    pool.splice(pool.indexOf(next), 1);
    cur = next;
  }
  return { trusted: false, error: 'the chain is too long' };
}

/** chainTrust from DER; EDECODE when the leaf does not parse. */
export function verifyChain(chainDer: readonly Uint8Array[], roots: readonly Uint8Array[], now: Date = new Date()): ChainTrust {
  const chain = parseChain(chainDer);
  if (chainDer.length > 0 && chain.length === 0) throw new MailtlsError('EDECODE', 'the leaf certificate does not parse');
  return chainTrust(chain, roots, now);
}
