/**
 * ServerKeyExchange (RFC 5246 section 7.4.3, RFC 8422 section 5.4, RFC 4279 section 2 and 3 for
 * PSK, RFC 5054 for SRP). Its layout depends on the negotiated suite's key exchange, so the
 * caller passes the suite's kx/auth and the protocol version (TLS 1.2 prefixes the signature
 * with its SignatureScheme). What a scanner wants: the ECDHE group, the DH prime size, the
 * export RSA modulus size.
 */
import { ByteReader, ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';
import type { Authentication, KeyExchange } from './registry/cipher-suites.js';
import { PROTOCOL } from './registry/versions.js';

export interface DigitalSignature {
  /** TLS 1.2 SignatureScheme; null before TLS 1.2. */
  readonly scheme: number | null;
  readonly signature: Uint8Array;
}

export type ServerKeyExchange =
  | {
      readonly kind: 'ecdhe';
      /** 3 named_curve; 1 explicit_prime and 2 explicit_char2 (deprecated, not parsed further). */
      readonly curveType: number;
      /** The named group; null for explicit curves. */
      readonly group: number | null;
      readonly point: Uint8Array;
      readonly pskIdentityHint: Uint8Array | null;
      readonly signature: DigitalSignature | null;
    }
  | {
      readonly kind: 'dhe';
      readonly p: Uint8Array;
      readonly g: Uint8Array;
      readonly ys: Uint8Array;
      /** Bit length of p, leading zero bits not counted. */
      readonly primeBits: number;
      readonly pskIdentityHint: Uint8Array | null;
      readonly signature: DigitalSignature | null;
    }
  | {
      /** Temporary RSA key of export suites (RFC 2246 section 7.4.3). */
      readonly kind: 'rsa';
      readonly modulus: Uint8Array;
      readonly exponent: Uint8Array;
      readonly modulusBits: number;
      readonly signature: DigitalSignature | null;
    }
  | { readonly kind: 'psk'; readonly pskIdentityHint: Uint8Array }
  | { readonly kind: 'other'; readonly raw: Uint8Array };

export interface SkeContext {
  readonly kx: KeyExchange;
  readonly auth: Authentication;
  /** Negotiated protocol version. */
  readonly version: number;
}

/** Bit length of an unsigned big-endian integer. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

function readSignature(r: ByteReader, ctx: SkeContext): DigitalSignature | null {
  // anonymous and PSK-only suites are not signed
  if (ctx.auth === 'anon' || ctx.auth === 'PSK' || ctx.auth === 'NULL') return null;
  const scheme = ctx.version >= PROTOCOL.TLSv1_2 ? r.u16('signature scheme') : null;
  const signature = r.vectorU16('signature');
  return { scheme, signature };
}

function readEcParams(r: ByteReader): { curveType: number; group: number | null; point: Uint8Array; explicit: boolean } {
  const curveType = r.u8('ECParameters curve_type');
  if (curveType === 3) {
    const group = r.u16('named curve');
    const point = r.vectorU8('ECPoint');
    return { curveType, group, point, explicit: false };
  }
  if (curveType === 1 || curveType === 2) return { curveType, group: null, point: new Uint8Array(0), explicit: true };
  throw new MailtlsError('EDECODE', `unknown ECParameters curve_type ${curveType}`);
}

export function decodeServerKeyExchange(body: Uint8Array, ctx: SkeContext): ServerKeyExchange {
  const r = new ByteReader(body);
  switch (ctx.kx) {
    case 'ECDHE':
    case 'ECDHE_PSK': {
      const pskIdentityHint = ctx.kx === 'ECDHE_PSK' ? r.vectorU16('psk_identity_hint') : null;
      const ec = readEcParams(r);
      if (ec.explicit) {
        return { kind: 'ecdhe', curveType: ec.curveType, group: null, point: ec.point, pskIdentityHint, signature: null };
      }
      const signature = ctx.kx === 'ECDHE_PSK' ? null : readSignature(r, ctx);
      r.expectEnd('ServerKeyExchange');
      return { kind: 'ecdhe', curveType: ec.curveType, group: ec.group, point: ec.point, pskIdentityHint, signature };
    }
    case 'DHE':
    case 'DHE_PSK': {
      const pskIdentityHint = ctx.kx === 'DHE_PSK' ? r.vectorU16('psk_identity_hint') : null;
      const p = r.vectorU16('DH p');
      const g = r.vectorU16('DH g');
      const ys = r.vectorU16('DH Ys');
      if (p.length === 0 || g.length === 0 || ys.length === 0) throw new MailtlsError('EDECODE', 'empty DH parameter');
      const signature = ctx.kx === 'DHE_PSK' ? null : readSignature(r, ctx);
      r.expectEnd('ServerKeyExchange');
      return { kind: 'dhe', p, g, ys, primeBits: bitLength(p), pskIdentityHint, signature };
    }
    case 'RSA': {
      const modulus = r.vectorU16('RSA modulus');
      const exponent = r.vectorU16('RSA exponent');
      const signature = readSignature(r, ctx);
      r.expectEnd('ServerKeyExchange');
      return { kind: 'rsa', modulus, exponent, modulusBits: bitLength(modulus), signature };
    }
    case 'PSK':
    case 'RSA_PSK': {
      const pskIdentityHint = r.vectorU16('psk_identity_hint');
      r.expectEnd('ServerKeyExchange');
      return { kind: 'psk', pskIdentityHint };
    }
    default:
      return { kind: 'other', raw: r.rest() };
  }
}

function writeSignature(w: ByteWriter, sig: DigitalSignature | null): void {
  if (!sig) return;
  if (sig.scheme !== null) w.u16(sig.scheme);
  const end = w.lengthU16();
  w.bytes(sig.signature);
  end();
}

function vec16(w: ByteWriter, data: Uint8Array): void {
  const end = w.lengthU16();
  w.bytes(data);
  end();
}

/** Encodes a ServerKeyExchange body (for tests and fake servers). */
export function encodeServerKeyExchange(ske: ServerKeyExchange): Uint8Array {
  const w = new ByteWriter(1024);
  switch (ske.kind) {
    case 'ecdhe': {
      if (ske.pskIdentityHint) vec16(w, ske.pskIdentityHint);
      if (ske.group === null) throw new MailtlsError('EDECODE', 'cannot encode explicit curve parameters');
      w.u8(ske.curveType).u16(ske.group);
      const end = w.lengthU8();
      w.bytes(ske.point);
      end();
      writeSignature(w, ske.signature);
      break;
    }
    case 'dhe':
      if (ske.pskIdentityHint) vec16(w, ske.pskIdentityHint);
      vec16(w, ske.p);
      vec16(w, ske.g);
      vec16(w, ske.ys);
      writeSignature(w, ske.signature);
      break;
    case 'rsa':
      vec16(w, ske.modulus);
      vec16(w, ske.exponent);
      writeSignature(w, ske.signature);
      break;
    case 'psk':
      vec16(w, ske.pskIdentityHint);
      break;
    case 'other':
      w.bytes(ske.raw);
      break;
  }
  return w.finish();
}
