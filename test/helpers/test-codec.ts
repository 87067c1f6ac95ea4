/**
 * Round-trip check for codecs (after dns-packet's testEncoder, STYLE-ANCHORS practice 3):
 * decode(encode(x)) deep-equals x, and encoding the decoded value gives the same bytes again.
 * Used by the *.test.ts files beside it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export function testCodec<T>(
  encode: (value: T) => Uint8Array,
  decode: (bytes: Uint8Array) => T,
  value: T,
  pick: (decoded: T) => unknown = (d) => d,
): Uint8Array {
  const bytes = encode(value);
  const decoded = decode(bytes);
  assert.deepEqual(pick(decoded), pick(value));
  assert.deepEqual(encode(decoded), bytes);
  return bytes;
}

export function loadFixture<T>(name: string): T {
  // fixtures live in test/fixtures/wire, two levels up from src/wire
  const url = new URL(`../../test/fixtures/wire/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
