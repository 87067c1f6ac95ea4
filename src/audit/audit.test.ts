import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, type Analysis } from '../postfix/analyze.js';
import { defaultsFor } from '../postfix/defaults.js';
import { modelEvaluator } from '../postfix/load.js';
import { parsePostfixVersion } from '../postfix/version.js';
import { readRuns, recordRun, MAX_BYTES } from '../ledger.js';
import { discover, interfaceAddresses, parseEtcServices, scanAddressFor } from './discover.js';
import { causeOf, compareWire, lastLoad, observedWire, predictedWire, type CauseContext } from './join.js';
import { impactOf, judgeClass, loggedCipherCode, type Acceptance } from './impact.js';
import { decodeProcAddress, masterProcess } from './system.js';
import { mkdirSync } from 'node:fs';
import { planFixes } from './fixes.js';
import { configFinding, verdictOf } from './findings.js';
import type { SessionClass } from '../logs/session-classes.js';
import { scanOf } from './scan-report.fixture.js';
import type { ScanReport } from '../scan/types.js';

const noStarttls = (r: ScanReport): ScanReport => ({ ...r, smtp: r.smtp && { ...r.smtp, starttls: false } });

const CERT = 'smtpd_tls_cert_file = /etc/ssl/mail.pem\nsmtpd_tls_key_file = /etc/ssl/mail.key\n';

function analysisOf(mainCf: string, masterCf: string, serviceNames?: Map<string, string>): Analysis {
  const version = parsePostfixVersion('3.7.11')!;
  const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'mx.example.org' });
  defaults.set('config_directory', '/etc/postfix');
  return analyze({
    configDir: '/etc/postfix', mainCfText: mainCf, masterCfText: masterCf, version, versionSource: 'option',
    opensslVersion: '3.0.19', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: true, keyTypes: ['rsa'] }),
    ...(serviceNames ? { serviceNames } : {}),
  }).analysis;
}

const SERVICES = parseEtcServices('# services(5)\nsmtp 25/tcp mail\nsubmission 587/tcp\nsubmissions 465/tcp ssmtp smtps # RFC 8314\nsmtp 25/udp\n');

const MASTER = [
  'smtp      inet  n       -       y       -       -       smtpd',
  '[::1]:2525 inet n       -       y       -       -       smtpd',
  'submission inet n       -       y       -       -       smtpd',
  '  -o syslog_name=postfix/submission',
  '  -o smtpd_tls_security_level=encrypt',
  '  -o smtpd_sasl_auth_enable=yes',
  'smtps     inet  n       -       y       -       -       smtpd',
  '  -o syslog_name=postfix/smtps',
  '  -o smtpd_tls_wrappermode=yes',
  '10.0.0.1:10025 inet n  -       n       -       -       smtpd',
  '  -o smtpd_sasl_auth_enable=yes',
  'pickup    unix  n       -       y       60      1       pickup',
].join('\n');

describe('audit: discovery', () => {
  it('reads /etc/services, inet_interfaces and inet_protocols as Postfix does', () => {
    assert.equal(SERVICES.get('smtps'), 465);
    assert.equal(SERVICES.get('mail'), 25);
    assert.deepEqual(interfaceAddresses('all', 'all'), ['0.0.0.0', '::']);
    assert.deepEqual(interfaceAddresses('all', 'ipv4'), ['0.0.0.0']);
    assert.deepEqual(interfaceAddresses('loopback-only', 'all'), ['127.0.0.1', '::1']);
    assert.deepEqual(interfaceAddresses('192.0.2.1, [2001:db8::1] mail.example', 'ipv4'), ['192.0.2.1', 'mail.example']);
    assert.equal(scanAddressFor(['0.0.0.0', '::']), '127.0.0.1');
    assert.equal(scanAddressFor(['::']), '::1');
    assert.equal(scanAddressFor(['192.0.2.1']), '192.0.2.1');
  });

  it('every smtpd inet service, with its port, addresses, role, where the role comes from, and its log tag', () => {
    const a = analysisOf(`${CERT}inet_interfaces = all\ninet_protocols = ipv4\nsmtpd_tls_security_level = may\n`, MASTER);
    const d = discover({ analysis: a, services: SERVICES });
    const by = (n: string) => d.find((s) => s.name === n)!;
    assert.deepEqual(d.map((s) => s.name), ['smtp/inet', '[::1]:2525/inet', 'submission/inet', 'smtps/inet', '10.0.0.1:10025/inet']);
    assert.deepEqual([by('smtp/inet').port, by('smtp/inet').role, by('smtp/inet').listen, by('smtp/inet').logName], [25, 'mx', ['0.0.0.0'], 'postfix/smtpd']);
    assert.match(by('smtp/inet').roleSource, /port 25/);
    assert.deepEqual([by('[::1]:2525/inet').port, by('[::1]:2525/inet').role, by('[::1]:2525/inet').listen], [2525, 'other', ['::1']]);
    assert.deepEqual([by('submission/inet').port, by('submission/inet').role, by('submission/inet').logName], [587, 'submission', 'postfix/submission/smtpd']);
    assert.match(by('submission/inet').roleSource, /service name "submission"/);
    assert.deepEqual([by('smtps/inet').port, by('smtps/inet').implicitTls, by('smtps/inet').role], [465, true, 'submission']);
    assert.deepEqual([by('10.0.0.1:10025/inet').role, by('10.0.0.1:10025/inet').listen], ['submission', ['10.0.0.1']]);
    assert.match(by('10.0.0.1:10025/inet').roleSource, /smtpd_sasl_auth_enable = yes \(master\.cf:11\)/);
    assert.ok(by('smtp/inet').notes.some((n) => /like \[::1\]:2525\/inet, 10\.0\.0\.1:10025\/inet/.test(n)), 'shared log tags are said');
  });

  it('postscreen is mx and its sessions are the smtpd pass service\'s', () => {
    const a = analysisOf(`${CERT}smtpd_tls_security_level = may\n`, 'smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n  -o syslog_name=postfix/mx\ntlsproxy unix - - y - 0 tlsproxy\n');
    const [ps] = discover({ analysis: a, services: SERVICES });
    assert.deepEqual([ps?.name, ps?.role, ps?.port, ps?.logName], ['smtp/inet', 'mx', 25, 'postfix/mx/smtpd']);
    assert.match(ps?.roleSource ?? '', /postscreen/);
  });

  it('a lab copy is judged by its production names: port-25 and submission rules apply', () => {
    const master = '127.0.0.1:40001 inet n - n - - smtpd\n127.0.0.1:40002 inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n';
    const names = new Map([['127.0.0.1:40001', 'smtp'], ['127.0.0.1:40002', 'submission']]);
    const a = analysisOf(`${CERT}inet_interfaces = 127.0.0.1\nsmtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1\n`, master, names);
    const d = discover({ analysis: a, services: SERVICES, lab: [{ service: 'smtp', port: 40001 }, { service: 'submission', port: 40002 }] });
    assert.deepEqual(d.map((s) => [s.name, s.port, s.role]), [['smtp/inet', 40001, 'mx'], ['submission/inet', 40002, 'submission']]);
    const ids = analyze({ ...a.input }).report.findings.map((f) => f.id);
    assert.ok(ids.includes('submission-old-tls') && ids.includes('submission-tls-not-required'), ids.join(' '));
  });
});


describe('audit: prediction against observation', () => {
  const a = analysisOf(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n`, 'smtp inet n - y - - smtpd\n');
  const tls = a.services[0]!.tls;
  const pred = predictedWire(tls);

  it('the same wire is a match; versions and suites that differ are listed', () => {
    assert.deepEqual(pred.versions, ['TLSv1.2', 'TLSv1.3']);
    const same = observedWire(scanOf({ 'TLSv1.2': pred.ciphers, 'TLSv1.3': ['0x1302', '0x1303', '0x1301'] }));
    assert.deepEqual(compareWire(pred, same, (c) => c), []);
    const old = observedWire(scanOf({ 'TLSv1.0': ['0xC014'], 'TLSv1.2': [...pred.ciphers, '0x000A'], 'TLSv1.3': ['0x1302', '0x1303', '0x1301'] }));
    const d = compareWire(pred, old, (c) => c);
    assert.deepEqual(d.map((x) => x.what), ['versions', 'ciphers']);
    assert.deepEqual(d[0]?.observed, ['TLSv1.0', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(d[1]?.observed, ['0x000A']);
    const plain = observedWire(noStarttls(scanOf({})));
    assert.deepEqual(compareWire(pred, plain, (c) => c).map((x) => x.what), ['starttls']);
  });

  const changed = { path: '/etc/postfix/main.cf', label: 'main.cf', mtime: Date.UTC(2026, 11, 3, 10, 0, 5) };
  const ctx = (over: Partial<CauseContext>): CauseContext => ({ configFiles: [changed], lastLoad: null, master: null, listeners: null, ...over });
  const diff = { what: 'versions' as const, predicted: ['TLSv1.2'], observed: ['TLSv1.0', 'TLSv1.2'] };

  it('not reloaded: main.cf changed after the last start or reload', () => {
    const events = [
      { time: '2026-12-03T09:00:00.000Z', event: 'start', configDir: '/etc/postfix' },
      { time: '2026-12-03T09:30:00.000Z', event: 'reload', configDir: '/etc/postfix-out' },
    ];
    const load = lastLoad({ pid: 7, startedAt: Date.UTC(2026, 11, 3, 8, 0), command: 'master' }, events, '/etc/postfix', (x, y) => x === y);
    assert.match(load?.evidence ?? '', /daemon started.*09:00:00Z/);
    const c = causeOf(diff, ctx({ lastLoad: load }));
    assert.equal(c.cause, 'not-reloaded');
    assert.match(c.explanation, /main\.cf changed at 2026-12-03T10:00:05Z/);
    const reloaded = lastLoad(null, [...events, { time: '2026-12-03T10:00:05.000Z', event: 'reload', configDir: '/etc/postfix' }], '/etc/postfix', (x, y) => x === y);
    assert.notEqual(causeOf(diff, ctx({ lastLoad: reloaded })).cause, 'not-reloaded', 'a reload in the same second as the change');
  });

  it('another listener wins over every other cause; a system directive when the checker finds one; else unknown', () => {
    const master = { pid: 7, startedAt: 0, command: 'master' };
    const other = { port: 25, addresses: ['0.0.0.0'], ownersKnown: true, processes: [{ pid: 99, command: 'haproxy', postfix: false }] };
    const c = causeOf(diff, ctx({ master, listeners: other, lastLoad: { time: 0, evidence: 'x' } }));
    assert.equal(c.cause, 'other-listener');
    assert.match(c.explanation, /haproxy \(pid 99\) instead of Postfix's master \(pid 7\)/);
    const ours = { ...other, processes: [{ pid: 7, command: 'master', postfix: true }] };
    const sys = causeOf(diff, ctx({ master, listeners: ours, lastLoad: { time: Date.UTC(2026, 11, 4), evidence: 'later' }, systemConfig: () => ({ cause: 'openssl-system-config', explanation: '/etc/ssl/openssl.cnf:60 MinProtocol' }) }));
    assert.equal(sys.cause, 'openssl-system-config');
    assert.equal(causeOf(diff, ctx({ master, listeners: ours, lastLoad: { time: Date.UTC(2026, 11, 4), evidence: 'later' } })).cause, 'unknown');
  });

  it('no TLS on the wire where a certificate file is missing: cause certificate, with the line that names it', () => {
    const noTls = { what: 'starttls' as const, predicted: ['TLS offered'], observed: ['no TLS'] };
    const certificates = [{ parameter: 'smtpd_tls_cert_file', path: '/etc/ssl/mail.pem', readable: false, error: 'ENOENT', place: { file: 'master.cf', line: 8 } }];
    const c = causeOf(noTls, ctx({ lastLoad: { time: Date.UTC(2026, 11, 4), evidence: 'later' }, certificates }));
    assert.equal(c.cause, 'certificate');
    assert.match(c.explanation, /smtpd_tls_cert_file = \/etc\/ssl\/mail\.pem \(master\.cf:8\) cannot be read \(ENOENT\)/);
    assert.deepEqual(c.place, { file: 'master.cf', line: 8 });
    // A readable certificate explains nothing; nor does a missing one when the wire has TLS.
    assert.equal(causeOf(noTls, ctx({ lastLoad: { time: Date.UTC(2026, 11, 4), evidence: 'later' }, certificates: [{ ...certificates[0]!, readable: true }] })).cause, 'unknown');
    assert.equal(causeOf(diff, ctx({ lastLoad: { time: Date.UTC(2026, 11, 4), evidence: 'later' }, certificates })).cause, 'unknown');
  });

  it('/proc/net/tcp addresses', () => {
    assert.deepEqual(decodeProcAddress('0100007F:0019'), { address: '127.0.0.1', port: 25 });
    assert.deepEqual(decodeProcAddress('00000000000000000000000000000000:024B'), { address: '::', port: 587 });
    assert.deepEqual(decodeProcAddress('00000000000000000000000001000000:01D1'), { address: '::1', port: 465 });
    assert.deepEqual(decodeProcAddress('0000000000000000FFFF00000100007F:0019'), { address: '::ffff:127.0.0.1', port: 25 });
  });

  it('a master.pid naming a live master, a zombie, or another program', () => {
    const root = mkdtempSync(join(tmpdir(), 'mailtls-proc-'));
    try {
      const proc = join(root, 'proc');
      const queue = join(root, 'queue');
      mkdirSync(join(queue, 'pid'), { recursive: true });
      mkdirSync(join(proc, '4242'), { recursive: true });
      writeFileSync(join(proc, 'stat'), 'cpu 1 2 3\nbtime 1796000000\n');
      writeFileSync(join(queue, 'pid', 'master.pid'), '       4242\n');
      const stat = (state: string, comm = 'master') => writeFileSync(join(proc, '4242', 'stat'), `4242 (${comm}) ${state} 1 4242 4242 0 -1 4228428 1 0 0 0 0 0 0 0 20 0 1 0 500 1000 100\n`);
      stat('S');
      assert.equal(masterProcess(queue, proc)?.pid, 4242);
      assert.equal(masterProcess(queue, proc)?.startedAt, 1796000000_000 + 5000);
      stat('Z');
      assert.equal(masterProcess(queue, proc), null, 'a stopped master that PID 1 has not reaped yet');
      stat('S', 'sshd');
      assert.equal(masterProcess(queue, proc), null);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

const cls = (over: Partial<SessionClass>): SessionClass => ({
  service: 'postfix/submission/smtpd', client: 'web[127.0.0.10]', outcome: 'tls', protocol: 'TLSv1.1', cipher: 'ECDHE-RSA-AES256-SHA',
  auth: true, sessions: 3, lastSeen: '2026-12-01T10:00:00.000Z', users: ['raitis'], ...over,
});

describe('audit: impact from the log', () => {
  const accept: Acceptance = { versions: new Set(['TLSv1.2', 'TLSv1.3']), ciphers: new Set(['0xC030', '0xC014']), tls13: null, tls: true, tlsRequired: true, authOnly: true };
  it('judges each class of sessions against what the service accepts after a change', () => {
    assert.equal(loggedCipherCode('ECDHE-RSA-AES256-SHA'), '0xC014');
    assert.equal(loggedCipherCode('TLS_AES_256_GCM_SHA384'), '0x1302');
    assert.deepEqual(judgeClass(cls({}), accept), { verdict: 'fail', reason: 'TLSv1.1 not allowed' });
    assert.deepEqual(judgeClass(cls({ protocol: 'TLSv1.2', cipher: 'AES128-SHA' }), accept).verdict, 'fail');
    assert.deepEqual(judgeClass(cls({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-SHA' }), accept).verdict, 'ok');
    assert.deepEqual(judgeClass(cls({ outcome: 'plaintext', protocol: null, cipher: null }), accept).verdict, 'fail');
    assert.deepEqual(judgeClass(cls({ outcome: 'failed', protocol: null, cipher: null }), accept).verdict, 'already');
    assert.deepEqual(judgeClass(cls({ outcome: 'tls-unlogged', protocol: null, cipher: null }), accept).verdict, 'unknown');
  });

  it('names the clients that would fail, with sessions, last seen and users; says when none would', () => {
    const classes = [cls({}), cls({ client: 'laptop[127.0.0.11]', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', users: [] }), cls({ service: 'postfix/smtpd', client: 'mx.other[192.0.2.7]' })];
    const i = impactOf(classes, new Map([['postfix/submission/smtpd', accept]]), { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    assert.equal(i.sessions, 3);
    assert.equal(i.judged, 6);
    assert.deepEqual(i.clients.map((c) => [c.client, c.sessions, c.lastSeen, c.users]), [['web[127.0.0.10]', 3, '2026-12-01T10:00:00.000Z', ['raitis']]]);
    assert.match(i.summary, /breaks 1 client/);
    const none = impactOf(classes.slice(1, 2), new Map([['postfix/submission/smtpd', accept]]), { from: null, to: null });
    assert.match(none.summary, /breaks no client seen in the log \(3 sessions\)/);
    assert.equal(impactOf(null, new Map(), { from: null, to: null }).known, false);
  });
});

describe('audit: fixes with evidence', () => {
  const main = `${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1\nsmtpd_tls_mandatory_protocols = >=TLSv1\n`;
  const master = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_tls_auth_only=yes\n';
  const a = analysisOf(main, master);
  const report = analyze({ ...a.input }).report;
  const services = discover({ analysis: a, services: SERVICES });
  const classes = [
    cls({}),
    cls({ client: 'laptop[127.0.0.11]', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', users: [] }),
    cls({ service: 'postfix/smtpd', client: 'old.mx[192.0.2.7]', protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES256-SHA', auth: false }),
  ];
  const findings = report.findings.map(configFinding);
  const fixes = planFixes({
    analysis: a, configReport: report, services, findings,
    rules: new Map(), regrade: () => [], classes, period: { from: null, to: null }, reload: null, configDir: '/etc/postfix',
  });

  it('the seed 002 fix: required TLS 1.2 on submission, the wire after it, and the webshop it would break', () => {
    const f = fixes.find((x) => x.resolves.includes('submission-old-tls'));
    assert.ok(f, JSON.stringify(fixes.map((x) => x.resolves)));
    assert.deepEqual(f.commands, ["postconf -P 'submission/inet/smtpd_tls_security_level=encrypt' 'submission/inet/smtpd_tls_mandatory_protocols=>=TLSv1.2'", 'postfix reload']);
    assert.equal(f.service, 'submission/inet');
    assert.deepEqual(f.predictedAfter.map((p) => [p.service, p.versions]), [['submission/inet', ['TLSv1.2', 'TLSv1.3']]]);
    assert.deepEqual(f.impact.clients.map((c) => c.client), ['web[127.0.0.10]']);
    assert.ok(f.alternative, 'a gentler alternative');
    assert.match(f.alternative.commands[0] ?? '', />=TLSv1\.1/);
    assert.equal(f.alternative.impact.sessions, 0);
  });

  it('a fix of another parameter changes no service and says so; commands get -c DIR off /etc/postfix', () => {
    const other = planFixes({
      analysis: a, configReport: report, services, findings, rules: new Map(), regrade: () => [], classes: null,
      period: { from: null, to: null }, reload: { services: ['smtp/inet'], findingKeys: [] }, configDir: '/srv/pf',
    });
    assert.deepEqual(other[0]?.commands, ['postfix -c /srv/pf reload']);
    assert.ok(other.slice(1).every((f) => f.commands.every((c) => c.startsWith('postconf -c /srv/pf ') || c === 'postfix -c /srv/pf reload')));
    assert.equal(other.find((x) => x.resolves.includes('submission-old-tls'))?.impact.known, false);
  });

  it('verdicts: a failing rule fails, a high finding fails, medium and low warn, info passes', () => {
    const f = (severity: 'info' | 'low' | 'high') => ({ id: 'x', key: severity, severity, source: 'config' as const, service: 's', file: null, line: null, message: '', rule: null, title: '', endpoint: null, place: {}, fix: null });
    assert.equal(verdictOf([], [f('info')]), 'pass');
    assert.equal(verdictOf([], [f('low')]), 'warn');
    assert.equal(verdictOf([], [f('high')]), 'fail');
  });
});

describe('the ledger of mailtls\'s own runs', () => {
  it('appends, reads back, skips torn lines, stays bounded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-ledger-'));
    const env = { MAILTLS_STATE_DIR: dir };
    try {
      assert.deepEqual(readRuns(env), { runs: [], warning: null });
      assert.equal(recordRun({ tool: 'scan', since: 1, until: 2, addresses: ['127.0.0.1'], targets: ['127.0.0.1:25'] }, env), null);
      writeFileSync(join(dir, 'probes.jsonl'), `${readFileSync(join(dir, 'probes.jsonl'), 'utf8')}{"torn\n`);
      recordRun({ tool: 'audit', since: 3, until: 4, addresses: ['::1'], targets: [] }, env);
      assert.deepEqual(readRuns(env).runs.map((r) => r.since), [1, 3]);
      const big = { tool: 'scan' as const, since: 5, until: 6, addresses: ['127.0.0.1'], targets: ['x'.repeat(2000)] };
      for (let i = 0; i < (MAX_BYTES / 2000) + 50; i++) recordRun(big, env);
      assert.ok(readFileSync(join(dir, 'probes.jsonl')).length < MAX_BYTES + 4096);
      assert.deepEqual(readRuns({ MAILTLS_STATE_DIR: '' }), { runs: [], warning: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
