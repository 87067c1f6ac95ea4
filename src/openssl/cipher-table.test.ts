import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { cipherSuiteByCode } from '../wire/index.js';
import { availableCiphers } from './cipher-string.js';
import { OPENSSL_CIPHERS, cipherByCode, cipherByName, codeHex } from './cipher-table.js';

function localOpenssl30(): boolean {
  try {
    return /^OpenSSL 3\.0\./.test(execFileSync('openssl', ['version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

/** `openssl ciphers -stdname -V -v STR` as rows of fields. */
function opensslRows(str: string): string[][] {
  const out = execFileSync('openssl', ['ciphers', '-stdname', '-V', '-v', `${str}:@SECLEVEL=0`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/)).filter((f) => f[5] !== 'TLSv1.3');
}

describe('cipher table', () => {
  it('has unique codes, names and IANA names', () => {
    assert.equal(new Set(OPENSSL_CIPHERS.map((c) => c.code)).size, OPENSSL_CIPHERS.length);
    assert.equal(new Set(OPENSSL_CIPHERS.map((c) => c.name)).size, OPENSSL_CIPHERS.length);
    assert.equal(new Set(OPENSSL_CIPHERS.map((c) => c.stdname)).size, OPENSSL_CIPHERS.length);
    for (const c of OPENSSL_CIPHERS) {
      assert.match(c.stdname, /^TLS_/);
      assert.ok(c.code > 0 && c.code < 0x10000);
      // strength bits equal the key size except for 3DES (112 of 168)
      assert.equal(c.bits, c.enc === '3DES' ? 112 : c.algBits, c.name);
      assert.equal(c.strength === 'STRONG_NONE', c.enc === 'eNULL', c.name);
    }
  });

  it('looks suites up by name and code', () => {
    assert.equal(cipherByName('ECDHE-RSA-AES128-GCM-SHA256')?.code, 0xc02f);
    assert.equal(cipherByCode(0x009f)?.name, 'DHE-RSA-AES256-GCM-SHA384');
    assert.equal(codeHex(0x2f), '0x002F');
  });

  it('knows which lines lack which suites', () => {
    const names = (line: Parameters<typeof availableCiphers>[0], o = {}): Set<string> =>
      new Set(availableCiphers(line, o).map((c) => c.name));
    assert.ok(!names('3.0').has('DES-CBC3-SHA'), '3DES is a weak-ssl-ciphers suite from 1.1.0');
    assert.ok(names('3.0', { weakCiphers: true }).has('DES-CBC3-SHA'));
    assert.ok(!names('3.0', { weakCiphers: true }).has('RC4-SHA'), 'RC4 also needs the legacy provider');
    assert.ok(names('3.0', { weakCiphers: true, legacyProvider: true }).has('RC4-SHA'));
    assert.ok(names('1.1.1').has('SEED-SHA') && !names('3.0').has('SEED-SHA'));
    assert.ok(names('1.0.2').has('RC4-SHA') && !names('1.0.2').has('ECDHE-RSA-CHACHA20-POLY1305'));
    assert.ok(!names('1.1.1', { disabledEnc: ['IDEA'] }).has('IDEA-CBC-SHA'));
  });

  it('matches the local OpenSSL 3.0 suite for suite', { skip: !localOpenssl30() && 'needs a local OpenSSL 3.0' }, () => {
    const rows = opensslRows('ALL:COMPLEMENTOFALL');
    const high = new Set(opensslRows('HIGH').map((f) => f[4]));
    const fips = new Set(opensslRows('FIPS').map((f) => f[4]));
    const cmpdef = new Set(opensslRows('COMPLEMENTOFDEFAULT').map((f) => f[4]));
    const ours = new Map(availableCiphers('3.0').map((c) => [c.name, c]));
    assert.equal(ours.size, rows.length, 'same number of suites as openssl ciphers ALL:COMPLEMENTOFALL');
    const KX: Record<string, string> = { kECDHE: 'ECDH', kDHE: 'DH', kRSA: 'RSA', kPSK: 'PSK', kRSAPSK: 'RSAPSK', kDHEPSK: 'DHEPSK', kECDHEPSK: 'ECDHEPSK', kSRP: 'SRP' };
    const AU: Record<string, string> = { aECDSA: 'ECDSA', aRSA: 'RSA', aDSS: 'DSS', aNULL: 'None', aPSK: 'PSK', aSRP: 'SRP' };
    for (const f of rows) {
      const [hex, , std, , name, ver, kx, au, enc, mac] = f;
      const c = ours.get(name ?? '');
      assert.ok(c, `${name} is in the table`);
      assert.equal(codeHex(c.code), `0x${(hex ?? '').replace(/0x|,/g, '')}`, name);
      assert.equal(c.stdname, std, name);
      assert.equal(c.minTls, ver, name);
      assert.equal(`Kx=${KX[c.kx]}`, kx, name);
      assert.equal(`Au=${AU[c.au]}`, au, name);
      assert.equal(`Mac=${c.mac}`, mac, name);
      assert.equal(enc === 'Enc=None' ? 0 : Number(/\((\d+)\)/.exec(enc ?? '')?.[1]), c.algBits, name);
      assert.equal(c.strength === 'HIGH', high.has(c.name), `${name} HIGH`);
      assert.equal(c.fips === true, fips.has(c.name), `${name} FIPS`);
      assert.equal(c.notDefault === true, cmpdef.has(c.name), `${name} NOT_DEFAULT`);
    }
  });
});

describe('join with the wire registry', () => {
  it('every suite has the same code, IANA name and OpenSSL name in src/wire', () => {
    for (const c of OPENSSL_CIPHERS) {
      const w = cipherSuiteByCode(c.code);
      assert.ok(w, `${c.name} is in the wire registry`);
      assert.equal(w.iana, c.stdname, c.name);
      assert.equal(w.openssl, c.name, c.stdname);
      assert.equal(w.hex, codeHex(c.code));
    }
  });
});
