import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter, ReplyParser, parseCapabilities, SmtpClient, smtpStartTls } from './index.js';
import { memoryPair } from '../net/index.js';
import { MailtlsError } from '../errors.js';

const coded = (code: string) => (e: unknown) => e instanceof MailtlsError && e.code === code;

test('splitter carries partial lines across chunks', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('220 mx.exa'), []);
  assert.deepEqual(s.push('mple ESMTP\r\n250-A\n250 B\r'), ['220 mx.example ESMTP', '250-A']);
  assert.deepEqual(s.push('\n'), ['250 B']);
  assert.equal(s.pending, 0);
});

test('splitter rejects a long line early, even unterminated', () => {
  const s = new LineSplitter(100);
  assert.throws(() => s.push('x'.repeat(101)), coded('ETOOLARGE'));
  assert.throws(() => new LineSplitter(100).push(`${'y'.repeat(200)}\r\n`), coded('ETOOLARGE'));
});

test('splitter: any chunking gives the same lines (property)', () => {
  fc.assert(fc.property(fc.array(fc.stringMatching(/^[ -~]{0,40}$/), { maxLength: 20 }), fc.array(fc.nat(50)), (lines, cuts) => {
    const text = lines.map((l) => `${l}\r\n`).join('');
    const s = new LineSplitter();
    const out: string[] = [];
    let pos = 0;
    for (const c of cuts) { out.push(...s.push(text.slice(pos, pos + c))); pos += c; }
    out.push(...s.push(text.slice(pos)));
    assert.deepEqual(out, lines);
  }));
});

test('reply parser groups multi-line replies and enforces caps', () => {
  const p = new ReplyParser(3);
  assert.equal(p.push('250-mx.example'), undefined);
  assert.equal(p.push('250-PIPELINING'), undefined);
  assert.deepEqual(p.push('250 STARTTLS'), { code: 250, lines: ['mx.example', 'PIPELINING', 'STARTTLS'] });
  assert.deepEqual(p.push('354'), { code: 354, lines: [''] });
  p.push('250-a'); p.push('250-b');
  assert.throws(() => p.push('250-c'), coded('ETOOLARGE'));
  assert.throws(() => p.push('garbage'), coded('ESMTP_PROTOCOL'));
  p.push('250-a');
  assert.throws(() => p.push('251 b'), coded('ESMTP_PROTOCOL'));
});

test('capabilities: STARTTLS, AUTH (both forms), keywords upper-cased', () => {
  const caps = parseCapabilities({ code: 250, lines: ['mx.example', 'pipelining', 'SIZE 10240000', 'AUTH PLAIN login', 'AUTH=CRAM-MD5', 'STARTTLS'] });
  assert.equal(caps.starttls, true);
  assert.equal(caps.pipelining, true);
  assert.deepEqual(caps.auth, ['PLAIN', 'LOGIN', 'CRAM-MD5']);
  assert.deepEqual(caps.lines, ['PIPELINING', 'SIZE 10240000', 'AUTH PLAIN login', 'AUTH=CRAM-MD5', 'STARTTLS']);
});

/** A scripted peer on the other end of a memory pair. */
async function script(server: ReturnType<typeof memoryPair>[1], steps: (string | RegExp)[]) {
  let buf = '';
  for (const step of steps) {
    if (typeof step === 'string') { await server.write(step); continue; }
    while (!step.test(buf)) {
      const c = await server.read(2000);
      if (c === null) return;
      buf += Buffer.from(c).toString();
    }
    buf = '';
  }
}

test('waits for the complete postscreen-style greeting before speaking', async () => {
  const [client, server] = memoryPair();
  let spokeEarly = false;
  const peer = (async () => {
    await server.write('220-mx.example ESMTP\r\n');
    const early = await server.read(50).catch(() => null);
    spokeEarly = early !== null;
    await script(server, ['220 mx.example ESMTP\r\n', /EHLO scan\.test\r\n/, '250-mx.example\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n', /STARTTLS\r\n/, '220 2.0.0 Ready to start TLS\r\n']);
  })();
  const res = await smtpStartTls(client, { ehloName: 'scan.test', timeoutMs: 1000 });
  await peer;
  assert.equal(spokeEarly, false);
  assert.equal(res.banner, 'mx.example ESMTP\nmx.example ESMTP');
  assert.deepEqual(res.capabilities.auth, ['PLAIN']);
  assert.equal(res.injected, null);
});

test('data after the STARTTLS 220 is discarded and reported', async () => {
  const [client, server] = memoryPair();
  const peer = script(server, ['220 hi\r\n', /EHLO/, '250-x\r\n250 STARTTLS\r\n', /STARTTLS/, '220 go\r\n250 injected\r\n']);
  const res = await smtpStartTls(client, { ehloName: 'a', timeoutMs: 1000 });
  await peer;
  assert.ok(res.injected && res.injected.bytes >= 12);
  assert.match(res.injected.sample, /injected/);
});

test('no STARTTLS, 421 greeting, endless reply, silence: coded errors', async () => {
  {
    const [client, server] = memoryPair();
    void script(server, ['220 hi\r\n', /EHLO/, '250 x\r\n', /QUIT/, '221 bye\r\n']);
    await assert.rejects(smtpStartTls(client, { ehloName: 'a', timeoutMs: 500 }), coded('ENOSTARTTLS'));
  }
  {
    const [client, server] = memoryPair();
    void server.write('421 4.7.0 too many connections\r\n');
    await assert.rejects(smtpStartTls(client, { ehloName: 'a', timeoutMs: 500 }), coded('ESMTP_421'));
  }
  {
    const [client, server] = memoryPair();
    void (async () => { for (let i = 0; i < 1000; i++) await server.write('220-more\r\n'); })();
    await assert.rejects(new SmtpClient(client, { ehloName: 'a', timeoutMs: 500 }).greeting(), coded('ETOOLARGE'));
  }
  {
    const [client] = memoryPair();
    await assert.rejects(new SmtpClient(client, { ehloName: 'a', timeoutMs: 50, greetTimeoutMs: 50 }).greeting(), coded('ETIMEOUT'));
  }
});
