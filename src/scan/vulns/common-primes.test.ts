import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDiffieHellman } from 'node:crypto';
import { SHARED_DH_PRIMES, sharedDhPrime, primeBits, primeHex } from './common-primes.js';

test('the shared-prime table: each entry is a well-formed value of the size it states, at most 1024 bits, once', () => {
  assert.ok(SHARED_DH_PRIMES.length >= 50);
  for (const s of SHARED_DH_PRIMES) {
    assert.match(s.hex, /^[1-9A-F][0-9A-F]*$/, s.name);
    assert.equal(s.hex.length % 2, 0, s.name);
    assert.equal(primeBits(Buffer.from(s.hex, 'hex')), s.bits, s.name);
    assert.ok(s.bits <= 1024, `${s.name}: Logjam's precomputation is for 1024 bits or less`);
    assert.ok(s.source.length > 0, s.name);
  }
  assert.equal(new Set(SHARED_DH_PRIMES.map((s) => s.hex)).size, SHARED_DH_PRIMES.length, 'no prime twice');
  assert.equal(new Set(SHARED_DH_PRIMES.map((s) => s.name)).size, SHARED_DH_PRIMES.length, 'no name twice');
});

test('the RFC 2409 groups of the table are node:crypto\'s modp1 and modp2', () => {
  assert.equal(sharedDhPrime(getDiffieHellman('modp1').getPrime())?.name, 'RFC 2409 Oakley group 1 (768 bits)');
  assert.equal(sharedDhPrime(getDiffieHellman('modp2').getPrime())?.name, 'RFC 2409 Oakley group 2 (1024 bits)');
  assert.equal(sharedDhPrime(getDiffieHellman('modp14').getPrime()), null, '2048 bits: no Logjam target');
});

test('a prime is matched whatever its leading zero bytes; bit lengths are exact', () => {
  const p = Buffer.from(SHARED_DH_PRIMES[2]?.hex ?? '', 'hex');
  assert.match(sharedDhPrime(Buffer.concat([Buffer.alloc(2), p]))?.name ?? '', /RFC 5114/);
  assert.equal(primeHex(new Uint8Array([0, 0, 0x0a, 0xbc])), '0ABC');
  assert.equal(primeBits(new Uint8Array([0, 0x01, 0xff])), 9);
  assert.equal(primeBits(new Uint8Array([0x80, 0])), 16);
  assert.equal(primeBits(new Uint8Array([0, 0])), 0);
});
