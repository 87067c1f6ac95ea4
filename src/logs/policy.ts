/**
 * `--if` policies for the impact simulation, and how each one judges a logged session.
 *
 * Syntax: `name=value`, with Postfix's own spelling where there is one, so a user can paste
 * the setting they mean to make:
 *   protocols=>=TLSv1.2      (also `!TLSv1,!TLSv1.1` or an include list; tls_proto_mask_lims(),
 *                            src/tls/tls_misc.c); smtpd_tls_protocols=... and
 *                            smtpd_tls_mandatory_protocols=... are accepted as synonyms
 *   ciphers=high             (a Postfix grade: high, medium, low, export, null;
 *                            smtpd_tls_ciphers= / smtpd_tls_mandatory_ciphers= too)
 *   tls=required             (smtpd_tls_security_level=encrypt: sessions without TLS fail)
 *   auth=tls                 (smtpd_tls_auth_only=yes: AUTH only after STARTTLS)
 */
import { MailtlsError } from '../errors.js';
import { gradeAtLeast, gradeCipher, GRADE_ORDER, type CipherGrade } from './ciphers.js';
import type { SessionOutcome } from './sessions.js';

/** Protocol names as Postfix and OpenSSL log them, oldest first. */
export const PROTOCOLS: readonly string[] = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export type Policy =
  | { readonly kind: 'protocols'; readonly expr: string; readonly allowed: ReadonlySet<string>; readonly text: string }
  | { readonly kind: 'ciphers'; readonly expr: string; readonly grade: CipherGrade; readonly text: string }
  | { readonly kind: 'tls-required'; readonly expr: string; readonly text: string }
  | { readonly kind: 'auth-tls'; readonly expr: string; readonly text: string };

/** How a policy judges one session. `already`: the session failed anyway. */
export type Verdict = 'ok' | 'fail' | 'unknown' | 'already';

export interface Judgement {
  readonly verdict: Verdict;
  /** Why it would fail (or why it cannot be told), for reports: `TLSv1 below the floor`. */
  readonly reason: string;
}

function protocolIndex(name: string): number {
  const n = name.trim();
  const hex = /^(?:0x)?03(0[0-4])$/i.exec(n);
  if (hex) return Number(hex[1]) + 1; // 0x0300 = SSLv3 ... 0x0304 = TLSv1.3
  return PROTOCOLS.indexOf(n === 'TLSv1.0' ? 'TLSv1' : n);
}

/** Parses a Postfix protocol list into the set of protocols it allows (tls_proto_mask_lims()). */
export function parseProtocolList(value: string): Set<string> {
  const tokens = value.split(/[\s,:]+/).filter((t) => t !== '');
  if (tokens.length === 0) throw new MailtlsError('EUSAGE', 'an empty protocol list allows everything; give e.g. ">=TLSv1.2"');
  let floor = 0;
  let ceiling = PROTOCOLS.length - 1;
  const excluded = new Set<number>();
  const included = new Set<number>();
  for (const t of tokens) {
    let i: number;
    if (t.startsWith('>=')) {
      i = protocolIndex(t.slice(2));
      if (i >= 0) floor = Math.max(floor, i);
    } else if (t.startsWith('<=')) {
      i = protocolIndex(t.slice(2));
      if (i >= 0) ceiling = Math.min(ceiling, i);
    } else if (t.startsWith('!')) {
      i = protocolIndex(t.slice(1));
      if (i >= 0) excluded.add(i);
    } else {
      i = protocolIndex(t);
      if (i >= 0) included.add(i);
    }
    if (i < 0) throw new MailtlsError('EUSAGE', `unknown protocol "${t}" in "${value}" (use ${PROTOCOLS.join(', ')})`);
  }
  const allowed = new Set<string>();
  PROTOCOLS.forEach((p, i) => {
    if (i < floor || i > ceiling || excluded.has(i)) return;
    if (included.size > 0 && !included.has(i)) return;
    allowed.add(p);
  });
  if (allowed.size === 0) throw new MailtlsError('EUSAGE', `"${value}" allows no protocol at all`);
  return allowed;
}

const PROTOCOL_NAMES = new Set(['protocols', 'smtpd_tls_protocols', 'smtpd_tls_mandatory_protocols', 'smtp_tls_protocols', 'smtp_tls_mandatory_protocols']);
const CIPHER_NAMES = new Set(['ciphers', 'smtpd_tls_ciphers', 'smtpd_tls_mandatory_ciphers', 'smtp_tls_ciphers', 'smtp_tls_mandatory_ciphers']);
const LEVEL_NAMES = new Set(['tls', 'smtpd_tls_security_level', 'smtp_tls_security_level']);
const AUTH_NAMES = new Set(['auth', 'smtpd_tls_auth_only']);

/** Parses one `--if` expression; EUSAGE with a hint when it is not understood. */
export function parsePolicy(expr: string): Policy {
  const eq = expr.indexOf('=');
  if (eq <= 0) throw new MailtlsError('EUSAGE', `--if "${expr}": expected name=value, e.g. protocols=>=TLSv1.2, ciphers=high, tls=required`);
  const name = expr.slice(0, eq).trim();
  const value = expr.slice(eq + 1).trim();
  if (PROTOCOL_NAMES.has(name)) {
    const allowed = parseProtocolList(value);
    return { kind: 'protocols', expr, allowed, text: `TLS protocols limited to ${[...allowed].join(', ')}` };
  }
  if (CIPHER_NAMES.has(name)) {
    const grade = value.toLowerCase() as CipherGrade;
    if (!GRADE_ORDER.includes(grade)) throw new MailtlsError('EUSAGE', `--if "${expr}": cipher grade must be one of ${GRADE_ORDER.join(', ')}`);
    return { kind: 'ciphers', expr, grade, text: `cipher grade "${grade}" (TLS 1.2 and older)` };
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
export function judge(policy: Policy, s: JudgedSession): Judgement {
  const o = s.outcome;
  switch (policy.kind) {
    case 'protocols':
      if (o.kind === 'tls') {
        if (policy.allowed.has(o.protocol)) return OK;
        if (!PROTOCOLS.includes(o.protocol)) return { verdict: 'unknown', reason: `protocol ${o.protocol} not known` };
        return { verdict: 'fail', reason: `${o.protocol} not allowed` };
      }
      if (o.kind === 'tls-unlogged') return { verdict: 'unknown', reason: 'TLS version not logged' };
      if (o.kind === 'failed') return ALREADY;
      if (o.kind === 'unknown') return { verdict: 'unknown', reason: 'TLS use not known' };
      return OK;
    case 'ciphers':
      if (o.kind === 'tls') {
        if (o.protocol === 'TLSv1.3') return OK;
        const g = gradeCipher(o.cipher);
        if (g.grade === 'unknown') return { verdict: 'unknown', reason: `cipher ${o.cipher} not recognised` };
        return gradeAtLeast(g.grade, policy.grade) ? OK : { verdict: 'fail', reason: `${o.cipher} is ${g.grade} grade (${g.why})` };
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
export function judgeAll(policies: readonly Policy[], s: JudgedSession): { verdict: Verdict; reasons: string[] } {
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
