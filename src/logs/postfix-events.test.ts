/**
 * Each message is the text after `tag[pid]: `, written from the Postfix format string cited
 * (paths relative to postfix/ in the Postfix source; vdukhovni/postfix tags).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clientKey, libraryReason, parseCounters, parseMasterMessage, parsePostscreenMessage, parseSmtpdMessage, parseSmtpMessage,
  parseTlsEstablished, parseTlsproxyMessage,
} from './postfix-events.js';

describe('TLS summary lines', () => {
  test('3.4+ tls_log_summary() with TLS 1.3 suffixes (src/tls/tls_misc.c), genuine 3.7.11 line', () => {
    const e = parseTlsEstablished('Untrusted TLS connection established from localhost[127.0.0.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256 client-signature ECDSA (prime256v1) client-digest SHA256');
    assert.deepEqual(e, {
      type: 'tls', direction: 'from', trust: 'Untrusted', reused: false, peer: 'localhost[127.0.0.1]', sni: null,
      protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256, keyExchange: 'X25519',
      serverSignature: 'RSA-PSS (2048 bits)', clientSignature: 'ECDSA (prime256v1)',
    });
  });

  test('SNI " to NAME" on the server side, 3.10 lowercase group, no curve suffix', () => {
    const e = parseTlsEstablished('Anonymous TLS connection established from client.example[192.0.2.70] to mail.example.org: TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange x25519 server-signature RSA-PSS (2048 bits) server-digest SHA256');
    assert.equal(e?.peer, 'client.example[192.0.2.70]');
    assert.equal(e?.sni, 'mail.example.org');
    assert.equal(e?.keyExchange, 'x25519');
    assert.equal(e?.bits, 128);
  });

  test('client side "to host[addr]:port", Verified/Trusted/Anonymous, and "reused" (3.4+)', () => {
    const e = parseTlsEstablished('Verified TLS connection reused to mx.example.net[192.0.2.80]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)');
    assert.equal(e?.direction, 'to');
    assert.equal(e?.reused, true);
    assert.equal(e?.peer, 'mx.example.net[192.0.2.80]:25');
    assert.equal(e?.trust, 'Verified');
    assert.equal(e?.keyExchange, null);
  });

  test('2.2-2.4 without a trust word (src/tls/tls_server.c v2.2.0) and IPv6 peers', () => {
    const e = parseTlsEstablished('TLS connection established from old.example[2001:db8::1]: TLSv1 with cipher DHE-RSA-AES256-SHA (256/256 bits)');
    assert.equal(e?.trust, '');
    assert.equal(e?.peer, 'old.example[2001:db8::1]');
    assert.equal(e?.protocol, 'TLSv1');
  });

  test('not summary lines', () => {
    assert.equal(parseTlsEstablished('TLS connection established from x'), null);
    assert.equal(parseTlsEstablished('Anonymous TLS connection somehow from x[1]: TLSv1 with cipher A (1/1 bits)'), null);
  });
});

describe('smtpd messages', () => {
  test('connect, and disconnect with smtpd_format_cmd_stats() counters (3.0+)', () => {
    assert.deepEqual(parseSmtpdMessage('connect from unknown[192.0.2.1]'), { type: 'connect', client: 'unknown[192.0.2.1]' });
    const d = parseSmtpdMessage('disconnect from unknown[127.0.0.1] ehlo=1 starttls=0/1 commands=1/2');
    assert.deepEqual(d, { type: 'disconnect', client: 'unknown[127.0.0.1]', counters: { starttlsOk: 0, starttlsTotal: 1, authOk: 0, authTotal: 0, commandsOk: 1, commandsTotal: 2 } });
    assert.deepEqual(parseSmtpdMessage('disconnect from a[192.0.2.1]'), { type: 'disconnect', client: 'a[192.0.2.1]', counters: null });
  });

  test('counters: auth, unknown commands, no starttls', () => {
    assert.deepEqual(parseCounters(' ehlo=2 starttls=1 auth=0/2 unknown=0/1 commands=3/6', 0), { starttlsOk: 1, starttlsTotal: 1, authOk: 0, authTotal: 2, commandsOk: 3, commandsTotal: 6 });
    assert.equal(parseCounters(' commands=0/0', 0)?.starttlsTotal, -1);
    assert.equal(parseCounters(' garbage', 0), null);
  });

  test('client= with SASL (src/smtpd/smtpd.c mail_open_stream()), long and short queue IDs', () => {
    assert.deepEqual(parseSmtpdMessage('803AB41C0A: client=domainname.com[192.0.2.9], sasl_method=LOGIN, sasl_username=raitis'), {
      type: 'client', queueId: '803AB41C0A', client: 'domainname.com[192.0.2.9]', saslMethod: 'LOGIN', saslUsername: 'raitis',
    });
    const e = parseSmtpdMessage('4Zq8Yk0Q1Dz9vQK: client=a.example[192.0.2.1]:54321');
    assert.equal(e?.type, 'client');
    assert.equal(e?.type === 'client' ? e.client : '', 'a.example[192.0.2.1]:54321');
    const hex = parseSmtpdMessage('ABCDEF1234: client=a.example[192.0.2.1]');
    assert.equal(hex?.type, 'client', 'a queue ID starting with A-F is not a TLS line');
  });

  test('handshake failures (src/tls/tls_server.c, tls_misc.c tls_print_errors())', () => {
    assert.deepEqual(parseSmtpdMessage('SSL_accept error from localhost[127.0.0.1]: -1'), { type: 'ssl-error', direction: 'from', peer: 'localhost[127.0.0.1]', detail: '-1' });
    assert.deepEqual(parseSmtpdMessage('warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2226:'), { type: 'tls-library', reason: 'no shared cipher' });
    assert.equal(libraryReason('error:1408F10B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:332:'), 'wrong version number');
    assert.equal(libraryReason('1004:error:1408A0C1:SSL routines:SSL3_GET_CLIENT_HELLO:no shared cipher:s3_srvr.c:1102:'), 'no shared cipher');
    assert.equal(libraryReason('error:0A000438:SSL routines::tlsv1 alert internal error:../ssl/record/rec_layer_s3.c:1601:SSL alert number 80:'), 'tlsv1 alert internal error');
  });

  test('"%s after %s from %s" up to 3.9 and with NOQUEUE from 3.10', () => {
    assert.deepEqual(parseSmtpdMessage('lost connection after STARTTLS from localhost[127.0.0.1]'), { type: 'after', what: 'lost connection', command: 'STARTTLS', client: 'localhost[127.0.0.1]' });
    assert.deepEqual(parseSmtpdMessage('NOQUEUE: lost connection after STARTTLS from gone.example[192.0.2.74]'), { type: 'after', what: 'lost connection', command: 'STARTTLS', client: 'gone.example[192.0.2.74]' });
    assert.deepEqual(parseSmtpdMessage('timeout after DATA (1234 bytes) from a[192.0.2.1]'), { type: 'after', what: 'timeout', command: 'DATA', client: 'a[192.0.2.1]' });
  });

  test('"Must issue a STARTTLS command first" rejects, SASL failures, and lines that do not matter', () => {
    assert.deepEqual(parseSmtpdMessage('NOQUEUE: reject: MAIL from app.example[198.51.100.80]: 530 5.7.0 Must issue a STARTTLS command first; proto=ESMTP helo=<app>'), { type: 'starttls-required', client: 'app.example[198.51.100.80]' });
    assert.deepEqual(parseSmtpdMessage('warning: unknown[192.0.2.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6'), { type: 'auth-failed', client: 'unknown[192.0.2.5]' });
    assert.equal(parseSmtpdMessage('NOQUEUE: reject: RCPT from a[192.0.2.1]: 554 5.7.1 Relay access denied'), null);
    assert.equal(parseSmtpdMessage('warning: dict_nis_init: NIS domain name not set - NIS lookups disabled'), null);
    assert.equal(parseSmtpdMessage('improper command pipelining after EHLO from a[192.0.2.1]: QUIT'), null);
  });
});

describe('smtp client, postscreen, tlsproxy, master', () => {
  test('delivery lines (src/global/log_adhoc.c), with 3.11 tls= and conn_use', () => {
    assert.deepEqual(parseSmtpMessage('E86E3164469: to=<root@example.test>, relay=127.0.0.1[127.0.0.1]:34883, delay=0.04, delays=0.01/0.01/0/0.02, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as EE88C16446C)'), {
      type: 'delivery', queueId: 'E86E3164469', relay: '127.0.0.1[127.0.0.1]:34883', status: 'sent', tlsFeature: null, detail: '250 2.0.0 Ok: queued as EE88C16446C',
    });
    const t = parseSmtpMessage('4Zq8Yk0Q1Dz9vQM: to=<c@example.org>, relay=mx.example.org[192.0.2.82]:25, delay=30, delays=0.1/0/30/0, tls=!encrypt:nostarttls, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mx.example.org[192.0.2.82])');
    assert.equal(t?.type === 'delivery' ? t.tlsFeature : '', '!encrypt:nostarttls');
    assert.equal(t?.type === 'delivery' ? t.status : '', 'deferred');
    assert.deepEqual(parseSmtpMessage('SSL_connect error to mx.example[192.0.2.1]:25: lost connection'), { type: 'ssl-error', direction: 'to', peer: 'mx.example[192.0.2.1]:25', detail: 'lost connection' });
    assert.equal(parseSmtpMessage('connect to mx.example[192.0.2.1]:25: Connection refused'), null);
  });

  test('postscreen (src/postscreen/postscreen.c), tlsproxy (src/tlsproxy/tlsproxy.c), master version', () => {
    assert.deepEqual(parsePostscreenMessage('CONNECT from [192.0.2.1]:41311 to [203.0.113.25]:25'), { type: 'postscreen', what: 'connect' });
    assert.deepEqual(parsePostscreenMessage('PASS NEW [192.0.2.1]:41311'), { type: 'postscreen', what: 'pass' });
    assert.equal(parsePostscreenMessage('DNSBL rank 3 for [192.0.2.1]:41311')?.what, undefined);
    assert.deepEqual(parseTlsproxyMessage('CONNECT from [192.0.2.1]:41311'), { type: 'proxy-connect', direction: 'from', peer: '[192.0.2.1]:41311' });
    assert.equal(parseTlsproxyMessage('Anonymous TLS connection established from [192.0.2.1]:41311: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)')?.type, 'tls');
    assert.deepEqual(parseMasterMessage('daemon started -- version 3.7.11, configuration /etc/postfix'), { type: 'master', event: 'start', version: '3.7.11', configDir: '/etc/postfix' });
    assert.deepEqual(parseMasterMessage('reload -- version 3.1.0, configuration /etc/postfix-out'), { type: 'master', event: 'reload', version: '3.1.0', configDir: '/etc/postfix-out' });
    assert.deepEqual(parseMasterMessage('terminating on signal 15'), { type: 'master', event: 'stop', version: null, configDir: null });
    assert.equal(parseMasterMessage('warning: process /usr/lib/postfix/sbin/smtpd pid 7 exit status 1'), null);
  });

  test('tlsproxy failed handshakes and disconnects (src/tlsproxy/tlsproxy_state.c tlsp_state_free())', () => {
    // postscreen STARTTLS on port 25 (postscreen_tls_security_level = may); loopback addresses
    assert.deepEqual(parseTlsproxyMessage('TLS handshake failed for service=smtpd peer=[127.0.0.47]:59869'), { type: 'proxy-end', failed: true, service: 'smtpd', peer: '[127.0.0.47]:59869' });
    assert.deepEqual(parseTlsproxyMessage('DISCONNECT [127.0.0.47]:59869'), { type: 'proxy-end', failed: false, service: null, peer: '[127.0.0.47]:59869' });
    assert.deepEqual(parseTlsproxyMessage('CONNECT to [127.0.0.25]:25'), { type: 'proxy-connect', direction: 'to', peer: '[127.0.0.25]:25' });
    assert.equal(parseTlsproxyMessage('TLS handshake failed for service=smtpd'), null);
  });

  test('clientKey drops the port (smtpd_client_port_logging) but keeps IPv6 addresses', () => {
    assert.equal(clientKey('a.example[192.0.2.1]:54321'), 'a.example[192.0.2.1]');
    assert.equal(clientKey('a.example[2001:db8::1]'), 'a.example[2001:db8::1]');
  });
});
