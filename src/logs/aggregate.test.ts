import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Aggregator, MAX_CLIENTS, serviceMatches } from './aggregate.js';
import { parseTightening } from './tightening.js';
import type { DeliveryRecord, SessionOutcome, SessionRecord } from './sessions.js';

const session = (client: string, outcome: SessionOutcome, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  service: 'postfix/smtpd', client, pid: 1, start: Date.UTC(2026, 10, 21), end: Date.UTC(2026, 10, 21),
  outcome, authenticated: false, authAttempted: false, saslUsername: null, complete: true, sni: null, ...extra,
});
const TLS13: SessionOutcome = { kind: 'tls', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256, trust: 'Anonymous' };
const TLS10: SessionOutcome = { kind: 'tls', protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES256-SHA', bits: 256, trust: 'Anonymous' };
const delivery = (relay: string, outcome: SessionOutcome): DeliveryRecord => ({
  service: 'postfix/smtp', relay, time: Date.UTC(2026, 10, 21), status: 'sent', outcome, tlsFeature: null,
});
const build = (a: Aggregator) => a.build({ lines: 0, unparsed: 0, skipped: {}, postfixLines: 0, files: [], inboundTlsLogged: true, outboundTlsLogged: true, warnings: [], warningsOmitted: 0 });

describe('aggregation', () => {
  test('per service and per client counts; passwords without TLS; legacy clients', () => {
    const a = new Aggregator();
    a.session(session('a[192.0.2.1]', TLS10));
    a.session(session('a[192.0.2.1]', TLS13));
    a.session(session('b[192.0.2.2]', { kind: 'plaintext' }, { authenticated: true, authAttempted: true, saslUsername: 'printer' }));
    a.session(session('c[192.0.2.3]', { kind: 'failed', reason: 'no shared cipher' }));
    const r = build(a);
    const s = r.services[0]!;
    assert.deepEqual([s.sessions, s.tls, s.plaintext, s.failures, s.failureReasons, s.authWithoutTls, s.peers], [4, { TLSv1: 1, 'TLSv1.3': 1 }, 1, 1, { 'no shared cipher': 1 }, 1, 3]);
    assert.deepEqual(r.clients.map((c) => [c.client, c.sessions, c.legacy, c.authWithoutTls, c.users]), [
      ['a[192.0.2.1]', 2, true, 0, []], ['b[192.0.2.2]', 1, false, 1, ['printer']], ['c[192.0.2.3]', 1, false, 0, []],
    ]);
  });

  test('AUTH without TLS: successful logins apart from refused attempts (auth=0/1 before STARTTLS)', () => {
    // smtpd_tls_auth_only = yes: a client sending AUTH before STARTTLS gets "503 5.5.1 Error: authentication not enabled",
    // logged as `disconnect from ... ehlo=1 auth=0/1 quit=1 commands=2/3`
    const a = new Aggregator();
    a.session(session('phone[127.0.0.31]', { kind: 'plaintext' }, { authenticated: false, authAttempted: true }));
    a.session(session('phone[127.0.0.31]', { kind: 'plaintext' }, { authenticated: false, authAttempted: true }));
    a.session(session('phone[127.0.0.31]', TLS13, { authenticated: true, authAttempted: true, saslUsername: 'anna' }));
    a.session(session('printer[127.0.0.32]', { kind: 'plaintext' }, { authenticated: true, authAttempted: true, saslUsername: 'printer' }));
    const r = build(a);
    const s = r.services[0]!;
    assert.deepEqual([s.authWithoutTls, s.authOkWithoutTls, s.authRefusedWithoutTls], [3, 1, 2]);
    assert.deepEqual(r.clients.map((c) => [c.client, c.authWithoutTls, c.authOkWithoutTls, c.authRefusedWithoutTls]), [
      ['phone[127.0.0.31]', 2, 0, 2], ['printer[127.0.0.32]', 1, 1, 0],
    ]);
  });

  test('memory stays bounded with more distinct clients than MAX_CLIENTS; the interesting ones are kept', () => {
    const a = new Aggregator({ policies: [parseTightening('protocols=>=TLSv1.2')] });
    a.session(session('legacy[198.51.100.1]', TLS10));
    for (let i = 0; i < MAX_CLIENTS + 500; i++) a.session(session(`c${i}[10.0.${i >> 8}.${i & 255}]`, TLS13));
    a.session(session('legacy[198.51.100.1]', TLS10));
    const r = build(a);
    assert.ok(r.clients.length <= MAX_CLIENTS + 1, String(r.clients.length));
    assert.ok(r.clientsMerged >= 500);
    const legacy = r.clients.find((c) => c.client === 'legacy[198.51.100.1]');
    assert.equal(legacy?.sessions, 2, 'a legacy client is never folded away');
    assert.equal(r.services[0]?.sessions, MAX_CLIENTS + 502);
    const other = r.clients.find((c) => c.client === '(other clients)');
    assert.ok(other && other.sessions > 0);
    assert.equal(r.clients.reduce((n, c) => n + c.sessions, 0), MAX_CLIENTS + 502, 'no session lost in the folding');
    const imp = r.impact?.services[0];
    assert.deepEqual(imp?.clients.map((c) => [c.client, c.wouldFail, c.sessions]), [['legacy[198.51.100.1]', 2, 2]]);
  });

  test('every summary carries the same counts: services under "tls", clients and relays under "protocols"', () => {
    const a = new Aggregator();
    a.session(session('a[192.0.2.1]', TLS10));
    a.delivery(delivery('mx.example.net[192.0.2.9]:25', TLS13));
    a.outboundFailure({ service: 'postfix/smtp', peer: 'mx.example.net[192.0.2.9]:25', time: Date.UTC(2026, 10, 21), reason: 'certificate verify failed' });
    const r = build(a);
    const counts = ['ciphers', 'plaintext', 'failures', 'failureReasons', 'tlsUnlogged', 'unknown'];
    for (const s of r.services) assert.deepEqual(counts.filter((k) => !(k in s)), [], s.name);
    assert.deepEqual(r.services.map((s) => [s.name, s.tls]), [['postfix/smtpd', { TLSv1: 1 }], ['postfix/smtp', { 'TLSv1.3': 1 }]]);
    assert.deepEqual(r.clients[0]?.protocols, { TLSv1: 1 });
    const relay = r.outbound[0];
    assert.deepEqual([relay?.protocols, relay?.failures, relay?.failureReasons, relay?.legacy], [{ 'TLSv1.3': 1 }, 1, { 'certificate verify failed': 1 }, false]);
    assert.equal(r.services[1]?.sessions, 2, 'a failed handshake counts as an outbound session');
  });

  test('deliveries that tell nothing of TLS: plaintext when the client logs TLS, else unknown with a notice', () => {
    for (const logged of [true, false]) {
      const a = new Aggregator();
      a.delivery(delivery('mx.example.net[192.0.2.9]:25', { kind: 'unknown' }));
      const r = a.build({ lines: 1, unparsed: 0, skipped: {}, postfixLines: 1, files: [], inboundTlsLogged: true, outboundTlsLogged: logged, warnings: [], warningsOmitted: 0 });
      assert.deepEqual([r.outbound[0]?.plaintext, r.outbound[0]?.unknown, r.services[0]?.plaintext, r.services[0]?.unknown], logged ? [1, 0, 1, 0] : [0, 1, 0, 1]);
      assert.deepEqual(r.notices.map((n) => n.code), logged ? [] : ['CLIENT_TLS_NOT_LOGGED']);
    }
  });

  test('--service matches the tag, the service name, or a path component', () => {
    assert.ok(serviceMatches('postfix/submission/smtpd', ['submission']));
    assert.ok(serviceMatches('postfix/submission/smtpd', ['postfix/submission/smtpd']));
    assert.ok(serviceMatches('postfix/smtpd', ['smtpd']));
    assert.ok(serviceMatches('postfix/smtp', ['smtp']));
    assert.ok(!serviceMatches('postfix/smtpd', ['smtp']));
    assert.ok(!serviceMatches('postfix/submissions/smtpd', ['submission']));
  });
});
