/**
 * NIST SP 800-52 Revision 2 (August 2019), "Guidelines for the Selection, Configuration, and Use
 * of TLS Implementations", as far as the sources at hand state it:
 *
 * - §3.1 versions, as quoted in the comments of cisco/mercury src/libmerc/crypto_assess.h (an
 *   older stored version): servers for government-only applications shall use TLS 1.2, should
 *   use TLS 1.3, should not use TLS 1.1, shall not use TLS 1.0, SSL 3.0 or SSL 2.0; servers for
 *   citizens or business may use TLS 1.0 and 1.1 where needed; TLS 1.3 shall be supported from
 *   1 January 2024.
 * - §3.3.1 suites: (EC)DHE with AES-GCM, AES-CCM, AES-CCM_8 or AES-CBC with SHA-2 (CBC-SHA for
 *   TLS 1.0-1.2) and ECDSA, RSA or DSA certificates; TLS 1.3: AES-GCM, AES-128-CCM, AES-128-CCM_8,
 *   no ChaCha20. The suite-by-suite list below is Bouncy Castle's (bc-java FipsUtils, "Cipher suite
 *   list current as of NIST SP 800-52 Revision 2"), which also carries the static (EC)DH suites
 *   for DH/ECDH certificates and RSA key transport, beside what the reference quotes.
 * - key sizes: at least 112-bit security (RSA/DH 2048, EC 224); extensions renegotiation_info and
 *   extended master secret among those servers support.
 *
 * Roles: a public MX serves other organisations' mail servers, the "citizen or business-facing"
 * case; a submission service serves an organisation's own users, read here as the
 * "government-only" case (the stricter one). So TLS 1.0/1.1 warn on mx, and on submission TLS 1.0
 * fails (shall not) while TLS 1.1 warns (should not).
 */
import { PASS, fail, warn, type GradeOutcomes, type ProfileTable, type RuleSpec } from '../table.js';
import { BASELINE_RULES } from './baseline.js';
import { SERVER_ORDER_SOURCES } from './sources.js';

const OUTCOMES: GradeOutcomes = { good: PASS, sufficient: PASS, 'phase-out': warn('low'), insufficient: fail('medium') };
const SP = 'NIST SP 800-52r2';

/** (EC)DHE suites of §3.3.1 (Bouncy Castle's list, ephemeral part) and the TLS 1.3 suites. */
const EPHEMERAL = [
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM', 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_AES_128_CCM', 'TLS_DHE_RSA_WITH_AES_256_CCM', 'TLS_DHE_RSA_WITH_AES_128_CCM_8', 'TLS_DHE_RSA_WITH_AES_256_CCM_8',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256', 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256',
  'TLS_DHE_DSS_WITH_AES_128_CBC_SHA', 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA',
];

/** Static (EC)DH suites for DH/ECDH certificates (in Bouncy Castle's list, commented out there only because it lacks them). */
const STATIC_DH = [
  'TLS_DH_DSS_WITH_AES_128_CBC_SHA', 'TLS_DH_DSS_WITH_AES_128_CBC_SHA256', 'TLS_DH_DSS_WITH_AES_256_CBC_SHA', 'TLS_DH_DSS_WITH_AES_256_CBC_SHA256',
  'TLS_DH_RSA_WITH_AES_128_CBC_SHA', 'TLS_DH_RSA_WITH_AES_128_CBC_SHA256', 'TLS_DH_RSA_WITH_AES_256_CBC_SHA', 'TLS_DH_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_DH_DSS_WITH_AES_128_GCM_SHA256', 'TLS_DH_DSS_WITH_AES_256_GCM_SHA384', 'TLS_DH_RSA_WITH_AES_128_GCM_SHA256', 'TLS_DH_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA', 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA', 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA', 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384',
];

/** RSA key transport with AES (in Bouncy Castle's list, behind its allowRSAKeyExchange switch). */
const RSA_KEY_TRANSPORT = [
  'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'TLS_RSA_WITH_AES_128_CCM', 'TLS_RSA_WITH_AES_128_CCM_8',
  'TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA256', 'TLS_RSA_WITH_AES_256_CCM', 'TLS_RSA_WITH_AES_256_CCM_8',
  'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384',
];

const SUITES: RuleSpec = {
  id: 'cipher-suites', title: 'Approved cipher suites', source: `${SP} §3.3.1`,
  covers: ['null-ciphers', 'export-ciphers', 'rc4-ciphers', 'des-ciphers', 'anon-ciphers', 'cbc-only-*', 'weak-suites-accepted'],
  rows: [
    { grade: 'good', why: `(EC)DHE with AES in ${SP} §3.3.1, or a TLS 1.3 AES suite`, names: EPHEMERAL },
    { grade: 'sufficient', why: `static (EC)DH for DH/ECDH certificates, listed in ${SP} §3.3.1`, names: STATIC_DH },
    { grade: 'phase-out', why: `RSA key transport: in Bouncy Castle's list "current as of ${SP}" but not among the (EC)DHE suites the reference quotes; no forward secrecy`, names: RSA_KEY_TRANSPORT },
  ],
  otherwise: { grade: 'insufficient', why: `not approved by ${SP} §3.3.1 (only AES with (EC)DHE; no ChaCha20, Camellia, ARIA, 3DES, RC4 or anonymous suites)` },
  outcomes: OUTCOMES,
};

const VERSIONS_WHY = {
  SSLv2: `${SP} §3.1: shall not be used`,
  SSLv3: `${SP} §3.1: shall not be used`,
} as const;

const RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  {
    id: 'tls-versions', roles: ['mx'], title: 'TLS versions (citizen or business-facing)', source: `${SP} §3.1`, covers: ['sslv2', 'sslv3', 'old-tls', 'no-tls13'],
    grades: { SSLv2: 'insufficient', SSLv3: 'insufficient', 'TLSv1.0': 'phase-out', 'TLSv1.1': 'phase-out', 'TLSv1.2': 'good', 'TLSv1.3': 'good' },
    why: {
      ...VERSIONS_WHY,
      'TLSv1.0': `${SP} §3.1: servers for citizens or business may use it only where needed for interoperability (an MX serves other organisations' servers)`,
      'TLSv1.1': `${SP} §3.1: servers for citizens or business may use it only where needed for interoperability (an MX serves other organisations' servers)`,
    },
    outcomes: OUTCOMES, verdicts: { SSLv2: fail('high'), SSLv3: fail('high') },
    required: [
      { version: 'TLSv1.2', verdict: warn('low'), why: `${SP} §3.1: servers shall be configured to use TLS 1.2` },
      { version: 'TLSv1.3', verdict: fail('medium'), why: `${SP} §3.1: servers shall support TLS 1.3 from 1 January 2024` },
    ],
  },
  {
    id: 'tls-versions', roles: ['submission', 'other'], title: 'TLS versions (government-only)', source: `${SP} §3.1`, covers: ['sslv2', 'sslv3', 'old-tls', 'no-tls13'],
    grades: { SSLv2: 'insufficient', SSLv3: 'insufficient', 'TLSv1.0': 'insufficient', 'TLSv1.1': 'phase-out', 'TLSv1.2': 'good', 'TLSv1.3': 'good' },
    why: { ...VERSIONS_WHY, 'TLSv1.0': `${SP} §3.1: shall not be used by servers for an organisation's own users`, 'TLSv1.1': `${SP} §3.1: should not be used` },
    outcomes: OUTCOMES, verdicts: { SSLv2: fail('high'), SSLv3: fail('high') },
    required: [
      { version: 'TLSv1.2', verdict: warn('low'), why: `${SP} §3.1: servers shall be configured to use TLS 1.2` },
      { version: 'TLSv1.3', verdict: fail('medium'), why: `${SP} §3.1: servers shall support TLS 1.3 from 1 January 2024` },
    ],
  },
  SUITES,
  {
    id: 'cipher-order', title: 'No unapproved suite can win', source: `${SP} §3.3.1; ${SERVER_ORDER_SOURCES} (server order matters only where a weaker suite can be chosen)`,
    covers: ['weak-suites-choosable', 'cipher-order'],
    constraints: [{ lower: ['phase-out', 'insufficient'], higher: ['good', 'sufficient'] }], verdict: warn('low'), fix: 'server-order',
    guideline: `${SP} lists the suites a server may use, without an order rule; where others are accepted too, a client offering an approved one should get it`,
  },
  {
    id: 'key-exchange', title: 'Key exchange of 112-bit security', source: `${SP} §3.3.1`, covers: ['weak-dh'],
    groups: { rows: [{ grade: 'insufficient', why: 'an elliptic curve below 224 bits (less than 112-bit security)', kinds: ['ECDHE'], bitsBelow: 224 }], otherwise: { grade: 'good', why: 'at least 112-bit security' } },
    dh: { rows: [{ grade: 'insufficient', why: 'finite-field DH below 2048 bits (less than 112-bit security)', bitsBelow: 2048 }], otherwise: { grade: 'good', why: 'at least 112-bit security' } },
    outcomes: OUTCOMES,
  },
  {
    id: 'certificate', title: 'Certificate of 112-bit security', source: `${SP} §3.2, §3.3.1`, covers: ['cert-weak-key', 'cert-weak-signature'],
    keys: [
      { grade: 'insufficient', why: 'an RSA or DSA key below 2048 bits (less than 112-bit security)', keyTypes: ['RSA', 'RSA-PSS', 'DSA'], bitsBelow: 2048 },
      { grade: 'insufficient', why: 'an EC key below 224 bits (less than 112-bit security)', keyTypes: ['EC'], bitsBelow: 224 },
    ],
    signatures: [{ pattern: 'md2|md5|sha1', grade: 'insufficient', why: 'a SHA-1 or MD5 signature gives less than 112-bit security' }],
    outcomes: OUTCOMES,
  },
  { id: 'renegotiation', title: 'renegotiation_info', source: `${SP} §3.4.2`, covers: ['insecure-renegotiation'], verdict: warn('low'), why: `${SP} lists renegotiation_info (RFC 5746) among the extensions TLS servers support` },
  { id: 'extended-master-secret', title: 'Extended master secret', source: `${SP} §3.4.2`, covers: ['no-ems'], verdict: warn('low'), why: `${SP} lists the extended master secret (RFC 7627) among the extensions TLS servers support` },
];

export const NIST_800_52R2: ProfileTable = {
  id: 'nist-800-52r2',
  title: 'NIST SP 800-52 Revision 2',
  version: 'Rev. 2',
  date: '2019-08',
  sources: [
    'NIST SP 800-52r2 §3.1, §3.3.1, as quoted in cisco/mercury src/libmerc/crypto_assess.h (an older stored version)',
    'bc-java FipsUtils.createFipsSupportedCipherSuites ("Cipher suite list current as of NIST SP 800-52 Revision 2")',
  ],
  partial: 'Encoded from secondary sources, not the PDF: RSA key transport warns (phase-out) until §3.3.1\'s own text is checked; PSK suites (appendix C), the certificate profile (§3.2: key usage, OCSP) and extensions other than renegotiation_info and the extended master secret (SNI, signature_algorithms, status_request) are not graded.',
  roles: {
    mx: 'the citizen or business-facing reading of §3.1 (an MX serves other organisations\' servers): TLS 1.0/1.1 warn; TLS must be offered and not required (RFC 3207 §4)',
    submission: 'the government-only reading of §3.1 (an organisation\'s own users): TLS 1.0 fails, TLS 1.1 warns; TLS required and AUTH only after TLS (RFC 8314)',
    other: 'the government-only reading of §3.1, as for submission; requiring TLS is the admin\'s call',
  },
  rules: RULES,
};
