import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSmtpdMessage, parseSmtpMessage, parseTlsproxyMessage } from './postfix-events.js';
import { outcomeFromFeature, SessionTracker, UNKNOWN_CLIENT, type DeliveryRecord, type HandshakeFailureRecord, type SessionRecord } from './sessions.js';

class Sink {
  sessions: SessionRecord[] = [];
  deliveries: DeliveryRecord[] = [];
  failures: HandshakeFailureRecord[] = [];
  session(r: SessionRecord) { this.sessions.push(r); }
  delivery(r: DeliveryRecord) { this.deliveries.push(r); }
  outboundFailure(r: HandshakeFailureRecord) { this.failures.push(r); }
}

/** Feeds `service[pid]: message` lines (the header is tested in line.test.ts). */
function run(lines: string[], opts: { maxOpen?: number } = {}) {
  const sink = new Sink();
  const t = new SessionTracker(sink, opts);
  let time = 1_000_000;
  for (const l of lines) {
    const m = /^(\S+)\[(\d+)\]: (.*)$/.exec(l);
    if (!m) throw new Error(l);
    const [, service = '', pid = '', msg = ''] = m;
    const key = `${service}[${pid}]`;
    time += 1000;
    if (service.endsWith('/smtp')) {
      const ev = parseSmtpMessage(msg);
      if (ev) t.client(service, key, time, ev);
    } else if (service.endsWith('/tlsproxy')) {
      const ev = parseTlsproxyMessage(msg);
      if (ev) t.proxy(service, key, Number(pid), time, ev);
    } else {
      const ev = parseSmtpdMessage(msg);
      if (ev) t.server(service, key, Number(pid), time, ev);
    }
  }
  t.flush();
  return { sink, tracker: t };
}

describe('smtpd sessions', () => {
  test('connect .. TLS .. client= .. disconnect is one TLS session with its SASL user (seed 002 lines)', () => {
    const { sink } = run([
      'postfix/submission/smtpd[7126]: connect from domainname.com[192.0.2.9]',
      'postfix/submission/smtpd[7126]: Anonymous TLS connection established from domainname.com[192.0.2.9]: TLSv1 with cipher ECDHE-RSA-AES256-SHA (256/256 bits)',
      'postfix/submission/smtpd[7126]: 803AB41C0A: client=domainname.com[192.0.2.9], sasl_method=LOGIN, sasl_username=raitis',
      'postfix/submission/smtpd[7126]: disconnect from domainname.com[192.0.2.9] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8',
    ]);
    assert.equal(sink.sessions.length, 1);
    const s = sink.sessions[0]!;
    assert.deepEqual(s.outcome, { kind: 'tls', protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES256-SHA', bits: 256, trust: 'Anonymous' });
    assert.equal(s.service, 'postfix/submission/smtpd');
    assert.equal(s.client, 'domainname.com[192.0.2.9]');
    assert.equal(s.saslUsername, 'raitis');
    assert.equal(s.authenticated, true);
    assert.equal(s.complete, true);
  });

  test('interleaved processes are kept apart by pid; the same pid serves sessions one after another', () => {
    const { sink } = run([
      'postfix/smtpd[1]: connect from a[192.0.2.1]',
      'postfix/smtpd[2]: connect from b[192.0.2.2]',
      'postfix/smtpd[2]: Anonymous TLS connection established from b[192.0.2.2]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      'postfix/smtpd[1]: disconnect from a[192.0.2.1] ehlo=1 quit=1 commands=2',
      'postfix/smtpd[2]: disconnect from b[192.0.2.2] ehlo=2 starttls=1 quit=1 commands=4',
      'postfix/smtpd[1]: connect from c[192.0.2.3]',
      'postfix/smtpd[1]: disconnect from c[192.0.2.3] ehlo=1 quit=1 commands=2',
    ]);
    assert.deepEqual(sink.sessions.map((s) => [s.client, s.outcome.kind]), [['a[192.0.2.1]', 'plaintext'], ['b[192.0.2.2]', 'tls'], ['c[192.0.2.3]', 'plaintext']]);
  });

  test('failed handshakes: reason from the library line, lost connection, or starttls=0/1 alone', () => {
    const { sink } = run([
      'postfix/smtpd[8861]: connect from localhost[127.0.0.1]',
      'postfix/smtpd[8861]: SSL_accept error from localhost[127.0.0.1]: -1',
      'postfix/smtpd[8861]: warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2226:',
      'postfix/smtpd[8861]: lost connection after STARTTLS from localhost[127.0.0.1]',
      'postfix/smtpd[8861]: disconnect from localhost[127.0.0.1] ehlo=1 starttls=0/1 commands=1/2',
      'postfix/smtpd[9]: connect from b[192.0.2.2]',
      'postfix/smtpd[9]: SSL_accept error from b[192.0.2.2]: lost connection',
      'postfix/smtpd[9]: disconnect from b[192.0.2.2] ehlo=1 starttls=0/1 commands=1/2',
      'postfix/smtpd[10]: connect from c[192.0.2.3]',
      'postfix/smtpd[10]: disconnect from c[192.0.2.3] ehlo=1 starttls=0/1 commands=1/2',
    ]);
    assert.deepEqual(sink.sessions.map((s) => s.outcome), [
      { kind: 'failed', reason: 'no shared cipher' },
      { kind: 'failed', reason: 'lost connection' },
      { kind: 'failed', reason: 'STARTTLS failed' },
    ]);
  });

  test('"lost connection after STARTTLS" after a completed handshake is still a TLS session (genuine s_client lines)', () => {
    const { sink } = run([
      'postfix/smtpd[8728]: connect from localhost[127.0.0.1]',
      'postfix/smtpd[8728]: Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.1 with cipher ECDHE-ECDSA-AES256-SHA (256/256 bits)',
      'postfix/smtpd[8728]: lost connection after STARTTLS from localhost[127.0.0.1]',
      'postfix/smtpd[8728]: disconnect from localhost[127.0.0.1] ehlo=1 starttls=1 commands=2',
    ]);
    assert.equal(sink.sessions[0]?.outcome.kind, 'tls');
  });

  test('wrapper mode: by name, and learned from a TLS session without a starttls counter', () => {
    const { sink } = run([
      'postfix/smtps/smtpd[1]: connect from a[192.0.2.1]',
      'postfix/smtps/smtpd[1]: lost connection after CONNECT from a[192.0.2.1]',
      'postfix/smtps/smtpd[1]: disconnect from a[192.0.2.1] commands=0/0',
      'postfix/custom/smtpd[2]: connect from b[192.0.2.2]',
      'postfix/custom/smtpd[2]: Anonymous TLS connection established from b[192.0.2.2]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      'postfix/custom/smtpd[2]: disconnect from b[192.0.2.2] quit=1 commands=1',
      'postfix/custom/smtpd[2]: connect from c[192.0.2.3]',
      'postfix/custom/smtpd[2]: disconnect from c[192.0.2.3] commands=0/0',
    ]);
    assert.deepEqual(sink.sessions.map((s) => s.outcome), [
      { kind: 'failed', reason: 'no TLS handshake (lost connection after CONNECT)' },
      { kind: 'tls', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256, trust: 'Anonymous' },
      { kind: 'failed', reason: 'no TLS handshake' },
    ]);
  });

  test('smtpd_tls_loglevel = 0: counters tell TLS (version unknown), failure and plaintext; auth without TLS', () => {
    const { sink, tracker } = run([
      'postfix/smtpd[1]: connect from a[192.0.2.1]',
      'postfix/smtpd[1]: disconnect from a[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4',
      'postfix/submission/smtpd[2]: connect from b[192.0.2.2]',
      'postfix/submission/smtpd[2]: 1A2B3C4D5E: client=b[192.0.2.2], sasl_method=PLAIN, sasl_username=printer',
      'postfix/submission/smtpd[2]: disconnect from b[192.0.2.2] ehlo=1 auth=1 mail=1 quit=1 commands=4',
      'postfix/submissions/smtpd[3]: connect from c[192.0.2.3]',
      'postfix/submissions/smtpd[3]: disconnect from c[192.0.2.3] ehlo=1 quit=1 commands=2',
    ]);
    assert.equal(tracker.inboundTlsLogged, false);
    assert.deepEqual(sink.sessions.map((s) => s.outcome.kind), ['tls-unlogged', 'plaintext', 'tls-unlogged']);
    assert.equal(sink.sessions[1]?.authAttempted, true);
    assert.equal(sink.sessions[1]?.saslUsername, 'printer');
  });

  test('bounded state: pid reuse closes the old session, missing disconnects are flushed, the cap evicts the oldest', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50; i++) lines.push(`postfix/smtpd[${i}]: connect from c${i}[192.0.2.${i}]`);
    lines.push('postfix/smtpd[49]: connect from again[192.0.2.99]');
    const { sink, tracker } = run(lines, { maxOpen: 16 });
    assert.equal(sink.sessions.length, 51);
    assert.ok(tracker.evicted > 0);
    assert.ok(sink.sessions.every((s) => !s.complete && s.outcome.kind === 'unknown'));
  });

  test('a TLS line without its connect line (log starts mid-session) still makes a session', () => {
    const { sink } = run([
      'postfix/smtpd[5]: Anonymous TLS connection established from a[192.0.2.1]: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
      'postfix/smtpd[5]: disconnect from a[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4',
    ]);
    assert.equal(sink.sessions.length, 1);
    assert.equal(sink.sessions[0]?.outcome.kind, 'tls');
  });

  test('tlsproxy: one session per TLS line or handshake error', () => {
    const { sink } = run([
      'postfix/tlsproxy[70]: CONNECT from [192.0.2.1]:41311',
      'postfix/tlsproxy[70]: Anonymous TLS connection established from [192.0.2.1]:41311: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
      'postfix/tlsproxy[70]: SSL_accept error from [192.0.2.2]:5000: -1',
      'postfix/tlsproxy[70]: warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1664:',
    ]);
    assert.deepEqual(sink.sessions.map((s) => [s.client, s.outcome.kind === 'failed' ? s.outcome.reason : s.outcome.kind]), [
      ['[192.0.2.1]', 'tls'], ['[192.0.2.2]', 'unsupported protocol'],
    ]);
  });
});

describe('smtp client deliveries', () => {
  test('deliveries inherit the TLS of their process\'s last TLS line to the same peer (conn_use too)', () => {
    const { sink } = run([
      'postfix/smtp[7190]: Verified TLS connection established to mx.example.org[192.0.2.60]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
      'postfix/smtp[7190]: 3C4D5E6F7A: to=<x@example.org>, relay=mx.example.org[192.0.2.60]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 Ok)',
      'postfix/smtp[7190]: 4D5E6F7A8B: to=<y@example.org>, relay=mx.example.org[192.0.2.60]:25, conn_use=2, delay=0.3, delays=0.1/0/0/0.2, dsn=2.0.0, status=sent (250 Ok)',
      'postfix/smtp[7190]: 5E6F7A8B9C: to=<z@example.com>, relay=mx.example.com[192.0.2.61]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 Ok)',
      'postfix/smtp[7191]: 6F7A8B9C0D: to=<w@example.net>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.63]:25: Connection refused)',
      'postfix/lmtp[7192]: 7A8B9C0D1E: to=<e@mail.example>, relay=mail.example[private/dovecot-lmtp], delay=0.1, delays=0.05/0/0/0.05, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
    ]);
    assert.deepEqual(sink.deliveries.map((d) => [d.relay, d.outcome.kind]), [
      ['mx.example.org[192.0.2.60]:25', 'tls'], ['mx.example.org[192.0.2.60]:25', 'tls'], ['mx.example.com[192.0.2.61]:25', 'unknown'],
    ]);
  });

  test('a failed handshake and the delivery it deferred count once', () => {
    const { sink } = run([
      'postfix/smtp[7192]: SSL_connect error to mx.broken.example[192.0.2.62]:25: -1',
      'postfix/smtp[7192]: warning: TLS library problem: error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1543:SSL alert number 40:',
      'postfix/smtp[7192]: 6F7A8B9C0D: to=<w@broken.example>, relay=mx.broken.example[192.0.2.62]:25, delay=1.1, delays=0.1/0/1/0, dsn=4.7.5, status=deferred (Cannot start TLS: handshake failure)',
      'postfix/smtp[7193]: SSL_connect error to mx.other.example[192.0.2.64]:25: lost connection',
    ]);
    assert.deepEqual(sink.deliveries.map((d) => d.outcome), [{ kind: 'failed', reason: 'sslv3 alert handshake failure' }]);
    assert.deepEqual(sink.failures.map((f) => [f.peer, f.reason]), [['mx.other.example[192.0.2.64]:25', 'lost connection']]);
  });

  test('3.11 tls= (src/global/pol_stats.c pol_stats_format())', () => {
    assert.deepEqual(outcomeFromFeature('may'), { kind: 'tls-unlogged' });
    assert.deepEqual(outcomeFromFeature('may:none'), { kind: 'plaintext' });
    assert.deepEqual(outcomeFromFeature('dane:may/requiretls'), { kind: 'tls-unlogged' });
    assert.deepEqual(outcomeFromFeature('!encrypt:nostarttls'), { kind: 'failed', reason: 'TLS policy encrypt not met (nostarttls)' });
    assert.deepEqual(outcomeFromFeature('verify?'), { kind: 'unknown' });
    assert.deepEqual(outcomeFromFeature(null), { kind: 'unknown' });
  });
});

// Issue 16.5: lines of kinds real servers write that were lost. Addresses are loopback ones;
// the rest of each line is as Postfix writes it.
describe('tlsproxy (postscreen STARTTLS) handshakes', () => {
  test('a failed handshake is a failed session, with the reason of the TLS library problem before it', () => {
    // postscreen with STARTTLS on port 25: tlsproxy logs CONNECT, the TLS line or the failure, DISCONNECT (tlsproxy.c, tlsproxy_state.c)
    const { sink } = run([
      'postfix/tlsproxy[312898]: CONNECT from [127.0.0.21]:59869',
      'postfix/tlsproxy[312898]: Anonymous TLS connection established from [127.0.0.21]:59869: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
      'postfix/tlsproxy[312898]: DISCONNECT [127.0.0.21]:59869',
      'postfix/tlsproxy[312898]: CONNECT from [127.0.0.22]:41002',
      'postfix/tlsproxy[312898]: warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1716:',
      'postfix/tlsproxy[312898]: TLS handshake failed for service=smtpd peer=[127.0.0.22]:41002',
      'postfix/tlsproxy[312898]: DISCONNECT [127.0.0.22]:41002',
      'postfix/tlsproxy[312898]: CONNECT from [127.0.0.23]:50110',
      'postfix/tlsproxy[312898]: TLS handshake failed for service=smtpd peer=[127.0.0.23]:50110',
      'postfix/tlsproxy[312898]: DISCONNECT [127.0.0.23]:50110',
    ]);
    assert.deepEqual(sink.sessions.map((s) => [s.service, s.client, s.outcome.kind]), [
      ['postfix/tlsproxy', '[127.0.0.21]', 'tls'],
      ['postfix/tlsproxy', '[127.0.0.22]', 'failed'],
      ['postfix/tlsproxy', '[127.0.0.23]', 'failed'],
    ]);
    assert.deepEqual(sink.sessions.slice(1).map((s) => (s.outcome.kind === 'failed' ? s.outcome.reason : '')), ['unsupported protocol', 'TLS handshake failed']);
  });

  test('a failed handshake of a connection the proxy made (CONNECT to) is an outbound failure', () => {
    // smtp_tls_connection_reuse = yes: the smtp client's TLS goes through tlsproxy (3.4+)
    const { sink } = run([
      'postfix/tlsproxy[4410]: CONNECT to [127.0.0.25]:25',
      'postfix/tlsproxy[4410]: TLS handshake failed for service=smtp peer=[127.0.0.25]:25',
      'postfix/tlsproxy[4410]: DISCONNECT [127.0.0.25]:25',
    ]);
    assert.equal(sink.sessions.length, 0);
    assert.deepEqual(sink.failures.map((f) => [f.service, f.peer, f.reason]), [['postfix/tlsproxy', '[127.0.0.25]:25', 'TLS handshake failed']]);
  });
});

describe('TLS errors with no connect line (mail.warn, mail.err)', () => {
  test('each warning is a failed handshake of its service, its client unknown', () => {
    // /var/log/mail.warn of a Debian rsyslog setup: only warnings, so no connect/disconnect lines
    const { sink } = run([
      'postfix/submission/smtpd[8298]: warning: TLS library problem: error:1420918C:SSL routines:tls_early_post_process_client_hello:version too low:../ssl/statem/statem_srvr.c:1685:',
      'postfix/submission/smtpd[8298]: warning: TLS library problem: error:1420918C:SSL routines:tls_early_post_process_client_hello:version too low:../ssl/statem/statem_srvr.c:1685:',
      'postfix/smtpd[8301]: warning: TLS library problem: error:1408F10B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:331:',
    ]);
    assert.deepEqual(sink.sessions.map((s) => [s.service, s.client, s.outcome.kind === 'failed' ? s.outcome.reason : s.outcome.kind]), [
      ['postfix/submission/smtpd', UNKNOWN_CLIENT, 'version too low'],
      ['postfix/submission/smtpd', UNKNOWN_CLIENT, 'version too low'],
      ['postfix/smtpd', UNKNOWN_CLIENT, 'wrong version number'],
    ]);
  });

  test('TLS warnings of a process start-up (before its first connect) are no handshake', () => {
    // smtpd with an unreadable key logs this as it starts, then serves its sessions (without TLS)
    const { sink } = run([
      'postfix/smtpd[9100]: warning: TLS library problem: error:8000000D:system library::Permission denied:../providers/implementations/storemgmt/file_store.c:267:calling stat(/etc/ssl/private/mail.key):',
      'postfix/smtpd[9100]: connect from unknown[127.0.0.9]',
      'postfix/smtpd[9100]: disconnect from unknown[127.0.0.9] ehlo=1 quit=1 commands=2',
    ]);
    assert.deepEqual(sink.sessions.map((s) => [s.client, s.outcome.kind]), [['unknown[127.0.0.9]', 'plaintext']]);
  });

  test('the lines of one error queue (one stamp) are one handshake', () => {
    // tls_print_errors() prints the whole OpenSSL error queue at once, so its lines share a stamp
    const sink = new Sink();
    const t = new SessionTracker(sink);
    for (const msg of [
      'warning: TLS library problem: error:0A000412:SSL routines::sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1584:SSL alert number 42:',
      'warning: TLS library problem: error:0A000197:SSL routines::shutdown while in init:../ssl/ssl_lib.c:2244:',
    ]) {
      const ev = parseSmtpdMessage(msg);
      if (ev) t.server('postfix/smtpd', 'postfix/smtpd[9200]', 9200, 5_000_000, ev);
    }
    t.flush();
    assert.deepEqual(sink.sessions.map((s) => s.outcome), [{ kind: 'failed', reason: 'sslv3 alert bad certificate' }]);
  });

  test('a warning without a connect line before it takes the client of the lines after it', () => {
    // a log that starts in the middle of a session (logrotate cut it there)
    const { sink } = run([
      'postfix/smtpd[8298]: warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:',
      'postfix/smtpd[8298]: lost connection after STARTTLS from unknown[127.0.0.9]',
      'postfix/smtpd[8298]: disconnect from unknown[127.0.0.9] ehlo=1 starttls=0/1 commands=1/2',
    ]);
    assert.equal(sink.sessions.length, 1);
    assert.equal(sink.sessions[0]?.client, 'unknown[127.0.0.9]');
    assert.deepEqual(sink.sessions[0]?.outcome, { kind: 'failed', reason: 'no shared cipher' });
  });
});

describe('Postfix before 3.0 (no disconnect counters): the class does not depend on line order', () => {
  // Postfix 2.x at smtpd_tls_loglevel = 1: sessions without a TLS line are plaintext only because the log has TLS lines
  const plain = (pid: number) => [
    `postfix/smtpd[${pid}]: connect from unknown[127.0.0.${pid % 200}]`,
    `postfix/smtpd[${pid}]: disconnect from unknown[127.0.0.${pid % 200}]`,
  ];
  const tls = [
    'postfix/smtpd[900]: connect from mail.example[127.0.0.90]',
    'postfix/smtpd[900]: Anonymous TLS connection established from mail.example[127.0.0.90]: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
    'postfix/smtpd[900]: disconnect from mail.example[127.0.0.90]',
  ];
  const kinds = (lines: string[]) => run(lines).sink.sessions.map((s) => `${s.client} ${s.outcome.kind}`).sort();

  test('a plaintext session before the first TLS line is plaintext, as after it', () => {
    const before = kinds([...plain(101), ...tls, ...plain(102)]);
    const after = kinds([...tls, ...plain(101), ...plain(102)]);
    assert.deepEqual(before, after);
    assert.deepEqual(before.filter((k) => k.endsWith('plaintext')).length, 2);
  });

  test('without any TLS line in the log they stay unknown', () => {
    assert.deepEqual(kinds([...plain(101), ...plain(102)]), ['unknown[127.0.0.101] unknown', 'unknown[127.0.0.102] unknown']);
  });
});
