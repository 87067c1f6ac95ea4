/**
 * ClientHello (RFC 8446 section 4.1.2; RFC 5246 section 7.4.1.2 for TLS 1.0-1.2, whose
 * extensions block may be absent entirely). Encode and decode work on the handshake body; wrap
 * with encodeHandshake and encodeRecord, or use buildClientHello.
 */
import { randomBytes } from 'node:crypto';
import { ByteReader, ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';
import { readExtensions, writeExtensions, type Extension } from './extension.js';

export interface ClientHello {
  /** legacy_version: the highest version offered up to TLS 1.2; 0x0303 for TLS 1.3 hellos. */
  readonly version: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipherSuites: readonly number[];
  readonly compression: readonly number[];
  readonly extensions: readonly Extension[];
}

export interface ClientHelloInput {
  readonly version: number;
  /** 32 bytes; random when omitted. */
  readonly random?: Uint8Array;
  /** 0..32 bytes; empty when omitted. */
  readonly sessionId?: Uint8Array;
  readonly cipherSuites: readonly number[];
  /** Default [0] (null compression only). */
  readonly compression?: readonly number[];
  /** An empty list writes no extensions block at all (what SSLv3 clients send). */
  readonly extensions: readonly Extension[];
}

/** Fills the defaults of an input into a complete ClientHello. */
export function completeClientHello(input: ClientHelloInput): ClientHello {
  return {
    version: input.version,
    random: input.random ?? new Uint8Array(randomBytes(32)),
    sessionId: input.sessionId ?? new Uint8Array(0),
    cipherSuites: input.cipherSuites,
    compression: input.compression ?? [0],
    extensions: input.extensions,
  };
}

/** The handshake body of a ClientHello. */
export function encodeClientHello(input: ClientHelloInput): Uint8Array {
  const hello = completeClientHello(input);
  if (hello.random.length !== 32) throw new MailtlsError('ELENGTH', 'ClientHello random must be 32 bytes');
  if (hello.sessionId.length > 32) throw new MailtlsError('ELENGTH', 'ClientHello session id exceeds 32 bytes');
  if (hello.cipherSuites.length === 0) throw new MailtlsError('ELENGTH', 'ClientHello needs at least one cipher suite');
  const w = new ByteWriter(512);
  w.u16(hello.version).bytes(hello.random);
  const endSid = w.lengthU8();
  w.bytes(hello.sessionId);
  endSid();
  const endSuites = w.lengthU16();
  for (const s of hello.cipherSuites) w.u16(s);
  endSuites();
  const endComp = w.lengthU8();
  for (const c of hello.compression) w.u8(c);
  endComp();
  if (hello.extensions.length > 0) writeExtensions(w, hello.extensions);
  return w.finish();
}

export function decodeClientHello(body: Uint8Array): ClientHello {
  const r = new ByteReader(body);
  const version = r.u16('ClientHello version');
  const random = r.bytes(32, 'ClientHello random');
  const sessionId = r.vectorU8('ClientHello session id');
  if (sessionId.length > 32) throw new MailtlsError('ELENGTH', 'ClientHello session id exceeds 32 bytes');
  const suitesReader = r.expectLengthU16('ClientHello cipher suites');
  if (suitesReader.remaining % 2 !== 0) throw new MailtlsError('ELENGTH', 'ClientHello cipher suites length is odd');
  const cipherSuites: number[] = [];
  while (!suitesReader.atEnd) cipherSuites.push(suitesReader.u16());
  const compReader = r.expectLengthU8('ClientHello compression methods');
  const compression: number[] = [];
  while (!compReader.atEnd) compression.push(compReader.u8());
  const extensions = r.atEnd ? [] : readExtensions(r, 'ClientHello');
  r.expectEnd('ClientHello');
  return { version, random, sessionId, cipherSuites, compression, extensions };
}
