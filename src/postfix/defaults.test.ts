import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultsFor, parsePostconfOutput } from './defaults.js';
import { parsePostfixVersion } from './version.js';

const d = (v: string, ossl?: string) => defaultsFor(parsePostfixVersion(v)!, ossl !== undefined ? { opensslVersion: ossl } : {});

describe('defaults by version (reference section 1)', () => {
  it('protocol defaults: 2015 patch releases and 3.6', () => {
    assert.equal(d('2.11.5').get('smtpd_tls_protocols'), '');
    assert.equal(d('2.11.6').get('smtpd_tls_protocols'), '!SSLv2, !SSLv3');
    assert.equal(d('3.0.1').get('smtp_tls_protocols'), '!SSLv2');
    assert.equal(d('3.0.2').get('smtp_tls_mandatory_protocols'), '!SSLv2, !SSLv3');
    assert.equal(d('3.6.0').get('smtpd_tls_protocols'), '>=TLSv1');
    assert.equal(d('3.0.1').get('smtpd_tls_ciphers'), 'export');
    assert.equal(d('3.0.2').get('smtpd_tls_ciphers'), 'medium');
  });
  it('cipherlists: 3.0, 3.1-3.7, 3.8+', () => {
    assert.equal(d('3.0.15').get('tls_high_cipherlist'), 'aNULL:-aNULL:ALL:!EXPORT:!LOW:!MEDIUM:+RC4:@STRENGTH');
    assert.equal(d('3.7').get('tls_high_cipherlist'), 'aNULL:-aNULL:HIGH:@STRENGTH');
    assert.equal(d('3.8.0').get('tls_high_cipherlist'), 'aNULL:-aNULL:HIGH:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:@STRENGTH');
    assert.equal(d('3.8.0').get('tls_low_cipherlist'), '');
  });
  it('parameters appear and disappear with their versions', () => {
    assert.equal(d('3.3.0').has('smtpd_tls_chain_files'), false);
    assert.equal(d('3.4.0').get('smtpd_tls_chain_files'), '');
    assert.equal(d('3.7.5').has('tls_config_file'), false);
    assert.equal(d('3.7.6').get('tls_config_file'), 'default');
    assert.equal(d('2.11.0').has('compatibility_level'), false);
  });
  it('compatibility-level dependent and OpenSSL dependent defaults', () => {
    assert.equal(d('3.6').get('smtpd_tls_fingerprint_digest'), '${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}');
    assert.equal(d('3.5').get('smtpd_tls_fingerprint_digest'), 'md5');
    assert.equal(d('3.11.0').get('smtp_tls_security_level'), '${{$compatibility_level} <level {3.11} ? {} : {may}}');
    assert.equal(d('3.11.0', '3.5.1').get('tls_eecdh_auto_curves'), '?X25519MLKEM768:DEFAULT');
    assert.equal(d('3.11.0', '3.0.19').get('tls_eecdh_auto_curves'), 'X25519 X448 prime256v1 secp384r1 secp521r1');
  });
  it('parses postconf output', () => {
    assert.deepEqual([...parsePostconfOutput('a = 1\nb =\nc = x = y\n')], [['a', '1'], ['b', ''], ['c', 'x = y']]);
  });
});
