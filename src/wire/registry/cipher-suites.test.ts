import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  CIPHER_SUITES,
  cipherSuiteByCode,
  cipherSuiteByIana,
  cipherSuiteByOpenssl,
  cipherSuitesForVersion,
  formatSuiteCode,
} from './cipher-suites.js';
import { PROTOCOL } from './versions.js';

interface OpensslSuite {
  code: number;
  iana: string;
  openssl: string;
  version: string;
  kx: string;
  au: string;
  enc: string;
  mac: string;
}

/** `openssl ciphers -V -stdname` lines: "0xC0,0x30 - IANA - OPENSSL VERSION Kx=.. Au=.. Enc=.. Mac=..". */
function localOpensslSuites(): OpensslSuite[] {
  const res = spawnSync('openssl', ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const out: OpensslSuite[] = [];
  for (const line of res.stdout.split('\n')) {
    const m = /^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)/.exec(line);
    if (!m) continue;
    out.push({
      code: parseInt(`${m[1]}${m[2]}`, 16), iana: m[3] as string, openssl: m[4] as string, version: m[5] as string,
      kx: m[6] as string, au: m[7] as string, enc: m[8] as string, mac: m[9] as string,
    });
  }
  return out;
}

const KX: Record<string, string> = { RSA: 'RSA', DH: 'DHE', ECDH: 'ECDHE', PSK: 'PSK', DHEPSK: 'DHE_PSK', RSAPSK: 'RSA_PSK', ECDHEPSK: 'ECDHE_PSK', SRP: 'SRP', any: 'ANY' };
const AU: Record<string, string> = { RSA: 'RSA', DSS: 'DSS', ECDSA: 'ECDSA', None: 'anon', PSK: 'PSK', SRP: 'SRP', any: 'ANY' };
const MAC: Record<string, string> = { SHA1: 'SHA', SHA256: 'SHA256', SHA384: 'SHA384', MD5: 'MD5', AEAD: 'AEAD' };
const VERSION: Record<string, number> = { SSLv3: PROTOCOL.SSLv3, TLSv1: PROTOCOL.TLSv1_0, 'TLSv1.2': PROTOCOL.TLSv1_2, 'TLSv1.3': PROTOCOL.TLSv1_3 };

describe('cipher suite registry', () => {
  it('holds the whole IANA registry, the unregistered codes and the SSLv2 kinds, once each', () => {
    const registered = CIPHER_SUITES.filter((s) => s.registered);
    assert.ok(registered.length >= 340, `only ${registered.length} IANA suites`);
    assert.equal(CIPHER_SUITES.filter((s) => s.sslv2).length, 8);
    assert.equal(new Set(CIPHER_SUITES.map((s) => s.code)).size, CIPHER_SUITES.length, 'duplicate code');
    assert.equal(new Set(CIPHER_SUITES.map((s) => s.iana)).size, CIPHER_SUITES.length, 'duplicate IANA name');
    for (const code of [0x0080, 0x0083, 0xff85, 0x1301, 0x1307, 0x00c6, 0xc0b0, 0xc100, 0xd005, 0x0700c0, 0x080080]) {
      assert.ok(cipherSuiteByCode(code), `missing ${formatSuiteCode(code)}`);
    }
  });

  it('agrees with every suite the local openssl lists: code, names, kx, auth, bits, MAC, min version', () => {
    const suites = localOpensslSuites();
    assert.ok(suites.length > 100, `openssl listed only ${suites.length} suites`);
    for (const o of suites) {
      const s = cipherSuiteByCode(o.code);
      const where = `${formatSuiteCode(o.code)} ${o.openssl}`;
      assert.ok(s, `${where} missing`);
      assert.equal(s.iana, o.iana, where);
      assert.equal(s.openssl, o.openssl, where);
      assert.equal(cipherSuiteByOpenssl(o.openssl)?.code, o.code, where);
      assert.equal(cipherSuiteByIana(o.iana)?.code, o.code, where);
      assert.equal(s.kx, KX[o.kx], `${where} kx`);
      assert.equal(s.auth, AU[o.au], `${where} auth`);
      assert.equal(s.mac, MAC[o.mac], `${where} mac`);
      assert.equal(s.minVersion, VERSION[o.version], `${where} min version`);
      const bits = /\((\d+)\)/.exec(o.enc)?.[1];
      assert.equal(s.encBits, o.enc === 'None' ? 0 : Number(bits), `${where} bits`);
      assert.equal(s.aead, o.mac === 'AEAD', `${where} aead`);
      assert.equal(s.cbc, /^(AES|Camellia|ARIA|SEED|IDEA|3DES|DES)\(/.test(o.enc), `${where} cbc`);
    }
  });

  it('describes suites OpenSSL no longer has', () => {
    const exp = cipherSuiteByOpenssl('EXP-RC4-MD5');
    assert.deepEqual(
      exp && { code: exp.hex, kx: exp.kx, enc: exp.enc, bits: exp.encBits, mac: exp.mac, export: exp.export, min: exp.minVersion },
      { code: '0x0003', kx: 'RSA', enc: 'RC4_40', bits: 40, mac: 'MD5', export: true, min: PROTOCOL.SSLv3 },
    );
    const tdes = cipherSuiteByOpenssl('DES-CBC3-SHA');
    assert.equal(tdes?.code, 0x000a);
    assert.equal(tdes?.encBits, 112);
    assert.equal(tdes?.cbc, true);
    const adh = cipherSuiteByIana('TLS_DH_anon_WITH_AES_256_GCM_SHA384');
    assert.equal(adh?.openssl, 'ADH-AES256-GCM-SHA384');
    assert.equal(adh?.auth, 'anon');
    assert.equal(adh?.kx, 'DHE');
    assert.equal(cipherSuiteByIana('TLS_RSA_WITH_NULL_SHA')?.encBits, 0);
    assert.equal(cipherSuiteByIana('TLS_ECDH_anon_WITH_RC4_128_SHA')?.openssl, 'AECDH-RC4-SHA');
    assert.equal(cipherSuiteByOpenssl('ECDHE-RSA-CHACHA20-POLY1305')?.hex, '0xCCA8');
    assert.equal(cipherSuiteByCode(0x0081)?.kx, 'GOST');
    assert.equal(cipherSuiteByCode(0xc0a8)?.enc, 'AES_128_CCM_8');
  });

  it('accepts the EDH- and DHE- spellings of the DHE suites', () => {
    assert.equal(cipherSuiteByOpenssl('EDH-RSA-DES-CBC3-SHA')?.code, 0x0016);
    assert.equal(cipherSuiteByOpenssl('DHE-RSA-DES-CBC3-SHA')?.code, 0x0016);
    assert.equal(cipherSuiteByOpenssl('EDH-RSA-DES-CBC-SHA')?.code, 0x0015);
    assert.equal(cipherSuiteByOpenssl('DHE-RSA-DES-CBC-SHA')?.code, 0x0015);
    assert.equal(cipherSuiteByOpenssl('EXP-DHE-RSA-DES-CBC-SHA')?.code, 0x0014);
    assert.equal(cipherSuiteByOpenssl('NO-SUCH-SUITE'), undefined);
  });

  it('marks the signalling values and the SSLv2 kinds', () => {
    assert.equal(cipherSuiteByCode(0x00ff)?.signalling, true);
    assert.equal(cipherSuiteByCode(0x5600)?.signalling, true);
    const v2 = cipherSuiteByCode(0x0700c0);
    assert.equal(v2?.hex, '0x0700C0');
    assert.equal(v2?.sslv2, true);
    assert.equal(v2?.enc, '3DES_EDE_CBC');
    assert.equal(cipherSuiteByCode(0x020080)?.export, true);
    assert.equal(cipherSuiteByCode(0x080080)?.encBits, 64);
    // the TLS suite owns the shared OpenSSL name
    assert.equal(cipherSuiteByOpenssl('RC4-MD5')?.code, 0x0004);
  });

  it('selects suites per protocol version', () => {
    const tls13 = cipherSuitesForVersion(PROTOCOL.TLSv1_3).map((s) => s.code);
    assert.ok(tls13.includes(0x1301) && tls13.includes(0x1305) && !tls13.includes(0xc030));
    const tls10 = cipherSuitesForVersion(PROTOCOL.TLSv1_0).map((s) => s.code);
    assert.ok(tls10.includes(0xc013) && tls10.includes(0x0003) && !tls10.includes(0xc030) && !tls10.includes(0x1301));
    assert.ok(!tls10.includes(0x00ff), 'SCSVs are not suites');
    const tls12 = cipherSuitesForVersion(PROTOCOL.TLSv1_2);
    assert.ok(tls12.length > 300);
    assert.equal(cipherSuitesForVersion(PROTOCOL.SSLv2).length, 8);
  });
});
