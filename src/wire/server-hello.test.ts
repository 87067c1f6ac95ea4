import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOWNGRADE_TLS12, HELLO_RETRY_REQUEST_RANDOM, decodeServerHello, encodeServerHello, type ServerHelloInput } from './server-hello.js';
import { concatBytes, fromHex, toHex } from './bytes.js';
import { loadFixture, testCodec } from '../../test/helpers/test-codec.js';
import { EXTENSION } from './registry/extensions.js';
import { MailtlsError } from '../errors.js';
import {
  cookieExtension,
  heartbeatExtension,
  helloRetryKeyShareExtension,
  selectedAlpnExtension,
  selectedVersionExtension,
  serverKeyShareExtension,
} from './server-extensions.js';
import { renegotiationInfoExtension, extendedMasterSecretExtension } from './client-extensions.js';

const rfc8448 = loadFixture<{ serverHello: string }>('rfc8448-simple-1rtt.json');

const pick = (h: ServerHelloInput): ServerHelloInput => ({
  version: h.version, random: h.random, sessionId: h.sessionId, cipherSuite: h.cipherSuite, compression: h.compression, extensions: h.extensions,
});

describe('ServerHello', () => {
  it('decodes the RFC 8448 ServerHello: TLS 1.3 via supported_versions, x25519 share', () => {
    const msg = fromHex(rfc8448.serverHello);
    const sh = decodeServerHello(msg.subarray(4));
    assert.equal(sh.version, 0x0303);
    assert.equal(sh.negotiatedVersion, 0x0304);
    assert.equal(sh.cipherSuite, 0x1301);
    assert.equal(sh.helloRetryRequest, false);
    assert.equal(sh.keyShareGroup, 29);
    assert.equal(toHex(sh.keyShare ?? new Uint8Array(0)), 'c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f');
    assert.equal(sh.downgradeSentinel, null);
    assert.equal(sh.renegotiationInfo, null);
    assert.equal(toHex(encodeServerHello(sh)), rfc8448.serverHello.slice(8));
  });

  it('recognises a HelloRetryRequest and its selected group and cookie', () => {
    const hrr: ServerHelloInput = {
      version: 0x0303, random: HELLO_RETRY_REQUEST_RANDOM, sessionId: new Uint8Array(0), cipherSuite: 0x1302, compression: 0,
      extensions: [
        { type: EXTENSION.supported_versions, data: fromHex('0304') },
        { type: EXTENSION.key_share, data: fromHex('0017') },
        { type: EXTENSION.cookie, data: fromHex('0003abcdef') },
      ],
    };
    const sh = decodeServerHello(testCodec(encodeServerHello, (b) => decodeServerHello(b), hrr, pick));
    assert.equal(sh.helloRetryRequest, true);
    assert.equal(sh.keyShareGroup, 23);
    assert.equal(sh.keyShare, null);
    assert.equal(toHex(sh.cookie ?? new Uint8Array(0)), 'abcdef');
  });

  it('reads the TLS 1.2 facts: renegotiation, EMS, EtM, tickets, ALPN, point formats, heartbeat', () => {
    const input: ServerHelloInput = {
      version: 0x0303, random: new Uint8Array(32).fill(3), sessionId: new Uint8Array(32).fill(4), cipherSuite: 0xc030, compression: 0,
      extensions: [
        { type: EXTENSION.renegotiation_info, data: fromHex('00') },
        { type: EXTENSION.extended_master_secret, data: new Uint8Array(0) },
        { type: EXTENSION.encrypt_then_mac, data: new Uint8Array(0) },
        { type: EXTENSION.session_ticket, data: new Uint8Array(0) },
        { type: EXTENSION.application_layer_protocol_negotiation, data: fromHex('000504736d7470') },
        { type: EXTENSION.ec_point_formats, data: fromHex('0100') },
        { type: EXTENSION.heartbeat, data: fromHex('01') },
        { type: EXTENSION.status_request, data: new Uint8Array(0) },
      ],
    };
    const bytes = testCodec(encodeServerHello, decodeServerHello, input, pick);
    assert.equal(toHex(bytes.subarray(0, 4)), '03030303');
    const sh = decodeServerHello(bytes);
    assert.equal(sh.negotiatedVersion, 0x0303);
    assert.equal(toHex(sh.renegotiationInfo ?? fromHex('ff')), '');
    assert.ok(sh.extendedMasterSecret && sh.encryptThenMac && sh.sessionTicket && sh.statusRequest);
    assert.equal(sh.alpn, 'smtp');
    assert.deepEqual(sh.ecPointFormats, [0]);
    assert.equal(sh.heartbeat, 1);
  });

  it('reads an SSLv3 ServerHello without extensions block', () => {
    const body = fromHex('0300' + '11'.repeat(32) + '00' + '0005' + '00');
    const sh = decodeServerHello(body);
    assert.equal(sh.negotiatedVersion, 0x0300);
    assert.equal(sh.cipherSuite, 5);
    assert.equal(sh.extensions.length, 0);
    assert.equal(sh.renegotiationInfo, null);
    assert.equal(sh.extendedMasterSecret, false);
  });

  it('server extension builders rebuild the RFC 8448 ServerHello and round-trip the rest', () => {
    const rebuilt = encodeServerHello({
      version: 0x0303,
      random: fromHex('a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928'),
      sessionId: new Uint8Array(0), cipherSuite: 0x1301, compression: 0,
      extensions: [
        serverKeyShareExtension(29, fromHex('c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f')),
        selectedVersionExtension(0x0304),
      ],
    });
    assert.equal(toHex(rebuilt), rfc8448.serverHello.slice(8));
    const sh = decodeServerHello(encodeServerHello({
      version: 0x0303, random: HELLO_RETRY_REQUEST_RANDOM, sessionId: new Uint8Array(0), cipherSuite: 0x1301, compression: 0,
      extensions: [selectedVersionExtension(0x0304), helloRetryKeyShareExtension(24), cookieExtension(fromHex('0102')),
        selectedAlpnExtension('smtp'), heartbeatExtension(2), renegotiationInfoExtension(), extendedMasterSecretExtension()],
    }));
    assert.deepEqual([sh.helloRetryRequest, sh.keyShareGroup, toHex(sh.cookie ?? new Uint8Array(0)), sh.alpn, sh.heartbeat, sh.extendedMasterSecret],
      [true, 24, '0102', 'smtp', 2, true]);
  });

  it('spots the RFC 8446 downgrade sentinel', () => {
    const random = concatBytes([new Uint8Array(24), DOWNGRADE_TLS12]);
    const sh = decodeServerHello(encodeServerHello({ version: 0x0303, random, sessionId: new Uint8Array(0), cipherSuite: 0xc02f, compression: 0, extensions: [] }));
    assert.equal(sh.downgradeSentinel, 'TLSv1.2');
  });

  it('throws coded errors on malformed extensions', () => {
    const make = (type: number, data: string) => encodeServerHello({
      version: 0x0303, random: new Uint8Array(32), sessionId: new Uint8Array(0), cipherSuite: 0xc02f, compression: 0, extensions: [{ type, data: fromHex(data) }],
    });
    for (const [type, data] of [[EXTENSION.supported_versions, '03'], [EXTENSION.key_share, '001d0020'], [EXTENSION.extended_master_secret, '00'],
      [EXTENSION.renegotiation_info, '0500'], [EXTENSION.application_layer_protocol_negotiation, '0006027868027868']] as const) {
      assert.throws(() => decodeServerHello(make(type, data)), (e: unknown) => e instanceof MailtlsError, `extension ${type}`);
    }
    const twice = encodeServerHello({
      version: 0x0303, random: new Uint8Array(32), sessionId: new Uint8Array(0), cipherSuite: 0xc02f, compression: 0,
      extensions: [{ type: 23, data: new Uint8Array(0) }, { type: 23, data: new Uint8Array(0) }],
    });
    assert.throws(() => decodeServerHello(twice), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
  });
});
