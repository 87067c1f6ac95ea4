/** The `mailtls config` terminal report on seed 002's webshop: what a user sees first. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze } from '../postfix/analyze.js';
import { defaultsFor } from '../postfix/defaults.js';
import { modelEvaluator } from '../postfix/load.js';
import type { ConfigReport } from '../postfix/types.js';
import { parsePostfixVersion } from '../postfix/version.js';
import { renderConfigReport, renderFixes } from './config-text.js';
import { makeStyle, SEVERITY_ORDER } from './terminal.js';

const WEBSHOP = new URL('../../examples/webshop/', import.meta.url);

function webshop(versionSource: ConfigReport['postfixVersionSource'] = 'postconf'): ConfigReport {
  const version = parsePostfixVersion('3.7.11')!;
  const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'webshop.example' });
  return analyze({
    configDir: '/etc/postfix', mainCfText: readFileSync(new URL('main.cf', WEBSHOP), 'utf8'), masterCfText: readFileSync(new URL('master.cf', WEBSHOP), 'utf8'),
    version, versionSource, opensslVersion: '3.0.19', opensslVersionSource: 'local', defaults, defaultsSource: 'postconf -d', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: false, keyTypes: [], error: 'ENOENT' }),
  }).report;
}

const st = makeStyle(false);

describe('config terminal report (webshop)', () => {
  const out = renderConfigReport(webshop(), st);
  const lines = out.split('\n');

  it('the header says which Postfix and OpenSSL versions it used, and why', () => {
    assert.match(out, /^ {2}Postfix +3\.7\.11 {2}\(the Postfix installed here \(postconf mail_version\); --postfix-version X\.Y for another\)$/m);
    assert.match(out, /^ {2}OpenSSL +3\.0\.19 {2}\(the openssl installed here; --openssl-version X\.Y if the server's differs\)$/m);
    assert.match(out, /^ {2}defaults +postconf -d of that Postfix/m);
    assert.match(renderConfigReport(webshop('newest-known'), st), /Postfix +3\.7\.11 {2}\(the newest version mailtls knows, since Postfix is not installed here/);
  });

  it('-o overrides are listed one per line with their master.cf line', () => {
    const i = lines.findIndex((l) => /^ {4}-o +syslog_name=postfix\/submission {2}master\.cf:6$/.test(l));
    assert.ok(i > 0, out);
    assert.match(lines[i + 1] ?? '', /^ {4} +smtpd_tls_security_level=may {2}master\.cf:7$/);
    assert.match(lines[i + 7] ?? '', /^ {4} +smtp_tls_mandatory_protocols=TLSv1 {2}master\.cf:13$/);
    // Only the copy-and-paste commands may be longer than the wrap width.
    assert.deepEqual(lines.filter((l) => l.length > 110 && !/^ +fix: postconf /.test(l) && !/TLS<=1\.2 suites/.test(l)), []);
  });

  it('the unreadable snakeoil certificate is shown with the assumed key type; TLS 1.1 is predicted', () => {
    assert.match(out, /certificates +\/etc\/ssl\/certs\/ssl-cert-snakeoil\.pem \(unreadable here: ENOENT; assumed rsa\)/);
    assert.match(out, /protocols +!SSLv2,!SSLv3,!TLSv1 {2}\(smtpd_tls_protocols\) -> TLSv1\.1, TLSv1\.2, TLSv1\.3/);
    assert.ok(!/no suite of the cipher list works/.test(out));
  });

  it('findings are sorted by severity, then file:line; the submission answer is there with its fix', () => {
    const start = lines.findIndex((l) => /^Findings \(\d+\)$/.test(l));
    const heads = lines.slice(start + 1).map((l) => /^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO) +(\S+?)(?::(\d+))? /.exec(l)).filter((m) => m !== null);
    assert.ok(heads.length >= 8);
    const rank = heads.map((m) => [SEVERITY_ORDER.indexOf((m[1] ?? '').toLowerCase() as never), m[2] ?? '', Number(m[3] ?? 0)] as const);
    for (let i = 1; i < rank.length; i++) {
      const [a, b] = [rank[i - 1]!, rank[i]!];
      assert.ok(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2]))), `order at ${i}: ${JSON.stringify(a)} then ${JSON.stringify(b)}`);
    }
    assert.match(out.replace(/\n {11}(?!fix:)/g, ' '), /submission\/inet \(port 587\) accepts TLSv1\.1 .*\[submission-old-tls\]\n +fix: postconf -P 'submission\/inet\/smtpd_tls_security_level=encrypt' 'submission\/inet\/smtpd_tls_mandatory_protocols=>=TLSv1\.2'/);
  });

  it('--fix: one reason line before each command, in the same order', () => {
    const fixes = renderFixes(webshop(), st).split('\n');
    const cmds = fixes.filter((l) => l.startsWith('postconf'));
    assert.ok(cmds.length >= 8);
    for (const [i, l] of fixes.entries()) if (l.startsWith('postconf')) assert.match(fixes[i - 1] ?? '', /^# (critical|high|medium|low|info): /);
    assert.match(cmds.join('\n'), /^postconf -e 'smtpd_tls_security_level = may' && postconf -X smtpd_use_tls$/m);
  });
});

describe('config terminal report: TLS 1.3, OpenSSL\'s configuration, continued values', () => {
  const version = parsePostfixVersion('3.7.11')!;
  const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'mx.example' });
  const main = 'smtpd_tls_cert_file = /etc/ssl/mail.pem\nsmtpd_tls_security_level = may\ntls_config_file = /etc/postfix/tls.cnf\n' +
    'smtpd_tls_exclude_ciphers = aNULL,\n    LOW,\n\n      EXPORT\n';
  const tlsCnf = 'openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\nCiphersuites = TLS_AES_128_GCM_SHA256\nMinProtocol = TLSv1.2\nBogus = 1\n';
  const report = analyze({
    configDir: '/etc/postfix', mainCfText: main, masterCfText: 'smtp inet n - y - - smtpd\n', version, versionSource: 'option',
    opensslVersion: '3.0.19', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: true, keyTypes: ['rsa'] }),
    openssl: {
      io: { stat: (p) => (p === '/etc/postfix/tls.cnf' ? 'file' : null), readFile: (p) => (p === '/etc/postfix/tls.cnf' ? tlsCnf : null), readDir: () => null },
      processEnv: new Map(), opensslDir: '/usr/lib/ssl', confFile: null, local: true,
    },
  }).report;
  const out = renderConfigReport(report, st);

  it('a continued main.cf value is shown on one line with single spaces (the data keeps it raw)', () => {
    assert.match(out, /^ {4}exclusions +aNULL, LOW, EXPORT \(smtpd_tls_exclude_ciphers\)$/m);
    assert.match(report.services[0]?.tls.exclusions[0]?.value ?? '', /, {2,}LOW/);
  });

  it('the TLS 1.3 suites, the file OpenSSL reads, and what each of its directives does', () => {
    assert.match(out, /^ {4}TLS 1\.3 suites +1: TLS_AES_128_GCM_SHA256$/m);
    assert.match(out, /^ {4}openssl config +\/etc\/postfix\/tls\.cnf {2}\(tls_config_file = \/etc\/postfix\/tls\.cnf \(main\.cf:3\)\)$/m);
    assert.match(out, /^ {6}decides +Ciphersuites = TLS_AES_128_GCM_SHA256 {2}\/etc\/postfix\/tls\.cnf:7: TLS 1\.3 suites TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256 -> TLS_AES_128_GCM_SHA256$/m);
    assert.match(out, /^ {6}overridden +MinProtocol = TLSv1\.2 {2}\/etc\/postfix\/tls\.cnf:8: no effect: Postfix 3\.7\.11 sets the floor/m);
    assert.match(out, /^ {6}rejected +Bogus = 1 {2}\/etc\/postfix\/tls\.cnf:9: OpenSSL rejects it: unknown command "Bogus"$/m);
    assert.match(out, /^ {2}openssl\.cnf +\/usr\/lib\/ssl\/openssl\.cnf {2}\(OPENSSLDIR "\/usr\/lib\/ssl" \(openssl version -d\)\)$/m);
  });
});
