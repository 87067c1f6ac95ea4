/**
 * Hostile DNS servers and MTA-STS policy hosts: every misbehaviour ends in a coded error (and for
 * `mailtls check`, a partial report), never a crash, a hang or unbounded memory. The servers
 * are scripted (test/helpers/fake-dns.ts, node:https) because no real server misbehaves on
 * purpose; the certificates come from the real openssl.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsClient } from '../../src/dns/client.js';
import { checkDomain } from '../../src/check/run.js';
import { fetchPolicyText, POLICY_MAX_BYTES } from '../../src/check/mta-sts.js';
import { MailtlsError } from '../../src/errors.js';
import { renderCheckHtml } from '../../src/report/check-html.js';
import { renderCheckText } from '../../src/report/check-text.js';
import { makeStyle } from '../../src/report/terminal.js';
import { makeCa, makeLeaf } from '../../src/lab/dns/ca.js';
import { startFakeDns, type Behaviour, type FakeDns } from '../helpers/fake-dns.js';

let dns: FakeDns;
let script: (name: string, type: string, t: 'udp' | 'tcp') => Behaviour = () => ({ kind: 'silence' });
let dir: string;
let https: Server;
let httpsPort = 0;
let caPem = '';
let route: (path: string, res: ServerResponse) => void = (_p, res) => res.end();

before(async () => {
  dns = await startFakeDns((n, t, tr) => script(n, t, tr));
  dir = await mkdtemp(join(tmpdir(), 'mailtls-hostile-'));
  const ca = await makeCa(dir, 'hostile');
  const leaf = await makeLeaf(dir, 'policy', ca, ['mta-sts.hostile.example']);
  caPem = await readFile(ca.cert, 'utf8');
  https = createServer({ key: await readFile(leaf.key), cert: await readFile(leaf.cert) }, (req, res) => route(req.url ?? '', res));
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  httpsPort = (https.address() as { port: number }).port;
});

after(async () => {
  https.closeAllConnections();
  await new Promise<void>((r) => https.close(() => r()));
  await dns.close();
  await rm(dir, { recursive: true, force: true });
});

const client = (timeoutMs = 400) => new DnsClient({ servers: [{ address: '127.0.0.1', port: dns.port }], timeoutMs, attempts: 1 });
const code = async (p: Promise<unknown>): Promise<string> => {
  try { await p; return 'resolved'; } catch (err) { assert.ok(err instanceof MailtlsError, String(err)); return err.code; }
};

test('DNS: garbage, answers to another question and silence are coded errors, quickly', async () => {
  script = () => ({ kind: 'garbage' });
  let t = Date.now();
  assert.equal(await code(client().query('x.example', 'MX')), 'EDNS_MALFORMED');
  assert.ok(Date.now() - t < 300, 'garbage fails at once, not by the timeout');
  script = () => ({ kind: 'other-question' });
  assert.equal(await code(client().query('x.example', 'MX')), 'EDNS_MALFORMED');
  script = () => ({ kind: 'silence' });
  t = Date.now();
  assert.equal(await code(client(300).query('x.example', 'MX')), 'EDNS_TIMEOUT');
  assert.ok(Date.now() - t < 1500);
  script = () => ({ kind: 'wrong-id' });
  assert.equal(await code(client(300).query('x.example', 'MX')), 'EDNS_TIMEOUT', 'an answer with another id is ignored (RFC 5452)');
});

test('DNS: a truncated answer is asked again over TCP, and a large one (300 records) decodes', async () => {
  const many = Array.from({ length: 300 }, (_, i) => ({ type: 'A' as const, name: 'big.example', ttl: 60, data: `192.0.2.${i % 250}` }));
  script = (_n, _t, tr) => (tr === 'udp' ? { kind: 'truncate', answers: [] } : { kind: 'answer', answers: many });
  const r = await client().query('big.example', 'A');
  assert.equal(r.transport, 'tcp');
  assert.equal(r.answers.length, 300);
  assert.ok(dns.seen.includes('tcp A big.example'));
});

test('DNS: a TCP answer that announces 64 KiB and stalls times out with a code', async () => {
  script = () => ({ kind: 'tcp-stall' });
  assert.equal(await code(client(300).query('stall.example', 'TXT')), 'EDNS_TIMEOUT');
});

test('mailtls check against a garbage resolver: a partial report with the coded failure, no crash', async () => {
  script = (n) => (n === 'hostile.example' ? { kind: 'garbage' } : { kind: 'silence' });
  const r = await checkDomain('hostile.example', { servers: [{ address: '127.0.0.1', port: dns.port }], dnsTimeoutMs: 200 });
  assert.equal(r.verdict, 'fail');
  assert.equal(r.mxSource, 'none');
  assert.equal(r.findings[0]?.id, 'mx-lookup-failed');
  assert.match(r.findings[0]?.detail ?? '', /EDNS_MALFORMED 127\.0\.0\.1:\d+/);
  assert.deepEqual(r.mx, []);
});

test('mailtls check: an MX set with special-purpose and unresolvable hosts is reported per address', async () => {
  script = (n, t) => {
    if (n === 'mixed.example' && t === 'MX') return { kind: 'answer', answers: [{ type: 'MX', name: n, ttl: 60, data: { preference: 10, exchange: 'private.mixed.example' } }, { type: 'MX', name: n, ttl: 60, data: { preference: 20, exchange: 'gone.mixed.example' } }] };
    if (n === 'private.mixed.example' && t === 'A') return { kind: 'answer', answers: [{ type: 'A', name: n, ttl: 60, data: '10.1.2.3' }, { type: 'A', name: n, ttl: 60, data: '192.0.2.25' }] };
    if (n === 'private.mixed.example' && t === 'AAAA') return { kind: 'answer', answers: [{ type: 'AAAA', name: n, ttl: 60, data: 'fd00::25' }, { type: 'AAAA', name: n, ttl: 60, data: '2001:db8::25' }] };
    if (n === 'gone.mixed.example') return { kind: 'answer', answers: [], rcode: 3 };
    return { kind: 'answer', answers: [] };
  };
  const r = await checkDomain('mixed.example', { servers: [{ address: '127.0.0.1', port: dns.port }], dnsTimeoutMs: 300 });
  assert.equal(r.stats.scans, 0, 'nothing outside loopback is ever contacted');
  const addrs = r.mx.flatMap((m) => m.addresses);
  assert.deepEqual(addrs.map((a) => [a.address, a.family, a.skipped !== null]), [['10.1.2.3', 4, true], ['192.0.2.25', 4, true], ['2001:db8::25', 6, true], ['fd00::25', 6, true]]);
  assert.match(addrs[0]?.skipped ?? '', /RFC 1918/);
  assert.match(addrs[3]?.skipped ?? '', /unique local/);
  assert.ok(r.findings.some((f) => f.id === 'mx-no-address' && f.host === 'gone.mixed.example'));
  assert.equal(r.dnssec.mx, 'insecure');
  assert.equal(r.verdict, 'fail');
  // The MX without addresses has its verdict and why in the report, and both renderers show them.
  const gone = r.mx.find((m) => m.host === 'gone.mixed.example');
  assert.deepEqual([gone?.verdict, gone?.verdictReason], ['fail', 'no A or AAAA records: senders skip this MX']);
  assert.ok(r.mx.filter((m) => m.addresses.length > 0).every((m) => m.verdict === null && m.verdictReason === null));
  assert.match(renderCheckText(r, makeStyle(false), 200), /^ {2}gone\.mixed\.example: fail: no A or AAAA records: senders skip this MX$/m);
  assert.match(renderCheckHtml(r), /<tr data-mx="gone\.mixed\.example">.*?data-verdict="fail".*?<\/tr>/);
});

test('mailtls check: a thousand MX records in one answer are bounded, with a finding', async () => {
  const mx = Array.from({ length: 1000 }, (_, i) => ({ type: 'MX' as const, name: 'many.example', ttl: 60, data: { preference: i, exchange: `m${i}.example` } }));
  script = (n, t, tr) => (n === 'many.example' && t === 'MX' ? (tr === 'udp' ? { kind: 'truncate', answers: [] } : { kind: 'answer', answers: mx }) : { kind: 'answer', answers: [] });
  const before = dns.seen.length;
  const r = await checkDomain('many.example', { servers: [{ address: '127.0.0.1', port: dns.port }], dnsTimeoutMs: 500 });
  assert.equal(r.mx.length, 16);
  assert.ok(r.findings.some((f) => f.id === 'mx-too-many'));
  assert.ok(dns.seen.length - before < 80, `${dns.seen.length - before} queries`);
});

const fetchAt = (timeoutMs = 2000) => fetchPolicyText({ host: 'mta-sts.hostile.example', address: '127.0.0.1', port: httpsPort, ca: [caPem], timeoutMs });

test('MTA-STS: a redirect, a 404, the wrong content type are refused with their codes (RFC 8461 §3.3)', async () => {
  route = (_p, res) => { res.writeHead(301, { Location: 'https://elsewhere.example/.well-known/mta-sts.txt' }); res.end(); };
  assert.equal(await code(fetchAt()), 'EMTASTS_REDIRECT');
  route = (_p, res) => { res.writeHead(404); res.end(); };
  assert.equal(await code(fetchAt()), 'EMTASTS_HTTP');
  route = (_p, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<html>'); };
  assert.equal(await code(fetchAt()), 'EMTASTS_HTTP');
  route = (_p, res) => { res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }); res.end('version: STSv1\n'); };
  assert.equal(await fetchAt(), 'version: STSv1\n');
});

test('MTA-STS: a server that stalls times out; one that sends 10 MB is cut at 64 KiB', async () => {
  route = (_p, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.write('version: STSv1\n'); };
  const t = Date.now();
  assert.equal(await code(fetchAt(400)), 'ETIMEOUT');
  assert.ok(Date.now() - t < 2000);
  let sent = 0;
  route = (_p, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => { while (sent < 10 << 20 && res.write(chunk)) sent += chunk.length; if (sent < 10 << 20) res.once('drain', pump); else res.end(); };
    res.on('close', () => undefined);
    pump();
  };
  assert.equal(await code(fetchAt()), 'EMTASTS_TOOLARGE');
  assert.ok(sent < 10 << 20, `the client stopped reading (the server got ${sent} bytes out, of ${10 << 20})`);
  assert.ok(POLICY_MAX_BYTES === 65536);
});

test('MTA-STS: a certificate from a CA the sender does not trust is EMTASTS_CERT', async () => {
  route = (_p, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('version: STSv1\n'); };
  assert.equal(await code(fetchPolicyText({ host: 'mta-sts.hostile.example', address: '127.0.0.1', port: httpsPort, ca: [], timeoutMs: 2000 })), 'EMTASTS_CERT');
  assert.equal(await code(fetchPolicyText({ host: 'mta-sts.other.example', address: '127.0.0.1', port: httpsPort, ca: [caPem], timeoutMs: 2000 })), 'EMTASTS_CERT');
});
