/**
 * The cipher string Postfix hands OpenSSL: tls_set_ciphers() in src/tls/tls_misc.c. The grade's
 * base list (tls_<grade>_cipherlist, expanded) followed by ":!TOKEN" for every exclusion token
 * (separated by comma, space or colon). A token starting with '!', '+', '-' or '@' makes
 * tls_set_ciphers() fail, and with it every TLS session. Grade names are case-insensitive; from
 * Postfix 3.8 the grades "low" and "export" map to "medium" (tls_cipher_grade_table).
 */
import { atLeast, type PostfixVersion } from './version.js';

export type Grade = 'high' | 'medium' | 'low' | 'export' | 'null';

export interface CipherListResult {
  /** The string OpenSSL receives, or null when Postfix fails to set one. */
  readonly cipherList: string | null;
  /** The grade actually used (after the 3.8 mapping), or null when invalid. */
  readonly grade: Grade | null;
  readonly error?: string;
}

export function effectiveGrade(grade: string, version: PostfixVersion): Grade | null {
  const g = grade.trim().toLowerCase();
  if (g === 'high' || g === 'medium' || g === 'null') return g;
  if (g === 'low' || g === 'export') return atLeast(version, '3.8') ? 'medium' : g;
  return null;
}

export function splitExclusions(text: string): string[] {
  return text.split(/[ \t\r\n,:]+/).filter((t) => t !== '');
}

/**
 * @param baseList expanded value of tls_<grade>_cipherlist for the grade (caller looks it up)
 * @param exclusions the exclusion strings in the order Postfix joins them
 */
export function buildCipherList(grade: string, version: PostfixVersion, baseListOf: (g: Grade) => string, exclusions: readonly string[]): CipherListResult {
  const g = effectiveGrade(grade, version);
  if (g === null) return { cipherList: null, grade: null, error: `invalid cipher grade: "${grade}"` };
  const base = baseListOf(g);
  if (base === '') return { cipherList: null, grade: g, error: `empty "${g}" cipherlist (tls_${g}_cipherlist): the daemon panics` };
  let list = base;
  for (const tok of exclusions.flatMap(splitExclusions)) {
    if ('!+-@'.includes(tok[0] ?? '')) return { cipherList: null, grade: g, error: `invalid unary '!+-@' in cipher exclusion: ${tok}` };
    list += `:!${tok}`;
  }
  return { cipherList: list, grade: g };
}
