/**
 * `mailtls logs` on the checked-in samples (test/fixtures/logs: genuine lab lines, and lines
 * built from the format strings of Postfix versions a lab cannot run), through the real CLI.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { LogReport, ServiceSummary } from '../../src/logs/report.js';

const FIX = join(import.meta.dirname, '../fixtures/logs');
const fx = (name: string) => join(FIX, name);

async function logs(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ NO_COLOR: '1' }, stdin);
  const code = await main(['logs', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function report(args: string[], stdin = ''): Promise<LogReport> {
  const r = await logs(['--json', ...args], stdin);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as LogReport;
}

function svc(r: LogReport, name: string): ServiceSummary {
  const s = r.services.find((x) => x.name === name);
  assert.ok(s, `no service ${name} in ${r.services.map((x) => x.name).join(', ')}`);
  return s;
}

const pick = (s: ServiceSummary) => ({ sessions: s.sessions, tls: s.tls, plaintext: s.plaintext, failures: s.failures });

describe('mailtls logs on samples', () => {
  test('genuine Postfix 3.7.11 lab log: counts per service, outbound, every line counted', async () => {
    const r = await report([fx('lab-3.7.11.txt')]);
    assert.equal(r.lines, 66);
    assert.equal(r.unparsed, 10, 'the six # comment lines and the four smtpd NIS warnings');
    assert.equal(r.postfixVersion, '3.7.11');
    assert.deepEqual(pick(svc(r, 'postfix/smtpd')), { sessions: 9, tls: { TLSv1: 2, 'TLSv1.1': 1, 'TLSv1.2': 1, 'TLSv1.3': 1 }, plaintext: 3, failures: 1 });
    assert.deepEqual(svc(r, 'postfix/smtpd').failureReasons, { 'no shared cipher': 1 });
    assert.deepEqual(pick(svc(r, 'postfix/submission/smtpd')), { sessions: 3, tls: { 'TLSv1.2': 1 }, plaintext: 2, failures: 0 });
    assert.deepEqual(pick(svc(r, 'postfix/submissions/smtpd')), { sessions: 2, tls: { 'TLSv1.3': 2 }, plaintext: 0, failures: 0 });
    assert.deepEqual(svc(r, 'postfix/smtpd').ciphers, { 'ECDHE-ECDSA-AES256-SHA': 2, 'AES128-SHA': 1, 'ECDHE-ECDSA-AES256-GCM-SHA384': 1, TLS_AES_256_GCM_SHA384: 1 });
    assert.deepEqual(r.outbound.map((o) => [o.relay, o.deliveries, o.protocols, o.plaintext]), [['127.0.0.1[127.0.0.1]:34883', 1, { 'TLSv1.3': 1 }, 0]]);
    const c = r.clients.find((x) => x.service === 'postfix/smtpd' && x.client === 'localhost[127.0.0.1]');
    assert.equal(c?.sessions, 9);
    assert.equal(c?.legacy, true);
    assert.equal(c?.lastSeen, new Date(2026, 10, 21, 19, 1, 37).toISOString());
    assert.equal(r.from, new Date(2026, 10, 21, 19, 1, 20).toISOString());
    assert.equal(r.notices.length, 0);
  });

  test('Postfix 3.0-3.3 (seed 002): legacy submission clients, auth without TLS, smtps, outbound failure', async () => {
    const r = await report([fx('postfix-3.0-3.3.txt')]);
    assert.equal(r.lines, 49);
    assert.equal(r.unparsed, 5);
    const sub = svc(r, 'postfix/submission/smtpd');
    assert.deepEqual(pick(sub), { sessions: 4, tls: { TLSv1: 2, 'TLSv1.2': 1 }, plaintext: 1, failures: 0 });
    assert.equal(sub.authenticated, 4);
    assert.equal(sub.authWithoutTls, 1);
    assert.deepEqual(pick(svc(r, 'postfix/smtps/smtpd')), { sessions: 2, tls: { 'TLSv1.1': 1 }, plaintext: 0, failures: 1 });
    assert.deepEqual(svc(r, 'postfix/smtps/smtpd').failureReasons, { 'http request': 1 });
    assert.deepEqual(svc(r, 'postfix/smtpd').failureReasons, { 'wrong version number': 1 });
    const web = r.clients.find((c) => c.client === 'webshop.example[203.0.113.7]');
    assert.deepEqual(web?.protocols, { TLSv1: 2 });
    assert.deepEqual(web?.users, ['raitis']);
    const smtp = svc(r, 'postfix/smtp');
    assert.equal(smtp.direction, 'outbound');
    assert.deepEqual(pick(smtp), { sessions: 5, tls: { 'TLSv1.2': 3 }, plaintext: 1, failures: 1 });
    const broken = r.outbound.find((o) => o.relay === 'mx.broken.example[192.0.2.62]:25');
    assert.deepEqual(broken?.failureReasons, { 'sslv3 alert handshake failure': 1 });
  });

  test('Postfix 2.x formats: no counters, TLS lines without a trust word, OpenSSL 0.9 errors', async () => {
    const r = await report([fx('postfix-2.x.txt')]);
    assert.deepEqual(pick(svc(r, 'postfix/smtpd')), { sessions: 4, tls: { TLSv1: 1, SSLv3: 1 }, plaintext: 1, failures: 1 });
    assert.deepEqual(svc(r, 'postfix/smtpd').failureReasons, { 'no shared cipher': 1 });
    assert.deepEqual(r.outbound.map((o) => [o.relay, o.protocols]), [['mx.example.net[198.51.100.5]', { TLSv1: 1 }], ['mx.example.org[198.51.100.6]:25', { TLSv1: 1 }]]);
  });

  test('Postfix 3.10/3.11: SNI, lowercase groups, NOQUEUE lost connection, tls= on deliveries, lmtp socket skipped', async () => {
    const r = await report([fx('postfix-3.10-3.11.txt')]);
    assert.equal(r.unparsed, 8);
    assert.deepEqual(pick(svc(r, 'postfix/smtpd')), { sessions: 5, tls: { 'TLSv1.3': 3, 'TLSv1.2': 1 }, plaintext: 0, failures: 1 });
    assert.deepEqual(pick(svc(r, 'postfix/submission/smtpd')), { sessions: 1, tls: {}, plaintext: 1, failures: 0 });
    const out = Object.fromEntries(r.outbound.map((o) => [o.relay, [o.protocols, o.plaintext, o.tlsUnlogged, o.failures]]));
    assert.deepEqual(out, {
      'mx.example.net[192.0.2.80]:25': [{ 'TLSv1.3': 1 }, 0, 0, 0],
      'mx.example.com[192.0.2.81]:25': [{}, 1, 0, 0],
      'mx.example.org[192.0.2.82]:25': [{}, 0, 0, 1],
      'mx.example.info[192.0.2.83]:25': [{}, 0, 1, 0],
    });
    assert.ok(!r.services.some((s) => s.name === 'postfix/lmtp'));
  });

  test('rsyslog RFC 3339 and journalctl short-iso stamps with zones', async () => {
    const a = await report([fx('rsyslog-rfc3339.txt')]);
    assert.equal(a.from, '2026-01-15T08:30:00.123Z');
    assert.equal(a.to, '2026-01-15T08:32:00.200Z');
    assert.deepEqual(pick(svc(a, 'postfix/smtpd')), { sessions: 2, tls: { 'TLSv1.2': 1 }, plaintext: 1, failures: 0 });
    const b = await report([fx('journal-short-iso.txt')]);
    assert.equal(b.unparsed, 1, 'the comment; journal markers are not counted');
    assert.equal(b.from, '2026-01-15T08:30:00.000Z');
    assert.deepEqual(svc(b, 'postfix/smtpd').tls, { 'TLSv1.3': 1, 'TLSv1.1': 1 });
  });

  test('smtpd_tls_loglevel = 0: says so, reports the counters, names the setting', async () => {
    const r = await report([fx('loglevel0.txt')]);
    assert.equal(r.tlsLogging.inbound, false);
    assert.deepEqual(r.starttlsCounters, { sessions: 5, starttls: 2, failed: 1, none: 2 });
    const n = r.notices.find((x) => x.code === 'TLS_NOT_LOGGED');
    assert.ok(n);
    assert.match(n.fix ?? '', /smtpd_tls_loglevel = 1/);
    assert.equal(svc(r, 'postfix/smtpd').tlsUnlogged, 2);
    assert.equal(svc(r, 'postfix/submissions/smtpd').tlsUnlogged, 1);
    assert.ok(r.notices.some((x) => x.code === 'CLIENT_TLS_NOT_LOGGED'));
    const text = await logs([fx('loglevel0.txt')]);
    assert.match(text.out, /postconf -e 'smtpd_tls_loglevel = 1'/);
    assert.match(text.out, /2 of 5 sessions started TLS/);
  });

  test('rotated set in any order (gzip and plain), and stdin', async () => {
    const files = ['maillog', 'maillog.3.gz', 'maillog.1', 'maillog.2.gz'].map((n) => fx(join('rotated', n)));
    const r = await report(files);
    assert.deepEqual(r.files.map((f) => f.name.split('/').pop()), ['maillog.3.gz', 'maillog.2.gz', 'maillog.1', 'maillog']);
    assert.deepEqual(svc(r, 'postfix/smtpd').tls, { TLSv1: 1, 'TLSv1.1': 1, 'TLSv1.2': 1, 'TLSv1.3': 1 });
    // memoryIo's stdin carries text; gzip on stdin is covered in src/logs/input.test.ts.
    const viaStdin = await report(['-'], await readFile(fx('lab-3.7.11.txt'), 'utf8'));
    assert.equal(viaStdin.lines, 66);
    assert.equal(svc(viaStdin, 'postfix/smtpd').sessions, 9);
    assert.deepEqual(viaStdin.files.map((f) => f.name), ['-']);
  });

  test('damaged input: truncated gzip and binary lines give warnings with file:line and a partial report', async () => {
    const t = await logs(['--json', fx('truncated.gz')]);
    assert.equal(t.code, 0);
    const r = JSON.parse(t.out) as LogReport;
    assert.equal(r.files[0]?.complete, false);
    assert.equal(r.warnings[0]?.code, 'ELOG_GZIP');
    assert.ok(r.notices.some((n) => n.code === 'INCOMPLETE_INPUT'));
    assert.ok(svc(r, 'postfix/smtpd').sessions > 0);
    assert.match(t.err, /ELOG_GZIP .*truncated\.gz:\d+/);
    const b = await report([fx('binary-garbage.txt')]);
    assert.equal(b.lines, 68);
    assert.deepEqual(b.warnings.map((w) => w.place?.line), [21, 22]);
    assert.equal(svc(b, 'postfix/smtpd').sessions, 9, 'the sessions around the garbage are intact');
  });

  test('--if: who would fail, per service and client, and who would be fine', async () => {
    const r = await report([fx('postfix-3.0-3.3.txt'), '--if', 'protocols=>=TLSv1.2', '--service', 'submission']);
    assert.deepEqual(r.services.map((s) => s.name), ['postfix/submission/smtpd']);
    const imp = r.impact;
    assert.ok(imp);
    const s = imp.services[0];
    assert.equal(s?.name, 'postfix/submission/smtpd');
    assert.deepEqual([s?.sessions, s?.wouldFail, s?.fine, s?.unknown], [4, 2, 2, 0]);
    assert.deepEqual(s?.clients.map((c) => [c.client, c.wouldFail, c.users]), [['webshop.example[203.0.113.7]', 2, ['raitis']]]);
    assert.equal(s?.clientsFine, 2);
    assert.equal(imp.sessions.length, 2);
    assert.deepEqual(imp.sessions.map((x) => x.protocol), ['TLSv1', 'TLSv1']);

    const req = await report([fx('postfix-3.0-3.3.txt'), '--if', 'tls=required', '--if', 'ciphers=high']);
    const sub = req.impact?.services.find((x) => x.name === 'postfix/submission/smtpd');
    assert.deepEqual([sub?.wouldFail, sub?.fine], [1, 3]);
    assert.equal(sub?.clients[0]?.client, 'printer.example[198.51.100.30]');
    const mx = req.impact?.services.find((x) => x.name === 'postfix/smtpd');
    assert.deepEqual([mx?.wouldFail, mx?.alreadyFailing], [1, 1]);
    assert.ok(req.impact?.notes.some((n) => n.includes('RFC 3207')));
    assert.equal(req.impact?.outbound.wouldFail, 1, 'the plaintext delivery');

    const text = await logs([fx('postfix-3.0-3.3.txt'), '--if', 'protocols=>=TLSv1.2']);
    assert.match(text.out, /Impact if: protocols=>=TLSv1\.2/);
    assert.match(text.out, /postfix\/submission\/smtpd: 2 of 4 sessions would fail \(1 client\)/);
    assert.match(text.out, /webshop\.example\[203\.0\.113\.7\]\s+2\s+2\s+TLSv1 not allowed/);
  });

  test('--since/--until select sessions by time', async () => {
    const r = await report([fx('postfix-3.0-3.3.txt'), '--year', '2026', '--since', '2026-09-19T19:12:00', '--until', '2026-09-19T19:14:30']);
    assert.deepEqual(pick(svc(r, 'postfix/submission/smtpd')), { sessions: 3, tls: { TLSv1: 1, 'TLSv1.2': 1 }, plaintext: 1, failures: 0 });
    assert.ok(!r.services.some((s) => s.name === 'postfix/smtpd'));
    assert.equal(r.from, new Date(2026, 8, 19, 19, 12, 10).toISOString());
  });

  test('terminal report: services, legacy clients with last seen, passwords without TLS, outbound', async () => {
    const t = await logs([fx('postfix-3.0-3.3.txt')]);
    assert.equal(t.code, 0);
    assert.match(t.out, /Inbound sessions by service/);
    assert.match(t.out, /Clients still on TLS 1\.0\/1\.1 or weak ciphers \(2\)/);
    // Classic stamps are local time; the report shows UTC.
    const last = new Date(2026, 8, 19, 19, 12, 10).toISOString().slice(0, 19).replace('T', ' ');
    assert.match(t.out, new RegExp(`webshop\\.example\\[203\\.0\\.113\\.7\\]\\s+postfix/submission/smtpd\\s+2\\s+2\\s+TLSv1 ×2\\s+.*${last}`));
    assert.match(t.out, /Clients that logged in without TLS: passwords in clear text \(1\)/);
    assert.match(t.out, /mx\.broken\.example\[192\.0\.2\.62\]:25/);
    assert.ok(!t.out.includes('\u001b['), 'no colour with NO_COLOR');
  });

  test('usage errors are coded and name the flag', async () => {
    const a = await logs([fx('lab-3.7.11.txt'), '--if', 'protocols=>=TLSv9']);
    assert.equal(a.code, 2);
    assert.match(a.err, /EUSAGE.*unknown protocol/);
    const b = await logs([fx('lab-3.7.11.txt'), '--since', 'yesterday']);
    assert.equal(b.code, 2);
    assert.match(b.err, /--since/);
    const c = await logs(['/nonexistent/mail.log']);
    assert.equal(c.code, 1);
    assert.match(c.err, /ELOG_READ \/nonexistent\/mail\.log/);
  });
});
