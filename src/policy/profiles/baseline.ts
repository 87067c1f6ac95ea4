/**
 * The mail baseline every profile carries beside its own rules: whether TLS is there, whether
 * it is required, whether AUTH waits for it. The web and government guidelines (Mozilla, NIST,
 * BSI, BCP 195) say nothing about SMTP's roles, and read literally they would tell a port-25
 * admin to require TLS; RFC 3207 §4 forbids exactly that. So these rows are the same under every
 * profile, and they are role-aware:
 *
 * - mx (port 25, postscreen): STARTTLS must be offered (without it all mail is plaintext), and
 *   must not be required (RFC 3207 §4: a publicly-referenced server MUST NOT require STARTTLS to
 *   deliver mail locally; RFC 7435: opportunistic security).
 * - submission (587, 465, SASL): TLS required, implicit TLS or STARTTLS at level encrypt (RFC 8314 §3).
 * - other (a content filter's re-injection port, an internal relay): no source requires TLS there
 *   or forbids requiring it, so a missing STARTTLS only warns and requiring TLS is the admin's call.
 * - AUTH only after TLS on every role (RFC 4954 §4: no plaintext password mechanism before TLS).
 */
import { fail, warn, type RuleSpec } from '../table.js';

export const BASELINE_RULES: readonly RuleSpec[] = [
  {
    id: 'starttls', roles: ['mx'], title: 'STARTTLS offered', source: 'RFC 3207 §2, RFC 7435 §1', covers: ['no-starttls'],
    missing: fail('high'),
    why: 'without STARTTLS every message to this server crosses the network in plaintext; a public MX offers TLS opportunistically (RFC 7435)',
  },
  {
    id: 'starttls', roles: ['submission'], title: 'TLS offered', source: 'RFC 8314 §3', covers: ['no-starttls'],
    missing: fail('critical'),
    why: 'mail clients send their password and their mail here; RFC 8314 §3 requires TLS for submission',
  },
  {
    id: 'starttls', roles: ['other'], title: 'STARTTLS offered', source: 'RFC 7435 §1', covers: ['no-starttls'],
    missing: warn('low'),
    why: 'no source requires TLS on a port that is neither an MX nor submission (a content filter\'s re-injection port, an internal relay), but if other hosts reach it, offer STARTTLS (RFC 7435)',
  },
  {
    id: 'tls-required', roles: ['mx'], title: 'TLS not required on port 25', source: 'RFC 3207 §4', covers: [],
    expect: 'not-required', verdict: fail('medium'),
    why: 'RFC 3207 §4: "A publicly-referenced SMTP server MUST NOT require use of the STARTTLS extension in order to deliver mail locally": senders without TLS would have their mail refused',
  },
  {
    id: 'tls-required', roles: ['submission'], title: 'TLS required', source: 'RFC 8314 §3.3', covers: [],
    expect: 'required', verdict: fail('high'),
    why: 'RFC 8314: submission uses implicit TLS (port 465) or STARTTLS with TLS required before mail or AUTH (smtpd_tls_security_level = encrypt on 587)',
  },
  {
    id: 'tls-required', roles: ['other'], title: 'TLS required', source: 'RFC 7435 §1', covers: [],
    expect: 'either', verdict: warn('info'),
    why: 'no source requires or forbids requiring TLS on a port that is neither an MX nor submission',
  },
  {
    id: 'auth-after-tls', title: 'AUTH only after TLS', source: 'RFC 4954 §4, RFC 8314 §3', covers: ['auth-before-tls'],
    verdict: fail('high'),
    why: 'a client may send its password in the clear; RFC 4954 §4: no plaintext password mechanism unless TLS (or equivalent protection) is active',
  },
];
