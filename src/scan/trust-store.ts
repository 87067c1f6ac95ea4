/**
 * The CA certificates a "trusted" verdict is judged against: the system's bundle, found where
 * OpenSSL looks for it (SSL_CERT_FILE, then the distributions' bundle files), so a private CA
 * the administrator installed with update-ca-certificates counts, as it does for Postfix's own
 * smtp client and for `openssl s_client`. Node's built-in Mozilla list (node:tls
 * rootCertificates) stands in only when no bundle can be read.
 *
 * Only DER is kept: base64 is cheap, X509Certificate parsing is not (~40 ms for ~140 roots on a
 * small machine), so certs.ts parses just the roots whose subject matches an issuer.
 */
import { readFileSync, statSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

export interface TrustStore {
  /** A bundle file's path, or 'node:tls rootCertificates'. */
  readonly source: string;
  /** DER of each root, in the bundle's order. */
  readonly roots: readonly Buffer[];
}

/**
 * Debian/Ubuntu/Alpine/Arch, RHEL/Fedora, SUSE, then BSD-style: the files OpenSSL's
 * distribution builds name as their default (OPENSSLDIR/cert.pem links to one of them).
 */
export const SYSTEM_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** A bundle larger than this is not a CA bundle (Debian's is ~220 kB); it is not read whole. */
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/**
 * Every `BEGIN CERTIFICATE` block of a PEM text as DER; anything else (comments, keys, garbage)
 * is skipped. Plain index scanning: Node's base64 decoder skips line breaks itself, and a
 * regular expression over a 200 kB bundle cost more than the rest of the load.
 */
export function pemCertificates(text: string): Buffer[] {
  const out: Buffer[] = [];
  for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at)) {
    const body = at + BEGIN.length;
    const end = text.indexOf(END, body);
    if (end < 0) break;
    const b64 = text.slice(body, end);
    at = end + END.length;
    // Base64 and whitespace only: Node's decoder would silently skip anything else.
    if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) continue;
    const der = Buffer.from(b64, 'base64');
    // A DER certificate is a SEQUENCE; a block that decodes to anything else is not one.
    if (der.length > 16 && der[0] === 0x30) out.push(der);
  }
  return out;
}

function readBundle(path: string): Buffer[] | null {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_BUNDLE_BYTES) return null;
    const roots = pemCertificates(readFileSync(path, 'latin1'));
    return roots.length > 0 ? roots : null;
  } catch {
    return null;
  }
}

/** The store for this environment: `SSL_CERT_FILE` when it names a readable bundle, else the first system bundle found, else Node's list. */
export function loadTrustStore(env: NodeJS.ProcessEnv = process.env, bundles: readonly string[] = SYSTEM_BUNDLES): TrustStore {
  for (const path of [env['SSL_CERT_FILE'], ...bundles]) {
    if (!path) continue;
    const roots = readBundle(path);
    if (roots) return { source: path, roots };
  }
  return { source: 'node:tls rootCertificates', roots: rootCertificates.flatMap((pem) => pemCertificates(pem)) };
}

let systemStore: TrustStore | undefined;

/** loadTrustStore(), read once per process (only when a certificate is judged). */
export function systemTrustStore(): TrustStore {
  systemStore ??= loadTrustStore();
  return systemStore;
}
