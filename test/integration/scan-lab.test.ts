/**
 * `mailtls scan` against real Postfix lab instances, each result checked against ground truth
 * gathered here with `openssl s_client` single-suite probes and against the configuration.
 * The instances start concurrently and are torn down in `after`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PROBE_LOOPBACK_SOURCE } from '../../src/net/tcp.js';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { labUp, labDown, DEFAULT_MASTER_CF, type LabInstance } from '../../src/lab/index.js';
import { scanHost } from '../../src/scan/engine.js';
import type { ScanReport } from '../../src/scan/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { pool } from '../helpers/pool.js';

const PREF_LIST = 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA';
const POSTSCREEN_MASTER_CF = DEFAULT_MASTER_CF.replace(
  /^smtp {6}inet .*$/m,
  'smtp      inet  n       -       n       -       1       postscreen\nsmtpd     pass  -       -       n       -       -       smtpd\ntlsproxy  unix  -       -       n       -       0       tlsproxy\ndnsblog   unix  -       -       n       -       0       dnsblog',
);

const labs: Record<string, LabInstance> = {};
const names = {
  stock: 'scan-stock',
  pref: 'scan-pref',
  tls12: 'scan-tls12',
  excl: 'scan-excl',
  pscreen: 'scan-pscreen',
  tls13: 'scan-tls13',
} as const;

before(async () => {
  await Promise.all(Object.values(names).map((n) => labDown(n).catch(() => undefined)));
  const ups = await Promise.all([
    labUp({ name: names.stock }),
    labUp({ name: names.pref, settings: { tls_preempt_cipherlist: 'yes', tls_high_cipherlist: PREF_LIST, smtpd_tls_mandatory_ciphers: 'high' } }),
    labUp({ name: names.tls12, settings: { smtpd_tls_protocols: '>=TLSv1.2' } }),
    labUp({ name: names.excl, settings: { smtpd_tls_exclude_ciphers: 'aNULL, CAMELLIA, ARIA, kRSA, SHA1', tls_preempt_cipherlist: 'yes', tls_ssl_options: 'PRIORITIZE_CHACHA' } }),
    labUp({ name: names.tls13, settings: { smtpd_tls_protocols: '>=TLSv1.3' } }),
    // probe: false, so the scan is the first client postscreen sees (no cached PASS yet)
    labUp({ name: names.pscreen, masterCf: POSTSCREEN_MASTER_CF, probe: false, settings: { postscreen_access_list: '', postscreen_greet_wait: '2s', postscreen_greet_action: 'ignore' } }),
  ]);
  for (const lab of ups) labs[lab.name] = lab;
});

after(async () => {
  await Promise.all(Object.values(names).map((n) => labDown(n).catch(() => undefined)));
});

function port(lab: string, service: string): number {
  const s = labs[lab]?.services.find((x) => x.service === service);
  if (!s) throw new Error(`no ${service} in ${lab}`);
  return s.port;
}

/** One `openssl s_client` handshake: which protocol and suite, or null when refused. */
function sClient(p: number, args: string[], starttls = true): Promise<{ protocol: string; cipher: string } | null> {
  return new Promise((resolve) => {
    const child = execFile('openssl', ['s_client', ...(starttls ? ['-starttls', 'smtp'] : []), '-connect', `127.0.0.1:${p}`, '-brief', ...args],
      { timeout: 10_000 }, (_err, _stdout, stderr) => {
        const protocol = /Protocol version: (\S+)/.exec(stderr)?.[1];
        const cipher = /Ciphersuite: (\S+)/.exec(stderr)?.[1];
        resolve(protocol && cipher ? { protocol, cipher } : null);
      });
    child.stdin?.end();
  });
}

/** Runs probes a few at a time: fast, and gentle on the lab. */
const batch = <T, R>(items: readonly T[], fn: (x: T) => Promise<R>, width = 6): Promise<R[]> => pool(items, width, fn);

const VERSION_FLAGS: Record<string, string> = { 'TLSv1.0': '-tls1', 'TLSv1.1': '-tls1_1', 'TLSv1.2': '-tls1_2', 'TLSv1.3': '-tls1_3' };
const suitesOf = (r: ScanReport, v: string) => r.protocols.find((p) => p.version === v)?.ciphers.map((c) => c.openssl ?? c.iana) ?? [];

/** Versions and a sample of suites (accepted ones and refused ones) agree with s_client. */
async function checkAgainstOpenssl(r: ScanReport, p: number, starttls = true): Promise<void> {
  const versions = Object.keys(VERSION_FLAGS);
  const truthVersions = await batch(versions, async (v) => (await sClient(p, [VERSION_FLAGS[v] as string, '-cipher', 'ALL:@SECLEVEL=0'], starttls)) !== null);
  versions.forEach((v, i) => assert.equal(r.protocols.find((x) => x.version === v)?.offered, truthVersions[i], `${v} offered`));
  const found = new Set(suitesOf(r, 'TLSv1.2'));
  const sample = ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ADH-AES256-GCM-SHA384', 'AES128-SHA', 'CAMELLIA256-SHA',
    'DHE-RSA-CHACHA20-POLY1305', 'ECDHE-ARIA256-GCM-SHA384', 'AES128-CCM8', 'DHE-DSS-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'DES-CBC3-SHA', 'PSK-AES128-CBC-SHA'];
  // Always run: without TLS 1.2 (a TLS 1.3-only server) s_client is refused every sample suite,
  // and the scan must have found none of them either.
  const truth = await batch(sample, async (c) => (await sClient(p, ['-tls1_2', '-cipher', `${c}:@SECLEVEL=0`], starttls))?.cipher === c);
  sample.forEach((c, i) => assert.equal(found.has(c), truth[i], `TLSv1.2 ${c}: s_client says ${truth[i] ? 'accepted' : 'refused'}`));
  if (!truthVersions[2]) assert.ok(truth.every((t) => !t), 'no TLS 1.2: every sample suite refused');
}

test('stock Postfix: protocols, suites, client order, both leaves of the dual certificate', async () => {
  const p = port(names.stock, 'smtp');
  const r = await scanHost({ host: '127.0.0.1', port: p, starttls: true }, {});
  assert.equal(r.complete, true, r.error ?? '');
  await checkAgainstOpenssl(r, p);
  for (const v of ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']) {
    assert.equal(r.protocols.find((x) => x.version === v)?.serverPreference, false, `${v}: tls_preempt_cipherlist = no, so the client chooses`);
  }
  assert.deepEqual(suitesOf(r, 'TLSv1.3').sort(), ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
  const lab = labs[names.stock] as LabInstance;
  const want = [lab.certs.rsa.cert, lab.certs.ecdsa.cert].map((f) => new X509Certificate(readFileSync(f)).fingerprint256).sort();
  assert.deepEqual(r.certificates.map((c) => c.fingerprintSha256).sort(), want, 'the RSA and the ECDSA leaf');
  assert.deepEqual(r.certificates.map((c) => c.keyType).sort(), ['EC', 'RSA']);
  assert.equal(r.smtp?.starttls, true);
  assert.equal(r.tls.fallbackScsv, true);
  assert.equal(r.tls.secureRenegotiation, true);
  assert.ok(r.groups.some((g) => g.name === 'x25519'));
  assert.ok(r.findings.some((f) => f.id === 'anon-ciphers'));
  assert.ok(r.findings.some((f) => f.id === 'weak-suites-choosable'));
  const accepted = r.protocols.reduce((n, x) => n + x.ciphers.length, 0);
  assert.ok(r.stats.connections <= accepted + 30, `${r.stats.connections} connections for ${accepted} suites`);
});

test('server preference with a custom tls_high_cipherlist on an encrypt service: the full order', async () => {
  const p = port(names.pref, 'submission');
  const r = await scanHost({ host: '127.0.0.1', port: p, starttls: true }, {});
  assert.equal(r.complete, true, r.error ?? '');
  const tls12 = r.protocols.find((x) => x.version === 'TLSv1.2');
  assert.equal(tls12?.serverPreference, true);
  assert.deepEqual(suitesOf(r, 'TLSv1.2'), PREF_LIST.split(':'), 'exactly the configured list, in its order');
  // the config's order, checked with s_client two-suite probes offered in reverse
  const pairs = PREF_LIST.split(':').slice(0, 3);
  const pick = await sClient(p, ['-tls1_2', '-cipher', [...pairs].reverse().join(':')]);
  assert.equal(pick?.cipher, pairs[0]);
  assert.equal(r.protocols.find((x) => x.version === 'TLSv1.3')?.serverPreference, true);
  assert.ok(!r.findings.some((f) => f.id === 'weak-suites-choosable'));
  assert.equal(tls12?.chacha20Priority, false, 'no PRIORITIZE_CHACHA here');
  await checkAgainstOpenssl(r, p);
});

test('TLS 1.2+ only: TLS 1.0 and 1.1 are not offered', async () => {
  const p = port(names.tls12, 'smtp');
  const r = await scanHost({ host: '127.0.0.1', port: p, starttls: true }, {});
  assert.equal(r.protocols.find((x) => x.version === 'TLSv1.0')?.offered, false);
  assert.equal(r.protocols.find((x) => x.version === 'TLSv1.1')?.offered, false);
  assert.ok(!r.findings.some((f) => f.id === 'old-tls'));
  await checkAgainstOpenssl(r, p);
});

test('TLS 1.3 only with RSA and ECDSA certificates: both leaves, though certificates travel encrypted', async () => {
  const p = port(names.tls13, 'smtp');
  const r = await scanHost({ host: '127.0.0.1', port: p, starttls: true }, {});
  assert.equal(r.complete, true, r.error ?? '');
  for (const v of ['TLSv1.0', 'TLSv1.1', 'TLSv1.2']) assert.equal(r.protocols.find((x) => x.version === v)?.offered, false, v);
  assert.equal(r.protocols.find((x) => x.version === 'TLSv1.3')?.offered, true);
  const lab = labs[names.tls13] as LabInstance;
  const want = [lab.certs.rsa.cert, lab.certs.ecdsa.cert].map((f) => new X509Certificate(readFileSync(f)).fingerprint256).sort();
  assert.deepEqual(r.certificates.map((c) => c.fingerprintSha256).sort(), want);
  assert.equal(r.tls.fallbackScsv, null, 'no lower version to fall back to');
  // TLS 1.3 tickets arrive after the handshake: the ground truth is s_client's message trace.
  const trace = await new Promise<string>((resolve) => {
    const child = execFile('openssl', ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${p}`, '-msg'], { timeout: 10_000 }, (_e, stdout, stderr) => resolve(`${stdout}${stderr}`));
    setTimeout(() => child.stdin?.end('QUIT\n'), 500);
  });
  assert.equal(r.tls.sessionTickets, /NewSessionTicket/.test(trace), 'session tickets as s_client saw them');
  await checkAgainstOpenssl(r, p);
});

test('implicit TLS on the wrapper-mode submissions service, through the CLI with --json', async () => {
  const p = port(names.stock, 'submissions');
  const io = memoryIo();
  const code = await main(['scan', `127.0.0.1:${p}`, '--starttls', 'none', '--json'], io);
  assert.equal(code, 0, io.err());
  const r = JSON.parse(io.out()) as ScanReport;
  assert.equal(r.target.starttls, null);
  assert.match(r.smtp?.banner ?? '', /ESMTP Postfix/);
  assert.ok((r.smtp?.capabilitiesAfterTls.length ?? 0) > 0);
  assert.match(r.protocols.find((x) => x.version === 'TLSv1.2')?.ciphers[0]?.code ?? '', /^0x[0-9A-F]{4}$/);
  await checkAgainstOpenssl(r, p, false);
});

test('exclusion lists: excluded suites are gone, the rest agrees with s_client', async () => {
  const p = port(names.excl, 'smtp');
  const r = await scanHost({ host: '127.0.0.1', port: p, starttls: true }, {});
  const all = r.protocols.flatMap((x) => x.ciphers);
  assert.ok(all.length > 0);
  assert.ok(!all.some((c) => c.auth === 'anon'), 'aNULL excluded');
  assert.ok(!all.some((c) => /CAMELLIA|ARIA/.test(c.iana)), 'CAMELLIA and ARIA excluded');
  assert.ok(!all.some((c) => c.kx === 'RSA'), 'kRSA excluded');
  assert.ok(!r.findings.some((f) => f.id === 'anon-ciphers'));
  // tls_preempt_cipherlist = yes with PRIORITIZE_CHACHA: server order, ChaCha20 first for clients that ask for it
  const tls12 = r.protocols.find((x) => x.version === 'TLSv1.2');
  assert.equal(tls12?.serverPreference, true);
  assert.equal(tls12?.chacha20Priority, true);
  const order = suitesOf(r, 'TLSv1.2');
  const [first, second] = [order[0], order[1]];
  assert.ok(first && second);
  assert.equal((await sClient(p, ['-tls1_2', '-cipher', `${second}:${first}`]))?.cipher, first, 's_client agrees on the order of the top two');
  await checkAgainstOpenssl(r, p);
});

test('postscreen in front: the scan waits out the 220- greeting and completes', async () => {
  const p = port(names.pscreen, 'smtp');
  const r = await scanHost({ host: '127.0.0.1', port: p, starttls: true }, {});
  assert.equal(r.complete, true, r.error ?? '');
  assert.ok(r.stats.durationMs >= 2000, 'the first connection waited out postscreen_greet_wait');
  assert.equal(r.protocols.find((x) => x.version === 'TLSv1.2')?.offered, true);
  assert.equal(r.smtp?.starttls, true);
  const log = readFileSync((labs[names.pscreen] as LabInstance).logFile, 'utf8');
  // The scanner's probes to loopback come from their own address (src/net/tcp.ts PROBE_LOOPBACK_SOURCE).
  assert.match(log, new RegExp(`postscreen\\[\\d+\\]: PASS NEW \\[${PROBE_LOOPBACK_SOURCE.replace(/\./g, '\\.')}\\]`), 'postscreen tested the scanner and let it pass');
  assert.doesNotMatch(log, /PREGREET|COMMAND PIPELINING|NON-SMTP COMMAND/, 'never spoke before the greeting was complete');
});
