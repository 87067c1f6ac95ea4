/**
 * Candidate lists and the strength verdict on a suite. The candidate order matters to the
 * enumerator (enumerate.ts): suites a current server is likely to accept come first, so the
 * first and last accepted suites bound a short range; ChaCha20 suites sit inside that range,
 * never first, so a server with PRIORITIZE_CHACHA (OpenSSL: honoured only when the client lists
 * ChaCha20 first) does not confuse the preference test.
 */
import { cipherSuitesForVersion, cipherSuiteByCode, formatSuiteCode, type CipherSuite } from '../wire/registry/cipher-suites.js';
import type { ProtocolName } from '../wire/registry/versions.js';
import type { CipherRef } from './types.js';
import { versionCode } from '../wire/registry/versions.js';

const OBSOLETE_ENC = /^(RC4|RC2|DES|DES40|IDEA|NULL|SEED|GOST|28147|KUZNYECHIK|MAGMA|SM4)/;

/** What OpenSSL 3 (so Postfix) can still negotiate: only these are likely to be accepted. */
export function likelyAccepted(s: CipherSuite): boolean {
  if (s.export || s.signalling || s.sslv2 || s.openssl === null) return false;
  if (OBSOLETE_ENC.test(s.enc)) return false;
  return ['RSA', 'DHE', 'ECDHE', 'ANY'].includes(s.kx);
}

export function isChacha(code: number): boolean {
  return cipherSuiteByCode(code)?.enc.startsWith('CHACHA20') === true;
}

const candidateCache = new Map<string, readonly number[]>();

/** Every suite defined for the protocol, likely ones first, ChaCha20 in the middle of those. */
export function candidateSuites(protocol: Exclude<ProtocolName, 'SSLv2'>): readonly number[] {
  let list = candidateCache.get(protocol);
  if (!list) {
    list = Object.freeze(orderCandidates(protocol));
    candidateCache.set(protocol, list);
  }
  return list;
}

function orderCandidates(protocol: Exclude<ProtocolName, 'SSLv2'>): number[] {
  const all = cipherSuitesForVersion(versionCode(protocol));
  const likely = all.filter(likelyAccepted);
  const chacha = likely.filter((s) => isChacha(s.code));
  const other = likely.filter((s) => !isChacha(s.code));
  const mid = Math.max(1, Math.floor(other.length / 2));
  const ordered = [...other.slice(0, mid), ...chacha, ...other.slice(mid), ...all.filter((s) => !likelyAccepted(s))];
  return ordered.map((s) => s.code);
}

/** Asked for every candidate after every pick (enumerate.ts): answered from a table, not by regex. */
const likelyCache = new Map<number, boolean>();

export function isLikely(code: number): boolean {
  let likely = likelyCache.get(code);
  if (likely === undefined) {
    const s = cipherSuiteByCode(code);
    likely = s !== undefined && likelyAccepted(s);
    likelyCache.set(code, likely);
  }
  return likely;
}

/**
 * insecure: broken or no protection (NULL, anonymous, export, RC4, single DES, MD5 MAC, under 112 bits);
 * weak: works but below current guidance (3DES, IDEA, SEED, RC2, no forward secrecy, static DH/ECDH);
 * strong: everything else (forward secret, AES/ChaCha20/CAMELLIA/ARIA, SHA-1 HMAC included).
 */
export function suiteStrength(s: CipherSuite): CipherRef['strength'] {
  if (s.enc === 'NULL' || s.auth === 'anon' || s.auth === 'NULL' || s.export || s.enc.startsWith('RC4') || /^DES(40)?_|^DES$|^DES40/.test(s.enc) || s.mac === 'MD5' || s.encBits < 112) return 'insecure';
  if (/^(3DES|IDEA|SEED|RC2)/.test(s.enc) || ['RSA', 'DH', 'ECDH', 'KRB5', 'PSK', 'RSA_PSK', 'SRP'].includes(s.kx)) return 'weak';
  return 'strong';
}

export function cipherRef(code: number): CipherRef {
  const s = cipherSuiteByCode(code);
  if (!s) return { code: formatSuiteCode(code), iana: `unknown_${formatSuiteCode(code)}`, openssl: null, kx: '?', auth: '?', bits: 0, strength: 'insecure' };
  return { code: s.hex, iana: s.iana, openssl: s.openssl, kx: s.kx, auth: s.auth, bits: s.encBits, strength: suiteStrength(s) };
}
