/**
 * The audit's decisions on gathered facts (decide.ts and the modules it uses), with small
 * inputs built here: a configuration analysed in memory, scan reports and log reports as
 * plain data, a grader of the test's own. No Postfix, DNS or network.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogReport, ServiceSummary, ClientSummary } from '../logs/report.js';
import { analyze, type Analysis } from '../postfix/analyze.js';
import { defaultsFor } from '../postfix/defaults.js';
import { labCopyFromMeta } from '../postfix/lab-copy.js';
import { modelEvaluator } from '../postfix/load.js';
import { parsePostfixVersion } from '../postfix/version.js';
import type { RuleResult } from '../policy/types.js';
import type { Finding as ScanFinding } from '../scan/types.js';
import { CAUSE_FINDING, causeFindings, otherListenerFinding } from './cause-findings.js';
import { decideAudit, endpointOf, verdicts, type AuditFacts, type SystemFacts } from './decide.js';
import { discover, parseEtcServices } from './discover.js';
import { endpointParts, joinFinding, placeOf, withFixes } from './findings.js';
import type { Grader } from './grade.js';
import { gradeService, ruleFindings } from './grading.js';
import { labRenamer, renameFinding, renameFix } from './lab-names.js';
import { logLevelFixes, logReportFindings, logStats, serviceLogFindings } from './log-findings.js';
import { predictedWire } from './join.js';
import type { AuditFix, Difference } from './types.js';
import { scanOf } from './scan-report.fixture.js';

const CERT = 'smtpd_tls_cert_file = /etc/ssl/mail.pem\nsmtpd_tls_key_file = /etc/ssl/mail.key\n';
const SERVICES = parseEtcServices('smtp 25/tcp mail\nsubmission 587/tcp\n');

function analysisOf(mainCf: string, masterCf: string, serviceNames?: ReadonlyMap<string, string>): { analysis: Analysis; report: ReturnType<typeof analyze>['report'] } {
  const version = parsePostfixVersion('3.7.11')!;
  const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'mx.example.org' });
  defaults.set('config_directory', '/etc/postfix');
  return analyze({
    configDir: '/etc/postfix', mainCfText: mainCf, masterCfText: masterCf, version, versionSource: 'option',
    opensslVersion: '3.0.19', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: true, keyTypes: ['rsa'] }),
    ...(serviceNames ? { serviceNames: new Map(serviceNames) } : {}),
  });
}


const rule = (over: Partial<RuleResult>): RuleResult => ({
  rule: 'test/tls-versions', profile: 'test', id: 'tls-versions', title: 'TLS versions', outcome: 'pass', severity: 'info',
  message: 'ok', source: 'RFC 8996', offending: [], fix: null, ...over,
});

/** A grader that says which evidence it was given: a fail on the wire, a warn on the configuration. */
function testGrader(scanFindings: ScanFinding[] = []): Grader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    profile: { id: 'test', title: 'Test', version: '1', date: '2026-12-01', sources: [], partial: null },
    gradeScan: (_r, role) => {
      calls.push(`scan:${role}`);
      return { rules: [rule({ outcome: 'fail', severity: 'high', message: 'TLSv1.0 offered', basis: 'wire' })], findings: scanFindings };
    },
    gradeConfig: (_t, role, facts) => {
      calls.push(`config:${role}:${facts.saslEnabled}`);
      return [rule({ rule: 'test/require-tls', id: 'require-tls', title: 'TLS required', outcome: 'warn', severity: 'medium', message: 'TLS optional', basis: 'config' })];
    },
  };
}

const service = (over: Partial<ServiceSummary>): ServiceSummary => ({
  name: 'postfix/submission/smtpd', direction: 'inbound', sessions: 0, tls: {}, ciphers: {}, plaintext: 0, failures: 0, failureReasons: {},
  tlsUnlogged: 0, unknown: 0, authenticated: 0, authWithoutTls: 0, authOkWithoutTls: 0, authRefusedWithoutTls: 0, incomplete: 0, peers: 0, ...over,
});
const client = (over: Partial<ClientSummary>): ClientSummary => ({
  client: 'web[127.0.0.10]', service: 'postfix/submission/smtpd', sessions: 1, protocols: {}, ciphers: {}, plaintext: 0, failures: 0, failureReasons: {},
  tlsUnlogged: 0, unknown: 0, authenticated: 0, authWithoutTls: 0, authOkWithoutTls: 0, authRefusedWithoutTls: 0, users: [], firstSeen: null, lastSeen: null, legacy: false, legacySessions: 0, legacyLastSeen: null, ...over,
});
function logReport(over: Partial<LogReport>): LogReport {
  return {
    lines: 10, unparsed: 0, from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', files: [], postfixVersion: null,
    tlsLogging: { inbound: true, outbound: false }, services: [], clients: [], outbound: [],
    starttlsCounters: { sessions: 0, starttls: 0, failed: 0, none: 0 }, postscreen: null, notices: [], impact: null,
    filters: { since: null, until: null, services: [] }, warnings: [], warningsOmitted: 0, clientsMerged: 0, master: [],
    exclusion: { why: 'probes', sessions: 0, byService: {} }, sessionClasses: [], skipped: {}, postfixLines: 10, ...over,
  };
}

const diff = (what: Difference['what'], cause: Difference['cause']): Difference => ({ what, predicted: ['TLSv1.2'], observed: ['TLSv1.0', 'TLSv1.2'], cause, explanation: `because ${cause}` });

describe('audit decisions: the findings of the join', () => {
  it('one finding per cause, with the severity decided for it; the not-reloaded one is the reload fix\'s', () => {
    const ds = [diff('versions', 'not-reloaded'), diff('ciphers', 'not-reloaded'), diff('tls13-ciphers', 'openssl-system-config')];
    const { findings, reloadKey } = causeFindings('smtp/inet', '127.0.0.1:25', ds, [{ cause: 'not-reloaded' }, { cause: 'not-reloaded' }, { cause: 'openssl-system-config', place: { file: '/etc/ssl/openssl.cnf', line: 60 } }]);
    assert.deepEqual(findings.map((f) => [f.id, f.severity, f.source]), [['not-reloaded', 'medium', 'join'], ['openssl-system-config', 'low', 'join']]);
    assert.match(findings[0]?.message ?? '', /^smtp\/inet \(127\.0\.0\.1:25\) does not offer what its configuration says \(versions: .*; ciphers: .*\): because not-reloaded\.$/);
    assert.equal(reloadKey, findings[0]?.key);
    assert.deepEqual(findings[1]?.place, { file: '/etc/ssl/openssl.cnf', line: 60, service: 'smtp/inet' });
    assert.equal(causeFindings('smtp/inet', null, [diff('versions', 'unknown')], [{ cause: 'unknown' }]).reloadKey, null);
  });

  it('severities: another listener and an unloadable certificate are high, the rest below', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(CAUSE_FINDING).map(([k, v]) => [k, [v.id, v.severity]])), {
      'not-reloaded': ['not-reloaded', 'medium'], 'other-listener': ['other-listener', 'high'], 'openssl-system-config': ['openssl-system-config', 'low'],
      'tls-config-file': ['tls-config-file', 'low'], certificate: ['certificate-not-loaded', 'high'], unknown: ['prediction-differs', 'low'],
    });
  });

  it('another process on the port, once, and only when a master runs to compare with', () => {
    const master = { pid: 7, startedAt: 0, command: 'master' };
    const l = { port: 25, addresses: ['0.0.0.0'], ownersKnown: true, processes: [{ pid: 7, command: 'master', postfix: true }, { pid: 99, command: 'haproxy', postfix: false }] };
    const f = otherListenerFinding({ name: 'smtp/inet', port: 25 }, l, master, []);
    assert.equal(f?.severity, 'high');
    assert.match(f?.message ?? '', /port 25 of smtp\/inet is also held by haproxy \(pid 99\), not only by Postfix's master \(pid 7\)/);
    assert.equal(otherListenerFinding({ name: 'smtp/inet', port: 25 }, l, master, [diff('versions', 'other-listener')]), null, 'already a cause');
    assert.equal(otherListenerFinding({ name: 'smtp/inet', port: 25 }, l, null, []), null);
    assert.equal(otherListenerFinding({ name: 'smtp/inet', port: 25 }, { ...l, ownersKnown: false }, master, []), null);
  });
});

describe('audit decisions: the log', () => {
  const logs = logReport({
    services: [service({ sessions: 5, authWithoutTls: 2, authOkWithoutTls: 2, peers: 2 })],
    clients: [client({ authWithoutTls: 2, authOkWithoutTls: 2 }), client({ client: 'printer[127.0.0.12]', legacy: true, protocols: { TLSv1: 1 } })],
    exclusion: { why: 'probes', sessions: 40, byService: { 'postfix/submission/smtpd': 30, 'postfix/smtpd': 10 } },
  });

  it('statistics per log tag with the probes left out counted; zeros for a tag with no sessions', () => {
    const s = logStats(logs, 'postfix/submission/smtpd');
    assert.deepEqual([s.sessions, s.clients, s.legacyClients, s.excludedProbeSessions], [5, 2, 1, 30]);
    const none = logStats(logs, 'postfix/smtpd');
    assert.deepEqual([none.sessions, none.clients, none.excludedProbeSessions], [0, 0, 10]);
  });

  it('passwords without TLS are high, naming the clients; old clients are info', () => {
    const fs = serviceLogFindings('submission/inet', 'postfix/submission/smtpd', logStats(logs, 'postfix/submission/smtpd'), logs);
    assert.deepEqual(fs.map((f) => [f.id, f.severity, f.source, f.service]), [['auth-without-tls-seen', 'high', 'logs', 'submission/inet'], ['legacy-clients', 'info', 'logs', 'submission/inet']]);
    assert.match(fs[0]?.message ?? '', /^2 sessions on submission\/inet .*\(web\[127\.0\.0\.10\]\)\.$/);
    assert.match(fs[1]?.message ?? '', /printer\[127\.0\.0\.12\] \(TLSv1\)/);
    assert.deepEqual(serviceLogFindings('smtp/inet', 'postfix/smtpd', logStats(logs, 'postfix/smtpd'), logs), []);
  });

  it('AUTH refused before TLS is the clients\' fault: medium, no server finding of passwords accepted in clear', () => {
    const refused = logReport({
      services: [service({ sessions: 4, authWithoutTls: 3, authRefusedWithoutTls: 3, authenticated: 1, peers: 2 })],
      clients: [client({ client: 'phone[127.0.0.20]', authWithoutTls: 3, authRefusedWithoutTls: 3 })],
    });
    const fs = serviceLogFindings('submission/inet', 'postfix/submission/smtpd', logStats(refused, 'postfix/submission/smtpd'), refused);
    assert.deepEqual(fs.map((f) => [f.id, f.severity]), [['auth-refused-without-tls', 'medium']]);
    assert.match(fs[0]?.message ?? '', /^3 sessions on submission\/inet sent AUTH without TLS and the server refused every attempt \(phone\[127\.0\.0\.20\]\)/);
    assert.match(fs[0]?.message ?? '', /nothing on the server needs to change/);
  });

  it('TLS not logged is low, and its fix is smtpd_tls_loglevel = 1', () => {
    const quiet = logReport({ notices: [{ code: 'TLS_NOT_LOGGED', message: 'No TLS lines.' }, { code: 'NO_POSTFIX_LINES', message: 'x' }] });
    const fs = logReportFindings(quiet);
    assert.deepEqual(fs.map((f) => [f.id, f.severity, f.service]), [['tls-not-logged', 'low', null]]);
    assert.deepEqual(logLevelFixes(quiet, fs).map((x) => [x.commands, x.sourceKeys]), [[["postconf -e 'smtpd_tls_loglevel = 1'"], [fs[0]?.key]]]);
    assert.deepEqual(logLevelFixes(logs, []), []);
    assert.deepEqual(logLevelFixes(null, []), []);
  });
});

describe('audit decisions: what a service is graded on', () => {
  const { analysis } = analysisOf(`${CERT}smtpd_tls_security_level = may\n`, 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n');
  const [sub] = discover({ analysis, services: SERVICES });
  const tls = sub!.analyzed.tls;

  it('on the wire when the scan completed, with the scan\'s uncovered findings; the configuration fills in', () => {
    const g = testGrader([{ id: 'weak-dh', severity: 'low', title: 'Weak DH', detail: '1024 bits', message: '1024 bits', place: {}, fix: null }]);
    const r = gradeService(g, sub!, tls, scanOf({ 'TLSv1.2': ['0xC02F'] }), '127.0.0.1:587');
    assert.equal(r.gradedOn, 'wire');
    assert.deepEqual(g.calls, ['scan:submission', 'config:submission:true']);
    assert.deepEqual(r.scanFindings.map((f) => [f.key, f.message, f.place]), [['wire:weak-dh:submission/inet', 'Weak DH: 1024 bits', { host: '127.0.0.1', port: 587, service: 'submission/inet' }]]);
  });

  it('on the configuration when the scan did not finish (its findings kept) or did not run', () => {
    const g = testGrader();
    const partial = gradeService(g, sub!, tls, scanOf({}, { complete: false, error: 'timeout', findings: [{ id: 'no-tls13', severity: 'low', title: 'No TLS 1.3', detail: 'x', message: 'x', place: {}, fix: null }] }), '127.0.0.1:587');
    assert.deepEqual([partial.gradedOn, partial.scanFindings.map((f) => f.id)], ['config', ['no-tls13']]);
    assert.deepEqual(g.calls, ['config:submission:true'], 'no grade on an unfinished scan');
    const none = gradeService(g, sub!, tls, null, null);
    assert.deepEqual([none.gradedOn, none.scanFindings], ['config', []]);
  });

  it('a rule that warns or fails is a finding on the basis it was judged on', () => {
    const fs = ruleFindings([rule({}), rule({ outcome: 'fail', severity: 'high', basis: 'config' }), rule({ rule: 'test/x', id: 'x', outcome: 'warn', severity: 'low' })], 'smtp/inet', '127.0.0.1:25', 'wire');
    assert.deepEqual(fs.map((f) => [f.key, f.source, f.severity]), [['config:test/tls-versions:smtp/inet', 'config', 'high'], ['wire:test/x:smtp/inet', 'wire', 'low']]);
  });
});

describe('audit decisions: one finding shape', () => {
  it('place from endpoint, file, line and service', () => {
    assert.deepEqual(endpointParts('[::1]:587'), { host: '::1', port: 587 });
    assert.deepEqual(endpointParts('127.0.0.1:25'), { host: '127.0.0.1', port: 25 });
    assert.deepEqual(endpointParts(null), { host: null, port: null });
    assert.deepEqual(placeOf({ service: null, file: 'main.cf', line: 3, endpoint: null }), { file: 'main.cf', line: 3 });
    assert.equal(endpointOf('::1', 465), '[::1]:465');
  });

  it('each finding\'s fix is the command of the first fix that resolves it; null for none or a manual change', () => {
    const a = joinFinding('a', 'low', 's', 'A', 'a.');
    const b = joinFinding('b', 'low', 's', 'B', 'b.');
    const c = joinFinding('c', 'low', 's', 'C', 'c.');
    const fix = (id: string, commands: string[], keys: string[]) => ({ id, commands, resolvesKeys: keys }) as unknown as AuditFix;
    const out = withFixes([a, b, c], [fix('fix-1', ['postconf -e x=1', 'postfix reload'], [a.key]), fix('fix-2', [], [b.key]), fix('fix-3', ['postfix reload'], [a.key])]);
    assert.deepEqual(out.map((f) => f.fix), ['postconf -e x=1 && postfix reload', null, null]);
    assert.equal(a.fix, null, 'the input is left alone');
  });
});

describe('audit decisions: a lab copy speaks the user\'s names', () => {
  const names = new Map([['127.0.0.1:40001', 'smtp'], ['127.0.0.1:40002', 'submission']]);
  const lab = labCopyFromMeta('/lab/x/etc', { name: 'x', configDir: '/lab/x/etc', source: '/etc/postfix', services: [{ service: 'smtp', port: 40001 }, { service: 'submission', port: 40002 }] });
  const { analysis } = analysisOf(`${CERT}smtpd_tls_security_level = may\n`, '127.0.0.1:40001 inet n - n - - smtpd\n127.0.0.1:40002 inet n - n - - smtpd\n', names);
  const services = discover({ analysis, services: SERVICES, lab: lab?.services ?? [] });

  it('master.cf keys become the services\' names in findings (place too) and fix texts, not in commands', () => {
    const rename = labRenamer(services);
    assert.ok(rename);
    const f = renameFinding(joinFinding('x', 'low', '127.0.0.1:40002/inet', 'On 127.0.0.1:40002/inet', 'Set it on 127.0.0.1:40002/inet.'), rename);
    assert.deepEqual([f.service, f.title, f.message, f.place], ['submission/inet', 'On submission/inet', 'Set it on submission/inet.', { service: 'submission/inet' }]);
    const fix = renameFix({ title: 'tighten 127.0.0.1:40001/inet', why: 'w', commands: ["postconf -P '127.0.0.1:40001/inet/x=y'"] } as unknown as AuditFix, rename);
    assert.deepEqual([fix.title, fix.commands], ['tighten smtp/inet', ["postconf -P '127.0.0.1:40001/inet/x=y'"]]);
  });

  it('nothing to rename outside a lab copy', () => {
    const plain = analysisOf(CERT, 'smtp inet n - y - - smtpd\n').analysis;
    assert.equal(labRenamer(discover({ analysis: plain, services: SERVICES })), null);
  });
});

describe('audit decisions: the whole audit on gathered facts', () => {
  const main = `${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n`;
  const { analysis, report } = analysisOf(main, 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n');
  const services = discover({ analysis, services: SERVICES });
  const pred = predictedWire(services[0]!.analyzed.tls);
  const system = (over: Partial<SystemFacts> = {}): SystemFacts => ({
    master: { pid: 7, startedAt: Date.UTC(2026, 11, 1), command: 'master' }, lastLoad: { time: Date.UTC(2026, 11, 1), evidence: 'master started' },
    configFiles: [{ path: '/etc/postfix/main.cf', label: 'main.cf', mtime: Date.UTC(2026, 11, 2) }], listeners: new Map(), ...over,
  });
  const facts = (over: Partial<AuditFacts>): AuditFacts => ({
    analysis, configReport: report, configDir: '/etc/postfix', lab: undefined, services, addresses: services.map(() => '127.0.0.1'),
    scans: services.map(() => null), logs: null, system: system(), grader: testGrader(), failOn: 'high', ...over,
  });

  it('a wire older than the configuration: differs, not-reloaded, the reload fix first and named by the finding', () => {
    const old = scanOf({ 'TLSv1.0': pred.ciphers, 'TLSv1.2': pred.ciphers, 'TLSv1.3': ['0x1301', '0x1302', '0x1303'] });
    const d = decideAudit(facts({ scans: [old, null] }));
    const smtp = d.services.find((s) => s.name === 'smtp/inet');
    assert.equal(smtp?.agreement, 'differs');
    assert.deepEqual(smtp?.differences.map((x) => [x.what, x.cause]), [['versions', 'not-reloaded']]);
    assert.equal(smtp?.gradedOn, 'wire');
    assert.equal(d.services.find((s) => s.name === 'submission/inet')?.agreement, 'unscanned');
    assert.deepEqual(d.fixes[0]?.commands, ['postfix reload']);
    const f = d.findings.find((x) => x.id === 'not-reloaded');
    assert.equal(f?.fix, 'postfix reload');
    assert.deepEqual(f?.place, { service: 'smtp/inet' });
    assert.deepEqual(d.fixes[0]?.resolvesKeys, [f?.key]);
    assert.equal(smtp?.verdict, 'fail', 'the wire rule fails');
    assert.equal(d.exitCode, 1);
  });

  it('the same wire as predicted matches; the exit code follows failOn', () => {
    const same = scanOf({ 'TLSv1.2': pred.ciphers, 'TLSv1.3': pred.tls13Ciphers ?? [] });
    const d = decideAudit(facts({ scans: [same, null], failOn: 'critical' }));
    assert.equal(d.services[0]?.agreement, 'match');
    assert.equal(d.exitCode, 0, 'nothing critical');
    assert.equal(decideAudit(facts({ scans: [same, null], failOn: null })).exitCode, 0);
    assert.equal(decideAudit(facts({ scans: [same, null], failOn: 'medium' })).exitCode, 1);
  });

  it('a port that says nothing differs (reachable), never "no TLS, as configured"', () => {
    const silent = scanOf({}, { complete: false, error: 'connection refused', smtp: null });
    const d = decideAudit(facts({ scans: [silent, null], system: system({ master: null, lastLoad: null }) }));
    assert.deepEqual(d.services[0]?.differences.map((x) => x.what), ['reachable']);
    assert.equal(d.services[0]?.gradedOn, 'config');
  });

  it('the log\'s findings and warnings reach the report; findings most severe first', () => {
    const logs = logReport({
      services: [service({ name: 'postfix/submission/smtpd', sessions: 3, authWithoutTls: 1, authOkWithoutTls: 1, peers: 1 })],
      clients: [client({ authWithoutTls: 1, authOkWithoutTls: 1 })],
      notices: [{ code: 'TLS_NOT_LOGGED', message: 'No TLS lines.' }],
      warnings: [{ code: 'ELOG_READ', message: 'torn line', place: { file: '/var/log/mail.log', line: 4 } }] as LogReport['warnings'],
    });
    const d = decideAudit(facts({ logs }));
    assert.ok(d.findings.some((f) => f.id === 'auth-without-tls-seen' && f.service === 'submission/inet' && f.severity === 'high'));
    const quiet = d.findings.find((f) => f.id === 'tls-not-logged');
    assert.equal(quiet?.fix, "postconf -e 'smtpd_tls_loglevel = 1' && postfix reload");
    assert.deepEqual(d.warnings, [{ code: 'ELOG_READ', message: 'torn line', place: '/var/log/mail.log:4' }]);
    const ranks = d.findings.map((f) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(f.severity));
    assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y));
    assert.equal(d.services.find((s) => s.name === 'submission/inet')?.logs?.sessions, 3);
  });

  it('verdicts: a service without findings passes; a global finding sets the whole', () => {
    const built = [{ name: 'a', rules: [] }] as unknown as Parameters<typeof verdicts>[0];
    assert.equal(verdicts(built, [], 'high').verdict, 'pass');
    const g = verdicts(built, [joinFinding('x', 'high', null, 'X', 'x.')], 'high');
    assert.deepEqual([g.services[0]?.verdict, g.verdict, g.exitCode], ['pass', 'fail', 1]);
  });
});
