/**
 * ClientKeyExchange for RSA key transport (RFC 5246 section 7.4.7.1): the premaster secret,
 * PKCS #1 v1.5 encrypted to the server's certificate key. TLS 1.0 and later put the ciphertext
 * in a vector<u16>; SSLv3 sent it bare (RFC 6101 section 5.6.7.1). The ROBOT probe
 * (src/scan/vulns/robot.ts) builds its malformed plaintexts and encrypts them here, by hand,
 * because a PKCS #1 library refuses to encrypt a wrong padding.
 */
import { ByteWriter } from './bytes.js';
import { HANDSHAKE_TYPE } from './handshake.js';
import { PROTOCOL } from './registry/versions.js';
import { MailtlsError } from '../errors.js';

export interface RsaPublicKey {
  readonly n: bigint;
  readonly e: bigint;
  /** Modulus length in bytes. */
  readonly size: number;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function bigIntToBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = v;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new MailtlsError('ELENGTH', `integer does not fit in ${size} bytes`);
  return out;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** Raw RSA (m^e mod n) of a block exactly one modulus long, whatever its padding says. */
export function rsaEncryptRaw(key: RsaPublicKey, block: Uint8Array): Uint8Array {
  if (block.length !== key.size) throw new MailtlsError('ELENGTH', `RSA block of ${block.length} bytes for a ${key.size}-byte modulus`);
  const m = bytesToBigInt(block);
  if (m >= key.n) throw new MailtlsError('ELENGTH', 'RSA block not below the modulus');
  return bigIntToBytes(modPow(m, key.e, key.n), key.size);
}

/** The handshake message (type 16, length, body) carrying an encrypted premaster secret. */
export function encodeRsaClientKeyExchange(ciphertext: Uint8Array, version: number): Uint8Array {
  const w = new ByteWriter(ciphertext.length + 6);
  w.u8(HANDSHAKE_TYPE.client_key_exchange);
  const body = new ByteWriter(ciphertext.length + 2);
  if (version === PROTOCOL.SSLv3) body.bytes(ciphertext);
  else {
    const end = body.lengthU16();
    body.bytes(ciphertext);
    end();
  }
  const b = body.finish();
  w.u24(b.length).bytes(b);
  return w.finish();
}
