/**
 * Key shares for TLS 1.3 ClientHellos (RFC 8446 section 4.2.8.2). A scanner never completes the
 * key exchange, but servers validate the share, so it must be a well-formed public value:
 * - x25519/x448 and NIST curves: a real key pair from node:crypto (uncompressed point for NIST);
 * - ML-KEM (FIPS 203 section 7.2 input check: every 12-bit coefficient below q = 3329): an
 *   encapsulation key made of random in-range coefficients and a random seed, which passes the
 *   check; hybrids concatenate as draft-ietf-tls-ecdhe-mlkem section 3 says.
 * Finite-field groups get no share (null): offering the group without a share makes the server
 * answer with a HelloRetryRequest naming it, which is all a scan needs.
 */
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyShareEntry } from './client-extensions.js';
import { concatBytes } from './bytes.js';

function rawOkp(type: 'x25519' | 'x448'): Uint8Array {
  const { publicKey } = generateKeyPairSync(type as 'x25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const len = type === 'x25519' ? 32 : 56;
  return new Uint8Array(der.subarray(der.length - len));
}

function ecPoint(curve: 'prime256v1' | 'secp384r1' | 'secp521r1'): Uint8Array {
  const ecdh = createECDH(curve);
  return new Uint8Array(ecdh.generateKeys());
}

/** k = 2, 3, 4 for ML-KEM-512/768/1024: 384*k bytes of packed coefficients, then 32 bytes of rho. */
function mlkemEncapsulationKey(k: number): Uint8Array {
  const coeffs = 256 * k;
  const values = new Uint16Array(coeffs);
  let filled = 0;
  while (filled < coeffs) {
    // rejection sampling: 12-bit values, keep those below q (about 81 %)
    const pool = randomBytes(2 * (coeffs - filled) + 64);
    for (let i = 0; i + 1 < pool.length && filled < coeffs; i += 2) {
      const v = pool.readUInt16LE(i) & 0x0fff;
      if (v < 3329) values[filled++] = v;
    }
  }
  const out = new Uint8Array(384 * k + 32);
  // ByteEncode_12 (FIPS 203 algorithm 5): two coefficients, little-endian, in three bytes
  for (let i = 0; i < coeffs; i += 2) {
    const a = values[i] as number;
    const b = values[i + 1] as number;
    const at = (i / 2) * 3;
    out[at] = a & 0xff;
    out[at + 1] = (a >> 8) | ((b & 0x0f) << 4);
    out[at + 2] = b >> 4;
  }
  out.set(randomBytes(32), 384 * k);
  return out;
}

/** A share for the group, or null when this module cannot make one (finite-field, GOST, SM2...). */
export function generateKeyShare(group: number): KeyShareEntry | null {
  const make = (keyExchange: Uint8Array): KeyShareEntry => ({ group, keyExchange });
  switch (group) {
    case 23: return make(ecPoint('prime256v1'));
    case 24: return make(ecPoint('secp384r1'));
    case 25: return make(ecPoint('secp521r1'));
    case 29: return make(rawOkp('x25519'));
    case 30: return make(rawOkp('x448'));
    case 512: return make(mlkemEncapsulationKey(2));
    case 513: return make(mlkemEncapsulationKey(3));
    case 514: return make(mlkemEncapsulationKey(4));
    case 0x11eb: return make(concatBytes([ecPoint('prime256v1'), mlkemEncapsulationKey(3)]));
    case 0x11ec: return make(concatBytes([mlkemEncapsulationKey(3), rawOkp('x25519')]));
    case 0x11ed: return make(concatBytes([ecPoint('secp384r1'), mlkemEncapsulationKey(4)]));
    default: return null;
  }
}
