/**
 * Prediction vs the wire: real Postfix lab instances run a configuration, `mailtls config`
 * analyses the instance's own config directory, and the real openssl client checks every
 * predicted TLS version and the exact set of TLS 1.2 suites each service accepts (and, with
 * tls_preempt_cipherlist = yes, the server's order).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_MASTER_CF, labDown, labUp, type LabInstance } from '../../src/lab/index.js';
import { loadAndAnalyze } from '../../src/postfix/load.js';
import type { ServiceReport } from '../../src/postfix/types.js';
import { sClient, type TlsVersion } from '../helpers/openssl.js';
import { FIXTURES, hasCommand } from './config-helpers.js';
import { needs } from '../helpers/requires.js';

const CAN_RUN = process.getuid?.() === 0 && hasCommand('postconf', ['-h', 'mail_version']) && hasCommand('openssl', ['version']);

/** Every TLS <= 1.2 suite the local openssl client can offer (security level 0). */
function clientSuites(): string[] {
  const out = execFileSync('openssl', ['ciphers', '-V', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' });
  return out.split('\n').map((l) => /^\s*0x..,0x.. - (\S+)\s+(\S+)/.exec(l)).filter((m): m is RegExpExecArray => m !== null && m[2] !== 'TLSv1.3').map((m) => m[1] ?? '');
}

/** The suites a server accepts with TLS 1.2, in the order it picks them: offer all, drop the chosen one, repeat. */
async function acceptedSuites(port: number, starttls: boolean, offer: readonly string[]): Promise<string[]> {
  const left = [...offer];
  const chosen: string[] = [];
  for (let i = 0; i < 200 && left.length > 0; i++) {
    const r = await sClient({ port, starttls, version: 'TLSv1.2', cipher: left.join(':') });
    if (!r.ok || r.cipher === undefined) break;
    chosen.push(r.cipher);
    const at = left.indexOf(r.cipher);
    assert.ok(at >= 0, `server chose ${r.cipher}, which was not offered`);
    left.splice(at, 1);
  }
  return chosen;
}

async function acceptedVersions(port: number, starttls: boolean): Promise<TlsVersion[]> {
  const all: TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const ok = await Promise.all(all.map((version) => sClient({ port, starttls, version }).then((r) => r.ok)));
  return all.filter((_, i) => ok[i]);
}

const LABS: Record<string, Parameters<typeof labUp>[0]> = {
  // The lab's stock Postfix: medium grade with anonymous suites on 25, encrypt on 587, wrapper on 465.
  'cfg-stock': {},
  // Server order, exclusions, an include list on submission, TLS 1.1+ on port 25.
  'cfg-hardened': {
    settings: {
      tls_preempt_cipherlist: 'yes', smtpd_tls_protocols: '>=TLSv1.1', smtpd_tls_ciphers: 'high',
      smtpd_tls_exclude_ciphers: 'aNULL, CAMELLIA, ARIA', smtpd_tls_mandatory_exclude_ciphers: 'SHA1, DHE',
    },
    masterCf: DEFAULT_MASTER_CF
      .replace('  -o smtpd_tls_security_level=encrypt\n', '  -o smtpd_tls_security_level=encrypt\n  -o { smtpd_tls_mandatory_protocols = TLSv1.2 }\n  -o smtpd_tls_mandatory_ciphers=high\n')
      .replace('  -o smtpd_tls_wrappermode=yes\n', '  -o smtpd_tls_wrappermode=yes\n  -o smtpd_tls_ask_ccert=yes\n'),
  },
  // postscreen in front of port 25, handing connections to an smtpd pass service with its own -o.
  'cfg-postscreen': {
    settings: { smtpd_tls_exclude_ciphers: 'aNULL, SHA1' },
    masterCf: DEFAULT_MASTER_CF.replace(/^smtp {6}inet .*$/m, [
      'smtp      inet  n       -       n       -       1       postscreen',
      'smtpd     pass  -       -       n       -       -       smtpd',
      '  -o smtpd_tls_protocols=>=TLSv1.2',
      'dnsblog   unix  -       -       n       -       0       dnsblog',
      'tlsproxy  unix  -       -       n       -       0       tlsproxy',
    ].join('\n')),
  },
  // Seed 002's master.cf: the smtp_* override on submission must change nothing on the wire.
  'cfg-seed002': { masterCf: readFileSync(join(FIXTURES, 'seed-002', 'master.cf'), 'utf8') },
};

describe('config predictions vs the wire of lab instances', { skip: needs(CAN_RUN, 'root, Postfix and openssl') }, () => {
  const labs = new Map<string, LabInstance>();
  const suites = CAN_RUN ? clientSuites() : [];
  before(async () => {
    await Promise.all(Object.keys(LABS).map((n) => labDown(n).catch(() => undefined)));
    const up = await Promise.all(Object.entries(LABS).map(([name, o]) => labUp({ ...o, name })));
    for (const l of up) labs.set(l.name, l);
  });
  after(async () => {
    await Promise.all([...labs.keys()].map((n) => labDown(n).catch(() => undefined)));
  });

  const tlsServices = (lab: LabInstance): { svc: ServiceReport; port: number; starttls: boolean }[] => {
    const { report } = loadAndAnalyze({ configDir: lab.configDir });
    assert.equal(report.defaultsSource, 'postconf -d');
    return lab.services.filter((l) => l.tls !== 'none').map((l) => {
      const svc = report.services.find((s) => s.line === l.line && s.type === 'inet');
      assert.ok(svc, `${lab.name}: no report for ${l.service} (line ${l.line})`);
      return { svc, port: l.port, starttls: !svc.tls.wrapper };
    });
  };

  for (const name of Object.keys(LABS)) {
    it(`${name}: predicted versions and TLS 1.2 suites are what openssl s_client gets`, async () => {
      const lab = labs.get(name);
      assert.ok(lab);
      const services = tlsServices(lab);
      assert.ok(services.length >= 2);
      if (name === 'cfg-postscreen') assert.ok(services.some((x) => x.svc.command === 'postscreen' && x.svc.port !== null), 'postscreen port probed');
      await Promise.all(services.map(async ({ svc, port, starttls }) => {
        const where = `${name} ${svc.listen} (${svc.tls.level}, ${svc.tls.cipherList ?? ''})`;
        assert.equal(svc.tls.prediction.exact, true, `${where}: ${svc.tls.prediction.notes.join('; ')}`);
        assert.deepEqual(await acceptedVersions(port, starttls), svc.tls.versions, `${where}: versions`);
        const got = await acceptedSuites(port, starttls, suites);
        const predicted = svc.tls.cipherNames ?? [];
        assert.deepEqual([...got].sort(), [...predicted].sort(), `${where}: TLS 1.2 suites`);
        if (svc.tls.preferServerCiphers) assert.deepEqual(got, predicted.filter((n) => suites.includes(n)), `${where}: server order`);
      }));
    });
  }

  it('cfg-seed002: the smtp_tls_mandatory_protocols override on submission changes nothing', async () => {
    const lab = labs.get('cfg-seed002');
    assert.ok(lab);
    const sub = tlsServices(lab).find((s) => s.svc.overrides.some((o) => o.name === 'smtp_tls_mandatory_protocols'));
    assert.ok(sub);
    assert.equal(sub.svc.tls.level, 'may');
    assert.deepEqual(await acceptedVersions(sub.port, true), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    const { report } = loadAndAnalyze({ configDir: lab.configDir });
    assert.ok(report.findings.some((f) => f.id === 'client-parameter-on-server' && f.line === 11));
  });
});
