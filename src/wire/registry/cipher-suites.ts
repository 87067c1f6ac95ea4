/**
 * The cipher suite registry with everything a scanner or report needs per suite. The rows (code,
 * IANA name, OpenSSL name) are in cipher-suite-table.ts; the properties here follow from the IANA
 * name, whose grammar is fixed (RFC 5246 appendix A.5: TLS_<kx>_<auth>_WITH_<cipher>_<mac>;
 * RFC 8446 appendix B.4: TLS_<AEAD>_<HKDF hash> for TLS 1.3), through two small data tables below.
 * The unit test checks the result against `openssl ciphers -V` for every suite OpenSSL knows.
 */
import { PROTOCOL } from './versions.js';
import {
  IANA_CIPHER_SUITE_ROWS,
  SSLV2_CIPHER_KIND_ROWS,
  UNREGISTERED_CIPHER_SUITE_ROWS,
  type SuiteRow,
} from './cipher-suite-table.js';

export type KeyExchange =
  | 'RSA' | 'DH' | 'DHE' | 'ECDH' | 'ECDHE' | 'PSK' | 'DHE_PSK' | 'RSA_PSK' | 'ECDHE_PSK'
  | 'SRP' | 'KRB5' | 'GOST' | 'ECCPWD' | 'NULL' | 'ANY';

export type Authentication =
  | 'RSA' | 'DSS' | 'ECDSA' | 'anon' | 'PSK' | 'SRP' | 'KRB5' | 'GOST' | 'ECCPWD' | 'NULL' | 'ANY';

export interface CipherSuite {
  /** Two-byte code (three for SSLv2 kinds). */
  readonly code: number;
  /** "0xC030"; six hex digits for SSLv2 kinds ("0x0700C0"). */
  readonly hex: string;
  /** IANA name (SSL_CK_* for SSLv2 kinds; draft names for unregistered codes). */
  readonly iana: string;
  /** OpenSSL's name, also for suites current OpenSSL no longer implements; null if it never had one. */
  readonly openssl: string | null;
  /** In the IANA registry (false: draft or vendor code, or an SSLv2 kind). */
  readonly registered: boolean;
  /** An SSLv2 cipher kind, offered only in an SSLv2 CLIENT-HELLO. */
  readonly sslv2: boolean;
  /** A signalling value (TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV), not a suite. */
  readonly signalling: boolean;
  /** Key exchange; 'ANY' for TLS 1.3 suites (negotiated separately). */
  readonly kx: KeyExchange;
  /** Server authentication; 'anon' for anonymous suites. */
  readonly auth: Authentication;
  /** Bulk cipher as in the IANA name: 'AES_128_GCM', '3DES_EDE_CBC', 'RC4_40', 'NULL'. */
  readonly enc: string;
  /** Effective key bits: 40 for export, 0 for NULL, 112 for 3DES, 56 for DES. */
  readonly encBits: number;
  /** Record MAC: 'MD5', 'SHA' (SHA-1), 'SHA256', 'SHA384', 'AEAD', 'NULL', GOST MACs. */
  readonly mac: string;
  /** Export-grade (40/56-bit) suite. */
  readonly export: boolean;
  /** Oldest protocol version the suite is defined for (wire code). */
  readonly minVersion: number;
  /** Newest protocol version it can be used with (TLS 1.2 for pre-1.3 suites). */
  readonly maxVersion: number;
  readonly aead: boolean;
  readonly cbc: boolean;
}

interface KxInfo {
  readonly kx: KeyExchange;
  readonly auth: Authentication;
  readonly export?: boolean;
}

/** The part of an IANA name before `_WITH_`. */
const KX_TABLE: Readonly<Record<string, KxInfo>> = {
  NULL: { kx: 'NULL', auth: 'NULL' },
  RSA: { kx: 'RSA', auth: 'RSA' },
  RSA_EXPORT: { kx: 'RSA', auth: 'RSA', export: true },
  RSA_EXPORT1024: { kx: 'RSA', auth: 'RSA', export: true },
  DH_DSS: { kx: 'DH', auth: 'DSS' },
  DH_DSS_EXPORT: { kx: 'DH', auth: 'DSS', export: true },
  DH_RSA: { kx: 'DH', auth: 'RSA' },
  DH_RSA_EXPORT: { kx: 'DH', auth: 'RSA', export: true },
  DHE_DSS: { kx: 'DHE', auth: 'DSS' },
  DHE_DSS_EXPORT: { kx: 'DHE', auth: 'DSS', export: true },
  DHE_DSS_EXPORT1024: { kx: 'DHE', auth: 'DSS', export: true },
  DHE_RSA: { kx: 'DHE', auth: 'RSA' },
  DHE_RSA_EXPORT: { kx: 'DHE', auth: 'RSA', export: true },
  // anonymous DH is ephemeral (the server sends its parameters unsigned)
  DH_anon: { kx: 'DHE', auth: 'anon' },
  DH_anon_EXPORT: { kx: 'DHE', auth: 'anon', export: true },
  ECDH_ECDSA: { kx: 'ECDH', auth: 'ECDSA' },
  ECDH_RSA: { kx: 'ECDH', auth: 'RSA' },
  ECDHE_ECDSA: { kx: 'ECDHE', auth: 'ECDSA' },
  ECDHE_RSA: { kx: 'ECDHE', auth: 'RSA' },
  ECDH_anon: { kx: 'ECDHE', auth: 'anon' },
  KRB5: { kx: 'KRB5', auth: 'KRB5' },
  KRB5_EXPORT: { kx: 'KRB5', auth: 'KRB5', export: true },
  PSK: { kx: 'PSK', auth: 'PSK' },
  DHE_PSK: { kx: 'DHE_PSK', auth: 'PSK' },
  PSK_DHE: { kx: 'DHE_PSK', auth: 'PSK' },
  RSA_PSK: { kx: 'RSA_PSK', auth: 'RSA' },
  ECDHE_PSK: { kx: 'ECDHE_PSK', auth: 'PSK' },
  SRP_SHA: { kx: 'SRP', auth: 'SRP' },
  SRP_SHA_RSA: { kx: 'SRP', auth: 'RSA' },
  SRP_SHA_DSS: { kx: 'SRP', auth: 'DSS' },
  ECCPWD: { kx: 'ECCPWD', auth: 'ECCPWD' },
  GOSTR341094: { kx: 'GOST', auth: 'GOST' },
  // Cryptocom's pre-standard suite: RSA key transport with the GOST 28147 cipher
  GOSTR341094_RSA: { kx: 'RSA', auth: 'RSA' },
  GOSTR341001: { kx: 'GOST', auth: 'GOST' },
  GOSTR341112_256: { kx: 'GOST', auth: 'GOST' },
};

interface EncInfo {
  readonly bits: number;
  readonly aead?: boolean;
  readonly cbc?: boolean;
}

/** Bulk ciphers as spelled in IANA names; bits are effective key bits. */
const ENC_TABLE: Readonly<Record<string, EncInfo>> = {
  NULL: { bits: 0 },
  RC4_40: { bits: 40 },
  RC4_56: { bits: 56 },
  RC4_64: { bits: 64 },
  RC4_128: { bits: 128 },
  RC2_CBC_40: { bits: 40, cbc: true },
  RC2_CBC_56: { bits: 56, cbc: true },
  RC2_CBC_128: { bits: 128, cbc: true },
  DES40_CBC: { bits: 40, cbc: true },
  DES_CBC_40: { bits: 40, cbc: true },
  DES_CBC: { bits: 56, cbc: true },
  // three-key 3DES gives 112 bits against meet-in-the-middle (NIST SP 800-57)
  '3DES_EDE_CBC': { bits: 112, cbc: true },
  IDEA_CBC: { bits: 128, cbc: true },
  SEED_CBC: { bits: 128, cbc: true },
  AES_128_CBC: { bits: 128, cbc: true },
  AES_256_CBC: { bits: 256, cbc: true },
  AES_128_GCM: { bits: 128, aead: true },
  AES_256_GCM: { bits: 256, aead: true },
  AES_128_CCM: { bits: 128, aead: true },
  AES_256_CCM: { bits: 256, aead: true },
  AES_128_CCM_8: { bits: 128, aead: true },
  AES_256_CCM_8: { bits: 256, aead: true },
  CAMELLIA_128_CBC: { bits: 128, cbc: true },
  CAMELLIA_256_CBC: { bits: 256, cbc: true },
  CAMELLIA_128_GCM: { bits: 128, aead: true },
  CAMELLIA_256_GCM: { bits: 256, aead: true },
  ARIA_128_CBC: { bits: 128, cbc: true },
  ARIA_256_CBC: { bits: 256, cbc: true },
  ARIA_128_GCM: { bits: 128, aead: true },
  ARIA_256_GCM: { bits: 256, aead: true },
  CHACHA20_POLY1305: { bits: 256, aead: true },
  SM4_GCM: { bits: 128, aead: true },
  SM4_CCM: { bits: 128, aead: true },
  AEGIS_256: { bits: 256, aead: true },
  AEGIS_128L: { bits: 128, aead: true },
  '28147_CNT': { bits: 256 },
  KUZNYECHIK_CTR: { bits: 256 },
  MAGMA_CTR: { bits: 256 },
  KUZNYECHIK_MGM_L: { bits: 256, aead: true },
  KUZNYECHIK_MGM_S: { bits: 256, aead: true },
  MAGMA_MGM_L: { bits: 256, aead: true },
  MAGMA_MGM_S: { bits: 256, aead: true },
};

/** Longest first so AES_128_CCM_8 wins over AES_128_CCM. */
const ENC_NAMES = Object.keys(ENC_TABLE).sort((a, b) => b.length - a.length);

/** SSLv2 kinds are named differently (SSL_CK_<cipher>_WITH_MD5); map them onto ENC_TABLE names. */
const SSLV2_ENC: Readonly<Record<string, { enc: string; export?: boolean }>> = {
  RC4_128: { enc: 'RC4_128' },
  RC4_128_EXPORT40: { enc: 'RC4_40', export: true },
  RC2_128_CBC: { enc: 'RC2_CBC_128' },
  RC2_128_CBC_EXPORT40: { enc: 'RC2_CBC_40', export: true },
  IDEA_128_CBC: { enc: 'IDEA_CBC' },
  DES_64_CBC: { enc: 'DES_CBC' },
  DES_192_EDE3_CBC: { enc: '3DES_EDE_CBC' },
  RC4_64: { enc: 'RC4_64' },
};

const SIGNALLING = new Set([0x00ff, 0x5600]);
const PSK_FAMILY = new Set<KeyExchange>(['PSK', 'DHE_PSK', 'RSA_PSK', 'ECDHE_PSK']);
const ECC_FAMILY = new Set<KeyExchange>(['ECDH', 'ECDHE', 'ECDHE_PSK']);

/** "0xC030" (four digits) or "0x0700C0" (six, SSLv2). */
export function formatSuiteCode(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(code > 0xffff ? 6 : 4, '0')}`;
}

/** Many suites share a cipher-and-MAC part (AES_128_CBC_SHA has dozens of key exchanges): split each once. */
const splitCache = new Map<string, { enc: string; mac: string }>();

function splitCipherMac(right: string): { enc: string; mac: string } {
  const cached = splitCache.get(right);
  if (cached) return cached;
  const enc = ENC_NAMES.find((e) => right === e || right.startsWith(`${e}_`));
  if (enc === undefined) throw new Error(`cipher registry: unknown cipher in ${right}`);
  const split = { enc, mac: right.slice(enc.length + 1) };
  splitCache.set(right, split);
  return split;
}

/**
 * One literal with every field in the same order, so all suites share one object shape: object
 * spreads would build each through a chain of shape transitions, which showed as a third of
 * this module's load time (~400 rows, at every start of the CLI).
 */
function suite(
  row: SuiteRow, registered: boolean, sslv2: boolean, signalling: boolean, kx: KeyExchange, auth: Authentication,
  enc: string, encBits: number, mac: string, exportGrade: boolean, minVersion: number, maxVersion: number, aead: boolean, cbc: boolean,
): CipherSuite {
  const [code, iana, openssl] = row;
  return {
    code, hex: formatSuiteCode(code), iana, openssl, registered, sslv2, signalling, kx, auth, enc, encBits, mac,
    export: exportGrade, minVersion, maxVersion, aead, cbc,
  };
}

function describe(row: SuiteRow, registered: boolean): CipherSuite {
  const [code, iana] = row;
  if (code > 0xffff) {
    const cipherPart = iana.replace(/^SSL_CK_/, '').replace(/_WITH_MD5$/, '');
    const v2 = SSLV2_ENC[cipherPart];
    if (!v2) throw new Error(`cipher registry: unknown SSLv2 kind ${iana}`);
    const info = ENC_TABLE[v2.enc];
    if (!info) throw new Error(`cipher registry: unknown cipher ${v2.enc}`);
    return suite(row, registered, true, false, 'RSA', 'RSA', v2.enc, info.bits, 'MD5', v2.export === true, PROTOCOL.SSLv2, PROTOCOL.SSLv2, false, info.cbc === true);
  }
  if (SIGNALLING.has(code)) {
    return suite(row, registered, false, true, 'NULL', 'NULL', 'NULL', 0, 'NULL', false, PROTOCOL.SSLv3, PROTOCOL.TLSv1_3, false, false);
  }
  let name = iana.startsWith('TLS_') ? iana.slice(4) : iana;
  if (name.endsWith('_OLD')) name = name.slice(0, -4);
  const withAt = name.indexOf('_WITH_');
  let kxInfo: KxInfo;
  let right: string;
  if (withAt < 0) {
    // TLS 1.3 style: TLS_<AEAD>_<hash>, key exchange and authentication negotiated separately
    kxInfo = { kx: 'ANY', auth: 'ANY' };
    right = name;
  } else {
    const left = name.slice(0, withAt);
    const found = KX_TABLE[left];
    if (!found) throw new Error(`cipher registry: unknown key exchange ${left} in ${iana}`);
    kxInfo = found;
    right = name.slice(withAt + 6);
  }
  // RFC 9150 integrity-only suites: TLS_SHA256_SHA256
  const { enc, mac: macToken } = right === 'SHA256_SHA256' || right === 'SHA384_SHA384' ? { enc: 'NULL', mac: right.slice(0, 6) } : splitCipherMac(right);
  const info = ENC_TABLE[enc];
  if (!info) throw new Error(`cipher registry: unknown cipher ${enc}`);
  const aead = info.aead === true;
  const mac = aead ? 'AEAD' : macToken === '' ? 'NULL' : macToken;
  const tls13 = withAt < 0 || right.endsWith('_MGM_L') || right.endsWith('_MGM_S');
  let minVersion: number;
  if (tls13) minVersion = PROTOCOL.TLSv1_3;
  else if (aead || kxInfo.kx === 'GOST' && name.startsWith('GOSTR341112')) minVersion = PROTOCOL.TLSv1_2;
  else if ((mac === 'SHA256' || mac === 'SHA384') && !PSK_FAMILY.has(kxInfo.kx)) minVersion = PROTOCOL.TLSv1_2;
  // RFC 4492 defines the ECC suites for TLS 1.0 and later; RFC 5487/5489 allow the PSK
  // SHA-256/384 CBC suites with TLS 1.0's PRF, and OpenSSL offers them from TLS 1.0
  else if (ECC_FAMILY.has(kxInfo.kx) || PSK_FAMILY.has(kxInfo.kx) && (mac === 'SHA256' || mac === 'SHA384')) minVersion = PROTOCOL.TLSv1_0;
  else minVersion = PROTOCOL.SSLv3;
  return suite(
    row, registered, false, false, tls13 ? 'ANY' : kxInfo.kx, tls13 ? 'ANY' : kxInfo.auth, enc, info.bits, mac,
    kxInfo.export === true, minVersion, tls13 ? PROTOCOL.TLSv1_3 : PROTOCOL.TLSv1_2, aead, info.cbc === true,
  );
}

/** Every known code: IANA registry, then unregistered codes, then SSLv2 kinds; ordered by code. */
export const CIPHER_SUITES: readonly CipherSuite[] = [
  ...IANA_CIPHER_SUITE_ROWS.map((r) => describe(r, true)),
  ...UNREGISTERED_CIPHER_SUITE_ROWS.map((r) => describe(r, false)),
  ...SSLV2_CIPHER_KIND_ROWS.map((r) => describe(r, false)),
].sort((a, b) => a.code - b.code);

const byCode = new Map(CIPHER_SUITES.map((s) => [s.code, s]));
const byIana = new Map(CIPHER_SUITES.map((s) => [s.iana, s]));
const byOpenssl = new Map<string, CipherSuite>();
for (const s of CIPHER_SUITES) {
  // SSLv2 kinds share names with TLS suites (RC4-MD5); the TLS suite owns the name
  if (s.openssl !== null && !(s.sslv2 && byOpenssl.has(s.openssl))) byOpenssl.set(s.openssl, s);
}

export function cipherSuiteByCode(code: number): CipherSuite | undefined {
  return byCode.get(code);
}

export function cipherSuiteByIana(name: string): CipherSuite | undefined {
  return byIana.get(name);
}

/**
 * By OpenSSL name, case-sensitive like OpenSSL. Accepts the EDH-/DHE- spellings of the DHE
 * suites interchangeably (OpenSSL 1.1.0 renamed EDH-* to DHE-* and kept the old ones as aliases).
 */
export function cipherSuiteByOpenssl(name: string): CipherSuite | undefined {
  const direct = byOpenssl.get(name);
  if (direct) return direct;
  const alias = name.replace(/^(EXP-)?EDH-/, '$1DHE-');
  if (alias !== name) return byOpenssl.get(alias);
  const back = name.replace(/^(EXP-)?DHE-(RSA|DSS)-DES-CBC-SHA$/, '$1EDH-$2-DES-CBC-SHA');
  return back !== name ? byOpenssl.get(back) : undefined;
}

/** TLS suites (not SSLv2 kinds, not SCSVs) usable with the given protocol version. */
export function cipherSuitesForVersion(version: number): CipherSuite[] {
  if (version === PROTOCOL.SSLv2) return CIPHER_SUITES.filter((s) => s.sslv2);
  return CIPHER_SUITES.filter((s) => !s.sslv2 && !s.signalling && s.minVersion <= version && s.maxVersion >= version);
}
