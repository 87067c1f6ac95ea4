/**
 * A profile says what the wire should become (a FixHint); the configuration says how: which
 * parameter is in force for the service, in the syntax of this Postfix version. The commands
 * here are then checked by the model (fixes.ts predicts the wire after them and grades it
 * again), so a hint that the configuration cannot express is reported, not guessed at.
 */
import type { Analysis, AnalyzedService } from '../postfix/analyze.js';
import { serviceKey, setMain, setService } from '../postfix/fixes.js';
import { splitExclusions } from '../postfix/cipherlist.js';
import { atLeast } from '../postfix/version.js';
import type { FixHint } from '../policy/types.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import { postfixVersion } from './join.js';

const FLOORS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** "accept nothing older than FLOOR" in this version's syntax, without whitespace (fits an -o). */
export function floorValue(a: Analysis, floor: string): string {
  const f = postfixVersion(floor);
  if (atLeast(a.env.version, '3.6')) return `>=${f}`;
  const below = ['SSLv2', ...FLOORS].slice(0, ['SSLv2', ...FLOORS].indexOf(f));
  return below.map((p) => `!${p}`).join(':');
}

/** The service whose settings run the TLS of a listener (postscreen hands it to smtpd pass). */
export function tlsService(a: Analysis, s: AnalyzedService): AnalyzedService {
  if (s.delegatedTo === undefined) return s;
  return a.services.find((x) => serviceKey(x.entry) === s.delegatedTo) ?? s;
}

/**
 * OpenSSL cipher aliases (ciphers(1)) an exclusion can use instead of suite names, broadest
 * first: an alias is used when every offered suite it matches is to go, so the exclusion says
 * what it means ("kRSA": no forward secrecy) and keeps working for suites a later OpenSSL adds.
 */
const EXCLUSION_ALIASES = ['kRSA', 'aNULL', 'eNULL', 'EXPORT', 'LOW', 'RC4', 'DES', '3DES', 'IDEA', 'SEED', 'MD5', 'kDHE', 'kDH', 'kECDH', 'aDSS', 'PSK', 'CAMELLIA', 'ARIA', 'AESCCM8', 'AESCCM', 'SHA1', 'SHA256', 'SHA384'];

/** The shortest exclusion tokens that remove exactly `remove` of the offered suites; null without a cipher model. */
export function compactExclusions(a: Analysis, remove: ReadonlySet<string>, offered: readonly string[]): string[] | null {
  const ev = a.env.evaluator;
  const ossl = a.env.opensslVersion;
  if (ev === null || ossl === null) return null;
  const offeredSet = new Set(offered.map((c) => c.toUpperCase()));
  const left = new Set([...remove].filter((c) => offeredSet.has(c)));
  const tokens: string[] = [];
  for (const alias of EXCLUSION_ALIASES) {
    if (left.size === 0) break;
    let matched: string[];
    try {
      matched = ev(alias, { opensslVersion: ossl, securityLevel: 0, keyTypes: undefined }).suites.map((x) => x.code.toUpperCase()).filter((c) => offeredSet.has(c));
    } catch {
      continue;
    }
    if (matched.length < 2 || !matched.every((c) => remove.has(c)) || !matched.some((c) => left.has(c))) continue;
    tokens.push(alias);
    for (const c of matched) left.delete(c);
  }
  for (const c of left) {
    const n = cipherSuiteByCode(parseInt(c, 16))?.openssl;
    if (n) tokens.push(n);
  }
  return tokens;
}

export interface HintCommands {
  readonly commands: string[];
  readonly title: string;
  /** What the configuration cannot do about the hint (TLS 1.3 suites, certificates). */
  readonly manual: string | null;
}

/** A set of an -o override of the service (tlsproxy's own settings live in main.cf). */
function setFor(a: Analysis, s: AnalyzedService, name: string, value: string): string {
  const t = tlsService(a, s);
  if (t.role === 'postscreen') return setMain([name.replace(/^smtpd_/, 'tlsproxy_'), value]);
  return setService(t.entry, [name, value]);
}

export function hintCommands(a: Analysis, s: AnalyzedService, hint: FixHint): HintCommands | null {
  const t = tlsService(a, s);
  const enforce = t.tls.level === 'encrypt' || t.tls.wrapper;
  switch (hint.kind) {
    case 'protocols-floor': {
      const param = t.tls.protocolsParameter ?? (enforce ? 'smtpd_tls_mandatory_protocols' : 'smtpd_tls_protocols');
      return { commands: [setFor(a, s, param, floorValue(a, hint.floor))], title: `accept ${hint.floor} or newer only`, manual: null };
    }
    case 'exclude-suites': {
      const legacy = hint.suites.filter((c) => !/^0x13/i.test(c));
      const tls13 = hint.suites.filter((c) => /^0x13/i.test(c));
      const names = legacy.map((c) => cipherSuiteByCode(parseInt(c, 16))?.openssl).filter((n): n is string => n !== undefined && n !== null);
      const manual = tls13.length > 0
        ? `TLS 1.3 suites (${tls13.map((c) => cipherSuiteByCode(parseInt(c, 16))?.iana ?? c).join(', ')}) are not set by Postfix's cipher lists: set Ciphersuites in the OpenSSL configuration Postfix reads (tls_config_file, Postfix 3.9 and the 3.5.20/3.6.10/3.7.6/3.8.1 backports)`
        : null;
      if (names.length === 0) return manual !== null ? { commands: [], title: 'remove TLS 1.3 suites', manual } : null;
      const tokens = compactExclusions(a, new Set(legacy.map((c) => c.toUpperCase())), t.tls.ciphers ?? []) ?? names;
      const param = enforce ? 'smtpd_tls_mandatory_exclude_ciphers' : 'smtpd_tls_exclude_ciphers';
      const scope = t.role === 'postscreen' ? t.tlsScope : t.scope;
      const pname = t.role === 'postscreen' ? param.replace(/^smtpd_/, 'tlsproxy_') : param;
      const existing = splitExclusions(scope.get(pname));
      const value = [...existing, ...tokens.filter((n) => !existing.includes(n))].join(',');
      return { commands: [setFor(a, s, param, value)], title: `stop accepting ${names.length} suite${names.length === 1 ? '' : 's'} (${tokens.join(', ')})`, manual };
    }
    case 'server-order':
      return { commands: [setMain(['tls_preempt_cipherlist', hint.enable ? 'yes' : 'no'])], title: hint.enable ? 'let the server choose the suite' : 'let the client choose the suite', manual: null };
    case 'require-tls':
      if (t.tls.wrapper) return null;
      return { commands: [setFor(a, s, 'smtpd_tls_security_level', 'encrypt')], title: 'require TLS', manual: null };
    case 'offer-tls':
      return { commands: [setFor(a, s, 'smtpd_tls_security_level', 'may')], title: 'offer STARTTLS', manual: t.tls.certificates.length === 0 ? 'needs a certificate: smtpd_tls_chain_files (Postfix 3.4+)' : null };
    case 'auth-only-after-tls':
      return { commands: [setFor(a, s, 'smtpd_tls_auth_only', 'yes')], title: 'offer AUTH only after STARTTLS', manual: null };
    case 'manual':
      return { commands: [], title: hint.text, manual: hint.text };
  }
}
