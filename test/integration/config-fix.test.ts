/**
 * "The fix we print really works": the commands `mailtls config` prints are run with
 * `postconf -c COPY` on copies of the configurations (real postconf edits the files), the result
 * is analysed again, and for seed 002's webshop a real Postfix lab instance runs the repaired
 * configuration while openssl s_client checks that submission refuses TLS 1.1 and speaks TLS 1.2.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { labDown, labUp, type LabInstance } from '../../src/lab/index.js';
import { shellQuote } from '../../src/postfix/fixes.js';
import { loadAndAnalyze } from '../../src/postfix/load.js';
import type { ConfigReport, Finding } from '../../src/postfix/types.js';
import { sClient } from '../helpers/openssl.js';
import { FIXTURE_NAMES, fixtureCopy, hasCommand } from './config-helpers.js';
import { needs } from '../helpers/requires.js';

const WEBSHOP = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'webshop');
const HAVE_POSTCONF = hasCommand('postconf', ['-h', 'mail_version']);
const CAN_LAB = process.getuid?.() === 0 && HAVE_POSTCONF && hasCommand('openssl', ['version']);

function copyOf(dir: string): { dir: string; cleanup: () => void } {
  const copy = mkdtempSync(join(tmpdir(), 'mailtls-config-fix-'));
  cpSync(dir, copy, { recursive: true });
  return { dir: copy, cleanup: () => rmSync(copy, { recursive: true, force: true }) };
}

/** Runs a printed fix ("postconf ... && postconf ...") against DIR instead of /etc/postfix. */
function applyFix(dir: string, fix: string): void {
  const commands = fix.split(' && ');
  for (const c of commands) assert.match(c, /^postconf (-e|-X|-P|-PX) \S/, `not an executable postconf command: ${c}`);
  const script = commands.map((c) => c.replace(/^postconf /, `postconf -c ${shellQuote(dir)} `)).join(' && ');
  execFileSync('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

const analyse = (dir: string): ConfigReport => loadAndAnalyze({ configDir: dir }).report;
const key = (f: Finding) => `${f.id} ${f.file}:${f.line ?? ''}`;

describe('the printed fixes, applied with the real postconf', { skip: needs(HAVE_POSTCONF, 'postconf') }, () => {
  for (const name of ['webshop', ...FIXTURE_NAMES]) {
    it(`${name}: every fix runs, and afterwards no finding that had a fix is left`, () => {
      const copy = name === 'webshop' ? copyOf(WEBSHOP) : fixtureCopy(name);
      try {
        const before = analyse(copy.dir);
        const fixes = before.findings.filter((f) => f.fix !== null);
        assert.ok(name !== 'webshop' || fixes.length >= 6, 'the webshop has fixes');
        for (const f of fixes) applyFix(copy.dir, f.fix as string);
        const after = analyse(copy.dir);
        const left = after.findings.filter((f) => f.fix !== null && f.severity !== 'info');
        assert.deepEqual(left.map(key), [], `${name}: findings left after the fixes:\n${left.map((f) => `${key(f)}: ${f.message}\n  ${f.fix ?? ''}`).join('\n')}`);
        assert.ok(!after.findings.some((f) => f.severity === 'high' || f.severity === 'critical') || before.findings.some((f) => f.fix === null && (f.severity === 'high' || f.severity === 'critical')),
          `${name}: high findings after the fixes: ${after.findings.filter((f) => f.severity === 'high').map(key).join(', ')}`);
      } finally {
        copy.cleanup();
      }
    });
  }
});

describe('seed 002 webshop: TLS 1.2 on submission, as the report says, on a real Postfix', { skip: needs(CAN_LAB, 'root, Postfix and openssl') }, () => {
  const labs: LabInstance[] = [];
  const names = ['cfg-fix-before', 'cfg-fix-after', 'cfg-fix-all'];
  let fixed: { dir: string; cleanup: () => void } | undefined;
  let fixedAll: { dir: string; cleanup: () => void } | undefined;
  let finding: Finding | undefined;
  before(async () => {
    fixed = copyOf(WEBSHOP);
    finding = analyse(WEBSHOP).findings.find((f) => f.id === 'submission-old-tls');
    assert.ok(finding?.fix, 'the webshop report answers the submission question with a fix');
    applyFix(fixed.dir, finding.fix);
    // Every command of `mailtls config --fix`, in the order it prints them.
    fixedAll = copyOf(WEBSHOP);
    for (const f of analyse(WEBSHOP).findings) if (f.fix !== null) applyFix(fixedAll.dir, f.fix);
    await Promise.all(names.map((n) => labDown(n).catch(() => undefined)));
    labs.push(...await Promise.all([
      labUp({ name: names[0], configDir: WEBSHOP }), labUp({ name: names[1], configDir: fixed.dir }), labUp({ name: names[2], configDir: fixedAll.dir }),
    ]));
  });
  after(async () => {
    await Promise.all(names.map((n) => labDown(n).catch(() => undefined)));
    fixed?.cleanup();
    fixedAll?.cleanup();
  });

  const submissionPort = (lab: LabInstance) => {
    const s = lab.services.find((x) => x.service === 'submission' || x.listen === 'submission');
    assert.ok(s, `${lab.name}: submission service`);
    return s.port;
  };

  it('the finding names the parameter in force, the useless -o, and fixes it with -P in the syntax of this Postfix', () => {
    assert.ok(finding);
    assert.match(finding.message, /accepts TLSv1\.1/);
    assert.match(finding.message, /smtpd_tls_protocols = "!SSLv2,!SSLv3,!TLSv1" \(main\.cf:19\)/);
    assert.match(finding.message, /-o smtp_tls_mandatory_protocols=TLSv1 \(a client parameter\) changes nothing/);
    const ge = /^3\.([6-9]|\d\d)|^[4-9]\./.test(analyse(WEBSHOP).postfixVersion);
    assert.equal(finding.fix, `postconf -P 'submission/inet/smtpd_tls_security_level=encrypt' 'submission/inet/smtpd_tls_mandatory_protocols=${ge ? '>=TLSv1.2' : '!SSLv2:!SSLv3:!TLSv1:!TLSv1.1'}'`);
  });

  it('before the fix: submission speaks TLS 1.1, as predicted with the assumed RSA key', async () => {
    const lab = labs.find((l) => l.name === names[0]);
    assert.ok(lab);
    const port = submissionPort(lab);
    const predicted = analyse(WEBSHOP).services.find((s) => s.name === 'submission')?.tls.versions;
    const got = await Promise.all((['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map(async (v) => ((await sClient({ port, version: v })).ok ? v : null)));
    assert.deepEqual(got.filter((v) => v !== null), predicted);
    assert.deepEqual(predicted, ['TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });

  it('after the fix: submission refuses TLS 1.1 and negotiates TLS 1.2; port 25 is unchanged', async () => {
    const lab = labs.find((l) => l.name === names[1]);
    assert.ok(lab);
    const port = submissionPort(lab);
    assert.equal((await sClient({ port, version: 'TLSv1.1' })).ok, false, 'TLS 1.1 refused on submission');
    assert.equal((await sClient({ port, version: 'TLSv1' })).ok, false, 'TLS 1.0 refused on submission');
    const r12 = await sClient({ port, version: 'TLSv1.2' });
    assert.equal(r12.ok, true, r12.output);
    assert.equal(r12.protocol, 'TLSv1.2');
    const smtp = lab.services.find((x) => x.service === 'smtp' && x.command === 'smtpd');
    assert.ok(smtp);
    assert.equal((await sClient({ port: smtp.port, version: 'TLSv1.1' })).ok, true, 'port 25 keeps opportunistic TLS 1.1');
    // The analysis of the repaired copy agrees and has no submission-old-tls finding left.
    const after = analyse(fixed?.dir ?? '');
    assert.deepEqual(after.services.find((s) => s.name === 'submission')?.tls.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.ok(!after.findings.some((f) => f.id === 'submission-old-tls'));
  });

  it('with every printed fix applied, Postfix runs: submission requires TLS >= 1.2, port 25 stays opportunistic', async () => {
    const lab = labs.find((l) => l.name === names[2]);
    assert.ok(lab);
    const port = submissionPort(lab);
    assert.equal((await sClient({ port, version: 'TLSv1.1' })).ok, false);
    assert.equal((await sClient({ port, version: 'TLSv1.2' })).ok, true);
    const smtp = lab.services.find((x) => x.service === 'smtp' && x.command === 'smtpd');
    assert.ok(smtp);
    assert.equal((await sClient({ port: smtp.port, version: 'TLSv1.2' })).ok, true);
    const after = analyse(fixedAll?.dir ?? '');
    assert.deepEqual(after.findings.filter((f) => f.fix !== null).map(key), []);
  });
});
