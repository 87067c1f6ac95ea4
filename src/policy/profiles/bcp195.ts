/**
 * BCP 195, RFC 9325 (November 2022): "Recommendations for Secure Use of TLS and DTLS".
 * MUST NOT gives insufficient (fail), SHOULD NOT phase-out (warn), RECOMMENDED good.
 *
 * RFC 9325 §5.2 says these rules "might be too strict" for opportunistic security, "since
 * adhering to them could cause fallback to cleartext": this profile applies them as written on
 * every role (the `mail` profile is the relaxed reading for port 25).
 */
import { PASS, fail, warn, type GradeOutcomes, type ProfileTable, type RuleSpec } from '../table.js';
import { BASELINE_RULES } from './baseline.js';

const OUTCOMES: GradeOutcomes = { good: PASS, sufficient: PASS, 'phase-out': warn('low'), insufficient: fail('medium') };

const RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  {
    id: 'tls-versions', title: 'TLS versions', source: 'RFC 9325 §3.1.1, RFC 8996', covers: ['sslv2', 'sslv3', 'old-tls', 'no-tls13'],
    grades: { SSLv2: 'insufficient', SSLv3: 'insufficient', 'TLSv1.0': 'insufficient', 'TLSv1.1': 'insufficient', 'TLSv1.2': 'sufficient', 'TLSv1.3': 'good' },
    why: {
      SSLv2: 'RFC 9325 §3.1.1: MUST NOT (RFC 6176)', SSLv3: 'RFC 9325 §3.1.1: MUST NOT (RFC 7568)',
      'TLSv1.0': 'RFC 9325 §3.1.1: MUST NOT (RFC 8996)', 'TLSv1.1': 'RFC 9325 §3.1.1: MUST NOT (RFC 8996)',
    },
    outcomes: OUTCOMES,
    verdicts: { SSLv2: fail('high'), SSLv3: fail('high') },
    required: [
      { version: 'TLSv1.2', verdict: warn('low'), why: 'RFC 9325 §3.1.1: implementations MUST support TLS 1.2' },
      { version: 'TLSv1.3', verdict: warn('low'), why: 'RFC 9325 §3.1.1: implementations SHOULD support TLS 1.3 and prefer it' },
    ],
  },
  {
    id: 'cipher-suites', title: 'Cipher suites', source: 'RFC 9325 §4.1-4.2', covers: ['null-ciphers', 'export-ciphers', 'rc4-ciphers', 'des-ciphers', 'cbc-only-*', 'no-forward-secrecy', 'weak-suites-accepted'],
    rows: [
      { grade: 'insufficient', why: 'NULL encryption (RFC 9325 §4.1: MUST NOT)', match: { enc: '^NULL$' } },
      { grade: 'insufficient', why: 'RC4 (RFC 9325 §4.1: MUST NOT)', match: { enc: '^RC4' } },
      { grade: 'insufficient', why: 'less than 112 bits of security (RFC 9325 §4.1: MUST NOT)', match: { bitsBelow: 112 } },
      { grade: 'insufficient', why: 'export grade (RFC 9325 §4.1: MUST NOT, under 112 bits)', match: { export: true } },
      { grade: 'good', why: 'RECOMMENDED by RFC 9325 §4.2', names: [
        'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
        'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      ] },
      { grade: 'good', why: 'a TLS 1.3 suite (RFC 8446)', match: { tls13: true } },
      { grade: 'phase-out', why: 'less than 128 bits of security (RFC 9325 §4.1: SHOULD NOT)', match: { bitsBelow: 128 } },
      { grade: 'phase-out', why: 'RSA key transport, no forward secrecy (RFC 9325 §4.1: SHOULD NOT)', match: { kx: ['RSA', 'RSA_PSK'] } },
      { grade: 'phase-out', why: 'static finite-field or elliptic-curve DH (RFC 9325 §4.1: SHOULD NOT)', match: { kx: ['DH', 'ECDH'] } },
      { grade: 'phase-out', why: 'ephemeral finite-field DH, TLS_DHE_* (RFC 9325 §4.1: SHOULD NOT, for its fragility and weak negotiation)', match: { kx: ['DHE', 'DHE_PSK'] } },
      { grade: 'phase-out', why: 'CBC without encrypt_then_mac (RFC 9325 §4.2; RFC 7366)', match: { withoutEncryptThenMac: true } },
    ],
    otherwise: { grade: 'sufficient', why: 'not excluded by RFC 9325 §4.1' },
    outcomes: OUTCOMES,
  },
  {
    id: 'cipher-order', title: 'Server prefers the recommended suites', source: 'RFC 9325 §4.2', covers: ['weak-suites-choosable', 'cipher-order'],
    constraints: [{ lower: ['phase-out', 'insufficient'], higher: ['good'] }], verdict: fail('medium'), fix: 'server-order',
    guideline: 'RFC 9325 §4.2: servers prefer the recommended suites over weaker ones "even if it is not the first proposal"',
  },
  {
    id: 'key-exchange', title: 'Key exchange sizes', source: 'RFC 9325 §4.5', covers: ['weak-dh'],
    groups: { rows: [{ grade: 'insufficient', why: 'an elliptic curve below 224 bits (RFC 9325 §4.5)', kinds: ['ECDHE'], bitsBelow: 224 }], otherwise: { grade: 'good', why: 'a curve of 224 bits or more' } },
    dh: { rows: [{ grade: 'insufficient', why: 'finite-field DH below 2048 bits (RFC 9325 §4.5)', bitsBelow: 2048 }], otherwise: { grade: 'good', why: '2048 bits or more' } },
    outcomes: OUTCOMES,
  },
  {
    id: 'certificate', title: 'Certificate key and signature', source: 'RFC 9325 §4.5', covers: ['cert-weak-key', 'cert-weak-signature'],
    keys: [
      { grade: 'insufficient', why: 'an RSA key below 2048 bits (RFC 9325 §4.5)', keyTypes: ['RSA', 'RSA-PSS', 'DSA'], bitsBelow: 2048 },
      { grade: 'insufficient', why: 'an EC key below 224 bits (RFC 9325 §4.5)', keyTypes: ['EC'], bitsBelow: 224 },
    ],
    signatures: [{ pattern: 'md2|md5|sha1', grade: 'insufficient', why: 'SHA-1 or MD5 signature (RFC 9325 §4.5)' }],
    outcomes: OUTCOMES,
  },
  { id: 'compression', title: 'No TLS compression', source: 'RFC 9325 §3.3', covers: ['tls-compression'], verdict: fail('medium'), why: 'RFC 9325 §3.3: TLS compression MUST be disabled (CRIME)' },
  { id: 'renegotiation', title: 'Secure renegotiation', source: 'RFC 9325 §3.5, RFC 5746', covers: ['insecure-renegotiation'], verdict: fail('medium'), why: 'RFC 9325 §3.5: MUST support renegotiation_info (RFC 5746)' },
  { id: 'extended-master-secret', title: 'Extended master secret', source: 'RFC 9325 §3.5, RFC 7627', covers: ['no-ems'], verdict: fail('low'), why: 'RFC 9325 §3.5: MUST support and use the extended master secret (RFC 7627) with TLS 1.2' },
];

export const BCP195: ProfileTable = {
  id: 'bcp195',
  title: 'BCP 195: RFC 9325, Recommendations for Secure Use of TLS',
  version: 'RFC 9325',
  date: '2022-11',
  sources: ['RFC 9325 (BCP 195) §3.1.1, §3.3, §3.5, §4.1, §4.2, §4.5', 'RFC 8996'],
  partial: 'RFC 9325 §3.10 (0-RTT), §3.2 (strict TLS, HSTS) and §6 (certificate validation by clients) are not graded: they are about applications and clients.',
  roles: {
    mx: 'RFC 9325 as written; §5.2 itself says its rules "might be too strict" for opportunistic TLS (fallback to cleartext): use the mail profile for that reading. TLS must be offered and not required (RFC 3207 §4)',
    submission: 'RFC 9325 as written, plus TLS required and AUTH only after TLS (RFC 8314)',
    other: 'RFC 9325 as written; requiring TLS is the admin\'s call',
  },
  rules: RULES,
};
