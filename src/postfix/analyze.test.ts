import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze } from './analyze.js';
import { defaultsFor } from './defaults.js';
import { modelEvaluator } from './load.js';
import { portOf } from './services.js';
import type { ConfigReport } from './types.js';
import { parsePostfixVersion } from './version.js';

const FIX = new URL('../../test/fixtures/config/', import.meta.url);

function run(mainCf: string, masterCf: string, opts: { version?: string; certs?: 'ok' | 'missing' } = {}): ConfigReport {
  const version = parsePostfixVersion(opts.version ?? '3.7.11')!;
  const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'mx.example.org' });
  defaults.set('config_directory', '/etc/postfix');
  return analyze({
    configDir: '/etc/postfix', mainCfText: mainCf, masterCfText: masterCf, version, versionSource: 'option',
    opensslVersion: '3.0.19', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => (opts.certs === 'missing'
      ? { parameter, path: paths.join(', '), readable: false, keyTypes: [], error: 'ENOENT' }
      : { parameter, path: paths.join(', '), readable: true, keyTypes: ['rsa'] }),
  }).report;
}

const CERT = 'smtpd_tls_cert_file = /etc/ssl/mail.pem\nsmtpd_tls_key_file = /etc/ssl/mail.key\n';
const ids = (r: ConfigReport) => r.findings.map((f) => f.id);
const find = (r: ConfigReport, id: string) => r.findings.find((f) => f.id === id);
const svc = (r: ConfigReport, key: string) => r.services.find((s) => `${s.name}/${s.type}` === key);

describe('effective policy', () => {
  it('wrapper mode forces the mandatory settings and auth-only', () => {
    const r = run(`${CERT}smtpd_tls_security_level = none\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n`, 'smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n');
    const t = svc(r, 'smtps/inet')!.tls;
    assert.equal(t.level, 'encrypt');
    assert.equal(t.wrapper, true);
    assert.equal(t.protocolsParameter, 'smtpd_tls_mandatory_protocols');
    assert.deepEqual(t.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(t.authOnly, true);
    assert.equal(svc(r, 'smtps/inet')!.port, 465);
  });

  it('exclusions in tls_set_ciphers order, aNULL for ask_ccert, eNULL/aNULL for clients', () => {
    const r = run(`${CERT}smtpd_tls_security_level = encrypt\nsmtpd_tls_mandatory_ciphers = high\nsmtpd_tls_exclude_ciphers = RC4, MD5\nsmtpd_tls_mandatory_exclude_ciphers = 3DES\nsmtpd_tls_ask_ccert = yes\nsmtp_tls_security_level = encrypt\nrelayhost = [smart.example]\n`,
      'smtp inet n - y - - smtpd\nsmtp unix - - y - - smtp\nv unix - - y - - smtp\n  -o smtp_tls_security_level=verify\n');
    assert.equal(svc(r, 'smtp/inet')!.tls.cipherList, 'aNULL:-aNULL:HIGH:@STRENGTH:!RC4:!MD5:!3DES:!aNULL');
    assert.equal(svc(r, 'smtp/unix')!.tls.cipherList, 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!eNULL');
    assert.equal(svc(r, 'v/unix')!.tls.cipherList, 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!aNULL');
    // aNULL excluded: no anonymous suite predicted; all suites are TLS <= 1.2 codes.
    const names = svc(r, 'smtp/inet')!.tls.cipherNames ?? [];
    assert.ok(names.length > 0 && names.every((n) => !/^(ADH|AECDH)-/.test(n)));
    assert.ok((svc(r, 'smtp/inet')!.tls.ciphers ?? []).every((c) => /^0x[0-9A-F]{4}$/.test(c) && !c.startsWith('0x13')));
  });

  it('the deprecated switches decide when no level is set; a level wins over them', () => {
    assert.equal(svc(run(`${CERT}smtpd_use_tls = yes\n`, 'smtp inet n - y - - smtpd\n'), 'smtp/inet')!.tls.level, 'may');
    assert.equal(svc(run(`${CERT}smtpd_enforce_tls = yes\n`, 'smtp inet n - y - - smtpd\n'), 'smtp/inet')!.tls.level, 'encrypt');
    const r = run(`${CERT}smtpd_use_tls = yes\nsmtpd_tls_security_level = none\n`, 'smtp inet n - y - - smtpd\n');
    assert.equal(svc(r, 'smtp/inet')!.tls.level, 'none');
    assert.ok(ids(r).includes('deprecated-parameter-ignored'));
    assert.equal(svc(run('smtp_enforce_tls = yes\n', 'smtp unix - - y - - smtp\n'), 'smtp/unix')!.tls.level, 'verify');
  });

  it('a -o override is seen by main.cf values that refer to it', () => {
    const r = run('smtpd_tls_security_level = may\nsmtpd_tls_cert_file = /a.pem\n', 'submission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=/b.pem\n');
    assert.equal(svc(r, 'submission/inet')!.parameters['smtpd_tls_key_file'], '/b.pem');
    assert.equal(svc(r, 'submission/inet')!.tls.certificates[0]?.path, '/b.pem');
  });

  it('ports from the service field', () => {
    assert.equal(portOf('smtp'), 25);
    assert.equal(portOf('submission'), 587);
    assert.equal(portOf('smtps'), 465);
    assert.equal(portOf('127.0.0.1:10025'), 10025);
    assert.equal(portOf('[::1]:2525'), 2525);
    assert.equal(portOf('mail.example:submissions'), 465);
    assert.equal(portOf('nosuchservice'), null);
  });

  it('postscreen: port 25 for the smtpd pass service, TLS through tlsproxy settings', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\npostscreen_pipelining_enable = yes\n`,
      'smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n  -o smtpd_tls_protocols=>=TLSv1.2\ntlsproxy unix - - y - 0 tlsproxy\n');
    assert.equal(svc(r, 'smtpd/pass')!.port, 25);
    assert.deepEqual(svc(r, 'smtpd/pass')!.tls.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(svc(r, 'smtp/inet')!.tls.protocolsParameter, 'tlsproxy_tls_protocols');
    assert.deepEqual(svc(r, 'smtp/inet')!.tls.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    const f = find(r, 'postscreen-tlsproxy-settings');
    assert.equal(f?.severity, 'medium');
    assert.equal(f?.fix, "postconf -e 'tlsproxy_tls_protocols = >=TLSv1.2'");
  });
});

describe('postscreen without deep protocol tests', () => {
  it('port 25 STARTTLS is the smtpd pass service\'s; the tlsproxy difference is an info finding', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\n`,
      'smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n  -o smtpd_tls_protocols=>=TLSv1.2\ntlsproxy unix - - y - 0 tlsproxy\n');
    const ps = svc(r, 'smtp/inet')!;
    assert.deepEqual(ps.tls.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(ps.tls.protocolsParameter, 'smtpd_tls_protocols');
    assert.match(ps.tls.levelParameter, /handed to smtpd\/pass/);
    assert.equal(find(r, 'postscreen-tlsproxy-settings')?.severity, 'info');
  });
});

describe('findings', () => {
  it('seed 002: a client parameter on the submission smtpd does nothing; the real fix', () => {
    const main = readFileSync(new URL('seed-002/main.cf', FIX), 'utf8');
    const master = readFileSync(new URL('seed-002/master.cf', FIX), 'utf8');
    const r = run(main, master, { version: '3.1.0' });
    const f = find(r, 'client-parameter-on-server');
    assert.ok(f);
    assert.equal(f.file, 'master.cf');
    assert.equal(f.line, 11);
    assert.equal(f.fix, "postconf -PX 'submission/inet/smtp_tls_mandatory_protocols'");
    assert.match(f.message, /no effect/);
    assert.match(f.message, /TLSv1/);
    const old = find(r, 'submission-old-tls');
    assert.equal(old?.fix, "postconf -P 'submission/inet/smtpd_tls_security_level=encrypt' 'submission/inet/smtpd_tls_mandatory_protocols=!SSLv2:!SSLv3:!TLSv1:!TLSv1.1'");
    const r37 = run(main, master, { version: '3.7.11' });
    assert.match(find(r37, 'submission-old-tls')?.fix ?? '', /smtpd_tls_mandatory_protocols=>=TLSv1\.2'$/);
    assert.ok(ids(r).includes('sasl-without-tls'));
    assert.ok(ids(r).includes('submission-tls-not-required'));
  });

  it('a client override on a client service is fine', () => {
    const r = run(`${CERT}smtp_tls_security_level = may\n`, 'smtp unix - - y - - smtp\nrelay unix - - y - - smtp\n  -o smtp_tls_security_level=none\n');
    assert.deepEqual(ids(r).filter((i) => /parameter-on/.test(i)), []);
  });

  it('a modern, correct configuration has no high or critical finding', () => {
    const main = readFileSync(new URL('modern-hardened/main.cf', FIX), 'utf8');
    const master = readFileSync(new URL('modern-hardened/master.cf', FIX), 'utf8');
    const r = run(main, master);
    assert.deepEqual(r.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').map((f) => f.id), []);
  });

  it('encrypt on port 25, and a client requiring TLS everywhere', () => {
    const r = run(`${CERT}smtpd_tls_security_level = encrypt\nsmtp_tls_security_level = encrypt\n`, 'smtp inet n - y - - smtpd\nsmtp unix - - y - - smtp\n');
    assert.equal(find(r, 'port25-tls-required')?.severity, 'high');
    assert.equal(find(r, 'port25-tls-required')?.fix, "postconf -P 'smtp/inet/smtpd_tls_security_level=may'");
    assert.equal(find(r, 'client-tls-required-everywhere')?.fix, "postconf -e 'smtp_tls_security_level = may'");
    const relay = run(`${CERT}smtp_tls_security_level = encrypt\nrelayhost = [smart.example]:587\n`, 'smtp unix - - y - - smtp\n');
    assert.ok(!ids(relay).includes('client-tls-required-everywhere'));
  });

  it('no TLS on a public port 25 is reported; not when Postfix listens on loopback only', () => {
    const r = run(CERT, 'smtp inet n - y - - smtpd\n');
    assert.equal(find(r, 'port25-no-tls')?.fix, "postconf -e 'smtpd_tls_security_level = may'");
    assert.ok(!ids(run(`${CERT}inet_interfaces = loopback-only\n`, 'smtp inet n - y - - smtpd\n')).includes('port25-no-tls'));
    assert.ok(!ids(run(CERT, '127.0.0.1:smtp inet n - y - - smtpd\n')).includes('port25-no-tls'));
  });

  it('mandatory settings at "may" are reported; at "encrypt" they are not', () => {
    const m = 'smtp inet n - y - - smtpd\n';
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n`, m);
    const f = find(r, 'mandatory-setting-ignored');
    assert.equal(f?.line, 4);
    assert.ok(!ids(run(`${CERT}smtpd_tls_security_level = encrypt\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n`, 'sub inet n - y - - smtpd\n')).includes('mandatory-setting-ignored'));
    const o = run(`${CERT}smtpd_tls_security_level = encrypt\nsmtpd_tls_protocols = >=TLSv1.2\n`, 'submission inet n - y - - smtpd\n');
    assert.equal(find(o, 'opportunistic-setting-ignored')?.fix, "postconf -e 'smtpd_tls_mandatory_protocols = >=TLSv1.2'");
  });

  it('protocol syntax by version: ">=" before 3.6 disables TLS; "!" on 3.6+ is legacy', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n`, 'smtp inet n - y - - smtpd\n', { version: '3.5.9' });
    const f = find(r, 'protocol-limits-unsupported');
    assert.equal(f?.severity, 'high');
    assert.deepEqual(svc(r, 'smtp/inet')!.tls.versions, []);
    assert.match(svc(r, 'smtp/inet')!.tls.broken ?? '', /invalid TLS protocol list/);
    assert.equal(f?.fix, "postconf -e 'smtpd_tls_protocols = !SSLv2:!SSLv3'");
    const l = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = !SSLv2, !SSLv3\n`, 'smtp inet n - y - - smtpd\n');
    assert.equal(find(l, 'protocol-legacy-syntax')?.severity, 'info');
    assert.equal(find(l, 'protocol-legacy-syntax')?.fix, "postconf -e 'smtpd_tls_protocols = >=TLSv1'");
    const inc = run(`${CERT}smtpd_tls_security_level = encrypt\nsmtpd_tls_mandatory_protocols = TLSv1\n`, 'submission inet n - y - - smtpd\n');
    assert.equal(find(inc, 'protocol-include-list')?.severity, 'high');
  });

  it('exclusion tokens with "!" break TLS; server levels verify (encrypt) and dane (fatal)', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_exclude_ciphers = !RC4, aNULL\n`, 'smtp inet n - y - - smtpd\n');
    assert.equal(find(r, 'cipher-exclusion-invalid')?.fix, "postconf -e 'smtpd_tls_exclude_ciphers = RC4, aNULL'");
    const v = run(`${CERT}smtpd_tls_security_level = verify\n`, 'submission inet n - y - - smtpd\n');
    assert.equal(svc(v, 'submission/inet')!.tls.level, 'encrypt');
    assert.equal(find(v, 'tls-level-unsupported')?.severity, 'medium');
    const d = run(`${CERT}smtpd_tls_security_level = dane\n`, 'smtp inet n - y - - smtpd\n');
    assert.equal(find(d, 'tls-level-invalid')?.severity, 'critical');
  });

  it('certificates: none, both kinds, unreadable', () => {
    const none = run('smtpd_tls_security_level = may\n', 'smtp inet n - y - - smtpd\n');
    assert.equal(find(none, 'no-certificate')?.severity, 'high');
    assert.deepEqual(svc(none, 'smtp/inet')!.tls.versions, []);
    const both = run(`${CERT}smtpd_tls_chain_files = /etc/ssl/chain.pem\nsmtpd_tls_security_level = may\n`, 'smtp inet n - y - - smtpd\n');
    assert.equal(find(both, 'certificate-chain-and-legacy')?.fix, 'postconf -X smtpd_tls_cert_file smtpd_tls_key_file');
    const missing = run(`${CERT}smtpd_tls_security_level = may\n`, 'smtp inet n - y - - smtpd\n', { certs: 'missing' });
    assert.equal(svc(missing, 'smtp/inet')!.tls.prediction.exact, false);
    assert.ok(ids(missing).includes('certificate-missing'));
  });

  it('SASL before TLS, deprecated and ignored parameters, duplicates, a mid-line "#"', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\nsmtpd_tls_eecdh_grade = strong\nsmtpd_tls_loglevel = 1 # debug\nsmtpd_tls_loglevel = 1 # again\n`, 'smtp inet n - y - - smtpd\n');
    assert.equal(find(r, 'sasl-without-tls')?.fix, "postconf -e 'smtpd_tls_auth_only = yes'");
    assert.equal(find(r, 'ignored-parameter')?.fix, 'postconf -X smtpd_tls_eecdh_grade');
    assert.equal(find(r, 'comment-in-value')?.severity, 'high');
    assert.equal(find(r, 'comment-in-value')?.fix, "postconf -e 'smtpd_tls_loglevel = 1'");
    assert.equal(find(r, 'duplicate-parameter')?.line, 6);
  });

  it('parameters unknown to the version are reported', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /x.pem\nsmtpd_tls_protocol = >=TLSv1.2\n`, 'smtp inet n - y - - smtpd\n', { version: '3.3.0' });
    assert.equal(find(r, 'unknown-parameter')?.severity, 'medium');
    assert.ok(r.findings.some((f) => f.id === 'unknown-parameter' && f.severity === 'low' && /typo/.test(f.message)));
  });

  it('malformed files give warnings with file:line and still a report', () => {
    const r = run('smtpd_tls_security_level = may\nnot a setting\n', 'smtp inet n - y - - smtpd\nshort inet\n');
    assert.deepEqual(r.warnings.map((w) => `${w.file}:${w.line}`), ['main.cf:2', 'master.cf:2']);
    assert.equal(r.services.length, 1);
  });
});

describe('hostile input', () => {
  it('random main.cf / master.cf text never throws', async () => {
    const fc = (await import('fast-check')).default;
    const line = fc.oneof(
      fc.constantFrom('smtp inet n - y - - smtpd', '  -o smtpd_tls_security_level=$x', '  -o { a = b', 'x = ${{$y} <level {3.6}?{a}:{b}}',
        'smtpd_tls_protocols = >=TLSv9', 'x = $y', 'y = $x', '# c', '   ', 'postscreen inet n - y - 1 postscreen', 'smtpd pass - - y - - smtpd'),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), fc.array(line, { maxLength: 12 }), (m, s) => {
      const r = run(m.join('\n'), s.join('\n'));
      assert.ok(Array.isArray(r.findings));
    }), { numRuns: 150 });
  });

  it('an expansion loop is a finding, not a hang', () => {
    const r = run(`${CERT}smtpd_tls_security_level = $a\na = $b\nb = $a\n`, 'smtp inet n - y - - smtpd\n');
    assert.ok(r.findings.some((f) => f.id === 'expansion-error' && f.severity === 'high'));
  });
});
