import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressMtaSts, mxMatchesPattern, parsePolicy, parseStsTxt } from './mta-sts-policy.js';
import { CA_DER, LEAF_DER, NOW, OTHER_DER } from './fixtures.js';
import type { StsPolicy } from './types.js';

const store = { source: 'test CA', roots: [Buffer.from(CA_DER, 'base64')] };
const policy = (mode: StsPolicy['mode'], mx: string[]): StsPolicy => ({
  url: 'https://mta-sts.example.test/.well-known/mta-sts.txt', text: '', version: 'STSv1', mode, maxAge: 604800, mx, valid: true, errors: [], address: null,
});
const mx1 = { host: 'mx1.example.test', kind: 'mx' as const };
const served = [[LEAF_DER, CA_DER]];

test('MTA-STS MX patterns: exact names, and a wildcard covers exactly one leftmost label (RFC 8461 §4.1)', () => {
  assert.ok(mxMatchesPattern('mx1.example.test', 'mx1.example.test'));
  assert.ok(mxMatchesPattern('MX1.Example.Test.', 'mx1.example.test.'), 'case and a trailing dot do not matter');
  assert.ok(mxMatchesPattern('mx1.example.test', '*.example.test'));
  assert.ok(!mxMatchesPattern('a.mx1.example.test', '*.example.test'), 'not two labels');
  assert.ok(!mxMatchesPattern('example.test', '*.example.test'), 'not the bare domain');
  assert.ok(!mxMatchesPattern('mx1.example.test', 'example.test'));
  assert.ok(!mxMatchesPattern('mx1.example.test', 'mx1.*.test'), 'a wildcard only as the leftmost label');
  assert.ok(!mxMatchesPattern('mx1.badexample.test', '*.example.test'));
});

test('MTA-STS per address: listed and PKIX-valid for the MX name delivers (RFC 8461 §4.1, §4.2)', () => {
  for (const pattern of ['mx1.example.test', '*.example.test']) {
    const j = addressMtaSts(mx1, served, true, policy('enforce', [pattern]), store, NOW);
    assert.deepEqual([j.match, j.nameMatches, j.certificateValid], [true, true, true], `${pattern}: ${j.reason}`);
  }
  const testing = addressMtaSts(mx1, served, true, policy('testing', ['mx1.example.test']), store, NOW);
  assert.equal(testing.match, true, 'the judgement is the same in mode testing; the mode decides the verdict');
});

test('MTA-STS per address: mode none or no policy decides nothing', () => {
  assert.deepEqual(addressMtaSts(mx1, served, true, policy('none', []), store, NOW), { match: null, nameMatches: null, certificateValid: null,
    reason: 'policy mode none' });
  assert.equal(addressMtaSts(mx1, served, true, null, store, NOW).reason, 'no MTA-STS policy applies');
});

test('MTA-STS per address: an unlisted name, an address MX, an untrusted or misnamed certificate, no STARTTLS each fail', () => {
  const unlisted = addressMtaSts(mx1, served, true, policy('enforce', ['mx2.example.test', '*.other.test']), store, NOW);
  assert.deepEqual([unlisted.match, unlisted.nameMatches, unlisted.certificateValid], [false, false, true]);
  assert.match(unlisted.reason, /matches none of the policy's mx patterns \(mx2\.example\.test, \*\.other\.test\)/);
  const literal = addressMtaSts({ host: '127.53.0.10', kind: 'ip-literal' }, served, true, policy('enforce', ['127.53.0.10']), store, NOW);
  assert.equal(literal.nameMatches, false, 'an MX that is an address matches no pattern');
  const untrusted = addressMtaSts(mx1, served, true, policy('enforce', ['mx1.example.test']), { source: 'empty', roots: [] }, NOW);
  assert.deepEqual([untrusted.match, untrusted.certificateValid], [false, false]);
  assert.match(untrusted.reason, /not PKIX-valid/);
  const misnamed = addressMtaSts(mx1, [[OTHER_DER]], true, policy('enforce', ['mx1.example.test']), { source: 'other', roots: [Buffer.from(OTHER_DER,
    'base64')] }, NOW);
  assert.equal(misnamed.match, false);
  assert.match(misnamed.reason, /does not name mx1\.example\.test/);
  const plain = addressMtaSts(mx1, [], false, policy('enforce', ['mx1.example.test']), store, NOW);
  assert.deepEqual([plain.match, plain.certificateValid], [false, false]);
  assert.match(plain.reason, /no STARTTLS/);
  const unseen = addressMtaSts(mx1, [], null, policy('enforce', ['mx1.example.test']), store, NOW);
  assert.deepEqual([unseen.match, unseen.certificateValid], [false, null], 'not scanned: nothing proves the certificate');
});

test('MTA-STS TXT id: 1 to 32 letters and digits, once (RFC 8461 §3.1)', () => {
  assert.equal(parseStsTxt('_mta-sts.x', [`v=STSv1; id=${'a'.repeat(32)}`]).valid, true);
  assert.match(parseStsTxt('_mta-sts.x', [`v=STSv1; id=${'a'.repeat(33)}`]).errors.join(), /1 to 32/);
  assert.match(parseStsTxt('_mta-sts.x', ['v=STSv1; id=']).errors.join(), /1 to 32/);
  assert.match(parseStsTxt('_mta-sts.x', ['v=STSv1; id=1; id=2']).errors.join(), /id appears twice/);
  assert.equal(parseStsTxt('_mta-sts.x', ['v=STSv1; id=1; id=2']).valid, false);
});

test('MTA-STS policy: a repeated key, a wildcard pattern, the max_age bound (RFC 8461 §3.2)', () => {
  const p = parsePolicy('u', 'version: STSv1\nmode: enforce\nmode: none\nmx: *.example.test\nmax_age: 31557600\n', null);
  assert.equal(p.mode, 'enforce', 'senders use the first');
  assert.match(p.errors.join(), /mode appears again/);
  assert.deepEqual(p.mx, ['*.example.test']);
  assert.equal(p.maxAge, 31557600);
  assert.match(parsePolicy('u', 'version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 31557601\n', null).errors.join(), /up to 31557600/);
  assert.match(parsePolicy('u', 'version: STSv1\nmode: enforce\nmx: *.*.test\nmax_age: 1\n', null).errors.join(), /not a host name/);
});
