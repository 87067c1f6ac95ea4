/**
 * The generic extension container (RFC 8446 section 4.2): a type and opaque data. Messages keep
 * every extension they carry, known or not (STYLE-ANCHORS practice 4: show what we do not
 * understand), and interpret the known ones separately.
 */
import type { ByteReader, ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';
import { extensionName } from './registry/extensions.js';

export interface Extension {
  readonly type: number;
  readonly data: Uint8Array;
}

/** Writes the u16-length extensions block. */
export function writeExtensions(w: ByteWriter, extensions: readonly Extension[]): void {
  const end = w.lengthU16();
  for (const ext of extensions) {
    w.u16(ext.type);
    const endExt = w.lengthU16();
    w.bytes(ext.data);
    endExt();
  }
  end();
}

/** Reads a u16-length extensions block; a type seen twice is a decode error (RFC 8446 4.2). */
export function readExtensions(r: ByteReader, what: string): Extension[] {
  const block = r.expectLengthU16(`${what} extensions`);
  const out: Extension[] = [];
  const seen = new Set<number>();
  while (!block.atEnd) {
    const type = block.u16('extension type');
    const data = block.vectorU16(`${extensionName(type)} data`);
    if (seen.has(type)) throw new MailtlsError('EDECODE', `${what}: extension ${extensionName(type)} appears twice`);
    seen.add(type);
    out.push({ type, data });
  }
  return out;
}

export function findExtension(extensions: readonly Extension[], type: number): Extension | undefined {
  return extensions.find((e) => e.type === type);
}
