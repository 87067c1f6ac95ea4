/**
 * Heartbeat (RFC 6520): the ClientHello extension and the HeartbeatMessage carried in records of
 * content type 24. Heartbleed (CVE-2014-0160) is a request whose payload_length exceeds the
 * payload it carries: a correct peer discards it (RFC 6520 section 4, "MUST be discarded
 * silently"), a vulnerable OpenSSL 1.0.1-1.0.1f copied payload_length bytes of its own memory
 * into the response (ssl/t1_lib.c tls1_process_heartbeat; OpenSSL Security Advisory of 7 April 2014, fixed in 1.0.1g).
 */
import { ByteReader, ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';

export const HEARTBEAT_TYPE = { request: 1, response: 2 } as const;

/** The extension itself is the same one byte in both hellos: server-extensions.ts heartbeatExtension. */
export interface HeartbeatMessage {
  readonly type: number;
  /** The payload_length field as sent, which a Heartbleed request makes larger than the payload. */
  readonly payloadLength: number;
  /** The bytes after the length field: payload and padding (RFC 6520 section 4: at least 16 bytes of padding). */
  readonly rest: Uint8Array;
}

/**
 * A HeartbeatMessage with a payload_length of our choosing: `declaredLength` may exceed
 * `payload.length` (the Heartbleed request) and `padding` may be 0 (the request is malformed
 * anyway; a correct peer drops it).
 */
export function encodeHeartbeat(type: number, payload: Uint8Array, declaredLength = payload.length, padding = 16): Uint8Array {
  if (declaredLength > 0xffff) throw new MailtlsError('ELENGTH', 'heartbeat payload_length exceeds 65535');
  const w = new ByteWriter(3 + payload.length + padding);
  w.u8(type).u16(declaredLength).bytes(payload).bytes(new Uint8Array(padding));
  return w.finish();
}

export function decodeHeartbeat(fragment: Uint8Array): HeartbeatMessage {
  const r = new ByteReader(fragment);
  const type = r.u8('heartbeat type');
  const payloadLength = r.u16('heartbeat payload_length');
  return { type, payloadLength, rest: r.rest() };
}
