/**
 * SSLv2 (draft-hickman-netscape-ssl-00, appendix A/B): the CLIENT-HELLO a scanner sends and the
 * SERVER-HELLO or ERROR it gets back. Records use the 2-byte header (high bit set, 15-bit length);
 * RecordDeframer hands over their bodies. The same CLIENT-HELLO with version 0x0300/0x0301 is the
 * SSLv2-compatible hello of old SSLv3/TLS clients (RFC 5246 appendix E.2), where TLS suites are
 * written as 3-byte specs 0x00XXXX.
 */
import { randomBytes } from 'node:crypto';
import { ByteReader, ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';
import { PROTOCOL } from './registry/versions.js';

export const SSLV2_MESSAGE = {
  error: 0,
  client_hello: 1,
  client_master_key: 2,
  client_finished: 3,
  server_hello: 4,
  server_verify: 5,
  server_finished: 6,
} as const;

/** All eight SSLv2 kinds, then a few SSLv3 suites as Netscape-era clients offered them. */
export const DEFAULT_SSLV2_CIPHER_SPECS: readonly number[] = [
  0x0700c0, 0x050080, 0x030080, 0x010080, 0x080080, 0x060040, 0x040080, 0x020080,
  0x000035, 0x00002f, 0x00000a, 0x000005, 0x000004,
];

export interface Sslv2ClientHelloInput {
  /** 3-byte cipher specs. Default DEFAULT_SSLV2_CIPHER_SPECS. */
  readonly cipherSpecs?: readonly number[];
  /** Default 0x0002 (SSLv2). */
  readonly version?: number;
  /** 16..32 bytes; 16 random bytes by default. */
  readonly challenge?: Uint8Array;
  readonly sessionId?: Uint8Array;
}

export interface Sslv2ClientHello {
  readonly version: number;
  readonly cipherSpecs: readonly number[];
  readonly sessionId: Uint8Array;
  readonly challenge: Uint8Array;
}

/** The CLIENT-HELLO message body (message type first), without the record header. */
export function encodeSslv2ClientHelloBody(input: Sslv2ClientHelloInput = {}): Uint8Array {
  const specs = input.cipherSpecs ?? DEFAULT_SSLV2_CIPHER_SPECS;
  const challenge = input.challenge ?? new Uint8Array(randomBytes(16));
  const sessionId = input.sessionId ?? new Uint8Array(0);
  if (challenge.length < 16 || challenge.length > 32) throw new MailtlsError('ELENGTH', 'SSLv2 challenge must be 16..32 bytes');
  const w = new ByteWriter(64 + specs.length * 3);
  w.u8(SSLV2_MESSAGE.client_hello).u16(input.version ?? PROTOCOL.SSLv2);
  w.u16(specs.length * 3).u16(sessionId.length).u16(challenge.length);
  for (const s of specs) w.u24(s);
  w.bytes(sessionId).bytes(challenge);
  return w.finish();
}

/** Wraps an SSLv2 message body in the 2-byte record header (no padding). */
export function encodeSslv2Record(body: Uint8Array): Uint8Array {
  if (body.length > 0x7fff) throw new MailtlsError('ETOOLARGE', 'SSLv2 record exceeds 32767 bytes');
  const w = new ByteWriter(body.length + 2);
  w.u16(0x8000 | body.length).bytes(body);
  return w.finish();
}

/** CLIENT-HELLO as bytes to send. */
export function encodeSslv2ClientHello(input: Sslv2ClientHelloInput = {}): Uint8Array {
  return encodeSslv2Record(encodeSslv2ClientHelloBody(input));
}

export function decodeSslv2ClientHello(body: Uint8Array): Sslv2ClientHello {
  const r = new ByteReader(body);
  const type = r.u8('SSLv2 message type');
  if (type !== SSLV2_MESSAGE.client_hello) throw new MailtlsError('EDECODE', `not an SSLv2 CLIENT-HELLO (type ${type})`);
  const version = r.u16('SSLv2 version');
  const specsLen = r.u16('cipher specs length');
  const sidLen = r.u16('session id length');
  const chLen = r.u16('challenge length');
  if (specsLen % 3 !== 0) throw new MailtlsError('ELENGTH', 'SSLv2 cipher specs length is not a multiple of 3');
  const specs: number[] = [];
  for (let i = 0; i < specsLen / 3; i++) specs.push(r.u24('cipher spec'));
  const sessionId = r.bytes(sidLen, 'session id');
  const challenge = r.bytes(chLen, 'challenge');
  r.expectEnd('SSLv2 CLIENT-HELLO');
  return { version, cipherSpecs: specs, sessionId, challenge };
}

export interface Sslv2ServerHello {
  readonly sessionIdHit: boolean;
  /** 1 = X.509. */
  readonly certificateType: number;
  readonly version: number;
  /** DER of the server certificate (may be empty on a session hit). */
  readonly certificate: Uint8Array;
  /** The cipher kinds the server accepts out of those offered. */
  readonly cipherSpecs: readonly number[];
  readonly connectionId: Uint8Array;
}

export interface Sslv2Error {
  /** 1 NO-CIPHER-ERROR, 2 NO-CERTIFICATE-ERROR, 4 BAD-CERTIFICATE-ERROR, 6 UNSUPPORTED-CERTIFICATE-TYPE-ERROR. */
  readonly errorCode: number;
}

export type Sslv2ServerMessage =
  | ({ readonly kind: 'server_hello' } & Sslv2ServerHello)
  | ({ readonly kind: 'error' } & Sslv2Error);

export function encodeSslv2ServerHelloBody(hello: Sslv2ServerHello): Uint8Array {
  const w = new ByteWriter(64 + hello.certificate.length);
  w.u8(SSLV2_MESSAGE.server_hello).u8(hello.sessionIdHit ? 1 : 0).u8(hello.certificateType).u16(hello.version);
  w.u16(hello.certificate.length).u16(hello.cipherSpecs.length * 3).u16(hello.connectionId.length);
  w.bytes(hello.certificate);
  for (const s of hello.cipherSpecs) w.u24(s);
  w.bytes(hello.connectionId);
  return w.finish();
}

/** Decodes the body of an SSLv2 record sent by a server: SERVER-HELLO or ERROR. */
export function decodeSslv2ServerMessage(body: Uint8Array): Sslv2ServerMessage {
  const r = new ByteReader(body);
  const type = r.u8('SSLv2 message type');
  if (type === SSLV2_MESSAGE.error) {
    const errorCode = r.u16('SSLv2 error code');
    r.expectEnd('SSLv2 ERROR');
    return { kind: 'error', errorCode };
  }
  if (type !== SSLV2_MESSAGE.server_hello) throw new MailtlsError('EDECODE', `unexpected SSLv2 message type ${type}`);
  const sessionIdHit = r.u8('session id hit') !== 0;
  const certificateType = r.u8('certificate type');
  const version = r.u16('server version');
  const certLen = r.u16('certificate length');
  const specsLen = r.u16('cipher specs length');
  const connLen = r.u16('connection id length');
  if (specsLen % 3 !== 0) throw new MailtlsError('ELENGTH', 'SSLv2 cipher specs length is not a multiple of 3');
  const certificate = r.bytes(certLen, 'certificate');
  const cipherSpecs: number[] = [];
  for (let i = 0; i < specsLen / 3; i++) cipherSpecs.push(r.u24('cipher spec'));
  const connectionId = r.bytes(connLen, 'connection id');
  r.expectEnd('SSLv2 SERVER-HELLO');
  return { kind: 'server_hello', sessionIdHit, certificateType, version, certificate, cipherSpecs, connectionId };
}
