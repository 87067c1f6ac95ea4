/**
 * `mailtls audit` on real lab Postfix instances with real sample clients (issue 10, "Done when"):
 * services, roles, addresses and ports; predictions that agree with the wire; a configuration
 * edited after the start shown as `differs` / `not-reloaded` with the `postfix reload` fix;
 * another process on a port; the audit's own probes (from the ledger's source addresses) left
 * out of the log statistics while real clients count; every fix's
 * impact checked by applying the fix to the lab and replaying the clients; exit codes by
 * --fail-on; SARIF and HTML written.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { WEBSHOP_DIR } from '../../src/cli/commands/demo.js';
import { labDown, labUp, type LabInstance } from '../../src/lab/index.js';
import { postfixCtl } from '../../src/lab/postfix-cmd.js';
import { clientSession, type ClientSession } from '../../src/lab/traffic.js';
import type { AuditReport } from '../../src/audit/types.js';
import { needs } from '../helpers/requires.js';
import { readRuns } from '../../src/ledger.js';
import { PROBE_LOOPBACK_SOURCE } from '../../src/net/tcp.js';

const CAN_RUN = process.getuid?.() === 0;
const SBIN = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env['PATH'] ?? ''}` };

/** The sample clients of the demo: each from its own loopback address. */
const CLIENTS: readonly Omit<ClientSession, 'port'>[] = [
  { from: '127.0.0.10', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'ECDHE-RSA-AES256-SHA', ehlo: 'www.webshop.example' },
  { from: '127.0.0.11', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ehlo: 'laptop.example' },
  { from: '127.0.0.12', minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'AES128-SHA', ehlo: 'printer.example' },
];

async function audit(args: string[]): Promise<{ code: number; report: AuditReport; err: string }> {
  const io = memoryIo({ ...process.env, NO_COLOR: '1' });
  const code = await main(['audit', ...args, '--json'], io);
  let report: AuditReport;
  try {
    report = JSON.parse(io.out()) as AuditReport;
  } catch {
    throw new Error(`no JSON (exit ${code}): ${io.err()}`);
  }
  return { code, report, err: io.err() };
}

/** Runs a fix's commands as printed (postconf -c LAB ..., postfix -c LAB reload). */
function apply(commands: readonly string[]): void {
  execFileSync('sh', ['-c', commands.join(' && ')], { env: SBIN, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

/** Waits until master has logged the reload and its old smtpd processes are gone. */
async function reloaded(lab: LabInstance, before: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const n = (readFileSync(lab.logFile, 'utf8').match(/ reload -- version /g) ?? []).length;
    if (n > before) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
}
const reloadsIn = (lab: LabInstance) => (readFileSync(lab.logFile, 'utf8').match(/ reload -- version /g) ?? []).length;

/** The smtpd sessions in the lab's log from these addresses, by syslog tag ("postfix/submission/smtpd"). */
function sessionsFrom(lab: LabInstance, addresses: ReadonlySet<string>, what: 'connect' | 'disconnect'): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(lab.logFile, 'utf8').split('\n')) {
    const m = / (\S+\/smtpd)\[\d+\]: (connect|disconnect) from \S*?\[([^\]]+)\]/.exec(line);
    if (m?.[1] !== undefined && m[2] === what && addresses.has(m[3] ?? '')) out.set(m[1], (out.get(m[1]) ?? 0) + 1);
  }
  return out;
}

/** Those sessions once each has its disconnect line (smtpd logs it after the client is gone). */
async function settledSessions(lab: LabInstance, addresses: ReadonlySet<string>): Promise<Map<string, number>> {
  const total = (m: Map<string, number>) => [...m.values()].reduce((n, x) => n + x, 0);
  for (let i = 0; i < 100 && total(sessionsFrom(lab, addresses, 'connect')) !== total(sessionsFrom(lab, addresses, 'disconnect')); i++) await new Promise((r) => setTimeout(r, 100));
  return sessionsFrom(lab, addresses, 'connect');
}

/** Which sample clients fail now, by address. */
async function failing(port: number): Promise<string[]> {
  const out: string[] = [];
  for (const c of CLIENTS) if (!(await clientSession({ ...c, port })).ok) out.push(c.from ?? '');
  return out;
}

describe('mailtls audit on lab Postfix instances', { skip: needs(CAN_RUN, 'root (lab Postfix instances)'), timeout: 240_000 }, () => {
  let web: LabInstance;
  let sub: number;
  let first: Awaited<ReturnType<typeof audit>>;
  before(async () => {
    await labDown('audit-web').catch(() => undefined);
    web = await labUp({ name: 'audit-web', configDir: WEBSHOP_DIR });
    sub = web.services.find((s) => s.service === 'submission')?.port ?? 0;
    for (const c of [CLIENTS[0], ...CLIENTS]) if (c) await clientSession({ ...c, port: sub });
    first = await audit([web.configDir]);
  });
  after(async () => { await labDown('audit-web').catch(() => undefined); });

  it('finds every service with its address, port and role, and says where the role comes from', () => {
    const r = first.report;
    const byName = new Map(r.services.map((s) => [s.name, s]));
    assert.deepEqual([...byName.keys()].sort(), ['smtp/inet', 'submission/inet']);
    for (const ls of web.services) {
      const s = byName.get(`${ls.service}/inet`);
      assert.equal(s?.address, '127.0.0.1');
      assert.equal(s?.port, ls.port);
    }
    assert.equal(byName.get('smtp/inet')?.role, 'mx');
    assert.match(byName.get('smtp/inet')?.roleSource ?? '', /port 25/);
    assert.equal(byName.get('submission/inet')?.role, 'submission');
    assert.equal(r.profile.id, 'mail');
    assert.deepEqual(r.lab, { name: 'audit-web', source: WEBSHOP_DIR });
  });

  it('the prediction agrees with the wire where nothing interferes', () => {
    for (const s of first.report.services) {
      assert.equal(s.agreement, 'match', `${s.name}: ${JSON.stringify(s.differences)}`);
      assert.deepEqual(s.observed?.versions, s.predicted.versions);
      assert.deepEqual([...(s.observed?.ciphers ?? [])].sort(), [...s.predicted.ciphers].sort());
      assert.ok(s.observed?.ciphers.every((c) => /^0x[0-9A-F]{4}$/.test(c)));
    }
    assert.deepEqual(first.report.services.find((s) => s.name === 'submission/inet')?.observed?.versions, ['TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });

  it('the audit\'s own probes are left out of the log statistics, and the real clients in the same log are counted', async () => {
    // The ledger (the test run's own state directory) names the probes' source addresses: the
    // lab's readiness probes and the first audit's scan.
    const runs = readRuns(process.env).runs;
    assert.ok(runs.some((r) => r.tool === 'audit' && r.addresses.includes(PROBE_LOOPBACK_SOURCE)), JSON.stringify(runs));
    const probes = new Set(runs.flatMap((r) => r.addresses));
    assert.ok(![...probes].some((a) => CLIENTS.some((c) => c.from === a)), 'the sample clients are not probe sources');
    // Read the whole log again, with no scan of its own, once every probe session is logged.
    const seen = await settledSessions(web, probes);
    const scanned = first.report.services.find((x) => x.name === 'submission/inet')?.scan?.connections ?? 0;
    assert.ok((seen.get('postfix/submission/smtpd') ?? 0) >= scanned && scanned > 50, `${JSON.stringify([...seen])} for ${scanned} connections`);
    const { report } = await audit([web.configDir, '--no-scan']);
    const total = [...seen.values()].reduce((n, x) => n + x, 0);
    assert.equal(report.logs?.excludedProbeSessions, total, 'every probe session in the log, and nothing else, is left out');
    for (const r of [first.report, report]) {
      const s = r.services.find((x) => x.name === 'submission/inet');
      // 2 webshop sessions, 1 modern client, 1 legacy device refused, from 3 addresses: nothing from the probes.
      assert.deepEqual([s?.logs?.sessions, s?.logs?.failures, s?.logs?.clients], [4, 1, 3]);
      assert.equal(r.services.find((x) => x.name === 'smtp/inet')?.logs?.sessions, 0, 'only probes connected to port 25');
      const named = [...r.findings.map((f) => f.message), ...r.fixes.flatMap((f) => f.impact.clients.map((c) => c.client))];
      assert.deepEqual(named.filter((t) => [...probes].some((a) => t.includes(`[${a}]`))), []);
    }
    const sub = report.services.find((x) => x.name === 'submission/inet');
    assert.equal(sub?.logs?.excludedProbeSessions, seen.get('postfix/submission/smtpd'));
    assert.equal(report.services.find((x) => x.name === 'smtp/inet')?.logs?.excludedProbeSessions, seen.get('postfix/smtpd') ?? 0);
    assert.ok(report.fixes.some((f) => f.impact.clients.some((c) => c.client === 'unknown[127.0.0.10]')), 'the real clients still count in the impact');
  });

  it('the seed 002 finding, its fix, and its impact: exactly the clients a lab replay shows failing', async () => {
    const r = first.report;
    assert.ok(r.findings.some((f) => f.id === 'client-parameter-on-server' && f.file === 'master.cf' && f.line === 13));
    const fix = r.fixes.find((f) => f.resolves.includes('submission-old-tls'));
    assert.ok(fix, JSON.stringify(r.fixes.map((f) => f.resolves)));
    assert.equal(fix.service, 'submission/inet');
    assert.ok(fix.productionCommands?.some((c) => c.includes("'submission/inet/smtpd_tls_mandatory_protocols=>=TLSv1.2'")));
    assert.deepEqual(fix.predictedAfter.find((p) => p.service === 'submission/inet')?.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(fix.impact.clients.map((c) => c.client), ['unknown[127.0.0.10]']);
    assert.equal(fix.impact.clients[0]?.sessions, 2);
    const alt = fix.alternative;
    assert.ok(alt, 'a gentler alternative');
    assert.equal(alt.impact.sessions, 0);
    // Replay: before any change only the TLS 1.0 device fails; the alternative breaks nobody
    // more; the fix breaks exactly the webshop.
    assert.deepEqual(await failing(sub), ['127.0.0.12']);
    let n = reloadsIn(web);
    apply(alt.commands);
    await reloaded(web, n);
    assert.deepEqual(await failing(sub), ['127.0.0.12']);
    n = reloadsIn(web);
    apply(fix.commands);
    await reloaded(web, n);
    assert.deepEqual(await failing(sub), ['127.0.0.10', '127.0.0.12']);
    // And the audit now sees what the fix predicted.
    const now = await audit([web.configDir]);
    const s = now.report.services.find((x) => x.name === 'submission/inet');
    assert.deepEqual(s?.observed?.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(s?.agreement, 'match');
  });

  it('exit codes follow --fail-on; SARIF and HTML are written', async () => {
    assert.equal(first.code, 1, 'a high finding (SASL before TLS) reaches the default --fail-on high');
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-audit-'));
    try {
      const io = memoryIo({ NO_COLOR: '1' });
      const code = await main(['audit', web.configDir, '--no-scan', '--fail-on', 'none', '--sarif', join(dir, 'a.sarif'), '--html', join(dir, 'a.html')], io);
      assert.equal(code, 0, io.err());
      const sarif = JSON.parse(readFileSync(join(dir, 'a.sarif'), 'utf8')) as { version: string; runs: unknown[] };
      assert.equal(sarif.version, '2.1.0');
      assert.match(readFileSync(join(dir, 'a.html'), 'utf8'), /submission\/inet/);
      assert.match(io.out(), /submission\/inet/);
      assert.equal((await main(['audit', web.configDir, '--fail-on', 'bogus'], memoryIo())), 2);
      assert.equal((await main(['audit', join(dir, 'nowhere')], memoryIo())), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--no-scan: graded on the configuration; --no-logs: no log', async () => {
    const { report } = await audit([web.configDir, '--no-scan', '--no-logs']);
    assert.ok(report.services.every((s) => s.agreement === 'unscanned' && s.observed === null && s.gradedOn === 'config'));
    assert.equal(report.logs, null);
    assert.equal(report.scan.connections, 0);
  });
});

describe('mailtls audit: the running server against its configuration', { skip: needs(CAN_RUN, 'root (lab Postfix instances)'), timeout: 300_000 }, () => {
  let lab: LabInstance;
  before(async () => {
    await labDown('audit-reload').catch(() => undefined);
    lab = await labUp({ name: 'audit-reload' });
  });
  after(async () => { await labDown('audit-reload').catch(() => undefined); });

  it('a configuration edited after the start shows differs / not-reloaded, and the reload fix makes it match', async () => {
    const before1 = await audit([lab.configDir]);
    assert.ok(before1.report.services.every((s) => s.agreement === 'match'), JSON.stringify(before1.report.services.map((s) => s.differences)));
    execFileSync('postconf', ['-c', lab.configDir, '-e', 'smtpd_tls_protocols = >=TLSv1.2'], { env: SBIN });
    const { report } = await audit([lab.configDir]);
    const smtp = report.services.find((s) => s.name === 'smtp/inet');
    assert.equal(smtp?.agreement, 'differs');
    assert.deepEqual(smtp?.differences.map((d) => [d.what, d.cause]), [['versions', 'not-reloaded']]);
    assert.match(smtp?.differences[0]?.explanation ?? '', /main\.cf changed at .* after Postfix last read its configuration/);
    assert.ok(report.findings.some((f) => f.id === 'not-reloaded' && f.service === 'smtp/inet' && f.source === 'join'));
    const fix = report.fixes[0];
    assert.deepEqual(fix?.commands, [`postfix -c ${lab.configDir} reload`]);
    assert.ok(fix?.resolves.includes('not-reloaded'));
    const n = reloadsIn(lab);
    apply(fix?.commands ?? []);
    await reloaded(lab, n);
    const after1 = await audit([lab.configDir]);
    const s = after1.report.services.find((x) => x.name === 'smtp/inet');
    assert.equal(s?.agreement, 'match', JSON.stringify(s?.differences));
    assert.deepEqual(s?.observed?.versions, ['TLSv1.2', 'TLSv1.3']);
  });

  it('mailtls logs leaves out the sessions of mailtls scan runs, and --include-probes counts them', async () => {
    const port = lab.services.find((s) => s.service === 'smtp')?.port ?? 0;
    assert.equal(await main(['scan', `127.0.0.1:${port}`, '--json'], memoryIo({ ...process.env })), 0);
    await clientSession({ ...CLIENTS[1]!, port });
    const run = async (extra: string[]) => {
      const io = memoryIo({ ...process.env });
      assert.equal(await main(['logs', lab.logFile, '--json', ...extra], io), 0, io.err());
      return JSON.parse(io.out()) as { clients: { client: string; sessions: number }[]; exclusion: { sessions: number } | null };
    };
    const without = await run([]);
    assert.ok((without.exclusion?.sessions ?? 0) > 50, JSON.stringify(without.exclusion));
    assert.deepEqual(without.clients.filter((c) => c.client.includes('127.0.9.1')), []);
    assert.ok(without.clients.some((c) => c.client.includes('127.0.0.11')), 'the real client stays');
    const all = await run(['--include-probes']);
    assert.equal(all.exclusion, null);
    assert.ok((all.clients.find((c) => c.client.includes('127.0.9.1'))?.sessions ?? 0) > 50);
  });

  it('another process listening on a service\'s port is found and named', async () => {
    const port = lab.services.find((s) => s.service === 'smtp')?.port ?? 0;
    // Postfix's master binds with SO_REUSEPORT; so can another process, and then shares the connections.
    const py = spawn('python3', ['-c', `import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)\ns.bind(('127.0.0.1', ${port}))\ns.listen(64)\nprint('up', flush=True)\nwhile True:\n  c,_=s.accept(); c.close()\n`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((res) => py.stdout.once('data', () => res()));
      const { report } = await audit([lab.configDir, '--no-logs']);
      const f = report.findings.find((x) => x.id === 'other-listener' && x.service === 'smtp/inet');
      assert.ok(f, JSON.stringify(report.findings.map((x) => x.id)));
      assert.match(f.message, /python3 \(pid \d+\)/);
      const smtp = report.services.find((s) => s.name === 'smtp/inet');
      assert.ok(smtp?.differences.every((d) => d.cause === 'other-listener'));
    } finally {
      py.kill();
    }
  });

  it('a stopped Postfix: each service differs (not reachable), never "no TLS, as configured"', async () => {
    assert.ok((await postfixCtl(lab.configDir, 'stop', 30_000)).ok);
    // `postfix stop` signals master and returns; wait until it is gone.
    for (let i = 0; i < 100 && (await postfixCtl(lab.configDir, 'status', 10_000)).ok; i++) await new Promise((r) => setTimeout(r, 100));
    const { code, report } = await audit([lab.configDir, '--no-logs']);
    assert.equal(code, 1);
    for (const s of report.services) {
      assert.equal(s.agreement, 'differs', s.name);
      assert.deepEqual(s.differences.map((d) => d.what), ['reachable']);
      assert.match(s.differences[0]?.explanation ?? '', /no Postfix master process runs for this configuration/);
    }
  });
});
