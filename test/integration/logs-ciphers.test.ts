/**
 * `--if ciphers=...` against the real OpenSSL: for each Postfix grade (newest defaults) and an
 * exclusion, a logged TLS ≤ 1.2 cipher must be judged "ok" exactly when the local
 * `openssl ciphers -v '<the list Postfix builds>'` lists it, for every name the local OpenSSL
 * knows plus names it no longer builds (3DES, RC4, export).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { judge, parseTightening } from '../../src/logs/tightening.js';
import type { SessionOutcome } from '../../src/logs/sessions.js';

const version = execFileSync('openssl', ['version'], { encoding: 'utf8' });
const skip = /^OpenSSL 3\.0\./.test(version) ? false : 'needs the local OpenSSL 3.0';

/** TLS ≤ 1.2 names in `openssl ciphers -v LIST` (TLS 1.3 suites are always listed). */
function realList(list: string): Set<string> {
  const out = execFileSync('openssl', ['ciphers', '-v', list], { encoding: 'utf8' });
  return new Set(out.split('\n').map((l) => l.split(/\s+/)[0] ?? '').filter((n) => n !== '' && !n.startsWith('TLS_')));
}

const tls = (cipher: string): SessionOutcome => ({ kind: 'tls', protocol: 'TLSv1.2', cipher, bits: 128, trust: 'Anonymous' });

describe('cipher policies agree with openssl ciphers -v', { skip }, () => {
  const everything = [...realList('ALL:COMPLEMENTOFALL'), 'DES-CBC3-SHA', 'RC4-SHA', 'RC4-MD5', 'SEED-SHA', 'EDH-RSA-DES-CBC3-SHA', 'DES-CBC-SHA', 'EXP-RC4-MD5'];

  for (const expr of ['ciphers=high', 'ciphers=medium', 'smtpd_tls_mandatory_ciphers=null', 'smtpd_tls_exclude_ciphers=aNULL,SHA1', 'ciphers=low']) {
    test(expr, () => {
      const policy = parseTightening(expr);
      assert.equal(policy.kind, 'ciphers');
      if (policy.kind !== 'ciphers') return;
      const real = realList(policy.accepted.cipherList);
      assert.ok(real.size > 0);
      const wrong: string[] = [];
      for (const name of everything) {
        const verdict = judge(policy, { outcome: tls(name), auth: false }).verdict;
        if ((verdict === 'ok') !== real.has(name)) wrong.push(`${name}: ${verdict}, openssl ${real.has(name) ? 'lists' : 'does not list'} it`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  test('the cases users ask about, under ciphers=high (Postfix >= 3.8 defaults)', () => {
    const high = parseTightening('ciphers=high');
    const v = (c: string) => judge(high, { outcome: tls(c), auth: false }).verdict;
    // aNULL is in Postfix's lists ("aNULL:-aNULL:HIGH..." moves it to the end, it does not drop it).
    assert.equal(v('ADH-AES256-GCM-SHA384'), 'ok');
    assert.equal(v('DES-CBC3-SHA'), 'fail');
    assert.equal(v('RC4-SHA'), 'fail');
    assert.equal(v('ECDHE-RSA-AES128-SHA'), 'ok');
    assert.equal(judge(high, { outcome: { kind: 'tls', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256, trust: 'Anonymous' }, auth: false }).verdict, 'ok');
  });
});
