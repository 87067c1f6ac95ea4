import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cipherRef } from '../scan/suites.js';
import type { Finding, ProtocolResult, ScanReport } from '../scan/types.js';
import type { ServiceTls } from '../postfix/types.js';
import { evidenceFromConfig, evidenceFromScan, wireVersionName } from './evidence.js';
import { fillFromConfig, gradeConfig, gradeScan, profileGrader } from './grade.js';
import { getProfile } from './profiles.js';
import { serviceRole } from './role.js';

const proto = (version: ProtocolResult['version'], codes: number[], serverPreference: boolean | null, offered: boolean | null = codes.length > 0): ProtocolResult =>
  ({ version, offered, serverPreference, ciphers: codes.map(cipherRef) });

function report(protocols: ProtocolResult[], over: Partial<ScanReport> = {}, port = 25): ScanReport {
  return {
    target: { host: 'mx.example', ip: '192.0.2.1', port, starttls: port === 465 ? null : 'smtp', role: port === 25 ? 'mx' : 'submission' },
    complete: true, error: null, protocols,
    groups: [{ name: 'x25519', code: '0x001D', kind: 'ECDHE', bits: 253, protocols: ['TLSv1.3'] }],
    certificates: [],
    tls: { secureRenegotiation: true, extendedMasterSecret: true, encryptThenMac: true, sessionTickets: true, compression: 'none', fallbackScsv: true, dhBits: 1024, dhBitsSuites: ['ADH-AES128-SHA'], helloRetryRequest: true },
    smtp: { banner: 'mx', capabilities: ['STARTTLS', 'AUTH PLAIN LOGIN'], capabilitiesAfterTls: [], starttls: true, authBeforeTls: ['PLAIN', 'LOGIN'], authAfterTls: ['PLAIN', 'LOGIN'], injectedAfterStarttls: 0, retries: 0 },
    findings: [], errors: [], stats: { connections: 1, durationMs: 1 },
    ...over,
  };
}

function serviceTls(over: Partial<ServiceTls> = {}): ServiceTls {
  return {
    level: 'may', levelParameter: 'smtpd_tls_security_level', wrapper: false, protocolsParameter: 'smtpd_tls_protocols', protocols: '>=TLSv1',
    versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], cipherGrade: 'medium', cipherGradeParameter: 'smtpd_tls_ciphers', exclusions: [],
    cipherList: 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH',
    // ECDHE-RSA-AES256-GCM-SHA384 (TLS 1.2 only), ECDHE-RSA-AES128-SHA (TLS 1.0+), AES128-SHA (static RSA)
    ciphers: ['0xC030', '0xC013', '0x002F'], cipherNames: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-SHA', 'AES128-SHA'],
    tls13Ciphers: null, tls13CipherNames: null, system: null,
    authOnly: false, preferServerCiphers: false, broken: null,
    certificates: [{ parameter: 'smtpd_tls_chain_files', path: '/etc/ssl/mx.pem', readable: true, keyTypes: ['rsa'], subject: 'CN=mx', notAfter: '2027-01-01T00:00:00Z' }],
    prediction: { exact: true, notes: [] },
    ...over,
  };
}

test('wire evidence: protocols, suites in scan order, who chooses, AUTH before TLS, facts', () => {
  const e = evidenceFromScan(report([
    proto('SSLv3', [], null), proto('TLSv1.0', [], null, null),
    proto('TLSv1.2', [0xc030, 0x002f], true), proto('TLSv1.3', [0x1302, 0x1301], false),
  ]), 'mx');
  assert.equal(e.source, 'wire');
  assert.deepEqual(e.versions, ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(e.unknownVersions, ['TLSv1.0']);
  assert.deepEqual(e.suites?.['TLSv1.2'], ['0xC030', '0x002F']);
  assert.equal(e.serverPreference['TLSv1.2'], true);
  assert.equal(e.tls, true);
  assert.equal(e.tlsRequired, null); // the scan sends no mail
  assert.equal(e.authBeforeTls, true);
  assert.deepEqual(e.authMechanismsBeforeTls, ['PLAIN', 'LOGIN']);
  assert.equal(e.dhBits, 1024);
  assert.equal(e.facts.compression, false);
  // implicit TLS: required, and AUTH is never before TLS
  const imp = evidenceFromScan(report([proto('TLSv1.3', [0x1301], null)], { smtp: null }, 465), 'submission');
  assert.equal(imp.implicitTls, true);
  assert.equal(imp.tlsRequired, true);
  assert.equal(imp.authBeforeTls, false);
  // no STARTTLS: no TLS, and nothing to grade beyond that
  const plain = evidenceFromScan(report([], { smtp: { ...report([]).smtp!, starttls: false, authBeforeTls: [] } }), 'mx');
  assert.equal(plain.tls, false);
  assert.deepEqual(plain.versions, []);
});

test('config evidence: Postfix\'s TLSv1 is the wire\'s TLSv1.0, and each suite goes to the versions it works with', () => {
  assert.equal(wireVersionName('TLSv1'), 'TLSv1.0');
  assert.equal(wireVersionName('TLSv1.2'), 'TLSv1.2');
  assert.equal(wireVersionName('bogus'), null);
  const e = evidenceFromConfig(serviceTls(), 'mx', { saslEnabled: false });
  assert.deepEqual(e.versions, ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(e.suites?.['TLSv1.0'], ['0xC013', '0x002F']); // no GCM before TLS 1.2
  assert.deepEqual(e.suites?.['TLSv1.2'], ['0xC030', '0xC013', '0x002F']);
  assert.equal(e.suites?.['TLSv1.3'], undefined); // not modelled: unknown, not empty
  assert.equal(e.serverPreference['TLSv1.2'], false);
  assert.equal(e.tlsRequired, false);
  assert.equal(e.authBeforeTls, false);
  assert.equal(e.certificates?.[0]?.keyType, 'RSA');
  assert.equal(e.certificates?.[0]?.trusted, null);
});

test('config evidence: tls13Ciphers where the model has them, server order, TLS required, AUTH before TLS', () => {
  const withTls13 = { ...serviceTls({ preferServerCiphers: true, level: 'encrypt' }), tls13Ciphers: ['0x1302', '0x1301'] };
  const e = evidenceFromConfig(withTls13, 'submission', { saslEnabled: true });
  assert.deepEqual(e.suites?.['TLSv1.3'], ['0x1302', '0x1301']);
  assert.equal(e.serverPreference['TLSv1.2'], true);
  assert.equal(e.tlsRequired, true);
  assert.equal(e.authBeforeTls, false); // level encrypt implies auth only after TLS (smtpd.c)
  assert.equal(evidenceFromConfig(serviceTls(), 'submission', { saslEnabled: true }).authBeforeTls, true);
  assert.equal(evidenceFromConfig(serviceTls({ authOnly: true }), 'submission', { saslEnabled: true }).authBeforeTls, false);
  assert.equal(evidenceFromConfig(serviceTls(), 'submission').authBeforeTls, null);
  const wrapper = evidenceFromConfig(serviceTls({ wrapper: true }), 'submission', { saslEnabled: true });
  assert.equal(wrapper.tlsRequired, true);
  assert.equal(wrapper.implicitTls, true);
  const off = evidenceFromConfig(serviceTls({ level: 'none' }), 'mx');
  assert.equal(off.tls, false);
  assert.deepEqual(off.versions, []);
});

test('config grading: a mail mx on the stock cipher list warns for static RSA and lets the client choose', () => {
  const rs = Object.fromEntries(gradeConfig(getProfile('mail'), serviceTls(), 'mx', { saslEnabled: false }).map((r) => [r.id, r]));
  assert.equal(rs['tls-versions']?.outcome, 'warn');
  assert.equal(rs['cipher-suites']?.outcome, 'warn');
  assert.equal(rs['cipher-order']?.outcome, 'pass');
  assert.equal(rs['tls-required']?.outcome, 'pass');
  assert.equal(rs['tls-required']?.basis, 'config');
  assert.equal(rs['key-exchange']?.judged, false);
});

test('gradeScan: the findings a rule judged drop out; the others stay, and so do those whose rule could not judge', () => {
  const f = (id: string): Finding => ({ id, severity: 'low', title: id, detail: id, message: id, place: {}, fix: null });
  const r = report([proto('TLSv1.0', [0xc013], false), proto('TLSv1.2', [0xc02f, 0xc013], false)], {
    findings: [f('old-tls'), f('starttls-injection'), f('rate-limited'), f('cbc-only-TLSv1.0'), f('auth-before-tls'), f('cert-untrusted')],
    certificates: [{
      keyType: 'RSA', keyBits: 2048, curve: null, subject: 'CN=mx', issuer: 'CN=mx', sans: ['mx.example'], serialNumber: '01', notBefore: '2026-01-01T00:00:00Z',
      notAfter: '2027-06-01T00:00:00Z', signatureAlgorithm: 'sha256WithRSAEncryption', fingerprintSha256: 'ab', selfSigned: true, trusted: false,
      trustError: 'self-signed', trustStore: '/etc/ssl/certs/ca-certificates.crt', nameMatches: true, chain: [], servedFor: ['RSA'],
    }],
  });
  const g = gradeScan(getProfile('mail'), r, 'mx');
  assert.deepEqual(g.findings.map((x) => x.id).sort(), ['rate-limited', 'starttls-injection']);
  assert.deepEqual(g.covered.map((x) => x.id).sort(), ['auth-before-tls', 'cbc-only-TLSv1.0', 'cert-untrusted', 'old-tls']);
  // ncsc does not judge trust at all (internet.nl: optional for mail), so the scanner's word stays
  assert.ok(gradeScan(getProfile('ncsc-2025'), r, 'mx').findings.some((x) => x.id === 'cert-untrusted'));
  // a scan that stopped after STARTTLS: the version rule cannot judge, so its finding is not hidden
  const stopped = report([], { complete: false, findings: [f('old-tls')] });
  assert.deepEqual(gradeScan(getProfile('mail'), stopped, 'mx').findings.map((x) => x.id), ['old-tls']);
});

test('fillFromConfig: what the wire cannot see (TLS required) comes from the configuration, marked so', () => {
  const p = getProfile('mail');
  const wire = gradeScan(p, report([proto('TLSv1.2', [0xc02f], null)], { smtp: { ...report([]).smtp!, authBeforeTls: [] } }, 587), 'submission').rules;
  const config = gradeConfig(p, serviceTls({ level: 'may' }), 'submission', { saslEnabled: true });
  const merged = Object.fromEntries(fillFromConfig(wire, config).map((r) => [r.id, r]));
  assert.equal(merged['tls-required']?.outcome, 'fail');
  assert.equal(merged['tls-required']?.basis, 'config');
  assert.equal(merged['tls-versions']?.basis, 'wire');
});

test('profileGrader has the audit\'s Grader shape', () => {
  const g = profileGrader('ncsc-2025');
  assert.equal(g.profile.id, 'ncsc-2025');
  assert.ok(g.gradeScan(report([proto('TLSv1.2', [0xc02f], false)]), 'mx').rules.length > 5);
  assert.ok(g.gradeConfig(serviceTls(), 'mx', { saslEnabled: false }).every((r) => r.rule.startsWith('ncsc-2025/')));
});

test('service roles: port 25 and postscreen are mx, submission names and ports and SASL are submission, the rest other', () => {
  assert.equal(serviceRole({ service: 'smtp', port: 25, postscreen: false, saslEnabled: false }).role, 'mx');
  assert.equal(serviceRole({ service: '127.0.0.1:2525', port: 2525, postscreen: true, saslEnabled: false }).role, 'mx');
  assert.equal(serviceRole({ service: 'submission', port: null, postscreen: false, saslEnabled: false }).role, 'submission');
  assert.equal(serviceRole({ service: '0.0.0.0:465', port: 465, postscreen: false, saslEnabled: false }).role, 'submission');
  assert.equal(serviceRole({ service: '127.0.0.1:10025', port: 10025, postscreen: false, saslEnabled: true }).role, 'submission');
  assert.equal(serviceRole({ service: '127.0.0.1:10025', port: 10025, postscreen: false, saslEnabled: false }).role, 'other');
  // port 25 with SASL stays mx
  assert.equal(serviceRole({ service: 'smtp', port: 25, postscreen: false, saslEnabled: true }).role, 'mx');
});
