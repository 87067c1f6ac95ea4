import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MailtlsError } from '../errors.js';
import { evaluateCipherString } from './cipher-string.js';
import type { EvaluateOptions } from './cipher-string.js';
import { cipherByName } from './cipher-table.js';
import { OPENSSL_DEFAULT_CIPHERSUITES, OPENSSL_DEFAULT_TLS13_SUITES, serverOrder } from './server-order.js';
import { resolveOpensslLine } from './version.js';

const names = (s: string, o: EvaluateOptions = {}): string[] => evaluateCipherString(s, o).suites.map((x) => x.openssl);
const list = (s: string, o: EvaluateOptions = {}): string[] => evaluateCipherString(s, o).list.map((x) => x.openssl);

// Postfix 3.7 "high" and "medium" grades (proto/postconf.proto).
const HIGH_37 = 'aNULL:-aNULL:HIGH:@STRENGTH';
const MEDIUM_37 = 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH';

describe('evaluateCipherString: the list OpenSSL builds (3.0)', () => {
  it('starts from OpenSSL\'s own order: (EC)DHE+AEAD first, GCM before CHACHA20, ECDSA before RSA', () => {
    assert.deepEqual(list('ECDHE+AESGCM:DHE+AESGCM'), [
      'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256', 'DHE-DSS-AES256-GCM-SHA384', 'DHE-RSA-AES256-GCM-SHA384',
      'DHE-DSS-AES128-GCM-SHA256', 'DHE-RSA-AES128-GCM-SHA256',
    ]);
    assert.deepEqual(list('ALL').slice(0, 7), [
      'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'DHE-DSS-AES256-GCM-SHA384',
      'DHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'DHE-RSA-CHACHA20-POLY1305',
    ]);
  });

  it('puts the anonymous suites first with Postfix\'s aNULL:-aNULL: prefix and @STRENGTH', () => {
    const l = list(HIGH_37);
    assert.equal(l[0], 'ADH-AES256-GCM-SHA384');
    assert.deepEqual(l.slice(0, 6), ['ADH-AES256-GCM-SHA384', 'ADH-AES256-SHA256', 'ADH-CAMELLIA256-SHA256', 'AECDH-AES256-SHA', 'ADH-AES256-SHA', 'ADH-CAMELLIA256-SHA']);
    assert.equal(l.length, 137);
    // !aNULL at the end (exclusion added by Postfix) removes them for good
    assert.ok(!list(`${HIGH_37}:!RC4:!MD5:!3DES:!aNULL`).some((n) => /^A(EC)?DH-/.test(n)));
  });

  it('implements - (delete, re-addable), ! (kill for good) and + (move to end)', () => {
    assert.deepEqual(list('-ALL:HIGH'), list('HIGH'));
    assert.deepEqual(list('!aNULL:HIGH').filter((n) => n.startsWith('ADH')), []);
    assert.ok(list('-aNULL:HIGH').some((n) => n.startsWith('ADH')));
    const l = list('HIGH:+AES');
    assert.ok(l.findIndex((n) => n.includes('AES')) > l.findIndex((n) => n.includes('CHACHA20')));
  });

  it('follows the + combination rules, including OpenSSL\'s quirks', () => {
    assert.deepEqual(list('RSA+AES256+SHA1'), ['AES256-SHA']);
    assert.deepEqual(evaluateCipherString('HIGH+FIPS').error, 'no cipher match', 'strength classes intersect, so HIGH+FIPS selects nothing');
    // a later strength class replaces an earlier COMPLEMENTOFDEFAULT (ssl_cipher_process_rulestr assigns)
    assert.deepEqual(list('COMPLEMENTOFDEFAULT+HIGH'), list('HIGH'));
    assert.ok(list('HIGH+COMPLEMENTOFDEFAULT').length < list('HIGH').length);
    assert.deepEqual(list('SSLv3+TLSv1.2'), [], 'protocol aliases must agree');
  });

  it('accepts : , ; and space as separators and operators glued to words', () => {
    assert.deepEqual(list('HIGH  :  MEDIUM ,, !aNULL;!eNULL'), list('HIGH:!aNULL:!eNULL'));
    assert.deepEqual(list('HIGH!aNULL'), list('HIGH:!aNULL'));
  });

  it('ignores unknown words and says so', () => {
    const r = evaluateCipherString('HIGH:FOO:BAR+RSA:!aNULL');
    assert.deepEqual(r.list, evaluateCipherString('HIGH:!aNULL').list);
    assert.ok(r.warnings.some((w) => w.includes('"FOO"')));
    const r2 = evaluateCipherString('HIGH:DES-CBC3-SHA');
    assert.ok(r2.warnings.some((w) => w.includes('DES-CBC3-SHA') && w.includes('not available')));
  });

  it('expands DEFAULT only at the start', () => {
    assert.equal(list('DEFAULT').length, 57);
    const r = evaluateCipherString('aNULL:DEFAULT');
    assert.equal(r.list.length, 13);
    assert.ok(r.warnings.some((w) => w.includes('DEFAULT')));
  });

  it('replaces the whole string for SUITEB', () => {
    assert.deepEqual(list('SUITEB128:RSA'), ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384']);
  });

  it('reports strings OpenSSL rejects', () => {
    for (const s of ['MEDIUM', '!ALL', 'FOO', 'TLS_AES_128_GCM_SHA256']) {
      const r = evaluateCipherString(s);
      assert.equal(r.invalid, true, s);
      assert.equal(r.error, 'no cipher match', s);
      assert.deepEqual(r.suites, []);
    }
    for (const s of ['HIGH:-:MEDIUM', 'HIGH:+', 'RSA+', 'HIGH:@STRENGTHX', 'HIGH:@SECLEVEL=6', 'HIGH:#x', 'HIGH\tMEDIUM']) {
      const r = evaluateCipherString(s);
      assert.equal(r.invalid, true, s);
      assert.match(r.error ?? '', /invalid command/, s);
    }
  });

  it('takes @SECLEVEL=n from the string, overriding the option', () => {
    assert.equal(evaluateCipherString('HIGH:@SECLEVEL=2', { securityLevel: 0 }).securityLevel, 2);
    assert.equal(evaluateCipherString('HIGH', { securityLevel: 1 }).securityLevel, 1);
  });
});

describe('evaluateCipherString: what the server can choose', () => {
  it('drops PSK and SRP suites (Postfix sets no callbacks for them)', () => {
    const s = names('PSK:SRP:aNULL');
    assert.ok(s.length > 0 && s.every((n) => /^A(EC)?DH-/.test(n)));
  });

  it('needs a matching certificate: RSA, EC, none', () => {
    const rsa = names(HIGH_37, { keyTypes: ['RSA'] });
    assert.ok(rsa.includes('ECDHE-RSA-AES256-GCM-SHA384') && rsa.includes('AES256-GCM-SHA384') && rsa.includes('ADH-AES256-GCM-SHA384'));
    assert.ok(!rsa.some((n) => n.includes('ECDSA') || n.includes('DSS')));
    const ec = names(HIGH_37, { keyTypes: ['EC'] });
    assert.ok(ec.includes('ECDHE-ECDSA-AES256-GCM-SHA384'));
    assert.ok(!ec.some((n) => n.includes('-RSA-') || n === 'AES256-GCM-SHA384' || n === 'ECDHE-ARIA256-GCM-SHA384'));
    const none = names(HIGH_37, { keyTypes: [] });
    assert.ok(none.length > 0 && none.every((n) => /^A(EC)?DH-/.test(n)));
    const both = names(HIGH_37, { keyTypes: ['RSA', 'EC'] });
    assert.deepEqual(both, names(HIGH_37, {}).filter((n) => !n.includes('DSS')));
    // Ed25519 signs TLS 1.2 handshakes as ECDSA; RSA-PSS keys do aRSA but not RSA key exchange
    assert.deepEqual(names(HIGH_37, { keyTypes: ['ED25519'] }), ec);
    assert.ok(!names(HIGH_37, { keyTypes: ['RSA-PSS'] }).includes('AES256-GCM-SHA384'));
    assert.ok(!names(HIGH_37, { keyTypes: ['RSA'], dhParams: false }).some((n) => n.startsWith('DHE-') || n.startsWith('ADH-')));
  });

  it('applies the security level (level 1 forbids anonymous and MD5, level 3 wants forward secrecy)', () => {
    const l1 = names(`${MEDIUM_37}:@SECLEVEL=1`, { keyTypes: ['RSA'] });
    assert.ok(!l1.some((n) => n.startsWith('ADH') || n.startsWith('AECDH')));
    const l3 = names(`${MEDIUM_37}:@SECLEVEL=3`, { keyTypes: ['RSA'] });
    assert.ok(!l3.some((n) => cipherByName(n)?.kx === 'kRSA'));
    const l4 = names(`${MEDIUM_37}:@SECLEVEL=4`, { keyTypes: ['RSA'] });
    assert.ok(l4.length > 0 && l4.every((n) => (cipherByName(n)?.bits ?? 0) >= 192 && cipherByName(n)?.mac !== 'SHA1'));
  });

  it('filters by protocol version', () => {
    const t10 = names(HIGH_37, { keyTypes: ['RSA'], tlsVersion: 'TLSv1' });
    assert.ok(t10.includes('ECDHE-RSA-AES256-SHA') && !t10.some((n) => n.includes('GCM')));
  });

  it('models weak and legacy builds and older lines', () => {
    const weak = names(MEDIUM_37, { opensslVersion: '1.1.1w', weakCiphers: true, keyTypes: ['RSA'] });
    assert.equal(weak.at(-1), 'DES-CBC3-SHA', '3DES (112 bits) sorts last under @STRENGTH');
    assert.ok(weak.indexOf('RC4-SHA') > weak.indexOf('SEED-SHA'), '+RC4 moves RC4 behind the other 128-bit suites');
    assert.ok(names(MEDIUM_37, { opensslVersion: '3.0', legacyProvider: true }).includes('SEED-SHA'));
    assert.ok(!names(MEDIUM_37, { opensslVersion: '3.0' }).includes('SEED-SHA'));
    const old = evaluateCipherString(MEDIUM_37, { opensslVersion: '1.0.2u', keyTypes: ['RSA'] });
    assert.ok(old.warnings.some((w) => w.includes('approximately')));
    assert.ok(old.suites.some((s) => s.openssl === 'RC4-SHA') && !old.suites.some((s) => s.openssl.includes('CHACHA20')));
    assert.equal(evaluateCipherString('HIGH:@SECLEVEL=0', { opensslVersion: '1.0.2' }).invalid, true, '1.0.2 has no @SECLEVEL');
  });

  it('returns codes as numbers and hex', () => {
    const s = evaluateCipherString('ECDHE-RSA-AES128-GCM-SHA256').suites[0];
    assert.deepEqual(s, { code: 0xc02f, hex: '0xC02F', openssl: 'ECDHE-RSA-AES128-GCM-SHA256' });
  });

  it('throws only MailtlsError', () => {
    assert.throws(() => evaluateCipherString('HIGH', { opensslVersion: '0.9.8' }), (e: unknown) => e instanceof MailtlsError && e.code === 'EOPENSSL_VERSION');
    assert.throws(() => evaluateCipherString('A'.repeat((1 << 16) + 1)), (e: unknown) => e instanceof MailtlsError && e.code === 'ETOOLARGE');
  });
});

describe('resolveOpensslLine', () => {
  it('maps versions to release lines', () => {
    assert.equal(resolveOpensslLine('3.0.19').line, '3.0');
    assert.equal(resolveOpensslLine('OpenSSL 1.1.1w  11 Sep 2023').line, '1.1.1');
    assert.equal(resolveOpensslLine('1.0.2u').line, '1.0.2');
    assert.equal(resolveOpensslLine('3.5').line, '3.5');
    const future = resolveOpensslLine('3.6.0');
    assert.equal(future.line, '3.5');
    assert.equal(future.warnings.length, 1);
    assert.throws(() => resolveOpensslLine('nonsense'), MailtlsError);
  });
});

describe('serverOrder and TLS 1.3', () => {
  const suites = evaluateCipherString('ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256').suites;

  it('keeps the list order when the server decides', () => {
    const o = serverOrder(suites, { preferServer: true });
    assert.equal(o.decidedBy, 'server');
    assert.deepEqual(o.suites.map((s) => s.openssl), suites.map((s) => s.openssl));
  });

  it('leaves the choice to the client without server preference', () => {
    assert.equal(serverOrder(suites, { preferServer: false, prioritizeChacha: true, clientPrefersChacha: true }).decidedBy, 'client');
  });

  it('moves ChaCha20 first only with PRIORITIZE_CHACHA and a ChaCha-first client', () => {
    assert.equal(serverOrder(suites, { preferServer: true, prioritizeChacha: true }).suites[0]?.openssl, 'ECDHE-RSA-AES256-GCM-SHA384');
    assert.equal(serverOrder(suites, { preferServer: true, prioritizeChacha: true, clientPrefersChacha: true }).suites[0]?.openssl, 'ECDHE-RSA-CHACHA20-POLY1305');
  });

  it('exports OpenSSL\'s default TLS 1.3 suites', () => {
    assert.equal(OPENSSL_DEFAULT_CIPHERSUITES, 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256');
    assert.deepEqual(OPENSSL_DEFAULT_TLS13_SUITES.map((s) => s.code), [0x1302, 0x1303, 0x1301]);
  });
});
