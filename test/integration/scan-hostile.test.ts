/**
 * The scanner against scripted servers (test/helpers/fake-server.ts): what no real Postfix with
 * OpenSSL 3 can produce (SSLv3, export and RC4 suites) and hostile behaviour. Each scan must
 * finish within its timeouts with a partial report and coded per-probe errors.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanHost } from '../../src/scan/engine.js';
import type { ScanOptions } from '../../src/scan/context.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import {
  startFakeServer, smtpUntilStarttls, legacyTlsHandshake, alert, record, serverFlight,
  type FakeConn, type LegacyTls,
} from '../helpers/fake-server.js';

const FAST: Partial<ScanOptions> = { timeoutMs: 800, greetTimeoutMs: 800, backoffMs: 30, concurrency: 8 };
let certDer: Buffer;

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-fake-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=fake.test', '-days', '2',
    '-keyout', join(dir, 'k.pem'), '-outform', 'DER', '-out', join(dir, 'c.der')], { stdio: 'ignore' });
  certDer = readFileSync(join(dir, 'c.der'));
});

async function scanFake(script: (c: FakeConn) => Promise<void>, opts: Partial<ScanOptions> = {}) {
  const server = await startFakeServer(script);
  try {
    const t0 = Date.now();
    const report = await scanHost({ host: '127.0.0.1', port: server.port, starttls: true }, { ...FAST, ...opts });
    return { report, ms: Date.now() - t0, accepted: server.connections() };
  } finally {
    await server.close();
  }
}

const legacy = (tls: LegacyTls) => async (c: FakeConn) => {
  if (await smtpUntilStarttls(c)) await legacyTlsHandshake(c, tls);
};

test('SSLv3, export and RC4 suites that OpenSSL 3 cannot offer are found, in server order', async () => {
  const accept = new Map<number, number[]>([
    [0x0300, [0x0005, 0x0003, 0x000a]], // RC4-SHA, EXP-RC4-MD5, DES-CBC3-SHA
    [0x0301, [0x0005, 0x002f, 0x0004]], // RC4-SHA, AES128-SHA, RC4-MD5
  ]);
  const { report } = await scanFake(async (c) => {
    if (await smtpUntilStarttls(c)) await legacyTlsHandshake(c, { accept, certDer, serverOrder: true });
  });
  const v = (name: string) => report.protocols.find((p) => p.version === name);
  assert.equal(v('SSLv3')?.offered, true);
  assert.deepEqual(v('SSLv3')?.ciphers.map((c) => c.code), ['0x0005', '0x0003', '0x000A']);
  assert.equal(v('SSLv3')?.serverPreference, true);
  assert.deepEqual(v('TLSv1.0')?.ciphers.map((c) => c.openssl), ['RC4-SHA', 'AES128-SHA', 'RC4-MD5']);
  assert.equal(v('TLSv1.2')?.offered, false);
  assert.equal(v('TLSv1.3')?.offered, false);
  const ids = report.findings.map((f) => f.id);
  for (const id of ['sslv3', 'export-ciphers', 'rc4-ciphers', 'des-ciphers', 'old-tls']) assert.ok(ids.includes(id), `finding ${id} in ${ids.join(',')}`);
  assert.equal(report.certificates[0]?.subject, 'CN=fake.test');
  assert.equal(report.certificates[0]?.selfSigned, true);
  assert.equal(report.complete, true);
});

test('client order is told apart from server order on the same suites', async () => {
  const accept = new Map<number, number[]>([[0x0303, [0xc030, 0xc02f, 0x009c, 0x002f]]]);
  const { report } = await scanFake(legacy({ accept, certDer, serverOrder: false }));
  const tls12 = report.protocols.find((p) => p.version === 'TLSv1.2');
  assert.equal(tls12?.serverPreference, false);
  assert.deepEqual(tls12?.ciphers.map((c) => c.code).sort(), ['0x002F', '0x009C', '0xC02F', '0xC030']);
  const f = report.findings.find((x) => x.id === 'weak-suites-choosable');
  assert.ok(f, 'weak suites a client can force are named');
  assert.match(f.detail, /AES128-SHA/);
  assert.match(f.detail, /rather than only setting tls_preempt_cipherlist/);
});

test('plaintext injected after the STARTTLS 220 is discarded and reported', async () => {
  const accept = new Map<number, number[]>([[0x0303, [0xc02f]]]);
  const { report } = await scanFake(async (c) => {
    if (await smtpUntilStarttls(c, { inject: '250-PIPELINING\r\n250 injected\r\n' })) await legacyTlsHandshake(c, { accept, certDer });
  });
  assert.ok((report.smtp?.injectedAfterStarttls ?? 0) > 0);
  assert.ok(report.findings.some((f) => f.id === 'starttls-injection'));
  // the TLS probes still worked: the injected bytes were not taken for a TLS record
  assert.equal(report.protocols.find((p) => p.version === 'TLSv1.2')?.offered, true);
});

test('no STARTTLS: one connection, a finding and a non-zero exit with the reason', async () => {
  const server = await startFakeServer(async (c) => {
    await smtpUntilStarttls(c, { ehlo: '250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n' });
  });
  try {
    const report = await scanHost({ host: '127.0.0.1', port: server.port, starttls: true }, FAST);
    assert.equal(report.complete, false);
    assert.match(report.error ?? '', /ENOSTARTTLS/);
    assert.equal(report.smtp?.starttls, false);
    assert.deepEqual(report.smtp?.authBeforeTls, ['PLAIN', 'LOGIN']);
    const ids = report.findings.map((f) => f.id);
    assert.ok(ids.includes('no-starttls') && ids.includes('auth-before-tls'));
    assert.ok(report.stats.connections <= 2, `connections ${report.stats.connections}`);
    const io = memoryIo();
    const code = await main(['scan', `127.0.0.1:${server.port}`, '--timeout', '800'], io);
    assert.equal(code, 1);
    assert.match(io.err(), /^mailtls scan: ENOSTARTTLS .*\n$/);
  } finally {
    await server.close();
  }
});

test('421 at the greeting is backed off and retried, then the scan goes on', async () => {
  const accept = new Map<number, number[]>([[0x0303, [0xc02f, 0xc030]]]);
  let refused = 0;
  const { report } = await scanFake(async (c) => {
    if (refused < 2) { refused++; c.send('421 4.7.0 too many connections\r\n'); return; }
    if (await smtpUntilStarttls(c)) await legacyTlsHandshake(c, { accept, certDer });
  });
  assert.equal(report.complete, true);
  assert.equal(report.smtp?.retries, 2);
  assert.equal(report.protocols.find((p) => p.version === 'TLSv1.2')?.ciphers.length, 2);
});

test('421 that persists ends the scan with ESMTP_421', async () => {
  const { report, accepted } = await scanFake(async (c) => { c.send('421 4.3.2 go away\r\n'); });
  assert.equal(report.complete, false);
  assert.match(report.error ?? '', /ESMTP_421/);
  assert.ok(accepted <= 4, `gave up after the retries (${accepted} connections)`);
});

const hostile: [string, (c: FakeConn) => Promise<void>][] = [
  ['silence', async () => { await new Promise((r) => setTimeout(r, 2000)); }],
  ['garbage without newlines', async (c) => { c.send(Buffer.alloc(50_000, 0x41)); await c.readLine(1500); }],
  ['a 10 MB line', async (c) => { for (let i = 0; i < 160 && !c.socket.destroyed; i++) { c.send(Buffer.alloc(65_536, 0x42)); await new Promise((r) => setImmediate(r)); } }],
  ['an endless multi-line greeting', async (c) => { for (let i = 0; i < 5000 && !c.socket.destroyed; i++) { c.send('220-still greeting\r\n'); if (i % 50 === 0) await new Promise((r) => setImmediate(r)); } }],
  ['garbage instead of TLS', async (c) => { if (await smtpUntilStarttls(c)) { await c.readRecord(); c.send('this is not TLS at all\r\n'); } }],
  ['a truncated record', async (c) => { if (await smtpUntilStarttls(c)) { await c.readRecord(); c.send(serverFlight(0x0303, 0xc02f, certDer).subarray(0, 40)); c.close(); } }],
  ['an absurd record length', async (c) => { if (await smtpUntilStarttls(c)) { await c.readRecord(); c.send(Buffer.from([22, 3, 3, 0xff, 0xff, 2, 0xff, 0xff, 0xff])); await c.readLine(1500); } }],
  ['an absurd handshake length', async (c) => { if (await smtpUntilStarttls(c)) { await c.readRecord(); c.send(record(22, 0x0303, Buffer.from([2, 0xff, 0xff, 0xff, 3, 3]))); await c.readLine(1500); } }],
  ['a reset mid-handshake', async (c) => { if (await smtpUntilStarttls(c)) { await c.readRecord(); c.send(serverFlight(0x0303, 0xc02f, certDer).subarray(0, 60)); await new Promise((r) => setTimeout(r, 20)); c.reset(); } }],
  ['a malformed alert', async (c) => { if (await smtpUntilStarttls(c)) { await c.readRecord(); c.send(record(21, 0x0303, Buffer.from([2]))); } }],
  ['a huge certificate chain', async (c) => {
    if (await smtpUntilStarttls(c)) {
      await c.readRecord();
      c.send(serverFlight(0x0303, 0xc02f).subarray(0, 0));
      const big = Buffer.alloc(200_000, 0x30);
      for (let i = 0; i < 6 && !c.socket.destroyed; i++) c.send(record(22, 0x0303, big.subarray(0, 16_000)));
      await c.readLine(1500);
    }
  }],
];

for (const [name, script] of hostile) {
  test(`hostile server: ${name} gives coded errors and a finished, partial report`, async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const { report, ms } = await scanFake(script);
    assert.ok(ms < 8000, `finished in ${ms} ms`);
    assert.ok(report.stats.connections >= 1);
    assert.ok(report.stats.connections <= 40, `connections ${report.stats.connections}`);
    assert.equal(report.complete, false, 'nothing usable was learned, so the scan says it is incomplete');
    assert.ok(report.error, 'with a reason');
    for (const e of [...report.errors]) assert.match(e.code, /^E[A-Z_0-9]+$/);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 200 * 1024 * 1024, 'memory stays bounded');
  });
}

test('accepts with a partial answer still count: one suite accepted, the rest of the server hostile', async () => {
  const { report } = await scanFake(async (c) => {
    if (!(await smtpUntilStarttls(c))) return;
    if (c.index % 2 === 0) await legacyTlsHandshake(c, { accept: new Map([[0x0303, [0xc02f]]]), certDer });
    else { await c.readRecord(); c.send(alert(40)); }
  });
  assert.equal(report.protocols.find((p) => p.version === 'TLSv1.2')?.offered, true);
});

test('SSLv2: a server answering the SSLv2 CLIENT-HELLO is reported with its cipher kinds', async () => {
  const { encodeSslv2Record, encodeSslv2ServerHelloBody } = await import('../../src/wire/sslv2.js');
  const { report } = await scanFake(async (c) => {
    if (!(await smtpUntilStarttls(c))) return;
    const rec = await c.readRecord();
    if (rec?.sslv2) {
      // the SSLv2 SERVER-HELLO lists every kind it shares with the client (SSLv2 draft section 2.6)
      c.send(encodeSslv2Record(encodeSslv2ServerHelloBody({
        sessionIdHit: false, certificateType: 1, version: 2, certificate: certDer,
        cipherSpecs: [0x010080, 0x020080, 0x0700c0], connectionId: new Uint8Array(16),
      })));
      await c.readLine(500);
    } else {
      c.send(alert(70));
    }
  });
  const v2 = report.protocols.find((p) => p.version === 'SSLv2');
  assert.equal(v2?.offered, true);
  assert.deepEqual(v2?.ciphers.map((c) => c.code), ['0x010080', '0x020080', '0x0700C0']);
  assert.ok(report.findings.some((f) => f.id === 'sslv2' && f.severity === 'critical'));
  assert.equal(report.certificates[0]?.subject, 'CN=fake.test');
});

test('IPv6 loopback target', async (t) => {
  const { createServer } = await import('node:net');
  const server = createServer((s) => { s.end('554 5.3.2 not today\r\n'); });
  const ok = await new Promise<boolean>((resolve) => { server.once('error', () => resolve(false)); server.listen(0, '::1', () => resolve(true)); });
  if (!ok) { t.skip('no IPv6 loopback here'); return; }
  const port = (server.address() as { port: number }).port;
  try {
    const io = (await import('../../src/cli/io.js')).memoryIo();
    const code = await main(['scan', `[::1]:${port}`, '--timeout', '800'], io);
    assert.equal(code, 1);
    assert.match(io.err(), /ESMTP_REPLY \[::1\]:\d+: the server greeted with 554/);
  } finally {
    server.close();
  }
});
