import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, privateDecrypt, constants, getDiffieHellman, createDiffieHellman } from 'node:crypto';
import { cipherRef } from '../suites.js';
import type { ProtocolName, ProtocolResult, ScanReport, TlsFacts } from '../types.js';
import { derivedVulns, drownAcross, commonPrimeName, NO_FACTS, type DerivedFacts } from './derived.js';
import { heartbleedRequest, judgeHeartbleed, HEARTBLEED_CLAIMED } from './heartbleed.js';
import { ccsInjection, judgeCcs } from './ccs.js';
import { judgeRenegotiations } from './renegotiation.js';
import { robotPlaintext, robotFlight, judgeRobot, ROBOT_VARIANTS } from './robot.js';
import { judgeTicketbleed } from './ticketbleed.js';
import { allVulns } from './index.js';
import { SHARED_DH_PRIMES } from './common-primes.js';
import { scanFindings } from '../findings.js';
import { decodeHeartbeat, encodeHeartbeat } from '../../wire/heartbeat.js';
import { RecordDeframer } from '../../wire/record.js';
import { bytesToBigInt, rsaEncryptRaw } from '../../wire/client-key-exchange.js';

const TLS: TlsFacts = { secureRenegotiation: true, extendedMasterSecret: true, encryptThenMac: null, sessionTickets: true, compression: 'none', fallbackScsv: true, dhBits: null, dhBitsSuites: [], helloRetryRequest: true };
const proto = (version: ProtocolResult['version'], codes: number[]): ProtocolResult => ({ version, offered: codes.length > 0, serverPreference: null, ciphers: codes.map(cipherRef) });
const modern = [proto('SSLv2', []), proto('SSLv3', []), proto('TLSv1.0', []), proto('TLSv1.1', []), proto('TLSv1.2', [0xc02f, 0xc030]), proto('TLSv1.3', [0x1301])];
const byId = (r: ReturnType<typeof derivedVulns>) => Object.fromEntries(r.map((v) => [v.id, v]));
const sentinelOk: DerivedFacts = { ...NO_FACTS, sentinel: new Map([['TLSv1.2', { with: 3, without: 0 }]]), heartbeat: false };

test('a modern server is not vulnerable to anything the scan can judge alone, at no connection', () => {
  const v = byId(derivedVulns({ protocols: modern, tls: TLS, certificates: [] }, sentinelOk));
  for (const id of ['heartbleed', 'secure-renegotiation', 'crime', 'poodle', 'fallback-scsv', 'sweet32', 'freak', 'logjam', 'drown', 'beast', 'lucky13', 'rc4', 'downgrade-sentinel']) {
    assert.equal(v[id]?.status, 'not vulnerable', `${id}: ${v[id]?.why ?? 'missing'}`);
  }
  assert.equal(v['fallback-scsv']?.connections, 1, 'the fallback probe is the scan\'s own connection');
  assert.equal(v.crime?.connections, 0);
});

test('old suites and protocols: POODLE, SWEET32, FREAK, Logjam, RC4, BEAST, LUCKY13, CRIME, DROWN', () => {
  const protocols = [proto('SSLv2', [0x0700c0]), proto('SSLv3', [0x002f, 0x0005]), proto('TLSv1.0', [0x000a, 0x0003, 0x0014]), proto('TLSv1.1', []), proto('TLSv1.2', []), proto('TLSv1.3', [])];
  const v = byId(derivedVulns({ protocols, tls: { ...TLS, compression: 'DEFLATE', secureRenegotiation: false, fallbackScsv: false }, certificates: [] }));
  for (const id of ['poodle', 'sweet32', 'freak', 'logjam', 'rc4', 'beast', 'lucky13', 'crime', 'drown', 'secure-renegotiation', 'fallback-scsv']) assert.equal(v[id]?.status, 'vulnerable', id);
  assert.match(v.freak?.why ?? '', /EXP-RC4-MD5/);
  assert.match(v.logjam?.why ?? '', /EXP-EDH-RSA-DES-CBC-SHA/);
  assert.equal(v.beast?.informational, true);
  assert.equal(v['downgrade-sentinel']?.status, 'not applicable');
});

const logjamOf = (p: Uint8Array, bits: number, anon = false, dhAuthBits: number | null = anon ? null : bits) => byId(derivedVulns(
  { protocols: modern, tls: { ...TLS, dhBits: bits, dhBitsSuites: [anon ? 'ADH-AES128-SHA' : 'DHE-RSA-AES128-GCM-SHA256'] }, certificates: [] },
  { ...sentinelOk, dhAuthBits, dhPrimes: [{ p, anon }] })).logjam;

test('Logjam: a shared 1024-bit prime (RFC 2409 group 2) is vulnerable and named; anonymous-only small DH is not Logjam', () => {
  const oakley2 = new Uint8Array(getDiffieHellman('modp2').getPrime());
  assert.equal(commonPrimeName(oakley2), 'RFC 2409 Oakley group 2 (1024 bits)');
  const shared = logjamOf(oakley2, 1024);
  assert.equal(shared?.status, 'vulnerable');
  assert.match(shared?.why ?? '', /RFC 2409 Oakley group 2 \(1024 bits\), 1024 bits\): one precomputation breaks them all/);
  const anonOnly = logjamOf(oakley2, 1024, true, 2048);
  assert.equal(anonOnly?.status, 'not vulnerable');
  assert.match(anonOnly?.why ?? '', /anonymous suites get 1024-bit DH/);
});

test('Logjam: the shared primes testssl.sh knows, e.g. Apache mod_ssl\'s and RFC 5114\'s, are vulnerable at 1024 bits', () => {
  const apache = SHARED_DH_PRIMES.find((s) => /mod_ssl 2\.2\.x built-in 1024-bit/.test(s.name));
  const rfc5114 = SHARED_DH_PRIMES.find((s) => s.name.startsWith('RFC 5114'));
  for (const s of [apache, rfc5114]) {
    assert.ok(s);
    const v = logjamOf(Buffer.from(s.hex, 'hex'), s.bits);
    assert.equal(v?.status, 'vulnerable', s.name);
    assert.ok(v?.why.includes(s.name), v?.why);
  }
});

test('Logjam: a unique 1024-bit prime is not Logjam; the weak-dh finding still reports its size', () => {
  const unique = new Uint8Array(createDiffieHellman(1024).getPrime());
  assert.equal(commonPrimeName(unique), null);
  const v = logjamOf(unique, 1024);
  assert.equal(v?.status, 'not vulnerable', v?.why);
  assert.match(v?.why ?? '', /1024-bit DHE prime is not a known shared group/);
  assert.match(v?.why ?? '', /reported as a key-exchange weakness \(weak-dh\)/);
  const report: ScanReport = {
    target: { host: '127.0.0.1', ip: '127.0.0.1', port: 25, starttls: 'smtp', role: 'mx' }, complete: true, error: null, protocols: modern, groups: [], certificates: [],
    tls: { ...TLS, dhBits: 1024, dhBitsSuites: ['DHE-RSA-AES128-GCM-SHA256'] }, smtp: null, findings: [], errors: [], stats: { connections: 1, durationMs: 1 }, vulns: v ? [v] : [],
  };
  const weakDh = scanFindings(report, { groupsServerPreference: null }).find((f) => f.id === 'weak-dh');
  assert.equal(weakDh?.severity, 'medium');
  assert.match(weakDh?.title ?? '', /1024 bits/);
  // Not kept for comparison (observations.ts keeps 16 primes): unknown rather than a guess.
  const dropped = byId(derivedVulns({ protocols: modern, tls: { ...TLS, dhBits: 1024 }, certificates: [] }, { ...sentinelOk, dhAuthBits: 1024, dhPrimes: [] })).logjam;
  assert.equal(dropped?.status, 'unknown');
});

test('Logjam: export DH suites are vulnerable whatever the prime; 2048-bit DHE is not', () => {
  const protocols = modern.map((p) => (p.version === 'TLSv1.0' ? proto('TLSv1.0', [0x0014, 0x0033]) : p));
  const exp = byId(derivedVulns({ protocols, tls: TLS, certificates: [] }, { ...sentinelOk, dhAuthBits: 2048, dhPrimes: [{ p: new Uint8Array(getDiffieHellman('modp14').getPrime()), anon: false }] })).logjam;
  assert.equal(exp?.status, 'vulnerable');
  assert.match(exp?.why ?? '', /export DH suites accepted \(TLSv1\.0: EXP-EDH-RSA-DES-CBC-SHA\)/);
  const big = logjamOf(new Uint8Array(getDiffieHellman('modp14').getPrime()), 2048);
  assert.equal(big?.status, 'not vulnerable');
  assert.match(big?.why ?? '', /DHE primes of 2048 bits or more; well-known prime: RFC 3526 group 14/);
});

test('the downgrade sentinel lists the protocols newest first, whichever probe answered first', () => {
  const sentinel = new Map<ProtocolName, { with: number; without: number }>([['TLSv1.0', { with: 1, without: 0 }], ['TLSv1.2', { with: 2, without: 0 }], ['TLSv1.1', { with: 1, without: 0 }]]);
  const v = byId(derivedVulns({ protocols: modern, tls: TLS, certificates: [] }, { ...NO_FACTS, sentinel }));
  assert.equal(v['downgrade-sentinel']?.why, 'TLSv1.2, TLSv1.1, TLSv1.0 ServerHello random ends with the DOWNGRD sentinel');
});

test('the downgrade sentinel missing from a TLS 1.3 server\'s TLS 1.2 answer is reported', () => {
  const v = byId(derivedVulns({ protocols: modern, tls: TLS, certificates: [] }, { ...NO_FACTS, sentinel: new Map([['TLSv1.2', { with: 1, without: 2 }]]) }));
  assert.equal(v['downgrade-sentinel']?.status, 'vulnerable');
});

test('an incomplete enumeration makes "nothing found" unknown, not "not vulnerable"', () => {
  const protocols = modern.map((p) => (p.version === 'TLSv1.0' ? { ...p, offered: null } : p));
  assert.equal(byId(derivedVulns({ protocols, tls: TLS, certificates: [] }, sentinelOk)).rc4?.status, 'unknown');
});

test('DROWN across services: the same certificate with SSLv2 elsewhere, with the finding and its remedy', () => {
  const cert = { fingerprintSha256: 'AA' } as ScanReport['certificates'][number];
  const mk = (port: number, v2: boolean) => {
    const protocols = modern.map((p) => (p.version === 'SSLv2' && v2 ? proto('SSLv2', [0x0700c0]) : p));
    return { target: { host: '127.0.0.1', ip: null, port, starttls: null, role: 'mx' as const }, protocols, certificates: [cert], findings: [] as ScanReport['findings'], vulns: derivedVulns({ protocols, tls: TLS, certificates: [cert] }) };
  };
  const [a, b, none] = drownAcross([mk(25, false), mk(443, true), null]);
  assert.equal(a?.vulns.find((v) => v.id === 'drown')?.status, 'vulnerable');
  assert.match(a?.vulns.find((v) => v.id === 'drown')?.why ?? '', /127\.0\.0\.1:443/);
  assert.match(a?.findings.find((f) => f.id === 'drown-elsewhere')?.detail ?? '', /smtpd_tls_chain_files/);
  assert.equal(b?.vulns.find((v) => v.id === 'drown')?.why, 'SSLv2 is offered on this service');
  assert.equal(b?.findings.length, 0);
  assert.equal(none, null);
  const [alone] = drownAcross([mk(25, false)]);
  assert.equal(alone?.vulns.find((v) => v.id === 'drown')?.status, 'not vulnerable');
});

test('Heartbleed: the request claims more payload than it carries; the judging', () => {
  const frames = new RecordDeframer().push(heartbleedRequest(0x0303));
  assert.equal(frames.length, 2);
  const hb = frames[0]?.kind === 'tls' ? frames[0].record : null;
  assert.equal(hb?.type, 24);
  assert.deepEqual([...(hb?.fragment ?? [])], [1, 0, HEARTBLEED_CLAIMED], 'type request, payload_length 64, no payload, no padding');
  const leak = { kind: 'record' as const, record: { type: 24, version: 0x0303, fragment: encodeHeartbeat(2, new Uint8Array(64), 64) } };
  assert.equal(decodeHeartbeat(leak.record.fragment).payloadLength, 64);
  assert.equal(judgeHeartbleed(leak).status, 'vulnerable');
  assert.equal(judgeHeartbleed({ kind: 'alert', description: 0, name: 'close_notify' }).status, 'not vulnerable');
  assert.equal(judgeHeartbleed({ kind: 'closed' }).status, 'not vulnerable');
  assert.equal(judgeHeartbleed({ kind: 'timeout' }).status, 'unknown');
  assert.equal(judgeHeartbleed({ kind: 'record', record: { type: 24, version: 0x0303, fragment: new Uint8Array([2]) } }).status, 'unknown');
});

test('CCS injection: two ChangeCipherSpec records; bad_record_mac after them is the flaw', () => {
  assert.equal(Buffer.from(ccsInjection(0x0301)).toString('hex'), '140301000101140301000101');
  assert.equal(judgeCcs({ kind: 'alert', description: 10, name: 'unexpected_message' }).status, 'not vulnerable');
  assert.equal(judgeCcs({ kind: 'alert', description: 20, name: 'bad_record_mac' }).status, 'vulnerable');
  assert.equal(judgeCcs({ kind: 'alert', description: 21, name: 'decryption_failed' }).status, 'vulnerable');
  assert.equal(judgeCcs({ kind: 'reset' }).status, 'not vulnerable');
  assert.equal(judgeCcs({ kind: 'timeout' }).status, 'unknown');
});

test('client renegotiation is counted as internet.nl does', () => {
  assert.equal(judgeRenegotiations(0, 'refused').status, 'not vulnerable');
  assert.equal(judgeRenegotiations(3, 'refused').status, 'vulnerable');
  assert.match(judgeRenegotiations(11, 'limit').why, /more than 10/);
  assert.equal(judgeRenegotiations(0, 'timeout').status, 'unknown');
});

test('ROBOT: the five premaster secrets break one PKCS #1 rule each; a real key decrypts them as built', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const jwk = publicKey.export({ format: 'jwk' });
  const nBytes = Buffer.from(jwk.n ?? '', 'base64url');
  const key = { n: bytesToBigInt(nBytes), e: bytesToBigInt(Buffer.from(jwk.e ?? '', 'base64url')), size: nBytes.length };
  const plain = Object.fromEntries(ROBOT_VARIANTS.map((v) => [v, robotPlaintext(v, key.size, 0x0303)]));
  const tail = (b: Uint8Array | undefined, n: number) => [...(b ?? new Uint8Array()).subarray((b?.length ?? 0) - n)];
  assert.deepEqual([...(plain.correct ?? new Uint8Array()).subarray(0, 2)], [0, 2]);
  assert.deepEqual(tail(plain.correct, 49).slice(0, 3), [0, 3, 3], 'separator and version 48 bytes from the end');
  assert.deepEqual([...(plain['wrong first bytes'] ?? new Uint8Array()).subarray(0, 2)], [0x41, 0x17]);
  assert.deepEqual(tail(plain['misplaced 0x00'], 2), [0, 0x11]);
  // Random bytes every time: a zero among them would be a separator, so check many draws.
  for (let i = 0; i < 300; i++) {
    assert.ok(!robotPlaintext('no 0x00', key.size, 0x0303).subarray(2).includes(0), 'no zero after the block type');
    const m = robotPlaintext('misplaced 0x00', key.size, 0x0303);
    assert.equal(m.subarray(2).indexOf(0), m.length - 4, 'the only zero two bytes from the end');
  }
  assert.deepEqual(tail(plain['wrong version'], 49).slice(0, 3), [0, 2, 2]);
  for (const v of ROBOT_VARIANTS) {
    const block = plain[v] ?? new Uint8Array();
    const back = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, rsaEncryptRaw(key, block));
    assert.deepEqual([...back], [...block], v);
  }
  // CKE record + CCS + Finished record
  const frames = new RecordDeframer().push(robotFlight(key, 'correct', 0x0303));
  assert.deepEqual(frames.map((f) => (f.kind === 'tls' ? f.record.type : -1)), [22, 20, 22]);
  assert.equal(judgeRobot(['a', 'a', 'a', 'a', 'a'], null).status, 'not vulnerable');
  assert.equal(judgeRobot(['a', 'b', 'b', 'b', 'a'], ['a', 'b', 'b', 'b', 'a']).status, 'vulnerable');
  assert.equal(judgeRobot(['a', 'b', 'b', 'b', 'a'], ['a', 'a', 'b', 'b', 'a']).status, 'unknown');
});

test('Ticketbleed: a 32-byte echo of a 16-byte session ID leaks memory', () => {
  const sid = new Uint8Array(16).fill(7);
  assert.equal(judgeTicketbleed(sid, sid).status, 'not vulnerable');
  assert.equal(judgeTicketbleed(sid, new Uint8Array([...sid, ...new Uint8Array(16).fill(9)])).status, 'vulnerable');
  assert.equal(judgeTicketbleed(sid, new Uint8Array(32).fill(1)).status, 'not vulnerable');
});

test('when no handshake succeeded every verdict is unknown, never "not vulnerable"', () => {
  const failed = modern.map((p) => ({ ...p, offered: null, ciphers: [] }));
  const all = allVulns({ protocols: failed, tls: { ...TLS, secureRenegotiation: null, compression: null, fallbackScsv: null }, certificates: [] }, NO_FACTS);
  assert.equal(all.length, 13);
  assert.ok(all.every((v) => v.status === 'unknown' && /no TLS handshake succeeded/.test(v.why)));
  assert.deepEqual(all.slice(0, 3).map((v) => v.id), ['heartbleed', 'secure-renegotiation', 'crime'], 'in the report order');
});

test('Heartbleed from the scan alone: ruled out when no hello got the heartbeat extension back, else left to --vulns; a probe replaces it', () => {
  const hb = (heartbeat: boolean | null) => derivedVulns({ protocols: modern, tls: TLS, certificates: [] }, { ...sentinelOk, heartbeat }).find((v) => v.id === 'heartbleed');
  assert.equal(hb(false)?.status, 'not vulnerable');
  assert.equal(hb(false)?.connections, 0);
  assert.match(hb(true)?.why ?? '', /--vulns tests it/);
  assert.equal(hb(true)?.status, 'unknown');
  const probed = { id: 'heartbleed', name: 'Heartbleed', cve: 'CVE-2014-0160', status: 'vulnerable' as const, why: 'leaked', connections: 1 };
  const merged = allVulns({ protocols: modern, tls: TLS, certificates: [] }, { ...sentinelOk, heartbeat: true }, [probed]).filter((v) => v.id === 'heartbleed');
  assert.deepEqual(merged, [probed]);
});
