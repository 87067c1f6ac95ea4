import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mainValues, overlayMainCf } from './main-overlay.js';

const MAIN = `# comment
queue_directory = /var/spool/postfix
smtpd_tls_protocols = !SSLv2,
# comment inside a continuation
    !SSLv3
smtpd_tls_loglevel = 1   # not a comment
smtpd_tls_loglevel = 2
`;

test('values follow Postfix line rules: continuations, comments, mid-line #, last duplicate wins', () => {
  const v = mainValues(MAIN);
  // Postfix keeps the continuation's leading whitespace (readlline.c joins without a separator).
  assert.equal(v.get('smtpd_tls_protocols'), '!SSLv2,    !SSLv3');
  assert.equal(v.get('smtpd_tls_loglevel'), '2');
  assert.equal(v.get('queue_directory'), '/var/spool/postfix');
});

test('the overlay removes the replaced entries with their continuations and says where they were', () => {
  const r = overlayMainCf(MAIN, new Map([['queue_directory', '/lab/q'], ['smtpd_tls_protocols', '>=TLSv1.2'], ['maillog_file', '/lab/log']]), '# lab');
  assert.equal(mainValues(r.text).get('queue_directory'), '/lab/q');
  assert.match(r.text, /^#mailtls-lab# queue_directory = \/var\/spool\/postfix\n/m);
  assert.match(r.text, /^#mailtls-lab# {5}!SSLv3$/m);
  assert.equal(r.text.split('\n')[5], 'smtpd_tls_loglevel = 1   # not a comment', 'line numbers are kept');
  assert.match(r.text, /# lab\nqueue_directory = \/lab\/q\nsmtpd_tls_protocols = >=TLSv1\.2\nmaillog_file = \/lab\/log\n$/);
  assert.deepEqual(r.changes, [
    'main.cf:2: queue_directory = /var/spool/postfix -> /lab/q',
    'main.cf:3: smtpd_tls_protocols = !SSLv2,    !SSLv3 -> >=TLSv1.2',
    'main.cf: maillog_file = /lab/log',
  ]);
  assert.equal(mainValues(r.text).get('smtpd_tls_loglevel'), '2');
});
