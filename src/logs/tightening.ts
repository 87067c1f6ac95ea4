/**
 * The tightening simulation: the `--if` settings ("what if TLS were tightened so"), and how each
 * one judges a logged session (would it still work?). Not a policy profile (src/policy/) nor a
 * service's effective TLS policy (src/postfix/policy.ts): a hypothetical change to one setting.
 *
 * Syntax: `name=value`, with Postfix's own spelling where there is one, so a user can paste
 * the setting they mean to make:
 *   protocols=>=TLSv1.2      (also `!TLSv1,!TLSv1.1` or an include list; tls_proto_mask_lims(),
 *                            src/tls/tls_misc.c); smtpd_tls_protocols=... and
 *                            smtpd_tls_mandatory_protocols=... are accepted as synonyms
 *   ciphers=high             (a Postfix grade: high, medium, low, export, null;
 *                            smtpd_tls_ciphers= / smtpd_tls_mandatory_ciphers= too), judged
 *                            against the list Postfix would build (postfix-settings.ts)
 *   exclude_ciphers=3DES,RC4 (smtpd_tls_exclude_ciphers=...: on the default "medium" grade;
 *                            combine with ciphers= for another grade)
 *   tls=required             (smtpd_tls_security_level=encrypt: sessions without TLS fail)
 *   auth=tls                 (smtpd_tls_auth_only=yes: AUTH only after STARTTLS)
 */
import { MailtlsError } from '../errors.js';
import { gradeCipher } from './ciphers.js';
import { accepts, acceptedCiphers, KNOWN_PROTOCOLS, POSTFIX_GRADES, protocolsAllowedBy, type CipherAcceptance } from './postfix-settings.js';
import type { SessionOutcome } from './sessions.js';

/** One `--if` setting (called a "policy" in the report's JSON: impact.policies). */
export type Tightening =
  | { readonly kind: 'protocols'; readonly expr: string; readonly allowed: ReadonlySet<string>; readonly text: string }
  | { readonly kind: 'ciphers'; readonly expr: string; readonly accepted: CipherAcceptance; readonly text: string }
  | { readonly kind: 'tls-required'; readonly expr: string; readonly text: string }
  | { readonly kind: 'auth-tls'; readonly expr: string; readonly text: string };

/** How a tightening judges one session. `already`: the session failed anyway. */
export type Verdict = 'ok' | 'fail' | 'unknown' | 'already';

export interface Judgement {
  readonly verdict: Verdict;
  /** Why it would fail (or why it cannot be told), for reports: `TLSv1 not allowed`. */
  readonly reason: string;
}

const PROTOCOL_NAMES = new Set(['protocols', 'smtpd_tls_protocols', 'smtpd_tls_mandatory_protocols', 'smtp_tls_protocols', 'smtp_tls_mandatory_protocols']);
const CIPHER_NAMES = new Set(['ciphers', 'smtpd_tls_ciphers', 'smtpd_tls_mandatory_ciphers', 'smtp_tls_ciphers', 'smtp_tls_mandatory_ciphers']);
const LEVEL_NAMES = new Set(['tls', 'smtpd_tls_security_level', 'smtp_tls_security_level']);
const EXCLUDE_NAMES = new Set(['exclude_ciphers', 'smtpd_tls_exclude_ciphers', 'smtpd_tls_mandatory_exclude_ciphers', 'smtp_tls_exclude_ciphers', 'smtp_tls_mandatory_exclude_ciphers']);
const AUTH_NAMES = new Set(['auth', 'smtpd_tls_auth_only']);

/** Parses one `--if` expression; EUSAGE with a hint when it is not understood. */
export function parseTightening(expr: string): Tightening {
  const eq = expr.indexOf('=');
  if (eq <= 0) throw new MailtlsError('EUSAGE', `--if "${expr}": expected name=value, e.g. protocols=>=TLSv1.2, ciphers=high, tls=required`);
  const name = expr.slice(0, eq).trim();
  const value = expr.slice(eq + 1).trim();
  if (PROTOCOL_NAMES.has(name)) {
    const allowed = protocolsAllowedBy(value);
    return { kind: 'protocols', expr, allowed, text: `TLS protocols limited to ${[...allowed].join(', ')}` };
  }
  if (CIPHER_NAMES.has(name)) {
    const grade = value.toLowerCase();
    if (!(POSTFIX_GRADES as readonly string[]).includes(grade)) throw new MailtlsError('EUSAGE', `--if "${expr}": cipher grade must be one of ${POSTFIX_GRADES.join(', ')}`);
    const accepted = acceptedCiphers(grade);
    const mapped = accepted.grade !== grade ? ` (Postfix >= 3.8 treats "${grade}" as "${accepted.grade}")` : '';
    return { kind: 'ciphers', expr, accepted, text: `cipher grade "${grade}"${mapped}: Postfix ${accepted.postfixVersion}'s list ${accepted.cipherList} on OpenSSL ${accepted.opensslVersion} (TLS 1.2 and older)` };
  }
  if (EXCLUDE_NAMES.has(name)) {
    if (value === '') throw new MailtlsError('EUSAGE', `--if "${expr}": give the ciphers to exclude, e.g. exclude_ciphers=3DES,RC4`);
    // Exclusions apply on top of a grade; alone, on the default one (smtpd_tls_ciphers = medium).
    const accepted = acceptedCiphers('medium', [value]);
    return { kind: 'ciphers', expr, accepted, text: `ciphers "${value}" excluded from the default "medium" grade: ${accepted.cipherList} on OpenSSL ${accepted.opensslVersion} (TLS 1.2 and older)` };
  }
  if (LEVEL_NAMES.has(name)) {
    const v = value.toLowerCase();
    if (['required', 'encrypt', 'mandatory', 'verify', 'secure', 'dane', 'dane-only', 'fingerprint'].includes(v)) {
      return { kind: 'tls-required', expr, text: 'TLS required (smtpd_tls_security_level = encrypt)' };
    }
    throw new MailtlsError('EUSAGE', `--if "${expr}": only tls=required (or encrypt) can be simulated`);
  }
  if (AUTH_NAMES.has(name)) {
    const v = value.toLowerCase();
    if (['tls', 'yes', 'tls-only', 'required'].includes(v)) {
      return { kind: 'auth-tls', expr, text: 'AUTH only over TLS (smtpd_tls_auth_only = yes)' };
    }
    throw new MailtlsError('EUSAGE', `--if "${expr}": use auth=tls (smtpd_tls_auth_only = yes)`);
  }
  throw new MailtlsError('EUSAGE', `--if "${expr}": unknown policy "${name}"; use protocols=, ciphers=, tls= or auth=`);
}

/** A session as policies see it. */
export interface JudgedSession {
  readonly outcome: SessionOutcome;
  /** The client authenticated (or tried to) during the session. */
  readonly auth: boolean;
}

/** Judges one session (inbound) or delivery (outbound) under one policy. */
export function judge(policy: Tightening, s: JudgedSession): Judgement {
  const o = s.outcome;
  switch (policy.kind) {
    case 'protocols':
      if (o.kind === 'tls') {
        if (policy.allowed.has(o.protocol)) return OK;
        if (!KNOWN_PROTOCOLS.includes(o.protocol)) return { verdict: 'unknown', reason: `protocol ${o.protocol} not known` };
        return { verdict: 'fail', reason: `${o.protocol} not allowed` };
      }
      if (o.kind === 'tls-unlogged') return { verdict: 'unknown', reason: 'TLS version not logged' };
      if (o.kind === 'failed') return ALREADY;
      if (o.kind === 'unknown') return { verdict: 'unknown', reason: 'TLS use not known' };
      return OK;
    case 'ciphers':
      if (o.kind === 'tls') {
        // TLS 1.3 suites are set by tls_*_ciphersuites (OpenSSL's TLS 1.3 list); grades never touch them.
        if (o.protocol === 'TLSv1.3' || o.cipher.startsWith('TLS_')) return OK;
        const ok = accepts(policy.accepted, o.cipher);
        if (ok === undefined) return { verdict: 'unknown', reason: `cipher ${o.cipher} not recognised` };
        if (ok) return OK;
        const g = gradeCipher(o.cipher);
        return { verdict: 'fail', reason: `${o.cipher} not in the "${policy.accepted.grade}" list (${g.grade} grade: ${g.why})` };
      }
      if (o.kind === 'tls-unlogged') return { verdict: 'unknown', reason: 'cipher not logged' };
      if (o.kind === 'failed') return ALREADY;
      if (o.kind === 'unknown') return { verdict: 'unknown', reason: 'TLS use not known' };
      return OK;
    case 'tls-required':
      if (o.kind === 'plaintext') return { verdict: 'fail', reason: 'no TLS (would get "530 5.7.0 Must issue a STARTTLS command first")' };
      if (o.kind === 'failed') return ALREADY;
      if (o.kind === 'unknown') return { verdict: 'unknown', reason: 'TLS use not known' };
      return OK;
    case 'auth-tls':
      if (!s.auth) return OK;
      if (o.kind === 'plaintext') return { verdict: 'fail', reason: 'AUTH without TLS (AUTH would not be offered)' };
      if (o.kind === 'unknown') return { verdict: 'unknown', reason: 'TLS use not known' };
      return OK;
  }
}

const OK: Judgement = { verdict: 'ok', reason: '' };
const ALREADY: Judgement = { verdict: 'already', reason: 'the TLS handshake failed already' };

/** All policies together: fails if any fails; else unknown if any is unknown; `already` dominates ok. */
export function judgeAll(policies: readonly Tightening[], s: JudgedSession): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = [];
  let unknown = false;
  let already = false;
  for (const p of policies) {
    const j = judge(p, s);
    if (j.verdict === 'fail') reasons.push(j.reason);
    else if (j.verdict === 'unknown') unknown = true;
    else if (j.verdict === 'already') already = true;
  }
  if (reasons.length > 0) return { verdict: 'fail', reasons };
  if (already) return { verdict: 'already', reasons };
  if (unknown) return { verdict: 'unknown', reasons };
  return { verdict: 'ok', reasons };
}
