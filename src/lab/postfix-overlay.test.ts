import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mainValues } from './main-overlay.js';
import { labInetCount, postfixOverlay, redirectPaths, type OverlayInput } from './postfix-overlay.js';

const PATHS = { dir: '/lab/x', etc: '/lab/x/etc', queue: '/lab/x/queue', data: '/lab/x/data', logFile: '/lab/x/postfix.log' };
const CERTS = { rsa: { cert: '/lab/x/etc/rsa-cert.pem', key: '/lab/x/etc/rsa-key.pem' }, ecdsa: { cert: '/lab/x/etc/ecdsa-cert.pem', key: '/lab/x/etc/ecdsa-key.pem' } };
const COMBINED = { rsa: '/lab/x/etc/rsa-key-cert.pem', ecdsa: '/lab/x/etc/ecdsa-key-cert.pem' };
const MASTER = `smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o smtpd_tls_security_level=encrypt
pickup    unix  n       -       y       60      1       pickup
`;

function input(mainText: string, over: Partial<OverlayInput> = {}): OverlayInput {
  return {
    mainText, masterText: MASTER, mainLabel: '/etc/postfix/main.cf', masterLabel: '/etc/postfix/master.cf',
    settings: {}, addresses: ['127.0.0.1'], ports: [40001, 40002], paths: PATHS, certs: CERTS, combined: COMBINED,
    exists: () => false, ...over,
  };
}

test('the instance gets its own directories, log and loopback, and the services their ports', () => {
  const o = postfixOverlay(input('smtpd_tls_security_level = may\n'));
  const v = mainValues(o.mainCf);
  assert.equal(v.get('queue_directory'), '/lab/x/queue');
  assert.equal(v.get('data_directory'), '/lab/x/data');
  assert.equal(v.get('maillog_file'), '/lab/x/postfix.log');
  assert.equal(v.get('inet_interfaces'), '127.0.0.1');
  assert.equal(v.get('inet_protocols'), 'ipv4');
  assert.deepEqual(o.services.map((s) => [s.service, s.port, s.tls]), [['smtp', 40001, 'starttls'], ['submission', 40002, 'starttls']]);
  assert.match(o.masterCf, /^127\.0\.0\.1:40001 +inet +n +- +n /m);
  assert.equal(o.mailOwner, 'postfix');
  assert.equal(labInetCount(MASTER, ['127.0.0.1']), 2);
});

test('no certificate configured: the lab chain; a missing one: the lab file with its key; an existing one kept', () => {
  const none = mainValues(postfixOverlay(input('')).mainCf);
  assert.equal(none.get('smtpd_tls_chain_files'), `${CERTS.rsa.key}, ${CERTS.rsa.cert}, ${CERTS.ecdsa.key}, ${CERTS.ecdsa.cert}`);

  const missing = postfixOverlay(input('smtpd_tls_cert_file = /etc/letsencrypt/live/x/fullchain.pem\n'));
  const mv = mainValues(missing.mainCf);
  assert.equal(mv.get('smtpd_tls_cert_file'), COMBINED.rsa);
  assert.equal(mv.get('smtpd_tls_key_file'), CERTS.rsa.key, 'the key comes with the replaced certificate');
  assert.equal(mv.has('smtpd_tls_chain_files'), false, 'a configured certificate means no lab chain');
  assert.ok(missing.changes.includes(`/etc/postfix/main.cf:1: smtpd_tls_cert_file = /etc/letsencrypt/live/x/fullchain.pem -> ${COMBINED.rsa}`), missing.changes.join('\n'));

  const present = mainValues(postfixOverlay(input('smtpd_tls_cert_file = /etc/ssl/a.pem\nsmtpd_tls_key_file = /etc/ssl/a.key\n', { exists: (f) => f.startsWith('/etc/ssl/') })).mainCf);
  assert.equal(present.get('smtpd_tls_cert_file'), '/etc/ssl/a.pem');
  assert.equal(present.get('smtpd_tls_key_file'), '/etc/ssl/a.key');
});

test('$config_directory in a certificate path means the lab copy; a client CA file that is missing is dropped', () => {
  const seen: string[] = [];
  const o = postfixOverlay(input('smtpd_tls_cert_file = $config_directory/tls/c.pem\nsmtp_tls_CAfile = /nowhere/ca.pem\n', { exists: (f) => { seen.push(f); return f === '/lab/x/etc/tls/c.pem'; } }));
  const v = mainValues(o.mainCf);
  assert.ok(seen.includes('/lab/x/etc/tls/c.pem'));
  assert.equal(v.get('smtpd_tls_cert_file'), '$config_directory/tls/c.pem');
  assert.equal(v.get('smtp_tls_CAfile'), '');
});

test('Dovecot SASL becomes Cyrus; lookups are off unless the instance has its own resolver', () => {
  const text = 'smtpd_sasl_type = dovecot\nsmtpd_sasl_path = private/auth\npostscreen_dnsbl_sites = zen.spamhaus.org\n';
  const v = mainValues(postfixOverlay(input(text)).mainCf);
  assert.equal(v.get('smtpd_sasl_type'), 'cyrus');
  assert.equal(v.get('smtpd_sasl_path'), 'smtpd');
  assert.equal(v.get('smtpd_peername_lookup'), 'no');
  assert.equal(v.get('postscreen_dnsbl_sites'), '');
  const dns = mainValues(postfixOverlay(input(text, { resolvConf: '/lab/dns/resolv.conf' })).mainCf);
  assert.equal(dns.get('smtpd_peername_lookup'), undefined);
  assert.equal(dns.get('postscreen_dnsbl_sites'), 'zen.spamhaus.org');
  assert.equal(mainValues(postfixOverlay(input('')).mainCf).has('postscreen_dnsbl_sites'), false, 'not set where the user had none');
});

test('--set goes over main.cf and decides what the services are labelled', () => {
  const o = postfixOverlay(input('smtpd_tls_security_level = may\nmail_owner = mailer\n', { settings: { smtpd_tls_security_level: 'none', smtpd_tls_wrappermode: 'yes' } }));
  const v = mainValues(o.mainCf);
  assert.equal(v.get('smtpd_tls_security_level'), 'none');
  assert.deepEqual(o.services.map((s) => s.tls), ['wrapper', 'wrapper']);
  assert.equal(o.mailOwner, 'mailer');
  assert.ok(o.changes[0]?.startsWith('/etc/postfix/main.cf:1: smtpd_tls_security_level = may -> none'), o.changes.join('\n'));
  assert.ok(o.changes.some((c) => c.startsWith('/etc/postfix/master.cf:1: smtp/inet: listens on 127.0.0.1:40001')), 'master.cf changes follow main.cf ones');
});

test('legacy smtpd_use_tls / smtpd_enforce_tls label the services when the level is empty', () => {
  assert.deepEqual(postfixOverlay(input('smtpd_use_tls = yes\n')).services.map((s) => s.tls), ['starttls', 'starttls']);
  assert.deepEqual(postfixOverlay(input('')).services.map((s) => s.tls), ['none', 'starttls']);
});

test('paths into the user directory point at the copy, and only those', () => {
  assert.equal(redirectPaths('a = /srv/pf/maps/x\nb = /srv/pfx/y\n', '/srv/pf', '/lab/x/etc'), 'a = /lab/x/etc/maps/x\nb = /srv/pfx/y\n');
});
