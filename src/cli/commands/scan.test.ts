import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTarget } from './scan.js';
import { main } from '../main.js';
import { memoryIo } from '../io.js';
import { MailtlsError } from '../../errors.js';

test('targets: names, IPv4, IPv6 in brackets, bare IPv6, ports', () => {
  assert.deepEqual(parseTarget('mx.example.org'), { host: 'mx.example.org', port: undefined });
  assert.deepEqual(parseTarget('127.0.0.1:2525'), { host: '127.0.0.1', port: 2525 });
  assert.deepEqual(parseTarget('[::1]:25'), { host: '::1', port: 25 });
  assert.deepEqual(parseTarget('[::1]'), { host: '::1', port: undefined });
  assert.deepEqual(parseTarget('::1'), { host: '::1', port: undefined });
  for (const bad of ['', ':25', 'a b', 'host:99999', 'host:x']) assert.throws(() => parseTarget(bad), (e: unknown) => e instanceof MailtlsError && e.code === 'EUSAGE', bad);
});

test('usage errors exit 2 with the flag named', async () => {
  for (const argv of [['scan'], ['scan', 'a', 'b'], ['scan', 'h', '--starttls', 'imap'], ['scan', 'h', '--concurrency', '0'], ['scan', 'h', '--ehlo', 'bad name']]) {
    const io = memoryIo();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    assert.match(io.err(), /EUSAGE/);
  }
});

test('a refused connection: exit 1 with a one-line reason', async () => {
  const io = memoryIo();
  // port 1 on loopback: nothing listens there
  assert.equal(await main(['scan', '127.0.0.1:1', '--timeout', '1000'], io), 1);
  assert.match(io.err(), /^mailtls scan: ECONNREFUSED 127\.0\.0\.1:1: .*\n$/);
});
