/**
 * BSI TR-02102-2, version 2026-01, PARTIAL. The PDF is not at hand; what is encoded is what the
 * reference (checkers-and-policies.md §3) states from secondary sources (der-windows-papst.de,
 * 2026-03-02, and a proof-of-concept README citing Tables 2, 3, 10-14):
 *
 * - TLS 1.2 (until the end of 2031) and TLS 1.3 only;
 * - TLS 1.3 suites: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_AES_128_CCM_SHA256
 *   (no ChaCha20, no CCM_8).
 *
 * Not encoded, so not judged (n/a): the TLS 1.2 suites of Table 3 (the reference says to check
 * the 2026 PDF before encoding; the 2020 list in DefectDojo is not the 2026 one), key exchange
 * groups and sizes, DHE's end in 2029, and the signature schemes (RSA PKCS#1 v1.5 deprecated,
 * PSS only: the scanner does not record the handshake's signature scheme).
 */
import { PASS, fail, type GradeOutcomes, type ProfileTable, type RuleSpec } from '../table.js';
import { BASELINE_RULES } from './baseline.js';
import { SERVER_ORDER_SOURCES } from './sources.js';

const OUTCOMES: GradeOutcomes = { good: PASS, sufficient: PASS, 'phase-out': fail('low'), insufficient: fail('medium') };
const TR = 'BSI TR-02102-2 2026-01';

const RULES: readonly RuleSpec[] = [
  ...BASELINE_RULES,
  {
    id: 'tls-versions', title: 'TLS 1.2 and 1.3 only', source: `${TR} (secondary sources)`, covers: ['sslv2', 'sslv3', 'old-tls'],
    grades: { SSLv2: 'insufficient', SSLv3: 'insufficient', 'TLSv1.0': 'insufficient', 'TLSv1.1': 'insufficient', 'TLSv1.2': 'good', 'TLSv1.3': 'good' },
    why: {
      SSLv2: `${TR} recommends TLS 1.2 and 1.3 only`, SSLv3: `${TR} recommends TLS 1.2 and 1.3 only`,
      'TLSv1.0': `${TR} recommends TLS 1.2 and 1.3 only`, 'TLSv1.1': `${TR} recommends TLS 1.2 and 1.3 only`,
    },
    outcomes: OUTCOMES,
    verdicts: { SSLv2: fail('high'), SSLv3: fail('high') },
  },
  {
    id: 'cipher-suites', title: 'Cipher suites (TLS 1.3 only encoded)', source: `${TR} (secondary sources)`, covers: [],
    rows: [
      { grade: 'good', why: `a TLS 1.3 suite ${TR} recommends`, names: ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_AES_128_CCM_SHA256'] },
      { grade: 'insufficient', why: `not among ${TR}'s TLS 1.3 suites (no ChaCha20, no CCM_8)`, match: { tls13: true } },
    ],
    otherwise: { grade: 'unknown', why: `${TR}'s TLS 1.2 suites (Table 3) are not encoded` },
    outcomes: OUTCOMES,
  },
  {
    id: 'cipher-order', title: 'No unrecommended suite can win', source: `${TR} (secondary sources); ${SERVER_ORDER_SOURCES}`, covers: [],
    constraints: [{ lower: ['insufficient'], higher: ['good'] }], verdict: fail('medium'), fix: 'server-order',
    guideline: 'only TLS 1.3 suites are graded here and TLS 1.3 is left out of the order test, so this rule cannot judge until Table 3 is encoded',
  },
];

export const BSI_2026: ProfileTable = {
  id: 'bsi-2026',
  title: 'BSI TR-02102-2 (2026-01), partial',
  version: '2026-01',
  date: '2026-01',
  sources: [
    'BSI TR-02102-2 version 2026-01, via der-windows-papst.de (2026-03-02) and a README citing Tables 2, 3, 10-14 (secondary sources, as gathered in checkers-and-policies.md §3)',
  ],
  partial: 'Only protocol versions (TLS 1.2 and 1.3 only) and the TLS 1.3 suites are encoded. The TLS 1.2 suites (Table 3), key exchange groups and sizes, the end of DHE (2029) and signature schemes (RSA PKCS#1 v1.5 deprecated) are not: those give n/a until the 2026 PDF is at hand.',
  roles: {
    mx: 'BSI\'s rules as stated (written for TLS servers in general); TLS must be offered and not required (RFC 3207 §4)',
    submission: 'BSI\'s rules as stated, plus TLS required and AUTH only after TLS (RFC 8314)',
    other: 'BSI\'s rules as stated; requiring TLS is the admin\'s call',
  },
  rules: RULES,
};
