import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DAEMON_MASTER, DAEMON_OTHER, DAEMON_POSTSCREEN, DAEMON_SMTP, DAEMON_SMTPD, DAEMON_TLSPROXY, Interner, LineClock, LineHeader, ownString, parseHeader } from './line.js';

function parse(line: string): LineHeader | null {
  const h = new LineHeader();
  return parseHeader(line, 0, line.length, h) ? h : null;
}

describe('syslog line headers', () => {
  test('maillog_file / classic syslog (src/util/msg_logger.c: "%b %d %H:%M:%S " host tag[pid]: )', () => {
    const h = parse('Nov 21 18:31:20 mail postfix/submission/smtpd[26752]: connect from localhost[127.0.0.1]');
    assert.ok(h);
    assert.equal(h.host, 'mail');
    assert.equal(h.tag, 'postfix/submission/smtpd[26752]');
    assert.equal(h.service, 'postfix/submission/smtpd');
    assert.equal(h.daemon, 'smtpd');
    assert.equal(h.daemonKind, DAEMON_SMTPD);
    assert.equal(h.postfixLike, true);
    assert.equal(h.message, 'connect from localhost[127.0.0.1]');
  });

  test('a one-digit day after a single space (`Jan 6`, as some syslog daemons write it) is a header too', () => {
    // busybox syslogd and hand-made rsyslog templates write the day unpadded: the session must not be lost
    const h = parse('Jan 6 08:39:06 mail postfix/smtpd[339505]: disconnect from unknown[127.0.0.5] ehlo=1 quit=1 commands=2');
    assert.ok(h);
    assert.equal(h.host, 'mail');
    assert.equal(h.daemonKind, DAEMON_SMTPD);
    assert.equal(h.message, 'disconnect from unknown[127.0.0.5] ehlo=1 quit=1 commands=2');
    const clock = new LineClock(new Date(2026, 0, 7).getTime());
    assert.equal(clock.time(h), new Date(2026, 0, 6, 8, 39, 6).getTime());
    const padded = parse('Jan  6 08:39:07 mail postfix/smtpd[339505]: connect from x[127.0.0.5]');
    assert.ok(padded);
    assert.equal(clock.time(padded), new Date(2026, 0, 6, 8, 39, 7).getTime(), 'the cache keeps the two forms apart');
    assert.equal(clock.time(h), new Date(2026, 0, 6, 8, 39, 6).getTime());
  });

  test('rsyslog RFC 3339 and journalctl short-iso stamps', () => {
    const a = parse('2026-01-15T09:30:00.123456+01:00 mx postfix/smtp[4001]: x');
    assert.equal(a?.daemonKind, DAEMON_SMTP);
    assert.equal(a?.message, 'x');
    const b = parse('2026-01-15T09:30:00+0100 mx postfix-out/lmtp[4001]: y');
    assert.equal(b?.daemonKind, DAEMON_SMTP);
    assert.equal(b?.service, 'postfix-out/lmtp');
  });

  test('daemons that matter are told apart without slicing; others are OTHER', () => {
    const kind = (tag: string) => parse(`Nov 21 18:31:20 mail ${tag}: m`)?.daemonKind;
    assert.equal(kind('postfix/postscreen[1]'), DAEMON_POSTSCREEN);
    assert.equal(kind('postfix/tlsproxy[1]'), DAEMON_TLSPROXY);
    assert.equal(kind('postfix/master[1]'), DAEMON_MASTER);
    assert.equal(kind('postfix/qmgr[1]'), DAEMON_OTHER);
    assert.equal(kind('dovecot[1]'), DAEMON_OTHER);
    assert.equal(parse('Nov 21 18:31:20 mail smtpd[1]: m')?.postfixLike, false, 'no syslog_name: not Postfix');
  });

  test('a line without a host field, and a line inside a larger text', () => {
    const h = parse('Nov 21 18:31:20 postfix/smtpd[7]: connect from a[192.0.2.1]');
    assert.equal(h?.host, '');
    assert.equal(h?.tag, 'postfix/smtpd[7]');
    const text = 'junk\nNov 21 18:31:20 m postfix/smtpd[8]: hello\nmore';
    const g = new LineHeader();
    assert.ok(parseHeader(text, 5, text.indexOf('\nmore'), g));
    assert.equal(g.message, 'hello');
    assert.equal(g.line, 'Nov 21 18:31:20 m postfix/smtpd[8]: hello');
  });

  test('not syslog lines', () => {
    for (const bad of ['', 'hello world this is not syslog', '-- Boot 123 --', 'Nov 21 18:31:20', 'Nov 21 18:31:20 host no-colon-tag message', '2026-01-15 mx postfix/smtpd[1]: x']) {
      assert.equal(parse(bad), null, bad);
    }
  });

  test('LineClock reads both stamp styles from the header', () => {
    const clock = new LineClock(new Date(2026, 10, 30).getTime());
    assert.equal(clock.time(parse('Nov 21 18:31:20 m postfix/smtpd[1]: x')!), new Date(2026, 10, 21, 18, 31, 20).getTime());
    assert.equal(clock.time(parse('2026-01-15T09:30:00Z m postfix/smtpd[1]: x')!), Date.UTC(2026, 0, 15, 9, 30));
  });

  test('ownString and Interner return equal strings (copies, one per value)', () => {
    const big = `${'x'.repeat(100)}postfix/submission/smtpd${'y'.repeat(100)}`;
    const s = big.slice(100, 124);
    assert.equal(ownString(s), 'postfix/submission/smtpd');
    const i = new Interner(2);
    const a = i.get(s);
    assert.equal(i.get(big.slice(100, 124)), a);
    assert.equal(i.get('b'), 'b');
    assert.equal(i.get('c'), 'c', 'past the bound: still the value');
  });
});
