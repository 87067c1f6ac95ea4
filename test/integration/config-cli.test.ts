/** `mailtls config` end to end through the CLI: JSON shape, --fix, terminal report, errors. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { fixtureCopy } from './config-helpers.js';

describe('mailtls config (CLI)', () => {
  const seed = fixtureCopy('seed-002', false);
  const modern = fixtureCopy('modern-hardened');
  after(() => { seed.cleanup(); modern.cleanup(); });

  it('--json has the fields of issue 4', async () => {
    const io = memoryIo();
    assert.equal(await main(['config', seed.dir, '--json', '--postfix-version', '3.1', '--openssl-version', '1.0.2'], io), 0);
    const r = JSON.parse(io.out()) as Record<string, unknown> & { services: Record<string, unknown>[]; findings: Record<string, unknown>[] };
    assert.equal(r['postfixVersion'], '3.1');
    assert.equal(r['postfixVersionSource'], 'option');
    assert.equal(r['configDir'], seed.dir);
    const sub = r.services.find((s) => s['name'] === 'submission') as Record<string, unknown> & { tls: Record<string, unknown>; parameters: Record<string, string> };
    assert.deepEqual(Object.keys(sub).filter((k) => ['name', 'type', 'command', 'port', 'file', 'line', 'parameters', 'tls'].includes(k)).sort(),
      ['command', 'file', 'line', 'name', 'parameters', 'port', 'tls', 'type']);
    assert.equal(sub['port'], 587);
    assert.equal(sub['line'], 3);
    assert.equal(sub.parameters['smtpd_tls_security_level'], 'may');
    assert.equal(sub.parameters['smtp_tls_mandatory_protocols'], 'TLSv1');
    for (const k of ['level', 'wrapper', 'protocolsParameter', 'versions', 'cipherList', 'ciphers', 'authOnly', 'preferServerCiphers']) assert.ok(k in sub.tls, k);
    assert.equal(sub.tls['level'], 'may');
    assert.deepEqual(sub.tls['versions'], ['TLSv1', 'TLSv1.1', 'TLSv1.2']); // 3.1 default "!SSLv2, !SSLv3"; OpenSSL 1.0.2: no TLS 1.3
    const f = r.findings.find((x) => x['id'] === 'client-parameter-on-server');
    assert.deepEqual(f && { file: f['file'], line: f['line'], severity: f['severity'], fix: f['fix'] },
      { file: 'master.cf', line: 11, severity: 'medium', fix: "postconf -PX 'submission/inet/smtp_tls_mandatory_protocols'" });
    for (const x of r.findings) for (const k of ['id', 'severity', 'file', 'line', 'message', 'fix']) assert.ok(k in x, `${String(x['id'])} ${k}`);
  });

  it('--fix prints the commands with a reason each and writes nothing', async () => {
    const io = memoryIo();
    assert.equal(await main(['config', seed.dir, '--fix', '--postfix-version', '3.7'], io), 0);
    const out = io.out();
    assert.match(out, /^# .*remove the smtp_tls_mandatory_protocols override.*\npostconf -PX 'submission\/inet\/smtp_tls_mandatory_protocols'$/m);
    assert.match(out, /^postconf -P 'submission\/inet\/smtpd_tls_auth_only=yes'$/m);
    const commands = out.split('\n').filter((l) => l.startsWith('postconf'));
    const reasons = out.split('\n').filter((l) => l.startsWith('# ') && !l.includes('no command;'));
    assert.equal(reasons.length, commands.length + 1); // + the header line
  });

  it('the terminal report shows services, the cipher list and findings with file:line', async () => {
    const io = memoryIo({ NO_COLOR: '1' });
    assert.equal(await main(['config', modern.dir], io), 0);
    const out = io.out();
    assert.match(out, /submission\/inet {2}smtpd {2}port 587 {2}master\.cf:2/);
    assert.match(out, /protocols +>=TLSv1\.2 {2}\(smtpd_tls_mandatory_protocols\) -> TLSv1\.2, TLSv1\.3/);
    assert.match(out, /cipher list +aNULL:-aNULL:HIGH:@STRENGTH/);
    assert.match(out, /Findings \(\d+\)/);
    assert.ok(!out.includes("\u001b["), "no colour with NO_COLOR");
  });

  it('a missing directory is a coded error naming the path', async () => {
    const io = memoryIo();
    assert.equal(await main(['config', '/nonexistent/postfix-dir'], io), 1);
    assert.match(io.err(), /ECONFIG_NOTFOUND \/nonexistent\/postfix-dir: .*no such directory/);
  });

  it('bad options are usage errors', async () => {
    const io = memoryIo();
    assert.equal(await main(['config', seed.dir, '--postfix-version', 'three'], io), 2);
    assert.match(io.err(), /EUSAGE/);
    assert.equal(await main(['config', seed.dir, '--bogus'], memoryIo()), 2);
  });
});
