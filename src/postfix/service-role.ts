/**
 * What a listening smtpd or postscreen service is for: the one decision of "port 25" and
 * "submission", shared by the configuration findings (findings/facts.ts) and the policy
 * profiles (src/policy/role.ts) and the audit's discovery (src/audit/discover.ts, which names
 * where SASL is set and postscreen's port). It imports nothing, so src/policy can use it without
 * depending on the rest of src/postfix, and dependencies keep pointing from policy to postfix.
 *
 * - mx: port 25 (RFC 5321: mail from other mail servers) and postscreen, which Postfix puts in
 *   front of port 25 only (POSTSCREEN_README: not for the submission ports, whose clients
 *   authenticate). Port 25 stays mx with AUTH on (main.cf's smtpd_sasl_auth_enable reaches it).
 * - submission: the "submission" service (587, RFC 6409) and "submissions"/"smtps" (465,
 *   RFC 8314), by name or port, and any other service that offers SASL AUTH
 *   (smtpd_sasl_auth_enable = yes): mail clients log in there (SASL_README), so what protects
 *   their passwords on 587 applies there too.
 * - other: the rest (content-filter re-injection, relays between own hosts).
 */

export type MailRole = 'mx' | 'submission' | 'other';

export interface RoleInput {
  /** The master.cf service name ("smtp", "submission", "127.0.0.1:2525"), or a lab copy's production name. */
  readonly service: string;
  /** The TCP port, where known. */
  readonly port: number | null;
  readonly postscreen: boolean;
  readonly saslEnabled: boolean;
  /** Where smtpd_sasl_auth_enable is set ("master.cf:17"), to name it in the source. */
  readonly saslSetAt?: string;
  /** Name the port in postscreen's source ("postscreen on port 25"): the audit shows where it listens. */
  readonly postscreenPort?: boolean;
}

/** The /etc/services names of the mail ports (IANA). */
const WELL_KNOWN: Readonly<Record<string, number>> = { smtp: 25, submission: 587, submissions: 465, smtps: 465 };

export function serviceRole(input: RoleInput): { role: MailRole; source: string } {
  const short = input.service.includes(':') ? input.service.slice(input.service.lastIndexOf(':') + 1) : input.service;
  const port = /^\d+$/.test(short) ? Number(short) : WELL_KNOWN[short] ?? input.port;
  if (input.postscreen) {
    const on = input.postscreenPort === true && port !== null ? ` on port ${port}` : '';
    return { role: 'mx', source: `postscreen${on}: it screens the SMTP connections of other mail servers` };
  }
  if (port === 25) return { role: 'mx', source: 'port 25: mail from other mail servers (RFC 5321)' };
  if (['submission', 'submissions', 'smtps'].includes(short)) return { role: 'submission', source: `service name "${short}": mail clients submit mail here (RFC 8314)` };
  if (port === 587 || port === 465) return { role: 'submission', source: `port ${port}: mail clients submit mail here (RFC 8314)` };
  if (input.saslEnabled) {
    const at = input.saslSetAt !== undefined ? ` (${input.saslSetAt})` : '';
    return { role: 'submission', source: `smtpd_sasl_auth_enable = yes${at}: clients log in here` };
  }
  return { role: 'other', source: `port ${port ?? '?'}: neither port 25, postscreen, a submission port nor SASL AUTH` };
}
