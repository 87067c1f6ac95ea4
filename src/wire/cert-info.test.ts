import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { certificateInfo, chainTrust, issuerName, parseChain, signatureAlgorithm, signatureAlgorithmOid, verifyChain } from './cert-info.js';
import { decodeCertificate } from './certificate.js';
import { fromHex } from './bytes.js';
import { loadFixture } from '../../test/helpers/test-codec.js';
import { MailtlsError } from '../errors.js';

let dir = '';
const der = (name: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(join(dir, `${name}.pem`))).raw);

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
  // ECDSA with SHA-1 and SHA-224: two OIDs an off-by-one table once confused (RFC 3279 §2.2.3, RFC 5758 §3.2).
  openssl('req', '-x509', '-key', 'leaf.key', '-out', 'ecsha1.pem', '-days', '30', '-subj', '/CN=sha1.example.org', '-sha1');
  openssl('req', '-x509', '-key', 'leaf.key', '-out', 'ecsha224.pem', '-days', '30', '-subj', '/CN=sha224.example.org', '-sha224');
  openssl('req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'ed.key', '-out', 'ed.pem', '-days', '30', '-subj', '/CN=ed.example.org');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('certificateInfo', () => {
  it('reads an RSA self-signed certificate', () => {
    const info = certificateInfo(der('rsa'));
    assert.equal(info.subject, 'CN=mx.example.org, O=Example');
    assert.deepEqual(info.sans, ['DNS:mx.example.org', 'DNS:*.mail.example.org', 'IP Address:127.0.0.1']);
    assert.equal(info.keyType, 'RSA');
    assert.equal(info.keyBits, 2048);
    assert.equal(info.signatureAlgorithm, 'sha256WithRSAEncryption');
    assert.equal(info.selfSigned, true);
    assert.match(info.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.match(info.serialNumber, /^[0-9A-F]+$/);
    assert.ok(Date.parse(info.notAfter) - Date.parse(info.notBefore) === 30 * 86400_000);
    assert.match(info.notAfter, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('reads EC and Ed25519 keys and the CA-signed leaf', () => {
    const leaf = certificateInfo(der('leaf'));
    assert.deepEqual([leaf.keyType, leaf.keyBits, leaf.curve], ['EC', 256, 'prime256v1']);
    assert.equal(leaf.signatureAlgorithm, 'ecdsa-with-SHA384');
    assert.equal(signatureAlgorithm(der('ecsha1')), 'ecdsa-with-SHA1');
    assert.equal(signatureAlgorithm(der('ecsha224')), 'ecdsa-with-SHA224');
    assert.equal(leaf.issuer, 'CN=Test Root');
    assert.equal(leaf.selfSigned, false);
    const ca = certificateInfo(der('ca'));
    assert.deepEqual([ca.keyBits, ca.curve], [384, 'secp384r1']);
    const ed = certificateInfo(der('ed'));
    // 256, not 253: the scan's JSON has always given the key size, as OpenSSL prints it
    assert.deepEqual([ed.keyType, ed.keyBits, ed.signatureAlgorithm], ['Ed25519', 256, 'Ed25519']);
    assert.equal(signatureAlgorithmOid(der('ed')), '1.3.101.112');
  });

  it('reads the RFC 8448 certificate (1024-bit RSA, CN=rsa, expired 2026-07-30)', () => {
    const msg = fromHex(loadFixture<{ certificate: string }>('rfc8448-simple-1rtt.json').certificate);
    const cert = decodeCertificate(msg.subarray(4), { tls13: true }).entries[0]?.der ?? new Uint8Array(0);
    const info = certificateInfo(cert);
    assert.deepEqual([info.subject, info.keyBits, info.serialNumber, info.notAfter], ['CN=rsa', 1024, '02', '2026-07-30T01:23:59.000Z']);
    assert.equal(signatureAlgorithmOid(cert), '1.2.840.113549.1.1.11');
    assert.deepEqual(verifyChain([cert], [], new Date('2020-01-01')), { trusted: false, error: 'self-signed certificate' });
  });

  it('describes a certificate whose public key node:crypto cannot read (found by fuzz.test.ts)', () => {
    const msg = fromHex(loadFixture<{ certificate: string }>('rfc8448-simple-1rtt.json').certificate);
    const cert = decodeCertificate(msg.subarray(4), { tls13: true }).entries[0]?.der.slice() ?? new Uint8Array(0);
    assert.equal(cert[252], 0x02, 'the INTEGER tag of the RSA public exponent');
    cert[252] = 0x00;
    const info = certificateInfo(cert);
    assert.deepEqual([info.subject, info.keyType, info.keyBits, info.selfSigned], ['CN=rsa', 'unknown', null, false]);
  });

  it('throws EDECODE for garbage; the readers beside it answer null and "unknown"', () => {
    assert.throws(() => certificateInfo(fromHex('3003020101')), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
    assert.throws(() => signatureAlgorithmOid(fromHex('30')), (e: unknown) => e instanceof MailtlsError);
    assert.throws(() => verifyChain([fromHex('3003020101')], []), (e: unknown) => e instanceof MailtlsError && e.code === 'EDECODE');
    assert.equal(issuerName(fromHex('3003020101')), null);
    assert.equal(signatureAlgorithm(fromHex('3003020101')), 'unknown');
    assert.deepEqual(parseChain([der('rsa'), fromHex('3003020101'), der('ca')]).length, 1, 'up to the first unparseable member');
  });

  it('names an OID it does not know by its hex', () => {
    const cert = der('rsa').slice();
    const oid = Buffer.from('2a864886f70d01010b', 'hex');
    const at = Buffer.from(cert).lastIndexOf(oid);
    cert[at + oid.length - 1] = 0x0e; // sha224WithRSAEncryption, not in the table
    assert.equal(signatureAlgorithm(cert), 'oid:2a864886f70d01010e');
  });
});

describe('issuerName', () => {
  it('is the issuer Name as bytes: the root subject for a CA-signed leaf, with or without a version field', () => {
    const leaf = der('leaf');
    const name = issuerName(leaf);
    assert.ok(name);
    const root = Buffer.from(der('ca'));
    assert.ok(root.indexOf(name) > 0, 'the root holds the same bytes as its subject');
    assert.equal(name[0], 0x30);
  });
});

describe('verifyChain', () => {
  const roots = (...names: string[]) => names.map(der);
  it('trusts a leaf issued by a given root, and says why not otherwise', () => {
    assert.deepEqual(verifyChain([der('leaf')], roots('ca')), { trusted: true, error: null });
    assert.deepEqual(verifyChain([der('leaf'), der('ca')], roots('ca')), { trusted: true, error: null });
    assert.deepEqual(verifyChain([der('leaf')], roots('rsa')), { trusted: false, error: 'the issuer certificate is missing (incomplete chain) or unknown' });
    assert.deepEqual(verifyChain([der('leaf'), der('ca')], roots('rsa')), { trusted: false, error: 'the chain ends in a root not in the system store' });
    assert.deepEqual(verifyChain([der('rsa')], []), { trusted: false, error: 'self-signed certificate' });
    assert.deepEqual(verifyChain([der('rsa')], roots('rsa')), { trusted: true, error: null });
    assert.deepEqual(verifyChain([der('leaf')], roots('ca'), new Date(Date.now() + 40 * 86400_000)), { trusted: false, error: 'the root certificate has expired' });
    assert.deepEqual(verifyChain([], []), { trusted: false, error: 'no certificate' });
  });

  it('chainTrust takes the parsed chain', () => {
    assert.equal(chainTrust(parseChain([der('leaf')]), roots('ca'), new Date()).trusted, true);
  });
});
