/**
 * A minimal DER walker (X.690 section 8/10): enough to reach what node:crypto's X509Certificate
 * does not expose (a certificate's signatureAlgorithm, its issuer Name as bytes). Definite lengths only, as DER requires.
 */
import { MailtlsError } from '../errors.js';

export interface DerNode {
  readonly tag: number;
  /** Offset of the tag byte in the input it was read from: `input.subarray(start, end)` is the whole TLV. */
  readonly start: number;
  /** Content bytes (a view into the input). */
  readonly content: Uint8Array;
  /** Offset just past this node in the input it was read from. */
  readonly end: number;
}

/** Reads the TLV at `offset`. */
export function readDer(data: Uint8Array, offset = 0): DerNode {
  const at = (i: number): number => {
    const v = data[i];
    if (v === undefined) throw new MailtlsError('ETRUNCATED', 'DER: data ends inside a header');
    return v;
  };
  const tag = at(offset);
  if ((tag & 0x1f) === 0x1f) throw new MailtlsError('EDECODE', 'DER: multi-byte tags are not supported');
  let len = at(offset + 1);
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new MailtlsError('EDECODE', 'DER: indefinite or oversized length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + at(pos + i);
    pos += n;
  }
  if (pos + len > data.length) throw new MailtlsError('ELENGTH', 'DER: length exceeds the data');
  return { tag, start: offset, content: data.subarray(pos, pos + len), end: pos + len };
}

/** The children of a constructed node. */
export function derChildren(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let off = 0;
  while (off < node.content.length) {
    const child = readDer(node.content, off);
    out.push(child);
    off = child.end;
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER's content bytes (X.690 section 8.19). */
export function decodeOid(content: Uint8Array): string {
  if (content.length === 0) throw new MailtlsError('EDECODE', 'DER: empty OID');
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new MailtlsError('EDECODE', 'DER: OID arc too large');
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export const DER_TAG = { SEQUENCE: 0x30, OID: 0x06, INTEGER: 0x02, CONTEXT_0: 0xa0 } as const;
