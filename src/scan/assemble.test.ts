import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MailtlsError } from '../errors.js';
import { assembleReport, newestFirst, type ScanResults } from './assemble.js';
import { Observations } from './observations.js';
import { cipherRef } from './suites.js';
import type { ProtocolName, ProtocolResult } from './types.js';

const proto = (version: ProtocolName, codes: number[], extra: Partial<ProtocolResult> = {}): ProtocolResult =>
  ({ version, offered: codes.length > 0, serverPreference: codes.length > 1 ? false : null, ciphers: codes.map(cipherRef), ...extra });

function results(over: Partial<ScanResults> = {}): ScanResults {
  return {
    target: { host: 'mx.lab.test', port: 25, starttls: true },
    ip: '127.0.0.1',
    protocols: [proto('SSLv2', []), proto('SSLv3', []), proto('TLSv1.0', []), proto('TLSv1.1', []), proto('TLSv1.2', [0xc02f, 0xc030]), proto('TLSv1.3', [0x1301])],
    tls13Offered: true,
    groups13: { order: [29, 23], serverPreference: true },
    observations: new Observations(),
    fallbackScsv: true,
    certificates: [],
    smtp: null, mailbox: null, ticket: null,
    fatal: null,
    errors: [],
    probedVulns: [],
    stats: { connections: 12, durationMs: 345 },
    ...over,
  };
}

test('a complete scan: the protocols in order, the target, the stats as given, findings and verdicts from the report', () => {
  const r = assembleReport(results());
  assert.equal(r.complete, true);
  assert.equal(r.error, null);
  assert.deepEqual(r.protocols.map((p) => p.version), ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(r.target, { host: 'mx.lab.test', ip: '127.0.0.1', port: 25, starttls: 'smtp', protocol: 'smtp', role: 'mx' });
  assert.deepEqual(r.stats, { connections: 12, durationMs: 345 });
  assert.ok(r.vulns && r.vulns.length > 0);
  assert.equal(r.vulns.find((v) => v.id === 'poodle')?.status, 'not vulnerable', 'no SSLv3');
  assert.deepEqual(Object.keys(r), ['target', 'complete', 'error', 'protocols', 'groups', 'certificates', 'tls', 'smtp', 'mailbox', 'errors', 'findings', 'vulns', 'stats']);
});

test('groups: the TLS 1.3 order first, then those only TLS 1.2 showed, with where they were seen, newest first', () => {
  const obs = new Observations();
  obs.group(23, 'TLSv1.2');
  obs.group(23, 'TLSv1.3');
  obs.group(24, 'TLSv1.0');
  obs.group(24, 'TLSv1.2');
  const r = assembleReport(results({ observations: obs }));
  assert.deepEqual(r.groups.map((g) => [g.name, g.code, g.kind, g.protocols]), [
    ['x25519', '0x001D', 'ECDHE', ['TLSv1.3']],
    ['secp256r1', '0x0017', 'ECDHE', ['TLSv1.3', 'TLSv1.2']],
    ['secp384r1', '0x0018', 'ECDHE', ['TLSv1.2', 'TLSv1.0']],
  ]);
});

test('TLS facts: unknown without a legacy handshake, session tickets from the full session, compression by name', () => {
  const none = assembleReport(results()).tls;
  assert.equal(none.secureRenegotiation, null);
  assert.equal(none.extendedMasterSecret, null);
  assert.equal(none.sessionTickets, null);
  assert.equal(none.helloRetryRequest, false);
  assert.equal(assembleReport(results({ ticket: true })).tls.sessionTickets, true);
  assert.equal(assembleReport(results({ ticket: false })).tls.sessionTickets, false);
  const obs = new Observations();
  obs.legacyAccepted = 3;
  obs.reneg = true;
  obs.compression = 1;
  obs.dhBits = 1024;
  obs.dhSuites.add('DHE-RSA-AES256-SHA').add('DHE-RSA-AES128-SHA');
  const t = assembleReport(results({ observations: obs, tls13Offered: false, groups13: null })).tls;
  assert.deepEqual([t.secureRenegotiation, t.extendedMasterSecret, t.sessionTickets, t.compression, t.helloRetryRequest], [true, false, false, 'DEFLATE', null]);
  assert.deepEqual(t.dhBitsSuites, ['DHE-RSA-AES128-SHA', 'DHE-RSA-AES256-SHA']);
  obs.compression = 7;
  assert.equal(assembleReport(results({ observations: obs })).tls.compression, 'method 7');
});

test('why a report is incomplete: the fatal error first, then no handshake at all, then a protocol cut short', () => {
  const fatal = new MailtlsError('ENOSTARTTLS', 'no STARTTLS in the EHLO reply', { place: { host: '127.0.0.1', port: 25 } });
  const errors = [{ probe: 'TLSv1.2 cipher suites', code: 'ETIMEOUT', message: 'slow' }];
  const nothing = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].map((v) => proto(v as ProtocolName, []));
  const a = assembleReport(results({ fatal, errors, protocols: nothing }));
  assert.equal(a.complete, false);
  assert.equal(a.error, 'ENOSTARTTLS 127.0.0.1:25: no STARTTLS in the EHLO reply');
  assert.ok(a.vulns?.every((v) => v.status === 'unknown'), 'no handshake: no verdict');
  assert.equal(assembleReport(results({ errors, protocols: nothing })).error, 'no TLS handshake succeeded (ETIMEOUT: slow)');
  const cut = results().protocols.map((p) => (p.version === 'TLSv1.2' ? { ...p, error: 'ETIMEOUT: slow' } : p));
  assert.equal(assembleReport(results({ errors, protocols: cut })).error, 'TLSv1.2 could not be enumerated completely: ETIMEOUT: slow');
});

test('findings are judged on the assembled report, in the one finding shape, at the scanned endpoint', () => {
  const protocols = results().protocols.map((p) => (p.version === 'SSLv3' ? proto('SSLv3', [0x000a]) : p));
  const r = assembleReport(results({ protocols, target: { host: 'mx.lab.test', port: 587, starttls: true } }));
  const f = r.findings.find((x) => x.id === 'sslv3');
  assert.ok(f);
  assert.equal(f.severity, 'critical', 'submission: a mail client sends its password');
  assert.deepEqual(f.place, { host: 'mx.lab.test', port: 587 });
  assert.equal(f.message, f.detail);
  assert.equal(r.vulns?.find((v) => v.id === 'poodle')?.status, 'vulnerable');
});

test('newestFirst: protocols newest first, then by name, whatever order the probes finished in', () => {
  assert.deepEqual(newestFirst(['TLSv1.0 RSA', 'SSLv2', 'TLSv1.2 RSA', 'TLSv1.2 ECDSA', 'TLSv1.3']), ['TLSv1.3', 'TLSv1.2 ECDSA', 'TLSv1.2 RSA', 'TLSv1.0 RSA', 'SSLv2']);
});
