import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteMasterCf } from './master-rewrite.js';

const SEED = `smtp        inet  n       -       -       -       -       smtpd
submission  inet  n       -       -       -       -       smtpd
  -o syslog_name=postfix/submission
# a comment inside the entry
  -o smtpd_tls_security_level=may
smtps     inet  n       -       y       -       -       smtpd
  -o { syslog_name = postfix/$service_name }
  -o smtpd_tls_wrappermode=yes
pickup      unix  n       -       y       60      1       pickup
`;

test('every inet service gets a loopback port, in order, and keeps its options', () => {
  const r = rewriteMasterCf(SEED, { portFor: (i) => 40000 + i, mainWrapperMode: false, mainSecurityLevel: '' });
  assert.deepEqual(r.services.map((s) => [s.service, s.port, s.tls, s.line]), [
    ['smtp', 40000, 'none', 1],
    ['submission', 40001, 'starttls', 2],
    ['smtps', 40002, 'wrapper', 6],
  ]);
  const lines = r.text.split('\n');
  assert.match(lines[0] ?? "", /^127\.0\.0\.1:40000\s+inet\s+n\s+-\s+n\s/);
  assert.equal(lines[2], '  -o syslog_name=postfix/submission');
  assert.equal(lines[3], '# a comment inside the entry');
});

test('chroot is turned off, $service_name keeps the user\'s name, postlog is added once', () => {
  const r = rewriteMasterCf(SEED, { portFor: (i) => 40000 + i, mainWrapperMode: false, mainSecurityLevel: 'may' });
  const lines = r.text.split('\n');
  assert.match(lines[5] ?? '', /^127\.0\.0\.1:40002\s+inet\s+n\s+-\s+n\s/);
  assert.match(lines[8] ?? '', /^pickup\s+unix\s+n\s+-\s+n\s+60/);
  assert.equal(lines[6], '  -o { syslog_name = postfix/smtps }');
  assert.equal(r.text.match(/postlogd/g)?.length, 1);
  const again = rewriteMasterCf(r.text, { portFor: (i) => 41000 + i, mainWrapperMode: false, mainSecurityLevel: 'may' });
  assert.equal(again.text.match(/postlogd/g)?.length, 1);
  assert.equal(r.services[0]?.tls, 'starttls');
});

test('main.cf wrapper mode applies where no -o overrides it', () => {
  const r = rewriteMasterCf('a inet n - n - - smtpd\nb inet n - n - - smtpd -o smtpd_tls_wrappermode=no\n', { portFor: () => 1, mainWrapperMode: true, mainSecurityLevel: 'may' });
  assert.deepEqual(r.services.map((s) => s.tls), ['wrapper', 'starttls']);
});

test('the long -o { name = value } form counts, the last -o winning', () => {
  const r = rewriteMasterCf('a inet n - n - - smtpd -o { smtpd_tls_wrappermode = yes }\nb inet n - n - - smtpd -o smtpd_tls_security_level=none -o smtpd_tls_security_level=may\n', { portFor: () => 1, mainWrapperMode: false, mainSecurityLevel: 'none' });
  assert.deepEqual(r.services.map((s) => s.tls), ['wrapper', 'starttls']);
});

test('a duplicate service: the last entry listens, both lose chroot', () => {
  const r = rewriteMasterCf('smtp inet n - y - - smtpd\nsmtp inet n - y - - postscreen\n', { portFor: (i) => 5000 + i, mainWrapperMode: false, mainSecurityLevel: 'may' });
  assert.deepEqual(r.services.map((s) => [s.command, s.port, s.line]), [['postscreen', 5000, 2]]);
  // The overridden one is renamed with it: Postfix still sees a duplicate and does not bind port 25.
  assert.match(r.text, /^127\.0\.0\.1:5000 inet n - n - - smtpd\n127\.0\.0\.1:5000 inet n - n - - postscreen/);
});

test('several loopback addresses: each inet entry is repeated per address, options and all, the services counted once', () => {
  const r = rewriteMasterCf(SEED, { portFor: (i) => 25 + i, mainWrapperMode: false, mainSecurityLevel: 'may', addresses: ['127.53.0.10', '127.53.0.11'] });
  assert.equal(r.services.length, 3);
  assert.deepEqual(r.services[0]?.addresses, ['127.53.0.10', '127.53.0.11']);
  const text = r.text;
  assert.match(text, /^127\.53\.0\.10:25\s+inet\s+n\s+-\s+n\s/m);
  assert.match(text, /^127\.53\.0\.11:25\s+inet\s+n\s+-\s+n\s/m);
  assert.match(text, /^127\.53\.0\.11:26\s+inet[^\n]*\n {2}-o syslog_name=postfix\/submission\n/m);
  assert.equal((text.match(/^127\.53\.0\.1[01]:27 /gm) ?? []).length, 2);
  assert.ok(!text.includes('127.0.0.1'));
  assert.equal((text.match(/^pickup /gm) ?? []).length, 1, 'unix services are not repeated');
});

test('a cut-down master.cf gets the stock internal services it lacks; Dovecot SASL becomes Cyrus', () => {
  const text = `smtp inet n - n - - smtpd
submission inet n - n - - smtpd
  -o smtpd_sasl_type=dovecot
  -o { smtpd_sasl_path = /dev/shm/sasl-auth.sock }
pickup fifo n - n 60 1 pickup
`;
  const r = rewriteMasterCf(text, { portFor: (i) => 40000 + i, mainWrapperMode: false, mainSecurityLevel: '' });
  const lines = r.text.split('\n');
  assert.equal(lines[2], '  -o smtpd_sasl_type=cyrus');
  assert.equal(lines[3], '  -o { smtpd_sasl_path = smtpd }');
  assert.equal(r.text.match(/^proxymap\s+unix/m)?.length, 1);
  assert.equal(r.text.match(/^pickup\s/gm)?.length, 1, 'pickup (a fifo here) is not added twice');
  // Not again when it is there.
  const again = rewriteMasterCf(r.text, { portFor: (i) => 41000 + i, mainWrapperMode: false, mainSecurityLevel: '' });
  assert.equal(again.text.match(/^proxymap\s+unix/gm)?.length, 1);
  assert.ok(!again.changes.some((c) => c.includes('stock internal')));
  // Cyrus SASL stays as the user wrote it.
  const cyrus = rewriteMasterCf('submission inet n - n - - smtpd\n  -o smtpd_sasl_path=smtpd\n', { portFor: () => 40000, mainWrapperMode: false, mainSecurityLevel: '' });
  assert.equal(cyrus.text.split('\n')[1], '  -o smtpd_sasl_path=smtpd');
});
