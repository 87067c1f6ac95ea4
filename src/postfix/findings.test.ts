/**
 * Findings as a whole: predictions with unreadable certificates (the analysis machine is rarely
 * the mail server), one finding per (id, file, line), executable fixes that agree with each other,
 * the order of the report, and one case per finding id of issue 4.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze } from './analyze.js';
import { defaultsFor } from './defaults.js';
import { geForm, mergeFindings, sortFindings } from './findings.js';
import { fixAssignments } from './fixes.js';
import { modelEvaluator } from './load.js';
import { assumeKeyTypes } from './effective-tls.js';
import type { ConfigReport, Finding } from './types.js';
import { parsePostfixVersion } from './version.js';

const FIXTURES = new URL('../../test/fixtures/config/', import.meta.url);
const WEBSHOP = new URL('../../examples/webshop/', import.meta.url);
const FIXTURE_NAMES = ['seed-002', 'continuations', 'container-dms', 'container-mailcow', 'legacy-2x', 'modern-hardened', 'debian-stock', 'malformed'];

type Certs = 'rsa' | 'ec' | 'missing';
function run(mainCf: string, masterCf: string, opts: { version?: string; certs?: Certs } = {}): ConfigReport {
  const version = parsePostfixVersion(opts.version ?? '3.7.11')!;
  const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'mx.example.org' });
  defaults.set('config_directory', '/etc/postfix');
  const certs = opts.certs ?? 'rsa';
  return analyze({
    configDir: '/etc/postfix', mainCfText: mainCf, masterCfText: masterCf, version, versionSource: 'option',
    opensslVersion: '3.0.19', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => (certs === 'missing'
      ? { parameter, path: paths.join(', '), readable: false, keyTypes: [], error: 'ENOENT' }
      : { parameter, path: paths.join(', '), readable: true, keyTypes: [certs] }),
  }).report;
}

const text = (base: URL, name: string) => readFileSync(new URL(name, base), 'utf8');
const webshop = (opts: { version?: string; certs?: Certs } = {}) => run(text(WEBSHOP, 'main.cf'), text(WEBSHOP, 'master.cf'), { certs: 'missing', ...opts });
const fixture = (name: string, opts: { version?: string; certs?: Certs } = {}) => run(text(new URL(`${name}/`, FIXTURES), 'main.cf'), text(new URL(`${name}/`, FIXTURES), 'master.cf'), opts);
const svc = (r: ConfigReport, key: string) => r.services.find((s) => `${s.name}/${s.type}` === key);
const find = (r: ConfigReport, id: string) => r.findings.find((f) => f.id === id);
const all = (r: ConfigReport, id: string) => r.findings.filter((f) => f.id === id);
const CERT = 'smtpd_tls_cert_file = /etc/ssl/mail.pem\nsmtpd_tls_key_file = /etc/ssl/mail.key\n';

/**
 * The order users read: most severe first (critical, high, medium, low, info), then by file
 * (main.cf before master.cf), line (none first) and id. Spelled out here, not taken from
 * sortFindings, so that a wrong sort fails.
 */
const RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;
function assertReportOrder(fs: readonly Finding[], what: string): void {
  for (let i = 1; i < fs.length; i++) {
    const a = fs[i - 1] as Finding;
    const b = fs[i] as Finding;
    const key = (f: Finding) => [RANK[f.severity], f.file, f.line ?? 0, f.id] as const;
    const [ka, kb] = [key(a), key(b)];
    const before = ka[0] !== kb[0] ? ka[0] < kb[0] : ka[1] !== kb[1] ? ka[1] < kb[1] : ka[2] !== kb[2] ? ka[2] < kb[2] : ka[3] <= kb[3];
    assert.ok(before, `${what}: ${a.severity} ${a.id} ${a.file}:${a.line ?? ''} listed before ${b.severity} ${b.id} ${b.file}:${b.line ?? ''}`);
  }
}
const SMTP = 'smtp inet n - y - - smtpd\n';

/** Every report the invariants are checked on: fixtures, the webshop, several versions. */
function corpus(): [string, ConfigReport][] {
  const out: [string, ConfigReport][] = [];
  for (const v of ['2.11.0', '3.3.0', '3.5.9', '3.7.11', '3.9.1']) {
    out.push([`webshop ${v}`, webshop({ version: v })]);
    for (const n of FIXTURE_NAMES) for (const certs of ['rsa', 'missing'] as const) out.push([`${n} ${v} ${certs}`, fixture(n, { version: v, certs })]);
  }
  return out;
}

describe('unreadable certificates: infer the key type, predict with it, say so', () => {
  it('key type hints: eccert/dcert parameters, ec/ecdsa in file names, else RSA', () => {
    assert.deepEqual(assumeKeyTypes('smtpd_tls_cert_file', ['/etc/ssl/certs/ssl-cert-snakeoil.pem']), ['rsa']);
    assert.deepEqual(assumeKeyTypes('smtpd_tls_eccert_file', ['/etc/ssl/mail.pem']), ['ec']);
    assert.deepEqual(assumeKeyTypes('tlsproxy_tls_dcert_file', ['/etc/ssl/mail.pem']), ['dsa']);
    assert.deepEqual(assumeKeyTypes('smtpd_tls_cert_file', ['/etc/letsencrypt/live/mx-ecdsa/fullchain.pem']), ['rsa']); // directory names are not looked at
    assert.deepEqual(assumeKeyTypes('smtpd_tls_cert_file', ['/etc/ssl/mx.ec.pem']), ['ec']);
    assert.deepEqual(assumeKeyTypes('smtpd_tls_chain_files', ['/etc/ssl/rsa.pem', '/etc/ssl/ecdsa.pem']), ['rsa', 'ec']);
    assert.deepEqual(assumeKeyTypes('smtpd_tls_cert_file', ['/etc/ssl/spec.pem']), ['rsa']); // "ec" inside a word is no hint
  });

  it('the webshop without its snakeoil certificate: the same suites and versions as with an RSA one, marked inexact', () => {
    const missing = webshop();
    const real = webshop({ certs: 'rsa' });
    for (const key of ['smtp/inet', 'submission/inet']) {
      const m = svc(missing, key)!.tls;
      const r = svc(real, key)!.tls;
      assert.deepEqual(m.versions, ['TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
      assert.deepEqual(m.ciphers, r.ciphers);
      assert.ok((m.ciphers ?? []).length > 20);
      assert.equal(m.prediction.exact, false);
      assert.equal(r.prediction.exact, true);
      assert.match(m.prediction.notes[0] ?? '', /smtpd_tls_cert_file \(\/etc\/ssl\/certs\/ssl-cert-snakeoil\.pem\) cannot be read here \(ENOENT\): predicted as an RSA key \(the common case\)/);
      assert.ok(!m.prediction.notes.some((n) => /no suite of the cipher list works/.test(n)), m.prediction.notes.join('; '));
      assert.deepEqual(m.certificates[0]?.assumedKeyTypes, ['rsa']);
    }
    // The findings about protocols fire as they do on the real server.
    assert.ok(find(missing, 'submission-old-tls'));
    assert.deepEqual(missing.findings.map((f) => f.id).filter((i) => i !== 'certificate-missing').sort(),
      real.findings.map((f) => f.id).sort());
  });

  it('an unreadable EC certificate predicts ECDSA suites; a DSA one DSS suites', () => {
    const ec = run('smtpd_tls_security_level = may\nsmtpd_tls_eccert_file = /x/mail.pem\nsmtpd_tls_eckey_file = /x/mail.key\n', SMTP, { certs: 'missing' });
    const names = svc(ec, 'smtp/inet')!.tls.cipherNames ?? [];
    assert.ok(names.some((n) => n.startsWith('ECDHE-ECDSA-')) && !names.some((n) => /-RSA-/.test(n) && !/^AECDH|^ADH/.test(n)), names.join(' '));
    assert.match(svc(ec, 'smtp/inet')!.tls.prediction.notes[0] ?? '', /EC \(ECDSA\) key \(the parameter smtpd_tls_eccert_file holds an EC certificate\)/);
    const sameAsReal = run('smtpd_tls_security_level = may\nsmtpd_tls_eccert_file = /x/mail.pem\nsmtpd_tls_eckey_file = /x/mail.key\n', SMTP, { certs: 'ec' });
    assert.deepEqual(svc(ec, 'smtp/inet')!.tls.ciphers, svc(sameAsReal, 'smtp/inet')!.tls.ciphers);
    const dsa = run('smtpd_tls_security_level = may\nsmtpd_tls_dcert_file = /x/mail.pem\nsmtpd_tls_dkey_file = /x/mail.key\n', SMTP, { certs: 'missing' });
    const dss = svc(dsa, 'smtp/inet')!.tls.cipherNames ?? [];
    assert.ok(dss.some((n) => n.startsWith('DHE-DSS-')) && !dss.some((n) => /ECDSA|-RSA-/.test(n)), dss.join(' '));
  });
});

describe('one finding per (id, file, line), with one coherent fix', () => {
  it('the webshop: one protocol-legacy-syntax per protocol line, each the same policy in the >= form', () => {
    const r = webshop();
    const legacy = all(r, 'protocol-legacy-syntax').map((f) => `${f.file}:${f.line} ${f.fix}`);
    assert.deepEqual(legacy, [
      "main.cf:17 postconf -e 'smtpd_tls_mandatory_protocols = >=TLSv1.1'",
      "main.cf:18 postconf -e 'smtp_tls_mandatory_protocols = >=TLSv1.1'",
      "main.cf:19 postconf -e 'smtpd_tls_protocols = >=TLSv1.1'",
      "main.cf:20 postconf -e 'smtp_tls_protocols = >=TLSv1.1'",
    ]);
    // Same value in both lists: the user's intent holds at every level, so no "remove it" advice.
    assert.ok(!find(r, 'mandatory-setting-ignored'));
  });

  it('the ">=" form keeps the holes of an exclusion list', () => {
    assert.equal(geForm(new Set(['SSLv2', 'SSLv3', 'TLSv1'])), '>=TLSv1.1');
    assert.equal(geForm(new Set(['SSLv2', 'SSLv3'])), '>=TLSv1');
    assert.equal(geForm(new Set(['SSLv2', 'SSLv3', 'TLSv1.1'])), '>=TLSv1, !TLSv1.1');
    const r = run(`${CERT}smtpd_tls_security_level = may\n`, 'submission inet n - y - - smtpd\n  -o smtpd_tls_protocols=!SSLv2,!SSLv3,!TLSv1.1\n');
    assert.equal(find(r, 'protocol-legacy-syntax')?.fix, "postconf -P 'submission/inet/smtpd_tls_protocols=>=TLSv1,!TLSv1.1'");
  });

  it('no two findings share (id, file, line) in any report; no two fixes set one parameter differently', () => {
    for (const [name, r] of corpus()) {
      const keys = r.findings.map((f) => `${f.id} ${f.file}:${f.line ?? ''}`);
      assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], name);
      const values = new Map<string, string | null>();
      for (const f of r.findings) {
        for (const [target, value] of fixAssignments(f.fix ?? '')) {
          if (values.has(target)) assert.equal(value, values.get(target), `${name}: ${target} set to "${String(values.get(target))}" and "${String(value)}"`);
          values.set(target, value);
        }
      }
    }
  });

  it('random configurations: still one finding per (id, file, line), in report order', async () => {
    const fc = (await import('fast-check')).default;
    const line = fc.constantFrom(CERT, 'smtpd_tls_security_level = may', 'smtpd_tls_security_level = encrypt', 'smtpd_use_tls = yes', 'smtpd_enforce_tls = yes',
      'smtpd_tls_protocols = !SSLv2, !SSLv3', 'smtpd_tls_mandatory_protocols = TLSv1', 'smtpd_tls_protocols = >=TLSv1.2', 'smtp_tls_security_level = encrypt',
      'smtp_use_tls = yes', 'smtpd_tls_loglevel = 1 # x', 'smtpd_sasl_auth_enable = yes', 'smtpd_tls_exclude_ciphers = !RC4', 'tls_preempt_cipherlist = yes',
      'smtp inet n - y - - smtpd', 'submission inet n - y - - smtpd', 'smtps inet n - y - - smtpd', '  -o smtpd_tls_wrappermode=yes',
      '  -o smtpd_tls_security_level=may', '  -o smtp_tls_mandatory_protocols=TLSv1', '  -o smtpd_tls_protocols=!SSLv2,!SSLv3,!TLSv1', 'smtp unix - - y - - smtp',
      '  -o smtpd_enforce_tls=yes', 'smtp inet n - y - 1 postscreen', 'smtpd pass - - y - - smtpd', 'tlsproxy unix - - y - 0 tlsproxy', 'smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1', 'smtp_tls_protocols = !SSLv2', 'smtpd_tls_ciphers = high',
      'smtpd_tls_mandatory_ciphers = medium', 'smtpd_tls_auth_only = yes', 'smtpd_tls_chain_files = /x.pem', '  -o smtpd_tls_mandatory_protocols=TLSv1', '  -o smtpd_tls_security_level=encrypt',
      '  -o smtpd_tls_protocols=>=TLSv1', 'postscreen_pipelining_enable = yes', '  -o smtpd_sasl_auth_enable=yes', 'smtpd_tls_security_level = verify', 'smtpd_tls_eecdh_grade = strong');
    fc.assert(fc.property(fc.array(line, { maxLength: 10 }), fc.array(line, { maxLength: 10 }), fc.constantFrom('3.4.0', '3.7.11'), (m, s, v) => {
      const r = run(m.join('\n'), s.join('\n'), { version: v, certs: 'missing' });
      const keys = r.findings.map((f) => `${f.id} ${f.file}:${f.line ?? ''}`);
      assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
      assertReportOrder(r.findings, 'random configuration');
      const values = new Map<string, string | null>();
      for (const f of r.findings) {
        for (const [target, value] of fixAssignments(f.fix ?? '')) {
          if (values.has(target)) assert.equal(value, values.get(target), `${target}: ${r.findings.filter((x) => x.fix?.includes(target.replace(/^\w+:/, ''))).map((x) => `${x.id}: ${x.fix}`).join(' | ')}`);
          values.set(target, value);
        }
      }
    }), { numRuns: 300 });
  });

  it('the guard merges: fixes for two services are joined, a contradicting one is dropped', () => {
    const base: Finding = { id: 'x', severity: 'low', title: 'X', file: 'main.cf', line: 3, service: 'a/inet', place: { file: 'main.cf', line: 3, service: 'a/inet' }, message: 'm.', fix: "postconf -P 'a/inet/p=1'" };
    assert.deepEqual(mergeFindings(base, { ...base, service: 'b/inet', fix: "postconf -P 'b/inet/p=1'" }),
      { ...base, message: 'm. The same holds for b/inet.', fix: "postconf -P 'a/inet/p=1' && postconf -P 'b/inet/p=1'" });
    assert.deepEqual(mergeFindings(base, { ...base, fix: "postconf -P 'a/inet/p=2'" }), base);
    const high = { ...base, severity: 'high' as const, fix: "postconf -P 'a/inet/p=2'" };
    assert.deepEqual(mergeFindings(base, high), high);
    assert.deepEqual(mergeFindings({ ...base, fix: null }, base).fix, base.fix);
  });
});

describe('fixes are executable postconf commands', () => {
  // Ids whose remedy needs something only the admin has (a certificate, a decision) keep fix null.
  const NO_COMMAND = new Set(['tls-broken', 'no-certificate', 'certificate-missing', 'certificate-unreadable', 'duplicate-service', 'expansion-error', 'bad-boolean', 'preempt-cipherlist', 'mandatory-setting-ignored', 'duplicate-override']);
  const COMMAND = /^postconf (-e( '[a-z0-9_]+ = [^']*')+|-X( [a-z0-9_]+)+|-P( '[a-z0-9_.-]+\/[a-z]+\/[a-z0-9_]+=[^'\s]*')+|-PX( '[a-z0-9_.-]+\/[a-z]+\/[a-z0-9_]+')+)$/;

  it('every fix in every report is "postconf -e/-X/-P/-PX ..." joined by " && "; ids with a remedy have one', () => {
    const seen = new Set<string>();
    for (const [name, r] of corpus()) {
      for (const f of r.findings) {
        seen.add(f.id);
        if (f.fix === null) {
          assert.ok(NO_COMMAND.has(f.id) || f.id === 'submission-laxer-than-port25', `${name}: ${f.id} at ${f.file}:${f.line ?? ''} has no fix`);
          continue;
        }
        for (const c of f.fix.split(' && ')) assert.match(c, COMMAND, `${name}: ${f.id}`);
      }
    }
    assert.ok(seen.size >= 15, [...seen].join(' '));
  });

  it('deprecated smtpd_use_tls: set the level in force now, then remove the switch', () => {
    const r = webshop();
    assert.equal(find(r, 'deprecated-parameter')?.fix, "postconf -e 'smtpd_tls_security_level = may' && postconf -X smtpd_use_tls");
    const enf = run(`${CERT}smtpd_use_tls = yes\nsmtpd_enforce_tls = yes\n`, 'submission inet n - y - - smtpd\n');
    assert.equal(all(enf, 'deprecated-parameter')[0]?.fix, "postconf -e 'smtpd_tls_security_level = encrypt' && postconf -X smtpd_use_tls smtpd_enforce_tls");
    const o = run(CERT, 'submission inet n - y - - smtpd\n  -o smtpd_enforce_tls=yes\n');
    assert.equal(find(o, 'deprecated-parameter')?.fix, "postconf -P 'submission/inet/smtpd_tls_security_level=encrypt' && postconf -PX 'submission/inet/smtpd_enforce_tls'");
  });

  it('a deprecated client switch agrees with the fix that lowers the client level', () => {
    const r = run('smtp_use_tls = yes\nsmtp_enforce_tls = yes\n', 'smtp inet n - y - - smtpd\nsmtp unix - - y - - smtp\n');
    assert.equal(find(r, 'client-tls-required-everywhere')?.fix, "postconf -e 'smtp_tls_security_level = may'");
    for (const f of all(r, 'deprecated-parameter')) assert.match(f.fix ?? '', /^postconf -e 'smtp_tls_security_level = may' && postconf -X /);
  });

  it('duplicates: one line left, with the value in force', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_loglevel = 2\nsmtpd_tls_loglevel = 1\n`, 'smtp inet n - y - - smtpd\n  -o smtpd_tls_ciphers=medium\n  -o smtpd_tls_ciphers=high\n');
    assert.equal(find(r, 'duplicate-parameter')?.fix, "postconf -X smtpd_tls_loglevel && postconf -e 'smtpd_tls_loglevel = 1'");
    assert.equal(find(r, 'duplicate-override')?.fix, "postconf -PX 'smtp/inet/smtpd_tls_ciphers' && postconf -P 'smtp/inet/smtpd_tls_ciphers=high'");
  });
});

describe('seed 002: TLS 1.2 on submission', () => {
  it('the webshop report says submission allows TLS 1.1, why the -o smtp_* line does not help, and the -P fix', () => {
    const r = webshop();
    const f = find(r, 'submission-old-tls');
    assert.ok(f);
    assert.equal(`${f.file}:${f.line}`, 'master.cf:5');
    assert.match(f.message, /accepts TLSv1\.1 .*smtpd_tls_protocols = "!SSLv2,!SSLv3,!TLSv1" \(main\.cf:19\).*-o smtp_tls_mandatory_protocols=TLSv1 \(a client parameter\) changes nothing/);
    assert.equal(f.fix, "postconf -P 'submission/inet/smtpd_tls_security_level=encrypt' 'submission/inet/smtpd_tls_mandatory_protocols=>=TLSv1.2'");
    assert.ok(find(r, 'client-parameter-on-server'));
  });

  it('Postfix before 3.6 gets the exclusion syntax, and TLS 1.0 is named where it is allowed', () => {
    const r = run(text(new URL('seed-002/', FIXTURES), 'main.cf'), text(new URL('seed-002/', FIXTURES), 'master.cf'), { version: '3.4.13' });
    const f = find(r, 'submission-old-tls');
    assert.match(f?.message ?? '', /accepts TLSv1 and TLSv1\.1/);
    assert.equal(f?.fix, "postconf -P 'submission/inet/smtpd_tls_security_level=encrypt' 'submission/inet/smtpd_tls_mandatory_protocols=!SSLv2:!SSLv3:!TLSv1:!TLSv1.1'");
  });

  it('at level encrypt the fix sets the mandatory list of the service', () => {
    const r = run(`${CERT}smtpd_tls_mandatory_protocols = >=TLSv1\n`, 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n');
    assert.equal(find(r, 'submission-old-tls')?.fix, "postconf -P 'submission/inet/smtpd_tls_mandatory_protocols=>=TLSv1.2'");
  });
});

describe('report order', () => {
  it('findings come most severe first, then by file and line', () => {
    for (const [name, r] of corpus()) assertReportOrder(r.findings, name);
    const ws = webshop().findings.map((f) => `${f.severity} ${f.file}:${f.line ?? ''}`);
    // sasl-without-tls points at the -o smtpd_sasl_auth_enable=yes line: its effect is the exposure.
    // The high one first; within a severity main.cf (a finding without a line first) before master.cf.
    assert.deepEqual(ws, [
      'high master.cf:8', 'medium main.cf:', 'medium main.cf:9', 'medium master.cf:5', 'medium master.cf:7', 'medium master.cf:13',
      'info main.cf:11', 'info main.cf:17', 'info main.cf:18', 'info main.cf:19', 'info main.cf:20',
    ]);
  });

  it('every finding has the one shape: a title from the table, the place of its file, line and service', async () => {
    const { FINDING_TITLES } = await import('./findings/titles.js');
    for (const [name, r] of corpus()) {
      for (const f of r.findings) {
        assert.ok(FINDING_TITLES[f.id] !== undefined && f.title === FINDING_TITLES[f.id], `${name}: ${f.id} has no title`);
        assert.deepEqual(f.place, { file: f.file, ...(f.line !== null ? { line: f.line } : {}), ...(f.service !== undefined ? { service: f.service } : {}) }, `${name}: ${f.id}`);
      }
    }
    // Every id the rules emit has a title (the sources name them all).
    const { readdirSync, readFileSync: read } = await import('node:fs');
    const dir = new URL('./findings/', import.meta.url);
    const src = readdirSync(dir).filter((n) => !n.endsWith('.test.ts')).map((n) => read(new URL(n, dir), 'utf8')).join('\n');
    const ids = [...new Set([...src.matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)].map((m) => m[1] as string))].filter((id) => /^(bad|certificate|cipher|client|comment|deprecated|dh|duplicate|expansion|ignored|mandatory|no|opportunistic|port25|postscreen|preempt|protocol|sasl|server|ssl|submission|tls|unknown)-/.test(id));
    for (const id of ids.filter((x) => !['dane-only', 'tls-level', 'ssl-protocol'].includes(x))) assert.ok(FINDING_TITLES[id] !== undefined, id);
    assert.equal(Object.keys(FINDING_TITLES).length, 39);
  });

  it('sortFindings: severity first, then file, then line (none first), then id', () => {
    const f = (id: string, severity: Finding['severity'], file: string, line: number | null): Finding => ({
      id, severity, title: id, file, line, place: {}, message: id, fix: null,
    });
    // Given in the reverse of every key, so that leaving one key out (or reversing it) fails.
    const given = [
      f('a', 'info', 'main.cf', 1), f('b', 'low', 'main.cf', 1), f('d', 'medium', 'master.cf', 2), f('c', 'medium', 'master.cf', 2),
      f('e', 'medium', 'master.cf', 1), f('g', 'medium', 'main.cf', 9), f('f', 'medium', 'main.cf', null), f('h', 'high', 'master.cf', 1), f('i', 'critical', 'master.cf', 5),
    ];
    assert.deepEqual(sortFindings(given).map((x) => x.id), ['i', 'h', 'f', 'g', 'e', 'c', 'd', 'b', 'a']);
    assert.throws(() => assertReportOrder(given, 'reversed'));
  });

  it('SASL turned on in main.cf for several services: one finding at that line, naming them', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\n`, 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n');
    const fs = r.findings.filter((f) => f.id === 'sasl-without-tls');
    assert.equal(fs.length, 1);
    assert.deepEqual([fs[0]?.file, fs[0]?.line], ['main.cf', 4]);
    assert.match(fs[0]?.message ?? '', /for smtp\/inet, submission\/inet/);
    assert.equal(fs[0]?.fix, "postconf -e 'smtpd_tls_auth_only = yes'");
  });
});

describe('each finding of issue 4 is detected', () => {
  it('a server parameter on a client service', () => {
    const r = run(CERT, 'relay unix - - y - - smtp\n  -o smtpd_tls_security_level=encrypt\n');
    assert.equal(find(r, 'server-parameter-on-client')?.fix, "postconf -PX 'relay/unix/smtpd_tls_security_level'");
  });

  it('SSLv3 allowed where OpenSSL still speaks it; an invalid protocol token', () => {
    const version = parsePostfixVersion('3.3.0')!;
    const defaults = defaultsFor(version, { opensslVersion: '1.0.2', hostname: 'mx' });
    const r = analyze({
      configDir: '/etc/postfix', mainCfText: `${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = !SSLv2\n`, masterCfText: SMTP, version, versionSource: 'option',
      opensslVersion: '1.0.2u', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
      readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: true, keyTypes: ['rsa'] }),
    }).report;
    assert.equal(find(r, 'ssl-protocol-allowed')?.fix, "postconf -e 'smtpd_tls_protocols = !SSLv2:!SSLv3'");
    const bad = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2, TLSv1.4\n`, SMTP);
    assert.equal(find(bad, 'protocol-list-invalid')?.severity, 'high');
    assert.deepEqual(svc(bad, 'smtp/inet')!.tls.versions, []);
  });

  it('submission laxer than port 25', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n`, `${SMTP}submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n`);
    const f = find(r, 'submission-laxer-than-port25');
    assert.match(f?.message ?? '', /accepts TLSv1,/);
    assert.equal(f?.fix, "postconf -P 'submissions/inet/smtpd_tls_mandatory_protocols=>=TLSv1.2'");
  });

  it('an invalid cipher grade; a bad boolean', () => {
    const g = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_ciphers = strong\n`, SMTP);
    assert.equal(find(g, 'cipher-grade-invalid')?.fix, "postconf -e 'smtpd_tls_ciphers = medium'");
    const b = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_auth_only = maybe\n`, SMTP);
    assert.ok(find(b, 'bad-boolean'));
  });

  it('a duplicate master.cf service; smtpd_tls_dh1024_param_file on 3.7+; tls_preempt_cipherlist explained', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_dh1024_param_file = /etc/ssl/dh2048.pem\ntls_preempt_cipherlist = yes\n`, `${SMTP}${SMTP}`);
    assert.equal(find(r, 'duplicate-service')?.line, 1);
    assert.equal(find(r, 'dh-param-file')?.fix, 'postconf -X smtpd_tls_dh1024_param_file');
    assert.match(find(r, 'preempt-cipherlist')?.message ?? '', /anonymous suites come first/);
  });

  it('an unreadable (not missing) certificate is an info finding that names the assumption', () => {
    const version = parsePostfixVersion('3.7.11')!;
    const defaults = defaultsFor(version, { opensslVersion: '3.0.19', hostname: 'mx' });
    const r = analyze({
      configDir: '/etc/postfix', mainCfText: `${CERT}smtpd_tls_security_level = may\n`, masterCfText: SMTP, version, versionSource: 'option',
      opensslVersion: '3.0.19', opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
      readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: false, keyTypes: [], error: 'EACCES' }),
    }).report;
    assert.equal(find(r, 'certificate-unreadable')?.severity, 'info');
    assert.match(find(r, 'certificate-unreadable')?.message ?? '', /assumes RSA/);
  });

  it('outgoing mail without TLS; not when a transport turns it off on purpose', () => {
    const r = run(CERT, `${SMTP}smtp unix - - y - - smtp\n`);
    assert.equal(find(r, 'client-no-tls')?.fix, "postconf -e 'smtp_tls_security_level = may'");
    assert.ok(!find(run(`${CERT}smtp_tls_security_level = may\n`, `${SMTP}smtp unix - - y - - smtp\nlocalrelay unix - - y - - smtp\n  -o smtp_tls_security_level=none\n`), 'client-no-tls'));
  });

  it('a cipher list OpenSSL rejects breaks TLS', () => {
    const r = run(`${CERT}smtpd_tls_security_level = may\ntls_medium_cipherlist = NOSUCHCIPHER\n`, SMTP);
    assert.equal(find(r, 'tls-broken')?.severity, 'high');
  });
});

describe('port 25 and submission: the findings decide as the profiles do (service-role.ts)', () => {
  it('a public smtpd on another port that offers SASL AUTH gets the submission rules; without AUTH it does not', () => {
    const master = (sasl: boolean) => `2525 inet n - y - - smtpd\n${sasl ? '  -o smtpd_sasl_auth_enable=yes\n' : ''}`;
    const withAuth = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1\n`, master(true));
    assert.equal(find(withAuth, 'submission-old-tls')?.service, '2525/inet');
    const without = run(`${CERT}smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1\n`, master(false));
    assert.equal(find(without, 'submission-old-tls'), undefined);
  });

  it('postscreen is the MX service on whatever port it listens', () => {
    const r = run(CERT, '2525 inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n');
    const f = find(r, 'port25-no-tls');
    assert.equal(f?.service, 'smtpd/pass');
    assert.match(f?.message ?? '', /is the public MX service \(postscreen, port 2525\)/);
  });
});
