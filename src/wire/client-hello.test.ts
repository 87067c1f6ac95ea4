import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeClientHello, encodeClientHello, type ClientHello } from './client-hello.js';
import {
  alpnExtension,
  ecPointFormatsExtension,
  encryptThenMacExtension,
  extendedMasterSecretExtension,
  keyShareExtension,
  paddingExtension,
  pskKeyExchangeModesExtension,
  renegotiationInfoExtension,
  serverNameExtension,
  sessionTicketExtension,
  signatureAlgorithmsExtension,
  statusRequestExtension,
  supportedGroupsExtension,
  supportedVersionsExtension,
} from './client-extensions.js';
import { encodeHandshake, HANDSHAKE_TYPE } from './handshake.js';
import { fromHex, toHex } from './bytes.js';
import { loadFixture, testCodec } from '../../test/helpers/test-codec.js';
import { MailtlsError } from '../errors.js';

const rfc8448 = loadFixture<{ clientHello: string; serverHello: string; transcriptHashChSh: string }>('rfc8448-simple-1rtt.json');

describe('ClientHello', () => {
  it('decodes the RFC 8448 simple 1-RTT ClientHello', () => {
    const msg = fromHex(rfc8448.clientHello);
    assert.equal(msg[0], HANDSHAKE_TYPE.client_hello);
    const hello = decodeClientHello(msg.subarray(4));
    assert.equal(hello.version, 0x0303);
    assert.equal(toHex(hello.random), 'cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7');
    assert.equal(hello.sessionId.length, 0);
    assert.deepEqual(hello.cipherSuites, [0x1301, 0x1303, 0x1302]);
    assert.deepEqual(hello.compression, [0]);
    assert.deepEqual(hello.extensions.map((e) => e.type), [0, 0xff01, 10, 35, 51, 43, 13, 45, 28]);
    // re-encoding gives the RFC's bytes, so the transcript hash matches RFC 8448's
    const again = encodeHandshake({ type: HANDSHAKE_TYPE.client_hello, body: encodeClientHello(hello) });
    assert.equal(toHex(again), rfc8448.clientHello);
    const th = createHash('sha256').update(again).update(fromHex(rfc8448.serverHello)).digest('hex');
    assert.equal(th, rfc8448.transcriptHashChSh);
  });

  it('rebuilds the RFC 8448 ClientHello byte for byte from the extension builders', () => {
    const key = fromHex('99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c');
    const body = encodeClientHello({
      version: 0x0303,
      random: fromHex('cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7'),
      cipherSuites: [0x1301, 0x1303, 0x1302],
      extensions: [
        serverNameExtension('server'),
        renegotiationInfoExtension(),
        supportedGroupsExtension([29, 23, 24, 25, 256, 257, 258, 259, 260]),
        sessionTicketExtension(),
        keyShareExtension([{ group: 29, keyExchange: key }]),
        supportedVersionsExtension([0x0304]),
        signatureAlgorithmsExtension([0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202]),
        pskKeyExchangeModesExtension([1]),
        { type: 28, data: fromHex('4001') },
      ],
    });
    assert.equal(toHex(encodeHandshake({ type: 1, body })), rfc8448.clientHello);
  });

  it('writes each builder exactly as its RFC lays it out', () => {
    assert.equal(toHex(serverNameExtension('mx.example.').data), '000d00000a6d782e6578616d706c65');
    assert.equal(toHex(ecPointFormatsExtension().data), '03000102');
    assert.equal(toHex(statusRequestExtension().data), '0100000000');
    assert.equal(toHex(extendedMasterSecretExtension().data), '');
    assert.equal(encryptThenMacExtension().type, 22);
    assert.equal(toHex(alpnExtension(['smtp']).data), '000504736d7470');
    assert.equal(paddingExtension(3).data.length, 3);
    assert.equal(toHex(keyShareExtension([]).data), '0000');
  });

  it('round-trips with and without an extensions block', () => {
    const base: ClientHello = {
      version: 0x0300, random: new Uint8Array(32).fill(1), sessionId: new Uint8Array(0),
      cipherSuites: [0x0005, 0x00ff], compression: [0], extensions: [],
    };
    const bytes = testCodec(encodeClientHello, decodeClientHello, base);
    assert.equal(bytes.length, 2 + 32 + 1 + 2 + 4 + 2);
    testCodec(encodeClientHello, decodeClientHello, { ...base, sessionId: new Uint8Array(32).fill(2), compression: [1, 0], extensions: [extendedMasterSecretExtension()] });
  });

  it('refuses malformed hellos with coded errors', () => {
    const good = fromHex(rfc8448.clientHello).subarray(4);
    const bad = (b: Uint8Array): string => {
      try {
        decodeClientHello(b);
        return 'none';
      } catch (e) {
        assert.ok(e instanceof MailtlsError);
        return e.code;
      }
    };
    assert.equal(bad(good.subarray(0, 50)), 'ELENGTH');
    assert.equal(bad(good.subarray(0, 10)), 'ETRUNCATED');
    assert.equal(bad(new Uint8Array([...good, 0])), 'ELENGTH');
    assert.throws(() => encodeClientHello({ version: 0x0303, cipherSuites: [], extensions: [] }), MailtlsError);
  });
});
