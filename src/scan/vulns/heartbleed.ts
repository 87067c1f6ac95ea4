/**
 * Heartbleed (CVE-2014-0160). Every TLS 1.0-1.2 hello of the scan offers the heartbeat
 * extension (RFC 6520 section 2); a server that never echoes it takes no heartbeats, which the
 * derived verdict says at no connection (derived.ts). Otherwise one connection: that hello again,
 * then, right after ServerHelloDone and still unencrypted (vulnerable OpenSSL 1.0.1-1.0.1f
 * processed heartbeat records in any handshake state, ssl/s3_pkt.c ssl3_read_bytes), a heartbeat
 * request that carries no payload but claims HEARTBLEED_CLAIMED bytes of it, then a close_notify.
 * A correct server drops the request silently (RFC 6520 section 4) and closes on the
 * close_notify; a vulnerable one first answers with a heartbeat response holding that many bytes
 * of its memory. The claim is short (64 bytes: one small record, never the 16 KiB or 64 KiB a
 * leak test would ask for), only the first record of the answer is read, and the leaked bytes
 * never reach the report.
 */
import { encodeAlert } from '../../wire/alert.js';
import { decodeHeartbeat, encodeHeartbeat, HEARTBEAT_TYPE } from '../../wire/heartbeat.js';
import { CONTENT_TYPE, encodeRecord } from '../../wire/record.js';
import { versionCode } from '../../wire/registry/versions.js';
import { toMailtlsError } from '../../errors.js';
import { tlsHello } from '../handshake.js';
import type { VulnResult } from '../types.js';
import { counted, vuln, type VulnEnv } from './env.js';
import { describeReply, nextReply, type Reply } from './reply.js';

export const HEARTBLEED_CLAIMED = 64;
const ID = 'heartbleed';
const NAME = 'Heartbleed';
const CVE = 'CVE-2014-0160';

/** The request and the close_notify that follows it, as record bytes. */
export function heartbleedRequest(version: number): Uint8Array {
  const hb = encodeRecord({ type: CONTENT_TYPE.heartbeat, version, fragment: encodeHeartbeat(HEARTBEAT_TYPE.request, new Uint8Array(0), HEARTBLEED_CLAIMED, 0) });
  const close = encodeRecord({ type: CONTENT_TYPE.alert, version, fragment: encodeAlert({ level: 1, description: 0 }) });
  const out = new Uint8Array(hb.length + close.length);
  out.set(hb);
  out.set(close, hb.length);
  return out;
}

/** The verdict on the first reply to heartbleedRequest. */
export function judgeHeartbleed(reply: Reply): { status: VulnResult['status']; why: string } {
  if (reply.kind === 'record' && reply.record.type === CONTENT_TYPE.heartbeat) {
    let claimed: number;
    try {
      const hb = decodeHeartbeat(reply.record.fragment);
      if (hb.type !== HEARTBEAT_TYPE.response) return { status: 'unknown', why: `a heartbeat message of type ${hb.type} came back` };
      claimed = hb.payloadLength;
    } catch {
      return { status: 'unknown', why: 'a truncated heartbeat record came back' };
    }
    return { status: 'vulnerable', why: `answered a heartbeat that carried 0 payload bytes but claimed ${HEARTBLEED_CLAIMED} with ${reply.record.fragment.length} bytes (payload_length ${claimed}): server memory (not shown)` };
  }
  if (reply.kind === 'alert' || reply.kind === 'closed' || reply.kind === 'reset') {
    return { status: 'not vulnerable', why: `the heartbeat extension is on, but the malformed request got no answer before the close_notify (${describeReply(reply)})` };
  }
  if (reply.kind === 'timeout') return { status: 'unknown', why: 'no answer to the heartbeat request and the close_notify' };
  return { status: 'unknown', why: `unexpected ${describeReply(reply)}` };
}

export async function probeHeartbleed(base: VulnEnv): Promise<VulnResult> {
  const { env, count } = counted(base);
  if (!env.legacy) {
    return vuln(ID, NAME, CVE, 'not applicable', 'only TLS 1.3 is offered: heartbeats before the handshake completes need TLS 1.2 or older (and every TLS 1.3 stack postdates the fix)', 0);
  }
  const { protocol, suites } = env.legacy;
  try {
    const verdict = await env.probe('Heartbleed', async (t) => {
      // The scan's TLS 1.0-1.2 hellos carry the heartbeat extension (scan/hello.ts); SSLv3's have no extensions.
      const o = await tlsHello(t, { protocol, suites, ...(env.serverName ? { serverName: env.serverName } : {}) }, env.timeoutMs);
      if (o.kind === 'refused') return { status: 'unknown' as const, why: `the ${protocol} hello with the heartbeat extension was refused (${o.reason})` };
      if (o.hello.heartbeat === null) return { status: 'not vulnerable' as const, why: 'the server does not negotiate the heartbeat extension (RFC 6520), so it takes no heartbeat messages' };
      await t.write(heartbleedRequest(versionCode(protocol)));
      return judgeHeartbleed(await nextReply(t, env.timeoutMs));
    });
    return vuln(ID, NAME, CVE, verdict.status, verdict.why, count());
  } catch (err) {
    const e = toMailtlsError(err, 'ETLS_PROTOCOL');
    return vuln(ID, NAME, CVE, 'unknown', `${e.code}: ${e.message}`, count());
  }
}
