/**
 * Benchmark: `mailtls scan` against nmap's ssl-enum-ciphers, sslscan and testssl.sh (Debian
 * packages) on one lab Postfix with stock settings (the Debian snakeoil RSA certificate, so
 * TLS 1.0/1.1/1.2/1.3 with 16/16/56/3 suites), in one run: wall time, TCP connections (the
 * ": connect from" lines each tool adds to the instance's log) and whether each found the same
 * suites. Once directly on loopback, once through a proxy that delays every chunk by 50 ms in
 * each direction (a server "50 ms away"). Printed, never asserted: timings on shared machines
 * are noisy.
 *
 * nmap only speaks STARTTLS on ports it knows as SMTP (25, 587; nselib/sslcert.lua), so the
 * instance listens on 25 when it is free and the delaying proxy on 587.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labUp, labDown, type LabInstance } from '../src/lab/index.js';
import { cipherSuiteByIana, cipherSuiteByOpenssl, cipherSuiteByCode } from '../src/wire/registry/cipher-suites.js';
import type { ScanReport } from '../src/scan/types.js';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const LAB = 'bench-scan';
const DELAY_MS = 50;

/* A TCP proxy on 127.0.0.1 that holds every chunk for `delayMs` in each direction. */
export interface DelayProxy {
  readonly port: number;
  close(): Promise<void>;
}

function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => { if (!to.destroyed) to.write(chunk); }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs + 1));
}

export async function startDelayProxy(targetPort: number, delayMs: number, listenPort = 0): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.setNoDelay(true); }
    pipeDelayed(client, upstream, delayMs);
    pipeDelayed(upstream, client, delayMs);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(listenPort, '127.0.0.1', resolve); });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** protocol -> suite codes */
type SuiteSet = Map<string, Set<number>>;

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

interface RunResult {
  tool: string;
  wallMs: number;
  connections: number;
  suites: SuiteSet | null;
  note: string;
}

export interface Ran { stdout: string; stderr: string; ms: number; timedOut: boolean; code: number | null }

export function run(cmd: string, args: string[], timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ stdout, stderr, ms: performance.now() - t0, timedOut, code }); });
    child.on('error', (err) => { clearTimeout(timer); resolve({ stdout, stderr: String(err), ms: performance.now() - t0, timedOut, code: null }); });
  });
}

export const connects = (lab: LabInstance) => (readFileSync(lab.logFile, 'utf8').match(/\]: connect from /g) ?? []).length;

function add(set: SuiteSet, proto: string, code: number | undefined): void {
  if (code === undefined) return;
  const s = set.get(proto) ?? new Set<number>();
  s.add(code);
  set.set(proto, s);
}

function fromMailtls(json: string): SuiteSet {
  const r = JSON.parse(json) as ScanReport;
  const set: SuiteSet = new Map();
  for (const p of r.protocols) for (const c of p.ciphers) add(set, p.version, parseInt(c.code, 16));
  return set;
}

/** `|   TLSv1.2:` headers, then `|       TLS_ECDHE_..._SHA256 (secp256r1) - A`; TLS 1.3 suites as TLS_AKE_WITH_*. */
function fromNmap(out: string): SuiteSet {
  const set: SuiteSet = new Map();
  let proto = '';
  for (const line of out.split('\n')) {
    const h = /^\|\s+(SSLv3|TLSv1\.[0-3]):/.exec(line);
    if (h) { proto = h[1] === 'TLSv1.0' ? 'TLSv1.0' : h[1] ?? ''; continue; }
    const m = /^\|\s+(TLS_[A-Za-z0-9_]+)\s/.exec(line);
    if (m && proto) {
      const name = (m[1] ?? '').replace(/^TLS_AKE_WITH_/, 'TLS_');
      const p = name.startsWith('TLS_') && /^TLS_(AES|CHACHA20)_/.test(name) && !name.includes('_WITH_') ? 'TLSv1.3' : proto;
      add(set, p === 'TLSv1.0' ? 'TLSv1.0' : p, cipherSuiteByIana(name)?.code);
    }
  }
  // nmap names TLS 1.0 "TLSv1.0"
  return set;
}

/** `Accepted  TLSv1.2  256 bits  ECDHE-RSA-AES256-GCM-SHA384 ...` (OpenSSL names; IANA for TLS 1.3). */
function fromSslscan(out: string): SuiteSet {
  const set: SuiteSet = new Map();
  for (const line of out.split('\n')) {
    const m = /^(?:Preferred|Accepted)\s+(SSLv[23]|TLSv1\.[0-3])\s+\d+ bits\s+(\S+)/.exec(stripAnsi(line));
    if (!m) continue;
    const proto = m[1] === 'TLSv1.0' ? 'TLSv1.0' : m[1] ?? '';
    const name = m[2] ?? '';
    add(set, proto, (cipherSuiteByOpenssl(name) ?? cipherSuiteByIana(name))?.code);
  }
  return set;
}

/** Sections `TLS 1`, `TLS 1.1`..., then ` xc030   ECDHE-RSA-... ` rows with the hex code. */
function fromTestssl(out: string): SuiteSet {
  const set: SuiteSet = new Map();
  const names: Record<string, string> = { SSLv3: 'SSLv3', 'TLS 1': 'TLSv1.0', 'TLS 1.1': 'TLSv1.1', 'TLS 1.2': 'TLSv1.2', 'TLS 1.3': 'TLSv1.3' };
  let proto = '';
  for (const raw of out.split('\n')) {
    const line = stripAnsi(raw);
    const h = /^(SSLv2|SSLv3|TLS 1(?:\.[123])?)\s*$/.exec(line);
    if (h) { proto = names[h[1] ?? ''] ?? ''; continue; }
    const m = /^ x([0-9a-f]+)\s/.exec(line);
    if (m && proto) add(set, proto, cipherSuiteByCode(parseInt(m[1] ?? '', 16))?.code);
  }
  return set;
}

function summary(set: SuiteSet | null): string {
  if (!set) return '-';
  return ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].map((p) => set.get(p)?.size ?? 0).join('/');
}

function same(a: SuiteSet | null, b: SuiteSet | null): string {
  if (!a || !b) return '-';
  const protos = new Set([...a.keys(), ...b.keys()].filter((p) => (a.get(p)?.size ?? 0) + (b.get(p)?.size ?? 0) > 0));
  const diffs: string[] = [];
  for (const p of protos) {
    const x = a.get(p) ?? new Set<number>();
    const y = b.get(p) ?? new Set<number>();
    const onlyA = [...x].filter((c) => !y.has(c)).length;
    const onlyB = [...y].filter((c) => !x.has(c)).length;
    if (onlyA || onlyB) diffs.push(`${p}: +${onlyB}/-${onlyA}`);
  }
  return diffs.length === 0 ? 'same' : diffs.join(' ');
}

async function measure(lab: LabInstance, port: number, label: string, testsslTimeoutMs: number, repeats: number): Promise<RunResult[]> {
  const results: RunResult[] = [];
  // The built CLI, as users run it: bin/mailtls, the installed command (`npm run bench` builds dist/ first).
  if (!existsSync(join(ROOT, 'dist', 'mailtls.cjs'))) throw new Error('dist/ is not built: run npm run build first');
  const scanArgs = ['scan', `127.0.0.1:${port}`, '--json'];
  const mailtls: [string, string[]] = [join(ROOT, 'bin', 'mailtls'), scanArgs];
  const tools: [string, string, string[], number, (out: string) => SuiteSet][] = [
    ['mailtls', mailtls[0], mailtls[1], 120_000, fromMailtls],
    ['nmap ssl-enum-ciphers', 'nmap', ['-Pn', '-p', String(port), '--script', 'ssl-enum-ciphers', '127.0.0.1'], 180_000, fromNmap],
    ['sslscan', 'sslscan', ['--starttls-smtp', '--no-colour', `127.0.0.1:${port}`], 180_000, fromSslscan],
    ['testssl.sh -E', 'testssl', ['--quiet', '--color', '0', '--warnings', 'off', '--starttls', 'smtp', '-E', `127.0.0.1:${port}`], testsslTimeoutMs, fromTestssl],
  ];
  // bin/mailtls drops NODE_EXTRA_CA_CERTS, which Node 20 parses at every start (see that file).
  // When it is set here, also show what running the .cjs under Node directly costs.
  if (process.env['NODE_EXTRA_CA_CERTS']) {
    tools.splice(1, 0, ['mailtls, node bin/mailtls.cjs with NODE_EXTRA_CA_CERTS', process.execPath, [join(ROOT, 'bin', 'mailtls.cjs'), ...scanArgs], 120_000, fromMailtls]);
  }
  // One uncounted run first, so every tool meets the same warm smtpd processes (and mailtls its code cache).
  await run(mailtls[0], mailtls[1], 120_000);
  const ran: Ran[] = [];
  for (const [name, cmd, args, timeout, parse] of tools) {
    const before = connects(lab);
    const r = await run(cmd, args, timeout);
    await new Promise((res) => setTimeout(res, 300)); // let Postfix flush its log
    const conns = connects(lab) - before;
    let suites: SuiteSet | null = null;
    let note = r.timedOut ? `timed out after ${timeout / 1000} s` : r.code !== 0 && name !== 'testssl.sh -E' ? `exit ${r.code}: ${r.stderr.trim().split('\n').pop() ?? ''}` : '';
    try {
      suites = parse(r.stdout);
    } catch (err) {
      note = `output not understood: ${String(err)}`;
    }
    ran.push(r);
    results.push({ tool: name, wallMs: r.ms, connections: conns, suites, note });
    process.stdout.write(`  ${label}: ${name} done in ${(r.ms / 1000).toFixed(2)} s\n`);
  }
  // Fast tools run `repeats` times more, interleaved round by round so that all of them meet the
  // same load (shared machines drift by tens of percent from one minute to the next); the median
  // wall time is reported.
  const fast = tools.map((_, i) => i).filter((i) => repeats > 1 && (ran[i]?.ms ?? Infinity) < 10_000);
  const times = new Map<number, number[]>(fast.map((i) => [i, [ran[i]?.ms ?? 0]]));
  for (let round = 1; round < repeats; round++) {
    for (const i of fast) {
      const [, cmd, args, timeout] = tools[i] ?? [];
      if (cmd && args && timeout) times.get(i)?.push((await run(cmd, args, timeout)).ms);
    }
  }
  for (const [i, t] of times) {
    t.sort((a, b) => a - b);
    const r = results[i];
    if (r) r.wallMs = t[Math.floor(t.length / 2)] ?? r.wallMs;
  }
  return results;
}

function table(label: string, results: RunResult[]): void {
  const base = results[0];
  const rows = [['tool', 'wall s (median)', 'x mailtls', 'connections', 'suites 1.0/1.1/1.2/1.3', 'vs mailtls', 'note']];
  for (const r of results) {
    rows.push([
      r.tool, (r.wallMs / 1000).toFixed(2), base ? (r.wallMs / base.wallMs).toFixed(1) : '-', String(r.connections),
      summary(r.suites), r === base ? '' : same(base?.suites ?? null, r.suites), r.note,
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  process.stdout.write(`\n${label}\n`);
  for (const row of rows) process.stdout.write(`  ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
  const nmap = results.find((r) => r.tool.startsWith('nmap'));
  if (base && nmap) process.stdout.write(`  mailtls takes ${(100 * base.wallMs / nmap.wallMs).toFixed(0)}% of nmap's wall time and ${base.connections} connections (nmap ${nmap.connections}).\n`);
}

export async function benchScan(): Promise<void> {
  await labDown(LAB).catch(() => undefined);
  // Debian's stock main.cf uses the snakeoil RSA certificate; the lab maps it to its own RSA pair.
  const settings = { smtpd_tls_cert_file: '/etc/ssl/certs/ssl-cert-snakeoil.pem', smtpd_tls_key_file: '/etc/ssl/private/ssl-cert-snakeoil.key' };
  let lab: LabInstance;
  try {
    lab = await labUp({ name: LAB, port: 25, settings });
  } catch {
    lab = await labUp({ name: LAB, settings });
  }
  let proxy: DelayProxy | undefined;
  let zero: DelayProxy | undefined;
  try {
    const smtp = lab.services.find((s) => s.service === 'smtp');
    if (!smtp) throw new Error('the lab instance has no smtp service');
    let direct = smtp.port;
    if (direct !== 25 && direct !== 587) {
      // Port 25 was taken: a pass-through proxy on 587 keeps nmap on STARTTLS (its overhead hits every tool alike).
      zero = await startDelayProxy(smtp.port, 0, 587);
      direct = zero.port;
    }
    proxy = await startDelayProxy(smtp.port, DELAY_MS, direct === 587 ? 25 : 587);
    process.stdout.write(`lab instance ${lab.name}: Postfix ${lab.postfixVersion} on 127.0.0.1:${direct}; ${DELAY_MS} ms delay proxy on 127.0.0.1:${proxy.port}\n`);
    const loop = await measure(lab, direct, 'loopback', 180_000, 9);
    table(`Loopback (127.0.0.1:${direct})`, loop);
    const far = await measure(lab, proxy.port, `${DELAY_MS} ms`, 300_000, 1);
    table(`Through a ${DELAY_MS} ms delay proxy (each direction, 127.0.0.1:${proxy.port})`, far);
  } finally {
    await proxy?.close();
    await zero?.close();
    await labDown(LAB).catch(() => undefined);
  }
}
