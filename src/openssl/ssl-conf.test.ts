import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOpensslConf } from './conf.js';
import { loadOpensslConfig, type LoadMode } from './ssl-conf.js';
import { applySystemDefault } from './ssl-ctx.js';
import { parseCiphersuites } from './tls13.js';
import { memIo } from '../../test/helpers/mem-conf-io.js';

const LENIENT: LoadMode = { appName: null, defaultSection: true, lenient: true };
const STRICT: LoadMode = { appName: null, defaultSection: false, lenient: false };
const load = (text: string, mode = LENIENT, dialect: '1.1.1' | '3' = '3') =>
  loadOpensslConfig(parseOpensslConf('/c.cnf', memIo({ '/c.cnf': text }), { dialect }), mode, dialect);
const CHAIN = 'openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\nother = o\n[sd]\nTLS.MinProtocol = TLSv1.2\nDTLS.MinProtocol = DTLSv1.2\na.b.Options = x\n[o]\nCipherString = HIGH\n';

describe('the module chain to system_default (conf_mod.c, conf_ssl.c)', () => {
  it('openssl_conf -> init section -> ssl_conf -> system_default; the text before the first dot is dropped', () => {
    const c = load(CHAIN);
    assert.equal(c.failure, null);
    assert.equal(c.initSection, 'init');
    assert.equal(c.appEntry?.line, 1);
    assert.deepEqual(c.sslConf?.names.map((n) => n.name), ['system_default', 'other']);
    assert.deepEqual(c.systemDefault?.commands.map((x) => `${x.written}>${x.cmd}@${x.line}`), [
      'TLS.MinProtocol>MinProtocol@8', 'DTLS.MinProtocol>MinProtocol@9', 'a.b.Options>b.Options@10',
    ]);
  });

  it('an application name: its own entry, the openssl_conf fallback only with CONF_MFLAGS_DEFAULT_SECTION', () => {
    const text = `postfix = pinit\n${CHAIN}[pinit]\nssl_conf = pssl\n[pssl]\nsystem_default = o\n`;
    assert.equal(load(text, { ...LENIENT, appName: 'postfix' }).systemDefault?.section, 'o');
    assert.equal(load(text, { ...LENIENT, appName: 'nope' }).systemDefault?.section, 'sd');
    const strict = load(text, { ...STRICT, appName: 'nope' });
    assert.equal(strict.systemDefault, null);
    assert.equal(strict.failure, null);
  });

  it('missing or empty sections fail the ssl module; strict loading fails, lenient loading ignores it', () => {
    for (const text of [
      'openssl_conf = init\n[init]\nssl_conf = nosuch\n',
      'openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\n[x]\ny=1\n',
      'openssl_conf = nosuch\n',
    ]) {
      assert.ok(load(text, STRICT).failure, text);
      assert.equal(load(text).failure, null, text);
      assert.equal(load(text).systemDefault, null, text);
    }
  });

  it('modules run in order: an unknown one stops those after it, those before stay', () => {
    const after = load('openssl_conf = init\n[init]\nssl_conf = ssl\nbogus = x\n[ssl]\nsystem_default = sd\n[sd]\nMinProtocol = TLSv1.2\n');
    assert.equal(after.systemDefault?.section, 'sd');
    const before = load('openssl_conf = init\n[init]\nbogus = x\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\nMinProtocol = TLSv1.2\n');
    assert.equal(before.systemDefault, null);
    assert.deepEqual(before.modules.map((m) => m.status), ['failed', 'not run']);
    // providers and random are 3.0 modules: under 1.1.1 they are unknown.
    assert.equal(load('openssl_conf = init\n[init]\nproviders = p\nssl_conf = ssl\n[p]\nx=1\n[ssl]\nsystem_default = sd\n[sd]\nMinProtocol = TLSv1.2\n', LENIENT, '1.1.1').systemDefault, null);
  });

  it('config_diagnostics > 0 (leading digits) makes errors count even for lenient loading', () => {
    const bad = 'openssl_conf = init\n[init]\nssl_conf = nosuch\n';
    assert.ok(load(`config_diagnostics = 1\n${bad}`).failure);
    assert.equal(load(`config_diagnostics = yes\n${bad}`).failure, null);
    assert.equal(load(`config_diagnostics = 0\n${bad}`).failure, null);
    // A file that does not parse is ignored whatever it says (NCONF_load fails first).
    assert.equal(load('config_diagnostics = 1\nopenssl_conf = init\n[init\n').failure, null);
  });
});

describe('SSL_CONF commands (ssl_conf.c) on a new SSL_CTX', () => {
  const cmd = (pairs: [string, string][]) => pairs.map(([c, value], i) => ({ file: '/c', line: i + 1, section: 'sd', written: c, cmd: c, value }));
  const apply = (pairs: [string, string][], opensslVersion = '3.0.19', role: 'server' | 'client' = 'server') =>
    applySystemDefault(cmd(pairs), { opensslVersion, role, cipherStringValid: (s) => s !== 'NOTHING' });

  it('names are matched in any case, protocol values only exactly; DTLS bounds do nothing for TLS', () => {
    const r = apply([['minprotocol', 'TLSv1.2'], ['MaxProtocol', 'tlsv1.3'], ['MaxProtocol', 'DTLSv1.2'], ['MINPROTOCOL', 'None']]);
    assert.deepEqual(r.commands.map((c) => c.ok), [true, false, true, true]);
    assert.equal(r.state.minVersion, 0);
    assert.equal(r.state.maxVersion, 0);
  });

  it('Options and Protocol lists: names in any case with + and -; an unknown name fails after the ones before it', () => {
    const r = apply([['Options', 'ServerPreference,Bogus,PrioritizeChaCha'], ['Protocol', '-TLSv1, -tlsv1.1']]);
    assert.equal(r.state.serverPreference, true);
    assert.equal(r.state.prioritizeChacha, false);
    assert.equal(r.commands[0]?.ok, false);
    assert.deepEqual([...r.state.noVersions], ['TLSv1', 'TLSv1.1']);
    assert.equal(apply([['Options', 'ExtendedMasterSecret']], '1.1.1w').commands[0]?.ok, false);
    assert.equal(apply([['Options', 'ExtendedMasterSecret']]).commands[0]?.ok, true);
    assert.equal(apply([['Options', 'ServerPreference']], '3.0.19', 'client').commands[0]?.ok, false);
    assert.equal(apply([['NumTickets', '2']], '3.0.19', 'client').commands[0]?.ok, false);
  });

  it('1.1.1 stops at the first failing command, 3.x does not', () => {
    const pairs: [string, string][] = [['CipherString', 'NOTHING'], ['MinProtocol', 'TLSv1.2']];
    assert.equal(apply(pairs, '1.1.1w').state.minVersion, 0);
    assert.deepEqual(apply(pairs, '1.1.1w').commands.map((c) => c.skipped), [false, true]);
    assert.equal(apply(pairs).state.minVersion, 0x0303);
  });

  it('Ciphersuites: blanks trimmed, unknown and repeated names skipped, case matters, integrity-only suites from 3.4', () => {
    assert.deepEqual(parseCiphersuites(' TLS_AES_128_GCM_SHA256 :tls_aes_256_gcm_sha384:TLS_AES_128_GCM_SHA256::TLS_SHA256_SHA256', '3.0.19').suites.map((s) => s.code), [0x1301]);
    assert.deepEqual(parseCiphersuites('TLS_SHA256_SHA256', '3.5.0').suites.map((s) => s.code), [0xc0b4]);
    assert.deepEqual(parseCiphersuites('', '3.0.19').suites, []);
    assert.ok(parseCiphersuites(`TLS_${'X'.repeat(90)}`, '1.1.1w').error);
  });
});
