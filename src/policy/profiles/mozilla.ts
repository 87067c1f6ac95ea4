/**
 * Mozilla's Server Side TLS configurations, from mozilla/ssl-config-generator
 * src/static/guidelines/6.0.json (6.0.0, 2026-04-06; "old" was removed in 6.0) and 5.7.json
 * (5.7, 2023-05-15) for "old". Each configuration is a list of what to accept, so the tables say:
 * listed is good, anything else is outside the configuration. Offering less than a list is not
 * insecure; for a protocol the configuration lists it warns (clients the configuration is for may
 * not connect), for a suite it is fine (a server may carry a subset).
 *
 * Server order: 6.0 sets server_preferred_order false. With only listed suites every choice is
 * a good one, so no order is needed (a pass, never a fail); the order rule fails only where a
 * suite outside the list can win, and its fix is to remove that suite, not to add server order.
 * 5.7 old sets server_preferred_order true, because its list runs from AEAD down to 3DES: there
 * the server must choose, so that clients get the AEAD suites listed first.
 *
 * Roles: Mozilla writes for web servers; its own Postfix template applies the same configuration
 * to port 25 and submission (so "modern" makes port 25 TLS 1.3-only). These profiles apply the
 * configuration as stated on every role; the mail baseline rules are added per role.
 */
import { PASS, fail, warn, type GradeOutcomes, type ProfileTable, type RuleSpec } from '../table.js';
import { BASELINE_RULES } from './baseline.js';

const OUTCOMES: GradeOutcomes = { good: PASS, sufficient: PASS, 'phase-out': warn('low'), insufficient: fail('medium') };

const ROLES = {
  mx: 'Mozilla\'s configuration as stated (its Postfix template uses it for port 25 too): a sender that cannot meet it falls back to plaintext; TLS must be offered and not required (RFC 3207 §4)',
  submission: 'Mozilla\'s configuration as stated, plus TLS required and AUTH only after TLS (RFC 8314)',
  other: 'Mozilla\'s configuration as stated; requiring TLS is the admin\'s call',
} as const;

const COVERS = {
  versions: ['sslv2', 'sslv3', 'old-tls', 'no-tls13'],
  suites: ['null-ciphers', 'export-ciphers', 'rc4-ciphers', 'des-ciphers', 'anon-ciphers', 'cbc-only-*', 'no-forward-secrecy', 'weak-suites-accepted'],
  order: ['weak-suites-choosable', 'cipher-order'],
  certificate: ['cert-weak-key', 'cert-weak-signature'],
};

/** "ciphersuites" of modern, intermediate (6.0) and old (5.7): the same three. */
const TLS13_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/** 6.0 "tls_curves" (modern and intermediate), by the scan's group names (prime256v1 is secp256r1). */
const CURVES_60 = ['X25519MLKEM768', 'x25519', 'secp256r1', 'secp384r1'];

/** 6.0 intermediate "ciphers.iana". */
const INTERMEDIATE_60 = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

/** 5.7 old "ciphers.iana", in Mozilla's order: AEAD with (EC)DHE first, then CBC, static RSA, 3DES. */
const OLD_57_AEAD = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];
const OLD_57_REST = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
];

function versionsRule(name: string, listed: readonly ('SSLv2' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3')[], missing: 'warn' | 'fail-if-only'): RuleSpec {
  const all = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
  const grades = Object.fromEntries(all.map((v) => [v, listed.includes(v) ? 'good' : 'insufficient'])) as Record<(typeof all)[number], 'good' | 'insufficient'>;
  const why = Object.fromEntries(all.filter((v) => !listed.includes(v)).map((v) => [v, `not in Mozilla ${name}'s tls_versions (${listed.join(', ')})`]));
  return {
    id: 'tls-versions', title: 'TLS versions', source: `Mozilla ${name} tls_versions`, covers: COVERS.versions,
    grades, why, outcomes: OUTCOMES, verdicts: { SSLv2: fail('high'), SSLv3: fail('high') },
    required: listed.map((v) => ({
      version: v,
      verdict: missing === 'fail-if-only' ? fail('medium') : warn('low'),
      why: missing === 'fail-if-only'
        ? `Mozilla ${name} allows only ${listed.join(', ')}`
        : `Mozilla ${name} lists it, for the oldest clients the configuration is for`,
    })),
  };
}

function certificateRule(name: string, types: readonly string[], curves: readonly string[], signatures: string, rsaBits: number | null): RuleSpec {
  return {
    id: 'certificate', title: 'Certificate', source: `Mozilla ${name} certificate_types, certificate_curves, certificate_signatures, rsa_key_size`, covers: COVERS.certificate,
    keyTypes: { allowed: types, why: `Mozilla ${name} certificate_types: ${types.map((t) => (t === 'EC' ? 'ecdsa' : t.toLowerCase())).join(', ')}` },
    keys: [
      ...(rsaBits !== null ? [{ grade: 'insufficient' as const, why: `an RSA key below Mozilla ${name}'s rsa_key_size ${rsaBits}`, keyTypes: ['RSA', 'RSA-PSS'], bitsBelow: rsaBits }] : []),
      { grade: 'phase-out', why: `a curve outside Mozilla ${name}'s certificate_curves (${curves.join(', ')})`, keyTypes: ['EC'], notCurves: curves },
    ],
    signatures: [
      { pattern: signatures, grade: 'good', why: `in Mozilla ${name}'s certificate_signatures` },
      { pattern: 'md2|md5|sha1', grade: 'insufficient', why: 'signed with MD5 or SHA-1, which can be forged' },
      { pattern: '.', grade: 'phase-out', why: `not in Mozilla ${name}'s certificate_signatures` },
    ],
    outcomes: OUTCOMES,
  };
}

function groupsOf(name: string, curves: readonly string[], ecdhBits: number) {
  return {
    rows: [
      { grade: 'good' as const, why: `in Mozilla ${name}'s tls_curves`, names: curves },
      { grade: 'insufficient' as const, why: `below Mozilla ${name}'s ecdh_param_size ${ecdhBits}`, kinds: ['ECDHE' as const], bitsBelow: ecdhBits },
    ],
    otherwise: { grade: 'phase-out' as const, why: `not in Mozilla ${name}'s tls_curves (${curves.join(', ')})` },
  };
}

const INTERMEDIATE_RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  versionsRule('6.0 intermediate', ['TLSv1.2', 'TLSv1.3'], 'warn'),
  {
    id: 'cipher-suites', title: 'Cipher suites', source: 'Mozilla 6.0 intermediate ciphers, ciphersuites', covers: COVERS.suites,
    rows: [{ grade: 'good', why: 'in Mozilla 6.0 intermediate', names: [...INTERMEDIATE_60, ...TLS13_SUITES] }],
    otherwise: { grade: 'insufficient', why: 'not in Mozilla 6.0 intermediate\'s list (ECDHE with AES-GCM or ChaCha20 only; DHE was dropped in 6.0)' },
    outcomes: OUTCOMES,
  },
  {
    id: 'cipher-order', title: 'No server order needed', source: 'Mozilla 6.0 intermediate server_preferred_order: false', covers: COVERS.order,
    constraints: [{ lower: ['insufficient'], higher: ['good'] }], verdict: fail('medium'), fix: 'exclude',
    guideline: 'Mozilla 6.0 sets no server order: with only its suites accepted, whatever the client picks is good',
  },
  {
    id: 'key-exchange', title: 'Key exchange', source: 'Mozilla 6.0 intermediate tls_curves, ecdh_param_size, dh_param_size', covers: ['weak-dh'],
    groups: groupsOf('6.0 intermediate', CURVES_60, 256),
    dh: { rows: [{ grade: 'insufficient', why: 'below Mozilla 6.0 intermediate\'s dh_param_size 2048', bitsBelow: 2048 }], otherwise: { grade: 'good', why: 'at least dh_param_size 2048' } },
    outcomes: OUTCOMES,
  },
  certificateRule('6.0 intermediate', ['EC', 'RSA'], ['prime256v1', 'secp384r1'], '^(sha256WithRSAEncryption|ecdsa-with-SHA(256|384|512))$', 2048),
];

const MODERN_RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  versionsRule('6.0 modern', ['TLSv1.3'], 'fail-if-only'),
  {
    id: 'cipher-suites', title: 'Cipher suites', source: 'Mozilla 6.0 modern ciphersuites', covers: COVERS.suites,
    rows: [{ grade: 'good', why: 'in Mozilla 6.0 modern', names: TLS13_SUITES }],
    otherwise: { grade: 'insufficient', why: 'not in Mozilla 6.0 modern\'s list (TLS 1.3 AES-GCM and ChaCha20 only)' },
    outcomes: OUTCOMES,
  },
  {
    id: 'cipher-order', title: 'No server order needed', source: 'Mozilla 6.0 modern server_preferred_order: false', covers: COVERS.order,
    constraints: [{ lower: ['insufficient'], higher: ['good'] }], verdict: fail('medium'), fix: 'exclude',
    guideline: 'Mozilla 6.0 sets no server order: with only its suites accepted, whatever the client picks is good',
  },
  {
    id: 'key-exchange', title: 'Key exchange', source: 'Mozilla 6.0 modern tls_curves, ecdh_param_size, dh_param_size: null', covers: ['weak-dh'],
    groups: groupsOf('6.0 modern', CURVES_60, 256),
    dh: { rows: [], otherwise: { grade: 'insufficient', why: 'Mozilla 6.0 modern uses no finite-field DH (dh_param_size null, no ffdhe group in tls_curves)' } },
    outcomes: OUTCOMES,
  },
  certificateRule('6.0 modern', ['EC'], ['prime256v1', 'secp384r1'], '^ecdsa-with-SHA(256|384|512)$', null),
];

const OLD_RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  versionsRule('5.7 old', ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], 'warn'),
  {
    id: 'cipher-suites', title: 'Cipher suites', source: 'Mozilla 5.7 old ciphers, ciphersuites', covers: COVERS.suites,
    rows: [
      { grade: 'good', why: 'in Mozilla 5.7 old, among the AEAD suites it lists first', names: [...OLD_57_AEAD, ...TLS13_SUITES] },
      { grade: 'sufficient', why: 'in Mozilla 5.7 old, listed after the AEAD suites for old clients', names: OLD_57_REST },
    ],
    otherwise: { grade: 'insufficient', why: 'not in Mozilla 5.7 old\'s list' },
    outcomes: OUTCOMES,
  },
  {
    id: 'cipher-order', title: 'Server chooses', source: 'Mozilla 5.7 old server_preferred_order: true', covers: COVERS.order,
    constraints: [{ lower: ['sufficient', 'insufficient'], higher: ['good'] }], verdict: fail('medium'), fix: 'server-order',
    guideline: 'Mozilla 5.7 old sets server order: its list runs from AEAD down to 3DES, and the server must give clients the AEAD suites listed first',
  },
  {
    id: 'key-exchange', title: 'Key exchange', source: 'Mozilla 5.7 old tls_curves, ecdh_param_size, dh_param_size', covers: ['weak-dh'],
    groups: groupsOf('5.7 old', ['x25519', 'secp256r1', 'secp384r1'], 256),
    dh: { rows: [{ grade: 'insufficient', why: 'below Mozilla 5.7 old\'s dh_param_size 1024', bitsBelow: 1024 }], otherwise: { grade: 'good', why: 'at least dh_param_size 1024' } },
    outcomes: OUTCOMES,
  },
  certificateRule('5.7 old', ['RSA'], ['prime256v1', 'secp384r1'], '^sha256WithRSAEncryption$', 2048),
];

const GENERATOR = 'mozilla/ssl-config-generator src/static/guidelines';

export const MOZILLA_60_INTERMEDIATE: ProfileTable = {
  id: 'mozilla-6.0-intermediate',
  title: 'Mozilla Server Side TLS 6.0, intermediate',
  version: '6.0',
  date: '2026-04-06',
  sources: [`${GENERATOR}/6.0.json (configurations.intermediate)`, 'https://ssl-config.mozilla.org/guidelines/6.0.json'],
  partial: 'hsts_min_age, ocsp_staple and the certificate lifespans are web or CA matters and not graded.',
  roles: ROLES,
  rules: INTERMEDIATE_RULES,
};

export const MOZILLA_60_MODERN: ProfileTable = {
  id: 'mozilla-6.0-modern',
  title: 'Mozilla Server Side TLS 6.0, modern',
  version: '6.0',
  date: '2026-04-06',
  sources: [`${GENERATOR}/6.0.json (configurations.modern)`, 'https://ssl-config.mozilla.org/guidelines/6.0.json'],
  partial: 'hsts_min_age, ocsp_staple and the certificate lifespans are web or CA matters and not graded.',
  roles: ROLES,
  rules: MODERN_RULES,
};

export const MOZILLA_57_OLD: ProfileTable = {
  id: 'mozilla-5.7-old',
  title: 'Mozilla Server Side TLS 5.7, old (removed in 6.0)',
  version: '5.7',
  date: '2023-05-15',
  sources: [`${GENERATOR}/5.7.json (configurations.old)`, 'https://ssl-config.mozilla.org/guidelines/5.7.json'],
  partial: 'hsts_min_age, ocsp_staple and the certificate lifespans are web or CA matters and not graded.',
  roles: ROLES,
  rules: OLD_RULES,
};
