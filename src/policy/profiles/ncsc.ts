/**
 * NCSC-NL "ICT-beveiligingsrichtlijnen voor Transport Layer Security", as internet.nl encodes
 * them in checks/tasks/tls/tls_constants.py (and scans.py / evaluation.py for what each class
 * gives): version 2025-05 at commit cec0e01 (the change to 2025 is 397777a2, 2025-06-09), and
 * version 2.1 (2021) at 397777a2's parent. The suite lists below are those files' lists, by IANA
 * name; anything not listed is "insufficient", as there.
 *
 * Outcomes follow internet.nl's mail test: insufficient fails; phase-out is a NOTICE (warn).
 * Cipher order follows test_cipher_order: 2025 fails when a phase-out suite can win against a
 * good or sufficient one (insufficient suites fail tls_ciphers instead); 2021 wanted the whole
 * order good > sufficient > phase-out > insufficient. TLS 1.3 is left out of the order test, as
 * there. The guideline is written for any TLS server; internet.nl applies it to port 25 as is,
 * and so does this profile on every role (the mail baseline rules are added per role).
 */
import { PASS, fail, warn, type GradeOutcomes, type ProfileTable, type RuleSpec } from '../table.js';
import { BASELINE_RULES } from './baseline.js';

const WEB_ROLES = {
  mx: 'NCSC-NL\'s rules as internet.nl\'s mail test applies them to port 25, unchanged (phase-out warns, insufficient fails); TLS must be offered and not required (RFC 3207 §4)',
  submission: 'NCSC-NL\'s rules as stated, plus TLS required and AUTH only after TLS (RFC 8314)',
  other: 'NCSC-NL\'s rules as stated; requiring TLS is the admin\'s call',
} as const;

const OUTCOMES: GradeOutcomes = { good: PASS, sufficient: PASS, 'phase-out': warn('low'), insufficient: fail('medium') };

const COMMON_COVERS = {
  versions: ['sslv2', 'sslv3', 'old-tls'],
  suites: ['null-ciphers', 'export-ciphers', 'rc4-ciphers', 'des-ciphers', 'anon-ciphers', 'cbc-only-*', 'no-forward-secrecy', 'weak-suites-accepted'],
  order: ['weak-suites-choosable', 'cipher-order'],
  certificate: ['cert-weak-key', 'cert-weak-signature'],
};

// ---------------------------------------------------------------- 2025-05 (tls_constants.py @cec0e01)

/** CIPHERS_GOOD (NCSC appendix B, from 3.3.3 and 3.3.4). */
const GOOD_2025 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
/**
 * CIPHERS_SUFFICIENT. internet.nl also lists TLS_ECDHE_RSA_WITH_AES_{128,256}_CCM ("not in
 * appendix B, but meets all requirements"); IANA assigned them no code, so no server can offer
 * them and they are left out.
 */
const SUFFICIENT_2025 = [
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
];
/** CIPHERS_PHASE_OUT: ECDHE with CBC-SHA2, ARIA, Camellia; every DHE-RSA suite. */
const PHASE_OUT_2025 = [
  'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384',
  'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384', 'TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256', 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_AES_256_CCM', 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_DHE_RSA_WITH_AES_128_CCM',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',
];

/** FS_EC_GOOD / FS_EC_PHASE_OUT (NCSC 3.3.2.1), by the scan's group names (RFC 8734's TLS 1.3 brainpool codes are the same curves). */
const EC_GOOD_2025 = ['secp521r1', 'secp384r1', 'secp256r1', 'brainpoolP512r1', 'brainpoolP384r1', 'brainpoolP256r1',
  'brainpoolP512r1tls13', 'brainpoolP384r1tls13', 'brainpoolP256r1tls13', 'x25519', 'x448'];
/** CERT_EC_CURVES_GOOD, by OpenSSL curve names. */
const CERT_CURVES_GOOD_2025 = ['secp521r1', 'secp384r1', 'prime256v1', 'brainpoolP512r1', 'brainpoolP384r1', 'brainpoolP256r1'];

const NCSC_2025_RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  {
    id: 'tls-versions', title: 'TLS versions', source: 'NCSC-NL 2025-05 §3.3.1 (internet.nl PROTOCOLS_*)', covers: COMMON_COVERS.versions,
    grades: { SSLv2: 'insufficient', SSLv3: 'insufficient', 'TLSv1.0': 'insufficient', 'TLSv1.1': 'insufficient', 'TLSv1.2': 'sufficient', 'TLSv1.3': 'good' },
    why: {
      SSLv2: 'insufficient under NCSC-NL 2025-05', SSLv3: 'insufficient under NCSC-NL 2025-05',
      'TLSv1.0': 'insufficient under NCSC-NL 2025-05 (phase-out until 2021\'s version 2.1)',
      'TLSv1.1': 'insufficient under NCSC-NL 2025-05 (phase-out until 2021\'s version 2.1)',
    },
    outcomes: OUTCOMES,
    verdicts: { SSLv2: fail('high'), SSLv3: fail('high') },
  },
  {
    id: 'cipher-suites', title: 'Cipher suites', source: 'NCSC-NL 2025-05 §3.3.3-3.3.4, appendix B (internet.nl CIPHERS_*)', covers: COMMON_COVERS.suites,
    rows: [
      { grade: 'good', why: 'good under NCSC-NL 2025-05', names: GOOD_2025 },
      { grade: 'sufficient', why: 'sufficient under NCSC-NL 2025-05', names: SUFFICIENT_2025 },
      { grade: 'phase-out', why: 'phase-out under NCSC-NL 2025-05 (ECDHE with CBC-SHA2, ARIA or Camellia; every DHE-RSA suite)', names: PHASE_OUT_2025 },
    ],
    otherwise: { grade: 'insufficient', why: 'insufficient under NCSC-NL 2025-05 (not in its good, sufficient or phase-out lists: static RSA, SHA-1 CBC, 3DES, CCM_8, anonymous ...)' },
    outcomes: OUTCOMES,
  },
  {
    id: 'cipher-order', title: 'Server prefers good suites', source: 'NCSC-NL 2025-05 (internet.nl scans.py test_cipher_order)', covers: COMMON_COVERS.order,
    constraints: [{ lower: ['phase-out'], higher: ['good', 'sufficient'] }],
    verdict: fail('medium'), fix: 'server-order',
    guideline: 'the server must choose a good or sufficient suite over a phase-out one; not applicable with only good suites or only TLS 1.3',
  },
  {
    id: 'key-exchange', title: 'Key exchange parameters', source: 'NCSC-NL 2025-05 §3.3.2.1 table 3, §3.3.3.1 table 7 (internet.nl FS_EC_*, FFDHE_PHASE_OUT_PRIMES)', covers: ['weak-dh'],
    groups: {
      rows: [
        { grade: 'good', why: 'a curve NCSC-NL 2025-05 calls good', names: EC_GOOD_2025 },
        { grade: 'phase-out', why: 'secp224r1 is phase-out under NCSC-NL 2025-05', names: ['secp224r1'] },
        { grade: 'unknown', why: 'post-quantum hybrids are not graded by internet.nl\'s tables yet ("PQC not yet supported by us")', kinds: ['hybrid'] },
      ],
      otherwise: { grade: 'insufficient', why: 'a curve NCSC-NL 2025-05 does not list' },
    },
    dh: {
      rows: [
        { grade: 'phase-out', why: 'an RFC 7919 group of 3072 bits or more (ffdhe3072-8192) is phase-out under NCSC-NL 2025-05', named: true, bitsAtLeast: 3072 },
      ],
      otherwise: { grade: 'insufficient', why: 'NCSC-NL 2025-05 accepts (as phase-out) only the RFC 7919 groups of 3072 bits or more; ffdhe2048 and every other prime are insufficient' },
    },
    outcomes: OUTCOMES,
  },
  {
    id: 'certificate', title: 'Certificate key and signature', source: 'NCSC-NL 2025-05 §3.3.2.1, §3.3.5 (internet.nl CERT_*)', covers: COMMON_COVERS.certificate,
    keys: [
      { grade: 'insufficient', why: 'an RSA key below 2048 bits', keyTypes: ['RSA', 'RSA-PSS'], bitsBelow: 2048 },
      { grade: 'phase-out', why: 'an RSA key of 2048-3071 bits is phase-out under NCSC-NL 2025-05 (3072 or more is good)', keyTypes: ['RSA', 'RSA-PSS'], bitsBelow: 3072 },
      { grade: 'phase-out', why: 'secp224r1 is phase-out under NCSC-NL 2025-05', keyTypes: ['EC'], curves: ['secp224r1'] },
      { grade: 'insufficient', why: 'a curve NCSC-NL 2025-05 does not list', keyTypes: ['EC'], notCurves: CERT_CURVES_GOOD_2025 },
      { grade: 'insufficient', why: 'DSA is not among NCSC-NL 2025-05\'s signature algorithms', keyTypes: ['DSA'] },
    ],
    signatures: [
      { pattern: 'sha224', grade: 'phase-out', why: 'SHA-224 is phase-out under NCSC-NL 2025-05' },
      { pattern: '^(sha(256|384|512)WithRSAEncryption|ecdsa-with-SHA(256|384|512)|ED25519|ED448|RSASSA-PSS)$', grade: 'sufficient', why: 'SHA-2 (256 or more) or EdDSA' },
      { pattern: '.', grade: 'insufficient', why: 'not among NCSC-NL 2025-05\'s signature algorithms (SHA-1, MD5, DSA ...)' },
    ],
    outcomes: OUTCOMES,
  },
  { id: 'compression', title: 'No TLS compression', source: 'NCSC-NL 2025-05 §3.4 (internet.nl tls_compression)', covers: ['tls-compression'], verdict: fail('medium'), why: 'TLS compression must be off (CRIME)' },
  { id: 'renegotiation', title: 'Secure renegotiation', source: 'NCSC-NL 2025-05 §3.4 (internet.nl renegotiation_secure)', covers: ['insecure-renegotiation'], verdict: fail('medium'), why: 'secure renegotiation (RFC 5746) must be supported' },
  { id: 'extended-master-secret', title: 'Extended master secret', source: 'NCSC-NL 2025-05 (internet.nl 1.11 extended_master_secret)', covers: ['no-ems'], verdict: fail('medium'), why: 'TLS 1.2 must use the extended master secret (RFC 7627)' },
];

export const NCSC_2025: ProfileTable = {
  id: 'ncsc-2025',
  title: 'NCSC-NL TLS guidelines 2025-05 (as encoded by internet.nl)',
  version: '2025-05',
  date: '2025-05',
  sources: [
    'NCSC-NL, ICT-beveiligingsrichtlijnen voor Transport Layer Security, version 2025-05 (§3.3.1-3.3.5, §3.4)',
    'internetstandards/Internet.nl checks/tasks/tls/tls_constants.py, scans.py, evaluation.py @cec0e01 (v1.11.2; 2025 tables since 397777a2, 2025-06-09)',
  ],
  partial: 'internet.nl\'s key-exchange hash test (SHA-1/SHA-224 in the key exchange signature), client-initiated renegotiation and the checks of certificates other than the leaf are not encoded: the scanner does not probe them. Whether a DH prime is an RFC 7919 group is not in the scan data, so a 3072-bit or larger DHE prime warns as "could not be judged".',
  roles: WEB_ROLES,
  rules: NCSC_2025_RULES,
};

// ---------------------------------------------------------------- 2.1 (2021; tls_constants.py @397777a2^)

/** CIPHERS_GOOD 2021 (appendix C, with footnotes 31 and 52 as internet.nl reads them). */
const GOOD_2021 = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_AES_128_CCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
];
const SUFFICIENT_2021 = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA', 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA',
  'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256',
  'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256', 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384',
  'TLS_DHE_RSA_WITH_AES_128_CCM', 'TLS_DHE_RSA_WITH_AES_256_CCM',
];
const PHASE_OUT_2021 = [
  'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
];

const NCSC_2021_RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  {
    id: 'tls-versions', title: 'TLS versions', source: 'NCSC-NL 2.1 (2021) table 1 (internet.nl PROTOCOLS_* @397777a2^)', covers: COMMON_COVERS.versions,
    grades: { SSLv2: 'insufficient', SSLv3: 'insufficient', 'TLSv1.0': 'phase-out', 'TLSv1.1': 'phase-out', 'TLSv1.2': 'sufficient', 'TLSv1.3': 'good' },
    why: {
      SSLv2: 'insufficient under NCSC-NL 2.1', SSLv3: 'insufficient under NCSC-NL 2.1',
      'TLSv1.0': 'phase-out under NCSC-NL 2.1 (insufficient since 2025-05)', 'TLSv1.1': 'phase-out under NCSC-NL 2.1 (insufficient since 2025-05)',
    },
    outcomes: OUTCOMES,
    verdicts: { SSLv2: fail('high'), SSLv3: fail('high') },
  },
  {
    id: 'cipher-suites', title: 'Cipher suites', source: 'NCSC-NL 2.1 (2021) appendix C, tables 2, 6, 7 (internet.nl CIPHERS_* @397777a2^)', covers: COMMON_COVERS.suites,
    rows: [
      { grade: 'good', why: 'good under NCSC-NL 2.1', names: GOOD_2021 },
      { grade: 'sufficient', why: 'sufficient under NCSC-NL 2.1', names: SUFFICIENT_2021 },
      { grade: 'phase-out', why: 'phase-out under NCSC-NL 2.1 (3DES; static RSA with AES)', names: PHASE_OUT_2021 },
    ],
    otherwise: { grade: 'insufficient', why: 'insufficient under NCSC-NL 2.1 (not in its good, sufficient or phase-out lists)' },
    outcomes: OUTCOMES,
  },
  {
    id: 'cipher-order', title: 'Server prefers good suites', source: 'NCSC-NL 2.1 B2-5 (internet.nl scans.py test_cipher_order @397777a2^)', covers: COMMON_COVERS.order,
    constraints: [
      { lower: ['sufficient', 'phase-out', 'insufficient'], higher: ['good'] },
      { lower: ['phase-out', 'insufficient'], higher: ['sufficient'] },
      { lower: ['insufficient'], higher: ['phase-out'] },
    ],
    verdict: fail('medium'), fix: 'server-order',
    guideline: 'the server must order its suites good > sufficient > phase-out > insufficient; not applicable with only good suites or only TLS 1.3',
  },
  {
    id: 'key-exchange', title: 'Key exchange parameters', source: 'NCSC-NL 2.1 tables 4, 9, 10 (internet.nl FS_* @397777a2^)', covers: ['weak-dh'],
    groups: {
      rows: [
        { grade: 'insufficient', why: 'an elliptic curve below 224 bits', kinds: ['ECDHE'], bitsBelow: 224 },
        { grade: 'good', why: 'a curve NCSC-NL 2.1 calls good', names: ['secp521r1', 'secp384r1', 'secp256r1', 'x25519', 'x448'] },
        { grade: 'phase-out', why: 'secp224r1 is phase-out under NCSC-NL 2.1', names: ['secp224r1'] },
        { grade: 'unknown', why: 'post-quantum hybrids are not graded by internet.nl\'s tables', kinds: ['hybrid'] },
      ],
      otherwise: { grade: 'insufficient', why: 'a curve NCSC-NL 2.1 does not list' },
    },
    dh: {
      rows: [
        { grade: 'insufficient', why: 'finite-field DH below 2048 bits', bitsBelow: 2048 },
        { grade: 'sufficient', why: 'an RFC 7919 group of 3072 bits or more', named: true, bitsAtLeast: 3072 },
        { grade: 'phase-out', why: 'ffdhe2048 is phase-out under NCSC-NL 2.1', named: true },
      ],
      otherwise: { grade: 'insufficient', why: 'a prime that is not an RFC 7919 group is insufficient under NCSC-NL 2.1 table 10' },
    },
    outcomes: OUTCOMES,
  },
  {
    id: 'certificate', title: 'Certificate key and signature', source: 'NCSC-NL 2.1 tables 2, 3, 8, 9 (internet.nl CERT_* @397777a2^)', covers: COMMON_COVERS.certificate,
    keys: [
      { grade: 'insufficient', why: 'an RSA or DSA key below 2048 bits', keyTypes: ['RSA', 'RSA-PSS', 'DSA'], bitsBelow: 2048 },
      { grade: 'insufficient', why: 'an EC key below 224 bits', keyTypes: ['EC'], bitsBelow: 224 },
      { grade: 'phase-out', why: 'secp224r1 is phase-out under NCSC-NL 2.1', keyTypes: ['EC'], curves: ['secp224r1'] },
      { grade: 'insufficient', why: 'a curve NCSC-NL 2.1 does not list (P-256 and P-384 are good)', keyTypes: ['EC'], notCurves: ['prime256v1', 'secp384r1'] },
    ],
    signatures: [
      { pattern: '^(sha(256|384|512)WithRSAEncryption|ecdsa-with-SHA(256|384|512)|dsa-with-SHA256|RSASSA-PSS)$', grade: 'good', why: 'SHA-2 (256 or more)' },
      { pattern: '.', grade: 'insufficient', why: 'not among NCSC-NL 2.1\'s signature algorithms (SHA-1, MD5, SHA-224 ...)' },
    ],
    outcomes: OUTCOMES,
  },
  { id: 'compression', title: 'No TLS compression', source: 'NCSC-NL 2.1 (internet.nl tls_compression)', covers: ['tls-compression'], verdict: fail('medium'), why: 'TLS compression must be off (CRIME)' },
  { id: 'renegotiation', title: 'Secure renegotiation', source: 'NCSC-NL 2.1 (internet.nl renegotiation_secure)', covers: ['insecure-renegotiation'], verdict: fail('medium'), why: 'secure renegotiation (RFC 5746) must be supported' },
];

export const NCSC_2021: ProfileTable = {
  id: 'ncsc-2021',
  title: 'NCSC-NL TLS guidelines 2.1 (2021, as encoded by internet.nl)',
  version: '2.1',
  date: '2021-04',
  sources: [
    'NCSC-NL, ICT-beveiligingsrichtlijnen voor Transport Layer Security, version 2.1 (2021): tables 1-10, appendix C',
    'internetstandards/Internet.nl checks/tasks/tls/tls_constants.py, scans.py, evaluation.py at the parent of 397777a2 (the last 2021 tables)',
  ],
  partial: 'internet.nl\'s key-exchange hash test (SHA-2 only in the key exchange signature) is not encoded: the scanner does not probe it. Whether a DH prime is an RFC 7919 group is not in the scan data, so a DHE prime of 2048 bits or more warns as "could not be judged".',
  roles: WEB_ROLES,
  rules: NCSC_2021_RULES,
};
