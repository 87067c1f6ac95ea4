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
