/**
 * Handshake message framing (RFC 8446 section 4, RFC 5246 section 7.4): a 1-byte type and a
 * 3-byte length. Messages may span several records and several may share one record, so the
 * reassembler takes record fragments and returns whole messages. Pure; bounded by a size cap so
 * a hostile length (up to 16 MB) cannot make it buffer without end.
 */
import { ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';

export const HANDSHAKE_TYPE = {
  hello_request: 0,
  client_hello: 1,
  server_hello: 2,
  hello_verify_request: 3,
  new_session_ticket: 4,
  end_of_early_data: 5,
  hello_retry_request: 6,
  encrypted_extensions: 8,
  certificate: 11,
  server_key_exchange: 12,
  certificate_request: 13,
  server_hello_done: 14,
  certificate_verify: 15,
  client_key_exchange: 16,
  finished: 20,
  certificate_url: 21,
  certificate_status: 22,
  supplemental_data: 23,
  key_update: 24,
  compressed_certificate: 25,
  message_hash: 254,
} as const;

const NAMES = new Map<number, string>(Object.entries(HANDSHAKE_TYPE).map(([n, c]) => [c, n]));

export function handshakeTypeName(type: number): string {
  return NAMES.get(type) ?? `handshake_${type}`;
}

export interface HandshakeMessage {
  readonly type: number;
  /** The body, without the 4-byte header. */
  readonly body: Uint8Array;
}

/** Type, 3-byte length, body. */
export function encodeHandshake(message: HandshakeMessage): Uint8Array {
  const w = new ByteWriter(message.body.length + 4);
  w.u8(message.type);
  const end = w.lengthU24();
  w.bytes(message.body);
  end();
  return w.finish();
}

/** 256 KiB: far above a ServerHello, an 8192-bit ServerKeyExchange or a long chain, far below 16 MB. */
export const DEFAULT_MAX_HANDSHAKE_MESSAGE = 256 * 1024;

export class HandshakeReassembler {
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly maxMessageLength: number;

  constructor(options: { maxMessageLength?: number } = {}) {
    this.maxMessageLength = options.maxMessageLength ?? DEFAULT_MAX_HANDSHAKE_MESSAGE;
  }

  /** Bytes of an incomplete message held back. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Takes the fragment of one handshake record; returns every message now complete. */
  push(fragment: Uint8Array): HandshakeMessage[] {
    if (fragment.length > 0) {
      const joined = new Uint8Array(this.buffer.length + fragment.length);
      joined.set(this.buffer);
      joined.set(fragment, this.buffer.length);
      this.buffer = joined;
    }
    const out: HandshakeMessage[] = [];
    let at = 0;
    while (this.buffer.length - at >= 4) {
      const type = this.buffer[at] as number;
      const len = ((this.buffer[at + 1] as number) << 16) | ((this.buffer[at + 2] as number) << 8) | (this.buffer[at + 3] as number);
      if (len > this.maxMessageLength) {
        throw new MailtlsError('ETOOLARGE', `${handshakeTypeName(type)} message of ${len} bytes exceeds ${this.maxMessageLength}`);
      }
      if (this.buffer.length - at < 4 + len) break;
      out.push({ type, body: this.buffer.slice(at + 4, at + 4 + len) });
      at += 4 + len;
    }
    if (at > 0) this.buffer = this.buffer.slice(at);
    return out;
  }
}
