/**
 * TLS 1.3 cipher suites as OpenSSL knows them, and the `Ciphersuites` list syntax
 * (SSL_CTX_set_ciphersuites(), ssl/ssl_ciph.c ciphersuite_cb()): names separated by ':',
 * blanks around them ignored, matched case-sensitively against the standard names; names
 * OpenSSL does not know are skipped without error, an empty list disables TLS 1.3.
 * The default list is OSSL_default_ciphersuites() (TLS_DEFAULT_CIPHERSUITES), the same in
 * 1.1.1 and 3.x; the two CCM suites exist but are off unless listed.
 */
import { OPENSSL_DEFAULT_TLS13_SUITES, type Tls13Suite } from './server-order.js';

interface Known extends Tls13Suite {
  /** First OpenSSL release line that knows the name. */
  readonly since: '1.1.1' | '3.4';
}

const KNOWN: readonly Known[] = [
  { code: 0x1301, name: 'TLS_AES_128_GCM_SHA256', since: '1.1.1' },
  { code: 0x1302, name: 'TLS_AES_256_GCM_SHA384', since: '1.1.1' },
  { code: 0x1303, name: 'TLS_CHACHA20_POLY1305_SHA256', since: '1.1.1' },
  { code: 0x1304, name: 'TLS_AES_128_CCM_SHA256', since: '1.1.1' },
  { code: 0x1305, name: 'TLS_AES_128_CCM_8_SHA256', since: '1.1.1' },
  // RFC 9150 integrity-only suites (OpenSSL 3.4, CHANGES.md).
  { code: 0xc0b4, name: 'TLS_SHA256_SHA256', since: '3.4' },
  { code: 0xc0b5, name: 'TLS_SHA384_SHA384', since: '3.4' },
];

function versionNumber(v: string): number | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return null;
  return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3] ?? 0);
}

/** Whether the release has TLS 1.3 at all (1.1.1 and later). */
export function hasTls13(opensslVersion: string): boolean {
  const n = versionNumber(opensslVersion);
  return n === null || n >= 10101;
}

export function tls13SuitesOf(opensslVersion: string): readonly Tls13Suite[] {
  const n = versionNumber(opensslVersion) ?? 30000;
  if (n < 10101) return [];
  return KNOWN.filter((k) => k.since === '1.1.1' || n >= 30400).map(({ code, name }) => ({ code, name }));
}

/** The suites a context has before any Ciphersuites command. */
export function defaultTls13Suites(opensslVersion: string): readonly Tls13Suite[] {
  return hasTls13(opensslVersion) ? OPENSSL_DEFAULT_TLS13_SUITES : [];
}

export function tls13ByCode(code: number): Tls13Suite | undefined {
  const k = KNOWN.find((s) => s.code === code);
  return k ? { code: k.code, name: k.name } : undefined;
}

export interface CiphersuitesResult {
  /** In the list's order, each once. */
  readonly suites: readonly Tls13Suite[];
  /** Names OpenSSL skips. */
  readonly ignored: readonly string[];
  /** 1.1.1 rejects a name longer than 79 characters (the command fails). */
  readonly error?: string;
}

export function parseCiphersuites(value: string, opensslVersion: string): CiphersuitesResult {
  const known = tls13SuitesOf(opensslVersion);
  const suites: Tls13Suite[] = [];
  const ignored: string[] = [];
  const old = (versionNumber(opensslVersion) ?? 30000) < 30000;
  for (const raw of value.split(':')) {
    const name = raw.trim();
    if (name.length > 79) {
      if (old) return { suites, ignored, error: `suite name longer than 79 characters: "${name.slice(0, 40)}..."` };
      ignored.push(name);
      continue;
    }
    const s = known.find((k) => k.name === name);
    if (s === undefined) {
      if (name !== '') ignored.push(name);
    } else if (!suites.some((x) => x.code === s.code)) suites.push(s);
  }
  return { suites, ignored };
}
