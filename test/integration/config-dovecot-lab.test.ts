/**
 * The mailbox side of `mailtls config` against the wire: Dovecot configurations (an !include
 * tree; a hardened one, a lax one, one whose ssl_min_protocol = TLSv1 OpenSSL overrules) are
 * read and predicted, then run as lab Dovecot instances and scanned; versions, TLS 1.2 and 1.3
 * suites, server order and what a client sees before TLS must be what was predicted. One
 * version check goes through `openssl s_client`, independent of mailtls's own scanner.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { dovecotLabUp, dovecotLabDown, type DovecotLabInstance } from '../../src/lab/dovecot/index.js';
import { loadDovecot, type DovecotReport } from '../../src/dovecot/index.js';
import { scanHost } from '../../src/scan/engine.js';
import { localOpensslVersion } from '../../src/postfix/load.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { ScanReport } from '../../src/scan/types.js';

/** A configuration split the way Debian splits it, with the TLS settings in conf.d/10-ssl.conf. */
const tree = (ssl: string, auth = ''): Record<string, string> => ({
  'dovecot.conf': 'protocols = imap pop3\n!include conf.d/*.conf\n!include_try local.conf\n',
  'conf.d/10-auth.conf': `auth_mechanisms = plain login\n${auth}passdb {\n  driver = passwd-file\n  args = /dev/null\n}\nuserdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=/nonexistent\n}\n`,
  'conf.d/10-master.conf': 'service imap-login {\n  inet_listener imap {\n  }\n  inet_listener imaps {\n  }\n}\nservice pop3-login {\n  inet_listener pop3 {\n  }\n}\n',
  'conf.d/10-ssl.conf': `ssl_cert = </etc/dovecot/private/dovecot.pem\nssl_key = </etc/dovecot/private/dovecot.key\nssl_dh = </usr/share/dovecot/dh.pem\n${ssl}`,
});

const configs = {
  hardened: tree('ssl = required\nssl_min_protocol = TLSv1.2\nssl_cipher_list = ECDHE+AESGCM:ECDHE+CHACHA20\nssl_cipher_suites = TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256\nssl_prefer_server_ciphers = yes\n'),
  lax: tree('ssl = yes\nssl_min_protocol = TLSv1\nssl_cipher_list = ALL:@SECLEVEL=0\n', 'disable_plaintext_auth = no\n'),
  overruled: tree('ssl = yes\nssl_min_protocol = TLSv1\nssl_cipher_list = ALL:!aNULL\n'),
  // Connections to 127.0.0.2 (the lab's address) get TLS 1.3 only; the rest of 127/8 other suites.
  local: tree('ssl = yes\nssl_min_protocol = TLSv1.2\nlocal 127.0.0.0/8 {\n  ssl_cipher_list = ECDHE+AESGCM\n}\nlocal 127.0.0.2 {\n  ssl_min_protocol = TLSv1.3\n}\n'),
};
const names = { hardened: 'cfg-dc-hard', lax: 'cfg-dc-lax', overruled: 'cfg-dc-over', local: 'cfg-dc-local' } as const;
const labs: Record<string, DovecotLabInstance> = {};
const reports: Record<string, DovecotReport> = {};
const openssl = localOpensslVersion();

before(async () => {
  await Promise.all(Object.values(names).map((n) => dovecotLabDown(n).catch(() => undefined)));
  const ups = await Promise.all((Object.keys(names) as (keyof typeof names)[]).map((k) => dovecotLabUp({ name: names[k], files: configs[k] })));
  for (const lab of ups) labs[lab.name] = lab;
  // The lab's copy: the same files, certificates pointed at the lab's (the change is in instance.changes).
  for (const k of Object.keys(names) as (keyof typeof names)[]) reports[k] = loadDovecot({ configDir: (labs[names[k]] as DovecotLabInstance).configDir, opensslVersion: openssl });
});

after(async () => {
  await Promise.all(Object.values(names).map((n) => dovecotLabDown(n).catch(() => undefined)));
});

function listener(k: keyof typeof names, name: string): { address: string; port: number } {
  const l = labs[names[k]]?.listeners.find((x) => x.listener === name);
  if (!l) throw new Error(`no ${name} in ${k}`);
  return l;
}

/** The scan of one listener must be the prediction for its protocol. */
function agree(k: keyof typeof names, protocol: string, r: ScanReport, starttls: boolean): void {
  const p = reports[k]?.services.find((s) => s.protocol === protocol);
  assert.ok(p, `${protocol} predicted`);
  assert.equal(r.complete, true, r.error ?? '');
  assert.deepEqual(r.protocols.filter((x) => x.offered).map((x) => x.version), p.versions, `${k} ${protocol}: versions`);
  const tls12 = r.protocols.find((x) => x.version === 'TLSv1.2');
  const scanned = tls12?.ciphers.map((c) => c.code) ?? [];
  if (tls12?.serverPreference === true) assert.deepEqual(scanned, p.ciphers, `${k} ${protocol}: TLS 1.2 suites in server order`);
  else assert.deepEqual([...scanned].sort(), [...p.ciphers].sort(), `${k} ${protocol}: TLS 1.2 suites`);
  if (tls12?.offered && p.ciphers.length >= 2) assert.equal(tls12.serverPreference, p.serverPreference, `${k} ${protocol}: server order`);
  const tls13 = r.protocols.find((x) => x.version === 'TLSv1.3')?.ciphers.map((c) => c.iana) ?? [];
  assert.deepEqual([...tls13].sort(), [...p.tls13Ciphers].sort(), `${k} ${protocol}: TLS 1.3 suites`);
  if (starttls) {
    assert.deepEqual(r.mailbox?.saslBeforeTls, p.beforeTls.sasl, `${k} ${protocol}: SASL before TLS`);
    if (protocol === 'imap') assert.equal(r.mailbox?.loginDisabledBeforeTls, p.beforeTls.loginDisabled, `${k}: LOGINDISABLED`);
    if (protocol === 'pop3') assert.equal(r.mailbox?.plaintextLoginBeforeTls, p.beforeTls.user, `${k}: USER before TLS`);
  }
}

test('the !include tree is read in Dovecot\'s order, every TLS value with its file:line', () => {
  const r = reports['hardened'] as DovecotReport;
  assert.deepEqual(r.files.map((f) => f.slice(f.indexOf('/etc/') + 5)), ['dovecot.conf', 'conf.d/10-auth.conf', 'conf.d/10-master.conf', 'conf.d/10-ssl.conf']);
  const imap = r.services.find((s) => s.protocol === 'imap');
  assert.match(`${imap?.minProtocol.file}:${imap?.minProtocol.line}`, /conf\.d\/10-ssl\.conf:5$/);
  assert.equal(imap?.tlsRequired, true);
  assert.deepEqual(imap?.listeners.map((l) => `${l.listener}:${l.port}:${l.implicitTls}`), ['imap:143:false', 'imaps:993:true']);
  assert.deepEqual(r.warnings, []);
  assert.ok(!r.findings.some((f) => f.severity === 'high' || f.severity === 'medium'), JSON.stringify(r.findings));
});

test('hardened: predicted = scanned on IMAP STARTTLS, IMAP implicit TLS and POP3 (server order, two TLS 1.3 suites, no SASL before TLS)', async () => {
  const imap = listener('hardened', 'imap');
  const imaps = listener('hardened', 'imaps');
  const pop3 = listener('hardened', 'pop3');
  const [a, b, c] = await Promise.all([
    scanHost({ host: imap.address, port: imap.port, starttls: true, protocol: 'imap' }),
    scanHost({ host: imaps.address, port: imaps.port, starttls: false, protocol: 'imap' }),
    scanHost({ host: pop3.address, port: pop3.port, starttls: true, protocol: 'pop3' }),
  ]);
  agree('hardened', 'imap', a, true);
  agree('hardened', 'imap', b, false);
  agree('hardened', 'pop3', c, true);
  assert.equal(a.protocols.find((x) => x.version === 'TLSv1.2')?.serverPreference, true);
});

test('lax: TLS 1.0 to 1.3 at @SECLEVEL=0, cleartext logins before TLS; predicted = scanned; findings with file:line and the line to write', async () => {
  const imap = listener('lax', 'imap');
  const pop3 = listener('lax', 'pop3');
  const [a, b] = await Promise.all([
    scanHost({ host: imap.address, port: imap.port, starttls: true, protocol: 'imap' }),
    scanHost({ host: pop3.address, port: pop3.port, starttls: true, protocol: 'pop3' }),
  ]);
  agree('lax', 'imap', a, true);
  agree('lax', 'pop3', b, true);
  const f = (reports['lax'] as DovecotReport).findings;
  const clear = f.find((x) => x.id === 'dovecot-cleartext-auth');
  assert.match(`${clear?.file}:${clear?.line}`, /conf\.d\/10-auth\.conf:2$/);
  assert.equal(clear?.fix, 'disable_plaintext_auth = yes');
  const old = f.find((x) => x.id === 'dovecot-old-tls');
  assert.match(`${old?.file}:${old?.line}`, /conf\.d\/10-ssl\.conf:5$/);
  assert.equal(old?.fix, 'ssl_min_protocol = TLSv1.2');
  assert.ok(f.some((x) => x.id === 'dovecot-weak-ciphers'));
});

/** openssl s_client -starttls imap with one version: did a handshake complete? */
function sClient(address: string, port: number, flag: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = execFile('openssl', ['s_client', '-starttls', 'imap', '-connect', `${address}:${port}`, '-brief', flag, '-cipher', 'ALL:@SECLEVEL=0'], { timeout: 10_000 }, (_e, _o, stderr) => {
      resolve(/Ciphersuite: /.test(stderr));
    });
    child.stdin?.end();
  });
}

test('ssl_min_protocol = TLSv1 at Debian\'s security level 2: predicted and on the wire, no TLS 1.0 or 1.1 (openssl s_client agrees); a low finding, not a medium one', async () => {
  const r = reports['overruled'] as DovecotReport;
  const imap = r.services.find((s) => s.protocol === 'imap');
  assert.deepEqual(imap?.versions, ['TLSv1.2', 'TLSv1.3']);
  assert.ok(imap?.notes.some((n) => /refuses them/.test(n)));
  assert.ok(r.findings.some((x) => x.id === 'dovecot-min-protocol' && x.severity === 'low'));
  assert.ok(!r.findings.some((x) => x.id === 'dovecot-old-tls'));
  const l = listener('overruled', 'imap');
  assert.deepEqual(await Promise.all(['-tls1', '-tls1_1', '-tls1_2', '-tls1_3'].map((f) => sClient(l.address, l.port, f))), [false, false, true, true]);
  agree('overruled', 'imap', await scanHost({ host: l.address, port: l.port, starttls: true, protocol: 'imap' }), true);
});

test('local { } filters: the most specific network wins, as doveconf -f local= says; the lab\'s address gets what its filter predicts', async () => {
  const lab = labs[names.local] as DovecotLabInstance;
  const imap = listener('local', 'imap');
  assert.equal(imap.address, '127.0.0.2');
  const p = reports.local?.services.find((s) => s.protocol === 'imap');
  assert.deepEqual(p?.versions, ['TLSv1.2', 'TLSv1.3'], 'the top level, for connections to other addresses');
  const to2 = p?.locals.find((l) => l.address === '127.0.0.2');
  assert.deepEqual(to2?.versions, ['TLSv1.3']);
  assert.equal(to2?.cipherList.value, 'ECDHE+AESGCM', 'from the wider local 127.0.0.0/8 filter');
  assert.ok(!p?.conditional.some((c) => c.filter.startsWith('local')), 'local filters are predicted, not only listed');
  // Dovecot's own reading of the same files: doveconf -h -f protocol=imap -f local=ADDR.
  const doveconf = (local: string, setting: string) => new Promise<string>((resolve, reject) => {
    execFile('doveconf', ['-c', join(lab.configDir, 'dovecot.conf'), '-h', '-f', 'protocol=imap', '-f', `local=${local}`, setting], (err, out) => (err ? reject(new Error(err.message)) : resolve(out.trim())));
  });
  for (const l of p?.locals ?? []) {
    assert.equal(l.minProtocol.value, await doveconf(l.address, 'ssl_min_protocol'), `${l.filter}: ssl_min_protocol`);
    assert.equal(l.cipherList.value, await doveconf(l.address, 'ssl_cipher_list'), `${l.filter}: ssl_cipher_list`);
  }
  // And the wire of the lab's imap listener on 127.0.0.2 is that filter's prediction.
  const r = await scanHost({ host: imap.address, port: imap.port, starttls: true, protocol: 'imap' });
  assert.deepEqual(r.protocols.filter((x) => x.offered).map((x) => x.version), to2?.versions);
  assert.deepEqual([...(r.protocols.find((x) => x.version === 'TLSv1.3')?.ciphers.map((c) => c.iana) ?? [])].sort(), [...(to2?.tls13Ciphers ?? [])].sort());
});

test('mailtls config DIR --dovecot=DIR --json: the Postfix parts as before, plus "dovecot"; malformed Dovecot input gives warnings, not a failure', async () => {
  const io = memoryIo();
  const dc = (labs[names.lax] as DovecotLabInstance).configDir;
  assert.equal(await main(['config', 'test/fixtures/config/debian-stock', `--dovecot=${dc}`, '--json'], io), 0, io.err());
  const out = JSON.parse(io.out()) as { services: unknown[]; dovecot: DovecotReport };
  assert.ok(Array.isArray(out.services));
  assert.ok(out.dovecot.findings.some((f) => f.id === 'dovecot-cleartext-auth'));
  const text = memoryIo();
  assert.equal(await main(['config', 'test/fixtures/config/debian-stock', '--dovecot', 'test/fixtures/dovecot/malformed'], text), 0, text.err());
  assert.match(text.out(), /EDOVECOT_PARSE \S+dovecot\.conf:3: Expecting '\{'/);
  assert.match(text.out(), /EDOVECOT_INCLUDE \S+dovecot\.conf:5: Couldn't open include file/);
  assert.match(text.out(), /ssl_min_protocol\s+TLSv1\.3/);
  const missing = memoryIo();
  assert.equal(await main(['config', 'test/fixtures/config/debian-stock', '--dovecot=/nonexistent/dovecot'], missing), 1);
  assert.match(missing.err(), /EDOVECOT_NOTFOUND/);
});
