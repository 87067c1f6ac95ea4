import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HANDSHAKE_TYPE, HandshakeReassembler, encodeHandshake, handshakeTypeName } from './handshake.js';
import { concatBytes, fromHex, toHex } from './bytes.js';
import { MailtlsError } from '../errors.js';

describe('handshake framing', () => {
  it('writes type and 3-byte length', () => {
    assert.equal(toHex(encodeHandshake({ type: HANDSHAKE_TYPE.server_hello_done, body: new Uint8Array(0) })), '0e000000');
    assert.equal(handshakeTypeName(11), 'certificate');
    assert.equal(handshakeTypeName(99), 'handshake_99');
  });

  it('reassembles messages spanning records and several per record', () => {
    const big = new Uint8Array(40000).fill(1);
    const stream = concatBytes([
      encodeHandshake({ type: 2, body: fromHex('aabb') }),
      encodeHandshake({ type: 11, body: big }),
      encodeHandshake({ type: 14, body: new Uint8Array(0) }),
    ]);
    const r = new HandshakeReassembler();
    const out = [];
    for (let at = 0; at < stream.length; at += 16384) out.push(...r.push(stream.subarray(at, at + 16384)));
    assert.deepEqual(out.map((m) => [m.type, m.body.length]), [[2, 2], [11, 40000], [14, 0]]);
    assert.equal(r.pending, 0);
  });

  it('holds back a partial header and a partial body', () => {
    const r = new HandshakeReassembler();
    assert.deepEqual(r.push(fromHex('0200')), []);
    assert.deepEqual(r.push(fromHex('0003aa')), []);
    assert.equal(r.pending, 5);
    const [m] = r.push(fromHex('bbcc'));
    assert.equal(toHex(m?.body ?? new Uint8Array(0)), 'aabbcc');
  });

  it('refuses an announced length over the cap before buffering it', () => {
    const r = new HandshakeReassembler({ maxMessageLength: 1000 });
    assert.throws(() => r.push(fromHex('0bffffff')), (e: unknown) => e instanceof MailtlsError && e.code === 'ETOOLARGE');
  });
});
