/**
 * OpenSSL's configuration on real lab Postfix instances: what `mailtls config` predicts from
 * tls_config_file / OPENSSL_CONF is what `openssl s_client` gets - each TLS version, each TLS
 * 1.3 suite on its own (`-ciphersuites X`), the server's TLS 1.3 order - and a directive
 * written after the daemon started is found by explainDifference() against a real scan.
 * What the real Postfix 3.7.11 + OpenSSL 3.0 does (verified here, asserted below): Ciphersuites,
 * Protocol and Options = ServerPreference reach the wire; MinProtocol, MaxProtocol and
 * CipherString do not; a tls_config_file OpenSSL cannot parse disables TLS.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_MASTER_CF, labDown, labUp, type LabInstance } from '../../src/lab/index.js';
import { loadAndAnalyze } from '../../src/postfix/load.js';
import { explainDifference } from '../../src/postfix/system-explain.js';
import type { ServiceReport } from '../../src/postfix/types.js';
import { scanHost } from '../../src/scan/engine.js';
import { sClient, type TlsVersion } from '../helpers/openssl.js';
import { pool } from '../helpers/pool.js';
import { hasCommand } from './config-helpers.js';
import { needs } from '../helpers/requires.js';

const CAN_RUN = process.getuid?.() === 0 && hasCommand('postconf', ['-h', 'mail_version']) && hasCommand('openssl', ['version']);

const TLS13 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256'];
const CODE: Record<string, string> = {
  TLS_AES_128_GCM_SHA256: '0x1301', TLS_AES_256_GCM_SHA384: '0x1302', TLS_CHACHA20_POLY1305_SHA256: '0x1303',
  TLS_AES_128_CCM_SHA256: '0x1304', TLS_AES_128_CCM_8_SHA256: '0x1305',
};
const SYS = (body: string) => `openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sd\n[sd]\n${body}`;

const dir = CAN_RUN ? mkdtempSync(join(tmpdir(), 'mailtls-osslconf-lab-')) : '';
const file = (name: string) => join(dir, name);

const LABS: Record<string, Parameters<typeof labUp>[0]> = {
  // tls_config_file with the directives whose fate on 3.7.11 is checked, one of them from an included directory.
  'osc-file': { settings: { tls_config_file: file('postfix-openssl.cnf') } },
  // One instance, three ways: port 25 is one long-lived smtpd (maxproc 1, long max_idle) that
  // keeps the tls_config_file it started with; submission has a tls_config_file OpenSSL cannot
  // parse; submissions reads the default file, named by OPENSSL_CONF in import_environment.
  'osc-multi': {
    settings: {
      tls_config_file: file('stale.cnf'),
      import_environment: `MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME OPENSSL_CONF=${file('system.cnf')}`,
    },
    masterCf: DEFAULT_MASTER_CF
      .replace(/^smtp {6}inet .*$/m, 'smtp      inet  n       -       n       -       1       smtpd\n  -o max_idle=600s')
      .replace('  -o smtpd_tls_security_level=encrypt\n', `  -o smtpd_tls_security_level=encrypt\n  -o tls_config_file=${file('broken.cnf')}\n`)
      .replace('  -o smtpd_tls_wrappermode=yes\n', '  -o smtpd_tls_wrappermode=yes\n  -o tls_config_file=default\n'),
  },
};

/** Each TLS version, with any TLS <= 1.2 suite. */
async function versionsOf(port: number, starttls: boolean): Promise<string[]> {
  const all: TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const ok = await pool(all, 4, (version) => sClient({ port, starttls, version }).then((r) => r.ok));
  return all.filter((_, i) => ok[i]);
}

/** Each TLS 1.3 suite OpenSSL knows, offered alone. */
async function tls13Of(port: number, starttls: boolean, width = 5): Promise<string[]> {
  const ok = await pool(TLS13, width, (cs) => sClient({ port, starttls, version: 'TLSv1.3', ciphersuites: cs }).then((r) => r.ok && r.cipher === cs));
  return TLS13.filter((_, i) => ok[i]);
}

describe('OpenSSL configuration on lab Postfix instances', { skip: needs(CAN_RUN, 'root, Postfix and openssl') }, () => {
  const labs = new Map<string, LabInstance>();
  before(async () => {
    mkdirSync(join(dir, 'extra.d'), { recursive: true });
    chmodSync(dir, 0o755);
    writeFileSync(file('postfix-openssl.cnf'), SYS([
      '# The TLS 1.3 suites, including one OpenSSL leaves off by default',
      'Ciphersuites = TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:\\',
      '  TLS_CHACHA20_POLY1305_SHA256',
      'MinProtocol = TLSv1.2',
      'MaxProtocol = TLSv1.2',
      'Options = ServerPreference',
      'CipherString = HIGH:@SECLEVEL=3',
      `.include ${join(dir, 'extra.d')}`,
      '',
    ].join('\n')));
    writeFileSync(join(dir, 'extra.d', 'protocol.conf'), 'Protocol = -TLSv1.1\n');
    writeFileSync(file('system.cnf'), SYS('Ciphersuites = TLS_AES_256_GCM_SHA384\n'));
    writeFileSync(file('broken.cnf'), 'openssl_conf = init\n[init\n');
    writeFileSync(file('stale.cnf'), SYS('MinProtocol = TLSv1.2\n'));
    await Promise.all(Object.keys(LABS).map((n) => labDown(n).catch(() => undefined)));
    const up = await Promise.all(Object.entries(LABS).map(([name, o]) => labUp({ ...o, name })));
    for (const l of up) labs.set(l.name, l);
  });
  after(async () => {
    await Promise.all([...labs.keys()].map((n) => labDown(n).catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  const services = (name: string): { svc: ServiceReport; port: number; starttls: boolean }[] => {
    const lab = labs.get(name);
    assert.ok(lab);
    const { report } = loadAndAnalyze({ configDir: lab.configDir });
    return lab.services.filter((l) => l.tls !== 'none').map((l) => {
      const svc = report.services.find((s) => s.line === l.line && s.type === 'inet');
      assert.ok(svc);
      return { svc, port: l.port, starttls: !svc.tls.wrapper };
    });
  };

  it('tls_config_file: predicted versions and TLS 1.3 suites are what openssl s_client gets; MinProtocol, MaxProtocol, CipherString do not reach', async () => {
    const list = services('osc-file');
    assert.equal(list.length, 3);
    for (const { svc } of list) assert.deepEqual(svc.tls.tls13Ciphers, ['0x1301', '0x1304', '0x1303']);
    // On the wire: port 25 (STARTTLS) and 465 (wrapper mode); submission has the same TLS.
    await Promise.all(list.filter((x) => x.svc.name !== list[1]?.svc.name).map(async ({ svc, port, starttls }) => {
      const t = svc.tls;
      const where = `${svc.name}/${svc.type}`;
      assert.equal(t.prediction.exact, true, `${where}: ${t.prediction.notes.join('; ')}`);
      assert.equal(t.system?.how, 'tls_config_file');
      assert.deepEqual(t.system?.files, [file('postfix-openssl.cnf'), join(dir, 'extra.d', 'protocol.conf')]);
      assert.deepEqual(t.tls13Ciphers, ['0x1301', '0x1304', '0x1303']);
      // The wire: each TLS 1.3 suite alone, and each version.
      const wire13 = await tls13Of(port, starttls);
      assert.deepEqual(wire13.map((n) => CODE[n]).sort(), [...(t.tls13Ciphers ?? [])].sort(), `${where}: TLS 1.3 suites`);
      const versions = await versionsOf(port, starttls);
      assert.deepEqual(versions, t.versions, `${where}: versions`);
      // What the real 3.7.11 does with each directive.
      assert.ok(versions.includes('TLSv1') && versions.includes('TLSv1.3'), 'MinProtocol and MaxProtocol = TLSv1.2 do not reach');
      assert.ok(!versions.includes('TLSv1.1'), 'Protocol = -TLSv1.1 reaches');
      const status = Object.fromEntries((t.system?.directives ?? []).map((d) => [d.command, d.status]));
      assert.deepEqual(status, { Ciphersuites: 'applies', MinProtocol: 'overridden', MaxProtocol: 'overridden', Options: 'applies', CipherString: 'overridden', Protocol: 'applies' });
      assert.equal(t.system?.directives.find((d) => d.command === 'Protocol')?.file, join(dir, 'extra.d', 'protocol.conf'));
      // Options = ServerPreference reaches: the server's TLS 1.3 order, whatever the client prefers.
      assert.equal(t.preferServerCiphers, true);
      const reversed = await sClient({ port, starttls, version: 'TLSv1.3', ciphersuites: [...TLS13].reverse().join(':') });
      assert.equal(reversed.cipher, t.tls13CipherNames?.[0], `${where}: server order`);
    }));
  });

  it('OPENSSL_CONF in import_environment names the default file the daemons read', async () => {
    const list = services('osc-multi').filter((x) => x.svc.tls.wrapper);
    assert.equal(list.length, 1);
    for (const { svc, port, starttls } of list) {
      assert.equal(svc.tls.system?.how, 'OPENSSL_CONF');
      assert.equal(svc.tls.system?.file, file('system.cnf'));
      assert.deepEqual(svc.tls.tls13Ciphers, ['0x1302']);
      assert.deepEqual((await tls13Of(port, starttls)).map((n) => CODE[n]), ['0x1302']);
    }
  });

  it('a tls_config_file OpenSSL cannot parse: predicted and real TLS both off', async () => {
    const list = services('osc-multi').filter((x) => x.svc.overrides.some((o) => o.value.endsWith('broken.cnf')));
    assert.equal(list.length, 1);
    for (const { svc, port, starttls } of list) {
      assert.match(svc.tls.broken ?? '', /broken\.cnf:2/);
      assert.deepEqual(svc.tls.versions, []);
      assert.deepEqual(await versionsOf(port, starttls), []);
    }
  });

  it('a directive written after smtpd started: the scan differs, and explainDifference names the line', async () => {
    const lab = labs.get('osc-multi');
    assert.ok(lab);
    const smtp = lab.services.find((s) => s.service === 'smtp');
    assert.ok(smtp);
    // The running smtpd read stale.cnf when labUp's probe made it start.
    writeFileSync(file('stale.cnf'), SYS('MinProtocol = TLSv1.2\nCiphersuites = TLS_CHACHA20_POLY1305_SHA256\n'));
    const { analysis, report } = loadAndAnalyze({ configDir: lab.configDir });
    const svc = report.services.find((s) => s.line === smtp.line && s.type === 'inet');
    assert.ok(svc);
    assert.deepEqual(svc.tls.tls13Ciphers, ['0x1303']);
    const scan = await scanHost({ host: '127.0.0.1', port: smtp.port, starttls: true }, { concurrency: 1 });
    const offered = scan.protocols.filter((p) => p.offered === true && p.version !== 'SSLv2');
    const observed = {
      versions: offered.map((p) => p.version),
      ciphers: [...new Set(offered.filter((p) => p.version !== 'TLSv1.3').flatMap((p) => p.ciphers.map((c) => c.code)))],
      tls13Ciphers: offered.find((p) => p.version === 'TLSv1.3')?.ciphers.map((c) => c.code) ?? [],
    };
    assert.deepEqual([...observed.tls13Ciphers].sort(), ['0x1301', '0x1302', '0x1303'], 'the old smtpd offers OpenSSL\'s defaults');
    const e = explainDifference(analysis, `${svc.name}/${svc.type}`, observed);
    assert.ok(e, 'explained');
    assert.equal(e.cause, 'tls-config-file');
    assert.equal(e.file, file('stale.cnf'));
    assert.equal(e.line, 8);
    assert.equal(e.directive, 'Ciphersuites = TLS_CHACHA20_POLY1305_SHA256');
    assert.match(e.explanation, /once, when a daemon starts/);
  });
});
