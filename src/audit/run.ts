/**
 * `mailtls audit`: the configuration read as Postfix reads it, every listening service
 * discovered and scanned (in parallel, within the scanner's per-host limit), the log read at
 * the same time with the audit's own probes and earlier mailtls runs left out, then the join:
 * prediction against observation with checked causes, grades by the profile, fixes with the
 * impact the log proves, and one verdict per service. The result is plain data (types.ts).
 *
 * This module only gathers: the configuration, the scans, the log, /proc. Every decision on
 * what it gathered (causes, grades, findings and their severities, fixes, verdicts) is made by
 * decide.ts and the pure modules it uses.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { toMailtlsError } from '../errors.js';
import { analyzeLogs } from '../logs/analyze.js';
import type { ProbeWindow, SessionExclusion } from '../logs/exclusion.js';
import type { LogReport } from '../logs/report.js';
import { readLabCopy, type LabCopy } from '../postfix/lab-copy.js';
import { loadAndAnalyze } from '../postfix/load.js';
import { scanHost } from '../scan/engine.js';
import { drownAcross } from '../scan/vulns/derived.js';
import { probeSource } from '../net/tcp.js';
import { DEFAULT_SCAN_OPTIONS } from '../scan/context.js';
import { readRuns, recordRun } from '../ledger.js';
import type { ScanReport } from '../scan/types.js';
import type { Severity } from '../severity.js';
import { VERSION } from '../version.js';
import { decideAudit, endpointOf, type SystemFacts } from './decide.js';
import { discover, parseEtcServices, scanAddressFor, type DiscoveredService } from './discover.js';
import type { Grader } from './grade.js';
import { lastLoad } from './join.js';
import { masterProcess, mtimes, portListeners, type PortListeners } from './system.js';
import type { AuditReport } from './types.js';

/** The EHLO name of the audit's own connections: recognisable, and reserved (RFC 2606 .invalid). */
export const AUDIT_EHLO = 'audit.mailtls.invalid';

export interface AuditOptions {
  readonly configDir: string;
  readonly grader: Grader;
  /** null: nothing fails the run. */
  readonly failOn: Severity | null;
  /** --log FILE...: read these instead of finding the log. */
  readonly logFiles?: readonly string[];
  readonly noLogs?: boolean;
  readonly noScan?: boolean;
  readonly postfixVersion?: string;
  readonly opensslVersion?: string;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** One line per step, for stderr. */
  readonly onProgress?: (line: string) => void;
  /** /proc and /etc/services, for tests. */
  readonly proc?: string;
  readonly etcServices?: string;
  /** Where the system log lives (default /var/log). */
  readonly logDir?: string;
}

function readSmall(path: string): string | null {
  try {
    return statSync(path).size < 4 << 20 ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
}

/** The source address the kernel would use towards a host: a connected UDP socket sends nothing. */
async function sourceAddress(host: string): Promise<string | null> {
  const family = isIP(host);
  if (family === 0) return null;
  const sock = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((res, rej) => {
      sock.once('error', rej);
      sock.connect(9, host, () => res());
    });
    return sock.address().address;
  } catch {
    return null;
  } finally {
    sock.close();
  }
}

async function resolveAddress(address: string | null): Promise<string | null> {
  if (address === null || isIP(address) !== 0) return address;
  try {
    const { lookup } = await import('node:dns/promises');
    return (await lookup(address)).address;
  } catch {
    return null;
  }
}

interface LogPlan {
  readonly source: NonNullable<AuditReport['logs']>['source'];
  readonly files: string[];
  readonly stdin?: NodeJS.ReadableStream;
  readonly stop?: () => void;
}

/** --log, else maillog_file, else /var/log/mail.log (or maillog) and its rotations, else journalctl. */
function planLogs(opts: AuditOptions, maillogFile: string): LogPlan | null {
  if (opts.noLogs === true) return null;
  if (opts.logFiles !== undefined && opts.logFiles.length > 0) return { source: 'option', files: [...opts.logFiles] };
  if (maillogFile !== '' && existsSync(maillogFile)) return { source: 'maillog_file', files: [maillogFile] };
  const dir = opts.logDir ?? '/var/log';
  for (const base of ['mail.log', 'maillog']) {
    if (!existsSync(join(dir, base))) continue;
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      names = [base];
    }
    const rotated = names.filter((n) => n === base || new RegExp(`^${base.replace('.', '\\.')}([.-]\\d+)(\\.gz)?$`).test(n));
    return { source: 'syslog', files: rotated.map((n) => join(dir, n)) };
  }
  if (spawnSync('journalctl', ['--version'], { stdio: 'ignore' }).status === 0) {
    const child = spawn('journalctl', ['--no-pager', '-o', 'short-iso', '-u', 'postfix*'], { stdio: ['ignore', 'pipe', 'ignore'] });
    return { source: 'journalctl', files: [], stdin: child.stdout, stop: () => child.kill() };
  }
  return null;
}

function sameDir(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

type Warning = AuditReport['warnings'][number];

/** 1. The configuration, as Postfix reads it; a lab copy is judged by its services' production names. */
function readConfig(opts: AuditOptions, configDir: string, warnings: Warning[]) {
  const lab: LabCopy | undefined = readLabCopy(configDir);
  const loaded = loadAndAnalyze({
    configDir,
    ...(lab !== undefined ? { serviceNames: lab.names } : {}),
    ...(opts.postfixVersion !== undefined ? { postfixVersion: opts.postfixVersion } : {}),
    ...(opts.opensslVersion !== undefined ? { opensslVersion: opts.opensslVersion } : {}),
  });
  for (const w of loaded.report.warnings) warnings.push({ code: 'ECONFIG_PARSE', message: w.message, place: w.line !== null ? `${w.file}:${w.line}` : w.file });
  const etc = readSmall(opts.etcServices ?? '/etc/services');
  const services = discover({ analysis: loaded.analysis, services: etc !== null ? parseEtcServices(etc) : new Map(), ...(lab ? { lab: lab.services } : {}) });
  return { lab, loaded, services };
}

/** The live window of this audit's probes: its addresses grow as the scans report theirs. */
interface LiveWindow { since: number; until: number; readonly addresses: Set<string> }

/**
 * 2. The log, read while the scans run, with this audit's probes (the live window) and the
 * earlier runs of the ledger left out.
 */
function startLogs(opts: AuditOptions, maillogFile: string, live: LiveWindow, warnings: Warning[], progress: (line: string) => void) {
  const env = opts.env ?? process.env;
  const past = readRuns(env);
  if (past.warning !== null) warnings.push({ code: 'EIO', message: past.warning, place: null });
  const exclusion: SessionExclusion = {
    windows: [...past.runs.map((r): ProbeWindow => ({ since: r.since, until: r.until, addresses: new Set(r.addresses) })), live],
    why: `mailtls's own probes (this audit, EHLO ${AUDIT_EHLO}, and earlier recorded runs)`,
  };
  const plan = planLogs(opts, maillogFile);
  if (plan === null && opts.noLogs !== true) warnings.push({ code: 'ELOG_READ', message: 'no log found (maillog_file, /var/log/mail.log, /var/log/maillog, journalctl): give --log FILE', place: null });
  const t0 = Date.now();
  const timing = { ms: 0 };
  const report: Promise<LogReport | null> = plan === null ? Promise.resolve(null) : analyzeLogs({
    files: plan.files, ...(plan.stdin ? { stdin: plan.stdin } : {}), exclude: exclusion, sessionClasses: true,
  }).then((r) => {
    timing.ms = Date.now() - t0;
    progress(`log: ${r.lines} lines read (${plan.source}${plan.files.length > 0 ? `: ${plan.files.join(', ')}` : ''})`);
    return r;
  }, (err: unknown) => {
    const e = toMailtlsError(err, 'ELOG_READ');
    warnings.push({ code: e.code, message: e.message, place: e.place ? (e.place.file ?? null) : null });
    return null;
  }).finally(() => plan?.stop?.());
  return { plan, report, timing };
}

/** 3. The scans, in parallel; services on one address share its connection limit. */
async function runScans(opts: AuditOptions, services: readonly DiscoveredService[], addresses: readonly (string | null)[], live: LiveWindow, warnings: Warning[], progress: (line: string) => void): Promise<(ScanReport | null)[]> {
  if (opts.noScan === true) return services.map(() => null);
  const perHost = new Map<string, number>();
  for (const addr of addresses) if (addr !== null) perHost.set(addr, (perHost.get(addr) ?? 0) + 1);
  const scanned = await Promise.all(services.map(async (s, i) => {
    const host = addresses[i] ?? null;
    if (host === null || s.port === null) {
      if (host === null) warnings.push({ code: 'ENETWORK', message: `${s.name}: no address to scan (listen ${s.listen.join(', ') || 'unknown'})`, place: s.name });
      return null;
    }
    progress(`scanning ${s.name} at ${endpointOf(host, s.port) ?? ''} (${s.role})`);
    const share = Math.max(2, Math.floor(DEFAULT_SCAN_OPTIONS.concurrency / (perHost.get(host) ?? 1)));
    const report = await scanHost({ host, port: s.port, starttls: !s.implicitTls, role: s.role === 'submission' ? 'submission' : 'mx' }, {
      ehloName: AUDIT_EHLO, concurrency: share,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
    for (const src of report.stats.sourceAddresses ?? []) live.addresses.add(src);
    const offered = report.protocols.filter((p) => p.offered === true).map((p) => p.version);
    progress(`  ${s.name}: ${report.complete ? `${offered.join(' ') || 'no TLS'}` : `incomplete: ${report.error ?? ''}`} (${report.stats.connections} connections, ${(report.stats.durationMs / 1000).toFixed(2)} s)`);
    return report;
  }));
  // One certificate with SSLv2 on any of these services is DROWN on all that share it.
  return drownAcross(scanned);
}

/** 4. The system: when master read the configuration, who holds the ports. */
function readSystem(opts: AuditOptions, configDir: string, queueDirectory: string, services: readonly DiscoveredService[], logs: LogReport | null): SystemFacts {
  const master = masterProcess(queueDirectory, opts.proc);
  const files = mtimes([join(configDir, 'main.cf'), join(configDir, 'master.cf')]);
  const listeners = new Map<number, PortListeners>();
  for (const s of services) if (s.port !== null && !listeners.has(s.port)) listeners.set(s.port, portListeners(s.port, master, opts.proc));
  return {
    master, lastLoad: lastLoad(master, logs?.master ?? [], configDir, sameDir),
    configFiles: [...files].map(([path, mtime]) => ({ path, label: basename(path), mtime })), listeners,
  };
}

export async function runAudit(opts: AuditOptions): Promise<AuditReport> {
  const t0 = Date.now();
  const env = opts.env ?? process.env;
  const progress = opts.onProgress ?? (() => undefined);
  const warnings: Warning[] = [];
  const configDir = resolve(opts.configDir);
  const { lab, loaded, services } = readConfig(opts, configDir, warnings);
  const a = loaded.analysis;
  const configMs = Date.now() - t0;

  // The probes' source addresses are known before the log is read: a session the log reader
  // closes while the first probes connect must already count as one of them.
  const addresses = await Promise.all(services.map((s) => resolveAddress(scanAddressFor(s.listen))));
  const live: LiveWindow = { since: Date.now(), until: Infinity, addresses: new Set<string>() };
  for (const addr of new Set(addresses)) {
    if (addr === null || opts.noScan === true) continue;
    const src = probeSource(addr) ?? await sourceAddress(addr);
    if (src !== null) live.addresses.add(src);
  }
  live.since = Date.now();
  const logRead = startLogs(opts, a.mainScope.get('maillog_file').trim(), live, warnings, progress);
  const scanT0 = Date.now();
  const scans = await runScans(opts, services, addresses, live, warnings, progress);
  const scanMs = Date.now() - scanT0;
  live.until = Date.now();
  const connections = scans.reduce((n, r) => n + (r?.stats.connections ?? 0), 0);
  if (opts.noScan !== true && connections > 0) {
    const w = recordRun({ tool: 'audit', since: live.since, until: live.until, addresses: [...live.addresses], targets: services.map((s, i) => `${addresses[i] ?? '?'}:${s.port ?? '?'}`) }, env);
    if (w !== null) warnings.push({ code: 'EIO', message: w, place: null });
  }
  const logs = await logRead.report;
  const system = readSystem(opts, configDir, a.mainScope.get('queue_directory'), services, logs);

  const d = decideAudit({
    analysis: a, configReport: loaded.report, configDir, lab, services, addresses, scans, logs, system,
    grader: opts.grader, failOn: opts.failOn,
  });
  const plan = logRead.plan;
  return {
    tool: { name: 'mailtls', version: VERSION },
    generatedAt: new Date().toISOString(),
    configDir, lab: lab !== undefined ? { name: lab.name, source: lab.source } : null,
    postfixVersion: loaded.report.postfixVersion, opensslVersion: loaded.report.opensslVersion,
    profile: opts.grader.profile, failOn: opts.failOn, verdict: d.verdict, exitCode: d.exitCode,
    services: d.services, fixes: d.fixes, findings: d.findings,
    logs: plan === null || logs === null ? null : {
      source: plan.source, files: plan.files.length > 0 ? plan.files : ['journalctl -u postfix*'], from: logs.from, to: logs.to, lines: logs.lines,
      tlsLogging: logs.tlsLogging, excludedProbeSessions: logs.exclusion?.sessions ?? 0,
      notes: logs.notices.map((n) => n.message),
    },
    scan: { enabled: opts.noScan !== true, ehloName: AUDIT_EHLO, connections, durationMs: scanMs },
    warnings: [...warnings, ...d.warnings],
    stats: { durationMs: Date.now() - t0, configMs, scanMs, logsMs: logRead.timing.ms },
  };
}
