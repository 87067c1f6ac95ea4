import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigLine } from './lines.js';
import { parseDovecotConfig, protocolFilter, sections, type ConfigFs } from './parse.js';
import { analyzeProtocol, type AnalyzeOptions } from './analyze.js';
import { dovecotDefaults, parseDovecotVersion, type DovecotVersion } from './defaults.js';
import { dovecotFindings } from './findings.js';

/** An in-memory file system with glob over its paths. */
function memFs(files: Record<string, string>): ConfigFs {
  const toRe = (g: string) => new RegExp(`^${g.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return {
    readFile: (p) => (files[p] !== undefined ? { text: files[p] } : { error: 'No such file or directory' }),
    glob: (g) => Object.keys(files).filter((p) => toRe(g).test(p)).sort(),
    env: { MAILTLS_TEST: 'from-env' },
  };
}

test('lines: comments, quotes, continuations, <file, $var, includes, sections and errors as Dovecot classifies them', () => {
  assert.deepEqual(parseConfigLine('  # a comment').line, { type: 'skip' });
  assert.deepEqual(parseConfigLine('ssl = required # really').line, { type: 'value', key: 'ssl', value: 'required', quoted: false });
  assert.deepEqual(parseConfigLine('login_greeting = "a # b"').line, { type: 'value', key: 'login_greeting', value: 'a # b', quoted: true });
  assert.equal(parseConfigLine('ssl = yes#no').warning?.startsWith('Ambiguous'), true);
  assert.deepEqual(parseConfigLine('ssl_cert = < /etc/ssl/c.pem').line, { type: 'file', key: 'ssl_cert', path: '/etc/ssl/c.pem' });
  assert.deepEqual(parseConfigLine('protocols = $protocols imap').line, { type: 'variable', key: 'protocols', value: '$protocols imap' });
  assert.deepEqual(parseConfigLine('!include_try conf.d/*.conf').line, { type: 'include', pattern: 'conf.d/*.conf', optional: true });
  assert.deepEqual(parseConfigLine('service imap-login {').line, { type: 'begin', section: 'service', name: 'imap-login' });
  assert.deepEqual(parseConfigLine('local "10.0.0.1" {').line, { type: 'begin', section: 'local', name: '10.0.0.1' });
  assert.deepEqual(parseConfigLine('}').line, { type: 'end' });
  assert.deepEqual(parseConfigLine('service imap-login { port = 1 }').line, { type: 'error', message: 'Garbage after \'{\'' });
  assert.deepEqual(parseConfigLine('service imap-login').line, { type: 'error', message: 'Expecting \'{\'' });
  const c = parseConfigLine('ssl_cipher_list = ALL:\\');
  assert.equal(c.line.type, 'continue');
  assert.deepEqual(parseConfigLine('!RC4', c.line.type === 'continue' ? c.line.text : '').line, { type: 'value', key: 'ssl_cipher_list', value: 'ALL: !RC4', quoted: false });
});

test('an !include tree: globs relative to the including file, sorted, in place; later wins; file:line kept; filters and merged sections', () => {
  const fs = memFs({
    '/d/dovecot.conf': 'protocols = imap\n!include conf.d/*.conf\n!include_try /nowhere/*.conf\n!include_try local.conf\nprotocols = $protocols pop3\n',
    '/d/conf.d/10-ssl.conf': 'ssl = yes\nssl_cert = <../certs/c.pem\nssl_min_protocol = TLSv1\n',
    '/d/conf.d/20-imap.conf': 'protocol imap {\n  ssl_min_protocol = TLSv1.2\n}\nservice imap-login {\n  inet_listener imap {\n    port = 0\n  }\n}\n',
    '/d/conf.d/README': 'not a conf file\n',
    '/d/local.conf': 'ssl = required\nservice imap-login {\n  inet_listener imaps {\n    port = 10993\n  }\n}\nx = $ENV:MAILTLS_TEST\n',
  });
  const cfg = parseDovecotConfig('/d/dovecot.conf', fs, { generation: '2.3' });
  assert.deepEqual(cfg.files, ['/d/dovecot.conf', '/d/conf.d/10-ssl.conf', '/d/conf.d/20-imap.conf', '/d/local.conf']);
  assert.deepEqual(cfg.warnings, []);
  const ssl = cfg.root.settings.get('ssl');
  assert.deepEqual([ssl?.value, ssl?.file, ssl?.line], ['required', '/d/local.conf', 1]);
  assert.equal(cfg.root.settings.get('protocols')?.value, 'imap pop3');
  assert.equal(cfg.root.settings.get('ssl_cert')?.fromFile, '/d/certs/c.pem');
  assert.equal(cfg.root.settings.get('x')?.value, 'from-env');
  assert.equal(protocolFilter(cfg, 'imap')?.settings.get('ssl_min_protocol')?.line, 2);
  const svc = sections(cfg.root, 'service');
  assert.equal(svc.length, 1, 'service imap-login opened twice is one section');
  assert.deepEqual(sections(svc[0]!, 'inet_listener').map((l) => l.name), ['imap', 'imaps']);
});

test('malformed input: coded warnings with file:line, and the rest still read', () => {
  const fs = memFs({
    '/m/dovecot.conf': 'ssl = yes\nservice imap-login\n}\n!include missing.conf\n!include /m/dovecot.conf\nprotocol imap {\n  protocol pop3 {\n  }\n}\nssl_min_protocol = TLSv1.3\nservice pop3-login {\n  inet_listener pop3 {\nport = 1\n',
  });
  const cfg = parseDovecotConfig('/m/dovecot.conf', fs, { generation: '2.3' });
  const got = cfg.warnings.map((w) => `${w.code} ${w.file}:${w.line ?? ''} ${w.message}`);
  assert.deepEqual(got, [
    'EDOVECOT_PARSE /m/dovecot.conf:2 Expecting \'{\'',
    'EDOVECOT_PARSE /m/dovecot.conf:3 Unexpected \'}\'',
    'EDOVECOT_INCLUDE /m/dovecot.conf:4 Couldn\'t open include file /m/missing.conf: No such file or directory',
    'EDOVECOT_INCLUDE /m/dovecot.conf:5 Recursive include file: /m/dovecot.conf',
    'EDOVECOT_PARSE /m/dovecot.conf:7 Nested protocol { protocol { .. } } block not allowed',
    'EDOVECOT_PARSE /m/dovecot.conf:12 inet_listener pop3 { is never closed',
    'EDOVECOT_PARSE /m/dovecot.conf:11 service pop3-login { is never closed',
  ]);
  assert.equal(cfg.root.settings.get('ssl_min_protocol')?.value, 'TLSv1.3', 'settings after the damage are read');
});

const v23 = parseDovecotVersion('2.3.19.1') as DovecotVersion;
const opts = (over: Partial<AnalyzeOptions> = {}): AnalyzeOptions => ({
  version: v23, generation: '2.3', defaults: dovecotDefaults(v23), opensslVersion: '3.0.19',
  systemSecurityLevel: { level: 2, source: 'test' },
  readCertificate: (setting, src) => ({ setting, path: 'path' in src ? src.path : null, readable: true, keyTypes: ['rsa'] }),
  ...over,
});

test('prediction: defaults of 2.3.19 (TLS 1.2+, Dovecot\'s list), and at security level 2 TLSv1 stays off; @SECLEVEL=0 brings it back', () => {
  const base = 'ssl_cert = </c\nssl_key = </k\nssl_dh = </dh\n';
  const stock = parseDovecotConfig('/a/dovecot.conf', memFs({ '/a/dovecot.conf': base }), { generation: '2.3' });
  const s = analyzeProtocol(stock, opts(), 'imap');
  assert.deepEqual(s.versions, ['TLSv1.2', 'TLSv1.3']);
  assert.ok(s.cipherNames.includes('ECDHE-RSA-AES256-GCM-SHA384') && !s.cipherNames.some((n) => /^AES|DES|RC4/.test(n)));
  assert.deepEqual(s.beforeTls, { sasl: [], loginDisabled: true, user: null });
  const min1 = analyzeProtocol(parseDovecotConfig('/b/dovecot.conf', memFs({ '/b/dovecot.conf': `${base}ssl_min_protocol = TLSv1\n` }), { generation: '2.3' }), opts(), 'imap');
  assert.deepEqual(min1.versions, ['TLSv1.2', 'TLSv1.3']);
  assert.ok(min1.notes.some((n) => /refuses them/.test(n)));
  const lax = analyzeProtocol(parseDovecotConfig('/c/dovecot.conf', memFs({ '/c/dovecot.conf': `${base}ssl_min_protocol = TLSv1\nssl_cipher_list = ALL:@SECLEVEL=0\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n` }), { generation: '2.3' }), opts(), 'pop3');
  assert.deepEqual(lax.versions, ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(lax.beforeTls, { sasl: ['PLAIN', 'LOGIN'], loginDisabled: null, user: true });
  const cfg = parseDovecotConfig('/c/dovecot.conf', memFs({ '/c/dovecot.conf': `${base}ssl_min_protocol = TLSv1\nssl_cipher_list = ALL:@SECLEVEL=0\ndisable_plaintext_auth = no\n` }), { generation: '2.3' });
  const ids = dovecotFindings(cfg, '2.3', [lax]).map((f) => `${f.id} ${f.line ?? ''} ${f.fix ?? ''}`);
  assert.ok(ids.includes('dovecot-cleartext-auth 6 disable_plaintext_auth = yes'), ids.join('\n'));
  assert.ok(ids.includes('dovecot-old-tls 4 ssl_min_protocol = TLSv1.2'), ids.join('\n'));
  assert.ok(ids.some((i) => i.startsWith('dovecot-weak-ciphers 5 ssl_cipher_list = ALL:!kRSA')), ids.join('\n'));
});

test('2.4 names in a 2.3 configuration (and back) are findings with the right name and value', () => {
  const cfg = parseDovecotConfig('/e/dovecot.conf', memFs({ '/e/dovecot.conf': 'ssl_server_cert_file = /etc/c.pem\nauth_allow_cleartext = yes\nssl_protocols = !SSLv3\n' }), { generation: '2.3' });
  const f = dovecotFindings(cfg, '2.3', []).map((x) => [x.id, x.line, x.fix]);
  assert.deepEqual(f, [
    ['dovecot-other-generation', 1, 'ssl_cert = </etc/c.pem'],
    ['dovecot-other-generation', 2, 'disable_plaintext_auth = no'],
    ['dovecot-obsolete', 3, 'ssl_min_protocol = TLSv1.2'],
  ]);
});

test('local filter networks: bits matched, IPv4 and IPv6, several networks, host names not resolved', async () => {
  const { localMatch } = await import('./analyze.js');
  assert.equal(localMatch('127.0.0.2', '127.0.0.2'), 32);
  assert.equal(localMatch('127.0.0.0/8', '127.0.0.2'), 8);
  assert.equal(localMatch('10.0.0.0/8', '127.0.0.2'), -1);
  assert.equal(localMatch('192.0.2.1 127.0.0.0/16', '127.0.9.1'), 16);
  assert.equal(localMatch('2001:db8::/32', '2001:db8:0:1::25'), 32);
  assert.equal(localMatch('::1', '::1'), 128);
  assert.equal(localMatch('::1', '127.0.0.1'), -1);
  assert.equal(localMatch('mail.example.org', '127.0.0.1'), -1);
  assert.equal(localMatch('127.0.0.0/33', '127.0.0.1'), -1);
});

test('findings have the one shape: a title of their own, the place from file, line and protocol', async () => {
  const { DOVECOT_FINDING_TITLES } = await import('./findings.js');
  const cfg = parseDovecotConfig('/e/dovecot.conf', memFs({ '/e/dovecot.conf': 'ssl_server_cert_file = /etc/c.pem\nssl_protocols = !SSLv3\n' }), { generation: '2.3' });
  const fs = dovecotFindings(cfg, '2.3', []);
  assert.deepEqual(fs.map((f) => [f.title, f.place]), [
    ['Setting of the other Dovecot generation', { file: '/e/dovecot.conf', line: 1 }],
    ['Obsolete setting', { file: '/e/dovecot.conf', line: 2 }],
  ]);
  // Every id the rules emit has a title (the source names them all).
  const { readFileSync } = await import('node:fs');
  const src = readFileSync(new URL('./findings.ts', import.meta.url), 'utf8');
  const ids = [...new Set([...src.matchAll(/id: '(dovecot-[a-z-]+)'/g)].map((m) => m[1] as string))];
  assert.ok(ids.length >= 12);
  for (const id of ids) assert.ok(DOVECOT_FINDING_TITLES[id] !== undefined, id);
});
