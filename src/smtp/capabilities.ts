import type { SmtpReply } from './reply.js';

/** What an EHLO reply announces (RFC 5321 section 4.1.1.1: first line is the greeting, then keywords). */
export interface Capabilities {
  /** Every keyword line as sent, upper-cased keyword first (e.g. "SIZE 10240000", "AUTH PLAIN LOGIN"). */
  readonly lines: readonly string[];
  readonly starttls: boolean;
  /** SASL mechanisms from AUTH (and the pre-RFC 4954 "AUTH=" form some servers still send). */
  readonly auth: readonly string[];
  readonly pipelining: boolean;
}

export function parseCapabilities(reply: SmtpReply): Capabilities {
  const lines = reply.lines.slice(1).map((l) => l.trim()).filter((l) => l !== '');
  const keywords = lines.map((l) => {
    const [kw = '', ...rest] = l.split(/[\s=]+/);
    return { kw: kw.toUpperCase(), rest, eq: /^AUTH=/i.test(l) };
  });
  const auth = new Set<string>();
  for (const k of keywords) if (k.kw === 'AUTH') for (const mech of k.rest) if (mech) auth.add(mech.toUpperCase());
  return {
    lines: lines.map((l) => {
      const i = l.search(/[\s=]/);
      return i < 0 ? l.toUpperCase() : l.slice(0, i).toUpperCase() + l.slice(i);
    }),
    starttls: keywords.some((k) => k.kw === 'STARTTLS'),
    auth: [...auth],
    pipelining: keywords.some((k) => k.kw === 'PIPELINING'),
  };
}
