import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCertificate } from './certs.js';

let rsa: Buffer;
let ec: Buffer;

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-certs-'));
  const mk = (name: string, key: string[], subj: string, san: string) => {
    execFileSync('openssl', ['req', '-x509', ...key, '-nodes', '-subj', subj, '-addext', `subjectAltName=${san}`, '-days', '30', '-keyout', join(dir, `${name}.key`), '-outform', 'DER', '-out', join(dir, `${name}.der`)], { stdio: 'ignore' });
    return readFileSync(join(dir, `${name}.der`));
  };
  rsa = mk('rsa', ['-newkey', 'rsa:2048'], '/CN=mx.example.test', 'DNS:mx.example.test,DNS:*.example.test');
  ec = mk('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], '/CN=ec.example.test', 'DNS:ec.example.test');
});

test('RSA leaf: key, names, signature, self-signed and untrusted, name match', () => {
  const c = describeCertificate([rsa], 'mx.example.test', ['TLSv1.2 RSA']);
  assert.ok(c);
  assert.equal(c.keyType, 'RSA');
  assert.equal(c.keyBits, 2048);
  assert.equal(c.subject, 'CN=mx.example.test');
  assert.deepEqual(c.sans, ['DNS:mx.example.test', 'DNS:*.example.test']);
  assert.equal(c.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.equal(c.selfSigned, true);
  assert.equal(c.trusted, false);
  assert.equal(c.trustError, 'self-signed certificate');
  assert.equal(c.nameMatches, true);
  assert.equal(describeCertificate([rsa], 'other.test', [])?.nameMatches, false);
  assert.equal(describeCertificate([rsa], '192.0.2.1', [])?.nameMatches, null);
});

test('EC leaf and garbage DER', () => {
  const c = describeCertificate([ec], 'ec.example.test', []);
  assert.equal(c?.keyType, 'EC');
  assert.equal(c?.keyBits, 256);
  assert.equal(c?.curve, 'prime256v1');
  assert.equal(c?.signatureAlgorithm, 'ecdsa-with-SHA256');
  assert.equal(describeCertificate([new Uint8Array([0x30, 0x03, 1, 2, 3])], 'x', []), null);
  assert.equal(describeCertificate([], 'x', []), null);
});

test('expiry is judged against the given time', () => {
  const later = new Date(Date.now() + 90 * 86_400_000);
  const c = describeCertificate([rsa], 'mx.example.test', [], later);
  assert.equal(c?.trusted, false);
  assert.equal(c?.trustError, 'the certificate has expired');
});

test('issuer Name bytes: found for every root of the store, and a self-signed root names itself twice (issuer, subject)', async () => {
  const { rootCertificates } = await import('node:tls');
  const { X509Certificate } = await import('node:crypto');
  const { issuerName } = await import('./certs.js');
  assert.ok(rootCertificates.length > 50);
  for (const pem of rootCertificates) {
    const der = new X509Certificate(pem).raw;
    const name = issuerName(der);
    assert.ok(name && name.length > 2, 'issuer found');
    const first = der.indexOf(name);
    assert.ok(first > 0 && der.indexOf(name, first + 1) > first, 'issuer and subject are the same bytes');
  }
  assert.equal(issuerName(new Uint8Array([0x30, 0x03, 1, 2, 3])), null);
  // Sent with a (redundant) second copy, a store root takes the chain walk, not the self-signed shortcut, and is found.
  const root = new X509Certificate(rootCertificates[0] ?? '').raw;
  const c = describeCertificate([root, root], 'x.test', []);
  assert.equal(c?.trustError, c && new Date(c.notAfter) < new Date() ? 'the certificate has expired' : null);
});

test('a chain to a private CA: untrusted, named as a root not in the store; without the CA, an incomplete chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-chain-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Private Test CA', '-days', '30', '-keyout', 'ca.key', '-out', 'ca.pem']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=mx.chain.test', '-keyout', 'leaf.key', '-out', 'leaf.csr']);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-outform', 'DER', '-out', 'leaf.der']);
  run(['x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der']);
  const leaf = readFileSync(join(dir, 'leaf.der'));
  const ca = readFileSync(join(dir, 'ca.der'));
  const full = describeCertificate([leaf, ca], 'mx.chain.test', []);
  assert.equal(full?.trusted, false);
  assert.equal(full?.trustError, 'the chain ends in a root not in the system store');
  assert.equal(full?.chain.length, 2);
  const alone = describeCertificate([leaf], 'mx.chain.test', []);
  assert.equal(alone?.trustError, 'the issuer certificate is missing (incomplete chain) or unknown');
});

test('trust is judged against the store given: a private CA in it makes its chain and its self-signed leaves trusted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-store-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Site CA', '-days', '30', '-keyout', 'ca.key', '-outform', 'DER', '-out', 'ca.der']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=mx.site.test', '-keyout', 'leaf.key', '-out', 'leaf.csr']);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.der', '-CAform', 'DER', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-outform', 'DER', '-out', 'leaf.der']);
  const leaf = readFileSync(join(dir, 'leaf.der'));
  const ca = readFileSync(join(dir, 'ca.der'));
  const store = { source: join(dir, 'bundle.pem'), roots: [ca] };
  const now = new Date();
  for (const chain of [[leaf], [leaf, ca]]) {
    const c = describeCertificate(chain, 'mx.site.test', [], now, store);
    assert.equal(c?.trusted, true, `chain of ${chain.length}`);
    assert.equal(c?.trustError, null);
    assert.equal(c?.trustStore, store.source);
  }
  assert.equal(describeCertificate([ca], 'x', [], now, store)?.trusted, true, 'a self-signed certificate in the store');
  assert.equal(describeCertificate([rsa], 'mx.example.test', [], now, store)?.trustError, 'self-signed certificate');
  // The same chain against the system store: the CA is unknown there.
  assert.equal(describeCertificate([leaf, ca], 'mx.site.test', [], now)?.trustError, 'the chain ends in a root not in the system store');
});
