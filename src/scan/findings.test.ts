import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanFindings } from './findings.js';
import { severityRank } from '../severity.js';
import { POSTFIX_ADVICE } from './advice.js';
import { targetRole } from './context.js';
import { cipherRef } from './suites.js';
import type { ProtocolResult, ScanReport } from './types.js';

function report(protocols: ProtocolResult[], over: Partial<ScanReport> = {}, port = 25): ScanReport {
  return {
    target: { host: 'mx.example', ip: '192.0.2.1', port, starttls: port === 465 ? null : 'smtp', role: port === 25 ? 'mx' : 'submission' },
    complete: true, error: null, protocols, groups: [], certificates: [],
    tls: { secureRenegotiation: true, extendedMasterSecret: true, encryptThenMac: null, sessionTickets: true, compression: 'none', fallbackScsv: true, dhBits: null, dhBitsSuites: [], helloRetryRequest: true },
    smtp: { banner: 'mx', capabilities: ['STARTTLS'], capabilitiesAfterTls: [], starttls: true, authBeforeTls: [], authAfterTls: [], injectedAfterStarttls: 0, retries: 0 },
    findings: [], errors: [], stats: { connections: 1, durationMs: 1 },
    ...over,
  };
}
const proto = (version: ProtocolResult['version'], codes: number[], serverPreference: boolean | null): ProtocolResult =>
  ({ version, offered: codes.length > 0, serverPreference, ciphers: codes.map(cipherRef) });
const ids = (r: ScanReport) => scanFindings(r, { groupsServerPreference: null }).map((f) => f.id);

test('seed 000: only strong suites and no server order is fine (info, not a problem)', () => {
  const r = report([proto('TLSv1.2', [0xc02f, 0xc030, 0xcca8], false), proto('TLSv1.3', [0x1301, 0x1302], false)]);
  const f = scanFindings(r, { groupsServerPreference: null });
  const order = f.find((x) => x.id === 'cipher-order');
  assert.equal(order?.severity, 'info');
  assert.ok(!f.some((x) => x.id.startsWith('weak-suites')));
});

test('seed 000: weak suites a client can force are named, with the fix beyond tls_preempt_cipherlist', () => {
  const r = report([proto('TLSv1.2', [0xc02f, 0x000a, 0x0034], false)], {}, 587);
  const f = scanFindings(r, { groupsServerPreference: null }).find((x) => x.id === 'weak-suites-choosable');
  assert.equal(f?.severity, 'medium');
  assert.match(f?.detail ?? '', /DES-CBC3-SHA/);
  assert.match(f?.detail ?? '', /ADH-AES128-SHA/);
  assert.match(f?.detail ?? '', /smtpd_tls_exclude_ciphers/);
  assert.match(f?.detail ?? '', /rather than only setting tls_preempt_cipherlist = yes/);
  // server order does not make weak suites go away
  const s = report([proto('TLSv1.2', [0xc02f, 0x000a], true)]);
  assert.ok(ids(s).includes('weak-suites-accepted'));
});

test('protocol findings and their severities depend on the port', () => {
  const all = [proto('SSLv2', [0x0700c0], null), proto('SSLv3', [0x0005], null), proto('TLSv1.0', [0xc013], null), proto('TLSv1.2', [0xc02f], null), proto('TLSv1.3', [], null)];
  const mx = scanFindings(report(all), { groupsServerPreference: null });
  const sub = scanFindings(report(all, {}, 587), { groupsServerPreference: null });
  assert.equal(mx.find((f) => f.id === 'sslv2')?.severity, 'critical');
  assert.equal(mx.find((f) => f.id === 'old-tls')?.severity, 'low');
  assert.equal(sub.find((f) => f.id === 'old-tls')?.severity, 'medium');
  assert.ok(mx.some((f) => f.id === 'rc4-ciphers'));
  assert.ok(mx.some((f) => f.id === 'no-tls13'));
});

test('SMTP, key exchange and certificate findings', () => {
  const r = report([proto('TLSv1.2', [0x009e], false)], {
    smtp: { banner: 'x', capabilities: [], capabilitiesAfterTls: [], starttls: false, authBeforeTls: ['PLAIN'], authAfterTls: [], injectedAfterStarttls: 24, retries: 1 },
    tls: { secureRenegotiation: false, extendedMasterSecret: false, encryptThenMac: null, sessionTickets: null, compression: 'DEFLATE', fallbackScsv: false, dhBits: 1024, dhBitsSuites: ['ADH-AES128-SHA'], helloRetryRequest: null },
    certificates: [{
      keyType: 'RSA', keyBits: 1024, curve: null, subject: 'CN=other', issuer: 'CN=other', sans: ['DNS:other'], serialNumber: '01',
      notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2021-01-01T00:00:00.000Z', signatureAlgorithm: 'sha1WithRSAEncryption',
      fingerprintSha256: 'AA', selfSigned: false, trusted: false, trustError: 'expired', trustStore: '/etc/ssl/certs/ca-certificates.crt', nameMatches: false, chain: [], servedFor: [],
    }],
  }, 587);
  const got = ids(r);
  for (const id of ['no-starttls', 'auth-before-tls', 'starttls-injection', 'rate-limited', 'weak-dh', 'tls-compression', 'insecure-renegotiation', 'no-fallback-scsv', 'no-ems', 'cert-expired', 'cert-name-mismatch', 'cert-weak-key', 'cert-weak-signature']) {
    assert.ok(got.includes(id), `${id} in ${got.join(', ')}`);
  }
});

test('the role sets the severities: old TLS is low on an MX, medium where mail clients submit', () => {
  const protocols = [proto('TLSv1.0', [0xc014], null), proto('TLSv1.2', [0xc02f], null)];
  const sev = (r: ScanReport) => scanFindings(r, { groupsServerPreference: null }).find((f) => f.id === 'old-tls')?.severity;
  assert.equal(sev(report(protocols, {}, 25)), 'low');
  assert.equal(sev(report(protocols, { target: { host: 'mx.example', ip: '192.0.2.1', port: 2525, starttls: 'smtp', role: 'submission' } })), 'medium');
});

test('targetRole: submission on 587 and implicit TLS, mx elsewhere, --role wins', () => {
  assert.equal(targetRole({ host: 'h', port: 25, starttls: true }), 'mx');
  assert.equal(targetRole({ host: 'h', port: 2525, starttls: true }), 'mx');
  assert.equal(targetRole({ host: 'h', port: 587, starttls: true }), 'submission');
  assert.equal(targetRole({ host: 'h', port: 465, starttls: false }), 'submission');
  assert.equal(targetRole({ host: 'h', port: 2525, starttls: true, role: 'submission' }), 'submission');
});

test('findings come most severe first in the data too', () => {
  const f = scanFindings(report([proto('SSLv3', [0x000a], null), proto('TLSv1.0', [0x002f], null)], {}, 587), { groupsServerPreference: null });
  const ranks = f.map((x) => severityRank(x.severity));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.equal(f[0]?.severity, 'critical');
});

test('every finding has the common shape: message is the detail, place the scanned endpoint, fix the remedy from advice.ts or null', () => {
  const f = scanFindings(report([proto('SSLv3', [0x000a], null), proto('TLSv1.0', [0x002f], null)], {}, 587), { groupsServerPreference: null });
  assert.ok(f.length > 2);
  for (const x of f) {
    assert.equal(x.message, x.detail, x.id);
    assert.deepEqual(x.place, { host: 'mx.example', port: 587 }, x.id);
  }
  assert.equal(f.find((x) => x.id === 'sslv3')?.fix, POSTFIX_ADVICE.sslv3);
  assert.equal(f.find((x) => x.id === 'old-tls')?.fix, POSTFIX_ADVICE.oldTlsSubmission);
  assert.equal(f.find((x) => x.id === 'no-forward-secrecy')?.fix, null, 'no advice of its own');
});
