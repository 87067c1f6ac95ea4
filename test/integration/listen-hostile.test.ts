/**
 * The capture server against hostile and broken clients on loopback (garbage after STARTTLS,
 * silence, a huge record, a reset mid-hello, an endless line, a flood of connections): every
 * session ends with a coded error in its record, memory stays bounded, the server keeps
 * serving. And the CLI with the real openssl client, completing and refusing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { spawn } from 'node:child_process';
import { CaptureServer } from '../../src/listen/run.js';
import type { ListenReport, ListenSession } from '../../src/listen/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/** A plaintext client that says EHLO and STARTTLS and then does `then` with the raw socket. */
async function starttls(port: number, then: (s: Socket) => void | Promise<void>): Promise<void> {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  let buf = '';
  await new Promise<void>((resolve, reject) => {
    s.once('close', () => reject(new Error(`closed before STARTTLS: ${JSON.stringify(buf)}`)));
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (/^220 .*\r\n$/.test(buf) && !buf.includes('250')) s.write('EHLO hostile.test\r\n');
      else if (/250 STARTTLS\r\n$/.test(buf)) s.write('STARTTLS\r\n');
      else if (/220 2\.0\.0 Ready to start TLS\r\n$/.test(buf)) { s.removeAllListeners('data'); s.removeAllListeners('close'); resolve(); }
    });
  });
  await then(s);
}

describe('mailtls listen against hostile clients', () => {
  const server = new CaptureServer({ address: '127.0.0.1', port: 0, mode: 'complete', timeoutMs: 400, maxConnections: 8 });
  before(() => server.start());
  after(() => server.close());
  const next = async (act: () => Promise<void>): Promise<ListenSession> => {
    const n = server.connections;
    await act();
    assert.ok(await server.waitFor((all) => all.some((s) => s.index === n), 5000), 'the session ended');
    return server.sessions.find((s) => s.index === n) as ListenSession;
  };

  test('garbage after STARTTLS: EDECODE, no crash', async () => {
    const s = await next(() => starttls(server.port, (c) => { c.write('EHLO this is not TLS\r\n'); }));
    assert.equal(s.handshake.outcome, 'failed');
    assert.equal(s.handshake.error?.code, 'EDECODE');
  });

  test('a record header announcing 65535 bytes: ETOOLARGE at once', async () => {
    const s = await next(() => starttls(server.port, (c) => { c.write(Buffer.from([22, 3, 1, 0xff, 0xff])); }));
    assert.equal(s.handshake.error?.code, 'ETOOLARGE');
  });

  test('silence after STARTTLS and silence after the greeting: ETIMEOUT', async () => {
    const a = await next(() => starttls(server.port, () => undefined));
    assert.equal(a.handshake.error?.code, 'ETIMEOUT');
    const b = await next(async () => { connect(server.port, '127.0.0.1').on('error', () => undefined); });
    assert.equal(b.error?.code, 'ETIMEOUT');
  });

  test('a reset in the middle of the ClientHello: ECONNRESET', async () => {
    const s = await next(() => starttls(server.port, (c) => { c.write(Buffer.from([22, 3, 1, 0, 200, 1, 0, 0, 196, 3, 3])); setTimeout(() => c.resetAndDestroy(), 50); }));
    assert.equal(s.handshake.error?.code, 'ECONNRESET');
  });

  test('an endless command line: 500 and ETOOLARGE after 4 KiB', async () => {
    let got = '';
    const s = await next(async () => {
      const c = connect(server.port, '127.0.0.1');
      c.on('error', () => undefined);
      c.on('data', (d: Buffer) => { got += d.toString('latin1'); });
      await new Promise((r) => c.once('data', r));
      c.write(Buffer.alloc(64 * 1024, 0x41));
    });
    assert.equal(s.error?.code, 'ETOOLARGE');
    for (let i = 0; i < 40 && !got.includes('500 '); i++) await new Promise((r) => setTimeout(r, 25));
    assert.match(got, /500 5\.5\.0 Line too long/);
  });

  test('a flood of 30 connections at once: those over the limit are closed, the server still serves', { timeout: 15_000 }, async () => {
    const socks = Array.from({ length: 30 }, () => connect(server.port, '127.0.0.1').on('error', () => undefined));
    await new Promise((r) => setTimeout(r, 200));
    const accepted = server.connections;
    assert.ok(accepted <= 8 + 10, `at most maxConnections handled (${accepted} sessions so far)`);
    for (const s of socks) s.destroy();
    // The handled ones end as their sockets close; then a new client is served as before.
    assert.ok(await server.waitFor(() => server.inProgress === 0, 5000));
    const before = server.connections;
    const ok = await next(() => starttls(server.port, async (c) => {
      const t = tlsConnect({ socket: c, rejectUnauthorized: false, servername: 'flood.test' });
      t.on('error', () => undefined);
      t.resume(); // read on, or the server's close never shows
      t.once('secureConnect', () => t.write('EHLO again\r\nQUIT\r\n'));
      await new Promise((r) => t.once('close', r));
    }));
    assert.ok(ok.index >= before);
    assert.equal(ok.handshake.outcome, 'completed');
    assert.equal(ok.clientHello?.serverName, 'flood.test');
    assert.ok(process.memoryUsage().rss < 1024 * 1024 * 1024);
  });
});

/** Runs the CLI in-process; `drive(port)` plays the client once the listener has said its port. */
async function cli(args: string[], drive: (port: number) => Promise<void>): Promise<{ code: number; report: ListenReport; err: string }> {
  const io = memoryIo();
  const run = main(['listen', '--port', '0', '--json', ...args], io);
  let port = 0;
  for (let i = 0; i < 200 && port === 0; i++) {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(io.err());
    if (m) port = Number(m[1]);
    else await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(port > 0, io.err());
  await drive(port);
  const code = await run;
  return { code, report: JSON.parse(io.out()) as ListenReport, err: io.err() };
}

function sClient(port: number, extra: string[]): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn('openssl', ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${port}`, '-quiet', ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.stdin.write('EHLO client.test\r\nMAIL FROM:<a@client.test>\r\nRCPT TO:<b@listen.test>\r\nDATA\r\nSubject: t\r\n\r\nhello\r\n.\r\n');
    setTimeout(() => p.stdin.end('QUIT\r\n'), 300);
    const t = setTimeout(() => p.kill(), 8000);
    p.on('close', () => { clearTimeout(t); resolve(out); });
  });
}

describe('mailtls listen (CLI) with the real openssl client', () => {
  test('--once: the ClientHello as openssl sent it, the handshake completed, the message accepted', async () => {
    const { code, report } = await cli(['--once'], (port) => sClient(port, ['-servername', 'mx.listen.test', '-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA', '-groups', 'P-256']).then(() => undefined));
    assert.equal(code, 0);
    const s = report.sessions[0];
    assert.equal(s?.handshake.outcome, 'completed');
    assert.equal(s?.handshake.protocol, 'TLSv1.2');
    assert.equal(s?.message?.over, 'tls');
    assert.deepEqual(s?.clientHello?.suites.map((x) => x.openssl ?? x.name), ['ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA', 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV']);
    assert.deepEqual(s?.clientHello?.groups?.map((g) => g.name), ['secp256r1']);
    assert.equal(s?.clientHello?.serverName, 'mx.listen.test');
    // Graded as a client: AES256-SHA (no forward secrecy) is not a pass under the mail profile.
    assert.notEqual(report.grade?.rules.find((r) => r.id === 'cipher-suites')?.outcome, 'pass');
  });

  test('--refuse --once: a handshake_failure alert; openssl does not retry, so no fallback', async () => {
    let out = '';
    const { code, report } = await cli(['--once', '--refuse', '--wait', '500'], async (port) => { out = await sClient(port, []); });
    assert.equal(code, 0);
    assert.equal(report.sessions[0]?.handshake.outcome, 'refused');
    assert.match(out, /handshake failure|alert/i);
    assert.deepEqual(report.fallback, { refused: 1, plaintextRetries: 0, retriedInPlaintext: false });
  });

  test('usage errors exit 2; a non-loopback default is never used', async () => {
    const io = memoryIo();
    assert.equal(await main(['listen', '--levels', 'may'], io), 2);
    assert.equal(await main(['listen', '--port', 'x'], io), 2);
  });
});
