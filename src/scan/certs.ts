/**
 * The scan's CertificateResult for one leaf and its chain as sent, for every leaf the server
 * holds (RSA and ECDSA on a dual-certificate Postfix), not only the one a default handshake
 * shows. The certificate facts and the chain walk are src/wire/cert-info.ts; this adds the trust
 * store (trust-store.ts, the system bundle by default), the leaf's own validity and the name the
 * user asked for.
 */
import { isIP } from 'node:net';
import { certificateInfo, chainTrust, isoDate, oneLine, parseChain } from '../wire/cert-info.js';
import { systemTrustStore, type TrustStore } from './trust-store.js';
import type { CertificateResult } from './types.js';

export { issuerName, signatureAlgorithm } from '../wire/cert-info.js';

/** Facts about one leaf and its chain as sent. `host` is what the user asked for. Null when the leaf does not parse. */
export function describeCertificate(
  chainDer: readonly Uint8Array[], host: string, servedFor: string[], now = new Date(), store: TrustStore = systemTrustStore(),
): CertificateResult | null {
  const parsed = parseChain(chainDer);
  const leaf = parsed[0];
  if (!leaf) return null;
  const info = certificateInfo(leaf);
  const { trusted, error } = chainTrust(parsed, store.roots, now);
  const notAfter = new Date(info.notAfter);
  const notBefore = new Date(info.notBefore);
  const expired = notAfter < now;
  const bare = host.replace(/^\[|\]$/g, '');
  const nameMatches = isIP(bare) !== 0 ? (leaf.checkIP(bare) !== undefined ? true : null) : leaf.checkHost(host) !== undefined;
  // The keys in the order the scan's JSON has always had them.
  return {
    keyType: info.keyType,
    keyBits: info.keyBits,
    curve: info.curve,
    subject: info.subject,
    issuer: info.issuer,
    sans: info.sans,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    signatureAlgorithm: info.signatureAlgorithm,
    fingerprintSha256: info.fingerprintSha256,
    selfSigned: info.selfSigned,
    trusted: trusted && !expired,
    trustError: expired ? 'the certificate has expired' : notBefore > now ? 'the certificate is not valid yet' : error,
    trustStore: store.source,
    nameMatches,
    chain: parsed.map((c) => ({ subject: oneLine(c.subject), issuer: oneLine(c.issuer), notAfter: isoDate(c.validTo) })),
    servedFor,
  };
}
