import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { skipKind } from './skipped.js';

// The messages (after `postfix/smtpd[pid]: `) of lines that real servers write at higher
// verbosity or with filters; addresses are loopback ones.
describe('lines read past on purpose, by kind', () => {
  test('smtpd -v (debug_peer_list): the SMTP dialogue and the function traces', () => {
    // smtpd -v in master.cf, or debug_peer_list = 127.0.0.1
    for (const m of [
      '< unknown[127.0.0.8]: EHLO client.example',
      '> unknown[127.0.0.8]: 250-mail.example.org',
      'watchdog_pat: 0x55d0c8a3e2a0',
      'match_hostname: unknown ~? 127.0.0.0/8',
      'connection established',
      'send attr request = connect',
      'auto_clnt_open: connected to private/anvil',
    ]) assert.equal(skipKind(m), 'verbose', m);
  });

  test('smtpd_tls_loglevel = 2: the OpenSSL state machine and the session cache', () => {
    for (const m of [
      'SSL_accept:SSLv3/TLS write server hello',
      'SSL_accept:before SSL initialization',
      'SSL3 alert write:fatal:handshake failure',
      'unknown[127.0.0.8]: TLS cipher list "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH"',
      'unknown[127.0.0.8]: Issuing session ticket, key expiration: 1765190000',
      'mx.example[127.0.0.25]:25: depth=0 verify=1 subject=/CN=mx.example',
    ]) assert.equal(skipKind(m), 'tls-trace', m);
  });

  test('before-queue filter and milter results, RBL lookup errors', () => {
    // smtpd_proxy_filter = 127.0.0.1:10024 (SMTPD_PROXY_README) and reject_rbl_client with a failing resolver
    assert.equal(skipKind('4F2B81A0C4: proxy-accept: END-OF-MESSAGE: 250 2.0.0 Ok: queued as 7C1D21A0C7; from=<a@example.org> to=<b@example.org> proto=ESMTP helo=<client.example>'), 'filter');
    assert.equal(skipKind('NOQUEUE: milter-reject: CONNECT from unknown[127.0.0.8]: 451 4.7.1 Service unavailable - try again later; proto=SMTP'), 'filter');
    assert.equal(skipKind('warning: timeout talking to proxy 127.0.0.1:10024'), 'filter');
    assert.equal(skipKind('warning: 8.0.0.127.zen.spamhaus.org: RBL lookup error: Host or domain name not found. Name service error for name=8.0.0.127.zen.spamhaus.org type=A: Host not found, try again'), 'rbl-error');
  });

  test('lines that matter or are not understood are not skipped', () => {
    for (const m of [
      'connect from unknown[127.0.0.8]',
      'warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:',
      'NOQUEUE: reject: RCPT from unknown[127.0.0.8]: 554 5.7.1 Relay access denied',
      'something else entirely',
    ]) assert.equal(skipKind(m), null, m);
  });
});
