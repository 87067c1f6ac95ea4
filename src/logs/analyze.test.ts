import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { analyzeLogs } from './analyze.js';

const SAMPLE = readFileSync(join(import.meta.dirname, '../../test/fixtures/logs/postfix-3.0-3.3.txt'));

async function viaStdin(chunks: Buffer[], opts: { maxOpenSessions?: number } = {}) {
  const r = await analyzeLogs({ files: [], stdin: Readable.from(chunks), now: Date.UTC(2026, 10, 21), ...opts });
  return r;
}

/** The parts of a report that do not depend on how the input was cut. */
const essence = (r: Awaited<ReturnType<typeof viaStdin>>) => JSON.stringify({ lines: r.lines, unparsed: r.unparsed, services: r.services, clients: r.clients, outbound: r.outbound });

describe('analyzeLogs properties', () => {
  test('the report does not depend on where the input is cut into chunks', async () => {
    const whole = essence(await viaStdin([SAMPLE]));
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: SAMPLE.length - 1 }), { maxLength: 12 }), async (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let prev = 0;
      for (const p of points) {
        chunks.push(SAMPLE.subarray(prev, p));
        prev = p;
      }
      chunks.push(SAMPLE.subarray(prev));
      assert.equal(essence(await viaStdin(chunks)), whole);
    }), { numRuns: 40 });
  });

  test('hostile lines among genuine ones: never a throw, every line counted, the genuine sessions intact', async () => {
    const genuine = SAMPLE.toString('utf8').split('\n').filter((l) => l !== '');
    const baseline = await viaStdin([SAMPLE]);
    const hostile = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 80 }).map((s) => `Nov 21 18:43:33 host postfix/smtpd[${s}]: ${s}`),
      fc.string({ maxLength: 80 }).map((s) => `2026-11-21T18:43:33${s} h postfix/smtp[1]: ${s}`),
      fc.string({ maxLength: 80 }).map((s) => `Nov 21 18:43:33 host postfix/${s}/smtpd[99999]: Anonymous TLS connection established from ${s}: ${s} with cipher ${s} (${s} bits)`),
      fc.string({ maxLength: 80 }).map((s) => `Nov 21 18:43:33 host postfix/smtp[99998]: ABCDEF123: to=<${s}>, relay=${s}, tls=${s}, status=${s}`),
      fc.constant('Nov 21 18:43:33 host postfix/smtpd[99997]: disconnect from x[1] starttls=a/b commands=x'),
    );
    await fc.assert(fc.asyncProperty(fc.array(hostile, { maxLength: 20 }), async (junk) => {
      // Junk goes after the genuine lines, in processes of its own, so genuine sessions stay whole.
      const text = `${[...genuine, ...junk.map((j) => j.replace(/[\r\n]/g, ' '))].join('\n')}\n`;
      const r = await viaStdin([Buffer.from(text)]);
      assert.equal(r.lines, genuine.length + junk.length);
      const sub = r.services.find((s) => s.name === 'postfix/submission/smtpd');
      const sub0 = baseline.services.find((s) => s.name === 'postfix/submission/smtpd');
      assert.deepEqual(sub?.tls, sub0?.tls);
    }), { numRuns: 60 });
  });

  test('a tiny session bound still gives a report (sessions closed early are counted, not lost)', async () => {
    const r = await viaStdin([SAMPLE], { maxOpenSessions: 1 });
    const total = r.services.filter((s) => s.direction === 'inbound').reduce((n, s) => n + s.sessions, 0);
    assert.ok(total >= 8);
  });
});

// Issue 16.5: kinds of lines that real servers write, each quoted as one line of its kind
// (loopback addresses). The reference time (`now`, stdin's mtime) is 2026-12-08.
describe('real logs', () => {
  const NOW = new Date(2026, 11, 8, 12).getTime();
  const report = (lines: string[]) => analyzeLogs({ files: [], stdin: Readable.from([Buffer.from(`${lines.join('\n')}\n`)]), now: NOW });

  test('mail.warn: TLS errors without a connect line are failed handshakes, never "no Postfix lines"', async () => {
    // /var/log/mail.warn (rsyslog mail.warn): warnings only
    const r = await report([
      'Dec  7 10:00:01 mail postfix/submission/smtpd[8298]: warning: TLS library problem: error:1420918C:SSL routines:tls_early_post_process_client_hello:version too low:../ssl/statem/statem_srvr.c:1685:',
      'Dec  7 10:05:01 mail postfix/submission/smtpd[8298]: warning: TLS library problem: error:1420918C:SSL routines:tls_early_post_process_client_hello:version too low:../ssl/statem/statem_srvr.c:1685:',
      'Dec  7 10:06:00 mail postfix/smtpd[8301]: warning: hostname localhost does not resolve to address 127.0.0.7: Name or service not known',
    ]);
    const sub = r.services.find((s) => s.name === 'postfix/submission/smtpd');
    assert.deepEqual([sub?.sessions, sub?.failures, sub?.failureReasons], [2, 2, { 'version too low': 2 }]);
    assert.deepEqual(r.notices.map((n) => n.code), ['WARNINGS_ONLY']);
    assert.equal(r.postfixLines, 3);
  });

  test('only lines that make no session: the notice says how many were read', async () => {
    const r = await report(['Dec  7 10:06:00 mail postfix/smtpd[8301]: warning: hostname localhost does not resolve to address 127.0.0.7: Name or service not known']);
    assert.deepEqual(r.notices.map((n) => n.code), ['NO_SESSIONS_SELECTED']);
  });

  test('postscreen tlsproxy: failed handshakes counted with the TLS ones', async () => {
    // postscreen with STARTTLS (tlsproxy), Postfix 3.x
    const r = await report([
      'Dec  7 11:00:00 mail postfix/tlsproxy[312898]: CONNECT from [127.0.0.21]:59869',
      'Dec  7 11:00:00 mail postfix/tlsproxy[312898]: Anonymous TLS connection established from [127.0.0.21]:59869: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
      'Dec  7 11:00:01 mail postfix/tlsproxy[312898]: DISCONNECT [127.0.0.21]:59869',
      'Dec  7 11:00:02 mail postfix/tlsproxy[312898]: CONNECT from [127.0.0.22]:41002',
      'Dec  7 11:00:03 mail postfix/tlsproxy[312898]: TLS handshake failed for service=smtpd peer=[127.0.0.22]:41002',
      'Dec  7 11:00:03 mail postfix/tlsproxy[312898]: DISCONNECT [127.0.0.22]:41002',
    ]);
    const p = r.services.find((s) => s.name === 'postfix/tlsproxy');
    assert.deepEqual([p?.sessions, p?.tls, p?.failures], [2, { 'TLSv1.3': 1 }, 1]);
  });

  test('a day written after a single space keeps its session', async () => {
    // a syslog daemon that writes "Jan 6" rather than "Jan  6"
    const r = await report([
      'Jan 6 08:39:05 mail postfix/smtpd[339505]: connect from unknown[127.0.0.5]',
      'Jan 6 08:39:06 mail postfix/smtpd[339505]: disconnect from unknown[127.0.0.5] ehlo=1 quit=1 commands=2',
    ]);
    assert.equal(r.unparsed, 0);
    assert.equal(r.services[0]?.sessions, 1);
    assert.equal(r.services[0]?.plaintext, 1);
    assert.equal(r.from, new Date(2026, 0, 6, 8, 39, 5).toISOString());
  });

  test('lines out of order: no date after the file was written', async () => {
    // two rotated files concatenated in the wrong order
    const r = await report([
      'Dec  1 10:00:00 mail postfix/smtpd[1]: connect from a[127.0.0.1]',
      'Jan  2 10:00:00 mail postfix/smtpd[2]: connect from a[127.0.0.1]',
      'Dec  3 10:00:00 mail postfix/smtpd[3]: connect from a[127.0.0.1]',
      'Apr  4 10:00:00 mail postfix/smtpd[4]: connect from a[127.0.0.1]',
    ]);
    assert.ok((r.to ?? '') <= new Date(NOW + 86_400_000).toISOString(), String(r.to));
    assert.ok((r.from ?? '').startsWith('2026-'), String(r.from));
  });

  test('verbose and TLS trace lines are skipped by kind, not "not understood"', async () => {
    // smtpd -v and smtpd_tls_loglevel = 2
    const r = await report([
      'Dec  7 12:00:00 mail postfix/smtpd[77]: connect from unknown[127.0.0.8]',
      'Dec  7 12:00:00 mail postfix/smtpd[77]: > unknown[127.0.0.8]: 220 mail.example ESMTP Postfix',
      'Dec  7 12:00:00 mail postfix/smtpd[77]: watchdog_pat: 0x55d0c8a3e2a0',
      'Dec  7 12:00:00 mail postfix/smtpd[77]: SSL_accept:SSLv3/TLS write server hello',
      'Dec  7 12:00:00 mail postfix/smtpd[77]: warning: 8.0.0.127.zen.spamhaus.org: RBL lookup error: Host or domain name not found. Name service error for name=8.0.0.127.zen.spamhaus.org type=A: Host not found, try again',
      'Dec  7 12:00:01 mail postfix/smtpd[77]: disconnect from unknown[127.0.0.8] ehlo=1 quit=1 commands=2',
    ]);
    assert.equal(r.unparsed, 0);
    assert.deepEqual(r.skipped, { verbose: 2, 'tls-trace': 1, 'rbl-error': 1 });
  });
});
