import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNotices, type NoticeFacts } from './notices.js';
import type { ServiceSummary } from './report.js';

const smtpd: ServiceSummary = {
  name: 'postfix/smtpd', direction: 'inbound', sessions: 3, tls: {}, ciphers: {}, plaintext: 0, failures: 0, failureReasons: {},
  tlsUnlogged: 3, unknown: 0, authenticated: 0, authWithoutTls: 0, authOkWithoutTls: 0, authRefusedWithoutTls: 0, incomplete: 0, peers: 1,
};
const facts = (over: Partial<NoticeFacts>): NoticeFacts => ({
  lines: 10, postfixLines: 8, filtered: false, warningOnlySessions: 0, files: [{ name: 'mail.log', lines: 10, complete: true, overlong: 0, binary: 0 }], inboundTlsLogged: true,
  outboundTlsLogged: true, services: [smtpd], outbound: [], counters: { sessions: 0, starttls: 0, failed: 0, none: 0 },
  postscreenConnections: 0, ...over,
});

describe('log report notices', () => {
  test('none for a complete log with TLS logging', () => {
    assert.deepEqual(buildNotices(facts({})), []);
  });

  test('smtpd_tls_loglevel 0: the fix, and what the disconnect counters still tell', () => {
    const [n] = buildNotices(facts({ inboundTlsLogged: false, counters: { sessions: 3, starttls: 2, failed: 0, none: 1 } }));
    assert.equal(n?.code, 'TLS_NOT_LOGGED');
    assert.equal(n?.fix, "postconf -e 'smtpd_tls_loglevel = 1' && postfix reload");
    assert.match(n?.message ?? '', /2 of 3 sessions started TLS/);
    const [old] = buildNotices(facts({ inboundTlsLogged: false }));
    assert.match(old?.message ?? '', /no disconnect counters either/);
  });

  test('no Postfix lines at all; input cut short', () => {
    assert.deepEqual(buildNotices(facts({ services: [], postfixLines: 0 })).map((n) => n.code), ['NO_POSTFIX_LINES']);
    assert.deepEqual(buildNotices(facts({ services: [], postscreenConnections: 1 })), [], 'postscreen lines are Postfix lines');
    const cut = facts({ files: [{ name: 'mail.log.gz', lines: 5, complete: false, overlong: 0, binary: 0 }] });
    assert.deepEqual(buildNotices(cut).map((n) => n.code), ['INCOMPLETE_INPUT']);
  });

  test('mail.warn: every session known only from a warning; no loglevel advice', () => {
    const codes = buildNotices(facts({ inboundTlsLogged: false, warningOnlySessions: 3 })).map((n) => n.code);
    assert.deepEqual(codes, ['WARNINGS_ONLY']);
  });

  test('only failed handshakes: no loglevel advice (failures are logged at any loglevel)', () => {
    const failed = { ...smtpd, failures: 3, tlsUnlogged: 0 };
    assert.deepEqual(buildNotices(facts({ inboundTlsLogged: false, services: [failed] })), []);
  });

  test('Postfix lines that made no session are never reported as no lines at all', () => {
    const [n] = buildNotices(facts({ services: [], postfixLines: 27 }));
    assert.equal(n?.code, 'NO_SESSIONS_SELECTED');
    assert.match(n?.message ?? '', /^27 Postfix .* lines were read/);
    const [f] = buildNotices(facts({ services: [], postfixLines: 1, filtered: true }));
    assert.match(f?.message ?? '', /1 Postfix .* line was read.*--since/);
  });
});
