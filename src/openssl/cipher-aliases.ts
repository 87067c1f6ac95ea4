/**
 * The words of an OpenSSL cipher string, as data: each alias selects suites by the same five
 * masks OpenSSL's `cipher_aliases[]` (ssl/ssl_ciph.c) carries — key exchange, authentication,
 * encryption, MAC, minimum protocol — plus the strength bits (HIGH/MEDIUM/LOW/STRONG_NONE,
 * FIPS, NOT_DEFAULT). An empty mask means "any". Aliases for algorithms no stock build enables
 * (GOST, DTLS versions in a TLS context) are listed so that they are known words that select
 * nothing, which is exactly what OpenSSL does with them.
 */
import type { Au, CipherTls, Enc, Kx, Mac } from './cipher-table.js';

export type StrengthBit = 'HIGH' | 'MEDIUM' | 'LOW' | 'STRONG_NONE' | 'FIPS';

export interface CipherAlias {
  readonly kx?: readonly Kx[];
  readonly au?: readonly Au[];
  readonly enc?: readonly Enc[];
  readonly mac?: readonly Mac[];
  readonly minTls?: CipherTls;
  /** SSL_STRONG_MASK part of algo_strength. */
  readonly strength?: readonly StrengthBit[];
  /** SSL_NOT_DEFAULT (COMPLEMENTOFDEFAULT). */
  readonly notDefault?: true;
  /** Known word that selects nothing in a TLS context of a stock build (GOST, DTLS...). */
  readonly none?: true;
}

const ALL_ENC: readonly Enc[] = [
  'AES128', 'AES256', 'AES128GCM', 'AES256GCM', 'AES128CCM', 'AES256CCM', 'AES128CCM8', 'AES256CCM8',
  'CHACHA20POLY1305', 'CAMELLIA128', 'CAMELLIA256', 'ARIA128GCM', 'ARIA256GCM', '3DES', 'RC4', 'SEED', 'IDEA',
];
const ALL_AU_BUT_NULL: readonly Au[] = ['aRSA', 'aDSS', 'aECDSA', 'aPSK', 'aSRP'];
const AES: readonly Enc[] = ['AES128', 'AES256', 'AES128GCM', 'AES256GCM', 'AES128CCM', 'AES256CCM', 'AES128CCM8', 'AES256CCM8'];
const PSK: readonly Kx[] = ['kPSK', 'kRSAPSK', 'kDHEPSK', 'kECDHEPSK'];

/** OpenSSL 1.1.1 and 3.x aliases (ssl_ciph.c `cipher_aliases[]`). */
export const CIPHER_ALIASES: Readonly<Record<string, CipherAlias>> = {
  // "ALL" leaves out eNULL; COMPLEMENTOFALL is exactly eNULL.
  ALL: { enc: ALL_ENC },
  COMPLEMENTOFALL: { enc: ['eNULL'] },
  COMPLEMENTOFDEFAULT: { notDefault: true },
  // key exchange
  kRSA: { kx: ['kRSA'] },
  kEDH: { kx: ['kDHE'] }, kDHE: { kx: ['kDHE'] }, DH: { kx: ['kDHE'] },
  kEECDH: { kx: ['kECDHE'] }, kECDHE: { kx: ['kECDHE'] }, ECDH: { kx: ['kECDHE'] },
  kPSK: { kx: ['kPSK'] }, kRSAPSK: { kx: ['kRSAPSK'] }, kECDHEPSK: { kx: ['kECDHEPSK'] }, kDHEPSK: { kx: ['kDHEPSK'] },
  kSRP: { kx: ['kSRP'] },
  kGOST: { none: true }, kGOST18: { none: true },
  // authentication
  aRSA: { au: ['aRSA'] },
  aDSS: { au: ['aDSS'] }, DSS: { au: ['aDSS'] },
  aNULL: { au: ['aNULL'] },
  aECDSA: { au: ['aECDSA'] }, ECDSA: { au: ['aECDSA'] },
  aPSK: { au: ['aPSK'] },
  aGOST01: { none: true }, aGOST12: { none: true }, aGOST: { none: true },
  aSRP: { au: ['aSRP'] },
  // key exchange + authentication
  EDH: { kx: ['kDHE'], au: ALL_AU_BUT_NULL }, DHE: { kx: ['kDHE'], au: ALL_AU_BUT_NULL },
  EECDH: { kx: ['kECDHE'], au: ALL_AU_BUT_NULL }, ECDHE: { kx: ['kECDHE'], au: ALL_AU_BUT_NULL },
  NULL: { enc: ['eNULL'] },
  RSA: { kx: ['kRSA'], au: ['aRSA'] },
  ADH: { kx: ['kDHE'], au: ['aNULL'] },
  AECDH: { kx: ['kECDHE'], au: ['aNULL'] },
  PSK: { kx: PSK },
  SRP: { kx: ['kSRP'] },
  // encryption
  '3DES': { enc: ['3DES'] }, RC4: { enc: ['RC4'] }, RC2: { none: true }, IDEA: { enc: ['IDEA'] }, SEED: { enc: ['SEED'] },
  eNULL: { enc: ['eNULL'] }, GOST: { none: true }, MAGMA: { none: true }, KUZNYECHIK: { none: true },
  AES128: { enc: ['AES128', 'AES128GCM', 'AES128CCM', 'AES128CCM8'] },
  AES256: { enc: ['AES256', 'AES256GCM', 'AES256CCM', 'AES256CCM8'] },
  AES: { enc: AES },
  AESGCM: { enc: ['AES128GCM', 'AES256GCM'] },
  AESCCM: { enc: ['AES128CCM', 'AES256CCM', 'AES128CCM8', 'AES256CCM8'] },
  AESCCM8: { enc: ['AES128CCM8', 'AES256CCM8'] },
  CAMELLIA128: { enc: ['CAMELLIA128'] }, CAMELLIA256: { enc: ['CAMELLIA256'] }, CAMELLIA: { enc: ['CAMELLIA128', 'CAMELLIA256'] },
  CHACHA20: { enc: ['CHACHA20POLY1305'] },
  ARIA: { enc: ['ARIA128GCM', 'ARIA256GCM'] }, ARIAGCM: { enc: ['ARIA128GCM', 'ARIA256GCM'] },
  ARIA128: { enc: ['ARIA128GCM'] }, ARIA256: { enc: ['ARIA256GCM'] },
  CBC: { enc: ['AES128', 'AES256', 'CAMELLIA128', 'CAMELLIA256', '3DES', 'SEED', 'IDEA'] },
  // MAC
  MD5: { mac: ['MD5'] }, SHA1: { mac: ['SHA1'] }, SHA: { mac: ['SHA1'] }, SHA256: { mac: ['SHA256'] }, SHA384: { mac: ['SHA384'] },
  GOST94: { none: true }, GOST89MAC: { none: true }, GOST12: { none: true },
  // protocol versions: min_tls must be equal, not "at least" (ssl_cipher_apply_rule)
  SSLv3: { minTls: 'SSLv3' }, TLSv1: { minTls: 'TLSv1' }, 'TLSv1.0': { minTls: 'TLSv1' }, 'TLSv1.2': { minTls: 'TLSv1.2' },
  DTLSv1: { none: true }, 'DTLSv1.0': { none: true }, 'DTLSv1.2': { none: true },
  // strength classes
  LOW: { strength: ['LOW'] }, MEDIUM: { strength: ['MEDIUM'] }, HIGH: { strength: ['HIGH'] },
  FIPS: { enc: ALL_ENC, strength: ['FIPS'] },
  // old "EDH-" names kept as aliases of the DHE 3DES suites (HIGH|FIPS: matches them through FIPS)
  'EDH-DSS-DES-CBC3-SHA': { kx: ['kDHE'], au: ['aDSS'], enc: ['3DES'], mac: ['SHA1'], strength: ['HIGH', 'FIPS'] },
  'EDH-RSA-DES-CBC3-SHA': { kx: ['kDHE'], au: ['aRSA'], enc: ['3DES'], mac: ['SHA1'], strength: ['HIGH', 'FIPS'] },
};

/**
 * OpenSSL 1.0.2 differences (1.0.2 ssl_ciph.c): TLSv1 is the same bit as SSLv3 (SSL_TLSV1 ==
 * SSL_SSLV3), COMPLEMENTOFDEFAULT means the anonymous (EC)DH suites, and the aliases of
 * algorithms 1.0.2 lacks (CHACHA20, ARIA, AESCCM, CBC, kECDHEPSK ...) are unknown words.
 */
export const CIPHER_ALIASES_102_OVERRIDES: Readonly<Record<string, CipherAlias | null>> = {
  COMPLEMENTOFDEFAULT: { kx: ['kDHE', 'kECDHE'], au: ['aNULL'], enc: ALL_ENC },
  PSK: { kx: ['kPSK'] },
  CHACHA20: null, ARIA: null, ARIAGCM: null, ARIA128: null, ARIA256: null, AESCCM: null, AESCCM8: null, CBC: null,
  kRSAPSK: null, kECDHEPSK: null, kDHEPSK: null, 'TLSv1.0': null, kGOST18: null, MAGMA: null, KUZNYECHIK: null,
};

/** OpenSSL 1.1.1: "CBC" (and the GOST 2018 words) arrived with 3.0. */
export const CIPHER_ALIASES_111_OVERRIDES: Readonly<Record<string, CipherAlias | null>> = {
  CBC: null, kGOST18: null, MAGMA: null, KUZNYECHIK: null,
};

/** The default list OpenSSL expands a leading "DEFAULT" to (SSL_DEFAULT_CIPHER_LIST / OSSL_default_cipher_list()). */
export const DEFAULT_CIPHER_LIST_111 = 'ALL:!COMPLEMENTOFDEFAULT:!eNULL';
export const DEFAULT_CIPHER_LIST_102 = 'ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2';

/** Suite B prefixes (check_suiteb_cipher_list): the whole string is replaced. Longest first. */
export const SUITEB_PREFIXES: readonly (readonly [string, string])[] = [
  ['SUITEB128ONLY', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  ['SUITEB128C2', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['SUITEB128', 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['SUITEB192', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
];
