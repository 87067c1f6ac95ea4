import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cipherCode, gradeCipher, isAnonymousCipher } from './ciphers.js';

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
    assert.ok(isAnonymousCipher('ADH-AES256-GCM-SHA384'));
    assert.ok(!isAnonymousCipher('ECDHE-RSA-AES256-GCM-SHA384'));
  });

  test('IANA codes: OpenSSL names, the old EDH- spellings, unknown names', () => {
    assert.equal(cipherCode('ECDHE-RSA-AES256-GCM-SHA384'), 0xc030);
    assert.equal(cipherCode('EDH-RSA-DES-CBC3-SHA'), cipherCode('DHE-RSA-DES-CBC3-SHA'));
    assert.equal(cipherCode('EDH-RSA-DES-CBC3-SHA'), 0x0016);
    assert.equal(cipherCode('NOT-A-CIPHER'), undefined);
  });
});
