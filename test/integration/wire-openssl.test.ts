// The wire codec against a real OpenSSL 3 server: our ClientHello must be accepted for every
// protocol version, and what comes back (ServerHello, Certificate, ServerKeyExchange, Alert)
// must decode to what the server was configured with. `openssl s_server` serves one
// connection at a time, so the probes run one after the other.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTENT_TYPE,
  HANDSHAKE_TYPE,
  HandshakeReassembler,
  PROTOCOL,
  RecordDeframer,
  buildClientHello,
  certificateChain,
  certificateInfo,
  cipherSuiteByCode,
  cipherSuitesForVersion,
  decodeAlert,
  decodeCertificate,
  decodeServerHello,
  decodeServerKeyExchange,
  encodeSslv2ClientHello,
  type Alert,
  type CipherSuite,
  type BuildClientHelloOptions,
  type HandshakeMessage,
  type ServerHello,
} from '../../src/wire/index.js';

let dir = '';
let server: ChildProcess | undefined;
let port = 0;

interface Reply {
  readonly messages: HandshakeMessage[];
  readonly alerts: Alert[];
  readonly closed: boolean;
  readonly framing: string;
}

/** Sends bytes and collects the server's plaintext flight until ServerHelloDone, a TLS 1.3 ServerHello, an alert or close. */
function exchange(bytes: Uint8Array): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const deframer = new RecordDeframer();
    const reasm = new HandshakeReassembler();
    const messages: HandshakeMessage[] = [];
    const alerts: Alert[] = [];
    let closed = false;
    const sock = connect({ host: '127.0.0.1', port }, () => sock.write(bytes));
    const timer = setTimeout(() => finish(), 5000);
    function finish(): void {
      clearTimeout(timer);
      sock.destroy();
      resolve({ messages, alerts, closed, framing: deframer.framing });
    }
    sock.on('data', (chunk: Buffer) => {
      try {
        for (const frame of deframer.push(new Uint8Array(chunk))) {
          if (frame.kind !== 'tls') continue;
          const rec = frame.record;
          if (rec.type === CONTENT_TYPE.alert) alerts.push(decodeAlert(rec.fragment));
          else if (rec.type === CONTENT_TYPE.handshake) messages.push(...reasm.push(rec.fragment));
          else if (rec.type === CONTENT_TYPE.application_data || rec.type === CONTENT_TYPE.change_cipher_spec) continue;
        }
      } catch (err) {
        clearTimeout(timer);
        sock.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const last = messages[messages.length - 1];
      const tls13 = messages.some((m) => m.type === HANDSHAKE_TYPE.server_hello && decodeServerHello(m.body).negotiatedVersion === PROTOCOL.TLSv1_3);
      if (alerts.length > 0 || last?.type === HANDSHAKE_TYPE.server_hello_done || tls13) finish();
    });
    sock.on('close', () => {
      closed = true;
      finish();
    });
    sock.on('error', () => finish());
  });
}

function serverHelloOf(reply: Reply): ServerHello {
  const m = reply.messages.find((x) => x.type === HANDSHAKE_TYPE.server_hello);
  assert.ok(m, `no ServerHello (alerts: ${reply.alerts.map((a) => a.name).join(',')})`);
  return decodeServerHello(m.body);
}

async function probe(opts: BuildClientHelloOptions): Promise<Reply> {
  return exchange(buildClientHello({ serverName: 'wire.test', ...opts }).bytes);
}

/** Every pre-1.3 suite for the version, ECDHE AEAD first: s_server follows the client's order. */
function suitesFor(version: number): number[] {
  const rank = (s: CipherSuite): number => (s.kx === 'ECDHE' ? 0 : 2) + (s.aead ? 0 : 1);
  return cipherSuitesForVersion(version)
    .filter((s) => s.maxVersion < PROTOCOL.TLSv1_3)
    .sort((a, b) => rank(a) - rank(b))
    .map((s) => s.code);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailtls-wire-openssl-'));
  const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=wire.test/O=mailtls'], { cwd: dir, encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  // OPENSSL_CONF=/dev/null: skip Debian's system-wide MinProtocol/SECLEVEL so TLS 1.0 and 1.1 stay possible
  server = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', 'cert.pem', '-key', 'key.pem', '-cipher', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0', '-min_protocol', 'TLSv1'], {
    // stdin stays an open pipe: s_server shuts down when its stdin reaches EOF
    cwd: dir, env: { ...process.env, OPENSSL_CONF: '/dev/null' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`s_server did not start: ${out}`)), 10_000);
    server?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    server?.on('exit', () => reject(new Error(`s_server exited: ${out}`)));
  });
});

after(() => {
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wire codec against openssl s_server', { timeout: 60_000 }, () => {
  it('TLS 1.2 with every TLS 1.2 suite: ECDHE AEAD suite, x25519, certificate, secure renegotiation, EMS', async () => {
    const reply = await probe({ version: PROTOCOL.TLSv1_2, cipherSuites: suitesFor(PROTOCOL.TLSv1_2) });
    const sh = serverHelloOf(reply);
    assert.equal(sh.negotiatedVersion, PROTOCOL.TLSv1_2);
    const suite = cipherSuiteByCode(sh.cipherSuite);
    assert.ok(suite?.openssl, `server chose ${sh.cipherSuite.toString(16)}`);
    assert.equal(suite.kx, 'ECDHE');
    assert.equal(suite.aead, true);
    assert.notEqual(sh.renegotiationInfo, null);
    assert.equal(sh.renegotiationInfo?.length, 0);
    assert.equal(sh.extendedMasterSecret, true);
    const certMsg = reply.messages.find((m) => m.type === HANDSHAKE_TYPE.certificate);
    assert.ok(certMsg);
    const chain = certificateChain(decodeCertificate(certMsg.body));
    const info = certificateInfo(chain[0] ?? new Uint8Array(0));
    assert.equal(info.subject, 'CN=wire.test, O=mailtls');
    assert.deepEqual([info.keyType, info.keyBits], ['RSA', 2048]);
    const skeMsg = reply.messages.find((m) => m.type === HANDSHAKE_TYPE.server_key_exchange);
    assert.ok(skeMsg);
    const ske = decodeServerKeyExchange(skeMsg.body, { kx: suite.kx, auth: suite.auth, version: sh.negotiatedVersion });
    assert.ok(ske.kind === 'ecdhe');
    assert.equal(ske.group, 29);
    assert.equal(ske.point.length, 32);
    assert.ok(ske.signature && ske.signature.scheme !== null);
    assert.equal(reply.messages[reply.messages.length - 1]?.type, HANDSHAKE_TYPE.server_hello_done);
  });

  for (const [version, name] of [[PROTOCOL.TLSv1_0, 'TLS 1.0'], [PROTOCOL.TLSv1_1, 'TLS 1.1']] as const) {
    it(`${name}: the server answers in that version with a CBC suite and an unprefixed signature`, async () => {
      // Only ephemeral key exchange with the RSA certificate is offered, so the server must send a
      // ServerKeyExchange, and the check of its signature always runs.
      const ephemeral = suitesFor(version).filter((c) => {
        const s = cipherSuiteByCode(c);
        return (s?.kx === 'ECDHE' || s?.kx === 'DHE') && s.auth === 'RSA';
      });
      assert.ok(ephemeral.length > 0);
      const reply = await probe({ version, cipherSuites: ephemeral });
      const sh = serverHelloOf(reply);
      assert.equal(sh.negotiatedVersion, version);
      const suite = cipherSuiteByCode(sh.cipherSuite);
      assert.ok(suite && suite.minVersion <= version && !suite.aead);
      assert.ok(ephemeral.includes(sh.cipherSuite));
      const skeMsg = reply.messages.find((m) => m.type === HANDSHAKE_TYPE.server_key_exchange);
      assert.ok(skeMsg, 'an ECDHE or DHE suite has a ServerKeyExchange');
      const ske = decodeServerKeyExchange(skeMsg.body, { kx: suite.kx, auth: suite.auth, version });
      assert.ok(ske.kind === 'ecdhe' || ske.kind === 'dhe');
      // TLS 1.0 and 1.1 sign with MD5+SHA-1 and carry no SignatureAndHashAlgorithm (RFC 4346 section 7.4.3)
      assert.ok(ske.signature !== null);
      assert.equal(ske.signature.scheme, null);
    });
  }

  it('TLS 1.3: supported_versions selects 1.3, the suite offered, an x25519 key share', async () => {
    const reply = await probe({ version: PROTOCOL.TLSv1_3, cipherSuites: [0x1302] });
    const sh = serverHelloOf(reply);
    assert.equal(sh.version, PROTOCOL.TLSv1_2);
    assert.equal(sh.negotiatedVersion, PROTOCOL.TLSv1_3);
    assert.equal(sh.cipherSuite, 0x1302);
    assert.equal(sh.helloRetryRequest, false);
    assert.equal(sh.keyShareGroup, 29);
    assert.equal(sh.keyShare?.length, 32);
  });

  it('TLS 1.3 with an empty key_share: a HelloRetryRequest naming the group', async () => {
    const reply = await probe({ version: PROTOCOL.TLSv1_3, cipherSuites: [0x1301], groups: [24], keyShares: [] });
    const sh = serverHelloOf(reply);
    assert.equal(sh.helloRetryRequest, true);
    assert.equal(sh.keyShareGroup, 24);
  });

  it('TLS 1.3 with a P-384 share only: the server uses it', async () => {
    const reply = await probe({ version: PROTOCOL.TLSv1_3, cipherSuites: [0x1303], groups: [24] });
    const sh = serverHelloOf(reply);
    assert.equal(sh.keyShareGroup, 24);
    assert.equal(sh.keyShare?.length, 97);
  });

  it('single suites: DHE (prime size), plain RSA (no ServerKeyExchange), anonymous DH (no certificate)', async () => {
    const dhe = await probe({ version: PROTOCOL.TLSv1_2, cipherSuites: [0x009e] });
    assert.equal(serverHelloOf(dhe).cipherSuite, 0x009e);
    const dheSke = dhe.messages.find((m) => m.type === HANDSHAKE_TYPE.server_key_exchange);
    assert.ok(dheSke);
    const params = decodeServerKeyExchange(dheSke.body, { kx: 'DHE', auth: 'RSA', version: PROTOCOL.TLSv1_2 });
    assert.ok(params.kind === 'dhe');
    assert.equal(params.primeBits, 2048);

    const rsa = await probe({ version: PROTOCOL.TLSv1_2, cipherSuites: [0x002f] });
    assert.equal(serverHelloOf(rsa).cipherSuite, 0x002f);
    assert.deepEqual(rsa.messages.map((m) => m.type), [HANDSHAKE_TYPE.server_hello, HANDSHAKE_TYPE.certificate, HANDSHAKE_TYPE.server_hello_done]);

    const anon = await probe({ version: PROTOCOL.TLSv1_2, cipherSuites: [0x0034] });
    assert.equal(serverHelloOf(anon).cipherSuite, 0x0034);
    assert.ok(!anon.messages.some((m) => m.type === HANDSHAKE_TYPE.certificate));
    const anonSke = anon.messages.find((m) => m.type === HANDSHAKE_TYPE.server_key_exchange);
    assert.ok(anonSke);
    const anonParams = decodeServerKeyExchange(anonSke.body, { kx: 'DHE', auth: 'anon', version: PROTOCOL.TLSv1_2 });
    assert.ok(anonParams.kind === 'dhe' && anonParams.signature === null);
  });

  it('alerts: a suite the server lacks, SSLv3, and TLS_FALLBACK_SCSV below its best version', async () => {
    const rc4 = await probe({ version: PROTOCOL.TLSv1_2, cipherSuites: [0x0005] });
    assert.deepEqual(rc4.alerts.map((a) => [a.name, a.fatal]), [['handshake_failure', true]]);
    // OpenSSL 3 logs "version too low" but sends handshake_failure for an SSLv3 hello
    const ssl3 = await probe({ version: PROTOCOL.SSLv3, cipherSuites: [0x002f] });
    assert.ok(!ssl3.messages.some((m) => m.type === HANDSHAKE_TYPE.server_hello));
    assert.ok(ssl3.alerts[0]?.fatal && ['protocol_version', 'handshake_failure'].includes(ssl3.alerts[0].name));
    const fallback = await probe({ version: PROTOCOL.TLSv1_1, cipherSuites: suitesFor(PROTOCOL.TLSv1_1), fallbackScsv: true });
    assert.equal(fallback.alerts[0]?.name, 'inappropriate_fallback');
  });

  it('an SSLv2 CLIENT-HELLO gets no SSLv2 SERVER-HELLO from OpenSSL 3', async () => {
    const reply = await exchange(encodeSslv2ClientHello());
    assert.notEqual(reply.framing, 'sslv2');
    assert.ok(!reply.messages.some((m) => m.type === HANDSHAKE_TYPE.server_hello));
  });
});
