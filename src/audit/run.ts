/**
 * `mailtls audit`: the configuration read as Postfix reads it, every listening service
 * discovered and scanned (in parallel, within the scanner's per-host limit), the log read at
 * the same time with the audit's own probes and earlier mailtls runs left out, then the join:
 * prediction against observation with checked causes, grades by the profile, fixes with the
 * impact the log proves, and one verdict per service. The result is plain data (types.ts).
 *
 * This module does the I/O the audit needs (files, /proc, the scans, the log); the decisions
 * are in the pure modules beside it (discover, join, impact, fixes, findings).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { toMailtlsError } from '../errors.js';
import { analyzeLogs } from '../logs/analyze.js';
import type { ProbeWindow, SessionExclusion } from '../logs/exclusion.js';
import type { LogReport } from '../logs/report.js';
import { loadAndAnalyze } from '../postfix/load.js';
import { explainDifference } from '../postfix/system-explain.js';
import type { RuleResult } from '../policy/types.js';
import { fillFromConfig } from '../policy/grade.js';
import { scanHost } from '../scan/engine.js';
import { drownAcross } from '../scan/vulns/derived.js';
import { probeSource } from '../net/tcp.js';
import { DEFAULT_SCAN_OPTIONS } from '../scan/context.js';
import { readRuns, recordRun } from '../ledger.js';
import type { ScanReport } from '../scan/types.js';
import type { Severity } from '../severity.js';
import { VERSION } from '../version.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import { discover, parseEtcServices, scanAddressFor, type DiscoveredService, type LabServiceName } from './discover.js';
import {
  atLeastSeverity, configFinding, joinFinding, logFinding, ruleFinding, scanFinding, sortFindings, verdictOf, worstVerdict,
} from './findings.js';
import { planFixes } from './fixes.js';
import type { Grader } from './grade.js';
import { tlsService } from './hints.js';
import { causeOf, compareWire, lastLoad, observedWire, predictedWire, type CauseContext } from './join.js';
import { masterProcess, mtimes, portListeners, type PortListeners } from './system.js';
import type { AuditFinding, AuditReport, AuditService, CauseId, Difference, LogStats } from './types.js';

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

const cipherName = (code: string) => {
  const s = cipherSuiteByCode(parseInt(code, 16));
  return s?.openssl ?? s?.iana ?? code;
};

function readSmall(path: string): string | null {
  try {
    return statSync(path).size < 4 << 20 ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
}

/** A `mailtls lab` instance keeps the user's service names beside its rewritten master.cf. */
function labInstance(configDir: string): { name: string; source: string | null; services: LabServiceName[] } | undefined {
  const meta = readSmall(join(dirname(configDir), 'instance.json'));
  if (meta === null) return undefined;
  try {
    const inst = JSON.parse(meta) as { name?: unknown; configDir?: string; source?: unknown; services?: { service?: unknown; port?: unknown }[] };
    if (inst.configDir === undefined || resolve(inst.configDir) !== resolve(configDir) || !Array.isArray(inst.services)) return undefined;
    return {
      name: typeof inst.name === 'string' ? inst.name : basename(dirname(configDir)),
      source: typeof inst.source === 'string' ? inst.source : null,
      services: inst.services.filter((s): s is LabServiceName => typeof s.service === 'string' && typeof s.port === 'number'),
    };
  } catch {
    return undefined;
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

function logStats(r: LogReport, logName: string): LogStats | null {
  const s = r.services.find((x) => x.name === logName && x.direction === 'inbound');
  const excluded = r.exclusion?.byService[logName] ?? 0;
  if (!s) return { sessions: 0, tls: {}, ciphers: {}, plaintext: 0, failures: 0, tlsUnlogged: 0, authenticated: 0, authWithoutTls: 0, clients: 0, legacyClients: 0, excludedProbeSessions: excluded };
  return {
    sessions: s.sessions, tls: s.tls, ciphers: s.ciphers, plaintext: s.plaintext, failures: s.failures, tlsUnlogged: s.tlsUnlogged,
    authenticated: s.authenticated, authWithoutTls: s.authWithoutTls, clients: s.peers,
    legacyClients: r.clients.filter((c) => c.service === logName && c.legacy).length, excludedProbeSessions: excluded,
  };
}

const CAUSE_FINDING: Readonly<Record<CauseId, { id: string; severity: Severity; title: string }>> = {
  'not-reloaded': { id: 'not-reloaded', severity: 'medium', title: 'The running Postfix does not use the configuration: not reloaded' },
  'other-listener': { id: 'other-listener', severity: 'high', title: 'Another process listens on the service\'s port' },
  'openssl-system-config': { id: 'openssl-system-config', severity: 'low', title: 'OpenSSL\'s system configuration changes what the service offers' },
  'tls-config-file': { id: 'tls-config-file', severity: 'low', title: 'Postfix\'s tls_config_file changes what the service offers' },
  certificate: { id: 'certificate-not-loaded', severity: 'high', title: 'smtpd cannot load its certificate, so it offers no TLS' },
  unknown: { id: 'prediction-differs', severity: 'low', title: 'The wire differs from what the configuration predicts' },
};

export async function runAudit(opts: AuditOptions): Promise<AuditReport> {
  const t0 = Date.now();
  const env = opts.env ?? process.env;
  const progress = opts.onProgress ?? (() => undefined);
  const warnings: { code: string; message: string; place: string | null }[] = [];
  const configDir = resolve(opts.configDir);

  // 1. The configuration (a lab copy is judged by the production names of its services).
  const labInfo = labInstance(configDir);
  const lab = labInfo?.services;
  const serviceNames = lab !== undefined ? new Map(lab.map((l) => [`127.0.0.1:${l.port}`, l.service])) : undefined;
  const loaded = loadAndAnalyze({
    configDir,
    ...(serviceNames !== undefined ? { serviceNames } : {}),
    ...(opts.postfixVersion !== undefined ? { postfixVersion: opts.postfixVersion } : {}),
    ...(opts.opensslVersion !== undefined ? { opensslVersion: opts.opensslVersion } : {}),
  });
  const a = loaded.analysis;
  for (const w of loaded.report.warnings) warnings.push({ code: 'ECONFIG_PARSE', message: w.message, place: w.line !== null ? `${w.file}:${w.line}` : w.file });
  const etc = readSmall(opts.etcServices ?? '/etc/services');
  const services = discover({ analysis: a, services: etc !== null ? parseEtcServices(etc) : new Map(), ...(lab ? { lab } : {}) });
  const configMs = Date.now() - t0;

  // 2. The log, read while the scans run; this audit's probes (a live window) and earlier runs left out.
  const live = new Set<string>();
  // The probes' source addresses are known before the log is read: a session the log reader
  // closes while the first probes connect must already count as one of them.
  const addresses = await Promise.all(services.map((s) => resolveAddress(scanAddressFor(s.listen))));
  for (const addr of new Set(addresses)) {
    if (addr === null || opts.noScan === true) continue;
    const src = probeSource(addr) ?? await sourceAddress(addr);
    if (src !== null) live.add(src);
  }
  const started = Date.now();
  const liveWindow: { since: number; until: number; addresses: Set<string> } = { since: started, until: Infinity, addresses: live };
  const past = readRuns(env);
  if (past.warning !== null) warnings.push({ code: 'EIO', message: past.warning, place: null });
  const exclusion: SessionExclusion = {
    windows: [...past.runs.map((r): ProbeWindow => ({ since: r.since, until: r.until, addresses: new Set(r.addresses) })), liveWindow],
    why: `mailtls's own probes (this audit, EHLO ${AUDIT_EHLO}, and earlier recorded runs)`,
  };
  const plan = planLogs(opts, a.mainScope.get('maillog_file').trim());
  if (plan === null && opts.noLogs !== true) warnings.push({ code: 'ELOG_READ', message: 'no log found (maillog_file, /var/log/mail.log, /var/log/maillog, journalctl): give --log FILE', place: null });
  const logsT0 = Date.now();
  let logsMs = 0;
  const logsPromise: Promise<LogReport | null> = plan === null ? Promise.resolve(null) : analyzeLogs({
    files: plan.files, ...(plan.stdin ? { stdin: plan.stdin } : {}), exclude: exclusion, sessionClasses: true,
  }).then((r) => {
    logsMs = Date.now() - logsT0;
    progress(`log: ${r.lines} lines read (${plan.source}${plan.files.length > 0 ? `: ${plan.files.join(', ')}` : ''})`);
    return r;
  }, (err: unknown) => {
    const e = toMailtlsError(err, 'ELOG_READ');
    warnings.push({ code: e.code, message: e.message, place: e.place ? (e.place.file ?? null) : null });
    return null;
  }).finally(() => plan?.stop?.());

  // 3. The scans, in parallel; services on one address share its connection limit.
  const perHost = new Map<string, number>();
  for (const addr of addresses) if (addr !== null) perHost.set(addr, (perHost.get(addr) ?? 0) + 1);
  const scanT0 = Date.now();
  const scanned: (ScanReport | null)[] = opts.noScan === true ? services.map(() => null) : await Promise.all(services.map(async (s, i) => {
    const host = addresses[i] ?? null;
    if (host === null || s.port === null) {
      if (host === null) warnings.push({ code: 'ENETWORK', message: `${s.name}: no address to scan (listen ${s.listen.join(', ') || 'unknown'})`, place: s.name });
      return null;
    }
    progress(`scanning ${s.name} at ${host.includes(':') ? `[${host}]` : host}:${s.port} (${s.role})`);
    const share = Math.max(2, Math.floor(DEFAULT_SCAN_OPTIONS.concurrency / (perHost.get(host) ?? 1)));
    const report = await scanHost({ host, port: s.port, starttls: !s.implicitTls, role: s.role === 'submission' ? 'submission' : 'mx' }, {
      ehloName: AUDIT_EHLO, concurrency: share,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
    for (const src of report.stats.sourceAddresses ?? []) live.add(src);
    const offered = report.protocols.filter((p) => p.offered === true).map((p) => p.version);
    progress(`  ${s.name}: ${report.complete ? `${offered.join(' ') || 'no TLS'}` : `incomplete: ${report.error ?? ''}`} (${report.stats.connections} connections, ${(report.stats.durationMs / 1000).toFixed(2)} s)`);
    return report;
  }));
  // One certificate with SSLv2 on any of these services is DROWN on all that share it.
  const scans = drownAcross(scanned);
  const scanMs = Date.now() - scanT0;
  liveWindow.until = Date.now();
  const connections = scans.reduce((n, r) => n + (r?.stats.connections ?? 0), 0);
  if (opts.noScan !== true && connections > 0) {
    const w = recordRun({ tool: 'audit', since: started, until: liveWindow.until, addresses: [...live], targets: services.map((s, i) => `${addresses[i] ?? '?'}:${s.port ?? '?'}`) }, env);
    if (w !== null) warnings.push({ code: 'EIO', message: w, place: null });
  }
  const logs = await logsPromise;

  // 4. The system: when master read the configuration, who holds the ports.
  const master = masterProcess(a.mainScope.get('queue_directory'), opts.proc);
  const load = lastLoad(master, logs?.master ?? [], configDir, sameDir);
  const files = mtimes([join(configDir, 'main.cf'), join(configDir, 'master.cf')]);
  const configFiles = [...files].map(([path, mtime]) => ({ path, label: basename(path), mtime }));
  const listeners = new Map<number, PortListeners>();
  for (const s of services) if (s.port !== null && !listeners.has(s.port)) listeners.set(s.port, portListeners(s.port, master, opts.proc));

  // 5. The join, per service.
  // Config findings name services by their master.cf key; a lab copy's are the user's names.
  const renamed = new Map(services.filter((s) => `${s.masterName}/inet` !== s.name).map((s) => [`${s.masterName}/inet`, s.name]));
  const rename = (text: string) => {
    let out = text;
    for (const [from, to] of renamed) out = out.split(from).join(to);
    return out;
  };
  const findings: AuditFinding[] = loaded.report.findings.map((f) => {
    const af = configFinding(f);
    return renamed.size === 0 ? af : { ...af, service: af.service !== null ? rename(af.service) : null, message: rename(af.message), title: rename(af.title) };
  });
  const rulesBy = new Map<string, readonly RuleResult[]>();
  const reloadServices: string[] = [];
  const reloadKeys: string[] = [];
  const built: Omit<AuditService, 'verdict' | 'findings'>[] = [];
  services.forEach((s, i) => {
    const scan = scans[i] ?? null;
    const host = addresses[i] ?? null;
    const endpoint = host !== null && s.port !== null ? `${host.includes(':') ? `[${host}]` : host}:${s.port}` : null;
    const t = tlsService(a, s.analyzed).tls;
    const pred = predictedWire(t);
    // Reached: the server said something (a greeting, or a TLS answer on implicit TLS); a refused
    // or silent port is a difference, never "no TLS, as configured".
    const reached = scan !== null && (scan.smtp !== null || (scan.mailbox ?? null) !== null || scan.protocols.some((p) => p.offered !== null));
    const obs = reached && scan !== null ? observedWire(scan) : null;
    // The OpenSSL configuration check re-predicts the service with and without each directive
    // that reaches it (src/postfix/system-explain.ts): a cause only when that gives the wire seen.
    const system = obs === null ? null : explainDifference(a, tlsService(a, s.analyzed), { versions: obs.versions, ciphers: obs.ciphers, tls13Ciphers: obs.tls13Ciphers });
    const ctx: CauseContext = {
      configFiles, lastLoad: load, master, listeners: s.port !== null ? listeners.get(s.port) ?? null : null,
      systemConfig: () => (system === null ? null : { cause: system.cause, explanation: system.explanation, file: system.file, line: system.line }),
      scanGaps: scan === null ? [] : scan.protocols.filter((p) => p.error !== undefined && p.offered === true).map((p) => `${p.version}: ${p.error ?? ''}`),
      certificates: t.certificates.map((c) => {
        const set = s.analyzed.scope.setting(c.parameter);
        return { parameter: c.parameter, path: c.path, readable: c.readable, ...(c.error !== undefined ? { error: c.error } : {}), ...(set !== undefined && set !== null ? { place: { file: set.file, line: set.line } } : {}) };
      }),
    };
    const raw = obs !== null ? compareWire(pred, obs, cipherName) : scan !== null ? [{ what: 'reachable' as const, predicted: ['listening'], observed: [scan.error ?? 'no answer'] }] : [];
    const causes = raw.map((d) => causeOf(d, ctx));
    const differences: Difference[] = raw.map((d, i) => ({ ...d, cause: causes[i]?.cause ?? 'unknown', explanation: causes[i]?.explanation ?? '' }));
    for (const cause of new Set(differences.map((d) => d.cause))) {
      const ds = differences.filter((d) => d.cause === cause);
      const cf = CAUSE_FINDING[cause];
      const what = ds.map((d) => `${d.what}: predicted ${d.predicted.join(' ') || 'none'}, observed ${d.observed.join(' ') || 'none'}`).join('; ');
      const place = causes.find((c) => c.cause === cause)?.place ?? null;
      const f = joinFinding(cf.id, cf.severity, s.name, cf.title, `${s.name}${endpoint !== null ? ` (${endpoint})` : ''} does not offer what its configuration says (${what}): ${ds[0]?.explanation ?? ''}.`, place);
      findings.push(f);
      if (cause === 'not-reloaded') {
        reloadServices.push(s.name);
        reloadKeys.push(f.key);
      }
    }
    // Grades: on the wire when the scan completed, else on the prediction.
    const role = s.role;
    let rules: RuleResult[];
    let gradedOn: 'wire' | 'config';
    if (scan !== null && scan.complete) {
      const g = opts.grader.gradeScan(scan, role);
      // What no scan can see (is TLS required?) comes from the configuration, marked so.
      rules = fillFromConfig(g.rules, opts.grader.gradeConfig(t, role, { saslEnabled: saslOn(s) }));
      gradedOn = 'wire';
      for (const f of g.findings) findings.push(scanFinding(f, s.name, endpoint ?? ''));
    } else {
      rules = opts.grader.gradeConfig(t, role, { saslEnabled: saslOn(s) });
      gradedOn = 'config';
      if (scan !== null && !scan.complete && scan.smtp !== null) for (const f of scan.findings) findings.push(scanFinding(f, s.name, endpoint ?? ''));
    }
    rulesBy.set(s.name, rules);
    // Another process on the port is a finding whether or not the scan happened to reach it.
    const l = s.port !== null ? listeners.get(s.port) : undefined;
    const strangers = l?.ownersKnown === true && master !== null ? l.processes.filter((p) => !p.postfix) : [];
    if (strangers.length > 0 && !differences.some((d) => d.cause === 'other-listener')) {
      const cf = CAUSE_FINDING['other-listener'];
      findings.push(joinFinding(cf.id, cf.severity, s.name, cf.title,
        `port ${s.port ?? '?'} of ${s.name} is also held by ${strangers.map((p) => `${p.command} (pid ${p.pid})`).join(', ')}${master !== null ? `, not only by Postfix's master (pid ${master.pid})` : ''}: some connections may reach that process instead of Postfix.`));
    }
    for (const r of rules) if (r.outcome === 'warn' || r.outcome === 'fail') findings.push(ruleFinding(r, s.name, endpoint, r.basis ?? gradedOn));
    const stats = logs !== null ? logStats(logs, s.logName) : null;
    if (stats !== null && stats.authWithoutTls > 0) {
      const who = logs?.clients.filter((c) => c.service === s.logName && c.authWithoutTls > 0).map((c) => c.client).slice(0, 5) ?? [];
      findings.push(logFinding('auth-without-tls-seen', 'high', s.name, 'Clients sent passwords without TLS',
        `${stats.authWithoutTls} session${stats.authWithoutTls === 1 ? '' : 's'} on ${s.name} authenticated (or tried to) without TLS, so passwords crossed the network in clear text${who.length > 0 ? ` (${who.join(', ')})` : ''}.`));
    }
    if (stats !== null && stats.legacyClients > 0) {
      const who = logs?.clients.filter((c) => c.service === s.logName && c.legacy).map((c) => `${c.client} (${Object.keys(c.protocols).join('/')})`).slice(0, 5) ?? [];
      findings.push(logFinding('legacy-clients', 'info', s.name, 'Clients still use old TLS or weak suites',
        `${stats.legacyClients} client${stats.legacyClients === 1 ? '' : 's'} of ${s.name} negotiated TLS older than 1.2 or a suite below the high grade: ${who.join(', ')}. The fixes say which of them a change would break.`));
    }
    built.push({
      name: s.name, command: s.command, address: host, listen: s.listen, port: s.port, role, roleSource: s.roleSource,
      file: s.analyzed.entry.file, line: s.analyzed.entry.line, logName: s.logName,
      tls: { level: t.level, implicit: t.wrapper, required: t.level === 'encrypt' || t.wrapper, authOnly: t.authOnly },
      predicted: { versions: pred.versions, ciphers: pred.ciphers, tls13Ciphers: pred.tls13Ciphers, exact: t.prediction.exact, notes: [...t.prediction.notes, ...s.notes] },
      observed: obs !== null ? { versions: obs.versions, ciphers: obs.ciphers, tls13Ciphers: obs.tls13Ciphers ?? [] } : null,
      agreement: differences.length > 0 ? 'differs' : obs === null ? 'unscanned' : 'match',
      differences, rules, gradedOn, logs: stats,
      scan: scan === null ? null : { complete: scan.complete, error: scan.error, connections: scan.stats.connections, durationMs: scan.stats.durationMs, report: scan },
    });
  });
  if (logs !== null) {
    for (const n of logs.notices) {
      if (n.code === 'TLS_NOT_LOGGED') findings.push(logFinding('tls-not-logged', 'low', null, 'TLS details are not logged', `${n.message} Without them the impact of a fix on clients cannot be told.`));
    }
    for (const w of logs.warnings) warnings.push({ code: w.code, message: w.message, place: w.place?.file !== undefined ? `${w.place.file}${w.place.line !== undefined ? `:${w.place.line}` : ''}` : null });
  }

  // 6. Fixes with their evidence.
  const logLevelFix = logs !== null && logs.notices.some((n) => n.code === 'TLS_NOT_LOGGED');
  const fixes = planFixes({
    analysis: a, configReport: loaded.report, services, findings,
    rules: rulesBy,
    regrade: (s, tls) => opts.grader.gradeConfig(tls, s.role, { saslEnabled: saslOn(s) }),
    classes: logs?.sessionClasses ?? null, period: { from: logs?.from ?? null, to: logs?.to ?? null },
    reload: reloadServices.length > 0 ? { services: reloadServices, findingKeys: reloadKeys } : null,
    configDir,
    ...(serviceNames !== undefined ? { production: { names: serviceNames, configDir: labInfo?.source ?? null } } : {}),
    extra: logLevelFix ? [{
      commands: ["postconf -e 'smtpd_tls_loglevel = 1'"], sourceKeys: findings.filter((f) => f.id === 'tls-not-logged').map((f) => f.key),
      title: 'log the TLS of every session', why: 'smtpd_tls_loglevel = 1 logs one line per TLS session (protocol and cipher), which the log statistics and the impact of every other fix need',
    }] : [],
  });

  const namedFixes = renamed.size === 0 ? fixes : fixes.map((f) => ({ ...f, why: rename(f.why), title: rename(f.title) }));

  // 7. Verdicts.
  const sorted = sortFindings(findings);
  const servicesOut: AuditService[] = built.map((b) => {
    const mine = sorted.filter((f) => f.service === b.name);
    return { ...b, verdict: verdictOf(b.rules, mine), findings: [...new Set(mine.map((f) => f.id))] };
  });
  const global = sorted.filter((f) => f.service === null || !servicesOut.some((s) => s.name === f.service));
  const verdict = worstVerdict([...servicesOut.map((s) => s.verdict), verdictOf([], global)]);
  const failOn = opts.failOn;
  const exitCode = failOn !== null && sorted.some((f) => atLeastSeverity(f.severity, failOn)) ? 1 : 0;
  return {
    tool: { name: 'mailtls', version: VERSION },
    generatedAt: new Date().toISOString(),
    configDir, lab: labInfo !== undefined ? { name: labInfo.name, source: labInfo.source } : null,
    postfixVersion: loaded.report.postfixVersion, opensslVersion: loaded.report.opensslVersion,
    profile: opts.grader.profile, failOn: opts.failOn, verdict, exitCode,
    services: servicesOut, fixes: namedFixes, findings: sorted,
    logs: plan === null || logs === null ? null : {
      source: plan.source, files: plan.files.length > 0 ? plan.files : ['journalctl -u postfix*'], from: logs.from, to: logs.to, lines: logs.lines,
      tlsLogging: logs.tlsLogging, excludedProbeSessions: logs.exclusion?.sessions ?? 0,
      notes: logs.notices.map((n) => n.message),
    },
    scan: { enabled: opts.noScan !== true, ehloName: AUDIT_EHLO, connections, durationMs: scanMs },
    warnings,
    stats: { durationMs: Date.now() - t0, configMs, scanMs, logsMs },
  };
}

function saslOn(s: DiscoveredService): boolean {
  const sc = s.analyzed.scope;
  return sc.isKnown('smtpd_sasl_auth_enable') && sc.bool('smtpd_sasl_auth_enable');
}

