/**
 * `npm start` runs `mailtls demo`: the full audit of a lab Postfix configured like the webshop
 * server of shared/seeds/002. This checks the answers a user of that question needs are there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { labList } from '../../src/lab/index.js';

test('the demo audits the webshop server from the wire, the configuration and the log', { timeout: 120_000 }, async () => {
  const io = memoryIo();
  const code = await main(['demo'], io);
  const out = io.out();
  assert.equal(code, 0, io.err());
  // The clients: the webshop gets TLS 1.1, the TLS 1.0-only device is refused.
  assert.match(out, /127\.0\.0\.10 +the webshop .* TLSv1\.1 with ECDHE-RSA-AES256-SHA/);
  assert.match(out, /127\.0\.0\.12 +a legacy device .* failed: .*protocol version/);
  // The wire: the scan of submission sees TLS 1.1 offered and TLS 1.0 not.
  const wire = out.slice(out.indexOf('=== the wire: submission'), out.indexOf('=== the wire: smtp'));
  assert.match(wire, /TLSv1\.1 +offered/);
  assert.match(wire, /TLSv1\.0 +not offered/);
  // The configuration: the seed's -o smtp_tls_mandatory_protocols=TLSv1 does nothing, with its line and fix.
  assert.match(out, /master\.cf:13 +"-o smtp_tls_mandatory_protocols=TLSv1" on submission\/inet \(smtpd\) has no effect/);
  assert.match(out, /postconf -PX 'submission\/inet\/smtp_tls_mandatory_protocols'/);
  // The log: the webshop is the client that TLS 1.2 on submission would break.
  const logs = out.slice(out.indexOf('=== the logs'));
  assert.match(logs, /Impact if: protocols=>=TLSv1\.2/);
  assert.match(logs, /unknown\[127\.0\.0\.10\] +2 +2 +TLSv1\.1 not allowed/);
  // And the lab instance is gone afterwards.
  assert.equal((await labList()).some((l) => l.name === 'demo'), false);
});
