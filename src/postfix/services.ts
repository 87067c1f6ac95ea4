/**
 * Which master.cf entries matter for TLS, their role and their TCP port.
 * Port: the inet service field is `[host:]port` (src/master/master_ent.c host_port()); a name is a
 * service name from /etc/services. smtpd `pass` entries receive connections from postscreen,
 * found through postscreen's smtpd_service_name (default "smtpd").
 */
import type { MasterEntry } from './master-cf.js';
import type { Role } from './types.js';

/** The /etc/services names mail servers use (IANA). */
const SERVICE_PORTS: Readonly<Record<string, number>> = {
  smtp: 25, submission: 587, submissions: 465, smtps: 465, urd: 465, lmtp: 24, 'ssmtp': 465,
};

export function commandName(entry: MasterEntry): string {
  const c = entry.command;
  return c.slice(c.lastIndexOf('/') + 1);
}

export function roleOf(entry: MasterEntry): Role | null {
  const cmd = commandName(entry);
  if (cmd === 'smtpd' && (entry.type === 'inet' || entry.type === 'pass')) return 'server';
  if (cmd === 'postscreen' && entry.type === 'inet') return 'postscreen';
  if (cmd === 'tlsproxy') return 'tlsproxy';
  if (cmd === 'smtp' || cmd === 'lmtp') return 'client';
  return null;
}

/** `[host]:port`, `host:port`, `port`: the port part as a number, or null when unknown. */
export function portOf(listen: string): number | null {
  let p = listen;
  const br = /^\[[^\]]*\]:(.*)$/.exec(listen);
  if (br) p = br[1] ?? '';
  else if (listen.includes(':')) p = listen.slice(listen.lastIndexOf(':') + 1);
  if (/^\d+$/.test(p)) {
    const n = Number(p);
    return n > 0 && n < 65536 ? n : null;
  }
  return SERVICE_PORTS[p.toLowerCase()] ?? null;
}

export function hostOf(listen: string): string | null {
  const br = /^\[([^\]]*)\]:/.exec(listen);
  if (br) return br[1] ?? null;
  const i = listen.lastIndexOf(':');
  return i > 0 ? listen.slice(0, i) : null;
}

/** A listener that only loopback reaches (content-filter re-injection and the like). */
export function isLoopbackOnly(listen: string): boolean {
  const h = hostOf(listen);
  return h !== null && (/^127\./.test(h) || h === '::1' || h.toLowerCase() === 'localhost');
}
