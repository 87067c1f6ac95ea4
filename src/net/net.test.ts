import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { Connector, memoryPair } from './index.js';
import { MailtlsError } from '../errors.js';

test('memory pair carries bytes both ways and signals the end', async () => {
  const [a, b] = memoryPair();
  await a.write('hello');
  assert.equal(Buffer.from((await b.read(1000))!).toString(), 'hello');
  a.close();
  assert.equal(await b.read(1000), null);
});

test('read times out with ETIMEOUT', async () => {
  const [a] = memoryPair();
  await assert.rejects(a.read(20), (e: unknown) => e instanceof MailtlsError && e.code === 'ETIMEOUT');
});

test('byte cap turns a flood into ETOOLARGE', async () => {
  const [a, b] = memoryPair({ maxBytes: 1000 });
  await a.write(Buffer.alloc(600));
  await a.write(Buffer.alloc(600));
  await assert.rejects(async () => { for (;;) { if ((await b.read(1000)) === null) break; } }, (e: unknown) => e instanceof MailtlsError && e.code === 'ETOOLARGE');
});

test('discardBuffered drops unread data and counts it', async () => {
  const [a, b] = memoryPair();
  await a.write('injected');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(b.discardBuffered(), 8);
});

test('connector counts connections and maps refusals', async () => {
  const server = createServer((s) => s.end('220 hi\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const c = new Connector({ host: '127.0.0.1', port, timeoutMs: 2000, concurrency: 2 });
  const t = await c.open();
  assert.match(Buffer.from((await t.read(1000))!).toString(), /^220/);
  t.close();
  assert.equal(c.connections, 1);
  await new Promise<void>((r) => server.close(() => r()));
  await assert.rejects(c.open(), (e: unknown) => e instanceof MailtlsError && e.code === 'ECONNREFUSED');
  assert.equal(c.connections, 2);
});
