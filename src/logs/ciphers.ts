/**
 * Grades of the cipher names Postfix logs (OpenSSL names: `ECDHE-RSA-AES256-GCM-SHA384`,
 * `DHE-RSA-CAMELLIA256-SHA`, `TLS_AES_256_GCM_SHA384`), in the terms of Postfix's
 * `*_tls_ciphers` grades (postconf(5): export, low, medium, high, null), which map to OpenSSL's
 * EXPORT, LOW, MEDIUM, HIGH and eNULL classes as OpenSSL 1.1.0 and later define them
 * (3DES and RC4 are MEDIUM there, single DES and RC2 LOW).
 *
 * A data table of name components, first match wins; unknown names grade as `unknown` so a
 * report never guesses.
 */

export type CipherGrade = 'high' | 'medium' | 'low' | 'export' | 'null' | 'unknown';

/** Strongest first; a Postfix grade admits itself and everything stronger. */
export const GRADE_ORDER: readonly CipherGrade[] = ['high', 'medium', 'low', 'export', 'null'];

interface GradeRule {
  /** Matches when the name starts with this (`prefix`) or has it as a `-`-separated run (`part`). */
  readonly match: { readonly prefix: string } | { readonly part: string };
  readonly grade: CipherGrade;
  readonly why: string;
}

const RULES: readonly GradeRule[] = [
  // TLS 1.3 suites (RFC 8446 B.4): all AEAD; Postfix grades do not apply to them at all.
  { match: { prefix: 'TLS_' }, grade: 'high', why: 'TLS 1.3 suite' },
  { match: { prefix: 'EXP' }, grade: 'export', why: 'export-grade (40/56-bit) cipher' },
  { match: { part: 'NULL' }, grade: 'null', why: 'no encryption (eNULL)' },
  { match: { part: 'DES-CBC3' }, grade: 'medium', why: '3DES (64-bit block, Sweet32)' },
  { match: { part: '3DES' }, grade: 'medium', why: '3DES (64-bit block, Sweet32)' },
  { match: { part: 'RC4' }, grade: 'medium', why: 'RC4 (RFC 7465 prohibits it)' },
  { match: { part: 'IDEA' }, grade: 'medium', why: 'IDEA (64-bit block)' },
  { match: { part: 'SEED' }, grade: 'medium', why: 'SEED' },
  { match: { part: 'DES-CBC' }, grade: 'low', why: 'single DES (56-bit)' },
  { match: { part: 'RC2' }, grade: 'low', why: 'RC2' },
  { match: { part: 'AES128' }, grade: 'high', why: 'AES' },
  { match: { part: 'AES256' }, grade: 'high', why: 'AES' },
  { match: { part: 'AES' }, grade: 'high', why: 'AES' },
  { match: { part: 'CAMELLIA128' }, grade: 'high', why: 'Camellia' },
  { match: { part: 'CAMELLIA256' }, grade: 'high', why: 'Camellia' },
  { match: { part: 'CHACHA20' }, grade: 'high', why: 'ChaCha20-Poly1305' },
  { match: { part: 'ARIA128' }, grade: 'high', why: 'ARIA' },
  { match: { part: 'ARIA256' }, grade: 'high', why: 'ARIA' },
];

function hasPart(name: string, part: string): boolean {
  let i = name.indexOf(part);
  while (i >= 0) {
    const before = i === 0 || name.charCodeAt(i - 1) === 45;
    const after = name.charCodeAt(i + part.length);
    // A run ends at `-`, the end, or a key-size digit (`AES` in `AES128`).
    if (before && (Number.isNaN(after) || after === 45 || (after >= 48 && after <= 57))) return true;
    i = name.indexOf(part, i + 1);
  }
  return false;
}

const cache = new Map<string, { grade: CipherGrade; why: string }>();

/** The grade of a logged cipher name and the reason, e.g. `['medium', '3DES (...)']`. */
export function gradeCipher(name: string): { grade: CipherGrade; why: string } {
  const hit = cache.get(name);
  if (hit) return hit;
  let result: { grade: CipherGrade; why: string } = { grade: 'unknown', why: 'cipher name not recognised' };
  for (const rule of RULES) {
    const m = rule.match;
    if ('prefix' in m ? name.startsWith(m.prefix) : hasPart(name, m.part)) {
      result = { grade: rule.grade, why: rule.why };
      break;
    }
  }
  if (cache.size < 1000) cache.set(name, result);
  return result;
}

/** True when `grade` is admitted by a Postfix cipher grade setting `floor` (high admits only high). */
export function gradeAtLeast(grade: CipherGrade, floor: CipherGrade): boolean {
  if (grade === 'unknown' || floor === 'unknown') return false;
  return GRADE_ORDER.indexOf(grade) <= GRADE_ORDER.indexOf(floor);
}

/** Anonymous (aNULL) suites: no server authentication at all, as Postfix prefers them opportunistically. */
export function isAnonymousCipher(name: string): boolean {
  return name.startsWith('ADH-') || name.startsWith('AECDH-');
}
