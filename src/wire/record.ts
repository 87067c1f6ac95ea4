/**
 * TLS record layer framing (RFC 8446 section 5.1, RFC 5246 section 6.2.1) and detection of an
 * SSLv2-framed reply (SSLv2 draft section 1.2: a 2-byte header with the high bit set). The
 * deframer is pure: it takes bytes as they arrive and returns complete frames; the socket lives
 * in src/net.
 */
import { ByteReader, ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';

export const CONTENT_TYPE = {
  change_cipher_spec: 20,
  alert: 21,
  handshake: 22,
  application_data: 23,
  heartbeat: 24,
} as const;

/** RFC 5246 section 6.2.3: a ciphertext fragment may exceed 2^14 by at most 2048 bytes. */
export const MAX_RECORD_LENGTH = 2 ** 14 + 2048;

export interface TlsRecord {
  readonly type: number;
  /** Record-layer version (legacy_record_version). */
  readonly version: number;
  readonly fragment: Uint8Array;
}

/** One unit out of the deframer: a TLS record, or an SSLv2 record body (the server speaks SSLv2). */
export type Frame =
  | { readonly kind: 'tls'; readonly record: TlsRecord }
  | { readonly kind: 'sslv2'; readonly body: Uint8Array };

export function encodeRecord(record: TlsRecord): Uint8Array {
  if (record.fragment.length > MAX_RECORD_LENGTH) {
    throw new MailtlsError('ETOOLARGE', `record fragment of ${record.fragment.length} bytes exceeds ${MAX_RECORD_LENGTH}`);
  }
  const w = new ByteWriter(record.fragment.length + 5);
  w.u8(record.type).u16(record.version);
  const end = w.lengthU16();
  w.bytes(record.fragment);
  end();
  return w.finish();
}

/**
 * A ChangeCipherSpec record (RFC 5246 section 7.1: one byte, 1). Sent out of order by the CCS
 * injection probe (CVE-2014-0224).
 */
export function encodeChangeCipherSpec(version: number): Uint8Array {
  return encodeRecord({ type: CONTENT_TYPE.change_cipher_spec, version, fragment: new Uint8Array([1]) });
}

/**
 * Splits a payload into records of at most 2^14 bytes (RFC 8446 section 5.1) and concatenates
 * them, for handshake messages larger than one record.
 */
export function encodeRecords(type: number, version: number, payload: Uint8Array): Uint8Array {
  const w = new ByteWriter(payload.length + 16);
  let at = 0;
  do {
    const chunk = payload.subarray(at, Math.min(payload.length, at + 2 ** 14));
    w.bytes(encodeRecord({ type, version, fragment: chunk }));
    at += chunk.length;
  } while (at < payload.length);
  return w.finish();
}

/** Decodes one complete record (exactly, no trailing bytes). */
export function decodeRecord(bytes: Uint8Array): TlsRecord {
  const r = new ByteReader(bytes);
  const type = r.u8('record type');
  const version = r.u16('record version');
  const len = r.u16('record length');
  if (len > MAX_RECORD_LENGTH) throw new MailtlsError('ETOOLARGE', `record length ${len} exceeds ${MAX_RECORD_LENGTH}`);
  const fragment = r.bytes(len, 'record fragment');
  r.expectEnd('record');
  return { type, version, fragment };
}

function looksLikeTlsHeader(b0: number, b1: number): boolean {
  // content types 20..24 and a major version of 3 (SSLv3 and every TLS)
  return b0 >= 20 && b0 <= 24 && b1 === 3;
}

export interface DeframerOptions {
  /** Largest record fragment accepted (default MAX_RECORD_LENGTH). */
  readonly maxRecordLength?: number;
  /** Accept an SSLv2-framed first record (default true). */
  readonly allowSslv2?: boolean;
}

/**
 * Incremental deframer. `push` appends bytes and returns every frame now complete; at most one
 * partial frame is buffered, so memory stays bounded by the maximum record length. The first
 * frame decides the framing: SSLv2 (high bit set, RFC-less SSLv2 draft) or TLS; a peer may not
 * switch afterwards.
 */
export class RecordDeframer {
  private buffer: Uint8Array = new Uint8Array(0);
  private mode: 'unknown' | 'tls' | 'sslv2' = 'unknown';
  private readonly maxRecordLength: number;
  private readonly allowSslv2: boolean;

  constructor(options: DeframerOptions = {}) {
    this.maxRecordLength = options.maxRecordLength ?? MAX_RECORD_LENGTH;
    this.allowSslv2 = options.allowSslv2 ?? true;
  }

  /** Bytes held back waiting for the rest of a frame. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** The framing seen so far. */
  get framing(): 'unknown' | 'tls' | 'sslv2' {
    return this.mode;
  }

  push(bytes: Uint8Array): Frame[] {
    if (bytes.length > 0) {
      const joined = new Uint8Array(this.buffer.length + bytes.length);
      joined.set(this.buffer);
      joined.set(bytes, this.buffer.length);
      this.buffer = joined;
    }
    const frames: Frame[] = [];
    let at = 0;
    for (;;) {
      const left = this.buffer.length - at;
      if (left < 2) break;
      const b0 = this.buffer[at] as number;
      const b1 = this.buffer[at + 1] as number;
      if (this.mode === 'unknown') {
        if (looksLikeTlsHeader(b0, b1)) this.mode = 'tls';
        else if (this.allowSslv2 && (b0 & 0x80) !== 0) this.mode = 'sslv2';
        else throw new MailtlsError('EDECODE', `not a TLS record: starts with 0x${b0.toString(16).padStart(2, '0')}${b1.toString(16).padStart(2, '0')}`);
      }
      if (this.mode === 'sslv2') {
        // SSLv2 draft 1.2: two-byte header, high bit set, 15-bit length; servers never pad.
        if ((b0 & 0x80) === 0) throw new MailtlsError('EDECODE', 'SSLv2 record without the 2-byte header');
        const len = ((b0 & 0x7f) << 8) | b1;
        if (left < 2 + len) break;
        frames.push({ kind: 'sslv2', body: this.buffer.slice(at + 2, at + 2 + len) });
        at += 2 + len;
        continue;
      }
      if (left < 5) {
        if (!looksLikeTlsHeader(b0, b1)) throw new MailtlsError('EDECODE', `bad record header: content type ${b0}, version major ${b1}`);
        break;
      }
      if (!looksLikeTlsHeader(b0, b1)) throw new MailtlsError('EDECODE', `bad record header: content type ${b0}, version major ${b1}`);
      const version = (b1 << 8) | (this.buffer[at + 2] as number);
      const len = ((this.buffer[at + 3] as number) << 8) | (this.buffer[at + 4] as number);
      if (len > this.maxRecordLength) throw new MailtlsError('ETOOLARGE', `record length ${len} exceeds ${this.maxRecordLength}`);
      if (left < 5 + len) break;
      frames.push({ kind: 'tls', record: { type: b0, version, fragment: this.buffer.slice(at + 5, at + 5 + len) } });
      at += 5 + len;
    }
    this.buffer = at > 0 ? this.buffer.slice(at) : this.buffer;
    return frames;
  }
}
