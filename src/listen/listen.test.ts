import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SmtpServerDialogue, MAX_COMMAND_LINE, MAX_COMMANDS, type DialogueEvent } from './dialogue.js';
import { ClientHelloCapture, MAX_CLIENT_HELLO } from './capture.js';
import { describeClientHello } from './offer.js';
import { gradeOffer } from './grade.js';
import { fallbackOf } from './run.js';
import { smtpClientEntry, withLevelTransports } from './probe-postfix.js';
import { encodeClientHello } from '../wire/client-hello.js';
import { encodeHandshake, HANDSHAKE_TYPE } from '../wire/handshake.js';
import { encodeRecord, encodeRecords, CONTENT_TYPE } from '../wire/record.js';
import {
  alpnExtension, extendedMasterSecretExtension, keyShareExtension, renegotiationInfoExtension, serverNameExtension,
  signatureAlgorithmsExtension, supportedGroupsExtension, supportedVersionsExtension,
} from '../wire/client-extensions.js';
import { getProfile } from '../policy/profiles.js';
import { MailtlsError } from '../errors.js';
import type { ListenSession } from './types.js';

const enc = (s: string) => new TextEncoder().encode(s);
const replies = (evs: DialogueEvent[]) => evs.filter((e): e is Extract<DialogueEvent, { kind: 'reply' }> => e.kind === 'reply').map((e) => e.text);
const dialogue = () => new SmtpServerDialogue({ hostname: 'cap.test', offerStarttls: true, maxMessageBytes: 1000 });

function helloRecord(ext = true, version = 0x0303, suites = [0x1301, 0xc02f, 0x0a0a, 0x00ff]): Uint8Array {
  const body = encodeClientHello({
    version, cipherSuites: suites,
    extensions: ext ? [
      serverNameExtension('mx.example'), supportedGroupsExtension([0x1a1a, 29, 23]), signatureAlgorithmsExtension([0x0804, 0x0403]),
      supportedVersionsExtension([0x2a2a, 0x0304, 0x0303]), keyShareExtension([{ group: 29, keyExchange: new Uint8Array(32) }]),
      alpnExtension(['smtp']), extendedMasterSecretExtension(), renegotiationInfoExtension(),
    ] : [],
  });
  return encodeRecords(CONTENT_TYPE.handshake, 0x0301, encodeHandshake({ type: HANDSHAKE_TYPE.client_hello, body }));
}

describe('SMTP server dialogue', () => {
  it('offers STARTTLS in EHLO before TLS only, and hands over the bytes after the STARTTLS line', () => {
    const d = dialogue();
    assert.match(d.greeting(), /^220 cap\.test ESMTP/);
    const ehlo = replies(d.push(enc('EHLO client.example\r\n')))[0] ?? '';
    assert.match(ehlo, /^250-cap\.test\r\n.*250 STARTTLS\r\n$/s);
    const evs = d.push(new Uint8Array([...enc('STARTTLS\r\n'), 0x16, 0x03, 0x01]));
    assert.deepEqual(replies(evs), ['220 2.0.0 Ready to start TLS\r\n']);
    const st = evs.find((e) => e.kind === 'starttls');
    assert.ok(st && st.kind === 'starttls');
    assert.deepEqual([...st.leftover], [0x16, 0x03, 0x01]);
    d.tlsStarted();
    // RFC 3207 section 4.2: the client must say EHLO again, and STARTTLS is no longer offered.
    assert.match(replies(d.push(enc('MAIL FROM:<a@b>\r\n')))[0] ?? '', /^503 /);
    assert.doesNotMatch(replies(d.push(enc('EHLO client.example\r\n')))[0] ?? '', /STARTTLS/);
    assert.match(replies(d.push(enc('STARTTLS\r\n')))[0] ?? '', /^554 /);
  });

  it('accepts a message, counts its bytes (dot transparency) and keeps only the verbs', () => {
    const d = dialogue();
    const evs = d.push(enc('EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nRCPT TO:<e@f>\r\nDATA\r\nSubject: x\r\n..dot\r\n.\r\nQUIT\r\n'));
    assert.deepEqual(replies(evs).map((r) => r.slice(0, 3)), ['250', '250', '250', '250', '354', '250', '221']);
    assert.deepEqual(evs.find((e) => e.kind === 'message'), { kind: 'message', bytes: 'Subject: x\r\n.dot\r\n'.length, recipients: 2 });
    assert.deepEqual(d.commands, ['EHLO', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
    assert.equal(evs.at(-1)?.kind, 'close');
  });

  it('answers out-of-order and unknown commands with 5xx, and a message over the size limit with 552', () => {
    const d = dialogue();
    assert.match(replies(d.push(enc('MAIL FROM:<a@b>\r\n')))[0] ?? '', /^503 /);
    assert.match(replies(d.push(enc('STARTTLS\r\n')))[0] ?? '', /^503 /);
    assert.match(replies(d.push(enc('XYZZY\r\n')))[0] ?? '', /^502 /);
    d.push(enc('HELO c\r\nMAIL FROM:<a@b>\r\n'));
    assert.match(replies(d.push(enc('DATA\r\n')))[0] ?? '', /^554 /);
    d.push(enc('RCPT TO:<c@d>\r\nDATA\r\n'));
    assert.match(replies(d.push(enc(`${'x'.repeat(900)}\r\n${'y'.repeat(900)}\r\n.\r\n`)))[0] ?? '', /^552 /);
  });

  it('ends a session with a coded error on a line too long or too many commands, holding no more than a line', () => {
    const d = dialogue();
    const evs = d.push(new Uint8Array(MAX_COMMAND_LINE + 10).fill(0x41));
    const close = evs.find((e) => e.kind === 'close');
    assert.ok(close && close.kind === 'close' && close.error?.code === 'ETOOLARGE');
    assert.deepEqual(d.push(enc('EHLO x\r\n')), [], 'a closed dialogue answers nothing');
    const many = dialogue();
    const all = many.push(enc('NOOP\r\n'.repeat(MAX_COMMANDS + 5)));
    assert.equal(all.filter((e) => e.kind === 'reply').length, MAX_COMMANDS + 1);
    const c = all.at(-1);
    assert.ok(c?.kind === 'close' && c.error?.code === 'ETOOLARGE');
  });
});

describe('ClientHello capture and report', () => {
  it('decodes a ClientHello that arrives a byte at a time, and keeps every byte for node:tls', () => {
    const rec = helloRecord();
    const cap = new ClientHelloCapture();
    let res = cap.push(rec.subarray(0, 1));
    for (let i = 1; i < rec.length && !res.done; i++) res = cap.push(rec.subarray(i, i + 1));
    assert.ok(res.done);
    assert.deepEqual([...res.raw], [...rec]);
    const o = describeClientHello(res.hello, res.recordVersion, res.bytes);
    assert.equal(o.recordVersion, 'TLSv1.0');
    assert.deepEqual(o.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(o.supportedVersions, ['GREASE 0x2A2A', 'TLSv1.3', 'TLSv1.2']);
    assert.deepEqual(o.suites.map((s) => s.name), ['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'GREASE 0x0A0A', 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV']);
    assert.equal(o.suites[3]?.signalling, true);
    assert.deepEqual(o.groups?.map((g) => g.name), ['GREASE 0x1A1A', 'x25519', 'secp256r1']);
    assert.deepEqual(o.keyShares?.map((k) => [k.name, k.length]), [['x25519', 32]]);
    assert.deepEqual(o.signatureSchemes?.map((g) => g.name), ['rsa_pss_rsae_sha256', 'ecdsa_secp256r1_sha256']);
    assert.equal(o.serverName, 'mx.example');
    assert.deepEqual(o.alpn, ['smtp']);
    assert.equal(o.facts.extendedMasterSecret, true);
    assert.equal(o.facts.secureRenegotiation, true);
    assert.equal(o.facts.grease, true);
    assert.equal(o.extensions.length, 8);
  });

  it('takes legacy_version alone when there is no supported_versions: the floor is not in the hello (RFC 5246 E.1)', () => {
    const res = new ClientHelloCapture().push(helloRecord(false, 0x0302, [0x0005, 0x000a]));
    assert.ok(res.done);
    const o = describeClientHello(res.hello, res.recordVersion, res.bytes);
    assert.deepEqual(o.versions, ['TLSv1.1']);
    assert.deepEqual(o.versionsUnknown, ['TLSv1.0']);
    assert.equal(o.supportedVersions, null);
    assert.equal(o.groups, null);
    // Graded as a client: RC4 and 3DES offered, TLS 1.0/1.1 only, no EMS.
    const g = gradeOffer(getProfile('mail'), o);
    assert.deepEqual(g.rules.map((r) => r.id).sort(), ['cipher-suites', 'compression', 'extended-master-secret', 'key-exchange', 'renegotiation', 'tls-versions']);
    assert.notEqual(g.rules.find((r) => r.id === 'cipher-suites')?.outcome, 'pass');
    assert.notEqual(g.rules.find((r) => r.id === 'tls-versions')?.outcome, 'pass');
    assert.ok(g.notForClients.includes('certificate'));
  });

  it('keeps a malformed extension body as a warning, not an error', () => {
    const body = encodeClientHello({ version: 0x0303, cipherSuites: [0x1301], extensions: [{ type: 10, data: new Uint8Array([0, 3, 0]) }] });
    const res = new ClientHelloCapture().push(encodeRecord({ type: 22, version: 0x0301, fragment: encodeHandshake({ type: 1, body }) }));
    assert.ok(res.done);
    const o = describeClientHello(res.hello, res.recordVersion, res.bytes);
    assert.equal(o.groups, null);
    assert.match(o.warnings[0] ?? '', /supported_groups/);
  });

  it('fails with coded errors on garbage, alerts, SSLv2 hellos, other messages and hostile lengths', () => {
    const code = (bytes: number[] | Uint8Array) => {
      try {
        new ClientHelloCapture().push(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
        return 'none';
      } catch (err) {
        assert.ok(err instanceof MailtlsError);
        return err.code;
      }
    };
    assert.equal(code([...enc('EHLO again\r\n')]), 'EDECODE');
    assert.equal(code([21, 3, 1, 0, 2, 2, 40]), 'ETLS_ALERT');
    assert.equal(code([23, 3, 3, 0, 1, 0]), 'ETLS_PROTOCOL');
    assert.equal(code([0x80, 0x03, 1, 0, 2]), 'EDECODE');
    assert.equal(code([22, 3, 1, 0xff, 0xff]), 'ETOOLARGE');
    assert.equal(code([22, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff]), 'ETOOLARGE');
    assert.equal(code([22, 3, 1, 0, 4, 2, 0, 0, 0]), 'ETLS_PROTOCOL');
    // One byte over the cap is refused at the header; the largest allowed one full of zeros is garbage, not a crash.
    const len = MAX_CLIENT_HELLO + 1;
    assert.equal(code(encodeRecord({ type: 22, version: 0x0301, fragment: new Uint8Array([1, len >> 16, (len >> 8) & 0xff, len & 0xff]) })), 'ETOOLARGE');
    const cap = new ClientHelloCapture();
    const max = MAX_CLIENT_HELLO;
    assert.throws(() => {
      cap.push(encodeRecord({ type: 22, version: 0x0301, fragment: new Uint8Array([1, max >> 16, (max >> 8) & 0xff, max & 0xff]) }));
      for (let i = 0; i < 10; i++) cap.push(encodeRecord({ type: 22, version: 0x0301, fragment: new Uint8Array(16000) }));
    }, (e: unknown) => e instanceof MailtlsError && e.code === 'ELENGTH');
  });
});

describe('listen helpers', () => {
  const s = (index: number, o: Partial<ListenSession>): ListenSession => ({
    index, peer: { address: '127.0.0.1', port: 1 }, startedAt: '', durationMs: 0, ehlo: 'x', commands: [], starttls: false,
    clientHello: null, handshake: { outcome: 'not-attempted', protocol: null, cipher: null, error: null }, message: null, error: null, ...o,
  });
  it('counts a plaintext delivery after a refused handshake as a fallback', () => {
    const refused = s(0, { starttls: true, commands: ['EHLO', 'STARTTLS'], handshake: { outcome: 'refused', protocol: null, cipher: null, error: null } });
    assert.equal(fallbackOf([s(0, { commands: ['EHLO', 'MAIL'] })]), null);
    assert.deepEqual(fallbackOf([refused]), { refused: 1, plaintextRetries: 0, retriedInPlaintext: false });
    assert.deepEqual(fallbackOf([refused, s(1, { commands: ['EHLO', 'MAIL', 'RCPT', 'DATA'] })]), { refused: 1, plaintextRetries: 1, retriedInPlaintext: true });
  });

  it('clones the last smtp unix entry of master.cf, with its -o options, once per level', () => {
    const master = 'smtp inet n - y - - smtpd\nsmtp unix - - y - - smtp\n  -o smtp_tls_protocols=>=TLSv1.2\n# c\nrelay unix - - y - - smtp\n';
    assert.deepEqual([...smtpClientEntry(master).overrides], [['smtp_tls_protocols', '>=TLSv1.2']]);
    const out = withLevelTransports(master, ['may', 'fingerprint'], 'AA:BB');
    assert.match(out, /^mailtls-may unix - - y - - smtp\n {2}-o smtp_tls_protocols=>=TLSv1\.2\n {2}-o syslog_name=postfix\/mailtls-may\n {2}-o smtp_tls_security_level=may$/m);
    assert.match(out, /-o smtp_tls_security_level=fingerprint\n {2}-o smtp_tls_fingerprint_digest=sha256\n {2}-o smtp_tls_fingerprint_cert_match=AA:BB/);
    assert.ok(out.startsWith(master));
  });
});
