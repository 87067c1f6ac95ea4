/**
 * The TLS ≤1.2 cipher suites OpenSSL knows, as data: one row per suite with the attributes
 * OpenSSL's cipher-string engine matches on (the algorithm_mkey / algorithm_auth /
 * algorithm_enc / algorithm_mac bits, min/max protocol, strength class, strength bits,
 * SSL_FIPS and SSL_NOT_DEFAULT flags of `ssl3_ciphers[]` in OpenSSL's ssl/s3_lib.c).
 *
 * The 155 suites a default OpenSSL 3.0 build enables were generated from
 * `openssl ciphers -stdname -V -v 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'` (3.0.19) plus the
 * HIGH / FIPS / COMPLEMENTOFDEFAULT aliases, and cipher-table.test.ts re-checks them against
 * the local binary. The rows below them (3DES, RC4, SEED, IDEA) exist in the source but are
 * off in default builds: 3DES and RC4 sit under OPENSSL_NO_WEAK_SSL_CIPHERS from 1.1.0 on
 * (`enable-weak-ssl-ciphers` brings them back), and from 3.0 SEED, IDEA and RC4 need the
 * "legacy" provider, because ssl_load_ciphers() disables every algorithm_enc whose EVP cipher
 * cannot be fetched. Export and single-DES suites were removed in 1.1.0 (and compiled out by
 * default from 1.0.2g); they are not modelled. GOST suites need an engine/provider that no
 * stock build loads; not modelled either.
 *
 * `since` is the first release line that has the row. IANA code = the TLS CipherSuite value
 * (RFC 8446 §B.4 registry), the join key with src/wire's registry.
 */

/** OpenSSL release lines the evaluator models. 3.0–3.5 share one TLS ≤1.2 table. */
export const OPENSSL_LINES = ['1.0.2', '1.1.1', '3.0', '3.1', '3.2', '3.3', '3.4', '3.5'] as const;
export type OpensslLine = (typeof OPENSSL_LINES)[number];

/** algorithm_mkey values (SSL_k*). kEDH/kEECDH are aliases of kDHE/kECDHE. */
export type Kx = 'kRSA' | 'kDHE' | 'kECDHE' | 'kPSK' | 'kRSAPSK' | 'kDHEPSK' | 'kECDHEPSK' | 'kSRP';
/** algorithm_auth values (SSL_a*). */
export type Au = 'aRSA' | 'aDSS' | 'aECDSA' | 'aNULL' | 'aPSK' | 'aSRP';
/** algorithm_enc values (SSL_AES128GCM, SSL_CHACHA20POLY1305, ...). */
export type Enc =
  | 'AES128' | 'AES256' | 'AES128GCM' | 'AES256GCM' | 'AES128CCM' | 'AES256CCM' | 'AES128CCM8' | 'AES256CCM8'
  | 'CHACHA20POLY1305' | 'CAMELLIA128' | 'CAMELLIA256' | 'ARIA128GCM' | 'ARIA256GCM'
  | '3DES' | 'RC4' | 'SEED' | 'IDEA' | 'eNULL';
/** algorithm_mac values. */
export type Mac = 'MD5' | 'SHA1' | 'SHA256' | 'SHA384' | 'AEAD';
export type CipherTls = 'SSLv3' | 'TLSv1' | 'TLSv1.2';
/** Strength classes (SSL_HIGH, SSL_MEDIUM, SSL_LOW, SSL_STRONG_NONE; EXPORT is gone since 1.1.0). */
export type Strength = 'HIGH' | 'MEDIUM' | 'LOW' | 'STRONG_NONE';

export interface OpensslCipher {
  /** IANA CipherSuite value, e.g. 0xC02F. */
  readonly code: number;
  /** OpenSSL name, e.g. ECDHE-RSA-AES128-GCM-SHA256. */
  readonly name: string;
  /** IANA (RFC) name, as `openssl ciphers -stdname` prints it. */
  readonly stdname: string;
  readonly kx: Kx;
  readonly au: Au;
  readonly enc: Enc;
  readonly mac: Mac;
  /** min_tls: the lowest protocol that may negotiate it (also what the SSLv3/TLSv1/TLSv1.2 aliases match). */
  readonly minTls: CipherTls;
  /** max_tls, when below TLS 1.2 (only IDEA: TLS 1.1). */
  readonly maxTls?: 'TLSv1.1';
  readonly strength: Strength;
  /** strength_bits: what @STRENGTH sorts on and security levels compare. */
  readonly bits: number;
  /** alg_bits: the cipher's key size. */
  readonly algBits: number;
  /** SSL_FIPS. */
  readonly fips?: true;
  /** SSL_NOT_DEFAULT: in COMPLEMENTOFDEFAULT, hence out of DEFAULT (1.1.0+). */
  readonly notDefault?: true;
  /** Under OPENSSL_NO_WEAK_SSL_CIPHERS (3DES, RC4): absent from default 1.1.0+ builds. */
  readonly weak?: true;
  /** First release line with the row. */
  readonly since: '1.0.2' | '1.1.0' | '1.1.1';
}

/** Encryption algorithms that OpenSSL 3 only finds in the legacy provider. */
export const LEGACY_PROVIDER_ENC: readonly Enc[] = ['RC4', 'SEED', 'IDEA'];

export const OPENSSL_CIPHERS: readonly OpensslCipher[] = [
  // Enabled in a default OpenSSL 3.0 build (generated from openssl ciphers, sorted by code).
  { code: 0x0001, name: 'NULL-MD5', stdname: 'TLS_RSA_WITH_NULL_MD5', kx: 'kRSA', au: 'aRSA', enc: 'eNULL', mac: 'MD5', minTls: 'SSLv3', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.0.2' },
  { code: 0x0002, name: 'NULL-SHA', stdname: 'TLS_RSA_WITH_NULL_SHA', kx: 'kRSA', au: 'aRSA', enc: 'eNULL', mac: 'SHA1', minTls: 'SSLv3', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.0.2' },
  { code: 0x002C, name: 'PSK-NULL-SHA', stdname: 'TLS_PSK_WITH_NULL_SHA', kx: 'kPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA1', minTls: 'SSLv3', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x002D, name: 'DHE-PSK-NULL-SHA', stdname: 'TLS_DHE_PSK_WITH_NULL_SHA', kx: 'kDHEPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA1', minTls: 'SSLv3', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x002E, name: 'RSA-PSK-NULL-SHA', stdname: 'TLS_RSA_PSK_WITH_NULL_SHA', kx: 'kRSAPSK', au: 'aRSA', enc: 'eNULL', mac: 'SHA1', minTls: 'SSLv3', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x002F, name: 'AES128-SHA', stdname: 'TLS_RSA_WITH_AES_128_CBC_SHA', kx: 'kRSA', au: 'aRSA', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0x0032, name: 'DHE-DSS-AES128-SHA', stdname: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA', kx: 'kDHE', au: 'aDSS', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x0033, name: 'DHE-RSA-AES128-SHA', stdname: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', kx: 'kDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0x0034, name: 'ADH-AES128-SHA', stdname: 'TLS_DH_anon_WITH_AES_128_CBC_SHA', kx: 'kDHE', au: 'aNULL', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x0035, name: 'AES256-SHA', stdname: 'TLS_RSA_WITH_AES_256_CBC_SHA', kx: 'kRSA', au: 'aRSA', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0x0038, name: 'DHE-DSS-AES256-SHA', stdname: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA', kx: 'kDHE', au: 'aDSS', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x0039, name: 'DHE-RSA-AES256-SHA', stdname: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', kx: 'kDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0x003A, name: 'ADH-AES256-SHA', stdname: 'TLS_DH_anon_WITH_AES_256_CBC_SHA', kx: 'kDHE', au: 'aNULL', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x003B, name: 'NULL-SHA256', stdname: 'TLS_RSA_WITH_NULL_SHA256', kx: 'kRSA', au: 'aRSA', enc: 'eNULL', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.0.2' },
  { code: 0x003C, name: 'AES128-SHA256', stdname: 'TLS_RSA_WITH_AES_128_CBC_SHA256', kx: 'kRSA', au: 'aRSA', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0x003D, name: 'AES256-SHA256', stdname: 'TLS_RSA_WITH_AES_256_CBC_SHA256', kx: 'kRSA', au: 'aRSA', enc: 'AES256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0x0040, name: 'DHE-DSS-AES128-SHA256', stdname: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256', kx: 'kDHE', au: 'aDSS', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x0041, name: 'CAMELLIA128-SHA', stdname: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x0044, name: 'DHE-DSS-CAMELLIA128-SHA', stdname: 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x0045, name: 'DHE-RSA-CAMELLIA128-SHA', stdname: 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x0046, name: 'ADH-CAMELLIA128-SHA', stdname: 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x0067, name: 'DHE-RSA-AES128-SHA256', stdname: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', kx: 'kDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0x006A, name: 'DHE-DSS-AES256-SHA256', stdname: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256', kx: 'kDHE', au: 'aDSS', enc: 'AES256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x006B, name: 'DHE-RSA-AES256-SHA256', stdname: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', kx: 'kDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0x006C, name: 'ADH-AES128-SHA256', stdname: 'TLS_DH_anon_WITH_AES_128_CBC_SHA256', kx: 'kDHE', au: 'aNULL', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x006D, name: 'ADH-AES256-SHA256', stdname: 'TLS_DH_anon_WITH_AES_256_CBC_SHA256', kx: 'kDHE', au: 'aNULL', enc: 'AES256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x0084, name: 'CAMELLIA256-SHA', stdname: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', notDefault: true },
  { code: 0x0087, name: 'DHE-DSS-CAMELLIA256-SHA', stdname: 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', notDefault: true },
  { code: 0x0088, name: 'DHE-RSA-CAMELLIA256-SHA', stdname: 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', notDefault: true },
  { code: 0x0089, name: 'ADH-CAMELLIA256-SHA', stdname: 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', notDefault: true },
  { code: 0x008C, name: 'PSK-AES128-CBC-SHA', stdname: 'TLS_PSK_WITH_AES_128_CBC_SHA', kx: 'kPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0x008D, name: 'PSK-AES256-CBC-SHA', stdname: 'TLS_PSK_WITH_AES_256_CBC_SHA', kx: 'kPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0x0090, name: 'DHE-PSK-AES128-CBC-SHA', stdname: 'TLS_DHE_PSK_WITH_AES_128_CBC_SHA', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x0091, name: 'DHE-PSK-AES256-CBC-SHA', stdname: 'TLS_DHE_PSK_WITH_AES_256_CBC_SHA', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x0094, name: 'RSA-PSK-AES128-CBC-SHA', stdname: 'TLS_RSA_PSK_WITH_AES_128_CBC_SHA', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x0095, name: 'RSA-PSK-AES256-CBC-SHA', stdname: 'TLS_RSA_PSK_WITH_AES_256_CBC_SHA', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x009C, name: 'AES128-GCM-SHA256', stdname: 'TLS_RSA_WITH_AES_128_GCM_SHA256', kx: 'kRSA', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0x009D, name: 'AES256-GCM-SHA384', stdname: 'TLS_RSA_WITH_AES_256_GCM_SHA384', kx: 'kRSA', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0x009E, name: 'DHE-RSA-AES128-GCM-SHA256', stdname: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', kx: 'kDHE', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0x009F, name: 'DHE-RSA-AES256-GCM-SHA384', stdname: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', kx: 'kDHE', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0x00A2, name: 'DHE-DSS-AES128-GCM-SHA256', stdname: 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', kx: 'kDHE', au: 'aDSS', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x00A3, name: 'DHE-DSS-AES256-GCM-SHA384', stdname: 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384', kx: 'kDHE', au: 'aDSS', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x00A6, name: 'ADH-AES128-GCM-SHA256', stdname: 'TLS_DH_anon_WITH_AES_128_GCM_SHA256', kx: 'kDHE', au: 'aNULL', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x00A7, name: 'ADH-AES256-GCM-SHA384', stdname: 'TLS_DH_anon_WITH_AES_256_GCM_SHA384', kx: 'kDHE', au: 'aNULL', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true, notDefault: true },
  { code: 0x00A8, name: 'PSK-AES128-GCM-SHA256', stdname: 'TLS_PSK_WITH_AES_128_GCM_SHA256', kx: 'kPSK', au: 'aPSK', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x00A9, name: 'PSK-AES256-GCM-SHA384', stdname: 'TLS_PSK_WITH_AES_256_GCM_SHA384', kx: 'kPSK', au: 'aPSK', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x00AA, name: 'DHE-PSK-AES128-GCM-SHA256', stdname: 'TLS_DHE_PSK_WITH_AES_128_GCM_SHA256', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x00AB, name: 'DHE-PSK-AES256-GCM-SHA384', stdname: 'TLS_DHE_PSK_WITH_AES_256_GCM_SHA384', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x00AC, name: 'RSA-PSK-AES128-GCM-SHA256', stdname: 'TLS_RSA_PSK_WITH_AES_128_GCM_SHA256', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x00AD, name: 'RSA-PSK-AES256-GCM-SHA384', stdname: 'TLS_RSA_PSK_WITH_AES_256_GCM_SHA384', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x00AE, name: 'PSK-AES128-CBC-SHA256', stdname: 'TLS_PSK_WITH_AES_128_CBC_SHA256', kx: 'kPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x00AF, name: 'PSK-AES256-CBC-SHA384', stdname: 'TLS_PSK_WITH_AES_256_CBC_SHA384', kx: 'kPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x00B0, name: 'PSK-NULL-SHA256', stdname: 'TLS_PSK_WITH_NULL_SHA256', kx: 'kPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA256', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x00B1, name: 'PSK-NULL-SHA384', stdname: 'TLS_PSK_WITH_NULL_SHA384', kx: 'kPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA384', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x00B2, name: 'DHE-PSK-AES128-CBC-SHA256', stdname: 'TLS_DHE_PSK_WITH_AES_128_CBC_SHA256', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x00B3, name: 'DHE-PSK-AES256-CBC-SHA384', stdname: 'TLS_DHE_PSK_WITH_AES_256_CBC_SHA384', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x00B4, name: 'DHE-PSK-NULL-SHA256', stdname: 'TLS_DHE_PSK_WITH_NULL_SHA256', kx: 'kDHEPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA256', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x00B5, name: 'DHE-PSK-NULL-SHA384', stdname: 'TLS_DHE_PSK_WITH_NULL_SHA384', kx: 'kDHEPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA384', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x00B6, name: 'RSA-PSK-AES128-CBC-SHA256', stdname: 'TLS_RSA_PSK_WITH_AES_128_CBC_SHA256', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0x00B7, name: 'RSA-PSK-AES256-CBC-SHA384', stdname: 'TLS_RSA_PSK_WITH_AES_256_CBC_SHA384', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0x00B8, name: 'RSA-PSK-NULL-SHA256', stdname: 'TLS_RSA_PSK_WITH_NULL_SHA256', kx: 'kRSAPSK', au: 'aRSA', enc: 'eNULL', mac: 'SHA256', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x00B9, name: 'RSA-PSK-NULL-SHA384', stdname: 'TLS_RSA_PSK_WITH_NULL_SHA384', kx: 'kRSAPSK', au: 'aRSA', enc: 'eNULL', mac: 'SHA384', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0x00BA, name: 'CAMELLIA128-SHA256', stdname: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0x00BD, name: 'DHE-DSS-CAMELLIA128-SHA256', stdname: 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0x00BE, name: 'DHE-RSA-CAMELLIA128-SHA256', stdname: 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0x00BF, name: 'ADH-CAMELLIA128-SHA256', stdname: 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0x00C0, name: 'CAMELLIA256-SHA256', stdname: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0x00C3, name: 'DHE-DSS-CAMELLIA256-SHA256', stdname: 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0x00C4, name: 'DHE-RSA-CAMELLIA256-SHA256', stdname: 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0x00C5, name: 'ADH-CAMELLIA256-SHA256', stdname: 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA256', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC006, name: 'ECDHE-ECDSA-NULL-SHA', stdname: 'TLS_ECDHE_ECDSA_WITH_NULL_SHA', kx: 'kECDHE', au: 'aECDSA', enc: 'eNULL', mac: 'SHA1', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.0.2' },
  { code: 0xC009, name: 'ECDHE-ECDSA-AES128-SHA', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0xC00A, name: 'ECDHE-ECDSA-AES256-SHA', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0xC010, name: 'ECDHE-RSA-NULL-SHA', stdname: 'TLS_ECDHE_RSA_WITH_NULL_SHA', kx: 'kECDHE', au: 'aRSA', enc: 'eNULL', mac: 'SHA1', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.0.2' },
  { code: 0xC013, name: 'ECDHE-RSA-AES128-SHA', stdname: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', kx: 'kECDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0xC014, name: 'ECDHE-RSA-AES256-SHA', stdname: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', kx: 'kECDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0xC015, name: 'AECDH-NULL-SHA', stdname: 'TLS_ECDH_anon_WITH_NULL_SHA', kx: 'kECDHE', au: 'aNULL', enc: 'eNULL', mac: 'SHA1', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.0.2' },
  { code: 0xC018, name: 'AECDH-AES128-SHA', stdname: 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA', kx: 'kECDHE', au: 'aNULL', enc: 'AES128', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true, notDefault: true },
  { code: 0xC019, name: 'AECDH-AES256-SHA', stdname: 'TLS_ECDH_anon_WITH_AES_256_CBC_SHA', kx: 'kECDHE', au: 'aNULL', enc: 'AES256', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true, notDefault: true },
  { code: 0xC01D, name: 'SRP-AES-128-CBC-SHA', stdname: 'TLS_SRP_SHA_WITH_AES_128_CBC_SHA', kx: 'kSRP', au: 'aSRP', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2' },
  { code: 0xC01E, name: 'SRP-RSA-AES-128-CBC-SHA', stdname: 'TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA', kx: 'kSRP', au: 'aRSA', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2' },
  { code: 0xC01F, name: 'SRP-DSS-AES-128-CBC-SHA', stdname: 'TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA', kx: 'kSRP', au: 'aDSS', enc: 'AES128', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0xC020, name: 'SRP-AES-256-CBC-SHA', stdname: 'TLS_SRP_SHA_WITH_AES_256_CBC_SHA', kx: 'kSRP', au: 'aSRP', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2' },
  { code: 0xC021, name: 'SRP-RSA-AES-256-CBC-SHA', stdname: 'TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA', kx: 'kSRP', au: 'aRSA', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2' },
  { code: 0xC022, name: 'SRP-DSS-AES-256-CBC-SHA', stdname: 'TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA', kx: 'kSRP', au: 'aDSS', enc: 'AES256', mac: 'SHA1', minTls: 'SSLv3', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', notDefault: true },
  { code: 0xC023, name: 'ECDHE-ECDSA-AES128-SHA256', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0xC024, name: 'ECDHE-ECDSA-AES256-SHA384', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256', mac: 'SHA384', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0xC027, name: 'ECDHE-RSA-AES128-SHA256', stdname: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', kx: 'kECDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0xC028, name: 'ECDHE-RSA-AES256-SHA384', stdname: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', kx: 'kECDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA384', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0xC02B, name: 'ECDHE-ECDSA-AES128-GCM-SHA256', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0xC02C, name: 'ECDHE-ECDSA-AES256-GCM-SHA384', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0xC02F, name: 'ECDHE-RSA-AES128-GCM-SHA256', stdname: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', kx: 'kECDHE', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.0.2', fips: true },
  { code: 0xC030, name: 'ECDHE-RSA-AES256-GCM-SHA384', stdname: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', kx: 'kECDHE', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.0.2', fips: true },
  { code: 0xC035, name: 'ECDHE-PSK-AES128-CBC-SHA', stdname: 'TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0xC036, name: 'ECDHE-PSK-AES256-CBC-SHA', stdname: 'TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA1', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0xC037, name: 'ECDHE-PSK-AES128-CBC-SHA256', stdname: 'TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', fips: true },
  { code: 0xC038, name: 'ECDHE-PSK-AES256-CBC-SHA384', stdname: 'TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', fips: true },
  { code: 0xC039, name: 'ECDHE-PSK-NULL-SHA', stdname: 'TLS_ECDHE_PSK_WITH_NULL_SHA', kx: 'kECDHEPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA1', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0xC03A, name: 'ECDHE-PSK-NULL-SHA256', stdname: 'TLS_ECDHE_PSK_WITH_NULL_SHA256', kx: 'kECDHEPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA256', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0xC03B, name: 'ECDHE-PSK-NULL-SHA384', stdname: 'TLS_ECDHE_PSK_WITH_NULL_SHA384', kx: 'kECDHEPSK', au: 'aPSK', enc: 'eNULL', mac: 'SHA384', minTls: 'TLSv1', strength: 'STRONG_NONE', bits: 0, algBits: 0, since: '1.1.0' },
  { code: 0xC050, name: 'ARIA128-GCM-SHA256', stdname: 'TLS_RSA_WITH_ARIA_128_GCM_SHA256', kx: 'kRSA', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC051, name: 'ARIA256-GCM-SHA384', stdname: 'TLS_RSA_WITH_ARIA_256_GCM_SHA384', kx: 'kRSA', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC052, name: 'DHE-RSA-ARIA128-GCM-SHA256', stdname: 'TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256', kx: 'kDHE', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC053, name: 'DHE-RSA-ARIA256-GCM-SHA384', stdname: 'TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384', kx: 'kDHE', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC056, name: 'DHE-DSS-ARIA128-GCM-SHA256', stdname: 'TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256', kx: 'kDHE', au: 'aDSS', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC057, name: 'DHE-DSS-ARIA256-GCM-SHA384', stdname: 'TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384', kx: 'kDHE', au: 'aDSS', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC05C, name: 'ECDHE-ECDSA-ARIA128-GCM-SHA256', stdname: 'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256', kx: 'kECDHE', au: 'aECDSA', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC05D, name: 'ECDHE-ECDSA-ARIA256-GCM-SHA384', stdname: 'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384', kx: 'kECDHE', au: 'aECDSA', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC060, name: 'ECDHE-ARIA128-GCM-SHA256', stdname: 'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256', kx: 'kECDHE', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC061, name: 'ECDHE-ARIA256-GCM-SHA384', stdname: 'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384', kx: 'kECDHE', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC06A, name: 'PSK-ARIA128-GCM-SHA256', stdname: 'TLS_PSK_WITH_ARIA_128_GCM_SHA256', kx: 'kPSK', au: 'aPSK', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC06B, name: 'PSK-ARIA256-GCM-SHA384', stdname: 'TLS_PSK_WITH_ARIA_256_GCM_SHA384', kx: 'kPSK', au: 'aPSK', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC06C, name: 'DHE-PSK-ARIA128-GCM-SHA256', stdname: 'TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256', kx: 'kDHEPSK', au: 'aPSK', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC06D, name: 'DHE-PSK-ARIA256-GCM-SHA384', stdname: 'TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384', kx: 'kDHEPSK', au: 'aPSK', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC06E, name: 'RSA-PSK-ARIA128-GCM-SHA256', stdname: 'TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256', kx: 'kRSAPSK', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.1', notDefault: true },
  { code: 0xC06F, name: 'RSA-PSK-ARIA256-GCM-SHA384', stdname: 'TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384', kx: 'kRSAPSK', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.1', notDefault: true },
  { code: 0xC072, name: 'ECDHE-ECDSA-CAMELLIA128-SHA256', stdname: 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kECDHE', au: 'aECDSA', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC073, name: 'ECDHE-ECDSA-CAMELLIA256-SHA384', stdname: 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384', kx: 'kECDHE', au: 'aECDSA', enc: 'CAMELLIA256', mac: 'SHA384', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC076, name: 'ECDHE-RSA-CAMELLIA128-SHA256', stdname: 'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kECDHE', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC077, name: 'ECDHE-RSA-CAMELLIA256-SHA384', stdname: 'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384', kx: 'kECDHE', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA384', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC094, name: 'PSK-CAMELLIA128-SHA256', stdname: 'TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kPSK', au: 'aPSK', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC095, name: 'PSK-CAMELLIA256-SHA384', stdname: 'TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384', kx: 'kPSK', au: 'aPSK', enc: 'CAMELLIA256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC096, name: 'DHE-PSK-CAMELLIA128-SHA256', stdname: 'TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kDHEPSK', au: 'aPSK', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC097, name: 'DHE-PSK-CAMELLIA256-SHA384', stdname: 'TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384', kx: 'kDHEPSK', au: 'aPSK', enc: 'CAMELLIA256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC098, name: 'RSA-PSK-CAMELLIA128-SHA256', stdname: 'TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kRSAPSK', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC099, name: 'RSA-PSK-CAMELLIA256-SHA384', stdname: 'TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384', kx: 'kRSAPSK', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC09A, name: 'ECDHE-PSK-CAMELLIA128-SHA256', stdname: 'TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256', kx: 'kECDHEPSK', au: 'aPSK', enc: 'CAMELLIA128', mac: 'SHA256', minTls: 'TLSv1', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC09B, name: 'ECDHE-PSK-CAMELLIA256-SHA384', stdname: 'TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384', kx: 'kECDHEPSK', au: 'aPSK', enc: 'CAMELLIA256', mac: 'SHA384', minTls: 'TLSv1', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC09C, name: 'AES128-CCM', stdname: 'TLS_RSA_WITH_AES_128_CCM', kx: 'kRSA', au: 'aRSA', enc: 'AES128CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC09D, name: 'AES256-CCM', stdname: 'TLS_RSA_WITH_AES_256_CCM', kx: 'kRSA', au: 'aRSA', enc: 'AES256CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC09E, name: 'DHE-RSA-AES128-CCM', stdname: 'TLS_DHE_RSA_WITH_AES_128_CCM', kx: 'kDHE', au: 'aRSA', enc: 'AES128CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC09F, name: 'DHE-RSA-AES256-CCM', stdname: 'TLS_DHE_RSA_WITH_AES_256_CCM', kx: 'kDHE', au: 'aRSA', enc: 'AES256CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0A0, name: 'AES128-CCM8', stdname: 'TLS_RSA_WITH_AES_128_CCM_8', kx: 'kRSA', au: 'aRSA', enc: 'AES128CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0A1, name: 'AES256-CCM8', stdname: 'TLS_RSA_WITH_AES_256_CCM_8', kx: 'kRSA', au: 'aRSA', enc: 'AES256CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0A2, name: 'DHE-RSA-AES128-CCM8', stdname: 'TLS_DHE_RSA_WITH_AES_128_CCM_8', kx: 'kDHE', au: 'aRSA', enc: 'AES128CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0A3, name: 'DHE-RSA-AES256-CCM8', stdname: 'TLS_DHE_RSA_WITH_AES_256_CCM_8', kx: 'kDHE', au: 'aRSA', enc: 'AES256CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0A4, name: 'PSK-AES128-CCM', stdname: 'TLS_PSK_WITH_AES_128_CCM', kx: 'kPSK', au: 'aPSK', enc: 'AES128CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0A5, name: 'PSK-AES256-CCM', stdname: 'TLS_PSK_WITH_AES_256_CCM', kx: 'kPSK', au: 'aPSK', enc: 'AES256CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0A6, name: 'DHE-PSK-AES128-CCM', stdname: 'TLS_DHE_PSK_WITH_AES_128_CCM', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0A7, name: 'DHE-PSK-AES256-CCM', stdname: 'TLS_DHE_PSK_WITH_AES_256_CCM', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0A8, name: 'PSK-AES128-CCM8', stdname: 'TLS_PSK_WITH_AES_128_CCM_8', kx: 'kPSK', au: 'aPSK', enc: 'AES128CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0A9, name: 'PSK-AES256-CCM8', stdname: 'TLS_PSK_WITH_AES_256_CCM_8', kx: 'kPSK', au: 'aPSK', enc: 'AES256CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0AA, name: 'DHE-PSK-AES128-CCM8', stdname: 'TLS_PSK_DHE_WITH_AES_128_CCM_8', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0AB, name: 'DHE-PSK-AES256-CCM8', stdname: 'TLS_PSK_DHE_WITH_AES_256_CCM_8', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0AC, name: 'ECDHE-ECDSA-AES128-CCM', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0AD, name: 'ECDHE-ECDSA-AES256-CCM', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256CCM', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xC0AE, name: 'ECDHE-ECDSA-AES128-CCM8', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 128, algBits: 128, since: '1.1.0', notDefault: true },
  { code: 0xC0AF, name: 'ECDHE-ECDSA-AES256-CCM8', stdname: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256CCM8', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0', notDefault: true },
  { code: 0xCCA8, name: 'ECDHE-RSA-CHACHA20-POLY1305', stdname: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', kx: 'kECDHE', au: 'aRSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0' },
  { code: 0xCCA9, name: 'ECDHE-ECDSA-CHACHA20-POLY1305', stdname: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', kx: 'kECDHE', au: 'aECDSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0' },
  { code: 0xCCAA, name: 'DHE-RSA-CHACHA20-POLY1305', stdname: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', kx: 'kDHE', au: 'aRSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0' },
  { code: 0xCCAB, name: 'PSK-CHACHA20-POLY1305', stdname: 'TLS_PSK_WITH_CHACHA20_POLY1305_SHA256', kx: 'kPSK', au: 'aPSK', enc: 'CHACHA20POLY1305', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0' },
  { code: 0xCCAC, name: 'ECDHE-PSK-CHACHA20-POLY1305', stdname: 'TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256', kx: 'kECDHEPSK', au: 'aPSK', enc: 'CHACHA20POLY1305', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0' },
  { code: 0xCCAD, name: 'DHE-PSK-CHACHA20-POLY1305', stdname: 'TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256', kx: 'kDHEPSK', au: 'aPSK', enc: 'CHACHA20POLY1305', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0' },
  { code: 0xCCAE, name: 'RSA-PSK-CHACHA20-POLY1305', stdname: 'TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256', kx: 'kRSAPSK', au: 'aRSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', minTls: 'TLSv1.2', strength: 'HIGH', bits: 256, algBits: 256, since: '1.1.0' },
  // Off by default (see the header): 3DES and RC4 need enable-weak-ssl-ciphers from 1.1.0;
  // SEED, IDEA and RC4 need the legacy provider from 3.0.
  { code: 0x0004, name: 'RC4-MD5', stdname: 'TLS_RSA_WITH_RC4_128_MD5', kx: 'kRSA', au: 'aRSA', enc: 'RC4', mac: 'MD5', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true, weak: true },
  { code: 0x0005, name: 'RC4-SHA', stdname: 'TLS_RSA_WITH_RC4_128_SHA', kx: 'kRSA', au: 'aRSA', enc: 'RC4', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true, weak: true },
  { code: 0x0007, name: 'IDEA-CBC-SHA', stdname: 'TLS_RSA_WITH_IDEA_CBC_SHA', kx: 'kRSA', au: 'aRSA', enc: 'IDEA', mac: 'SHA1', minTls: 'SSLv3', maxTls: 'TLSv1.1', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x000A, name: 'DES-CBC3-SHA', stdname: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', kx: 'kRSA', au: 'aRSA', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0x0013, name: 'DHE-DSS-DES-CBC3-SHA', stdname: 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA', kx: 'kDHE', au: 'aDSS', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0x0016, name: 'DHE-RSA-DES-CBC3-SHA', stdname: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', kx: 'kDHE', au: 'aRSA', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0x0018, name: 'ADH-RC4-MD5', stdname: 'TLS_DH_anon_WITH_RC4_128_MD5', kx: 'kDHE', au: 'aNULL', enc: 'RC4', mac: 'MD5', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true, weak: true },
  { code: 0x001B, name: 'ADH-DES-CBC3-SHA', stdname: 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA', kx: 'kDHE', au: 'aNULL', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0x008A, name: 'PSK-RC4-SHA', stdname: 'TLS_PSK_WITH_RC4_128_SHA', kx: 'kPSK', au: 'aPSK', enc: 'RC4', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true, weak: true },
  { code: 0x008B, name: 'PSK-3DES-EDE-CBC-SHA', stdname: 'TLS_PSK_WITH_3DES_EDE_CBC_SHA', kx: 'kPSK', au: 'aPSK', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0x008E, name: 'DHE-PSK-RC4-SHA', stdname: 'TLS_DHE_PSK_WITH_RC4_128_SHA', kx: 'kDHEPSK', au: 'aPSK', enc: 'RC4', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.1.0', notDefault: true, weak: true },
  { code: 0x008F, name: 'DHE-PSK-3DES-EDE-CBC-SHA', stdname: 'TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA', kx: 'kDHEPSK', au: 'aPSK', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.1.0', fips: true, notDefault: true, weak: true },
  { code: 0x0092, name: 'RSA-PSK-RC4-SHA', stdname: 'TLS_RSA_PSK_WITH_RC4_128_SHA', kx: 'kRSAPSK', au: 'aRSA', enc: 'RC4', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.1.0', notDefault: true, weak: true },
  { code: 0x0093, name: 'RSA-PSK-3DES-EDE-CBC-SHA', stdname: 'TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA', kx: 'kRSAPSK', au: 'aRSA', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.1.0', fips: true, notDefault: true, weak: true },
  { code: 0x0096, name: 'SEED-SHA', stdname: 'TLS_RSA_WITH_SEED_CBC_SHA', kx: 'kRSA', au: 'aRSA', enc: 'SEED', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x0099, name: 'DHE-DSS-SEED-SHA', stdname: 'TLS_DHE_DSS_WITH_SEED_CBC_SHA', kx: 'kDHE', au: 'aDSS', enc: 'SEED', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x009A, name: 'DHE-RSA-SEED-SHA', stdname: 'TLS_DHE_RSA_WITH_SEED_CBC_SHA', kx: 'kDHE', au: 'aRSA', enc: 'SEED', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0x009B, name: 'ADH-SEED-SHA', stdname: 'TLS_DH_anon_WITH_SEED_CBC_SHA', kx: 'kDHE', au: 'aNULL', enc: 'SEED', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true },
  { code: 0xC007, name: 'ECDHE-ECDSA-RC4-SHA', stdname: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', kx: 'kECDHE', au: 'aECDSA', enc: 'RC4', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true, weak: true },
  { code: 0xC008, name: 'ECDHE-ECDSA-DES-CBC3-SHA', stdname: 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', kx: 'kECDHE', au: 'aECDSA', enc: '3DES', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0xC011, name: 'ECDHE-RSA-RC4-SHA', stdname: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', kx: 'kECDHE', au: 'aRSA', enc: 'RC4', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true, weak: true },
  { code: 0xC012, name: 'ECDHE-RSA-DES-CBC3-SHA', stdname: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', kx: 'kECDHE', au: 'aRSA', enc: '3DES', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0xC016, name: 'AECDH-RC4-SHA', stdname: 'TLS_ECDH_anon_WITH_RC4_128_SHA', kx: 'kECDHE', au: 'aNULL', enc: 'RC4', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.0.2', notDefault: true, weak: true },
  { code: 0xC017, name: 'AECDH-DES-CBC3-SHA', stdname: 'TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA', kx: 'kECDHE', au: 'aNULL', enc: '3DES', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', fips: true, notDefault: true, weak: true },
  { code: 0xC01A, name: 'SRP-3DES-EDE-CBC-SHA', stdname: 'TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA', kx: 'kSRP', au: 'aSRP', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', notDefault: true, weak: true },
  { code: 0xC01B, name: 'SRP-RSA-3DES-EDE-CBC-SHA', stdname: 'TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA', kx: 'kSRP', au: 'aRSA', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', notDefault: true, weak: true },
  { code: 0xC01C, name: 'SRP-DSS-3DES-EDE-CBC-SHA', stdname: 'TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA', kx: 'kSRP', au: 'aDSS', enc: '3DES', mac: 'SHA1', minTls: 'SSLv3', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.0.2', notDefault: true, weak: true },
  { code: 0xC033, name: 'ECDHE-PSK-RC4-SHA', stdname: 'TLS_ECDHE_PSK_WITH_RC4_128_SHA', kx: 'kECDHEPSK', au: 'aPSK', enc: 'RC4', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 128, algBits: 128, since: '1.1.0', notDefault: true, weak: true },
  { code: 0xC034, name: 'ECDHE-PSK-3DES-EDE-CBC-SHA', stdname: 'TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA', kx: 'kECDHEPSK', au: 'aPSK', enc: '3DES', mac: 'SHA1', minTls: 'TLSv1', strength: 'MEDIUM', bits: 112, algBits: 168, since: '1.1.0', fips: true, notDefault: true, weak: true },
];

const BY_NAME = new Map(OPENSSL_CIPHERS.map((c) => [c.name, c]));
const BY_CODE = new Map(OPENSSL_CIPHERS.map((c) => [c.code, c]));

export function cipherByName(name: string): OpensslCipher | undefined {
  return BY_NAME.get(name);
}

export function cipherByCode(code: number): OpensslCipher | undefined {
  return BY_CODE.get(code);
}

/** `0xC02F`: the form `mailtls scan` and the JSON reports use. */
export function codeHex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
