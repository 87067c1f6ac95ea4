/**
 * `mailtls listen` against real Postfix smtp clients: what the capture server decodes of each
 * client's ClientHello must be what the real `openssl s_server -trace` sees of the same client,
 * for three client policies; and `--probe-postfix` on the seed-002 webshop shows where
 * smtp_tls_mandatory_protocols applies (encrypt and stronger) and where smtp_tls_protocols does
 * (may), and what Postfix really does after a refused handshake.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_MAIN_CF, DEFAULT_MASTER_CF, labDown, labUp, labSendmail, type LabInstance } from '../../src/lab/index.js';
import { CaptureServer } from '../../src/listen/run.js';
import { probePostfix } from '../../src/listen/probe-postfix.js';
import type { ClientOffer, ListenReport } from '../../src/listen/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { startOracle, type Oracle } from '../helpers/s-server-oracle.js';

const WEBSHOP = join(import.meta.dirname, '../../examples/webshop');

/** Three client policies, each a transport of its own (master.cf -o, as an admin would write them). */
const POLICIES: Record<string, string[]> = {
  floor12: ['smtp_tls_security_level=may', 'smtp_tls_protocols=>=TLSv1.2'],
  only12: ['smtp_tls_security_level=encrypt', 'smtp_tls_mandatory_protocols=TLSv1.2', 'smtp_tls_mandatory_ciphers=high'],
  exclude: ['smtp_tls_security_level=may', 'smtp_tls_ciphers=high', 'smtp_tls_exclude_ciphers=aNULL,CBC,CAMELLIA,ARIA'],
};

const VERSION: Record<string, number> = { 'TLSv1.3': 772, 'TLSv1.2': 771, 'TLSv1.1': 770, 'TLSv1.0': 769 };
const codes = (list: readonly { code: string }[] | null) => (list ?? []).map((x) => parseInt(x.code, 16));

describe('mailtls listen against real Postfix clients', () => {
  let lab: LabInstance;
  let oracle: Oracle;
  const capture = new CaptureServer({ address: '127.0.0.1', port: 0, mode: 'complete', timeoutMs: 10_000 });

  before(async () => {
    await labDown('lis-oracle').catch(() => undefined);
    await capture.start();
    oracle = await startOracle();
    const routes = Object.keys(POLICIES).flatMap((p) => [`${p}.oracle.test=${p}:[127.0.0.1]:${oracle.port}`, `${p}.capture.test=${p}:[127.0.0.1]:${capture.port}`]);
    lab = await labUp({
      name: 'lis-oracle', probe: false, mainCf: DEFAULT_MAIN_CF, settings: { transport_maps: `inline:{${routes.join(', ')}}` },
      masterCf: `${DEFAULT_MASTER_CF}${Object.entries(POLICIES).map(([name, opts]) => `${name} unix - - n - - smtp\n${opts.map((o) => `  -o ${o}\n`).join('')}`).join('')}`,
    });
  });
  after(async () => {
    await oracle?.close();
    await capture.close();
    await labDown('lis-oracle').catch(() => undefined);
  });

  for (const policy of Object.keys(POLICIES)) {
    test(`policy ${policy}: versions, suites, groups, signature schemes and extensions are what s_server sees`, async () => {
      assert.ok(lab);
      const traced = await oracle.arm(lab.certs.rsa.cert, lab.certs.rsa.key, 15_000);
      await labSendmail(lab, 'probe@lab.test', `x@${policy}.oracle.test`, 'Subject: oracle\n\nx\n');
      const { hello } = await traced().catch(async (err: unknown) => {
        const { readFile } = await import('node:fs/promises');
        const log = (await readFile(lab.logFile, 'utf8')).split('\n').filter((l) => /smtp\[|error|warning/.test(l)).slice(-15).join('\n');
        throw new Error(`${String(err)}\n${log}`);
      });
      const before = capture.connections;
      await labSendmail(lab, 'probe@lab.test', `x@${policy}.capture.test`, 'Subject: capture\n\nx\n');
      assert.ok(await capture.waitFor((all) => all.some((s) => s.index >= before && s.message !== null), 15_000), 'the message reached the capture server');
      const session = capture.sessions.find((s) => s.index >= before && s.clientHello !== null);
      const offer = session?.clientHello as ClientOffer;
      assert.ok(offer, 'a ClientHello was captured');
      assert.equal(session?.message?.over, 'tls');
      assert.equal(VERSION[offer.legacyVersion], hello.legacyVersion);
      assert.deepEqual(codes(offer.suites), hello.suites);
      assert.deepEqual(codes(offer.groups), hello.groups);
      assert.deepEqual(offer.supportedVersions === null ? null : offer.supportedVersions.map((v) => VERSION[v]), hello.versions);
      assert.deepEqual(codes(offer.signatureSchemes), hello.signatureSchemes);
      assert.deepEqual(offer.extensions.map((e) => e.type), hello.extensions);
      // What each policy is about, on the wire.
      if (policy === 'floor12') assert.deepEqual(offer.versions, ['TLSv1.2', 'TLSv1.3']);
      if (policy === 'only12') {
        assert.deepEqual(offer.versions, ['TLSv1.2']);
        assert.equal(offer.supportedVersions, null, 'a TLS 1.2-only OpenSSL client sends no supported_versions');
        // ... so its hello cannot show that it refuses TLS 1.0 and 1.1: reported as unknown, not as offered.
        assert.deepEqual(offer.versionsUnknown, ['TLSv1.0', 'TLSv1.1']);
      }
      if (policy === 'exclude') assert.ok(!offer.suites.some((s) => /CBC|CAMELLIA|ARIA|anon/.test(s.name)), 'no excluded suite is offered');
    });
  }
});

describe('mailtls listen --probe-postfix on the seed-002 webshop', () => {
  test('each level reads its own protocol setting: the webshop excludes TLSv1 at may and at encrypt', async () => {
    const r = await probePostfix({ configDir: WEBSHOP, labName: 'lis-webshop', timeoutMs: 15_000, profile: null });
    assert.equal(r.error, null);
    const level = (l: string) => r.levels?.find((x) => x.level === l);
    assert.equal(level('none')?.offer, null);
    assert.equal(level('none')?.delivered, true, 'at none the message goes in plaintext');
    assert.deepEqual(level('may')?.governing.find((g) => g.name.endsWith('protocols')), { name: 'smtp_tls_protocols', value: '!SSLv2,!SSLv3,!TLSv1' });
    assert.deepEqual(level('encrypt')?.governing.find((g) => g.name.endsWith('protocols')), { name: 'smtp_tls_mandatory_protocols', value: '!SSLv2,!SSLv3,!TLSv1' });
    for (const l of ['may', 'encrypt', 'fingerprint']) {
      assert.deepEqual(level(l)?.offer?.versions, ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'], `${l}: TLSv1 is excluded`);
      assert.equal(level(l)?.delivered, true, `${l}: delivered`);
    }
    // Postfix's own log agrees: the smtp client of each level logged its TLS session.
    assert.ok(level('may')?.postfixLog.some((l) => /TLS connection established to 127\.0\.0\.1\[127\.0\.0\.1\]:\d+: TLSv1\.3/.test(l)), level('may')?.postfixLog.join('\n'));
    assert.ok(level('fingerprint')?.postfixLog.some((l) => /^Verified TLS connection established/.test(l)), 'the fingerprint matched our certificate');
    // fingerprint and stronger also exclude aNULL (smtp_tls_policy.c); encrypt does not.
    const anon = (l: string) => (level(l)?.offer?.suites ?? []).filter((s) => s.name.includes('_anon_')).length;
    assert.ok(anon('encrypt') > 0);
    assert.equal(anon('fingerprint'), 0);
  });

  test('--set smtp_tls_mandatory_protocols=>=TLSv1.3 changes encrypt and not may (CLI, JSON)', async () => {
    const io = memoryIo();
    const code = await main(['listen', '--probe-postfix', WEBSHOP, '--name', 'lis-webshop2', '--levels', 'may,encrypt', '--set', 'smtp_tls_mandatory_protocols=>=TLSv1.3', '--json'], io);
    assert.equal(code, 0, io.err());
    const r = JSON.parse(io.out()) as ListenReport;
    assert.deepEqual(r.levels?.map((l) => [l.level, l.offer?.versions]), [['may', ['TLSv1.1', 'TLSv1.2', 'TLSv1.3']], ['encrypt', ['TLSv1.3']]]);
    assert.deepEqual(r.levels?.map((l) => l.negotiated?.protocol), ['TLSv1.3', 'TLSv1.3']);
    // Graded per level by the default profile: TLS 1.1 offered at may is a warning, encrypt passes.
    assert.deepEqual(r.levels?.map((l) => l.grade?.rules.find((x) => x.id === 'tls-versions')?.outcome), ['warn', 'pass']);
  });

  test('--refuse: at may Postfix defers a new message, then delivers it in plaintext once it is older than minimal_backoff_time; at encrypt never', async () => {
    const r = await probePostfix({
      configDir: WEBSHOP, labName: 'lis-refuse', timeoutMs: 15_000, profile: null, mode: 'refuse', retryWaitMs: 5000, levels: ['may', 'encrypt'],
      settings: { minimal_backoff_time: '1s', maximal_backoff_time: '2s', queue_run_delay: '1s' },
    });
    assert.equal(r.error, null);
    const [may, encrypt] = r.levels ?? [];
    const sessions = (ids: readonly number[] | undefined) => (ids ?? []).map((i) => r.sessions.find((s) => s.index === i));
    const maySessions = sessions(may?.sessions);
    // src/smtp/smtp.h PLAINTEXT_FALLBACK_OK_AFTER_STARTTLS_FAILURE: the first attempt is deferred.
    assert.equal(maySessions[0]?.handshake.outcome, 'refused');
    assert.ok(!maySessions[0]?.commands.includes('MAIL'));
    assert.equal(may?.plaintextFallback, true);
    assert.equal(may?.delivered, true);
    const plain = maySessions.find((s) => s?.message !== null);
    assert.equal(plain?.starttls, false);
    assert.equal(plain?.message?.over, 'plaintext');
    assert.equal(encrypt?.plaintextFallback, false);
    assert.ok(encrypt?.postfixLog.some((l) => /status=deferred \(Cannot start TLS: handshake failure\)/.test(l)), encrypt?.postfixLog.join('\n'));
    assert.equal(encrypt?.delivered, false);
    assert.ok(sessions(encrypt?.sessions).every((s) => s?.handshake.outcome === 'refused'));
  });
});
