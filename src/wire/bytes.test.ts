import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader, ByteWriter, bytesEqual, concatBytes, fromHex, toHex } from './bytes.js';
import { MailtlsError } from '../errors.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof MailtlsError, `expected MailtlsError, got ${String(err)}`);
    return err.code;
  }
  assert.fail('expected a throw');
}

describe('ByteWriter', () => {
  it('writes big-endian integers and bytes', () => {
    const w = new ByteWriter(1);
    w.u8(0x01).u16(0x0203).u24(0x040506).u32(0x0708090a).bytes(new Uint8Array([0xff]));
    assert.equal(toHex(w.finish()), '0102030405060708090aff');
  });

  it('fills deferred lengths with the bytes written since, nested', () => {
    const w = new ByteWriter(2);
    const outer = w.lengthU16();
    w.u8(0xaa);
    const inner = w.lengthU8();
    w.u16(0xbbcc);
    inner();
    const big = w.lengthU24();
    w.bytes(new Uint8Array(3));
    big();
    outer();
    assert.equal(toHex(w.finish()), '000a' + 'aa' + '02bbcc' + '000003000000');
  });

  it('refuses values and vectors that do not fit', () => {
    assert.equal(code(() => new ByteWriter().u8(256)), 'ELENGTH');
    assert.equal(code(() => new ByteWriter().u16(-1)), 'ELENGTH');
    assert.equal(code(() => new ByteWriter().u24(0x1000000)), 'ELENGTH');
    assert.equal(code(() => new ByteWriter().u32(1.5)), 'ELENGTH');
    const w = new ByteWriter();
    const end = w.lengthU8();
    w.bytes(new Uint8Array(256));
    assert.equal(code(end), 'ELENGTH');
  });
});

describe('ByteReader', () => {
  it('reads what the writer wrote', () => {
    const r = new ByteReader(fromHex('0102030405060708090a'));
    assert.equal(r.u8(), 1);
    assert.equal(r.u16(), 0x0203);
    assert.equal(r.u24(), 0x040506);
    assert.equal(r.u32(), 0x0708090a);
    assert.ok(r.atEnd);
    assert.equal(r.remaining, 0);
  });

  it('throws ETRUNCATED on every overrun', () => {
    assert.equal(code(() => new ByteReader(new Uint8Array(0)).u8()), 'ETRUNCATED');
    assert.equal(code(() => new ByteReader(new Uint8Array(1)).u16()), 'ETRUNCATED');
    assert.equal(code(() => new ByteReader(new Uint8Array(2)).u24()), 'ETRUNCATED');
    assert.equal(code(() => new ByteReader(new Uint8Array(3)).u32()), 'ETRUNCATED');
    assert.equal(code(() => new ByteReader(fromHex('05aabb')).vectorU8()), 'ELENGTH');
    assert.equal(code(() => new ByteReader(fromHex('00')).vectorU16()), 'ETRUNCATED');
  });

  it('confines sub-readers to the announced length and checks it is consumed', () => {
    const r = new ByteReader(fromHex('0003aabbcc' + 'dd'));
    const sub = r.expectLengthU16();
    assert.equal(sub.u8(), 0xaa);
    assert.equal(code(() => sub.expectEnd()), 'ELENGTH');
    assert.equal(sub.u16(), 0xbbcc);
    sub.expectEnd();
    assert.equal(code(() => sub.u8()), 'ETRUNCATED');
    assert.equal(r.u8(), 0xdd);
    assert.equal(code(() => new ByteReader(fromHex('0004aabb')).expectLengthU16()), 'ELENGTH');
    assert.equal(code(() => new ByteReader(fromHex('02aa')).expectLengthU8()), 'ELENGTH');
    assert.equal(code(() => new ByteReader(fromHex('000001')).expectLengthU24()), 'ELENGTH');
  });

  it('returns copies, so a reused buffer cannot change a decoded value', () => {
    const data = fromHex('0102');
    const got = new ByteReader(data).bytes(2);
    data[0] = 9;
    assert.equal(got[0], 1);
  });
});

describe('hex and byte helpers', () => {
  it('round-trips hex and rejects junk', () => {
    assert.equal(toHex(fromHex('de ad:BE\nef')), 'deadbeef');
    assert.equal(code(() => fromHex('abc')), 'EDECODE');
    assert.equal(code(() => fromHex('zz')), 'EDECODE');
    assert.ok(bytesEqual(concatBytes([fromHex('01'), fromHex('0203')]), fromHex('010203')));
    assert.ok(!bytesEqual(fromHex('01'), fromHex('02')));
  });
});
