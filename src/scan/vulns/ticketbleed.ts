/**
 * Ticketbleed (CVE-2016-9244, F5 BIG-IP; K05121675, filippo.io/Ticketbleed). When a client
 * resumes with a session ticket it may send a session ID of its own; the server echoes it to
 * signal resumption (RFC 5077 section 3.4). F5's stack echoed 32 bytes whatever the length
 * sent, the rest from uninitialised memory. Two connections: a full TLS 1.2 session through
 * node:tls to get a real ticket, then our hello offering it with a 16-byte session ID; an
 * answer of 32 bytes that starts with ours is the leak (16 bytes of memory, not shown).
 */
import { randomFillSync } from 'node:crypto';
import { upgradeToTls } from '../../net/tcp.js';
import { bytesEqual } from '../../wire/bytes.js';
import { toMailtlsError } from '../../errors.js';
import { tlsHello } from '../handshake.js';
import type { VulnResult } from '../types.js';
import { counted, vuln, type VulnEnv } from './env.js';

const ID = 'ticketbleed';
const NAME = 'Ticketbleed';
const CVE = 'CVE-2016-9244';
export const TICKETBLEED_SESSION_ID_LENGTH = 16;

export function judgeTicketbleed(sent: Uint8Array, echoed: Uint8Array): { status: VulnResult['status']; why: string } {
  if (bytesEqual(echoed, sent)) return { status: 'not vulnerable', why: `resumed with the ticket and echoed the ${sent.length}-byte session ID exactly` };
  if (echoed.length > sent.length && bytesEqual(echoed.subarray(0, sent.length), sent)) {
    return { status: 'vulnerable', why: `echoed ${echoed.length} bytes for a ${sent.length}-byte session ID: ${echoed.length - sent.length} bytes of server memory (not shown)` };
  }
  return { status: 'not vulnerable', why: echoed.length === 0 ? 'did not resume with its own ticket (no session ID), so nothing is echoed' : 'did not resume with its own ticket (a new session ID), so nothing is echoed' };
}

export async function probeTicketbleed(base: VulnEnv, legacyTickets: boolean): Promise<VulnResult> {
  const { env, count } = counted(base);
  if (!env.legacy || env.legacy.protocol === 'SSLv3') return vuln(ID, NAME, CVE, 'not applicable', env.legacy ? 'SSLv3 has no session tickets' : 'TLS 1.3 resumes by PSK, not by session ID echo', 0);
  if (!legacyTickets) return vuln(ID, NAME, CVE, 'not vulnerable', `the ${env.legacy.protocol} ServerHello does not offer session tickets (RFC 5077)`, 0);
  const { protocol, suites } = env.legacy;
  try {
    const ticket = await env.probe('Ticketbleed (ticket)', async (t) => {
      const up = await upgradeToTls(t, env.serverName, env.timeoutMs, undefined, undefined, { maxVersion: 'TLSv1.2' });
      try {
        return up.peer.tlsTicket();
      } finally {
        up.transport.close();
      }
    });
    if (ticket === null) return vuln(ID, NAME, CVE, 'not vulnerable', 'a full TLS 1.2 handshake got no session ticket', count());
    const sid = new Uint8Array(TICKETBLEED_SESSION_ID_LENGTH);
    randomFillSync(sid);
    const verdict = await env.probe('Ticketbleed (resumption)', async (t) => {
      const o = await tlsHello(t, { protocol, suites, sessionId: sid, sessionTicket: ticket, ...(env.serverName ? { serverName: env.serverName } : {}) }, env.timeoutMs);
      if (o.kind === 'refused') return { status: 'unknown' as const, why: `the resumption hello was refused (${o.reason})` };
      return judgeTicketbleed(sid, o.hello.sessionId);
    });
    return vuln(ID, NAME, CVE, verdict.status, verdict.why, count());
  } catch (err) {
    const e = toMailtlsError(err, 'ETLS_PROTOCOL');
    return vuln(ID, NAME, CVE, 'unknown', `${e.code}: ${e.message}`, count());
  }
}
