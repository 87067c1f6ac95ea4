/**
 * TLS SignatureScheme values (RFC 8446 section 4.2.3, IANA "TLS SignatureScheme") and the
 * TLS 1.2 HashAlgorithm/SignatureAlgorithm pairs (RFC 5246 section 7.4.1.4.1) that share the
 * same two bytes: hash (1 md5, 2 sha1, 3 sha224, 4 sha256, 5 sha384, 6 sha512) then
 * signature (1 rsa, 2 dsa, 3 ecdsa). The legacy pairs matter: old servers refuse a
 * ClientHello whose signature_algorithms they cannot satisfy.
 */

export interface SignatureScheme {
  readonly code: number;
  readonly name: string;
  /** Only meaningful up to TLS 1.2 (md5, sha1, sha224 and DSA pairs). */
  readonly legacy: boolean;
}

const ROWS: readonly (readonly [number, string, boolean])[] = [
  [0x0101, 'rsa_md5', true],
  [0x0102, 'dsa_md5', true],
  [0x0103, 'ecdsa_md5', true],
  [0x0201, 'rsa_pkcs1_sha1', true],
  [0x0202, 'dsa_sha1', true],
  [0x0203, 'ecdsa_sha1', true],
  [0x0301, 'rsa_sha224', true],
  [0x0302, 'dsa_sha224', true],
  [0x0303, 'ecdsa_sha224', true],
  [0x0401, 'rsa_pkcs1_sha256', false],
  [0x0402, 'dsa_sha256', true],
  [0x0403, 'ecdsa_secp256r1_sha256', false],
  [0x0420, 'rsa_pkcs1_sha256_legacy', false],
  [0x0501, 'rsa_pkcs1_sha384', false],
  [0x0502, 'dsa_sha384', true],
  [0x0503, 'ecdsa_secp384r1_sha384', false],
  [0x0520, 'rsa_pkcs1_sha384_legacy', false],
  [0x0601, 'rsa_pkcs1_sha512', false],
  [0x0602, 'dsa_sha512', true],
  [0x0603, 'ecdsa_secp521r1_sha512', false],
  [0x0620, 'rsa_pkcs1_sha512_legacy', false],
  [0x0704, 'eccsi_sha256', false],
  [0x0705, 'iso_ibs1', false],
  [0x0706, 'iso_ibs2', false],
  [0x0707, 'iso_chinese_ibs', false],
  [0x0708, 'sm2sig_sm3', false],
  [0x0709, 'gostr34102012_256a', false],
  [0x070a, 'gostr34102012_256b', false],
  [0x070b, 'gostr34102012_256c', false],
  [0x070c, 'gostr34102012_256d', false],
  [0x070d, 'gostr34102012_512a', false],
  [0x070e, 'gostr34102012_512b', false],
  [0x070f, 'gostr34102012_512c', false],
  [0x0804, 'rsa_pss_rsae_sha256', false],
  [0x0805, 'rsa_pss_rsae_sha384', false],
  [0x0806, 'rsa_pss_rsae_sha512', false],
  [0x0807, 'ed25519', false],
  [0x0808, 'ed448', false],
  [0x0809, 'rsa_pss_pss_sha256', false],
  [0x080a, 'rsa_pss_pss_sha384', false],
  [0x080b, 'rsa_pss_pss_sha512', false],
  [0x081a, 'ecdsa_brainpoolP256r1tls13_sha256', false],
  [0x081b, 'ecdsa_brainpoolP384r1tls13_sha384', false],
  [0x081c, 'ecdsa_brainpoolP512r1tls13_sha512', false],
  [0x0904, 'mldsa44', false],
  [0x0905, 'mldsa65', false],
  [0x0906, 'mldsa87', false],
];

export const SIGNATURE_SCHEMES: readonly SignatureScheme[] = ROWS.map(([code, name, legacy]) => ({ code, name, legacy }));

const byCode = new Map(SIGNATURE_SCHEMES.map((s) => [s.code, s]));

export function signatureSchemeByCode(code: number): SignatureScheme | undefined {
  return byCode.get(code);
}

export function signatureSchemeName(code: number): string {
  return byCode.get(code)?.name ?? `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What the scanner offers: modern schemes first, then every legacy pair, so that servers of
 * any age find something to sign with (RFC 5246 section 7.4.1.4.1: a server with no match
 * may abort the handshake).
 */
export const BROAD_SIGNATURE_SCHEMES: readonly number[] = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x081a, 0x081b, 0x081c,
  0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b,
  0x0401, 0x0501, 0x0601, 0x0402, 0x0502, 0x0602,
  0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202, 0x0103, 0x0101, 0x0102,
];
