/**
 * The one byte writer/reader pair of the wire codec (STYLE-ANCHORS practice 1, after subtls's
 * `Bytes`, but synchronous: the framing layer hands over complete messages, so no parser awaits).
 * Length-prefixed vectors (RFC 8446 section 3.4) are written with deferred closures so the
 * nesting stays visible, and read with checked sub-reads that insist the announced length is
 * consumed exactly. Every overrun or inconsistency throws a coded MailtlsError.
 */
import { MailtlsError } from '../errors.js';

/** Growable big-endian writer. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(Math.max(16, initialSize));
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  private checkRange(value: number, max: number, what: string): void {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new MailtlsError('ELENGTH', `${what} value ${value} does not fit (0..${max})`);
    }
  }

  u8(value: number): this {
    this.checkRange(value, 0xff, 'u8');
    this.ensure(1);
    this.view.setUint8(this.pos, value);
    this.pos += 1;
    return this;
  }

  u16(value: number): this {
    this.checkRange(value, 0xffff, 'u16');
    this.ensure(2);
    this.view.setUint16(this.pos, value);
    this.pos += 2;
    return this;
  }

  u24(value: number): this {
    this.checkRange(value, 0xffffff, 'u24');
    this.ensure(3);
    this.view.setUint8(this.pos, value >>> 16);
    this.view.setUint16(this.pos + 1, value & 0xffff);
    this.pos += 3;
    return this;
  }

  u32(value: number): this {
    this.checkRange(value, 0xffffffff, 'u32');
    this.ensure(4);
    this.view.setUint32(this.pos, value);
    this.pos += 4;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  /** Reserves an n-byte length field; the returned closure fills it with the bytes written since. */
  private lengthField(size: 1 | 2 | 3): () => void {
    const at = this.pos;
    this.ensure(size);
    this.pos += size;
    return () => {
      const len = this.pos - at - size;
      const max = size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffff;
      if (len > max) throw new MailtlsError('ELENGTH', `vector of ${len} bytes exceeds its ${size}-byte length field`);
      if (size === 1) this.view.setUint8(at, len);
      else if (size === 2) this.view.setUint16(at, len);
      else {
        this.view.setUint8(at, len >>> 16);
        this.view.setUint16(at + 1, len & 0xffff);
      }
    };
  }

  lengthU8(): () => void {
    return this.lengthField(1);
  }

  lengthU16(): () => void {
    return this.lengthField(2);
  }

  lengthU24(): () => void {
    return this.lengthField(3);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Big-endian reader over a byte array; `what` names the field in error messages. */
export class ByteReader {
  private readonly data: Uint8Array;
  private readonly view: DataView;
  private pos = 0;
  private readonly end: number;

  constructor(data: Uint8Array) {
    this.data = data;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.end = data.length;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.end - this.pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.pos;
  }

  private need(n: number, what: string): void {
    if (this.end - this.pos < n) {
      throw new MailtlsError('ETRUNCATED', `${what}: needs ${n} bytes, ${this.end - this.pos} left`);
    }
  }

  u8(what = 'u8'): number {
    this.need(1, what);
    const v = this.view.getUint8(this.pos);
    this.pos += 1;
    return v;
  }

  u16(what = 'u16'): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  u24(what = 'u24'): number {
    this.need(3, what);
    const v = (this.view.getUint8(this.pos) << 16) | this.view.getUint16(this.pos + 1);
    this.pos += 3;
    return v;
  }

  u32(what = 'u32'): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  /** n bytes as a copy (so decoded messages never alias a reused network buffer). */
  bytes(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const v = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** Everything left, as a copy. */
  rest(): Uint8Array {
    return this.bytes(this.remaining, 'rest');
  }

  /** Looks at the next byte without consuming it. */
  peekU8(what = 'u8'): number {
    this.need(1, what);
    return this.view.getUint8(this.pos);
  }

  /**
   * A vector with an n-byte length prefix, returned as a copy. A missing length field is
   * ETRUNCATED; a length that announces more than is left is ELENGTH.
   */
  vectorU8(what = 'vector<u8>'): Uint8Array {
    return this.vectorBody(this.u8(what), what);
  }

  vectorU16(what = 'vector<u16>'): Uint8Array {
    return this.vectorBody(this.u16(what), what);
  }

  vectorU24(what = 'vector<u24>'): Uint8Array {
    return this.vectorBody(this.u24(what), what);
  }

  private vectorBody(len: number, what: string): Uint8Array {
    if (len > this.remaining) {
      throw new MailtlsError('ELENGTH', `${what}: announces ${len} bytes, only ${this.remaining} follow`);
    }
    return this.bytes(len, what);
  }

  /**
   * Reads a length field and returns a reader confined to exactly that many bytes;
   * this reader moves past them. The caller calls `sub.expectEnd()` when done.
   */
  private subReader(size: 1 | 2 | 3, what: string): ByteReader {
    const len = size === 1 ? this.u8(what) : size === 2 ? this.u16(what) : this.u24(what);
    if (len > this.remaining) {
      throw new MailtlsError('ELENGTH', `${what}: announces ${len} bytes, only ${this.remaining} follow`);
    }
    const sub = new ByteReader(this.data.subarray(this.pos, this.pos + len));
    this.pos += len;
    return sub;
  }

  expectLengthU8(what = 'vector<u8>'): ByteReader {
    return this.subReader(1, what);
  }

  expectLengthU16(what = 'vector<u16>'): ByteReader {
    return this.subReader(2, what);
  }

  expectLengthU24(what = 'vector<u24>'): ByteReader {
    return this.subReader(3, what);
  }

  /** Throws ELENGTH unless every byte was consumed: trailing data means a length lied. */
  expectEnd(what = 'message'): void {
    if (this.pos !== this.end) {
      throw new MailtlsError('ELENGTH', `${what}: ${this.end - this.pos} unexpected trailing bytes`);
    }
  }
}

/** Lower-case hex without separators. */
export function toHex(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
}

/** Parses hex, ignoring whitespace and colons (so RFC dumps can be pasted). */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new MailtlsError('EDECODE', 'not a hex string');
  }
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
