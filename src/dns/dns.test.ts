import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResolvConf, parseResolverSpec } from './resolv-conf.js';
import { toRecord } from './records.js';

test('resolv.conf: nameserver lines, at most three, comments and scopes ignored', () => {
  const s = parseResolvConf('# x\nsearch example.com\nnameserver 127.0.0.53\nnameserver fe80::1%eth0 ; lan\nnameserver bogus\nnameserver 10.0.0.1\nnameserver 10.0.0.2\noptions trust-ad\n');
  assert.deepEqual(s, [{ address: '127.0.0.53', port: 53 }, { address: 'fe80::1', port: 53 }, { address: '10.0.0.1', port: 53 }]);
});

test('--resolver IP[:PORT] and [IPv6]:PORT', () => {
  assert.deepEqual(parseResolverSpec('127.53.0.2'), { address: '127.53.0.2', port: 53 });
  assert.deepEqual(parseResolverSpec('127.0.0.1:5353'), { address: '127.0.0.1', port: 5353 });
  assert.deepEqual(parseResolverSpec('[::1]:53'), { address: '::1', port: 53 });
  assert.deepEqual(parseResolverSpec('::1'), { address: '::1', port: 53 });
  assert.throws(() => parseResolverSpec('resolver.example'), /--resolver takes/);
  assert.throws(() => parseResolverSpec('127.0.0.1:0'), /--resolver takes/);
});

test('records: odd rdata from a hostile server becomes OTHER, never an exception', () => {
  assert.deepEqual(toRecord({ type: 'A', name: 'X.Example.', ttl: 5, data: '1.2.3.4' } as never), { type: 'A', name: 'x.example', ttl: 5, address: '1.2.3.4' });
  assert.equal(toRecord({ type: 'A', name: 'x', data: 'not an address' } as never)?.type, 'OTHER');
  assert.equal(toRecord({ type: 'MX', name: 'x', data: null } as never)?.type, 'OTHER');
  const txt = toRecord({ type: 'TXT', name: 'x', data: [Buffer.from('v=STSv1; '), Buffer.from('id=1')] } as never);
  assert.equal(txt?.type === 'TXT' ? txt.text : '', 'v=STSv1; id=1');
  assert.equal(toRecord({ type: 'OPT', name: '.' } as never), null);
});
