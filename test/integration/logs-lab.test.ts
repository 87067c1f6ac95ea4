/**
 * Genuine logs: a lab Postfix (smtpd_tls_loglevel = 1, smtp_tls_loglevel = 1) is driven with
 * real clients (openssl s_client forced to each TLS version, one offering only a suite the
 * server lacks, plaintext SMTP over node:net, the submission service with its own
 * syslog_name, the wrapper-mode submissions service), and relays one message over TLS to a
 * second instance; then `mailtls logs` reads the instance's maillog_file and must count
 * exactly what was done. The lab's own start-up probes are measured first and added.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { labDown, labUp, type LabInstance } from '../../src/lab/index.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { LogReport, ServiceSummary } from '../../src/logs/report.js';
import { sClient } from '../helpers/openssl.js';
import { plainEhlo } from '../helpers/smtp-plain.js';

const SENDER = 'logs-lab-a';
const RECEIVER = 'logs-lab-b';

/** One SMTP dialog over plaintext: waits for each reply, then sends the next command. */
function dialog(port: number, commands: readonly string[], timeoutMs = 15_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const replies: string[] = [];
    let buf = '';
    let next = 0;
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`SMTP dialog timed out after ${JSON.stringify(replies)}`)); }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.on('data', (d: string) => {
      buf += d;
      if (!/(?:^|\n)\d{3} [^\n]*\n$/.test(buf)) return;
      replies.push(buf.trim());
      buf = '';
      if (next < commands.length) sock.write(`${commands[next++]}\r\n`);
      else sock.end();
    });
    sock.on('close', () => { clearTimeout(timer); resolve(replies); });
  });
}

async function report(file: string, ...args: string[]): Promise<LogReport> {
  // No probe ledger: the machine-wide one (/var/lib/mailtls/probes.jsonl) holds the windows of
  // every lab started on this machine, by other tests and other users, and their 127.0.0.1
  // windows would hide this test's own sessions. The counts below are differences anyway.
  const io = memoryIo({ NO_COLOR: '1', MAILTLS_STATE_DIR: '' });
  const code = await main(['logs', '--json', ...args, file], io);
  assert.equal(code, 0, io.err());
  return JSON.parse(io.out()) as LogReport;
}

const none: ServiceSummary = {
  name: '', direction: 'inbound', sessions: 0, tls: {}, ciphers: {}, plaintext: 0, failures: 0, failureReasons: {},
  tlsUnlogged: 0, unknown: 0, authenticated: 0, authWithoutTls: 0, authOkWithoutTls: 0, authRefusedWithoutTls: 0, incomplete: 0, peers: 0,
};
const svc = (r: LogReport, name: string): ServiceSummary => r.services.find((s) => s.name === name) ?? none;

/** Waits until the log holds `n` lines matching `re` (Postfix logs after the client has gone). */
async function waitForLines(file: string, re: RegExp, n: number, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let count = 0;
  while (Date.now() < end) {
    const text = await readFile(file, 'utf8');
    count = text.split('\n').filter((l) => re.test(l)).length;
    if (count >= n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`${file}: ${count} lines match ${String(re)}, expected ${n}`);
}

describe('mailtls logs on a genuine lab Postfix log', { timeout: 120_000 }, () => {
  let a: LabInstance;
  let b: LabInstance;
  let baseline: LogReport;
  let final: LogReport;
  let receiverPort = 0;
  const results: Record<string, { ok: boolean; protocol: string | undefined }> = {};

  before(async () => {
    await Promise.all([labDown(SENDER).catch(() => undefined), labDown(RECEIVER).catch(() => undefined)]);
    b = await labUp({ name: RECEIVER, settings: { mydestination: '$myhostname, localhost, example.test' } });
    receiverPort = b.services.find((s) => s.service === 'smtp')?.port ?? 0;
    a = await labUp({
      name: SENDER,
      settings: { smtp_tls_loglevel: '1', smtp_tls_security_level: 'may', relayhost: `[127.0.0.1]:${receiverPort}` },
    });
    const port = (service: string): number => {
      const s = a.services.find((x) => x.service === service);
      assert.ok(s, `no ${service} service`);
      return s.port;
    };
    // The lab's probes connect to each service once: wait for their disconnects, then measure them.
    await waitForLines(a.logFile, /: disconnect from /, a.services.length);
    baseline = await report(a.logFile);

    const smtp = port('smtp');
    const submission = port('submission');
    const submissions = port('submissions');
    const [t10, t11, t12, t13, noShared, sub12, sub13, wrap13, wrap12] = await Promise.all([
      sClient({ port: smtp, version: 'TLSv1' }),
      sClient({ port: smtp, version: 'TLSv1.1' }),
      sClient({ port: smtp, version: 'TLSv1.2' }),
      sClient({ port: smtp, version: 'TLSv1.3' }),
      // A client offering only a suite the server lacks (eNULL is in no Postfix grade but "null").
      sClient({ port: smtp, version: 'TLSv1.2', cipher: 'NULL-SHA256' }),
      sClient({ port: submission, version: 'TLSv1.2' }),
      sClient({ port: submission, version: 'TLSv1.3' }),
      sClient({ port: submissions, version: 'TLSv1.3', starttls: false }),
      sClient({ port: submissions, version: 'TLSv1.2', starttls: false }),
    ]);
    Object.assign(results, { t10, t11, t12, t13, noShared, sub12, sub13, wrap13, wrap12 });
    await plainEhlo(smtp);
    // The submission service requires TLS (smtpd_tls_security_level = encrypt in the lab's master.cf).
    const refused = await dialog(submission, ['EHLO client.test', 'MAIL FROM:<alice@client.test>', 'QUIT']);
    assert.match(refused[2] ?? '', /^530 5\.7\.0 Must issue a STARTTLS command first/);
    // A message relayed to the receiver: the smtp client's TLS line and delivery line.
    const sent = await dialog(smtp, ['EHLO client.test', 'MAIL FROM:<alice@client.test>', 'RCPT TO:<root@example.test>', 'DATA', 'Subject: mailtls logs test\r\n\r\nhello\r\n.', 'QUIT']);
    assert.match(sent[5] ?? '', /^250 /, sent.join(' | '));

    const sessions = 9 + 3; // s_client runs, plaintext EHLO, refused MAIL, relayed message
    await waitForLines(a.logFile, /: disconnect from /, a.services.length + sessions);
    await waitForLines(a.logFile, /postfix\/smtp\[\d+\]: \w+: to=<root@example\.test>.*status=/, 1);
    final = await report(a.logFile);
  });

  after(async () => {
    await Promise.all([labDown(SENDER).catch(() => undefined), labDown(RECEIVER).catch(() => undefined)]);
  });

  test('the clients got what they asked for (ground truth from openssl)', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.ok ? v.protocol : 'failed'])), {
      t10: 'TLSv1', t11: 'TLSv1.1', t12: 'TLSv1.2', t13: 'TLSv1.3', noShared: 'failed',
      sub12: 'TLSv1.2', sub13: 'TLSv1.3', wrap13: 'TLSv1.3', wrap12: 'TLSv1.2',
    });
  });

  test('postfix/smtpd: one session per connection, TLS by version, plaintext, the failed handshake and its reason', () => {
    const before = svc(baseline, 'postfix/smtpd');
    const s = svc(final, 'postfix/smtpd');
    assert.equal(s.sessions - before.sessions, 7);
    const delta = (p: string) => (s.tls[p] ?? 0) - (before.tls[p] ?? 0);
    assert.deepEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].map(delta), [1, 1, 1, 1]);
    assert.equal(s.plaintext - before.plaintext, 2);
    assert.equal(s.failures - before.failures, 1);
    assert.equal(s.failureReasons['no shared cipher'], 1);
    assert.equal(s.unknown, 0);
    assert.equal(s.incomplete, 0);
  });

  test('the submission service, by its own syslog_name, and the wrapper-mode submissions service', () => {
    const sub = svc(final, 'postfix/submission/smtpd');
    const sub0 = svc(baseline, 'postfix/submission/smtpd');
    assert.equal(sub.sessions - sub0.sessions, 3);
    assert.equal((sub.tls['TLSv1.2'] ?? 0) - (sub0.tls['TLSv1.2'] ?? 0), 1);
    assert.equal((sub.tls['TLSv1.3'] ?? 0) - (sub0.tls['TLSv1.3'] ?? 0), 1);
    assert.equal(sub.plaintext - sub0.plaintext, 1, 'the refused MAIL without STARTTLS');
    const wrap = svc(final, 'postfix/submissions/smtpd');
    const wrap0 = svc(baseline, 'postfix/submissions/smtpd');
    assert.equal(wrap.sessions - wrap0.sessions, 2);
    assert.equal((wrap.tls['TLSv1.3'] ?? 0) - (wrap0.tls['TLSv1.3'] ?? 0), 1);
    assert.equal((wrap.tls['TLSv1.2'] ?? 0) - (wrap0.tls['TLSv1.2'] ?? 0), 1);
    assert.equal(wrap.plaintext + wrap.failures + wrap.unknown, 0);
  });

  test('every line is counted, the TLS 1.0/1.1 client is listed with its last time, and only lines it does not know are unparsed', async () => {
    const text = await readFile(a.logFile, 'utf8');
    const lines = text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    assert.equal(final.lines, lines.length);
    // Debian's smtpd warns about NIS once per process: smtpd lines the analyser has no use for.
    const unknown = lines.filter((l) => /\/smtpd\[\d+\]: warning: dict_nis_init:/.test(l)).length;
    assert.equal(final.unparsed, unknown);
    assert.equal(final.postfixVersion, a.postfixVersion);
    const legacy = final.clients.find((c) => c.service === 'postfix/smtpd' && c.legacy);
    assert.ok(legacy);
    assert.equal(legacy.protocols['TLSv1'], 1);
    assert.ok(legacy.lastSeen !== null && Date.parse(legacy.lastSeen) <= Date.now() + 1000);
  });

  test('outbound: the relayed message went over TLS to the receiver', () => {
    const relay = final.outbound.find((o) => o.relay === `127.0.0.1[127.0.0.1]:${receiverPort}`);
    assert.ok(relay, JSON.stringify(final.outbound));
    assert.equal(relay.deliveries, 1);
    assert.equal(relay.statuses['sent'], 1);
    assert.equal((relay.protocols['TLSv1.3'] ?? 0) + (relay.protocols['TLSv1.2'] ?? 0), 1);
    assert.equal(final.tlsLogging.outbound, true);
  });

  test('impact of >=TLSv1.2 on postfix/smtpd: exactly the TLS 1.0 and 1.1 sessions would fail', async () => {
    const r = await report(a.logFile, '--if', 'protocols=>=TLSv1.2', '--service', 'postfix/smtpd');
    const s = r.impact?.services.find((x) => x.name === 'postfix/smtpd');
    assert.ok(s);
    assert.equal(s.wouldFail, 2);
    assert.deepEqual(s.reasons, { 'TLSv1 not allowed': 1, 'TLSv1.1 not allowed': 1 });
    assert.equal(s.alreadyFailing, 1);
    assert.equal(s.fine, s.sessions - 3);
    assert.deepEqual(r.impact?.sessions.map((x) => x.protocol).sort(), ['TLSv1', 'TLSv1.1']);
  });

  test('the receiver logged the relay as an inbound STARTTLS session', async () => {
    await waitForLines(b.logFile, /: disconnect from .* starttls=1 .*data=1/, 1);
    const r = await report(b.logFile);
    const s = svc(r, 'postfix/smtpd');
    assert.ok(Object.values(s.tls).reduce((n, v) => n + v, 0) >= 1);
    assert.equal(s.failures, 0);
  });
});
