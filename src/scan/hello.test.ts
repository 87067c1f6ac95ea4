import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClientHello, FALLBACK_SCSV, EMPTY_RENEGOTIATION_INFO_SCSV } from './hello.js';
import { candidateSuites } from './suites.js';
import { decodeClientHello } from '../wire/client-hello.js';
import { findExtension } from '../wire/extension.js';

function parse(bytes: Uint8Array) {
  assert.equal(bytes[0], 22, 'a handshake record');
  const body = bytes.subarray(9); // 5-byte record header, 4-byte handshake header
  assert.equal(bytes[5], 1, 'ClientHello');
  return decodeClientHello(body);
}

test('TLS 1.2 hello: version, every candidate, DEFLATE offered, extensions a scanner reads back', () => {
  const suites = candidateSuites('TLSv1.2');
  assert.ok(suites.length > 250, `the whole registry for TLS 1.2 (${suites.length})`);
  const h = parse(buildClientHello({ protocol: 'TLSv1.2', suites, serverName: 'mx.example' }));
  assert.equal(h.version, 0x0303);
  assert.deepEqual(h.cipherSuites, suites);
  assert.deepEqual(h.compression, [1, 0]);
  for (const ext of [0, 10, 11, 13, 15, 22, 23, 35, 0xff01]) assert.ok(findExtension(h.extensions, ext), `extension ${ext}`);
  assert.deepEqual([...(findExtension(h.extensions, 15)?.data ?? [])], [1], 'heartbeat: peer_allowed_to_send (Heartbleed at no extra connection)');
  const h13 = parse(buildClientHello({ protocol: 'TLSv1.3', suites: [0x1301] }));
  assert.equal(findExtension(h13.extensions, 15), undefined, 'no heartbeat in TLS 1.3 hellos');
});

test('TLS 1.3 hello: legacy version 1.2, supported_versions, no key share (HelloRetryRequest names the group)', () => {
  const h = parse(buildClientHello({ protocol: 'TLSv1.3', suites: [0x1301], groups: [29, 23] }));
  assert.equal(h.version, 0x0303);
  assert.deepEqual([...(findExtension(h.extensions, 43)?.data ?? [])], [2, 3, 4]);
  assert.deepEqual([...(findExtension(h.extensions, 51)?.data ?? [])], [0, 0]);
});

test('SSLv3 hello has no extensions but the renegotiation SCSV; fallback adds TLS_FALLBACK_SCSV; no SNI for addresses', () => {
  const v3 = parse(buildClientHello({ protocol: 'SSLv3', suites: [0x0005] }));
  assert.equal(v3.extensions.length, 0);
  assert.deepEqual(v3.cipherSuites, [0x0005, EMPTY_RENEGOTIATION_INFO_SCSV]);
  const fb = parse(buildClientHello({ protocol: 'TLSv1.1', suites: [0x002f], fallbackScsv: true, serverName: '127.0.0.1' }));
  assert.equal(fb.cipherSuites.at(-1), FALLBACK_SCSV);
  assert.equal(findExtension(fb.extensions, 0), undefined);
});

test('candidate lists: ChaCha20 never first, likely suites first', () => {
  for (const p of ['TLSv1.2', 'TLSv1.3'] as const) {
    const c = candidateSuites(p);
    assert.notEqual(c[0], 0xcca8);
    assert.notEqual(c[0], 0x1303);
    assert.notEqual(c.at(-1), 0x1303);
  }
});
