/**
 * `npm start` runs `mailtls demo`: the full audit of a lab Postfix configured like the webshop
 * server of shared/seeds/002. This checks the answers a user of that question needs are there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { labList } from '../../src/lab/index.js';

test('the demo audits the webshop server: configuration, wire and log joined', { timeout: 240_000 }, async () => {
  const io = memoryIo();
  const code = await main(['demo'], io);
  const out = io.out();
  assert.equal(code, 0, io.err());
  // The clients: the webshop gets TLS 1.1, the TLS 1.0-only device is refused.
  assert.match(out, /127\.0\.0\.10 +the webshop .* TLSv1\.1 with ECDHE-RSA-AES256-SHA/);
  assert.match(out, /127\.0\.0\.12 +a legacy device .* failed: .*protocol version/);
  // The audit: one verdict per service, submission failing, with the seed's answers.
  const audit = out.slice(out.indexOf('=== the audit'));
  assert.match(audit, /smtp\/inet +127\.0\.0\.1:\d+ +mx +WARN +1\.1 1\.2 1\.3 +matches/);
  assert.match(audit, /submission\/inet +127\.0\.0\.1:\d+ +submission +FAIL +1\.1 1\.2 1\.3 +matches/);
  // The configuration: the seed's -o smtp_tls_mandatory_protocols=TLSv1 does nothing, with its line and fix.
  assert.match(audit, /\(client-parameter-on-server, master\.cf:13\)/);
  assert.match(audit, /"-o smtp_tls_mandatory_protocols=TLSv1" on submission\/inet \(smtpd\) has no effect/);
  assert.match(audit, /postconf -c \S+examples\/webshop -PX 'submission\/inet\/smtp_tls_mandatory_protocols'/);
  // The fix that really requires TLS 1.2 on submission, and the log's proof of whom it breaks.
  assert.match(audit, /postconf -c \S+examples\/webshop -P 'submission\/inet\/smtpd_tls_security_level=encrypt' 'submission\/inet\/smtpd_tls_mandatory_protocols=>=TLSv1\.2'/);
  assert.match(audit, /impact breaks 1 client seen in the log: 2 of 4 sessions would fail/);
  assert.match(audit, /unknown\[127\.0\.0\.10\] +2\/2 .*TLSv1\.1 not allowed/);
  assert.match(audit, /gentler: accept TLSv1\.1 or newer instead/);
  // The scanner's own connections are not in the log statistics.
  assert.match(audit, /log +4 sessions from 3 clients: TLSv1\.1 2, TLSv1\.3 1, 1 failed handshakes/);
  // And the lab instance is gone afterwards.
  assert.equal((await labList()).some((l) => l.name === 'demo'), false);
});
