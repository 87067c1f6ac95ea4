import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Aggregator, MAX_CLIENTS, serviceMatches, Tally } from './report.js';
import { parseTightening } from './tightening.js';
import type { SessionOutcome, SessionRecord } from './sessions.js';

const session = (client: string, outcome: SessionOutcome, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  service: 'postfix/smtpd', client, pid: 1, start: Date.UTC(2026, 10, 21), end: Date.UTC(2026, 10, 21),
  outcome, authenticated: false, authAttempted: false, saslUsername: null, complete: true, sni: null, ...extra,
});
const TLS13: SessionOutcome = { kind: 'tls', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256, trust: 'Anonymous' };
const TLS10: SessionOutcome = { kind: 'tls', protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES256-SHA', bits: 256, trust: 'Anonymous' };
const build = (a: Aggregator) => a.build({ lines: 0, unparsed: 0, files: [], inboundTlsLogged: true, outboundTlsLogged: true, warnings: [], warningsOmitted: 0 });

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

  test('Tally keeps at most MAX_KEYS keys', () => {
    const t = new Tally();
    for (let i = 0; i < Tally.MAX_KEYS + 10; i++) t.add(`k${i}`);
    assert.equal(t.size, Tally.MAX_KEYS + 1);
    assert.equal(t.get('(other)'), 10);
    assert.deepEqual(Object.keys(new Tally([['b', 1], ['a', 3]]).toRecord()), ['a', 'b']);
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
