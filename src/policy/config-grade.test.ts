/**
 * `config --profile` decided without the CLI: which services are graded, by which role, with a
 * lab copy judged by the user's service names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeModel } from '../postfix/analyze.js';
import { defaultsFor } from '../postfix/defaults.js';
import { modelEvaluator } from '../postfix/load.js';
import { parsePostfixVersion } from '../postfix/version.js';
import { gradeServices, withGrades } from './config-grade.js';
import { configReport } from '../postfix/config-report.js';
import { getProfile } from './profiles.js';

function model(mainCf: string, masterCf: string) {
  const version = parsePostfixVersion('3.7.11')!;
  const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'mx.example.org' });
  return analyzeModel({
    configDir: '/etc/postfix', mainCfText: mainCf, masterCfText: masterCf, version, versionSource: 'option',
    opensslVersion: '3.0.19', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: true, keyTypes: ['rsa'] }),
  });
}
const CERT = 'smtpd_tls_cert_file = /etc/ssl/mail.pem\nsmtpd_tls_key_file = /etc/ssl/mail.key\nsmtpd_tls_security_level = may\n';

describe('gradeServices', () => {
  it('grades inet smtpd and postscreen services by role; pass, unix and client services are not graded', () => {
    const a = model(CERT, 'smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\nrelay unix - - y - - smtp\n');
    const g = gradeServices(getProfile('mail'), a);
    assert.deepEqual(g.map((x) => [x.index, x.name, x.role]), [[0, 'smtp/inet', 'mx'], [2, 'submission/inet', 'submission']]);
    assert.ok(g.every((x) => x.rules.length > 0));
  });

  it('a lab copy: the role and the name follow the user\'s service name, the source says which loopback port', () => {
    const a = model(CERT, '127.0.0.1:40123 inet n - y - - smtpd\n127.0.0.1:40124 inet n - y - - smtpd\n');
    const names = new Map([['127.0.0.1:40123', 'submission'], ['127.0.0.1:40124', 'smtp']]);
    const g = gradeServices(getProfile('mail'), a, names);
    assert.deepEqual(g.map((x) => [x.name, x.role]), [['submission/inet', 'submission'], ['smtp/inet', 'mx']]);
    assert.match(g[0]?.roleSource ?? '', /\(lab: 127\.0\.0\.1:40123\)$/);
    // Without the names the same copy is two loopback ports of no role.
    assert.deepEqual(gradeServices(getProfile('mail'), a).map((x) => x.role), ['other', 'other']);
  });

  it('withGrades: every service of the report gets profileRole and rules, null where not graded', () => {
    const a = model(CERT, 'smtp inet n - y - - smtpd\nrelay unix - - y - - smtp\n');
    const p = getProfile('mail');
    const j = withGrades(configReport(a), p, gradeServices(p, a));
    assert.equal(j.profile.id, p.info.id);
    assert.deepEqual([j.services[0]?.profileRole, j.services[1]?.profileRole], ['mx', null]);
    assert.equal(j.services[1]?.rules, null);
  });
});
