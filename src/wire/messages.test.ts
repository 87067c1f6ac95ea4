// Certificate, ServerKeyExchange, Alert and SSLv2: vectors, exact bytes and round trips.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { certificateChain, decodeCertificate, encodeCertificate, type CertificateMessage } from './certificate.js';
import { bitLength, decodeServerKeyExchange, encodeServerKeyExchange, type ServerKeyExchange, type SkeContext } from './server-key-exchange.js';
import { decodeAlert, decodeAlerts, encodeAlert, makeAlert } from './alert.js';
import {
  DEFAULT_SSLV2_CIPHER_SPECS,
  decodeSslv2ClientHello,
  decodeSslv2ServerMessage,
  encodeSslv2ClientHello,
  encodeSslv2ClientHelloBody,
  encodeSslv2ServerHelloBody,
} from './sslv2.js';
import { RecordDeframer } from './record.js';
import { HandshakeReassembler } from './handshake.js';
import { fromHex, toHex } from './bytes.js';
import { loadFixture, testCodec } from '../../test/helpers/test-codec.js';
import { MailtlsError } from '../errors.js';

const rfc8448 = loadFixture<{ certificate: string }>('rfc8448-simple-1rtt.json');

describe('Certificate', () => {
  it('decodes the RFC 8448 TLS 1.3 Certificate and re-encodes it exactly', () => {
    const msg = fromHex(rfc8448.certificate);
    const cert = decodeCertificate(msg.subarray(4), { tls13: true });
    assert.equal(cert.context.length, 0);
    assert.equal(cert.entries.length, 1);
    assert.equal(cert.entries[0]?.der.length, 432);
    assert.equal(toHex(encodeCertificate(cert, { tls13: true })), rfc8448.certificate.slice(8));
  });

  it('round-trips the TLS 1.2 layout (u24 list of u24 certificates)', () => {
    const msg: CertificateMessage = { context: new Uint8Array(0), entries: [{ der: fromHex('3003020101'), extensions: [] }, { der: fromHex('300102'), extensions: [] }] };
    const bytes = testCodec((m: CertificateMessage) => encodeCertificate(m), (b) => decodeCertificate(b), msg);
    assert.equal(toHex(bytes), '00000e' + '0000053003020101' + '000003300102');
    assert.deepEqual(certificateChain(decodeCertificate(bytes)).map(toHex), ['3003020101', '300102']);
  });

  it('rejects empty certificates and lying lengths', () => {
    assert.throws(() => decodeCertificate(fromHex('000003000000')), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
    assert.throws(() => decodeCertificate(fromHex('0000050000093001')), (e: unknown) => e instanceof MailtlsError && e.code === 'ELENGTH');
    assert.throws(() => decodeCertificate(fromHex('00000500000330')), (e: unknown) => e instanceof MailtlsError);
  });
});

describe('ServerKeyExchange', () => {
  const ecdhe12: SkeContext = { kx: 'ECDHE', auth: 'RSA', version: 0x0303 };

  it('decodes ECDHE named curve, point and TLS 1.2 signature', () => {
    const body = fromHex('03001d' + '20' + '11'.repeat(32) + '0804' + '0004' + 'deadbeef');
    const ske = decodeServerKeyExchange(body, ecdhe12);
    assert.equal(ske.kind, 'ecdhe');
    assert.ok(ske.kind === 'ecdhe');
    assert.equal(ske.group, 29);
    assert.equal(ske.point.length, 32);
    assert.deepEqual(ske.signature && { scheme: ske.signature.scheme, sig: toHex(ske.signature.signature) }, { scheme: 0x0804, sig: 'deadbeef' });
    assert.equal(toHex(encodeServerKeyExchange(ske)), toHex(body));
  });

  it('decodes the tls12.xargs.org ServerKeyExchange record and re-encodes it exactly', () => {
    const { serverKeyExchangeRecord } = loadFixture<{ serverKeyExchangeRecord: string }>('tls12-xargs.json');
    const [frame] = new RecordDeframer().push(fromHex(serverKeyExchangeRecord));
    assert.ok(frame?.kind === 'tls');
    const [msg] = new HandshakeReassembler().push(frame.record.fragment);
    assert.equal(msg?.type, 12);
    const ske = decodeServerKeyExchange(msg?.body ?? new Uint8Array(0), ecdhe12);
    assert.ok(ske.kind === 'ecdhe');
    assert.equal(ske.group, 29);
    assert.equal(toHex(ske.point), '9fd7ad6dcff4298dd3f96d5b1b2af910a0535b1488d7f8fabb349a982880b615');
    assert.equal(ske.signature?.scheme, 0x0401);
    assert.equal(ske.signature?.signature.length, 256);
    assert.equal(toHex(encodeServerKeyExchange(ske)), serverKeyExchangeRecord.slice(18));
  });

  it('decodes DHE parameters and measures the prime (TLS 1.0: no scheme in the signature)', () => {
    const p = new Uint8Array(256).fill(0xff);
    const ske: ServerKeyExchange = { kind: 'dhe', p, g: fromHex('02'), ys: new Uint8Array(256).fill(5), primeBits: 2048, pskIdentityHint: null, signature: { scheme: null, signature: fromHex('0102') } };
    const ctx: SkeContext = { kx: 'DHE', auth: 'RSA', version: 0x0301 };
    testCodec(encodeServerKeyExchange, (b) => decodeServerKeyExchange(b, ctx), ske);
    const anon = decodeServerKeyExchange(fromHex('0003' + '00ffff' + '000102' + '000103'), { kx: 'DHE', auth: 'anon', version: 0x0303 });
    assert.ok(anon.kind === 'dhe');
    assert.equal(anon.primeBits, 16, 'leading zero byte not counted');
    assert.equal(anon.signature, null);
  });

  it('decodes the export RSA key, PSK hints and leaves SRP raw', () => {
    const rsa = decodeServerKeyExchange(fromHex('0040' + 'c0'.repeat(64) + '0003010001' + '0002abcd'), { kx: 'RSA', auth: 'RSA', version: 0x0300 });
    assert.ok(rsa.kind === 'rsa');
    assert.equal(rsa.modulusBits, 512);
    const psk = decodeServerKeyExchange(fromHex('0003616263'), { kx: 'PSK', auth: 'PSK', version: 0x0303 });
    assert.ok(psk.kind === 'psk');
    assert.equal(new TextDecoder().decode(psk.pskIdentityHint), 'abc');
    const ecpsk = decodeServerKeyExchange(fromHex('0000' + '030017' + '0104'), { kx: 'ECDHE_PSK', auth: 'PSK', version: 0x0303 });
    assert.ok(ecpsk.kind === 'ecdhe' && ecpsk.group === 23);
    assert.equal(decodeServerKeyExchange(fromHex('0102'), { kx: 'SRP', auth: 'SRP', version: 0x0303 }).kind, 'other');
  });

  it('reports explicit curves without parsing them, and rejects junk', () => {
    const ex = decodeServerKeyExchange(fromHex('01ffff'), ecdhe12);
    assert.ok(ex.kind === 'ecdhe' && ex.group === null && ex.curveType === 1);
    assert.throws(() => decodeServerKeyExchange(fromHex('07'), ecdhe12), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
    assert.throws(() => decodeServerKeyExchange(fromHex('03001d20'), ecdhe12), (e: unknown) => e instanceof MailtlsError && e.code === 'ELENGTH');
    assert.throws(() => decodeServerKeyExchange(fromHex('03001d'), ecdhe12), (e: unknown) => e instanceof MailtlsError && e.code === 'ETRUNCATED');
    assert.equal(bitLength(fromHex('0001')), 1);
    assert.equal(bitLength(fromHex('0000')), 0);
  });
});

describe('Alert', () => {
  it('decodes level, description and name', () => {
    assert.deepEqual(decodeAlert(fromHex('0228')), { level: 2, description: 40, name: 'handshake_failure', fatal: true });
    assert.deepEqual(decodeAlerts(fromHex('01000246')).map((a) => a.name), ['close_notify', 'protocol_version']);
    assert.equal(makeAlert(2, 86).name, 'inappropriate_fallback');
    assert.equal(makeAlert(1, 250).name, 'alert_250');
    assert.equal(toHex(encodeAlert({ level: 2, description: 70 })), '0246');
    assert.throws(() => decodeAlert(fromHex('02')), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
    assert.throws(() => decodeAlert(new Uint8Array(0)), MailtlsError);
  });
});

describe('SSLv2', () => {
  it('writes the CLIENT-HELLO exactly (record header, lengths, 3-byte specs, challenge)', () => {
    const bytes = encodeSslv2ClientHello({ cipherSpecs: [0x010080, 0x0700c0], challenge: new Uint8Array(16).fill(0xab) });
    assert.equal(toHex(bytes), '801f' + '01' + '0002' + '0006' + '0000' + '0010' + '010080' + '0700c0' + 'ab'.repeat(16));
    const hello = decodeSslv2ClientHello(encodeSslv2ClientHelloBody({ challenge: new Uint8Array(32) }));
    assert.deepEqual(hello.cipherSpecs, DEFAULT_SSLV2_CIPHER_SPECS);
    assert.equal(hello.version, 2);
  });

  it('decodes a SERVER-HELLO through the deframer, and an ERROR', () => {
    const server = { sessionIdHit: false, certificateType: 1, version: 2, certificate: fromHex('3003020101'), cipherSpecs: [0x010080, 0x020080], connectionId: new Uint8Array(16).fill(7) };
    const body = encodeSslv2ServerHelloBody(server);
    const wire = new Uint8Array([0x80 | (body.length >> 8), body.length & 0xff, ...body]);
    const frames = new RecordDeframer().push(wire);
    assert.equal(frames[0]?.kind, 'sslv2');
    const msg = frames[0]?.kind === 'sslv2' ? decodeSslv2ServerMessage(frames[0].body) : null;
    assert.deepEqual(msg, { kind: 'server_hello', ...server });
    assert.deepEqual(decodeSslv2ServerMessage(fromHex('000001')), { kind: 'error', errorCode: 1 });
    assert.throws(() => decodeSslv2ServerMessage(fromHex('04000100020000000400000000')), (e: unknown) => e instanceof MailtlsError);
    assert.throws(() => decodeSslv2ServerMessage(fromHex('09')), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
  });
});
