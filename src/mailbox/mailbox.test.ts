import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryPair } from '../net/index.js';
import { MailtlsError } from '../errors.js';
import {
  mailboxAfterTls, mailboxStartTls, parseImapCapabilities, parseImapLine, parsePop3Capabilities, sieveStrings, ImapClient,
} from './index.js';

const coded = (code: string) => (e: unknown) => e instanceof MailtlsError && e.code === code;

/** A scripted peer: strings are sent, regular expressions wait for the client's line. */
async function script(server: ReturnType<typeof memoryPair>[1], steps: (string | RegExp)[]) {
  let buf = '';
  for (const step of steps) {
    if (typeof step === 'string') { await server.write(step); continue; }
    while (!step.test(buf)) {
      const c = await server.read(2000).catch(() => null);
      if (c === null) return;
      buf += Buffer.from(c).toString();
    }
    buf = '';
  }
}

test('IMAP lines: tags, status, response codes', () => {
  assert.deepEqual(parseImapLine('* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.'), { tag: '*', kind: 'OK', code: 'CAPABILITY IMAP4rev1 STARTTLS', text: 'Dovecot ready.' });
  assert.deepEqual(parseImapLine('m2 OK Begin TLS negotiation now.'), { tag: 'm2', kind: 'OK', code: null, text: 'Begin TLS negotiation now.' });
  assert.deepEqual(parseImapLine('+ go ahead'), { tag: '+', kind: '', code: null, text: 'go ahead' });
  assert.equal(parseImapLine(''), null);
});

test('capabilities: LOGINDISABLED, AUTH= (IMAP), USER and SASL (POP3), case-insensitive', () => {
  const hardened = parseImapCapabilities(['IMAP4rev1', 'SASL-IR', 'starttls', 'LOGINDISABLED']);
  assert.deepEqual([hardened.starttls, hardened.loginDisabled, hardened.plaintextLogin, hardened.sasl], [true, true, false, []]);
  const lax = parseImapCapabilities(['IMAP4rev1', 'STARTTLS', 'AUTH=PLAIN', 'auth=login']);
  assert.deepEqual([lax.loginDisabled, lax.plaintextLogin, lax.sasl], [false, true, ['PLAIN', 'LOGIN']]);
  const pop = parsePop3Capabilities(['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'STLS', 'user', 'SASL PLAIN login']);
  assert.deepEqual([pop.starttls, pop.plaintextLogin, pop.sasl, pop.loginDisabled], [true, true, ['PLAIN', 'LOGIN'], null]);
});

test('ManageSieve strings: escapes, and null for what is not only strings', () => {
  assert.deepEqual(sieveStrings('"SASL" "PLAIN LOGIN"'), ['SASL', 'PLAIN LOGIN']);
  assert.deepEqual(sieveStrings('"IMPLEMENTATION" "a \\"b\\" \\\\c"'), ['IMPLEMENTATION', 'a "b" \\c']);
  assert.equal(sieveStrings('"unterminated'), null);
  assert.equal(sieveStrings('{5}'), null);
});

test('IMAP: capabilities from the greeting, STARTTLS, injected plaintext discarded and reported', async () => {
  const [client, server] = memoryPair();
  const peer = script(server, [
    '* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.\r\n',
    /^m1 STARTTLS\r\n$/, 'm1 OK Begin TLS negotiation now.\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n',
  ]);
  const res = await mailboxStartTls('imap', client, { timeoutMs: 1000 });
  await peer;
  assert.equal(res.greeting, 'Dovecot ready.');
  assert.deepEqual(res.capabilities.sasl, ['PLAIN']);
  assert.equal(res.capabilities.loginDisabled, false);
  assert.ok(res.injected && res.injected.bytes > 30);
  assert.match(res.injected.sample, /injected/);
});

test('IMAP: a greeting without capabilities costs one CAPABILITY; after TLS, CAPABILITY then LOGOUT', async () => {
  const [client, server] = memoryPair();
  const peer = script(server, ['* OK ready\r\n', /m1 CAPABILITY\r\n/, '* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\nm1 OK done\r\n', /m2 STARTTLS/, 'm2 OK go\r\n']);
  const res = await mailboxStartTls('imap', client, { timeoutMs: 1000 });
  await peer;
  assert.equal(res.capabilities.loginDisabled, true);
  assert.equal(res.injected, null);
  const [c2, s2] = memoryPair();
  const peer2 = script(s2, [/m1 CAPABILITY/, '* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nm1 OK\r\n', /m2 LOGOUT/, '* BYE\r\nm2 OK\r\n']);
  const after = await mailboxAfterTls('imap', c2, { timeoutMs: 1000 }, false);
  await peer2;
  assert.deepEqual(after, { greeting: null, capabilities: parseImapCapabilities(['IMAP4rev1', 'AUTH=PLAIN']) });
});

test('POP3: CAPA (dot-stuffed, terminated by a lone dot), STLS', async () => {
  const [client, server] = memoryPair();
  const peer = script(server, ['+OK Dovecot ready.\r\n', /^CAPA\r\n$/, '+OK\r\nCAPA\r\nTOP\r\n..odd\r\nSTLS\r\nSASL\r\n.\r\n', /^STLS\r\n$/, '+OK Begin TLS negotiation now.\r\n']);
  const res = await mailboxStartTls('pop3', client, { timeoutMs: 1000 });
  await peer;
  assert.equal(res.greeting, 'Dovecot ready.');
  assert.deepEqual(res.capabilities.lines, ['CAPA', 'TOP', '.odd', 'STLS', 'SASL']);
  assert.deepEqual([res.capabilities.plaintextLogin, res.capabilities.sasl], [false, []]);
});

test('ManageSieve: the greeting is the capability list; STARTTLS; capabilities re-issued after TLS', async () => {
  const [client, server] = memoryPair();
  const caps = '"IMPLEMENTATION" "Dovecot Pigeonhole"\r\n"SIEVE" "fileinto reject"\r\n"SASL" ""\r\n"STARTTLS"\r\n"VERSION" "1.0"\r\n';
  const peer = script(server, [`${caps}OK "Dovecot ready."\r\n`, /^STARTTLS\r\n$/, 'OK "Begin TLS negotiation now."\r\n']);
  const res = await mailboxStartTls('sieve', client, { timeoutMs: 1000 });
  await peer;
  assert.equal(res.greeting, 'Dovecot ready.');
  assert.deepEqual([res.capabilities.starttls, res.capabilities.sasl], [true, []]);
  assert.ok(res.capabilities.lines.includes('SIEVE fileinto reject'));
  const [c2, s2] = memoryPair();
  const peer2 = script(s2, ['"IMPLEMENTATION" "Dovecot Pigeonhole"\r\n"SASL" "PLAIN LOGIN"\r\nOK "TLS negotiation successful."\r\n', /LOGOUT/, 'OK "Logout completed."\r\n']);
  const after = await mailboxAfterTls('sieve', c2, { timeoutMs: 1000 }, false);
  await peer2;
  assert.deepEqual(after.capabilities.sasl, ['PLAIN', 'LOGIN']);
});

test('no STARTTLS, BYE and -ERR greetings, NO to STARTTLS, garbage, endless lists, silence: coded errors', async () => {
  const cases: [string, (string | RegExp)[], 'imap' | 'pop3' | 'sieve', string][] = [
    ['imap without STARTTLS', ['* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n', /LOGOUT/, '* BYE\r\n'], 'imap', 'ENOSTARTTLS'],
    ['imap BYE', ['* BYE Too many connections\r\n'], 'imap', 'EMAILBOX_REFUSED'],
    ['imap NO to STARTTLS', ['* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n', /STARTTLS/, 'm1 NO not now\r\n'], 'imap', 'EMAILBOX_REPLY'],
    ['imap garbage', ['HTTP/1.1 400 Bad Request\r\n'], 'imap', 'EMAILBOX_PROTOCOL'],
    ['smtp banner to imap', ['220 mx.example ESMTP\r\n'], 'imap', 'EMAILBOX_PROTOCOL'],
    ['pop3 -ERR', ['-ERR [SYS/TEMP] go away\r\n'], 'pop3', 'EMAILBOX_REFUSED'],
    ['pop3 without STLS', ['+OK hi\r\n', /CAPA/, '+OK\r\nUSER\r\n.\r\n', /QUIT/, '+OK\r\n'], 'pop3', 'ENOSTARTTLS'],
    ['sieve literal', ['{12}\r\n'], 'sieve', 'EMAILBOX_PROTOCOL'],
    ['sieve BYE greeting', ['"IMPLEMENTATION" "x"\r\nBYE "busy"\r\n'], 'sieve', 'EMAILBOX_REFUSED'],
  ];
  for (const [name, steps, protocol, code] of cases) {
    const [client, server] = memoryPair();
    void script(server, steps);
    await assert.rejects(mailboxStartTls(protocol, client, { timeoutMs: 500 }), coded(code), name);
  }
  {
    const [client, server] = memoryPair();
    void (async () => { await server.write('+OK hi\r\n'); await server.read(1000); await server.write('+OK\r\n'); for (let i = 0; i < 400; i++) await server.write(`X${i}\r\n`); })();
    await assert.rejects(mailboxStartTls('pop3', client, { timeoutMs: 1000 }), coded('EMAILBOX_PROTOCOL'));
  }
  {
    const [client, server] = memoryPair();
    void server.write(`* OK ${'x'.repeat(5000)}`);
    await assert.rejects(new ImapClient(client, { timeoutMs: 500 }).greeting(), coded('ETOOLARGE'));
  }
  {
    const [client] = memoryPair();
    await assert.rejects(mailboxStartTls('sieve', client, { timeoutMs: 50 }), coded('ETIMEOUT'));
  }
});
