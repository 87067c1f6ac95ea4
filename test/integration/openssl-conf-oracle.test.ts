/**
 * The OpenSSL configuration reader and the module chain against the real OpenSSL of this
 * machine:
 * - every value the reader finds is read back through OpenSSL itself: a probe file includes
 *   the configuration and asks `openssl asn1parse -genconf` to encode `${section::name}` as a
 *   UTF8String, whose bytes are OpenSSL's value; a file OpenSSL rejects must be one the reader
 *   rejects, at the same line;
 * - the system_default commands the chain finds are written into a flat file, and
 *   `openssl ciphers -s` (an SSL_CTX made with OpenSSL's own default loading) must print the
 *   same with the real file and with the flat one; a configuration whose loading fails must
 *   make openssl fail too.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { confDialect, parseOpensslConf, type ConfFile } from '../../src/openssl/conf.js';
import { loadOpensslConfig } from '../../src/openssl/ssl-conf.js';
import { fsConfIo, localOpensslVersion } from '../../src/postfix/load.js';
import { confFixture } from '../helpers/mem-conf-io.js';
import { pool } from '../helpers/pool.js';
import { hasCommand } from './config-helpers.js';
import { needs } from '../helpers/requires.js';

const CAN_RUN = hasCommand('openssl', ['version']);
const OPENSSL = CAN_RUN ? localOpensslVersion() : null;

interface Case {
  readonly name: string;
  /** Paths relative to the case directory; "@DIR@" in a text is the directory. */
  readonly files: Record<string, string>;
  readonly main?: string;
  readonly env?: Record<string, string>;
}

const SYS = (body: string) => `openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\n${body}`;

const CASES: Case[] = [
  {
    name: 'quotes, escapes, comments, continuations, repeated names, expansions',
    files: {
      'main.cnf': [
        'top = T', 'dir = /srv', 'suite_a = TLS_AES_128_GCM_SHA256', '[ a ]', 'x = 1', 'x = 2',
        "q1 = 'single # not comment' tail # comment", 'q2 = "dq ""two"" $top"', 'q3 = `bt`', 'e1 = a\\#b\\tc\\\\e\\qf',
        'v1 = $top-${top}-$(top)', 'v2 = ${a::x}/$a::x', 'v3 = pre$x.post', 'certs = $dir/certs',
        'cont = one \\', '  two\\', 'three', '# a comment \\', 'hidden = yes', 'after = ok', "sp   =   ' padded '   ",
        'empty =', 'suites = ${suite_a}:\\', 'TLS_CHACHA20_POLY1305_SHA256',
        'openssl_conf = init', 'default::openssl_conf = init', '[init]', 'ssl_conf = ssl', '[ssl]', 'system_default = sd', '[sd]',
        'Ciphersuites = ${a::suites}', 'CipherString = AES128-SHA', 'CipherString = ${a::x}:AES256-SHA', '',
      ].join('\n'),
    },
  },
  {
    name: 'includes: a file, a directory in readdir order, a missing file, includedir, and the section state after them',
    files: {
      'main.cnf': '.pragma includedir:@DIR@/rel\n[m]\nbefore = 1\n.include @DIR@/inc.d\nback = 2\n.include = @DIR@/missing.cnf\n.include rel.cnf\ntail = 3\n' +
        'openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\n.include @DIR@/policy.config\n',
      'inc.d/b.cnf': 'da = 1\n.include @DIR@/nested.cnf\nda2 = 2\n',
      'inc.d/c.conf': 'dc = 3\n',
      'inc.d/a.CNF': 'za = 4\n',
      'inc.d/skip.txt': 'skipped = 1\n',
      'nested.cnf': 'n1 = nested\n[nestsec]\nn2 = x\n',
      'rel/rel.cnf': 'r = rel\n',
      'policy.config': 'Ciphersuites = TLS_AES_256_GCM_SHA384\nTLS.MinProtocol = TLSv1.2\nDTLS.MinProtocol = DTLSv1.2\n',
    },
  },
  {
    name: '.pragma dollarid',
    files: { 'main.cnf': '[m]\np = 1\n.pragma dollarid:on\na$b = 1\nc = ${m::p}x$y$(p)\nd = $a$b\n' },
  },
  {
    name: 'ENV section and the environment',
    files: { 'main.cnf': 'home = $ENV::HOME\n[ENV]\nMAILTLS_X = fromfile\n[s]\nk = ${ENV::MAILTLS_X}/${ENV::MAILTLS_Y}\n' },
    env: { MAILTLS_X: 'fromenv', MAILTLS_Y: 'y' },
  },
  { name: 'an undefined variable', files: { 'main.cnf': 'a = 1\n\n[s]\nb = $nope\n' } },
  { name: 'a line without =', files: { 'main.cnf': 'a = 1\nb\n' } },
  { name: 'an unclosed section', files: { 'main.cnf': 'a = 1\n[ s\n' } },
  { name: 'chain: an unknown module before ssl_conf', files: { 'main.cnf': 'openssl_conf = init\n[init]\nbogus = x\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\nCiphersuites = TLS_AES_128_GCM_SHA256\n' } },
  { name: 'chain: an unknown module after ssl_conf', files: { 'main.cnf': 'openssl_conf = init\n[init]\nssl_conf = ssl\nbogus = x\n[ssl]\nsystem_default = sd\n[sd]\nCiphersuites = TLS_AES_128_GCM_SHA256\n' } },
  { name: 'chain: an empty system_default section', files: { 'main.cnf': 'openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\n[other]\nx = 1\n' } },
  { name: 'chain: config_diagnostics and a missing section', files: { 'main.cnf': 'config_diagnostics = 1\nopenssl_conf = init\n[init]\nssl_conf = nosuch\n' } },
  { name: 'chain: bad commands are skipped (3.x)', files: { 'main.cnf': SYS('Bogus = 1\nCiphersuites = TLS_AES_128_CCM_SHA256:TLS_FOO\nCipherString = NOTHING\nCipherString2 = x\nMinProtocol = tlsv1.2\n') } },
  { name: 'Debian 12', files: { 'main.cnf': confFixture('debian12/openssl.cnf') } },
  { name: 'Ubuntu 20.04', files: { 'main.cnf': confFixture('ubuntu2004/openssl.cnf') } },
  ...['DEFAULT', 'LEGACY', 'FUTURE'].map((p): Case => ({
    name: `RHEL 9 ${p}`,
    files: {
      'main.cnf': confFixture('rhel9/openssl.cnf').replace('/etc/crypto-policies/back-ends/opensslcnf.config', '@DIR@/opensslcnf.config'),
      'opensslcnf.config': confFixture(`rhel9/policies/${p}.config`),
    },
  })),
];

function run(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { cwd, env: { ...process.env, ...env }, encoding: 'buffer', timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

/** The UTF8String of a DER file written by asn1parse -genconf. */
function utf8Of(der: Buffer): string {
  assert.equal(der[0], 0x0c);
  let len = der[1] ?? 0;
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | (der[2 + i] ?? 0);
    off = 2 + n;
  }
  return der.subarray(off, off + len).toString('utf8');
}

const quoteConf = (v: string) => `'${v.replace(/[\\']/g, (c) => `\\${c}`)}'`;

describe('the OpenSSL configuration reader against the real OpenSSL', { skip: needs(CAN_RUN, 'openssl') }, () => {
  let root = '';
  const dirs = new Map<string, string>();
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'mailtls-osslconf-'));
    for (const [i, c] of CASES.entries()) {
      const dir = join(root, `case${i}`);
      for (const [rel, text] of Object.entries(c.files)) {
        const p = join(dir, rel);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, text.replaceAll('@DIR@', dir));
      }
      mkdirSync(join(dir, 'inc.d'), { recursive: true });
      dirs.set(c.name, dir);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const parsed = (c: Case): { dir: string; main: string; conf: ConfFile } => {
    const dir = dirs.get(c.name) ?? '';
    const main = join(dir, c.main ?? 'main.cnf');
    const env = new Map(Object.entries({ ...process.env, ...c.env }).filter((e): e is [string, string] => e[1] !== undefined));
    return { dir, main, conf: parseOpensslConf(main, fsConfIo, { dialect: confDialect(OPENSSL), env, cwd: dir }) };
  };

  for (const c of CASES) {
    it(`values: ${c.name}`, async () => {
      const { dir, main, conf } = parsed(c);
      if (conf.error !== null) {
        const r = await run(['asn1parse', '-genconf', main, '-noout'], c.env ?? {}, dir);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, new RegExp(`Error on line ${conf.error.line} of config file`), r.stderr);
        return;
      }
      const refs: [string, string, string][] = [];
      for (const [section, vals] of conf.sections) {
        if (!/^[A-Za-z0-9_]+$/.test(section)) continue;
        for (const v of vals) if (/^[A-Za-z0-9_]+$/.test(v.name) && v.name !== 'asn1') refs.push([section, v.name, v.value]);
      }
      assert.ok(refs.length >= 3, 'the case holds values');
      const got = await pool(refs, 4, async ([section, name], ) => {
        const probe = join(dir, `probe-${section}-${name}.cnf`);
        const out = `${probe}.der`;
        writeFileSync(probe, `.include ${main}\n[ default ]\nasn1 = UTF8:\${${section}::${name}}\n`);
        const r = await run(['asn1parse', '-genconf', probe, '-noout', '-out', out], c.env ?? {}, dir);
        assert.equal(r.code, 0, `${section}::${name}: ${r.stderr}`);
        return utf8Of(readFileSync(out));
      });
      refs.forEach(([section, name, value], i) => assert.equal(got[i], value, `${c.name}: ${section}::${name}`));
    });
  }

  for (const c of CASES) {
    it(`system_default as an SSL_CTX gets it: ${c.name}`, async () => {
      const { dir, main, conf } = parsed(c);
      const config = loadOpensslConfig(conf, { appName: null, defaultSection: true, lenient: true }, confDialect(OPENSSL));
      const real = await run(['ciphers', '-s'], { ...c.env, OPENSSL_CONF: main }, dir);
      if (config.failure !== null) {
        assert.notEqual(real.code, 0, `${c.name}: openssl should fail (${config.failure.message})`);
        return;
      }
      const flat = join(dir, 'flat.cnf');
      const cmds = config.systemDefault?.commands ?? [];
      writeFileSync(flat, cmds.length === 0 ? '# nothing\n' : SYS(cmds.map((x, i) => `${i}.${x.cmd} = ${quoteConf(x.value)}`).join('\n') + '\n'));
      const model = await run(['ciphers', '-s'], { ...c.env, OPENSSL_CONF: flat }, dir);
      assert.equal(real.code, 0, real.stderr);
      assert.equal(model.stdout.toString(), real.stdout.toString(), `${c.name}: the flat file of ${cmds.length} commands`);
    });
  }

  it('the cases differ from OpenSSL\'s defaults where they set something (the comparison can fail)', async () => {
    const dir = dirs.get(CASES[0]?.name ?? '') ?? root;
    const plain = await run(['ciphers', '-s'], { OPENSSL_CONF: '/dev/null' }, dir);
    const first = await run(['ciphers', '-s'], { OPENSSL_CONF: join(dir, 'main.cnf') }, dir);
    assert.notEqual(first.stdout.toString(), plain.stdout.toString());
    // The last CipherString wins, with ${a::x} = 2 (the repeated x): "2:AES256-SHA".
    assert.equal(first.stdout.toString(), 'TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:AES256-SHA\n');
  });
});
