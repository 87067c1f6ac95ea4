import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { buildClientHello, ClientHelloTemplate } from './build-client-hello.js';
import { decodeClientHello, encodeClientHello } from './client-hello.js';
import { generateKeyShare } from './key-share.js';
import { CONTENT_TYPE, encodeRecords, RecordDeframer } from './record.js';
import { encodeHandshake, HANDSHAKE_TYPE, HandshakeReassembler } from './handshake.js';
import { concatBytes, fromHex } from './bytes.js';
import { EXTENSION } from './registry/extensions.js';
import { PROTOCOL } from './registry/versions.js';
import { groupByCode, groupByName, groupName, NAMED_GROUPS } from './registry/groups.js';
import { isProtocolName, versionCode, versionName } from './registry/versions.js';
import { extensionName, isGrease } from './registry/extensions.js';
import { signatureSchemeName } from './registry/signature-schemes.js';

function parse(bytes: Uint8Array): { recordVersion: number; hello: ReturnType<typeof decodeClientHello>; handshakeLength: number } {
  const frames = new RecordDeframer().push(bytes);
  const reasm = new HandshakeReassembler();
  let recordVersion = 0;
  const msgs = [];
  for (const f of frames) {
    assert.equal(f.kind, 'tls');
    if (f.kind !== 'tls') continue;
    recordVersion = f.record.version;
    msgs.push(...reasm.push(f.record.fragment));
  }
  assert.equal(msgs.length, 1);
  const m = msgs[0];
  assert.ok(m);
  return { recordVersion, hello: decodeClientHello(m.body), handshakeLength: m.body.length + 4 };
}

const types = (h: ReturnType<typeof decodeClientHello>): number[] => h.extensions.map((e) => e.type);

describe('buildClientHello', () => {
  it('TLS 1.2: legacy_version 0x0303, SNI, groups, signature_algorithms, renegotiation_info, EMS, EtM', () => {
    const built = buildClientHello({ version: PROTOCOL.TLSv1_2, cipherSuites: [0xc030, 0xc02f], serverName: 'mx.example.org' });
    const { recordVersion, hello } = parse(built.bytes);
    assert.equal(recordVersion, 0x0301);
    assert.equal(hello.version, 0x0303);
    assert.deepEqual(hello.cipherSuites, [0xc030, 0xc02f]);
    for (const t of [EXTENSION.server_name, EXTENSION.supported_groups, EXTENSION.signature_algorithms, EXTENSION.renegotiation_info, EXTENSION.extended_master_secret, EXTENSION.encrypt_then_mac, EXTENSION.session_ticket]) {
      assert.ok(types(hello).includes(t), extensionName(t));
    }
    assert.ok(!types(hello).includes(EXTENSION.supported_versions));
    assert.deepEqual(built.keyShares, []);
  });

  it('TLS 1.3: legacy_version 0x0303, supported_versions [1.3], an x25519 key share', () => {
    const built = buildClientHello({ version: PROTOCOL.TLSv1_3, cipherSuites: [0x1301, 0x1302, 0x1303] });
    const { hello } = parse(built.bytes);
    assert.equal(hello.version, 0x0303);
    const sv = hello.extensions.find((e) => e.type === EXTENSION.supported_versions);
    assert.deepEqual(sv && [...sv.data], [2, 3, 4]);
    assert.equal(built.keyShares[0]?.group, 29);
    assert.ok(!hello.cipherSuites.includes(0x00ff), 'no renegotiation SCSV in TLS 1.3 hellos');
    const empty = parse(buildClientHello({ version: PROTOCOL.TLSv1_3, cipherSuites: [0x1301], keyShares: [] }).bytes).hello;
    assert.deepEqual([...(empty.extensions.find((e) => e.type === EXTENSION.key_share)?.data ?? [])], [0, 0]);
  });

  it('SSLv3: no extensions, renegotiation SCSV, record version 0x0300; fallback SCSV on request', () => {
    const { recordVersion, hello } = parse(buildClientHello({ version: PROTOCOL.SSLv3, cipherSuites: [0x0005, 0x000a], fallbackScsv: true }).bytes);
    assert.equal(recordVersion, 0x0300);
    assert.equal(hello.version, 0x0300);
    assert.deepEqual(hello.extensions, []);
    assert.deepEqual(hello.cipherSuites, [0x0005, 0x000a, 0x00ff, 0x5600]);
  });

  it('leaves SNI out for IP literals and pads 256..511-byte hellos to 512 (RFC 7685)', () => {
    for (const n of [1, 20, 60, 90, 120, 200]) {
      const suites = Array.from({ length: n }, (_, i) => 0xc000 + i);
      const { hello, handshakeLength } = parse(buildClientHello({ version: PROTOCOL.TLSv1_2, cipherSuites: suites, serverName: '127.0.0.1' }).bytes);
      assert.ok(!types(hello).includes(EXTENSION.server_name));
      assert.ok(handshakeLength < 256 || handshakeLength >= 512, `${n} suites: ${handshakeLength} bytes`);
    }
  });

  it('the template writes the bytes the generic codec writes for the same hello (ByteWriter encoders, record framing)', () => {
    fc.assert(fc.property(
      fc.constantFrom(PROTOCOL.SSLv3, PROTOCOL.TLSv1_0, PROTOCOL.TLSv1_2, PROTOCOL.TLSv1_3),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 9000 }),
      fc.boolean(),
      fc.option(fc.constantFrom('mx.example.org', '127.0.0.1'), { nil: undefined }),
      (version, suites, fallbackScsv, serverName) => {
        const template = new ClientHelloTemplate({ version, fallbackScsv, keyShares: [], ...(serverName ? { serverName } : {}) });
        const random = new Uint8Array(32).fill(9);
        if (suites.every((c) => c === 0x00ff || c === 0x5600) && !fallbackScsv && version !== PROTOCOL.SSLv3) {
          assert.throws(() => template.build(suites, { random }), /at least one cipher suite/);
          return;
        }
        const { handshake, bytes } = template.encode(suites, { random });
        const hello = decodeClientHello(handshake.subarray(4));
        const generic = encodeHandshake({ type: HANDSHAKE_TYPE.client_hello, body: encodeClientHello(hello) });
        assert.deepEqual(handshake, generic);
        assert.deepEqual(bytes, encodeRecords(CONTENT_TYPE.handshake, Math.min(version, PROTOCOL.TLSv1_0), generic));
      }), { numRuns: 150 });
  });

  it('splits a hello larger than one record', () => {
    const suites = Array.from({ length: 9000 }, (_, i) => 0x1000 + i);
    const { hello } = parse(buildClientHello({ version: PROTOCOL.TLSv1_2, cipherSuites: suites }).bytes);
    assert.deepEqual(hello.cipherSuites, suites);
  });
});

describe('key shares', () => {
  it('makes valid x25519, x448 and NIST shares', () => {
    const x = generateKeyShare(29);
    assert.equal(x?.keyExchange.length, 32);
    const spki = concatBytes([fromHex('302a300506032b656e032100'), x?.keyExchange ?? new Uint8Array(0)]);
    assert.equal(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).asymmetricKeyType, 'x25519');
    assert.equal(generateKeyShare(30)?.keyExchange.length, 56);
    const p256 = generateKeyShare(23)?.keyExchange ?? new Uint8Array(0);
    assert.equal(p256.length, 65);
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    assert.equal(ecdh.computeSecret(p256).length, 32, 'the point is on the curve');
    assert.equal(generateKeyShare(24)?.keyExchange.length, 97);
    assert.equal(generateKeyShare(25)?.keyExchange.length, 133);
  });

  it('makes ML-KEM encapsulation keys that pass the FIPS 203 modulus check, and hybrids', () => {
    const ek = generateKeyShare(513)?.keyExchange ?? new Uint8Array(0);
    assert.equal(ek.length, 1184);
    for (let at = 0; at < 1152; at += 3) {
      const [b0, b1, b2] = [ek[at] as number, ek[at + 1] as number, ek[at + 2] as number];
      assert.ok((b0 | ((b1 & 0x0f) << 8)) < 3329 && ((b1 >> 4) | (b2 << 4)) < 3329, `coefficient pair at ${at}`);
    }
    assert.equal(generateKeyShare(0x11ec)?.keyExchange.length, 1184 + 32);
    assert.equal(generateKeyShare(0x11eb)?.keyExchange.length, 65 + 1184);
    assert.equal(generateKeyShare(0x11ed)?.keyExchange.length, 97 + 1568);
    assert.equal(generateKeyShare(256), null);
  });
});

describe('small registries', () => {
  it('groups by code and name', () => {
    assert.equal(groupByName('prime256v1')?.code, 23);
    assert.equal(groupByName('P-384')?.code, 24);
    assert.equal(groupByName('X25519MLKEM768')?.hex, '0x11EC');
    assert.equal(groupByCode(256)?.kind, 'ff');
    assert.equal(groupByCode(1)?.deprecated, true);
    assert.equal(groupName(0x0a0a), '0x0A0A');
    assert.equal(new Set(NAMED_GROUPS.map((g) => g.code)).size, NAMED_GROUPS.length);
  });

  it('versions, extensions, signature schemes, GREASE', () => {
    assert.equal(versionName(0x0303), 'TLSv1.2');
    assert.equal(versionName(0x0002), 'SSLv2');
    assert.equal(versionName(0x7f1c), '0x7F1C');
    assert.equal(versionCode('TLSv1.3'), 0x0304);
    assert.ok(isProtocolName('SSLv3') && !isProtocolName('TLSv1'));
    assert.equal(extensionName(0xff01), 'renegotiation_info');
    assert.equal(signatureSchemeName(0x0804), 'rsa_pss_rsae_sha256');
    assert.ok(isGrease(0x0a0a) && isGrease(0xfafa) && !isGrease(0x0a1a) && !isGrease(0x1301));
  });
});
