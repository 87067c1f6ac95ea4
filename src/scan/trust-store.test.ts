import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync, truncateSync, existsSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrustStore, pemCertificates, systemTrustStore, SYSTEM_BUNDLES } from './trust-store.js';

const [pemA = '', pemB = ''] = rootCertificates;
const derOf = (pem: string) => new X509Certificate(pem).raw;

test('PEM bundle: every certificate block as DER, CRLF and comments tolerated, keys and garbage skipped', () => {
  const text = [
    '# Mozilla root A', pemA.replace(/\n/g, '\r\n'),
    '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----',
    '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----', // base64 of text, not DER
    '-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----',
    'junk', pemB,
  ].join('\n');
  const ders = pemCertificates(text);
  assert.equal(ders.length, 2);
  assert.ok(ders[0]?.equals(derOf(pemA)));
  assert.ok(ders[1]?.equals(derOf(pemB)));
  assert.deepEqual(pemCertificates(''), []);
});

test('store: SSL_CERT_FILE first, then the system bundles, then node:tls; unreadable or oversized bundles are passed over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-trust-'));
  const one = join(dir, 'one.pem');
  writeFileSync(one, pemA);
  const two = join(dir, 'two.pem');
  writeFileSync(two, `${pemA}\n${pemB}`);
  const empty = join(dir, 'empty.pem');
  writeFileSync(empty, 'no certificates here\n');
  const huge = join(dir, 'huge.pem');
  writeFileSync(huge, pemA);
  truncateSync(huge, 64 * 1024 * 1024); // sparse: not a CA bundle, and not read whole

  assert.deepEqual(loadTrustStore({ SSL_CERT_FILE: one }, [two]), { source: one, roots: [derOf(pemA)] });
  assert.equal(loadTrustStore({ SSL_CERT_FILE: join(dir, 'missing.pem') }, [empty, huge, dir, two]).source, two);
  const fallback = loadTrustStore({}, [join(dir, 'missing.pem')]);
  assert.equal(fallback.source, 'node:tls rootCertificates');
  assert.equal(fallback.roots.length, rootCertificates.length);
});

test('the system store on this machine is the distribution bundle OpenSSL uses', () => {
  const store = systemTrustStore();
  const expected = [process.env['SSL_CERT_FILE'], ...SYSTEM_BUNDLES].find((p) => p && existsSync(p));
  assert.equal(store.source, expected ?? 'node:tls rootCertificates');
  assert.ok(store.roots.length > 50, `${store.roots.length} roots`);
  assert.equal(systemTrustStore(), store, 'read once');
});
