import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pacingLine, renderScanText } from './scan-text.js';
import { makeStyle } from './terminal.js';
import { cipherRef } from '../scan/suites.js';
import type { ScanReport } from '../scan/types.js';

const r: ScanReport = {
  target: { host: 'mx.example', ip: '192.0.2.1', port: 25, starttls: 'smtp', role: 'mx' },
  complete: false, error: 'ESMTP_421 mx.example:25: busy',
  protocols: [
    { version: 'TLSv1.2', offered: true, serverPreference: true, ciphers: [cipherRef(0xc030), cipherRef(0x000a)] },
    { version: 'TLSv1.3', offered: null, serverPreference: null, ciphers: [], error: 'ETIMEOUT' },
  ],
  groups: [{ name: 'x25519', code: '0x001D', kind: 'ECDHE', bits: 253, protocols: ['TLSv1.3'] }],
  certificates: [],
  tls: { secureRenegotiation: true, extendedMasterSecret: null, encryptThenMac: null, sessionTickets: null, compression: null, fallbackScsv: true, dhBits: 1024, dhBitsSuites: ['ADH-AES128-SHA'], helloRetryRequest: null },
  smtp: { banner: 'mx.example ESMTP', capabilities: ['STARTTLS'], capabilitiesAfterTls: [], starttls: true, authBeforeTls: ['PLAIN'], authAfterTls: [], injectedAfterStarttls: 0, retries: 0 },
  findings: [{ id: 'auth-before-tls', severity: 'high', title: 'AUTH is offered before TLS', detail: 'Set smtpd_tls_auth_only = yes.', message: 'Set smtpd_tls_auth_only = yes.', place: { host: '127.0.0.1', port: 25 }, fix: null }],
  errors: [{ probe: 'TLSv1.3 cipher suites', code: 'ETIMEOUT', message: 'slow' }, { probe: 'TLSv1.3 cipher suites', code: 'ETIMEOUT', message: 'slow' }],
  stats: { connections: 7, durationMs: 1234 },
};

test('renders every section from the data, without colour when asked', () => {
  const text = renderScanText(r, makeStyle(false));
  assert.match(text, /^mailtls scan mx\.example:25 \(SMTP STARTTLS, 192\.0\.2\.1\) - 7 connections, 1\.23 s\n/);
  assert.match(text, /incomplete: ESMTP_421/);
  assert.match(text, /TLSv1\.2 cipher suites \(server order\)\n {2}0xC030 {2}ECDHE-RSA-AES256-GCM-SHA384 .* strong\n {2}0x000A {2}DES-CBC3-SHA .* weak/);
  assert.match(text, /TLSv1\.3 +unknown/);
  assert.match(text, /AUTH before TLS +PLAIN/);
  assert.match(text, /DHE parameters +1024 bits/);
  assert.match(text, /HIGH +AUTH is offered before TLS \[auth-before-tls\]/);
  assert.match(text, /TLSv1\.3 cipher suites: ETIMEOUT slow \(x2\)/);
  assert.ok(!text.includes('\u001b['), 'no escape codes');
  assert.ok(renderScanText(r, makeStyle(true)).includes('\u001b['), 'colour when asked');
});

test('the Vulnerabilities section: status, CVE, connections and the reason per probe', () => {
  const vulns: ScanReport['vulns'] = [
    { id: 'heartbleed', name: 'Heartbleed', cve: 'CVE-2014-0160', status: 'vulnerable', why: 'answered a heartbeat that claimed 64 bytes', connections: 1, durationMs: 12 },
    { id: 'lucky13', name: 'LUCKY13 (CBC)', cve: 'CVE-2013-0169', status: 'vulnerable', why: 'CBC suites accepted', connections: 0, informational: true },
    { id: 'robot', name: 'ROBOT (Bleichenbacher oracle)', cve: null, status: 'unknown', why: 'ETIMEOUT: slow', connections: 5 },
  ];
  const text = renderScanText({ ...r, vulns }, makeStyle(false));
  assert.match(text, /Vulnerabilities \(--vulns\)\n {2}Heartbleed CVE-2014-0160 +vulnerable +1 conn\.\n {6}answered a heartbeat that claimed 64 bytes\n/);
  assert.match(text, /LUCKY13 \(CBC\) CVE-2013-0169 +vulnerable \(informational\)\n/);
  assert.match(text, /ROBOT \(Bleichenbacher oracle\) +unknown +5 conn\.\n {6}ETIMEOUT: slow/);
  assert.ok(!renderScanText(r, makeStyle(false)).includes('Vulnerabilities'), 'no section for reports without vulns');
});

test('pacing: one line when the server pushed back or the scan waited, the undone probes named', () => {
  assert.equal(pacingLine({}), null, 'older reports');
  assert.equal(pacingLine({ pacing: { waitedMs: 0, refusals: 0, learnt: { maxConnections: null, ratePerMinute: null }, reasons: [] } }), null, 'an unlimited server: no line');
  const paced: ScanReport = {
    ...r,
    pacing: { waitedMs: 52_400, refusals: 3, learnt: { maxConnections: 2, ratePerMinute: 30 }, reasons: ['the server greeted with 421: 4.7.0 Error: too many connections from 127.0.9.1'] },
    unfinished: [{ probe: 'TLSv1.0 cipher suites', reason: 'ETIMEOUT: the time budget ran out' }, { probe: 'SSLv2', reason: 'ETIMEOUT: the time budget ran out' }],
  };
  assert.equal(pacingLine(paced), 'pacing: the server refused 3 connections (the server greeted with 421: 4.7.0 Error: too many connections from 127.0.9.1); kept to 2 at once and 30 a minute; waited 52 s');
  const text = renderScanText(paced, makeStyle(false));
  assert.match(text, /\npacing: the server refused 3 connections .*waited 52 s\n/);
  assert.match(text, /\nunknown \(not probed\): TLSv1\.0 cipher suites, SSLv2\n {2}because ETIMEOUT: the time budget ran out\n/);
  assert.doesNotMatch(renderScanText(r, makeStyle(false)), /pacing:|not probed/);
});
