import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyzeLogs } from '../logs/analyze.js';
import { parseTightening } from '../logs/tightening.js';
import { renderLogsSummary, renderLogsText } from './logs-text.js';
import { makeStyle } from './terminal.js';

const FIX = join(import.meta.dirname, '../../test/fixtures/logs');

describe('logs terminal rendering', () => {
  test('full report: sections in order, legacy clients, impact, no colour when off', async () => {
    const r = await analyzeLogs({ files: [join(FIX, 'lab-3.7.11.txt')], policies: [parseTightening('protocols=>=TLSv1.2')] });
    const text = renderLogsText(r, makeStyle(false));
    const order = ['Inbound sessions by service', 'Failed TLS handshakes by reason', 'Clients still on TLS 1.0/1.1', 'Outbound deliveries by destination', 'Impact if: protocols=>=TLSv1.2'];
    let at = -1;
    for (const heading of order) {
      const i = text.indexOf(heading);
      assert.ok(i > at, `${heading} missing or out of order`);
      at = i;
    }
    assert.match(text, /postfix\/smtpd\s+9\s+1\s+1\s+1\s+2\s+3\s+1\s+1\n/);
    assert.match(text, /postfix\/submission\/smtpd: no session of 3 would fail; 3 fine/);
    assert.match(text, /postfix\/smtpd: 3 of 9 sessions would fail \(1 client\); 5 fine, 1 failed already/);
    assert.ok(!text.includes('\u001b['));
    assert.ok(renderLogsText(r, makeStyle(true)).includes('\u001b['));
  });

  test('summary for the demo: totals, legacy clients, loglevel notice', async () => {
    const lab = await analyzeLogs({ files: [join(FIX, 'lab-3.7.11.txt')] });
    const s = renderLogsSummary(lab, makeStyle(false));
    assert.match(s, /^Log: 14 inbound sessions \(TLSv1\.3 3, TLSv1\.2 2, TLSv1\.1 1, TLSv1 2\); 5 without TLS; 1 failed handshake \(no shared cipher ×1\)/);
    assert.match(s, /clients on TLS 1\.0\/1\.1 or weak ciphers: localhost\[127\.0\.0\.1\] \(postfix\/smtpd, TLSv1 ×2, TLSv1\.1 ×1/);
    const l0 = await analyzeLogs({ files: [join(FIX, 'loglevel0.txt')] });
    assert.match(renderLogsSummary(l0, makeStyle(false)), /smtpd_tls_loglevel = 1/);
  });

  // Issue 16.5: lines as real servers write them (loopback addresses), through the whole pipeline.
  const fromLines = (lines: string[]) => analyzeLogs({
    files: [], stdin: Readable.from([Buffer.from(`${lines.join('\n')}\n`)]), now: new Date(2026, 11, 8, 12).getTime(),
  });

  test('outbound rows name their service: postfix/smtp and postfix/relay/smtp to one relay are two rows', async () => {
    // master.cf's stock `relay` transport logs as postfix/relay/smtp
    const r = await fromLines([
      'Dec  7 09:00:00 mail postfix/smtp[501]: Trusted TLS connection established to relay.example[127.0.0.60]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      'Dec  7 09:00:00 mail postfix/smtp[501]: 4F2B81A0C4: to=<a@example.org>, relay=relay.example[127.0.0.60]:25, delay=0.2, delays=0.01/0/0.1/0.09, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
      'Dec  7 09:00:01 mail postfix/relay/smtp[502]: Trusted TLS connection established to relay.example[127.0.0.60]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      'Dec  7 09:00:01 mail postfix/relay/smtp[502]: 5A1C21A0C9: to=<b@example.org>, relay=relay.example[127.0.0.60]:25, delay=0.2, delays=0.01/0/0.1/0.09, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
    ]);
    assert.deepEqual(r.outbound.map((o) => [o.relay, o.service]).sort(), [['relay.example[127.0.0.60]:25', 'postfix/relay/smtp'], ['relay.example[127.0.0.60]:25', 'postfix/smtp']]);
    const text = renderLogsText(r, makeStyle(false));
    assert.match(text, /RELAY\s+SERVICE\s+DELIVERIES/);
    assert.match(text, /relay\.example\[127\.0\.0\.60\]:25\s+postfix\/relay\/smtp\s+1/);
    assert.match(text, /relay\.example\[127\.0\.0\.60\]:25\s+postfix\/smtp\s+1/);
  });

  test('AUTH refused before STARTTLS is said as such, without the smtpd_tls_auth_only fix', async () => {
    // submission with smtpd_tls_auth_only = yes: a client that sends AUTH before STARTTLS is refused (auth=0/1)
    const r = await fromLines([
      'Dec  7 10:00:00 mail postfix/submission/smtpd[601]: connect from phone[127.0.0.31]',
      'Dec  7 10:00:01 mail postfix/submission/smtpd[601]: disconnect from phone[127.0.0.31] ehlo=1 auth=0/1 quit=1 commands=2/3',
      'Dec  7 10:01:00 mail postfix/submission/smtpd[602]: connect from phone[127.0.0.31]',
      'Dec  7 10:01:00 mail postfix/submission/smtpd[602]: Anonymous TLS connection established from phone[127.0.0.31]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      'Dec  7 10:01:01 mail postfix/submission/smtpd[602]: disconnect from phone[127.0.0.31] ehlo=2 starttls=1 auth=1 quit=1 commands=5',
    ]);
    const text = renderLogsText(r, makeStyle(false));
    assert.match(text, /Clients that sent credentials without TLS, refused by the server \(1\)/);
    assert.match(text, /smtpd_tls_auth_only is in effect/);
    assert.ok(!text.includes("postconf -e 'smtpd_tls_auth_only = yes'"), 'the fix would change nothing');
    assert.ok(!text.includes('logged in without TLS'));
  });

  test('a successful plaintext AUTH gets the fix', async () => {
    // submission without smtpd_tls_auth_only: a printer logging in before (or without) STARTTLS
    const r = await fromLines([
      'Dec  7 10:00:00 mail postfix/submission/smtpd[701]: connect from printer[127.0.0.32]',
      'Dec  7 10:00:01 mail postfix/submission/smtpd[701]: disconnect from printer[127.0.0.32] ehlo=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=6',
    ]);
    const text = renderLogsText(r, makeStyle(false));
    assert.match(text, /Clients that logged in without TLS: passwords in clear text \(1\)/);
    assert.match(text, /fix: postconf -e 'smtpd_tls_auth_only = yes'/);
  });

  test('skipped lines: one line by kind, apart from the lines not understood', async () => {
    // smtpd_tls_loglevel = 2
    const r = await fromLines([
      'Dec  7 12:00:00 mail postfix/smtpd[77]: connect from unknown[127.0.0.8]',
      'Dec  7 12:00:00 mail postfix/smtpd[77]: SSL_accept:SSLv3/TLS write server hello',
      'Dec  7 12:00:01 mail postfix/smtpd[77]: disconnect from unknown[127.0.0.8] ehlo=1 quit=1 commands=2',
    ]);
    const text = renderLogsText(r, makeStyle(false));
    assert.match(text, /skipped \(read, of no use for TLS\): TLS trace \(loglevel 2\+\) ×1/);
    assert.ok(!text.includes('not understood'));
  });
});
