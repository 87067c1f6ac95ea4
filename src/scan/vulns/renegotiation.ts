/**
 * Client-initiated renegotiation (CVE-2011-1473: each renegotiation costs the server a full
 * handshake, a cheap denial of service). One connection: a full TLS 1.2 session through node:tls
 * (renegotiation needs the keys), then renegotiations one after another until the server refuses
 * or RENEGOTIATION_LIMIT have succeeded. Counted as internet.nl does (checks/tasks/tls.py,
 * "renegotiation_client"): 0 allowed is good, 1 to 10 is informational, more than 10 fails.
 * OpenSSL 3 refuses client renegotiation by default (SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
 * Postfix turns it off with tls_ssl_options = NO_RENEGOTIATION on older OpenSSL.
 */
import { upgradeToTls } from '../../net/tcp.js';
import { toMailtlsError } from '../../errors.js';
import type { VulnResult } from '../types.js';
import { counted, vuln, type VulnEnv } from './env.js';

export const RENEGOTIATION_LIMIT = 11;
const ID = 'client-renegotiation';
const NAME = 'Client-initiated renegotiation';
const CVE = 'CVE-2011-1473';

/** The verdict on how many renegotiations one connection allowed (`limited`: the server stopped us). */
export function judgeRenegotiations(allowed: number, stoppedBy: 'refused' | 'limit' | 'timeout'): { status: VulnResult['status']; why: string } {
  if (stoppedBy === 'timeout' && allowed === 0) return { status: 'unknown', why: 'the server did not answer a renegotiation' };
  if (allowed === 0) return { status: 'not vulnerable', why: 'the server refused the first client-initiated renegotiation' };
  const n = stoppedBy === 'limit' ? `${allowed} (the most tried)` : String(allowed);
  return { status: 'vulnerable', why: `one connection allowed ${n} client-initiated renegotiation${allowed === 1 ? '' : 's'}${stoppedBy === 'limit' ? ': more than 10 fails internet.nl' : ''}${stoppedBy === 'timeout' ? ', then the server stopped answering' : ''}` };
}

export async function probeClientRenegotiation(base: VulnEnv): Promise<VulnResult> {
  const { env, count } = counted(base);
  if (!env.legacy || !['TLSv1.0', 'TLSv1.1', 'TLSv1.2'].includes(env.legacy.protocol)) {
    return vuln(ID, NAME, CVE, 'not applicable', env.legacy ? `only ${env.legacy.protocol} below TLS 1.3, which node:tls cannot speak` : 'TLS 1.3 has no renegotiation (RFC 8446 section 4.1.2)', 0);
  }
  try {
    const { allowed, stoppedBy } = await env.probe('client-initiated renegotiation', async (t) => {
      const up = await upgradeToTls(t, env.serverName, env.timeoutMs, undefined, undefined, { maxVersion: 'TLSv1.2' });
      try {
        let n = 0;
        while (n < RENEGOTIATION_LIMIT) {
          let ok: boolean;
          try {
            ok = await up.peer.renegotiate(env.timeoutMs);
          } catch {
            return { allowed: n, stoppedBy: 'timeout' as const };
          }
          if (!ok) return { allowed: n, stoppedBy: 'refused' as const };
          n++;
        }
        return { allowed: n, stoppedBy: 'limit' as const };
      } finally {
        up.transport.close();
      }
    });
    const v = judgeRenegotiations(allowed, stoppedBy);
    return vuln(ID, NAME, CVE, v.status, v.why, count());
  } catch (err) {
    const e = toMailtlsError(err, 'ETLS_PROTOCOL');
    return vuln(ID, NAME, CVE, 'unknown', `no TLS 1.2 session to renegotiate (${e.code}: ${e.message})`, count());
  }
}
