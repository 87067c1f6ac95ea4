/**
 * Certificate message. TLS 1.0-1.2 (RFC 5246 section 7.4.2): a u24 list of u24 DER certificates,
 * leaf first. TLS 1.3 (RFC 8446 section 4.4.2): a request context and CertificateEntry items with
 * per-entry extensions; on the wire it is encrypted, so the scanner reads TLS 1.3 chains through
 * node:tls, and this format exists for completeness and tests.
 */
import { ByteReader, ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';
import { readExtensions, writeExtensions, type Extension } from './extension.js';

export interface CertificateEntry {
  readonly der: Uint8Array;
  /** TLS 1.3 only. */
  readonly extensions: readonly Extension[];
}

export interface CertificateMessage {
  /** TLS 1.3 certificate_request_context; empty before TLS 1.3. */
  readonly context: Uint8Array;
  readonly entries: readonly CertificateEntry[];
}

/** More would be a hostile server; real chains have 1-5. */
export const MAX_CERTIFICATES = 64;

export interface CertificateCodecOptions {
  /** Use the TLS 1.3 layout. */
  readonly tls13?: boolean;
}

export function encodeCertificate(msg: CertificateMessage, options: CertificateCodecOptions = {}): Uint8Array {
  const w = new ByteWriter(4096);
  if (options.tls13) {
    const endCtx = w.lengthU8();
    w.bytes(msg.context);
    endCtx();
  }
  const endList = w.lengthU24();
  for (const e of msg.entries) {
    const endCert = w.lengthU24();
    w.bytes(e.der);
    endCert();
    if (options.tls13) writeExtensions(w, e.extensions);
  }
  endList();
  return w.finish();
}

export function decodeCertificate(body: Uint8Array, options: CertificateCodecOptions = {}): CertificateMessage {
  const r = new ByteReader(body);
  const context = options.tls13 ? r.vectorU8('Certificate request context') : new Uint8Array(0);
  const list = r.expectLengthU24('Certificate list');
  const entries: CertificateEntry[] = [];
  while (!list.atEnd) {
    if (entries.length >= MAX_CERTIFICATES) throw new MailtlsError('ETOOLARGE', `Certificate message holds more than ${MAX_CERTIFICATES} certificates`);
    const der = list.vectorU24('certificate');
    if (der.length === 0) throw new MailtlsError('EDECODE', 'empty certificate in Certificate message');
    const extensions = options.tls13 ? readExtensions(list, 'CertificateEntry') : [];
    entries.push({ der, extensions });
  }
  r.expectEnd('Certificate');
  return { context, entries };
}

/** Just the DER certificates, leaf first. */
export function certificateChain(msg: CertificateMessage): Uint8Array[] {
  return msg.entries.map((e) => e.der);
}
