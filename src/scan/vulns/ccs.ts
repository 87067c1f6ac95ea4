/**
 * CCS injection (CVE-2014-0224). One connection: after the server's first flight, two
 * ChangeCipherSpec records before any key exchange. A fixed OpenSSL (OpenSSL Security Advisory of 5 June 2014;
 * found by Masashi Kikuchi, ccsinjection.lepidum.co.jp) refuses the first with unexpected_message; a
 * vulnerable one (OpenSSL before 0.9.8za / 1.0.0m / 1.0.1h) accepts it and switches to keys
 * derived from an empty master secret, so the second CCS, now read as ciphertext, fails with
 * bad_record_mac or decryption_failed. Both records go out at once: the first answer decides,
 * and no quiet period has to be waited out.
 */
import { CONTENT_TYPE, encodeChangeCipherSpec } from '../../wire/record.js';
import { versionCode } from '../../wire/registry/versions.js';
import { toMailtlsError } from '../../errors.js';
import { tlsHello } from '../handshake.js';
import type { VulnResult } from '../types.js';
import { counted, vuln, type VulnEnv } from './env.js';
import { describeReply, nextReply, type Reply } from './reply.js';

/** RFC 5246 section 7.2. */
const BAD_RECORD_MAC = 20;
const DECRYPTION_FAILED = 21;
const ID = 'ccs-injection';
const NAME = 'CCS injection';
const CVE = 'CVE-2014-0224';

export function ccsInjection(version: number): Uint8Array {
  const one = encodeChangeCipherSpec(version);
  const out = new Uint8Array(one.length * 2);
  out.set(one);
  out.set(one, one.length);
  return out;
}

export function judgeCcs(reply: Reply): { status: VulnResult['status']; why: string } {
  if (reply.kind === 'alert') {
    if (reply.description === BAD_RECORD_MAC || reply.description === DECRYPTION_FAILED) {
      return { status: 'vulnerable', why: `the early ChangeCipherSpec was accepted: the next record failed with ${describeReply(reply)}` };
    }
    return { status: 'not vulnerable', why: `the early ChangeCipherSpec was refused (${describeReply(reply)})` };
  }
  if (reply.kind === 'closed' || reply.kind === 'reset') return { status: 'not vulnerable', why: `the early ChangeCipherSpec was refused (${describeReply(reply)})` };
  if (reply.kind === 'record' && reply.record.type === CONTENT_TYPE.alert) {
    return { status: 'vulnerable', why: 'an encrypted alert came back: the server switched keys on the early ChangeCipherSpec' };
  }
  if (reply.kind === 'timeout') return { status: 'unknown', why: 'no answer to two early ChangeCipherSpec records' };
  return { status: 'unknown', why: `unexpected ${describeReply(reply)}` };
}

export async function probeCcs(base: VulnEnv): Promise<VulnResult> {
  const { env, count } = counted(base);
  if (!env.legacy) return vuln(ID, NAME, CVE, 'not applicable', 'only TLS 1.3 is offered: its ChangeCipherSpec is a no-op for middleboxes (RFC 8446 section 5)', 0);
  const { protocol, suites } = env.legacy;
  try {
    const verdict = await env.probe('CCS injection', async (t) => {
      const o = await tlsHello(t, { protocol, suites, ...(env.serverName ? { serverName: env.serverName } : {}) }, env.timeoutMs);
      if (o.kind === 'refused') return { status: 'unknown' as const, why: `the ${protocol} hello was refused (${o.reason})` };
      await t.write(ccsInjection(versionCode(protocol)));
      return judgeCcs(await nextReply(t, env.timeoutMs));
    });
    return vuln(ID, NAME, CVE, verdict.status, verdict.why, count());
  } catch (err) {
    const e = toMailtlsError(err, 'ETLS_PROTOCOL');
    return vuln(ID, NAME, CVE, 'unknown', `${e.code}: ${e.message}`, count());
  }
}
