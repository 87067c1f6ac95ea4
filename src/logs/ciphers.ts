/**
 * The cipher names Postfix logs (OpenSSL names: `ECDHE-RSA-AES256-GCM-SHA384`,
 * `DHE-RSA-CAMELLIA256-SHA`, `TLS_AES_256_GCM_SHA384`) seen through the project's model of
 * OpenSSL, never through a table of our own: the grade of a name (for "weak suites" in
 * reports) is OpenSSL's strength class from src/openssl's cipher table (HIGH, MEDIUM, LOW,
 * STRONG_NONE as OpenSSL 1.1.0+ assigns them); names OpenSSL 3 no longer knows (EXP-*, single
 * DES, static DH, KRB5...) are graded from src/wire's registry (export flag, effective key
 * bits). Whether a Postfix cipher grade admits a name: postfix-settings.ts.
 */
import { cipherByCode, cipherByName, type OpensslCipher } from '../openssl/index.js';
import { cipherSuiteByOpenssl, type CipherSuite } from '../wire/registry/cipher-suites.js';

export type CipherGrade = 'high' | 'medium' | 'low' | 'export' | 'null' | 'unknown';

const STRENGTH_GRADE: Readonly<Record<OpensslCipher['strength'], CipherGrade>> = {
  HIGH: 'high', MEDIUM: 'medium', LOW: 'low', STRONG_NONE: 'null',
};

/** A logged name, resolved: the IANA code and what OpenSSL / the registry know about it. */
interface Known {
  readonly code: number;
  readonly openssl: OpensslCipher | undefined;
  readonly suite: CipherSuite | undefined;
}

function resolve(name: string): Known | undefined {
  const suite = cipherSuiteByOpenssl(name);
  // The registry also knows the EDH-* spellings OpenSSL 1.0.x logged for DHE-* suites.
  const openssl = cipherByName(name) ?? (suite !== undefined ? cipherByCode(suite.code) : undefined);
  const code = openssl?.code ?? suite?.code;
  return code === undefined ? undefined : { code, openssl, suite };
}

function describeEnc(k: Known): string {
  const s = k.suite;
  if (s === undefined) return k.openssl?.enc ?? 'unknown cipher';
  if (s.export) return `export-grade ${s.enc} (${s.encBits}-bit)`;
  if (s.encBits === 0) return 'no encryption (eNULL)';
  return `${s.enc} (${s.encBits}-bit)`;
}

const gradeCache = new Map<string, { grade: CipherGrade; why: string }>();

/** The grade of a logged cipher name and the reason, e.g. `['medium', 'RC4_128 (128-bit), OpenSSL MEDIUM']`. */
export function gradeCipher(name: string): { grade: CipherGrade; why: string } {
  const hit = gradeCache.get(name);
  if (hit) return hit;
  const k = resolve(name);
  let result: { grade: CipherGrade; why: string };
  if (k === undefined) result = { grade: 'unknown', why: 'cipher name not recognised' };
  else if (k.suite !== undefined && k.suite.minVersion === 0x0304) result = { grade: 'high', why: 'TLS 1.3 suite' };
  else if (k.openssl !== undefined) result = { grade: STRENGTH_GRADE[k.openssl.strength], why: `${describeEnc(k)}, OpenSSL ${k.openssl.strength}` };
  else {
    // Gone from OpenSSL 3's table: grade the way OpenSSL's last release with the suite did
    // (export flag, else effective key bits: below 112 LOW, 3DES's 112 MEDIUM).
    const s = k.suite as CipherSuite;
    const grade: CipherGrade = s.export ? 'export' : s.encBits === 0 ? 'null' : s.encBits < 112 ? 'low' : s.encBits < 128 ? 'medium' : 'high';
    result = { grade, why: `${describeEnc(k)}, unknown to OpenSSL 3` };
  }
  if (gradeCache.size < 1000) gradeCache.set(name, result);
  return result;
}

/** Anonymous (aNULL) suites: no server authentication at all, as Postfix prefers them opportunistically. */
export function isAnonymousCipher(name: string): boolean {
  const k = resolve(name);
  if (k?.openssl !== undefined) return k.openssl.au === 'aNULL';
  return k?.suite?.auth === 'anon';
}

/** The IANA code of a logged cipher name; `undefined` when neither OpenSSL nor the registry knows it. */
export function cipherCode(name: string): number | undefined {
  return resolve(name)?.code;
}
