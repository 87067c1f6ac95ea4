/**
 * What a listening service is for, as issue 10 defines it (and src/audit/discover.ts applies
 * with /etc/services and lab names): `mx` for port 25 and postscreen; `submission` for the
 * submission, submissions and smtps services (ports 587 and 465, RFC 8314) and any service with
 * smtpd_sasl_auth_enable = yes that has no port-25 role; `other` otherwise.
 */
import type { ServiceRole } from './types.js';

export interface RoleInput {
  /** The master.cf service name ("smtp", "submission", "127.0.0.1:2525"), or a lab copy's production name. */
  readonly service: string;
  /** The TCP port, where known. */
  readonly port: number | null;
  readonly postscreen: boolean;
  readonly saslEnabled: boolean;
}

const WELL_KNOWN: Readonly<Record<string, number>> = { smtp: 25, submission: 587, submissions: 465, smtps: 465 };

export function serviceRole(input: RoleInput): { role: ServiceRole; source: string } {
  const short = input.service.includes(':') ? input.service.slice(input.service.lastIndexOf(':') + 1) : input.service;
  const port = /^\d+$/.test(short) ? Number(short) : WELL_KNOWN[short] ?? input.port;
  if (input.postscreen) return { role: 'mx', source: 'postscreen: it screens the SMTP connections of other mail servers' };
  if (port === 25) return { role: 'mx', source: 'port 25: mail from other mail servers (RFC 5321)' };
  if (['submission', 'submissions', 'smtps'].includes(short)) return { role: 'submission', source: `service name "${short}": mail clients submit mail here (RFC 8314)` };
  if (port === 587 || port === 465) return { role: 'submission', source: `port ${port}: mail clients submit mail here (RFC 8314)` };
  if (input.saslEnabled) return { role: 'submission', source: 'smtpd_sasl_auth_enable = yes: clients log in here' };
  return { role: 'other', source: `port ${port ?? '?'}: neither port 25, postscreen, a submission port nor SASL AUTH` };
}
