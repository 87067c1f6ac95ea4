import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMasterCf, splitQuoted } from './master-cf.js';

describe('master.cf', () => {
  it('splits on blanks but not inside braces', () => {
    assert.deepEqual(splitQuoted('a -o { x = y z } b').tokens, ['a', '-o', '{ x = y z }', 'b']);
  });

  it('reads the eight fields, -o short and long forms with their own lines, and other args', () => {
    const text = [
      'submission inet n - y - - smtpd',
      '  -o syslog_name=postfix/submission',
      '# comment',
      '  -o { smtpd_tls_mandatory_protocols = >=TLSv1.2 }',
      '  -o{smtpd_tls_auth_only=yes}',
      '  -v',
      'pipe unix - n n - - pipe flags=R user=x argv=/bin/x ${nexthop}',
    ].join('\n');
    const m = parseMasterCf(text);
    const sub = m.entries[0];
    assert.ok(sub);
    assert.equal(sub.command, 'smtpd');
    assert.deepEqual(sub.overrides.map((o) => [o.name, o.value, o.line]), [
      ['syslog_name', 'postfix/submission', 2],
      ['smtpd_tls_mandatory_protocols', '>=TLSv1.2', 4],
      ['smtpd_tls_auth_only', 'yes', 5],
    ]);
    assert.deepEqual(sub.args, ['-v']);
    assert.deepEqual(m.entries[1]?.args, ['flags=R', 'user=x', 'argv=/bin/x', '${nexthop}']);
  });

  it('the last duplicate service/type wins', () => {
    const m = parseMasterCf('smtp inet n - y - - smtpd\nsmtp unix - - y - - smtp\nsmtp inet n - y - - postscreen\n');
    assert.deepEqual(m.entries.map((e) => `${e.service}/${e.type}/${e.command}`), ['smtp/unix/smtp', 'smtp/inet/postscreen']);
    assert.equal(m.overridden[0]?.line, 1);
    assert.equal(m.overridden[0]?.byLine, 3);
  });

  it('bad lines become warnings with their line, not crashes', () => {
    const m = parseMasterCf('short inet n -\nbogus foo n - y - - smtpd\nx inet n - y - - smtpd -o\ny inet n - y - - smtpd -o { a = b\nok inet n - y - - smtpd\n');
    assert.deepEqual(m.entries.map((e) => e.service), ['x', 'ok']);
    assert.deepEqual(m.warnings.map((w) => w.line), [1, 2, 3, 4]);
  });
});
