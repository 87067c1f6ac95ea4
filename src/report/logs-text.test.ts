import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
});
