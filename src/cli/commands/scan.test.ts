import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProtocol, parseDuration, parseRate, parseTarget } from './scan.js';
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
  for (const argv of [['scan'], ['scan', 'a', 'b'], ['scan', 'h', '--starttls', 'ftp'], ['scan', 'h:993', '--protocol', 'pop3'], ['scan', 'h', '--starttls', 'imap', '--protocol', 'pop3'], ['scan', 'h', '--concurrency', '0'], ['scan', 'h', '--ehlo', 'bad name'], ['scan', 'h', '--max-connections', '0'], ['scan', 'h', '--rate', 'fast'], ['scan', 'h', '--patience', 'soon'], ['scan', 'h', '--patience', '0s']]) {
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

test('the protocol follows the port, --starttls and --protocol say otherwise', () => {
  const cases: [number, string | undefined, string | undefined, { starttls: boolean; protocol: string }][] = [
    [25, undefined, undefined, { starttls: true, protocol: 'smtp' }],
    [587, undefined, undefined, { starttls: true, protocol: 'smtp' }],
    [465, undefined, undefined, { starttls: false, protocol: 'smtp' }],
    [143, undefined, undefined, { starttls: true, protocol: 'imap' }],
    [993, undefined, undefined, { starttls: false, protocol: 'imap' }],
    [110, undefined, undefined, { starttls: true, protocol: 'pop3' }],
    [995, undefined, undefined, { starttls: false, protocol: 'pop3' }],
    [4190, undefined, undefined, { starttls: true, protocol: 'sieve' }],
    [2525, undefined, undefined, { starttls: true, protocol: 'smtp' }],
    [10143, 'imap', undefined, { starttls: true, protocol: 'imap' }],
    [10993, 'none', 'imap', { starttls: false, protocol: 'imap' }],
    [993, 'none', undefined, { starttls: false, protocol: 'imap' }],
    [4190, 'none', undefined, { starttls: false, protocol: 'sieve' }],
    [143, 'smtp', undefined, { starttls: true, protocol: 'smtp' }],
  ];
  for (const [port, starttls, protocol, want] of cases) assert.deepEqual(chooseProtocol(port, starttls, protocol), want, `${port} ${starttls} ${protocol}`);
});

test('--patience takes a duration, --rate connections per time', () => {
  assert.equal(parseDuration('30s', '--patience'), 30_000);
  assert.equal(parseDuration('5m', '--patience'), 300_000);
  assert.equal(parseDuration('1h', '--patience'), 3_600_000);
  assert.equal(parseDuration('90', '--patience'), 90_000);
  assert.equal(parseDuration('1500ms', '--patience'), 1500);
  for (const bad of ['', 'x', '5 minutes', '500ms', '2d']) assert.throws(() => parseDuration(bad, '--patience'), (e: unknown) => e instanceof MailtlsError && e.code === 'EUSAGE', bad);
  assert.equal(parseRate('30/min'), 30);
  assert.equal(parseRate('30'), 30);
  assert.equal(parseRate('1/s'), 60);
  assert.equal(parseRate('120/h'), 2);
  for (const bad of ['0/min', '/min', '30/day', 'x']) assert.throws(() => parseRate(bad), (e: unknown) => e instanceof MailtlsError && e.code === 'EUSAGE', bad);
});
