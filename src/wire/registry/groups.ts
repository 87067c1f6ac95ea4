/**
 * IANA "TLS Supported Groups" (RFC 8422 section 5.1.1, RFC 7919, RFC 8446 section 4.2.7,
 * draft-ietf-tls-ecdhe-mlkem and draft-connolly-tls-mlkem-key-agreement for the ML-KEM codes).
 * `openssl` is the name OpenSSL and Postfix's tls_eecdh_auto_curves / tls_ffdhe_auto_groups
 * accept; `bits` is the size OpenSSL reports for a key of that group (the classical part of a
 * hybrid, the parameter set of a pure ML-KEM group).
 */

export type GroupKind = 'ec' | 'ff' | 'hybrid' | 'pq' | 'explicit';

export interface NamedGroup {
  readonly code: number;
  readonly hex: string;
  readonly name: string;
  readonly openssl: string | null;
  readonly bits: number;
  readonly kind: GroupKind;
  /** Allowed in TLS 1.3 (RFC 8446 section 4.2.7 dropped the sect*, secp*k1 and small curves). */
  readonly tls13: boolean;
  /** Deprecated by RFC 8422 (or later), or a withdrawn draft codepoint. */
  readonly deprecated: boolean;
}

type GroupRow = readonly [code: number, name: string, openssl: string | null, bits: number, kind: GroupKind, tls13: boolean, deprecated: boolean];

const ROWS: readonly GroupRow[] = [
  [1, 'sect163k1', 'sect163k1', 163, 'ec', false, true],
  [2, 'sect163r1', 'sect163r1', 163, 'ec', false, true],
  [3, 'sect163r2', 'sect163r2', 163, 'ec', false, true],
  [4, 'sect193r1', 'sect193r1', 193, 'ec', false, true],
  [5, 'sect193r2', 'sect193r2', 193, 'ec', false, true],
  [6, 'sect233k1', 'sect233k1', 233, 'ec', false, true],
  [7, 'sect233r1', 'sect233r1', 233, 'ec', false, true],
  [8, 'sect239k1', 'sect239k1', 239, 'ec', false, true],
  [9, 'sect283k1', 'sect283k1', 283, 'ec', false, true],
  [10, 'sect283r1', 'sect283r1', 283, 'ec', false, true],
  [11, 'sect409k1', 'sect409k1', 409, 'ec', false, true],
  [12, 'sect409r1', 'sect409r1', 409, 'ec', false, true],
  [13, 'sect571k1', 'sect571k1', 571, 'ec', false, true],
  [14, 'sect571r1', 'sect571r1', 571, 'ec', false, true],
  [15, 'secp160k1', 'secp160k1', 160, 'ec', false, true],
  [16, 'secp160r1', 'secp160r1', 160, 'ec', false, true],
  [17, 'secp160r2', 'secp160r2', 160, 'ec', false, true],
  [18, 'secp192k1', 'secp192k1', 192, 'ec', false, true],
  [19, 'secp192r1', 'prime192v1', 192, 'ec', false, true],
  [20, 'secp224k1', 'secp224k1', 224, 'ec', false, true],
  [21, 'secp224r1', 'secp224r1', 224, 'ec', false, true],
  [22, 'secp256k1', 'secp256k1', 256, 'ec', false, true],
  [23, 'secp256r1', 'prime256v1', 256, 'ec', true, false],
  [24, 'secp384r1', 'secp384r1', 384, 'ec', true, false],
  [25, 'secp521r1', 'secp521r1', 521, 'ec', true, false],
  [26, 'brainpoolP256r1', 'brainpoolP256r1', 256, 'ec', false, false],
  [27, 'brainpoolP384r1', 'brainpoolP384r1', 384, 'ec', false, false],
  [28, 'brainpoolP512r1', 'brainpoolP512r1', 512, 'ec', false, false],
  [29, 'x25519', 'X25519', 253, 'ec', true, false],
  [30, 'x448', 'X448', 448, 'ec', true, false],
  // RFC 8734: the same curves, for TLS 1.3
  [31, 'brainpoolP256r1tls13', 'brainpoolP256r1tls13', 256, 'ec', true, false],
  [32, 'brainpoolP384r1tls13', 'brainpoolP384r1tls13', 384, 'ec', true, false],
  [33, 'brainpoolP512r1tls13', 'brainpoolP512r1tls13', 512, 'ec', true, false],
  // RFC 9189: GOST R 34.10-2012 curves
  [34, 'GC256A', 'GC256A', 256, 'ec', true, false],
  [35, 'GC256B', 'GC256B', 256, 'ec', true, false],
  [36, 'GC256C', 'GC256C', 256, 'ec', true, false],
  [37, 'GC256D', 'GC256D', 256, 'ec', true, false],
  [38, 'GC512A', 'GC512A', 512, 'ec', true, false],
  [39, 'GC512B', 'GC512B', 512, 'ec', true, false],
  [40, 'GC512C', 'GC512C', 512, 'ec', true, false],
  // RFC 8998
  [41, 'curveSM2', 'SM2', 256, 'ec', true, false],
  // RFC 7919 finite-field groups
  [256, 'ffdhe2048', 'ffdhe2048', 2048, 'ff', true, false],
  [257, 'ffdhe3072', 'ffdhe3072', 3072, 'ff', true, false],
  [258, 'ffdhe4096', 'ffdhe4096', 4096, 'ff', true, false],
  [259, 'ffdhe6144', 'ffdhe6144', 6144, 'ff', true, false],
  [260, 'ffdhe8192', 'ffdhe8192', 8192, 'ff', true, false],
  // ML-KEM alone and hybrids (OpenSSL 3.5+ names)
  [512, 'MLKEM512', 'MLKEM512', 512, 'pq', true, false],
  [513, 'MLKEM768', 'MLKEM768', 768, 'pq', true, false],
  [514, 'MLKEM1024', 'MLKEM1024', 1024, 'pq', true, false],
  [0x11eb, 'SecP256r1MLKEM768', 'SecP256r1MLKEM768', 256, 'hybrid', true, false],
  [0x11ec, 'X25519MLKEM768', 'X25519MLKEM768', 253, 'hybrid', true, false],
  [0x11ed, 'SecP384r1MLKEM1024', 'SecP384r1MLKEM1024', 384, 'hybrid', true, false],
  // withdrawn Kyber drafts, still answered by some servers
  [0x6399, 'X25519Kyber768Draft00', 'X25519Kyber768Draft00', 253, 'hybrid', true, true],
  [0x639a, 'SecP256r1Kyber768Draft00', 'SecP256r1Kyber768Draft00', 256, 'hybrid', true, true],
  // RFC 8422: explicit curve parameters in ServerKeyExchange (deprecated)
  [0xff01, 'arbitrary_explicit_prime_curves', null, 0, 'explicit', false, true],
  [0xff02, 'arbitrary_explicit_char2_curves', null, 0, 'explicit', false, true],
];

export const NAMED_GROUPS: readonly NamedGroup[] = ROWS.map(([code, name, openssl, bits, kind, tls13, deprecated]) => ({
  code, hex: `0x${code.toString(16).toUpperCase().padStart(4, '0')}`, name, openssl, bits, kind, tls13, deprecated,
}));

const byCode = new Map(NAMED_GROUPS.map((g) => [g.code, g]));
const byName = new Map<string, NamedGroup>();
for (const g of NAMED_GROUPS) {
  byName.set(g.name.toLowerCase(), g);
  if (g.openssl) byName.set(g.openssl.toLowerCase(), g);
}
// NIST names OpenSSL also accepts
byName.set('p-256', byCode.get(23) as NamedGroup);
byName.set('p-384', byCode.get(24) as NamedGroup);
byName.set('p-521', byCode.get(25) as NamedGroup);

export const GROUP = {
  secp256r1: 23,
  secp384r1: 24,
  secp521r1: 25,
  x25519: 29,
  x448: 30,
  ffdhe2048: 256,
  ffdhe3072: 257,
  ffdhe4096: 258,
  ffdhe6144: 259,
  ffdhe8192: 260,
  X25519MLKEM768: 0x11ec,
} as const;

export function groupByCode(code: number): NamedGroup | undefined {
  return byCode.get(code);
}

/** By IANA or OpenSSL name, case-insensitive ("prime256v1", "secp256r1", "P-256", "X25519"). */
export function groupByName(name: string): NamedGroup | undefined {
  return byName.get(name.toLowerCase());
}

/** "x25519" for 29, "0x1234" for unknown codes (GREASE included). */
export function groupName(code: number): string {
  return byCode.get(code)?.name ?? `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
