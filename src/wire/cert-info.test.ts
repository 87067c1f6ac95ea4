import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { certificateInfo, dnsNameMatches, hostnameMatches, signatureAlgorithmOid, verifyChain } from './cert-info.js';
import { decodeCertificate } from './certificate.js';
import { fromHex } from './bytes.js';
import { loadFixture } from '../../test/helpers/test-codec.js';
import { MailtlsError } from '../errors.js';

let dir = '';
const der = (name: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(join(dir, `${name}.pem`))).raw);
const pem = (name: string): string => readFileSync(join(dir, `${name}.pem`), 'utf8');

function openssl(...args: string[]): void {
  const res = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mailtls-certinfo-'));
  writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:mx.example.org,DNS:*.mail.example.org,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-out', 'rsa.pem', '-days', '30', '-subj', '/CN=mx.example.org/O=Example',
    '-addext', 'subjectAltName=DNS:mx.example.org,DNS:*.mail.example.org,IP:127.0.0.1');
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Test Root');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=leaf.example.org');
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '10', '-sha384', '-extfile', 'leaf.ext');
  openssl('req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'ed.key', '-out', 'ed.pem', '-days', '30', '-subj', '/CN=ed.example.org');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('certificateInfo', () => {
  it('reads an RSA self-signed certificate', () => {
    const info = certificateInfo(der('rsa'));
    assert.equal(info.subject, 'CN=mx.example.org, O=Example');
    assert.equal(info.subjectCommonName, 'mx.example.org');
    assert.deepEqual(info.dnsNames, ['mx.example.org', '*.mail.example.org']);
    assert.deepEqual(info.ipAddresses, ['127.0.0.1']);
    assert.equal(info.keyType, 'RSA');
    assert.equal(info.keyBits, 2048);
    assert.equal(info.signatureAlgorithm, 'sha256WithRSAEncryption');
    assert.equal(info.selfSigned, true);
    assert.match(info.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.ok(Date.parse(info.notAfter) - Date.parse(info.notBefore) === 30 * 86400_000);
    assert.match(info.notAfter, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('reads EC and Ed25519 keys and the CA-signed leaf', () => {
    const leaf = certificateInfo(der('leaf'));
    assert.deepEqual([leaf.keyType, leaf.keyBits, leaf.curve], ['EC', 256, 'prime256v1']);
    assert.equal(leaf.signatureAlgorithm, 'ecdsa-with-SHA384');
    assert.equal(leaf.issuer, 'CN=Test Root');
    assert.equal(leaf.selfSigned, false);
    assert.equal(leaf.ca, false);
    const ca = certificateInfo(der('ca'));
    assert.deepEqual([ca.keyBits, ca.curve, ca.ca], [384, 'secp384r1', true]);
    const ed = certificateInfo(der('ed'));
    assert.deepEqual([ed.keyType, ed.signatureAlgorithm, ed.signatureAlgorithmOid], ['Ed25519', 'ED25519', '1.3.101.112']);
  });

  it('reads the RFC 8448 certificate (1024-bit RSA, CN=rsa, expired 2026-07-30)', () => {
    const msg = fromHex(loadFixture<{ certificate: string }>('rfc8448-simple-1rtt.json').certificate);
    const cert = decodeCertificate(msg.subarray(4), { tls13: true }).entries[0]?.der ?? new Uint8Array(0);
    const info = certificateInfo(cert);
    assert.deepEqual([info.subject, info.keyBits, info.serial, info.notAfter], ['CN=rsa', 1024, '02', '2026-07-30T01:23:59.000Z']);
    assert.equal(signatureAlgorithmOid(cert), '1.2.840.113549.1.1.11');
    const verdict = verifyChain([cert], [], new Date('2020-01-01'));
    assert.equal(verdict.trusted, false);
  });

  it('describes a certificate whose public key node:crypto cannot read (found by fuzz.test.ts)', () => {
    const msg = fromHex(loadFixture<{ certificate: string }>('rfc8448-simple-1rtt.json').certificate);
    const cert = decodeCertificate(msg.subarray(4), { tls13: true }).entries[0]?.der.slice() ?? new Uint8Array(0);
    assert.equal(cert[252], 0x02, 'the INTEGER tag of the RSA public exponent');
    cert[252] = 0x00;
    const info = certificateInfo(cert);
    assert.deepEqual([info.subject, info.keyType, info.keyBits, info.selfSigned], ['CN=rsa', 'unknown', null, false]);
  });

  it('throws EDECODE for garbage', () => {
    assert.throws(() => certificateInfo(fromHex('3003020101')), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
    assert.throws(() => signatureAlgorithmOid(fromHex('30')), (e: unknown) => e instanceof MailtlsError);
  });
});

describe('host name matching (RFC 6125)', () => {
  it('matches exact names and left-most-label wildcards only', () => {
    assert.ok(dnsNameMatches('MX.Example.org', 'mx.example.org.'));
    assert.ok(dnsNameMatches('*.example.org', 'mx.example.org'));
    assert.ok(!dnsNameMatches('*.example.org', 'example.org'));
    assert.ok(!dnsNameMatches('*.example.org', 'a.b.example.org'));
    assert.ok(!dnsNameMatches('*.org', 'example.org'));
    assert.ok(!dnsNameMatches('m*.example.org', 'mx.example.org'));
    assert.ok(!dnsNameMatches('mx.*.org', 'mx.example.org'));
  });

  it('uses SANs, falls back to the CN only without DNS SANs, and IPs against IP SANs', () => {
    const info = certificateInfo(der('rsa'));
    assert.ok(hostnameMatches(info, 'mx.example.org'));
    assert.ok(hostnameMatches(info, 'smtp.mail.example.org'));
    assert.ok(!hostnameMatches(info, 'mail.example.org'));
    assert.ok(hostnameMatches(info, '127.0.0.1'));
    assert.ok(!hostnameMatches(info, '127.0.0.2'));
    assert.ok(hostnameMatches({ dnsNames: [], ipAddresses: [], subjectCommonName: 'mx.example.org' }, 'mx.example.org'));
    assert.ok(!hostnameMatches({ dnsNames: ['other.example.org'], ipAddresses: [], subjectCommonName: 'mx.example.org' }, 'mx.example.org'));
  });
});

describe('verifyChain', () => {
  it('trusts a leaf issued by a given root, and says why not otherwise', () => {
    const ok = verifyChain([der('leaf')], [pem('ca')]);
    assert.deepEqual(ok, { trusted: true, reason: null, path: ['CN=leaf.example.org', 'CN=Test Root'] });
    const withRoot = verifyChain([der('leaf'), der('ca')], [pem('ca')]);
    assert.equal(withRoot.trusted, true);
    const unknown = verifyChain([der('leaf')], [pem('rsa')]);
    assert.equal(unknown.trusted, false);
    assert.match(unknown.reason ?? '', /issuer not found/);
    const self = verifyChain([der('rsa')], []);
    assert.match(self.reason ?? '', /self-signed/);
    assert.equal(verifyChain([der('rsa')], [pem('rsa')]).trusted, true);
    const expired = verifyChain([der('leaf')], [pem('ca')], new Date(Date.now() + 20 * 86400_000));
    assert.match(expired.reason ?? '', /validity/);
  });
});
