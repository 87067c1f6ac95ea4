// Property tests: on arbitrary or mutated input every decoder returns a value or throws a
// MailtlsError, never a TypeError/RangeError, and returns promptly (the test timeout bounds it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeRecord, RecordDeframer } from './record.js';
import { HandshakeReassembler } from './handshake.js';
import { decodeClientHello } from './client-hello.js';
import { decodeServerHello } from './server-hello.js';
import { decodeCertificate } from './certificate.js';
import { decodeServerKeyExchange, type SkeContext } from './server-key-exchange.js';
import { decodeAlerts } from './alert.js';
import { decodeSslv2ClientHello, decodeSslv2ServerMessage } from './sslv2.js';
import { certificateInfo, signatureAlgorithmOid, verifyChain } from './cert-info.js';
import { decodeOid, derChildren, readDer } from './der.js';
import { buildClientHello } from './build-client-hello.js';
import { fromHex } from './bytes.js';
import { loadFixture } from '../../test/helpers/test-codec.js';
import { MailtlsError } from '../errors.js';

const vectors = loadFixture<{ clientHello: string; serverHello: string; certificate: string }>('rfc8448-simple-1rtt.json');
const seeds = [
  fromHex(vectors.clientHello).subarray(4),
  fromHex(vectors.serverHello).subarray(4),
  fromHex(vectors.certificate).subarray(4),
  buildClientHello({ version: 0x0303, cipherSuites: [0xc030, 0xc02f], serverName: 'mx.example.org' }).bytes,
  fromHex('03001d20' + '11'.repeat(32) + '080400020102'),
  // the bare DER certificate inside the RFC 8448 Certificate message, for certificateInfo
  fromHex(vectors.certificate).subarray(4 + 7, 4 + 7 + 432),
];

/** Arbitrary bytes, and seeds with random byte overwrites and truncation. */
const input = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat())
    .map(([seed, edits, cut]) => {
      const copy = seed.slice();
      for (const [at, value] of edits) copy[at % copy.length] = value;
      return copy.subarray(0, copy.length - (cut % Math.min(copy.length, 40)));
    }),
);

function onlyCoded(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof MailtlsError)) throw err;
  }
}

const contexts: SkeContext[] = (['ECDHE', 'DHE', 'RSA', 'PSK', 'DHE_PSK', 'ECDHE_PSK', 'RSA_PSK', 'SRP'] as const).flatMap((kx) =>
  [0x0301, 0x0303].map((version) => ({ kx, auth: kx.endsWith('PSK') ? 'PSK' as const : 'RSA' as const, version })));

const decoders: Record<string, (b: Uint8Array) => unknown> = {
  decodeRecord,
  decodeClientHello,
  decodeServerHello,
  decodeCertificate: (b) => decodeCertificate(b),
  decodeCertificate13: (b) => decodeCertificate(b, { tls13: true }),
  decodeServerKeyExchange: (b) => contexts.map((c) => onlyCoded(() => decodeServerKeyExchange(b, c))),
  decodeAlerts,
  decodeSslv2ClientHello,
  decodeSslv2ServerMessage,
  certificateInfo,
  verifyChain: (b) => verifyChain([b, b], []),
  signatureAlgorithmOid,
  der: (b) => derChildren(readDer(b)),
  decodeOid,
};

describe('decoders on hostile input', () => {
  for (const [name, decode] of Object.entries(decoders)) {
    it(`${name} fails only with MailtlsError`, { timeout: 30_000 }, () => {
      fc.assert(fc.property(input, (bytes) => onlyCoded(() => decode(bytes))), { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) });
    });
  }

  it('RecordDeframer and HandshakeReassembler: any chunking, coded errors only, bounded buffers', { timeout: 30_000 }, () => {
    fc.assert(fc.property(fc.array(input, { maxLength: 8 }), (chunks) => {
      const deframer = new RecordDeframer();
      const reasm = new HandshakeReassembler({ maxMessageLength: 4096 });
      onlyCoded(() => {
        for (const chunk of chunks) {
          for (const frame of deframer.push(chunk)) {
            if (frame.kind === 'tls') reasm.push(frame.record.fragment);
          }
          assert.ok(deframer.buffered <= 5 + 18432);
          assert.ok(reasm.pending <= 4 + 4096);
        }
      });
    }), { numRuns: 1500 });
  });
});
