import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEBIAN_DH, listenerBlock, missingFileLines, overlayLines } from './overlay.js';

const CERTS = { rsa: { cert: '/lab/d/rsa-cert.pem', key: '/lab/d/rsa-key.pem' }, ecdsa: { cert: '/lab/d/ecdsa-cert.pem', key: '/lab/d/ecdsa-key.pem' } };

test('2.3 `<file` lines and 2.4 *_file paths that are missing get the lab files; present ones and plain values stay', () => {
  const text = [
    'ssl = required',
    'ssl_cert = </etc/ssl/certs/mail.pem',
    'ssl_key = <private/mail.key',
    '  ssl_alt_cert = </etc/here.pem',
    'ssl_dh = </usr/share/dovecot/dh.pem',
    'ssl_server_alt_key_file = /nowhere/ec.key',
    'ssl_cert = /plain/value/not/a/file/read',
  ].join('\n');
  const r = missingFileLines(text, '/lab/d/etc/conf.d', CERTS, (p) => p === '/etc/here.pem');
  assert.deepEqual(r.map((x) => [x.index, x.line]), [
    [1, `ssl_cert = <${CERTS.rsa.cert}`],
    [2, `ssl_key = <${CERTS.rsa.key}`],
    [4, `ssl_dh = <${DEBIAN_DH}`],
    [5, `ssl_server_alt_key_file = ${CERTS.ecdsa.key}`],
  ]);
  assert.equal(r[1]?.was, 'private/mail.key', 'a relative path is looked up beside the file, reported as written');
});

test('the instance keeps its files, sockets and log inside its directory and listens on its address only', () => {
  const m = new Map(overlayLines('/lab/d', 'imapt', '127.0.0.2').map(([k, v]) => [k, v]));
  assert.equal(m.get('base_dir'), '/lab/d/run');
  assert.equal(m.get('log_path'), '/lab/d/dovecot.log');
  assert.equal(m.get('instance_name'), 'mailtls-lab-imapt');
  assert.equal(m.get('listen'), '127.0.0.2');
});

test('a listener is moved to the lab address and port, haproxy off, and the change says what it was', () => {
  const b = listenerBlock({ service: 'imap-login', name: 'imaps', protocol: 'imap', port: 993, address: '', ssl: true, haproxy: true }, '127.0.0.2', 41000);
  assert.deepEqual(b.lines, ['service imap-login {', '  inet_listener imaps {', '    address = 127.0.0.2', '    port = 41000', '    haproxy = no', '  }', '}']);
  assert.equal(b.change, 'service imap-login { inet_listener imaps { address = 127.0.0.2, port = 41000 } }  (was *:993, haproxy off)');
});
