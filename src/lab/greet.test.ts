import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { greetSmtp } from './greet.js';

/** A loopback server that plays `onConnect` to each client and records what the client sent. */
async function server(onConnect: (s: Socket) => void): Promise<{ port: number; heard: string[]; close: () => void }> {
  const heard: string[] = [];
  const srv = createServer((s) => {
    s.setEncoding('utf8');
    s.on('data', (d: string) => { heard.push(d); if (d.startsWith('QUIT')) s.end('221 2.0.0 Bye\r\n'); });
    s.on('error', () => undefined);
    onConnect(s);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const addr = srv.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, heard, close: () => srv.close() };
}

test('a postscreen-style multi-line greeting counts once its last 220 line has come, then QUIT', async () => {
  const s = await server((c) => { c.write('220-mx.lab ESMTP\r\n'); setTimeout(() => c.write('220 mx.lab ESMTP Postfix\r\n'), 50); });
  try {
    const g = await greetSmtp('127.0.0.1', s.port, false, 5000);
    assert.deepEqual(g, { ok: true, text: '220 mx.lab ESMTP / mx.lab ESMTP Postfix' });
    assert.deepEqual(s.heard, ['QUIT\r\n']);
  } finally { s.close(); }
});

test('anything but 220 is not ready, and says what came instead', async () => {
  const s = await server((c) => c.end('554 5.7.1 no service\r\n'));
  try {
    const g = await greetSmtp('127.0.0.1', s.port, false, 5000);
    assert.equal(g.ok, false);
    assert.match(g.text, /^ESMTP_REPLY: .*554: 5\.7\.1 no service/);
  } finally { s.close(); }
});

test('silence until the time is up, and a closed port, are failures with a reason', async () => {
  const s = await server(() => undefined);
  try {
    const g = await greetSmtp('127.0.0.1', s.port, false, 300);
    assert.equal(g.ok, false);
    assert.match(g.text, /^ETIMEOUT: /);
  } finally { s.close(); }
  const closed = await greetSmtp('127.0.0.1', s.port, false, 1000);
  assert.equal(closed.ok, false);
  assert.match(closed.text, /ECONNREFUSED/);
});
