/**
 * `mailtls scan --vulns` against scripted servers (test/helpers/fake-server.ts) that answer as
 * the vulnerable implementations did, each behaviour with its advisory or fix commit; and
 * against hostile answers, which must end as `unknown (why)`, in bounded time and memory.
 * (The lab Postfix, the not-vulnerable case, is in scan-vulns-lab.test.ts.)
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, createPrivateKey, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket, createSecureContext } from 'node:tls';
import { scanHost } from '../../src/scan/engine.js';
import type { ScanOptions } from '../../src/scan/context.js';
import type { ScanReport } from '../../src/scan/types.js';
import { decodeClientHello } from '../../src/wire/client-hello.js';
import { encodeServerHello } from '../../src/wire/server-hello.js';
import { encodeCertificate } from '../../src/wire/certificate.js';
import { encodeHandshake } from '../../src/wire/handshake.js';
import { heartbeatExtension } from '../../src/wire/server-extensions.js';
import { renegotiationInfoExtension } from '../../src/wire/client-extensions.js';
import { EXTENSION } from '../../src/wire/registry/extensions.js';
import { startFakeServer, smtpUntilStarttls, alert, record, type FakeConn } from '../helpers/fake-server.js';

// Timeouts short enough for the silent cases, long enough for a loaded 2-core machine.
const FAST: Partial<ScanOptions> = { timeoutMs: 2000, greetTimeoutMs: 2000, backoffMs: 30, concurrency: 8, vulns: true };
let certDer: Buffer;
let certPem: string;
let keyPem: string;
let privateKey: KeyObject;

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-vulnfake-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=vuln.test', '-days', '2',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  certPem = readFileSync(join(dir, 'c.pem'), 'utf8');
  keyPem = readFileSync(join(dir, 'k.pem'), 'utf8');
  certDer = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']);
  privateKey = createPrivateKey(keyPem);
});

/** How the scripted server misbehaves after its first flight. */
interface Script {
  /** Suites per wire version, server order. */
  readonly accept: ReadonlyMap<number, readonly number[]>;
  readonly heartbleed?: 'leak' | 'huge' | 'garbage' | 'silent';
  readonly ccs?: boolean;
  readonly compression?: boolean;
  readonly noRenegotiationInfo?: boolean;
  readonly robot?: boolean;
}

const u16 = (n: number) => [n >> 8, n & 0xff];

/**
 * A TLS ≤1.2 server of before 2014: picks the best version and suite, ignores
 * TLS_FALLBACK_SCSV (RFC 7507 came in 2015), then plays the script.
 */
async function legacyServer(c: FakeConn, s: Script): Promise<void> {
  if (!(await smtpUntilStarttls(c))) return;
  const rec = await c.readRecord();
  if (!rec || rec.sslv2 || rec.body[0] !== 1) { c.send(alert(40, 0x0300)); return; }
  const ch = decodeClientHello(rec.body.subarray(4));
  const sv = ch.extensions.find((e) => e.type === EXTENSION.supported_versions);
  const offered = sv ? 0x0303 : ch.version;
  const version = [...s.accept.keys()].filter((v) => v <= offered).sort((a, b) => b - a)[0];
  if (version === undefined) { c.send(alert(70, 0x0300)); return; }
  const suite = (s.accept.get(version) ?? []).find((x) => ch.cipherSuites.includes(x));
  if (suite === undefined) { c.send(alert(40, version)); return; }
  const wantsHeartbeat = ch.extensions.some((e) => e.type === EXTENSION.heartbeat);
  const extensions = [
    ...(s.noRenegotiationInfo || version === 0x0300 ? [] : [renegotiationInfoExtension()]),
    // OpenSSL 1.0.1 echoed the heartbeat extension to any client that sent it (ssl/t1_lib.c).
    ...(s.heartbleed && wantsHeartbeat && version !== 0x0300 ? [heartbeatExtension(1)] : []),
  ];
  const hello = encodeServerHello({
    version, random: randomBytes(32), sessionId: randomBytes(32), cipherSuite: suite,
    // A server built with zlib picked DEFLATE when offered (CRIME, CVE-2012-4929; OpenSSL 1.0.1 before NO_COMPRESSION).
    compression: s.compression && ch.compression.includes(1) ? 1 : 0, extensions,
  });
  const flight = Buffer.concat([
    encodeHandshake({ type: 2, body: hello }),
    encodeHandshake({ type: 11, body: encodeCertificate({ context: new Uint8Array(0), entries: [{ der: certDer, extensions: [] }] }) }),
    encodeHandshake({ type: 14, body: new Uint8Array(0) }),
  ]);
  c.send(record(22, version, flight));
  let ccsSeen = 0;
  let pmsConformant: boolean | null = null;
  for (;;) {
    const r = await c.readRecord(1500);
    if (!r) return;
    if (r.type === 24 && s.heartbleed) {
      const claimed = r.body.readUInt16BE(1);
      if (s.heartbleed === 'leak') {
        // OpenSSL 1.0.1f tls1_process_heartbeat: type response, the claimed length, memcpy of
        // `payload` bytes from the request whatever its real length, 16 bytes of padding; fixed in
        // 1.0.1g (OpenSSL Security Advisory of 7 April 2014, "add heartbeat extension bounds check").
        const memory = Buffer.from('user=alice pass=secret '.repeat(8)).subarray(0, claimed);
        c.send(record(24, version, Buffer.concat([Buffer.from([2, ...u16(claimed)]), memory, randomBytes(16)])));
      } else if (s.heartbleed === 'huge') {
        // hostile: a heartbeat record header claiming 65535 bytes, then a flood
        c.send(Buffer.from([24, 3, 3, 0xff, 0xff]));
        for (let i = 0; i < 64; i++) c.send(randomBytes(16 * 1024));
      } else if (s.heartbleed === 'garbage') {
        c.send(Buffer.from('this is not TLS at all\r\n'));
      } else {
        await new Promise((res) => setTimeout(res, 3000)); // silent
      }
      continue;
    }
    if (r.type === 20 && s.ccs) {
      // OpenSSL before 1.0.1h (CVE-2014-0224; OpenSSL Security Advisory of 5 June 2014, Kikuchi's
      // write-up at ccsinjection.lepidum.co.jp) took the first early CCS and switched to keys from
      // an empty master secret; the next record then failed its MAC check.
      ccsSeen++;
      if (ccsSeen === 2) { c.send(alert(20, version)); return; }
      continue;
    }
    if (r.type === 22 && s.robot && r.body[0] === 16) {
      // Bleichenbacher's oracle (CRYPTO '98, section 4; the ROBOT paper, USENIX Security 2018,
      // section 3): a server that says whether the PKCS #1 block was conformant. This one answers
      // a non-conformant block at once with decrypt_error, a conformant one (wrong version
      // included, as RFC 5246 section 7.4.7.1 lets it) only at the Finished with bad_record_mac.
      const ct = r.body.subarray(6);
      const block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ct);
      const sep = block.indexOf(0, 2);
      pmsConformant = block[0] === 0 && block[1] === 2 && sep >= 10 && block.length - sep - 1 === 48;
      if (!pmsConformant) { c.send(alert(51, version)); return; }
      continue;
    }
    if (r.type === 22 && s.robot && pmsConformant !== null) { c.send(alert(20, version)); return; }
    if (r.type === 21) return;
  }
}

async function scanScript(script: Script, opts: Partial<ScanOptions> = {}): Promise<{ report: ScanReport; ms: number }> {
  const server = await startFakeServer((c) => legacyServer(c, script));
  try {
    const t0 = Date.now();
    const report = await scanHost({ host: '127.0.0.1', port: server.port, starttls: true }, { ...FAST, ...opts });
    return { report, ms: Date.now() - t0 };
  } finally {
    await server.close();
  }
}
const v = (r: ScanReport, id: string) => r.vulns?.find((x) => x.id === id);
const TLS12_GCM = new Map([[0x0303, [0xc02f]]]); // ECDHE only: ROBOT does not apply

test('Heartbleed: an OpenSSL 1.0.1f-style heartbeat echo is found, the leak is not shown', async () => {
  const { report } = await scanScript({ accept: TLS12_GCM, heartbleed: 'leak' });
  const hb = v(report, 'heartbleed');
  assert.equal(hb?.status, 'vulnerable', hb?.why);
  assert.equal(hb?.connections, 1);
  assert.doesNotMatch(JSON.stringify(report), /pass=secret/, 'leaked memory stays out of the report');
  const f = report.findings.find((x) => x.id === 'heartbleed');
  assert.equal(f?.severity, 'critical');
  assert.match(f?.detail ?? '', /replace the private key/);
});

test('CCS injection: an early ChangeCipherSpec accepted, bad_record_mac on the next record', async () => {
  const { report } = await scanScript({ accept: TLS12_GCM, ccs: true });
  assert.equal(v(report, 'ccs-injection')?.status, 'vulnerable', v(report, 'ccs-injection')?.why);
  assert.ok(report.findings.some((x) => x.id === 'ccs-injection'));
});

test('a pre-2014 server: compression, no renegotiation_info, SSLv3 with CBC and no FALLBACK_SCSV, export RSA and DH', async () => {
  // OpenSSL before 0.9.8m sent no renegotiation_info (RFC 5746, CVE-2009-3555); OpenSSL builds
  // kept export suites until 1.0.1s/1.0.2g (March 2016), and servers that accepted them were FREAK's
  // (CVE-2015-0204, export RSA) and Logjam's (weakdh.org, export DHE) targets; SSLv3 with CBC is POODLE's.
  const accept = new Map<number, number[]>([
    [0x0300, [0x002f, 0x0014]], // AES128-SHA, EXP-EDH-RSA-DES-CBC-SHA
    [0x0301, [0x002f, 0x0003, 0x0014]], // AES128-SHA, EXP-RC4-MD5, EXP-EDH-RSA-DES-CBC-SHA
  ]);
  const { report } = await scanScript({ accept, compression: true, noRenegotiationInfo: true }, { vulns: false });
  const want = { crime: 'vulnerable', 'secure-renegotiation': 'vulnerable', poodle: 'vulnerable', 'fallback-scsv': 'vulnerable', freak: 'vulnerable', logjam: 'vulnerable', beast: 'vulnerable', 'downgrade-sentinel': 'not applicable' };
  for (const [id, status] of Object.entries(want)) assert.equal(v(report, id)?.status, status, `${id}: ${v(report, id)?.why ?? ''}`);
  // Findings: the existing ones carry the remedy, none twice.
  const ids = report.findings.map((f) => f.id);
  for (const id of ['tls-compression', 'insecure-renegotiation', 'sslv3', 'no-fallback-scsv', 'export-ciphers']) assert.ok(ids.includes(id), `${id} in ${ids.join(',')}`);
  assert.equal(new Set(ids).size, ids.length);
  assert.match(report.findings.find((f) => f.id === 'tls-compression')?.detail ?? '', /tls_ssl_options = NO_COMPRESSION/);
});

test('ROBOT: distinct alerts for conformant and non-conformant premaster secrets, seen twice', async () => {
  const { report } = await scanScript({ accept: new Map([[0x0303, [0x002f, 0x0035]]]), robot: true });
  const r = v(report, 'robot');
  assert.equal(r?.status, 'vulnerable', r?.why);
  assert.equal(r?.connections, 10, 'five premaster secrets, repeated to confirm');
  assert.match(r?.why ?? '', /wrong first bytes: alert decrypt_error \(51\)/);
  assert.match(report.findings.find((f) => f.id === 'robot')?.detail ?? '', /kRSA to smtpd_tls_exclude_ciphers/);
});

test('hostile heartbeat answers (a 64 KiB record claim and a flood, garbage, silence) end as unknown, in bounded time', async () => {
  for (const mode of ['huge', 'garbage', 'silent'] as const) {
    const { report, ms } = await scanScript({ accept: TLS12_GCM, heartbleed: mode });
    const hb = v(report, 'heartbleed');
    assert.equal(hb?.status, 'unknown', `${mode}: ${hb?.status ?? ''} ${hb?.why ?? ''}`);
    assert.ok(hb?.why.length, 'says why');
    assert.ok(ms < 15_000, `${mode} took ${ms} ms`);
  }
});

test('Ticketbleed: an F5-style 32-byte session ID echo of a real ticket', async () => {
  // The first connections get a real TLS server (node:tls, which issues TLS 1.2 tickets); a hello
  // that resumes with a ticket and a 16-byte session ID gets F5's answer: BIG-IP echoed 32
  // bytes of session ID whatever the length sent (CVE-2016-9244, F5 K05121675, filippo.io/Ticketbleed).
  const ctx = createSecureContext({ key: keyPem, cert: certPem, maxVersion: 'TLSv1.2' });
  const server = await startFakeServer(async (c) => {
    if (!(await smtpUntilStarttls(c))) return;
    const rec = await c.readRecord();
    if (!rec || rec.sslv2) return;
    const raw = record(rec.type, rec.version, rec.body);
    let ch;
    try { ch = decodeClientHello(rec.body.subarray(4)); } catch { ch = null; }
    const ticket = ch?.extensions.find((e) => e.type === EXTENSION.session_ticket);
    if (ch && ticket && ticket.data.length > 0 && ch.sessionId.length === 16) {
      const hello = encodeServerHello({ version: 0x0303, random: randomBytes(32), sessionId: Buffer.concat([ch.sessionId, randomBytes(16)]), cipherSuite: ch.cipherSuites[0] ?? 0x002f, compression: 0, extensions: [renegotiationInfoExtension()] });
      c.send(record(22, 0x0303, Buffer.from(encodeHandshake({ type: 2, body: hello }))));
      c.send(record(20, 0x0303, Buffer.from([1])));
      await c.readRecord(1000);
      return;
    }
    const socket = c.detach(raw);
    const tlsSocket = new TLSSocket(socket, { isServer: true, secureContext: ctx });
    tlsSocket.on('error', () => undefined);
    tlsSocket.on('data', () => undefined);
    await new Promise<void>((res) => { tlsSocket.once('close', () => res()); setTimeout(res, 3000); });
  });
  try {
    const report = await scanHost({ host: '127.0.0.1', port: server.port, starttls: true }, FAST);
    const tb = v(report, 'ticketbleed');
    assert.equal(tb?.status, 'vulnerable', tb?.why);
    assert.equal(tb?.connections, 2);
    assert.match(tb?.why ?? '', /echoed 32 bytes for a 16-byte session ID/);
  } finally {
    await server.close();
  }
});
