/**
 * Certificate facts from DER, with node:crypto's X509Certificate: key, names, validity, and
 * trust against the system store (trust-store.ts) by walking issuer links and checking each
 * signature, for every leaf the server holds (RSA and ECDSA on a dual-certificate Postfix), not
 * only the one a default handshake shows.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { systemTrustStore, type TrustStore } from './trust-store.js';
import type { CertificateResult } from './types.js';

/** Roots parsed so far, per store: parsing all of them costs ~40 ms, and a chain needs one or two. */
const parsedRoots = new WeakMap<TrustStore, Map<number, X509Certificate | null>>();

/**
 * The roots that may have issued `cert`: those whose DER contains the certificate's issuer Name
 * (a root's subject, byte for byte, RFC 5280 section 7.1), parsed only then. Without a readable
 * issuer field, every root.
 */
function rootsFor(cert: X509Certificate, store: TrustStore): X509Certificate[] {
  let parsed = parsedRoots.get(store);
  if (!parsed) parsedRoots.set(store, (parsed = new Map<number, X509Certificate | null>()));
  const issuer = issuerName(cert.raw);
  const out: X509Certificate[] = [];
  store.roots.forEach((der, i) => {
    if (issuer && der.indexOf(issuer) < 0) return;
    let root = parsed.get(i);
    if (root === undefined) {
      try {
        root = new X509Certificate(der);
      } catch {
        root = null;
      }
      parsed.set(i, root);
    }
    if (root) out.push(root);
  });
  return out;
}

/** The DER of tbsCertificate.issuer (RFC 5280 section 4.1), or null when the DER is not as expected. */
export function issuerName(der: Uint8Array): Buffer | null {
  let p = 0;
  /** Reads a tag and length; returns the content start and end. */
  const tlv = (expectTag?: number): { tag: number; start: number; end: number } => {
    const tag = der[p++];
    if (tag === undefined || (expectTag !== undefined && tag !== expectTag)) throw new Error('unexpected DER');
    let len = der[p++] ?? 0;
    if (len >= 0x80) {
      const n = len & 0x7f;
      if (n < 1 || n > 3) throw new Error('bad DER length');
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | (der[p++] ?? 0);
    }
    const start = p;
    if (start + len > der.length) throw new Error('truncated DER');
    return { tag, start, end: start + len };
  };
  try {
    tlv(0x30); // Certificate
    tlv(0x30); // tbsCertificate
    const at = p;
    if (der[at] === 0xa0) p = tlv().end; // [0] version
    p = tlv(0x02).end; // serialNumber
    p = tlv(0x30).end; // signature AlgorithmIdentifier
    const nameStart = p;
    const name = tlv(0x30); // issuer Name
    return Buffer.from(der.subarray(nameStart, name.end));
  } catch {
    return null;
  }
}

const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');

function keyInfo(cert: X509Certificate): { keyType: string; keyBits: number | null; curve: string | null } {
  const k = cert.publicKey;
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

/** node exposes no signature algorithm; read its OID from the DER (RFC 5280 section 4.1.1.2). */
const SIG_OIDS: Readonly<Record<string, string>> = {
  '2a864886f70d010104': 'md5WithRSAEncryption', '2a864886f70d010105': 'sha1WithRSAEncryption',
  '2a864886f70d01010b': 'sha256WithRSAEncryption', '2a864886f70d01010c': 'sha384WithRSAEncryption',
  '2a864886f70d01010d': 'sha512WithRSAEncryption', '2a864886f70d01010a': 'rsassaPss',
  '2a8648ce3d040301': 'ecdsa-with-SHA1', '2a8648ce3d040302': 'ecdsa-with-SHA256',
  '2a8648ce3d040303': 'ecdsa-with-SHA384', '2a8648ce3d040304': 'ecdsa-with-SHA512',
  '2b6570': 'Ed25519', '2b6571': 'Ed448', '2a8648ce380403': 'dsa-with-SHA1', '608648016503040302': 'dsa-with-SHA256',
};

export function signatureAlgorithm(der: Uint8Array): string {
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature }
  try {
    let p = 0;
    const len = (): number => {
      const b = der[p++] ?? 0;
      if (b < 0x80) return b;
      let n = 0;
      for (let i = 0; i < (b & 0x7f); i++) n = (n << 8) | (der[p++] ?? 0);
      return n;
    };
    p++; len(); // outer SEQUENCE
    p++;
    const tbsLength = len(); // read before adding: `p += len()` would add to the old p
    p += tbsLength; // tbsCertificate
    p++; len(); // AlgorithmIdentifier SEQUENCE
    if (der[p++] !== 0x06) return 'unknown';
    const l = len();
    const oid = Buffer.from(der.subarray(p, p + l)).toString('hex');
    return SIG_OIDS[oid] ?? `oid:${oid}`;
  } catch {
    return 'unknown';
  }
}

function verifyChain(leaf: X509Certificate, chain: X509Certificate[], now: Date, store: TrustStore): { trusted: boolean; error: string | null } {
  // A self-signed leaf is trusted only if it is itself in the store: compare the DER instead of
  // parsing the roots (the most common case on mail servers).
  if (chain.length === 1 && leaf.subject === leaf.issuer && leaf.verify(leaf.publicKey)) {
    const der = leaf.raw;
    return store.roots.some((r) => r.equals(der)) ? { trusted: true, error: null } : { trusted: false, error: 'self-signed certificate' };
  }
  let cur = leaf;
  const pool = [...chain.slice(1)];
  for (let depth = 0; depth < 10; depth++) {
    const anchor = rootsFor(cur, store).find((r) => r.subject === cur.issuer && cur.verify(r.publicKey));
    if (anchor) {
      return new Date(anchor.validTo) < now ? { trusted: false, error: 'the root certificate has expired' } : { trusted: true, error: null };
    }
    const next = pool.find((c) => c.subject === cur.issuer && cur.verify(c.publicKey));
    if (!next) {
      if (cur.subject === cur.issuer && cur.verify(cur.publicKey)) return { trusted: false, error: depth === 0 ? 'self-signed certificate' : 'the chain ends in a root not in the system store' };
      return { trusted: false, error: 'the issuer certificate is missing (incomplete chain) or unknown' };
    }
    if (new Date(next.validTo) < now) return { trusted: false, error: `an intermediate certificate expired (${next.subject.split('\n').join(', ')})` };
    pool.splice(pool.indexOf(next), 1);
    cur = next;
  }
  return { trusted: false, error: 'the chain is too long' };
}

/** Facts about one leaf and its chain as sent. `host` is what the user asked for. */
export function describeCertificate(
  chainDer: readonly Uint8Array[], host: string, servedFor: string[], now = new Date(), store: TrustStore = systemTrustStore(),
): CertificateResult | null {
  const parsed: X509Certificate[] = [];
  for (const der of chainDer) {
    try {
      parsed.push(new X509Certificate(Buffer.from(der)));
    } catch {
      break; // keep what parsed; a broken chain member is a trust problem, reported below
    }
  }
  const leaf = parsed[0];
  if (!leaf || !chainDer[0]) return null;
  const { trusted, error } = verifyChain(leaf, parsed, now, store);
  const notAfter = new Date(leaf.validTo);
  const notBefore = new Date(leaf.validFrom);
  const expired = notAfter < now;
  const selfSigned = leaf.subject === leaf.issuer && leaf.verify(leaf.publicKey);
  const sans = (leaf.subjectAltName ?? '').split(/,\s*/).filter(Boolean);
  const ip = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
  const nameMatches = ip ? (leaf.checkIP(host.replace(/^\[|\]$/g, '')) !== undefined ? true : null) : leaf.checkHost(host) !== undefined;
  return {
    ...keyInfo(leaf),
    subject: oneLine(leaf.subject),
    issuer: oneLine(leaf.issuer),
    sans,
    serialNumber: leaf.serialNumber,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    signatureAlgorithm: signatureAlgorithm(chainDer[0]),
    fingerprintSha256: leaf.fingerprint256,
    selfSigned,
    trusted: trusted && !expired,
    trustError: expired ? 'the certificate has expired' : notBefore > now ? 'the certificate is not valid yet' : error,
    trustStore: store.source,
    nameMatches,
    chain: parsed.map((c) => ({ subject: oneLine(c.subject), issuer: oneLine(c.issuer), notAfter: new Date(c.validTo).toISOString() })),
    servedFor,
  };
}
