/**
 * mailtls's own profile, the default: port-role aware.
 *
 * mx (port 25, postscreen) is opportunistic TLS (RFC 7435): a sender that cannot do better falls
 * back to plaintext, so RFC 9325 §5.2 notes that its rules "might be too strict" there. Old
 * protocols and weak suites are a trade-off, so they warn; what fails is what breaks TLS for
 * everyone or that nobody needs (SSLv2, compression, no secure renegotiation) and a broken suite
 * (NULL, export, RC4, single DES) that can *win* against a strong one a client also offers (the
 * answer to the tls_preempt_cipherlist question in sources.ts: server order matters only where a
 * weak suite can be chosen). Anonymous suites are fine here: sending MTAs mostly do not verify,
 * and those that do (DANE, MTA-STS) never offer them.
 *
 * submission (587, 465, SASL) serves mail clients sending passwords (RFC 8314, RFC 8997 raising
 * its floor to TLS 1.2, RFC 8996, RFC 9325): TLS 1.2+, no weak suite at all, a certificate the
 * client can verify.
 *
 * other (neither): graded like mx, as opportunistic TLS: the port may be a local hop where TLS
 * is optional; the baseline rules say why (profiles/baseline.ts).
 */
import { PASS, fail, warn, type ProfileTable, type RuleSpec, type SuiteRow } from '../table.js';
import { BASELINE_RULES } from './baseline.js';
import { SERVER_ORDER_SOURCES } from './sources.js';

const OPPORTUNISTIC = ['mx', 'other'] as const;

/** Suites broken or weak in themselves, whatever the role (RFC 9325 §4.1, RFC 7465). */
const BROKEN_AND_WEAK: readonly SuiteRow[] = [
  { grade: 'insufficient', why: 'no encryption at all (RFC 9325 §4.1: MUST NOT)', match: { enc: '^NULL$' } },
  { grade: 'insufficient', why: 'export grade, 40/56-bit keys (FREAK, Logjam; RFC 9325 §4.1)', match: { export: true } },
  { grade: 'insufficient', why: 'RC4 (RFC 7465: MUST NOT)', match: { enc: '^RC4' } },
  { grade: 'insufficient', why: 'below 112-bit encryption, single DES (RFC 9325 §4.1: MUST NOT)', match: { bitsBelow: 112 } },
  { grade: 'insufficient', why: 'MD5 record MAC', match: { mac: ['MD5'] } },
  {
    grade: 'phase-out', why: 'no forward secrecy: whoever obtains the server key later can decrypt recorded mail (RFC 9325 §4.1: SHOULD NOT)',
    match: { kx: ['RSA', 'DH', 'ECDH', 'PSK', 'RSA_PSK', 'KRB5'] },
  },
  { grade: 'phase-out', why: '64-bit block cipher or below 128-bit strength (3DES, IDEA, RC2: SWEET32; RFC 9325 §4.1: SHOULD NOT)', match: { enc: '^(3DES|IDEA|RC2)' } },
];

const GOOD = { grade: 'good', why: 'forward secrecy with 128-bit or stronger encryption' } as const;

const RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  // --- protocols ---
  {
    id: 'tls-versions', roles: OPPORTUNISTIC, title: 'TLS versions', source: 'RFC 8996, RFC 9325 §3.1.1 and §5.2, RFC 6176, RFC 7568',
    covers: ['sslv2', 'sslv3', 'old-tls', 'no-tls13'],
    grades: { SSLv2: 'insufficient', SSLv3: 'phase-out', 'TLSv1.0': 'phase-out', 'TLSv1.1': 'phase-out', 'TLSv1.2': 'good', 'TLSv1.3': 'good' },
    why: {
      SSLv2: 'broken (RFC 6176: MUST NOT), and DROWN lets an attacker use it to decrypt the TLS sessions of the same key',
      SSLv3: 'broken (POODLE; RFC 7568: MUST NOT); on port 25 a sender that has nothing better would fall back to plaintext, so it warns here, but hardly any sender still needs it',
      'TLSv1.0': 'deprecated (RFC 8996); on port 25 some old senders have nothing newer and would fall back to plaintext without it, so removing it is a trade-off (RFC 9325 §5.2)',
      'TLSv1.1': 'deprecated (RFC 8996); on port 25 some old senders have nothing newer and would fall back to plaintext without it, so removing it is a trade-off (RFC 9325 §5.2)',
    },
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': warn('low'), insufficient: fail('critical') },
    verdicts: { SSLv3: warn('high') },
    required: [{ version: 'TLSv1.3', verdict: warn('low'), why: 'RFC 9325 §3.1.1: servers SHOULD support TLS 1.3 (Postfix 3.4+ with OpenSSL 1.1.1+ offers it unless smtpd_tls_protocols excludes it)' }],
  },
  {
    id: 'tls-versions', roles: ['submission'], title: 'TLS 1.2 or newer', source: 'RFC 8996 §2-3, RFC 8997, RFC 9325 §3.1.1',
    covers: ['sslv2', 'sslv3', 'old-tls', 'no-tls13'],
    grades: { SSLv2: 'insufficient', SSLv3: 'insufficient', 'TLSv1.0': 'insufficient', 'TLSv1.1': 'insufficient', 'TLSv1.2': 'good', 'TLSv1.3': 'good' },
    why: {
      SSLv2: 'broken (RFC 6176: MUST NOT)',
      SSLv3: 'broken (POODLE; RFC 7568: MUST NOT)',
      'TLSv1.0': 'deprecated (RFC 8996: MUST NOT); RFC 8997 makes TLS 1.2 the floor for submission, and every current mail client speaks it',
      'TLSv1.1': 'deprecated (RFC 8996: MUST NOT); RFC 8997 makes TLS 1.2 the floor for submission, and every current mail client speaks it',
    },
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': fail('medium'), insufficient: fail('medium') },
    verdicts: { SSLv2: fail('critical'), SSLv3: fail('critical') },
    required: [{ version: 'TLSv1.3', verdict: warn('low'), why: 'RFC 9325 §3.1.1: servers SHOULD support TLS 1.3 (Postfix 3.4+ with OpenSSL 1.1.1+)' }],
  },
  // --- suites ---
  {
    id: 'cipher-suites', roles: OPPORTUNISTIC, title: 'Cipher suites', source: 'RFC 9325 §4.1 and §5.2, RFC 7465, RFC 7435',
    covers: ['null-ciphers', 'export-ciphers', 'rc4-ciphers', 'des-ciphers', 'anon-ciphers', 'cbc-only-*', 'no-forward-secrecy', 'weak-suites-accepted'],
    rows: [
      ...BROKEN_AND_WEAK,
      { grade: 'sufficient', why: 'anonymous: no certificate, as opportunistic TLS is unauthenticated anyway; senders that verify (DANE, MTA-STS) never offer these (RFC 7435 §1.1)', match: { auth: ['anon'] } },
    ],
    otherwise: GOOD,
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': warn('low'), insufficient: warn('medium') },
  },
  {
    id: 'cipher-suites', roles: ['submission'], title: 'No weak cipher suites', source: 'RFC 9325 §4.1, RFC 8314 §4.1, RFC 7465',
    covers: ['null-ciphers', 'export-ciphers', 'rc4-ciphers', 'des-ciphers', 'anon-ciphers', 'cbc-only-*', 'no-forward-secrecy', 'weak-suites-accepted'],
    rows: [
      ...BROKEN_AND_WEAK,
      { grade: 'insufficient', why: 'anonymous: no certificate, so nothing stops a man in the middle reading the password; RFC 8314 §4.1 clients verify the server\'s certificate', match: { auth: ['anon'] } },
    ],
    otherwise: GOOD,
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': fail('medium'), insufficient: fail('high') },
  },
  {
    id: 'cipher-order', roles: OPPORTUNISTIC, title: 'No broken suite can win', source: `RFC 9325 §4.2 and §5.2; ${SERVER_ORDER_SOURCES} (server order matters only where a weak suite can be chosen)`,
    covers: ['weak-suites-choosable', 'cipher-order'],
    constraints: [{ lower: ['insufficient'], higher: ['good', 'sufficient'] }],
    verdict: fail('medium'), fix: 'server-order',
    guideline: 'on port 25 weaker suites may stay for senders that have nothing better, but a sender that also offers a strong suite must get the strong one',
  },
  {
    id: 'cipher-order', roles: ['submission'], title: 'No weak suite can win', source: `RFC 9325 §4.2; ${SERVER_ORDER_SOURCES} (server order matters only where a weak suite can be chosen)`,
    covers: ['weak-suites-choosable', 'cipher-order'],
    constraints: [{ lower: ['phase-out', 'insufficient'], higher: ['good', 'sufficient'] }],
    verdict: fail('medium'), fix: 'server-order',
    guideline: 'a client that offers a strong suite must get it (RFC 9325 §4.2: prefer the strong suites "even if it is not the first proposal")',
  },
  // --- key exchange ---
  {
    id: 'key-exchange', roles: OPPORTUNISTIC, title: 'Key exchange sizes', source: 'RFC 9325 §4.5 and §5.2', covers: ['weak-dh'],
    groups: { rows: [{ grade: 'insufficient', why: 'an elliptic curve below 224 bits (RFC 9325 §4.5)', kinds: ['ECDHE'], bitsBelow: 224 }], otherwise: { grade: 'good', why: 'a curve of 224 bits or more' } },
    dh: {
      rows: [
        { grade: 'insufficient', why: 'finite-field DH below 1024 bits is broken (Logjam)', bitsBelow: 1024 },
        { grade: 'phase-out', why: 'finite-field DH below 2048 bits is within reach of well-funded attackers (RFC 9325 §4.5: at least 2048); on port 25 some old senders cannot do more', bitsBelow: 2048 },
      ],
      otherwise: { grade: 'good', why: '2048 bits or more' },
    },
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': warn('medium'), insufficient: warn('high') },
  },
  {
    id: 'key-exchange', roles: ['submission'], title: 'Key exchange sizes', source: 'RFC 9325 §4.5', covers: ['weak-dh'],
    groups: { rows: [{ grade: 'insufficient', why: 'an elliptic curve below 224 bits (RFC 9325 §4.5)', kinds: ['ECDHE'], bitsBelow: 224 }], otherwise: { grade: 'good', why: 'a curve of 224 bits or more' } },
    dh: {
      rows: [
        { grade: 'insufficient', why: 'finite-field DH below 1024 bits is broken (Logjam)', bitsBelow: 1024 },
        { grade: 'phase-out', why: 'finite-field DH below 2048 bits is within reach of well-funded attackers (RFC 9325 §4.5: at least 2048)', bitsBelow: 2048 },
      ],
      otherwise: { grade: 'good', why: '2048 bits or more' },
    },
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': fail('medium'), insufficient: fail('high') },
  },
  // --- certificate ---
  {
    id: 'certificate', roles: OPPORTUNISTIC, title: 'Certificate', source: 'RFC 9325 §4.5, RFC 7672 §3.1, RFC 8461 §4.1',
    covers: ['cert-expired', 'cert-untrusted', 'cert-name-mismatch', 'cert-weak-key', 'cert-weak-signature'],
    keys: [
      { grade: 'phase-out', why: 'an RSA or DSA key below 2048 bits (RFC 9325 §4.5)', keyTypes: ['RSA', 'RSA-PSS', 'DSA'], bitsBelow: 2048 },
      { grade: 'phase-out', why: 'an EC key below 224 bits (RFC 9325 §4.5)', keyTypes: ['EC'], bitsBelow: 224 },
    ],
    signatures: [{ pattern: 'md2|md5|sha1', grade: 'phase-out', why: 'signed with MD5 or SHA-1, which can be forged (RFC 9325 §4.5)' }],
    trust: {
      untrusted: warn('low'), expired: warn('medium'), nameMismatch: warn('low'),
      why: 'most sending MTAs do not verify, and DANE-EE (RFC 7672 §3.1.1) needs no CA and ignores expiry, but MTA-STS senders (RFC 8461 §4.1) need a current certificate from a public CA that names the MX',
    },
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': warn('medium'), insufficient: warn('high') },
  },
  {
    id: 'certificate', roles: ['submission'], title: 'Certificate clients can verify', source: 'RFC 8314 §4.1, RFC 9325 §4.5, RFC 6125',
    covers: ['cert-expired', 'cert-untrusted', 'cert-name-mismatch', 'cert-weak-key', 'cert-weak-signature'],
    keys: [
      { grade: 'insufficient', why: 'an RSA or DSA key below 2048 bits (RFC 9325 §4.5)', keyTypes: ['RSA', 'RSA-PSS', 'DSA'], bitsBelow: 2048 },
      { grade: 'insufficient', why: 'an EC key below 224 bits (RFC 9325 §4.5)', keyTypes: ['EC'], bitsBelow: 224 },
    ],
    signatures: [{ pattern: 'md2|md5|sha1', grade: 'insufficient', why: 'signed with MD5 or SHA-1, which can be forged (RFC 9325 §4.5)' }],
    trust: {
      untrusted: fail('high'), expired: fail('high'), nameMismatch: fail('medium'),
      why: 'mail clients verify the server certificate (RFC 8314 §4.1, RFC 6125) and warn or refuse when it is self-signed, expired or for another name',
    },
    outcomes: { good: PASS, sufficient: PASS, 'phase-out': fail('medium'), insufficient: fail('high') },
  },
  // --- TLS stack facts: fixing these breaks no client, so they fail on every role ---
  {
    id: 'compression', title: 'No TLS compression', source: 'RFC 9325 §3.3', covers: ['tls-compression'],
    verdict: fail('medium'), why: 'TLS compression leaks secrets through lengths (CRIME); RFC 9325 §3.3: MUST NOT. No client needs it (tls_ssl_options = NO_COMPRESSION, or a current OpenSSL)',
  },
  {
    id: 'renegotiation', title: 'Secure renegotiation', source: 'RFC 5746, RFC 9325 §3.5', covers: ['insecure-renegotiation'],
    verdict: fail('medium'), why: 'without renegotiation_info (RFC 5746) an attacker can splice its own data in front of a client\'s session (CVE-2009-3555); every OpenSSL since 0.9.8m has it: upgrade OpenSSL',
  },
  {
    id: 'extended-master-secret', roles: OPPORTUNISTIC, title: 'Extended master secret', source: 'RFC 7627, RFC 9325 §3.5', covers: ['no-ems'],
    verdict: warn('low'), why: 'the extended master secret (RFC 7627; RFC 9325 §3.5: MUST) protects TLS 1.2 and older against triple-handshake attacks; OpenSSL 1.1.0+ has it: upgrade OpenSSL',
  },
  {
    id: 'extended-master-secret', roles: ['submission'], title: 'Extended master secret', source: 'RFC 7627, RFC 9325 §3.5', covers: ['no-ems'],
    verdict: fail('low'), why: 'the extended master secret (RFC 7627; RFC 9325 §3.5: MUST) protects TLS 1.2 and older against triple-handshake attacks; OpenSSL 1.1.0+ has it: upgrade OpenSSL',
  },
  {
    id: 'fallback-scsv', title: 'Downgrade protection', source: 'RFC 7507', covers: ['no-fallback-scsv'],
    verdict: warn('low'), why: 'a client\'s downgraded retry is not refused (TLS_FALLBACK_SCSV, RFC 7507), so an attacker who breaks the first handshake gets an older protocol; current OpenSSL does this by default: upgrade it',
  },
];

export const MAIL: ProfileTable = {
  id: 'mail',
  title: 'mailtls mail profile (port-role aware)',
  version: '1',
  date: '2026-12-03',
  sources: [
    'RFC 7435 (opportunistic security)', 'RFC 3207 §4', 'RFC 8314', 'RFC 8996', 'RFC 8997', 'RFC 9325 (BCP 195) §3-5',
    'RFC 4954 §4', 'RFC 6176', 'RFC 7465', 'RFC 7568', 'RFC 5746', 'RFC 7627', 'RFC 7507', 'RFC 7672', 'RFC 8461',
  ],
  partial: null,
  roles: {
    mx: 'opportunistic TLS (RFC 7435, RFC 9325 §5.2): old protocols and weak suites warn, since a sender that cannot use TLS falls back to plaintext; a broken suite that can win against a strong one fails; TLS must be offered and must not be required (RFC 3207 §4)',
    submission: 'mail clients with passwords (RFC 8314, RFC 8997, RFC 9325): TLS required, TLS 1.2 or newer, no weak suites, a verifiable certificate, AUTH only after TLS',
    other: 'graded like mx (opportunistic TLS): the port may be a local hop (content filter re-injection, internal relay); a missing STARTTLS only warns and requiring TLS is the admin\'s call',
  },
  rules: RULES,
};
