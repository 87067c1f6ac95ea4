/**
 * `mailtls check` against a real DNS stack on loopback (src/lab/dns: NSD with DNSSEC-signed
 * zones, Unbound validating with the test TLD's key as trust anchor, s_server policy hosts, lab
 * Postfix MX hosts), each zone's verdict checked against two oracles nobody here wrote:
 * `ldns-dane verify` (ldnsutils) on the chain the scan saw, and Postfix itself as a DANE sender
 * (smtp_tls_security_level = dane, resolving through the stack in its own mount namespace).
 * One stack for the whole file, started once.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dnsStackUp, dnsStackDown, dnsStackList, type DnsStack } from '../../src/lab/dns/index.js';
import { checkDomain } from '../../src/check/index.js';
import type { CheckReport } from '../../src/check/types.js';
import { labGet } from '../../src/lab/index.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * No ledger for the CLI runs here: a check's ~100 connections from 127.0.0.1 would be left out
 * of the log statistics of other test files' lab instances running at the same time.
 */
const NO_LEDGER = { MAILTLS_STATE_DIR: '' };

const NAME = 'chk-stack';
let stack: DnsStack;
let caPem: string;
const reports = new Map<string, CheckReport>();
const DOMAINS = ['good.test', 'broken.test', 'badsts.test', 'unsigned.test', 'bogus.test', 'nullmx.test', 'nomx.test'];
let senderLog = '';

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 20_000 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }));
  });
}

/** One message from the Postfix DANE sender to a user of every test domain, with the null sender (no bounces). */
async function sendThroughPostfix(port: number, domains: readonly string[]): Promise<void> {
  const s = connect({ host: '127.0.0.1', port });
  s.setEncoding('utf8');
  let buf = '';
  let wake: (() => void) | null = null;
  s.on('data', (d: string) => { buf += d; wake?.(); });
  const reply = () => new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no SMTP reply: ${buf}`)), 10_000);
    const on = () => {
      if (!/(^|\n)(\d{3}) [^\n]*\n/.test(buf)) return;
      clearTimeout(t);
      wake = null;
      const r = buf;
      buf = '';
      resolve(r);
    };
    wake = on;
    on();
  });
  const cmd = async (line: string | null, expect: RegExp) => {
    if (line !== null) s.write(`${line}\r\n`);
    const r = await reply();
    assert.match(r, expect, `${line ?? 'greeting'}: ${r}`);
  };
  await cmd(null, /^220/);
  await cmd('EHLO oracle.test', /^250/m);
  await cmd('MAIL FROM:<>', /^250/);
  for (const d of domains) await cmd(`RCPT TO:<postmaster@${d}>`, /^250/);
  await cmd('DATA', /^354/);
  await cmd('Subject: mailtls oracle\r\n\r\nhello\r\n.', /^250/);
  s.end('QUIT\r\n');
}

before(async () => {
  await dnsStackDown(NAME).catch(() => undefined);
  stack = await dnsStackUp({ name: NAME, sender: true });
  caPem = await readFile(stack.caFile, 'utf8');
  const servers = [stack.resolver];
  // All domains at once, as a user checking several would; each check scans its own addresses in parallel.
  const rs = await Promise.all(DOMAINS.map((d) => checkDomain(d, { servers, caPem })));
  rs.forEach((r) => reports.set(r.domain, r));
  // The oracle: deliver to every domain and wait for Postfix's verdict on each.
  const sender = await labGet(stack.sender ?? '');
  const port = sender.services.find((x) => x.service === 'smtp')?.port ?? 0;
  await sendThroughPostfix(port, DOMAINS);
  const deadline = Date.now() + 30_000;
  for (;;) {
    senderLog = await readFile(sender.logFile, 'utf8');
    const done = DOMAINS.every((d) => new RegExp(`to=<postmaster@${d.replace('.', '\\.')}>.*status=`).test(senderLog));
    if (done || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});

after(async () => {
  await dnsStackDown(NAME).catch(() => undefined);
});

const R = (d: string): CheckReport => {
  const r = reports.get(d);
  assert.ok(r, `no report for ${d}`);
  return r;
};
const ids = (r: CheckReport) => r.findings.map((f) => f.id);
const postfixStatus = (d: string) => new RegExp(`to=<postmaster@${d.replace('.', '\\.')}>.*status=(\\w+)`).exec(senderLog)?.[1];

test('good.test: two MX, three addresses, DANE 3 1 1 and 2 1 1 both match, MTA-STS enforce matches, TLS-RPT valid: pass', () => {
  const r = R('good.test');
  assert.equal(r.verdict, 'pass', JSON.stringify(r.findings.map((f) => f.title)));
  assert.deepEqual(r.mx.map((m) => [m.preference, m.host, m.addresses.map((a) => a.address)]), [
    [10, 'mx1.good.test', stack.addresses.good.slice(0, 2)], [20, 'mx2.good.test', stack.addresses.good.slice(2, 3)]]);
  assert.equal(r.dnssec.mx, 'secure');
  assert.equal(r.dane.status, 'valid');
  assert.equal(r.dane.rolloverReady, true);
  for (const a of r.mx.flatMap((m) => m.addresses)) {
    assert.equal(a.reachable, true);
    assert.equal(a.dane.sender, 'authenticated');
    assert.deepEqual(a.dane.records.map((t) => [t.usage, t.matched]), [[3, true], [2, true]]);
    assert.equal(a.mtaSts.match, true, a.mtaSts.reason);
    assert.equal(a.requireTls, false);
    assert.equal(a.scan?.target.host, a.address === stack.addresses.good[2] ? 'mx2.good.test' : 'mx1.good.test', 'scanned by MX name (SNI)');
  }
  assert.equal(r.mtaSts.mode, 'enforce');
  assert.equal(r.mtaSts.txt.valid, true);
  assert.deepEqual(r.mtaSts.policy?.mx, ['mx1.good.test', '*.good.test']);
  assert.equal(r.tlsRpt.valid, true);
  assert.ok(!r.findings.some((f) => f.severity !== 'info'), JSON.stringify(r.findings));
  assert.ok(r.findings.some((f) => f.id === 'tlsa-cname' && f.host === 'mx2.good.test'), 'the TLSA records of mx2 are reached through a CNAME');
});

test('broken.test: the stale TLSA makes DANE senders defer; the enforce policy lists another MX; CNAME and IP-literal MX flagged', () => {
  const r = R('broken.test');
  assert.equal(r.verdict, 'fail');
  assert.equal(r.dane.status, 'invalid');
  const [mx, alias, literal] = r.mx;
  assert.equal(mx?.host, 'mx.broken.test');
  assert.equal(mx?.addresses[0]?.dane.sender, 'defer');
  assert.equal(mx?.addresses[0]?.dane.matched, false);
  assert.equal(alias?.host, 'alias.broken.test');
  assert.deepEqual(alias?.cname, ['mx.broken.test']);
  assert.equal(literal?.kind, 'ip-literal');
  assert.equal(literal?.addresses[0]?.dane.sender, 'opportunistic', 'no TLSA lookup for an address');
  assert.equal(r.mtaSts.mode, 'enforce');
  assert.ok(r.mx.every((m) => m.addresses.every((a) => a.mtaSts.match === false && a.verdict === 'fail')));
  for (const id of ['tlsa-no-match', 'mta-sts-mx-mismatch', 'mx-cname', 'mx-ip-literal', 'tlsrpt-invalid']) assert.ok(ids(r).includes(id), `${id} in ${ids(r).join(',')}`);
  assert.equal(r.findings.find((f) => f.id === 'mta-sts-mx-mismatch')?.severity, 'critical', 'an enforce policy a real MX fails is critical');
  // The fix is the policy matching the current MX set.
  const stsFix = r.findings.find((f) => f.id === 'mta-sts-mx-mismatch')?.fix ?? '';
  assert.match(stsFix, /^mode: enforce$/m);
  assert.match(stsFix, /^mx: mx\.broken\.test$/m);
  assert.match(stsFix, /^mx: alias\.broken\.test$/m);
  assert.ok(!/^mx: 127\./m.test(stsFix), 'no IP literal in a policy');
  assert.equal(r.tlsRpt.valid, false);
});

test('badsts.test: TXT syntax and the policy host\'s wrong certificate are reported with their codes; the MX itself is fine', () => {
  const r = R('badsts.test');
  assert.equal(r.mtaSts.txt.valid, false);
  assert.match(r.mtaSts.txt.errors.join(), /letters and digits/);
  assert.equal(r.mtaSts.policy?.text, null);
  assert.equal(r.mtaSts.errors.at(-1)?.code, 'EMTASTS_CERT');
  assert.match(r.mtaSts.errors.at(-1)?.message ?? '', /altnames|mta-sts\.badsts\.test/);
  assert.equal(r.mtaSts.mode, null, 'no policy applies');
  assert.ok(ids(r).includes('mta-sts-policy-cert') && ids(r).includes('mta-sts-txt-invalid'));
  assert.ok(r.mx.every((m) => m.addresses.every((a) => a.dane.sender === 'authenticated' && a.mtaSts.match === null)));
  assert.equal(r.verdict, 'fail');
});

test('unsigned.test: DNSSEC insecure, the published TLSA is ignored, DANE not applicable', () => {
  const r = R('unsigned.test');
  assert.equal(r.dnssec.mx, 'insecure');
  assert.equal(r.dnssec.hosts['mx.unsigned.test']?.tlsa, 'insecure');
  assert.equal(r.dane.status, 'not-applicable');
  assert.equal(r.mx[0]?.addresses[0]?.dane.usable, false);
  assert.equal(r.mx[0]?.addresses[0]?.dane.sender, 'opportunistic');
  assert.ok(ids(r).includes('tlsa-insecure'));
  assert.equal(r.verdict, 'warn');
});

test('bogus.test: the MX RRset is bogus (SERVFAIL, data only with CD): critical, fail', () => {
  const r = R('bogus.test');
  assert.equal(r.dnssec.mx, 'bogus');
  assert.equal(r.findings[0]?.id, 'dnssec-bogus-mx');
  assert.equal(r.findings[0]?.severity, 'critical');
  assert.equal(r.mx[0]?.preference, 20, 'the MX read with checking disabled: the tampered one');
  assert.equal(r.verdict, 'fail');
});

test('nullmx.test: a null MX is recognised, nothing is scanned, and it passes', () => {
  const r = R('nullmx.test');
  assert.equal(r.mxSource, 'null-mx');
  assert.equal(r.mx.length, 0);
  assert.equal(r.stats.scans, 0);
  assert.equal(r.verdict, 'pass');
});

test('nomx.test: the implicit MX is the domain itself, with DANE', () => {
  const r = R('nomx.test');
  assert.equal(r.mxSource, 'implicit');
  assert.equal(r.mx[0]?.host, 'nomx.test');
  assert.equal(r.mx[0]?.kind, 'implicit');
  assert.equal(r.mx[0]?.addresses[0]?.dane.sender, 'authenticated');
  assert.notEqual(r.verdict, 'fail');
});

test('oracle: ldns-dane verify agrees with every DANE verdict, on the chain the scan saw', async () => {
  let compared = 0;
  for (const r of reports.values()) {
    for (const m of r.mx) {
      if (m.kind === 'ip-literal') continue;
      const a = m.addresses[0];
      const chain = a?.scan?.certificates[0]?.chainDer;
      if (!a || !chain) continue;
      const file = join(stack.dir, `oracle-${m.host}.pem`);
      await writeFile(file, chain.map((d) => `-----BEGIN CERTIFICATE-----\n${(d.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`).join(''));
      const o = await run('ldns-dane', ['-r', stack.resolver.address, '-c', file, 'verify', m.host, '25']);
      if (a.dane.usable) {
        assert.equal(o.code === 0, a.dane.matched === true, `${m.host}: ldns-dane says ${o.out.trim()}, we say matched=${String(a.dane.matched)}`);
      } else {
        assert.notEqual(o.code, 0, `${m.host}: no usable DANE here, and ldns-dane does not validate either: ${o.out}`);
        assert.doesNotMatch(o.out, /dane-validated successfully/);
      }
      compared++;
    }
  }
  assert.ok(compared >= 7, `compared ${compared} hosts`);
});

test('oracle: ldns-dane create computes the same TLSA record our fix publishes', async () => {
  const fix = R('broken.test').findings.find((f) => f.id === 'tlsa-no-match')?.fix ?? '';
  const ours = /TLSA 3 1 1 ([0-9a-f]+)/.exec(fix)?.[1];
  const leaf = R('broken.test').mx[0]?.addresses[0]?.scan?.certificates[0]?.chainDer?.[0] ?? '';
  const file = join(stack.dir, 'oracle-leaf.pem');
  await writeFile(file, `-----BEGIN CERTIFICATE-----\n${(leaf.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`);
  const o = await run('ldns-dane', ['-c', file, 'create', 'mx.broken.test', '25', '3', '1', '1']);
  assert.equal(/TLSA\s+3 1 1 ([0-9a-f]+)/.exec(o.out)?.[1], ours, o.out);
});

test('oracle: Postfix as a DANE sender delivers, authenticates or defers exactly where we say', () => {
  const verified = (host: string, addr: string) => senderLog.includes(`Verified TLS connection established to ${host}[${addr}]:25`);
  const daneFailed = (host: string, addr: string) => new RegExp(`server certificate verification failed for ${host.replace(/\./g, '\\.')}\\[${addr.replace(/\./g, '\\.')}\\]:25: .*no matching DANE TLSA`).test(senderLog);
  let compared = 0;
  for (const r of reports.values()) {
    for (const m of r.mx) for (const a of m.addresses) {
      const host = m.host;
      // Postfix tries one address of a name at random and stops at the first that takes the mail.
      if (!senderLog.includes(`to ${host}[${a.address}]:25`)) continue;
      if (a.dane.sender === 'authenticated') assert.ok(verified(host, a.address), `${host}[${a.address}]: we say authenticated; Postfix log:\n${senderLog}`);
      else if (a.dane.sender === 'defer') assert.ok(daneFailed(host, a.address), `${host}[${a.address}]: we say a DANE sender defers`);
      else assert.ok(!verified(host, a.address), `${host}[${a.address}]: we say no DANE, Postfix verified`);
      compared++;
    }
  }
  assert.ok(compared >= 5, `compared ${compared} addresses`);
  assert.equal(postfixStatus('good.test'), 'sent');
  assert.equal(postfixStatus('nomx.test'), 'sent');
  assert.equal(postfixStatus('unsigned.test'), 'sent');
  assert.equal(postfixStatus('bogus.test'), 'deferred', 'a bogus MX RRset: Postfix defers, as our fail says');
  assert.equal(postfixStatus('nullmx.test'), 'bounced', 'a null MX: Postfix bounces at once');
  assert.match(senderLog, /postmaster@nullmx\.test.*nullMX/);
  // broken.test: DANE fails at both named MX hosts; Postfix then uses the IP-literal MX without
  // any TLSA lookup and delivers unauthenticated: the downgrade our mx-ip-literal finding names.
  assert.ok(daneFailed('mx.broken.test', stack.addresses.broken));
  assert.match(senderLog, new RegExp(`Untrusted TLS connection established to ${stack.addresses.broken.replace(/\./g, '\\.')}\\[`));
});

test('mailtls check --json: the contract fields, and exit 1 for a fail', async () => {
  const io = memoryIo(NO_LEDGER);
  const code = await main(['check', 'broken.test', '--resolver', stack.resolver.address, '--ca-file', stack.caFile, '--json'], io);
  assert.equal(code, 1, io.err());
  const j = JSON.parse(io.out()) as Record<string, unknown> & CheckReport;
  for (const k of ['domain', 'mx', 'dnssec', 'dane', 'mtaSts', 'tlsRpt', 'findings', 'verdict']) assert.ok(k in j, k);
  const a = j.mx[0]?.addresses[0] as unknown as Record<string, unknown>;
  for (const k of ['address', 'reachable', 'scan', 'dane', 'mtaSts', 'requireTls', 'verdict']) assert.ok(k in a, k);
  for (const k of ['usable', 'matched', 'records']) assert.ok(k in (a['dane'] as object), k);
  assert.ok('match' in (a['mtaSts'] as object));
  for (const k of ['txt', 'policy', 'mode', 'errors']) assert.ok(k in j.mtaSts, k);
  for (const k of ['record', 'valid', 'errors']) assert.ok(k in j.tlsRpt, k);
});

test('mailtls check (text): the table, then details and fixes; exit 0 for a pass', async () => {
  const io = memoryIo(NO_LEDGER);
  const code = await main(['check', 'good.test', '--resolver', `${stack.resolver.address}:53`, '--ca-file', stack.caFile], io);
  assert.equal(code, 0, io.err());
  const out = io.out();
  assert.match(out, /MX\s+address\s+reachable\s+STARTTLS\s+TLS\s+DANE\s+MTA-STS\s+verdict/);
  assert.match(out, /10 mx1\.good\.test\s+127\.53\.\d+\.10\s+yes\s+yes\s+1\.2 1\.3\s+match\s+match\s+pass/);
  assert.match(out, /MTA-STS {2}enforce/);
  const bad = memoryIo(NO_LEDGER);
  assert.equal(await main(['check', 'broken.test', '--resolver', stack.resolver.address, '--ca-file', stack.caFile], bad), 1);
  assert.match(bad.out(), /_25\._tcp\.mx\.broken\.test\. IN TLSA 3 1 1 [0-9a-f]{64}/);
});

test('when the resolver is not a local test resolver, loopback MX addresses are reported and not scanned', async () => {
  // As for a public resolver: the same answers, but 127.53.x.y is special-purpose (RFC 6890).
  const r = await checkDomain('good.test', { servers: [stack.resolver], caPem, allowLoopback: false });
  assert.equal(r.stats.scans, 0);
  assert.equal(r.stats.connections, 0);
  assert.ok(r.mx.flatMap((m) => m.addresses).every((a) => a.skipped !== null && /loopback/.test(a.skipped) && a.verdict === 'fail'));
  assert.ok(r.findings.some((f) => f.id === 'address-special'));
  assert.equal(r.mtaSts.policy?.text, null, 'nor is the policy fetched from a loopback address');
  assert.equal(r.verdict, 'fail');
});

test('usage errors: no domain, a bad --resolver, a bad or unknown profile name', async () => {
  for (const argv of [['check'], ['check', 'good.test', '--resolver', 'nope'], ['check', 'good.test', '--profile', 'Bad Name'], ['check', 'good.test', '--profile', 'nosuch-2030']]) {
    const io = memoryIo(NO_LEDGER);
    assert.equal(await main(argv, io), 2, `${argv.join(' ')}: ${io.err()}`);
    assert.match(io.err(), /EUSAGE/);
  }
});

test('each address is graded by the profile tables, and --html writes the page', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mailtls-check-html-'));
  try {
    const io = memoryIo(NO_LEDGER);
    const file = join(dir, 'good.html');
    const code = await main(['check', 'good.test', '--resolver', stack.resolver.address, '--ca-file', stack.caFile, '--json', '--html', file, '--profile', 'ncsc-2025'], io);
    const r = JSON.parse(io.out()) as CheckReport;
    // NCSC-NL 2025 calls TLS 1.0/1.1 and static-RSA suites insufficient: the stock lab MX fails it, as the exit code says.
    assert.equal(code, r.verdict === 'fail' ? 1 : 0, io.err());
    assert.equal(r.verdict, 'fail');
    assert.equal(r.profile, 'ncsc-2025');
    const a = r.mx[0]?.addresses[0];
    assert.ok(a && a.rules.length > 0 && a.rules.every((x) => x.rule.startsWith('ncsc-2025/')), JSON.stringify(a?.rules.map((x) => x.rule)));
    const html = await readFile(file, 'utf8');
    assert.match(html, /default-src 'none'/);
    assert.match(html, /mailtls check good\.test/);
    assert.match(html, new RegExp(`data-verdict="${r.verdict}"`));
    assert.ok(r.mx.every((m) => m.addresses.every((x) => html.includes(`data-address="${x.address}"`))));
    assert.doesNotMatch(html, /<script|<img|<link/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('mailtls lab dns list shows the stack', async () => {
  const list = await dnsStackList();
  assert.ok(list.some((s) => s.name === NAME && s.running));
  const io = memoryIo({ ...NO_LEDGER, MAILTLS_LAB_DIR: process.env['MAILTLS_LAB_DIR'] ?? '/var/lib/mailtls/lab' });
  assert.equal(await main(['lab', 'dns', 'list'], io), 0);
  assert.match(io.out(), new RegExp(`${NAME}\\s+running`));
});
