import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, judgeAll, parseTightening } from './tightening.js';
import type { SessionOutcome } from './sessions.js';

const tls = (protocol: string, cipher: string): SessionOutcome => ({ kind: 'tls', protocol, cipher, bits: 256, trust: 'Anonymous' });

describe('--if tightenings', () => {
  test('cipher grades judge against the list Postfix builds (newest defaults, OpenSSL 3.0)', () => {
    const high = parseTightening('ciphers=high');
    assert.equal(high.kind, 'ciphers');
    if (high.kind !== 'ciphers') return;
    assert.match(high.accepted.cipherList, /^aNULL:-aNULL:HIGH:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:@STRENGTH$/);
    const j = (p: typeof high, protocol: string, cipher: string) => judge(p, { outcome: tls(protocol, cipher), auth: false });
    // aNULL suites are in Postfix's lists (at the end): an anonymous client keeps working.
    assert.equal(j(high, 'TLSv1.2', 'ADH-AES256-GCM-SHA384').verdict, 'ok');
    assert.deepEqual(j(high, 'TLSv1.2', 'DES-CBC3-SHA'), { verdict: 'fail', reason: 'DES-CBC3-SHA not in the "high" list (medium grade: 3DES_EDE_CBC (112-bit), OpenSSL MEDIUM)' });
    assert.equal(j(high, 'TLSv1', 'RC4-SHA').verdict, 'fail');
    assert.equal(j(high, 'TLSv1', 'EDH-RSA-DES-CBC3-SHA').verdict, 'fail', 'old EDH- spelling');
    assert.equal(j(high, 'TLSv1', 'DHE-DSS-AES256-SHA').verdict, 'fail', '!aDSS in the 3.8+ list, although OpenSSL calls it HIGH');
    assert.equal(j(high, 'TLSv1.3', 'TLS_AES_128_GCM_SHA256').verdict, 'ok', 'grades do not apply to TLS 1.3');
    // Names OpenSSL 3 no longer has fail under every grade; the registry still says why.
    assert.match(j(high, 'SSLv3', 'EXP-RC4-MD5').reason, /export grade: export-grade RC4_40 \(40-bit\)/);
    assert.equal(j(parseTightening('ciphers=medium') as typeof high, 'TLSv1', 'DES-CBC-SHA').verdict, 'fail');
    // From Postfix 3.8, "low" and "export" are "medium".
    const low = parseTightening('smtpd_tls_ciphers=low');
    assert.ok(low.kind === 'ciphers' && low.accepted.grade === 'medium' && /treats "low" as "medium"/.test(low.text));
    // The null grade admits only eNULL suites.
    const nul = parseTightening('ciphers=null') as typeof high;
    assert.equal(j(nul, 'TLSv1.2', 'ECDHE-RSA-NULL-SHA').verdict, 'ok');
    assert.equal(j(nul, 'TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384').verdict, 'fail');
    assert.equal(j(high, 'TLSv1.2', 'NOT-A-CIPHER').verdict, 'unknown');
  });

  test('cipher exclusions (smtpd_tls_exclude_ciphers), alone and with a grade', () => {
    const ex = parseTightening('smtpd_tls_exclude_ciphers=aNULL, CAMELLIA');
    assert.equal(ex.kind, 'ciphers');
    const j = (cipher: string) => judge(ex, { outcome: tls('TLSv1.2', cipher), auth: false }).verdict;
    assert.deepEqual(['ADH-AES256-GCM-SHA384', 'DHE-RSA-CAMELLIA256-SHA', 'ECDHE-RSA-AES128-SHA', 'ARIA128-GCM-SHA256'].map(j), ['fail', 'fail', 'ok', 'ok']);
    for (const bad of ['exclude_ciphers=', 'exclude_ciphers=!RC4', 'smtpd_tls_exclude_ciphers=ALL']) {
      assert.throws(() => parseTightening(bad), (e: Error & { code?: string }) => e.code === 'EUSAGE', bad);
    }
  });

  test('parsing: short names and the Postfix parameter names; coded usage errors', () => {
    assert.equal(parseTightening('protocols=>=TLSv1.2').kind, 'protocols');
    assert.equal(parseTightening('smtpd_tls_mandatory_protocols=>=TLSv1.2').kind, 'protocols');
    assert.equal(parseTightening('ciphers=high').kind, 'ciphers');
    assert.equal(parseTightening('tls=required').kind, 'tls-required');
    assert.equal(parseTightening('smtpd_tls_security_level=encrypt').kind, 'tls-required');
    assert.equal(parseTightening('auth=tls').kind, 'auth-tls');
    for (const bad of ['nonsense', 'color=blue', 'ciphers=ultra', 'tls=maybe']) {
      assert.throws(() => parseTightening(bad), (e: Error & { code?: string }) => e.code === 'EUSAGE', bad);
    }
  });

  test('judging sessions', () => {
    const floor = parseTightening('protocols=>=TLSv1.2');
    assert.deepEqual(judge(floor, { outcome: tls('TLSv1', 'ECDHE-RSA-AES256-SHA'), auth: false }), { verdict: 'fail', reason: 'TLSv1 not allowed' });
    assert.equal(judge(floor, { outcome: tls('TLSv1.3', 'TLS_AES_256_GCM_SHA384'), auth: false }).verdict, 'ok');
    assert.equal(judge(floor, { outcome: { kind: 'plaintext' }, auth: false }).verdict, 'ok');
    assert.equal(judge(floor, { outcome: { kind: 'tls-unlogged' }, auth: false }).verdict, 'unknown');
    assert.equal(judge(floor, { outcome: { kind: 'failed', reason: 'x' }, auth: false }).verdict, 'already');
    const high = parseTightening('ciphers=high');
    assert.equal(judge(high, { outcome: tls('TLSv1.2', 'DES-CBC3-SHA'), auth: false }).verdict, 'fail');
    assert.equal(judge(high, { outcome: tls('TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384'), auth: false }).verdict, 'ok');
    const req = parseTightening('tls=required');
    assert.equal(judge(req, { outcome: { kind: 'plaintext' }, auth: false }).verdict, 'fail');
    assert.equal(judge(req, { outcome: { kind: 'tls-unlogged' }, auth: false }).verdict, 'ok');
    const auth = parseTightening('auth=tls');
    assert.equal(judge(auth, { outcome: { kind: 'plaintext' }, auth: true }).verdict, 'fail');
    assert.equal(judge(auth, { outcome: { kind: 'plaintext' }, auth: false }).verdict, 'ok');
    const both = judgeAll([floor, high], { outcome: tls('TLSv1', 'DES-CBC3-SHA'), auth: false });
    assert.equal(both.verdict, 'fail');
    assert.equal(both.reasons.length, 2);
  });
});
