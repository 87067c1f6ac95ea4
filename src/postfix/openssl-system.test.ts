import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Analysis } from './analyze.js';
import { defaultsFor } from './defaults.js';
import { modelEvaluator } from './load.js';
import { explainDifference } from './system-explain.js';
import type { ServiceTls } from './types.js';
import { parsePostfixVersion } from './version.js';
import { confFixture, memIo } from '../../test/helpers/mem-conf-io.js';

const CERT = 'smtpd_tls_cert_file = /etc/ssl/mail.pem\nsmtpd_tls_key_file = /etc/ssl/mail.key\nsmtpd_tls_security_level = may\nsmtp_tls_security_level = may\n';
const MASTER = 'smtp inet n - y - - smtpd\nsmtp unix - - y - - smtp\n';
const SSL_CNF = '/usr/lib/ssl/openssl.cnf';

interface Opts {
  readonly main?: string;
  readonly master?: string;
  readonly postfix?: string;
  readonly openssl?: string;
  readonly files?: Record<string, string>;
  readonly processEnv?: Record<string, string>;
  readonly confFile?: string;
  readonly local?: boolean;
}

function model(o: Opts): Analysis {
  const version = parsePostfixVersion(o.postfix ?? '3.7.11')!;
  const ov = o.openssl ?? '3.0.19';
  const defaults = defaultsFor(version, { opensslVersion: ov, hostname: 'mx.example.org' });
  defaults.set('config_directory', '/etc/postfix');
  return analyze({
    configDir: '/etc/postfix', mainCfText: `${CERT}${o.main ?? ''}`, masterCfText: o.master ?? MASTER, version, versionSource: 'option',
    opensslVersion: ov, opensslVersionSource: 'option', defaults, defaultsSource: 'table', evaluator: modelEvaluator,
    readCertificate: (parameter, paths) => ({ parameter, path: paths.join(', '), readable: true, keyTypes: ['rsa'] }),
    openssl: {
      io: memIo(o.files ?? {}), processEnv: new Map(Object.entries(o.processEnv ?? {})), opensslDir: '/usr/lib/ssl',
      confFile: o.confFile ?? null, local: o.local ?? true,
    },
  }).analysis;
}

const tlsOf = (a: Analysis, key = 'smtp/inet'): ServiceTls => {
  const s = a.services.find((x) => `${x.entry.service}/${x.entry.type}` === key);
  assert.ok(s, key);
  return s.report.tls;
};
const directive = (t: ServiceTls, cmd: string) => t.system?.directives.find((d) => d.command === cmd);
const DEFAULT13 = ['0x1302', '0x1303', '0x1301'];
const SYS = (body: string) => `openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\n${body}`;

describe('distributions: their openssl.cnf, as each Postfix gets it', () => {
  it('Debian 12 (OpenSSL 3.0): nothing of openssl.cnf reaches TLS; OpenSSL\'s default TLS 1.3 suites', () => {
    const t = tlsOf(model({ files: { [SSL_CNF]: confFixture('debian12/openssl.cnf') } }));
    assert.equal(t.system?.file, SSL_CNF);
    assert.equal(t.system?.how, 'OPENSSLDIR');
    assert.equal(t.system?.loaded, true);
    assert.equal(t.system?.section, null);
    assert.deepEqual(t.system?.directives, []);
    assert.deepEqual(t.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(t.tls13Ciphers, DEFAULT13);
    assert.deepEqual(t.tls13CipherNames, ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']);
    assert.equal(t.prediction.exact, true);
  });

  for (const [dist, openssl] of [['ubuntu2004', '1.1.1f'], ['debian10', '1.1.1d']] as const) {
    it(`${dist} (OpenSSL ${openssl}): MinProtocol = TLSv1.2 decides for Postfix 3.4.13, not for 3.4.15 and 3.6 (HISTORY 20200724)`, () => {
      const files = { [SSL_CNF]: confFixture(`${dist}/openssl.cnf`) };
      const old = tlsOf(model({ files, postfix: '3.4.13', openssl }));
      assert.deepEqual(old.versions, ['TLSv1.2', 'TLSv1.3']);
      const min = directive(old, 'MinProtocol');
      assert.equal(min?.status, 'applies');
      assert.equal(min?.decides, true);
      assert.deepEqual(min?.changes, ['versions']);
      assert.equal(min?.line, dist === 'ubuntu2004' ? 38 : 30);
      const cs = directive(old, 'CipherString');
      assert.equal(cs?.status, 'overridden');
      for (const pf of ['3.4.15', '3.6.0', '3.7.11']) {
        const t = tlsOf(model({ files, postfix: pf, openssl }));
        assert.deepEqual(t.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], pf);
        assert.equal(directive(t, 'MinProtocol')?.status, 'overridden', pf);
      }
      // The client too (tls_client.c: the same reset, 3.4.15+).
      assert.deepEqual(tlsOf(model({ files, postfix: '3.4.13', openssl }), 'smtp/unix').versions, ['TLSv1.2', 'TLSv1.3']);
    });
  }

  const rhel = (policy: string) => ({
    '/etc/pki/tls/openssl.cnf': confFixture('rhel9/openssl.cnf'),
    '/etc/crypto-policies/back-ends/opensslcnf.config': confFixture(`rhel9/policies/${policy}.config`),
  });

  it('RHEL 9 DEFAULT (Postfix 3.5.25, OpenSSL 3.0.7): the included policy sets TLS 1.3; TLS.MinProtocol is reset by Postfix', () => {
    const t = tlsOf(model({ files: rhel('DEFAULT'), postfix: '3.5.25', openssl: '3.0.7', confFile: '/etc/pki/tls/openssl.cnf' }));
    assert.equal(t.system?.how, 'option');
    assert.deepEqual(t.system?.files, ['/etc/pki/tls/openssl.cnf', '/etc/crypto-policies/back-ends/opensslcnf.config']);
    assert.equal(t.system?.section, 'crypto_policy');
    assert.deepEqual(t.tls13Ciphers, ['0x1302', '0x1303', '0x1301', '0x1304']);
    assert.deepEqual(t.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    const d = t.system?.directives ?? [];
    assert.deepEqual(d.map((x) => `${x.directive.split(' =')[0]}:${x.status}`), [
      'CipherString:overridden', 'Ciphersuites:applies', 'TLS.MinProtocol:overridden', 'TLS.MaxProtocol:applies',
      'DTLS.MinProtocol:applies', 'DTLS.MaxProtocol:applies', 'SignatureAlgorithms:applies', 'Groups:overridden',
    ]);
    assert.deepEqual(d.filter((x) => x.decides).map((x) => x.command), ['Ciphersuites']);
    assert.equal(d[1]?.file, '/etc/crypto-policies/back-ends/opensslcnf.config');
    assert.equal(d[1]?.line, 2);
    // SignatureAlgorithms reaches the SSL_CTX and is not modelled.
    assert.equal(t.prediction.exact, false);
    assert.ok(t.prediction.notes.some((n) => /SignatureAlgorithms/.test(n)));
  });

  const rhel8 = (policy: string) => ({ ...rhel(policy), '/etc/pki/tls/openssl.cnf': confFixture('rhel8/openssl.cnf') });

  it('RHEL 8 FUTURE with an old Postfix: TLS 1.2+ from TLS.MinProtocol, two TLS 1.3 suites; LEGACY: TLS 1.0 allowed', () => {
    const fut = tlsOf(model({ files: rhel8('FUTURE'), postfix: '3.3.1', openssl: '1.1.1k', confFile: '/etc/pki/tls/openssl.cnf' }));
    assert.deepEqual(fut.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(fut.tls13Ciphers, ['0x1302', '0x1303']);
    const leg = tlsOf(model({ files: rhel8('LEGACY'), postfix: '3.3.1', openssl: '1.1.1k', confFile: '/etc/pki/tls/openssl.cnf' }));
    assert.deepEqual(leg.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.equal(directive(leg, 'MinProtocol')?.decides, false);
  });

  it('RHEL 8 (OpenSSL 1.1.1): the same include, read with 1.1.1\'s syntax (no providers module)', () => {
    const t = tlsOf(model({
      files: { '/etc/pki/tls/openssl.cnf': confFixture('rhel8/openssl.cnf'), '/etc/crypto-policies/back-ends/opensslcnf.config': confFixture('rhel9/policies/DEFAULT.config') },
      postfix: '3.5.8', openssl: '1.1.1k', confFile: '/etc/pki/tls/openssl.cnf',
    }));
    assert.equal(t.system?.loaded, true);
    assert.deepEqual(t.tls13Ciphers, ['0x1302', '0x1303', '0x1301', '0x1304']);
    // RHEL 9's file (providers, random) under 1.1.1 would fail: providers is not a 1.1.1 module.
    const r9 = tlsOf(model({ files: rhel('DEFAULT'), postfix: '3.5.8', openssl: '1.1.1k', confFile: '/etc/pki/tls/openssl.cnf' }));
    assert.deepEqual(r9.tls13Ciphers, DEFAULT13);
    assert.ok(r9.system?.notes.some((n) => /unknown module "providers"/.test(n)));
  });
});

describe('tls_config_file and tls_config_name (tls_misc.c tls_library_init)', () => {
  const files = {
    [SSL_CNF]: SYS('Ciphersuites = TLS_AES_128_GCM_SHA256\n'),
    '/etc/postfix/openssl.cnf': 'openssl_conf = generic\npostfix = pf\n[generic]\nssl_conf = g\n[g]\nsystem_default = gsd\n[gsd]\nCiphersuites = TLS_AES_256_GCM_SHA384\n[pf]\nssl_conf = p\n[p]\nsystem_default = psd\n[psd]\nCiphersuites = TLS_CHACHA20_POLY1305_SHA256\n',
  };
  const t13 = (main: string, extra: Opts = {}) => tlsOf(model({ files, main, ...extra })).tls13Ciphers;

  it('default: OpenSSL\'s default file; none: no file; a path: that file; a name: its section', () => {
    assert.deepEqual(t13(''), ['0x1301']);
    assert.deepEqual(t13('tls_config_file = none\n'), DEFAULT13);
    assert.deepEqual(t13('tls_config_file = /etc/postfix/openssl.cnf\n'), ['0x1302']);
    assert.deepEqual(t13('tls_config_file = /etc/postfix/openssl.cnf\ntls_config_name = postfix\n'), ['0x1303']);
    // A path with a name it lacks: no settings, no fallback to openssl_conf, no error (verified on 3.7.11).
    const t = tlsOf(model({ files, main: 'tls_config_file = /etc/postfix/openssl.cnf\ntls_config_name = other\n' }));
    assert.deepEqual(t.tls13Ciphers, DEFAULT13);
    assert.equal(t.broken, null);
    // default with a name: the default file, falling back to openssl_conf.
    assert.deepEqual(t13('tls_config_name = other\n'), ['0x1301']);
    const sys = tlsOf(model({ files, main: 'tls_config_file = /etc/postfix/openssl.cnf\n' })).system;
    assert.equal(sys?.how, 'tls_config_file');
    assert.match(sys?.source ?? '', /tls_config_file = \/etc\/postfix\/openssl.cnf \(main\.cf:5\)/);
  });

  it('a per-service -o tls_config_file applies to that service only', () => {
    const a = model({ files, master: `${MASTER}submission inet n - y - - smtpd\n  -o tls_config_file=/etc/postfix/openssl.cnf\n` });
    assert.deepEqual(tlsOf(a).tls13Ciphers, ['0x1301']);
    assert.deepEqual(tlsOf(a, 'submission/inet').tls13Ciphers, ['0x1302']);
  });

  it('TLS is disabled by a missing or broken file, a relative path, and a non-default file with OpenSSL 1.1.1a', () => {
    for (const [main, extra, why] of [
      ['tls_config_file = /etc/postfix/missing.cnf\n', {}, /no such file/],
      ['tls_config_file = relative.cnf\n', {}, /not an absolute pathname/],
      ['tls_config_file = Default\n', {}, /not an absolute pathname/],
      ['tls_config_file = /etc/postfix/openssl.cnf\n', { openssl: '1.1.1a' }, /requires OpenSSL 1\.1\.1b/],
      ['tls_config_file = /etc/postfix/bad.cnf\n', { files: { '/etc/postfix/bad.cnf': 'openssl_conf = init\n[init\n' } }, /bad\.cnf:2/],
      ['tls_config_file = /etc/postfix/bad.cnf\n', { files: { '/etc/postfix/bad.cnf': 'openssl_conf = init\n[init]\nssl_conf = nosuch\n' } }, /ssl section \[nosuch\] not found/],
    ] as const) {
      const t = tlsOf(model({ files, main, ...extra }));
      assert.match(t.broken ?? '', why, main);
      assert.deepEqual(t.versions, [], main);
    }
    // Analysed elsewhere, a file missing here is not taken as missing on the server.
    const remote = tlsOf(model({ files, main: 'tls_config_file = /etc/postfix/missing.cnf\n', local: false }));
    assert.equal(remote.broken, null);
    assert.ok(remote.system?.notes.some((n) => /cannot be read here/.test(n)));
    // With tls_config_file = default, errors in the file are ignored...
    const lenient = tlsOf(model({ files: { [SSL_CNF]: 'openssl_conf = init\n[init]\nssl_conf = nosuch\n' } }));
    assert.equal(lenient.broken, null);
    // ...unless it sets config_diagnostics (3.0+): then SSL_CTX_new() fails (verified on 3.0.19).
    const diag = tlsOf(model({ files: { [SSL_CNF]: 'config_diagnostics = 1\nopenssl_conf = init\n[init]\nssl_conf = nosuch\n' } }));
    assert.match(diag.broken ?? '', /SSL_CTX_new\(\) fails/);
  });

  it('a Postfix without tls_config_file ignores the parameter and reads the default file', () => {
    const t = tlsOf(model({ files, main: 'tls_config_file = /etc/postfix/openssl.cnf\n', postfix: '3.7.5' }));
    assert.deepEqual(t.tls13Ciphers, ['0x1301']);
    assert.equal(t.system?.how, 'OPENSSLDIR');
  });

  it('OPENSSL_CONF reaches the daemons only through import_environment', () => {
    const f = { ...files, '/srv/ssl.cnf': SYS('Ciphersuites = TLS_AES_128_CCM_SHA256\n') };
    assert.deepEqual(t13('', { files: f, processEnv: { OPENSSL_CONF: '/srv/ssl.cnf' } }), ['0x1301']);
    assert.deepEqual(t13('import_environment = MAIL_CONFIG OPENSSL_CONF=/srv/ssl.cnf\n', { files: f }), ['0x1304']);
    assert.deepEqual(t13('import_environment = MAIL_CONFIG OPENSSL_CONF\n', { files: f, processEnv: { OPENSSL_CONF: '/srv/ssl.cnf' } }), ['0x1304']);
    const a = model({ files: f, processEnv: { OPENSSL_CONF: '/srv/ssl.cnf' } });
    assert.ok(a.input && tlsOf(a).system?.notes.some((n) => /do not see it/.test(n)));
  });
});

describe('what of system_default reaches the SSL_CTX (tls_server.c, tls_client.c)', () => {
  const run = (body: string, extra: Opts = {}) => model({ files: { [SSL_CNF]: SYS(body) }, ...extra });

  it('Protocol sets SSL_OP_NO_* bits that Postfix 3.7 keeps (verified: -TLSv1.1 disables TLS 1.1 on 3.7.11)', () => {
    const t = tlsOf(run('Protocol = -TLSv1.1\n'));
    assert.deepEqual(t.versions, ['TLSv1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(tlsOf(run('Protocol = ALL, -TLSv1, -tlsv1.1\n')).versions, ['TLSv1.2', 'TLSv1.3']);
  });

  it('MinProtocol and MaxProtocol are overridden from Postfix 3.6; before, both decide (MaxProtocol until 3.6 even after the 3.5.5 floor reset)', () => {
    const body = 'MinProtocol = TLSv1.2\nMaxProtocol = TLSv1.2\n';
    assert.deepEqual(tlsOf(run(body)).versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(tlsOf(run(body, { postfix: '3.5.5' })).versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(tlsOf(run(body, { postfix: '3.5.4' })).versions, ['TLSv1.2']);
    assert.deepEqual(tlsOf(run('MinProtocol = tlsv1.2\n', { postfix: '3.5.4' })).versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.equal(directive(tlsOf(run('MinProtocol = tlsv1.2\n', { postfix: '3.5.4' })), 'MinProtocol')?.status, 'rejected');
  });

  it('Ciphersuites decides TLS 1.3 on every version; an empty list turns TLS 1.3 off; unknown names are skipped', () => {
    const t = tlsOf(run('Ciphersuites = TLS_AES_128_CCM_8_SHA256 : TLS_FOO:TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_8_SHA256\n'));
    assert.deepEqual(t.tls13Ciphers, ['0x1305', '0x1301']);
    assert.match(directive(t, 'Ciphersuites')?.effect ?? '', /TLS_AES_128_CCM_8_SHA256:TLS_AES_128_GCM_SHA256/);
    const off = tlsOf(run('Ciphersuites =\n'));
    assert.deepEqual(off.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(off.tls13Ciphers, []);
    assert.deepEqual(directive(off, 'Ciphersuites')?.changes, ['versions', 'tls13Ciphers']);
  });

  it('Options = ServerPreference turns server order on although tls_preempt_cipherlist = no; the client context rejects it', () => {
    const a = run('Options = ServerPreference\n');
    const t = tlsOf(a);
    assert.equal(t.preferServerCiphers, true);
    assert.deepEqual(directive(t, 'Options')?.changes, ['serverOrder']);
    assert.equal(directive(tlsOf(a, 'smtp/unix'), 'Options')?.status, 'rejected');
    const both = tlsOf(run('Options = -ServerPreference\n', { main: 'tls_preempt_cipherlist = yes\n' }));
    assert.equal(both.preferServerCiphers, true);
    assert.equal(directive(both, 'Options')?.status, 'overridden');
  });

  it('OpenSSL 1.1.1 stops at the first failing command; 3.0 goes on; 3.4 with config_diagnostics fails SSL_CTX_new()', () => {
    const body = 'Bogus = 1\nMinProtocol = TLSv1.2\nCiphersuites = TLS_AES_128_GCM_SHA256\n';
    const old = tlsOf(run(body, { postfix: '3.4.13', openssl: '1.1.1w' }));
    assert.deepEqual(old.system?.directives.map((d) => d.status), ['rejected', 'skipped', 'skipped']);
    assert.deepEqual(old.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(old.tls13Ciphers, DEFAULT13);
    assert.equal(old.system?.directives[0]?.decides, true);
    const now = tlsOf(run(body, { postfix: '3.4.13' }));
    assert.deepEqual(now.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(now.tls13Ciphers, ['0x1301']);
    assert.equal(tlsOf(run(`${body}`, { openssl: '3.5.0' })).broken, null);
    const diag = model({ files: { [SSL_CNF]: `config_diagnostics = 1\n${SYS(body)}` }, openssl: '3.5.0' });
    assert.match(tlsOf(diag).broken ?? '', /config_diagnostics/);
    assert.equal(tlsOf(model({ files: { [SSL_CNF]: `config_diagnostics = 1\n${SYS(body)}` } })).broken, null);
  });

  it('certificate commands are not allowed in system_default; CipherString is replaced by Postfix\'s list', () => {
    const t = tlsOf(run('Certificate = /etc/ssl/x.pem\nCipherString = NULL\n'));
    assert.equal(directive(t, 'Certificate')?.status, 'rejected');
    assert.equal(directive(t, 'CipherString')?.status, 'overridden');
    assert.ok((t.ciphers ?? []).length > 10);
  });

  it('OpenSSL 1.1.0 and 1.0.2 load no configuration for Postfix; without a version nothing is predicted for TLS 1.3', () => {
    const t = tlsOf(run('MinProtocol = TLSv1.2\n', { postfix: '3.3.0', openssl: '1.1.0l' }));
    assert.equal(t.system?.how, 'none');
    assert.deepEqual(t.tls13Ciphers, []);
    assert.deepEqual(t.versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
  });
});

describe('explainDifference: re-predicted with and without each directive', () => {
  const files = { '/etc/postfix/openssl.cnf': SYS('Ciphersuites = TLS_AES_128_GCM_SHA256\nMinProtocol = TLSv1.2\nProtocol = -TLSv1.1\n') };
  const a = model({ files, main: 'tls_config_file = /etc/postfix/openssl.cnf\n' });
  const t = tlsOf(a);
  const obs = (versions: string[], tls13: string[]) => ({ versions, ciphers: t.ciphers ?? [], tls13Ciphers: tls13 });

  it('nothing to explain when the wire is the prediction', () => {
    assert.deepEqual(t.versions, ['TLSv1', 'TLSv1.2', 'TLSv1.3']);
    assert.equal(explainDifference(a, 'smtp/inet', obs(['TLSv1.0', 'TLSv1.2', 'TLSv1.3'], ['0x1301'])), null);
  });

  it('a directive not in force: its file:line, cause tls-config-file', () => {
    const e = explainDifference(a, 'smtp/inet', obs(['TLSv1.0', 'TLSv1.2', 'TLSv1.3'], DEFAULT13));
    assert.equal(e?.cause, 'tls-config-file');
    assert.equal(e?.file, '/etc/postfix/openssl.cnf');
    assert.equal(e?.line, 7);
    assert.equal(e?.directive, 'Ciphersuites = TLS_AES_128_GCM_SHA256');
    assert.deepEqual(e?.predicted.tls13Ciphers, DEFAULT13);
    const p = explainDifference(a, 'smtp/inet', obs(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], ['0x1301']));
    assert.equal(p?.directive, 'Protocol = -TLSv1.1');
  });

  it('an overridden directive that takes effect: an older Postfix is running', () => {
    const e = explainDifference(a, 'smtp/inet', obs(['TLSv1.2', 'TLSv1.3'], ['0x1301']));
    assert.equal(e?.directive, 'MinProtocol = TLSv1.2');
    assert.match(e?.explanation ?? '', /older than 3\.7\.11/);
  });

  it('no configuration at all, or the default file instead of tls_config_file', () => {
    const none = explainDifference(a, 'smtp/inet', obs(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], DEFAULT13));
    assert.equal(none?.directive, 'system_default = sd');
    const withDefault = model({ files: { ...files, [SSL_CNF]: SYS('Ciphersuites = TLS_CHACHA20_POLY1305_SHA256\n') }, main: 'tls_config_file = /etc/postfix/openssl.cnf\n' });
    const alt = explainDifference(withDefault, 'smtp/inet', obs(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], ['0x1303']));
    assert.equal(alt?.cause, 'tls-config-file');
    assert.equal(alt?.file, 'main.cf');
    assert.equal(alt?.line, 5);
  });

  it('a difference no directive explains is left alone', () => {
    assert.equal(explainDifference(a, 'smtp/inet', obs(['TLSv1.3'], ['0x1301'])), null);
    const plain = model({ files: { [SSL_CNF]: confFixture('debian12/openssl.cnf') } });
    assert.equal(explainDifference(plain, 'smtp/inet', obs(['TLSv1.2'], DEFAULT13)), null);
  });
});
