import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeAtLeast, gradeCipher, isAnonymousCipher } from './ciphers.js';
import { judge, judgeAll, parsePolicy, parseProtocolList } from './policy.js';
import type { SessionOutcome } from './sessions.js';

const tls = (protocol: string, cipher: string): SessionOutcome => ({ kind: 'tls', protocol, cipher, bits: 256, trust: 'Anonymous' });

describe('cipher grades of logged OpenSSL names', () => {
  test('high, medium, low, export, null as OpenSSL 1.1+ classes them', () => {
    const g = (n: string) => gradeCipher(n).grade;
    assert.equal(g('TLS_AES_256_GCM_SHA384'), 'high');
    assert.equal(g('ECDHE-RSA-AES256-GCM-SHA384'), 'high');
    assert.equal(g('DHE-RSA-CAMELLIA256-SHA'), 'high');
    assert.equal(g('ECDHE-RSA-CHACHA20-POLY1305'), 'high');
    assert.equal(g('ADH-AES256-GCM-SHA384'), 'high');
    assert.equal(g('DES-CBC3-SHA'), 'medium');
    assert.equal(g('EDH-RSA-DES-CBC3-SHA'), 'medium');
    assert.equal(g('RC4-SHA'), 'medium');
    assert.equal(g('SEED-SHA'), 'medium');
    assert.equal(g('DES-CBC-SHA'), 'low');
    assert.equal(g('EXP-RC4-MD5'), 'export');
    assert.equal(g('ECDHE-RSA-NULL-SHA'), 'null');
    assert.equal(g('WHATEVER-NEW'), 'unknown');
    assert.ok(gradeAtLeast('high', 'medium'));
    assert.ok(!gradeAtLeast('medium', 'high'));
    assert.ok(isAnonymousCipher('ADH-AES256-GCM-SHA384'));
  });
});

describe('--if policies', () => {
  test('Postfix protocol lists (tls_proto_mask_lims(), src/tls/tls_misc.c)', () => {
    assert.deepEqual([...parseProtocolList('>=TLSv1.2')], ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual([...parseProtocolList('!SSLv2, !SSLv3, !TLSv1, !TLSv1.1')], ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual([...parseProtocolList('TLSv1.2:TLSv1.3')], ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual([...parseProtocolList('>=0x0302 <=TLSv1.2')], ['TLSv1.1', 'TLSv1.2']);
    assert.throws(() => parseProtocolList('>=TLSv9'), /unknown protocol/);
    assert.throws(() => parseProtocolList('>=TLSv1.3 <=TLSv1.2'), /no protocol/);
  });

  test('parsing: short names and the Postfix parameter names; coded usage errors', () => {
    assert.equal(parsePolicy('protocols=>=TLSv1.2').kind, 'protocols');
    assert.equal(parsePolicy('smtpd_tls_mandatory_protocols=>=TLSv1.2').kind, 'protocols');
    assert.equal(parsePolicy('ciphers=high').kind, 'ciphers');
    assert.equal(parsePolicy('tls=required').kind, 'tls-required');
    assert.equal(parsePolicy('smtpd_tls_security_level=encrypt').kind, 'tls-required');
    assert.equal(parsePolicy('auth=tls').kind, 'auth-tls');
    for (const bad of ['nonsense', 'color=blue', 'ciphers=ultra', 'tls=maybe']) {
      assert.throws(() => parsePolicy(bad), (e: Error & { code?: string }) => e.code === 'EUSAGE', bad);
    }
  });

  test('judging sessions', () => {
    const floor = parsePolicy('protocols=>=TLSv1.2');
    assert.deepEqual(judge(floor, { outcome: tls('TLSv1', 'ECDHE-RSA-AES256-SHA'), auth: false }), { verdict: 'fail', reason: 'TLSv1 not allowed' });
    assert.equal(judge(floor, { outcome: tls('TLSv1.3', 'TLS_AES_256_GCM_SHA384'), auth: false }).verdict, 'ok');
    assert.equal(judge(floor, { outcome: { kind: 'plaintext' }, auth: false }).verdict, 'ok');
    assert.equal(judge(floor, { outcome: { kind: 'tls-unlogged' }, auth: false }).verdict, 'unknown');
    assert.equal(judge(floor, { outcome: { kind: 'failed', reason: 'x' }, auth: false }).verdict, 'already');
    const high = parsePolicy('ciphers=high');
    assert.equal(judge(high, { outcome: tls('TLSv1.2', 'DES-CBC3-SHA'), auth: false }).verdict, 'fail');
    assert.equal(judge(high, { outcome: tls('TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384'), auth: false }).verdict, 'ok');
    const req = parsePolicy('tls=required');
    assert.equal(judge(req, { outcome: { kind: 'plaintext' }, auth: false }).verdict, 'fail');
    assert.equal(judge(req, { outcome: { kind: 'tls-unlogged' }, auth: false }).verdict, 'ok');
    const auth = parsePolicy('auth=tls');
    assert.equal(judge(auth, { outcome: { kind: 'plaintext' }, auth: true }).verdict, 'fail');
    assert.equal(judge(auth, { outcome: { kind: 'plaintext' }, auth: false }).verdict, 'ok');
    const both = judgeAll([floor, high], { outcome: tls('TLSv1', 'DES-CBC3-SHA'), auth: false });
    assert.equal(both.verdict, 'fail');
    assert.equal(both.reasons.length, 2);
  });
});
