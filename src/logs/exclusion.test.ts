import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { analyzeLogs } from './analyze.js';
import { clientAddress, isExcluded } from './exclusion.js';

// Postfix 3.7 maillog_file lines: the year comes from `now` (2026); stamps are local time, so
// the test builds its epoch values the way the clock reads them.
const LOG = [
  'Nov 21 10:00:00 vm postfix/master[1]: daemon started -- version 3.7.11, configuration /etc/postfix',
  // a real client before the audit
  'Nov 21 10:00:05 vm postfix/submission/smtpd[10]: connect from www.webshop.example[127.0.0.10]',
  'Nov 21 10:00:05 vm postfix/submission/smtpd[10]: Anonymous TLS connection established from www.webshop.example[127.0.0.10]: TLSv1.1 with cipher ECDHE-RSA-AES256-SHA (256/256 bits)',
  'Nov 21 10:00:05 vm postfix/submission/smtpd[10]: 803AB41C0A: client=www.webshop.example[127.0.0.10], sasl_method=LOGIN, sasl_username=raitis',
  'Nov 21 10:00:05 vm postfix/submission/smtpd[10]: disconnect from www.webshop.example[127.0.0.10] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8',
  // a local webmail that authenticates from the scanner's address during the audit: not a probe
  'Nov 21 10:01:00 vm postfix/submission/smtpd[11]: connect from localhost[127.0.0.1]',
  'Nov 21 10:01:00 vm postfix/submission/smtpd[11]: Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
  'Nov 21 10:01:00 vm postfix/submission/smtpd[11]: disconnect from localhost[127.0.0.1] ehlo=2 starttls=1 auth=1 quit=1 commands=5',
  // two probes of the audit
  'Nov 21 10:01:00 vm postfix/submission/smtpd[12]: connect from localhost[127.0.0.1]',
  'Nov 21 10:01:00 vm postfix/submission/smtpd[12]: SSL_accept error from localhost[127.0.0.1]: lost connection',
  'Nov 21 10:01:00 vm postfix/submission/smtpd[12]: lost connection after STARTTLS from localhost[127.0.0.1]',
  'Nov 21 10:01:00 vm postfix/submission/smtpd[12]: disconnect from localhost[127.0.0.1] ehlo=1 starttls=0/1 commands=1/2',
  'Nov 21 10:01:01 vm postfix/smtpd[13]: connect from localhost[127.0.0.1]',
  'Nov 21 10:01:01 vm postfix/smtpd[13]: Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)',
  'Nov 21 10:01:01 vm postfix/smtpd[13]: disconnect from localhost[127.0.0.1] ehlo=2 starttls=1 quit=1 commands=4',
  'Nov 21 10:02:00 vm postfix/master[1]: reload -- version 3.7.11, configuration /etc/postfix',
].join('\n');

/** Epoch ms of a Nov 21 2026 stamp as the log clock reads it (local time). */
const at = (hh: number, mm: number, ss: number) => new Date(2026, 10, 21, hh, mm, ss).getTime();

async function run(exclude?: Parameters<typeof analyzeLogs>[0]['exclude']) {
  return analyzeLogs({ files: [], stdin: Readable.from([Buffer.from(`${LOG}\n`)]), now: at(12, 0, 0), sessionClasses: true, ...(exclude ? { exclude } : {}) });
}

describe('leaving the audit\'s own probes out of the log statistics', () => {
  test('addresses of name[addr], [addr] and name[addr]:port', () => {
    assert.equal(clientAddress('localhost[127.0.0.1]'), '127.0.0.1');
    assert.equal(clientAddress('localhost[::1]:4711'), '::1');
    assert.equal(clientAddress('unknown[2001:db8::5]'), '2001:db8::5');
    const ex = { windows: [{ since: 1000_000, until: Infinity, addresses: new Set(['127.0.0.1']) }], why: 'probes' };
    assert.equal(isExcluded(ex, 'localhost[127.0.0.1]', 999_500, false), true, 'the same second as the first probe');
    assert.equal(isExcluded(ex, 'localhost[127.0.0.1]', 990_000, false), false, 'before the audit');
    assert.equal(isExcluded(ex, 'localhost[127.0.0.1]', 1000_500, true), false, 'probes never authenticate');
    assert.equal(isExcluded(ex, 'x[127.0.0.10]', 1000_500, false), false, 'another address');
    const past = { windows: [{ since: 10_000, until: 12_000, addresses: new Set(['::1']) }, ...ex.windows], why: 'probes' };
    assert.equal(isExcluded(past, 'localhost[::1]', 11_000, false), true, 'an earlier run');
    assert.equal(isExcluded(past, 'localhost[::1]', 20_000, false), false, 'between runs');
  });

  test('without an exclusion every session counts', async () => {
    const r = await run();
    const sub = r.services.find((s) => s.name === 'postfix/submission/smtpd');
    assert.equal(sub?.sessions, 3);
    assert.equal(sub?.failures, 1);
    assert.equal(r.exclusion, null);
    assert.equal(r.starttlsCounters.sessions, 4);
  });

  test('probe sessions from the scanner\'s address after the audit began are left out of everything', async () => {
    const r = await run({ windows: [{ since: at(10, 1, 0), until: Infinity, addresses: new Set(['127.0.0.1']) }], why: 'the audit\'s own probes' });
    const sub = r.services.find((s) => s.name === 'postfix/submission/smtpd');
    assert.equal(sub?.sessions, 2, 'the webshop and the authenticated webmail stay');
    assert.equal(sub?.failures, 0, 'the probe\'s lost connection is gone');
    assert.equal(r.services.find((s) => s.name === 'postfix/smtpd'), undefined, 'port 25 saw only a probe');
    assert.deepEqual(r.exclusion, { why: 'the audit\'s own probes', sessions: 2, byService: { 'postfix/smtpd': 1, 'postfix/submission/smtpd': 1 } });
    assert.equal(r.starttlsCounters.sessions, 2);
    assert.ok(!r.clients.some((c) => c.client === 'localhost[127.0.0.1]' && c.failures > 0));
    assert.ok(!(r.sessionClasses ?? []).some((c) => c.outcome === 'failed'));
  });

  test('session classes: one per service, client, protocol, cipher and AUTH, with users and last seen', async () => {
    const r = await run();
    const web = r.sessionClasses?.find((c) => c.client === 'www.webshop.example[127.0.0.10]');
    assert.deepEqual(web && { ...web, lastSeen: web.lastSeen !== null }, {
      service: 'postfix/submission/smtpd', client: 'www.webshop.example[127.0.0.10]', outcome: 'tls', protocol: 'TLSv1.1',
      cipher: 'ECDHE-RSA-AES256-SHA', auth: true, sessions: 1, lastSeen: true, users: ['raitis'],
    });
    assert.equal(r.sessionClasses?.length, 4);
  });

  test('master start and reload lines, with the configuration directory', async () => {
    const r = await run();
    assert.deepEqual(r.master.map((m) => [m.event, m.version, m.configDir]), [['start', '3.7.11', '/etc/postfix'], ['reload', '3.7.11', '/etc/postfix']]);
    assert.equal(r.master[1]?.time, new Date(at(10, 2, 0)).toISOString());
    assert.equal(r.postfixVersion, '3.7.11');
  });
});
