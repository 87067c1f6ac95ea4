/**
 * The audit's decisions on what run.ts gathered (the configuration, the scans, the log, the
 * system): per service the prediction against the observation with its checked causes, the
 * grade, the findings of all four sources; then the fixes with their evidence and the
 * verdicts. Pure: no file, socket or process is touched here, so every decision is tested
 * with small inputs (decide.test.ts).
 */
import type { LogReport } from '../logs/report.js';
import type { Analysis } from '../postfix/analyze.js';
import type { LabCopy } from '../postfix/lab-copy.js';
import { explainDifference } from '../postfix/system-explain.js';
import type { ConfigReport } from '../postfix/types.js';
import type { RuleResult } from '../policy/types.js';
import type { ScanReport } from '../scan/types.js';
import { atLeast, type Severity } from '../severity.js';
import { causeFindings, otherListenerFinding } from './cause-findings.js';
import type { DiscoveredService } from './discover.js';
import { configFinding, sortFindings, verdictOf, withFixes, worstVerdict } from './findings.js';
import { planFixes, suiteName } from './fixes.js';
import type { Grader } from './grade.js';
import { gradeService, ruleFindings, saslOn } from './grading.js';
import { tlsService } from './hints.js';
import { causeOf, compareWire, observedWire, predictedWire, type CauseContext, type LoadState, type Wire } from './join.js';
import { labRenamer, renameFinding, renameFix } from './lab-names.js';
import { logLevelFixes, logReportFindings, logStats, logWarnings, serviceLogFindings } from './log-findings.js';
import type { MasterProcess, PortListeners } from './system.js';
import type { AuditFinding, AuditFix, AuditReport, AuditService, Difference, Verdict } from './types.js';

/** What the system says (system.ts, join.ts lastLoad): master, when it read the files, the ports' owners. */
export interface SystemFacts {
  readonly master: MasterProcess | null;
  readonly lastLoad: LoadState | null;
  readonly configFiles: CauseContext['configFiles'];
  /** By port. */
  readonly listeners: ReadonlyMap<number, PortListeners>;
}

export interface AuditFacts {
  readonly analysis: Analysis;
  readonly configReport: ConfigReport;
  readonly configDir: string;
  readonly lab: LabCopy | undefined;
  readonly services: readonly DiscoveredService[];
  /** Per service, in the same order: the address scanned (or that would be), and its scan (null: none). */
  readonly addresses: readonly (string | null)[];
  readonly scans: readonly (ScanReport | null)[];
  /** The log with the audit's own probes left out; null when none was read. */
  readonly logs: LogReport | null;
  readonly system: SystemFacts;
  readonly grader: Grader;
  readonly failOn: Severity | null;
}

export interface AuditDecision {
  readonly services: AuditService[];
  /** Most severe first (findings.ts sortFindings), each with the command of its fix. */
  readonly findings: AuditFinding[];
  readonly fixes: AuditFix[];
  readonly verdict: Verdict;
  readonly exitCode: 0 | 1;
  /** The log reader's warnings, for the report's warnings. */
  readonly warnings: AuditReport['warnings'];
}

type Built = Omit<AuditService, 'verdict' | 'findings'>;

interface Joined {
  readonly service: Built;
  readonly findings: AuditFinding[];
  readonly reloadKey: string | null;
}

/** "127.0.0.1:587", "[::1]:587": where the service was (or would be) scanned. */
export function endpointOf(host: string | null, port: number | null): string | null {
  return host !== null && port !== null ? `${host.includes(':') ? `[${host}]` : host}:${port}` : null;
}

/**
 * The differences between prediction and observation, each with its checked cause (join.ts).
 * A port that was scanned but said nothing is a difference ("reachable"), never "no TLS, as
 * configured"; an unscanned service has none.
 */
export function differencesOf(f: AuditFacts, s: DiscoveredService, scan: ScanReport | null, pred: Wire): { obs: Wire | null; differences: Difference[]; causes: ReturnType<typeof causeOf>[] } {
  const a = f.analysis;
  const t = tlsService(a, s.analyzed);
  // Reached: the server said something (a greeting, or a TLS answer on implicit TLS).
  const reached = scan !== null && (scan.smtp !== null || (scan.mailbox ?? null) !== null || scan.protocols.some((p) => p.offered !== null));
  const obs = reached && scan !== null ? observedWire(scan) : null;
  // The OpenSSL configuration check re-predicts the service with and without each directive
  // that reaches it (src/postfix/system-explain.ts): a cause only when that gives the wire seen.
  const system = obs === null ? null : explainDifference(a, t, { versions: obs.versions, ciphers: obs.ciphers, tls13Ciphers: obs.tls13Ciphers });
  const ctx: CauseContext = {
    configFiles: f.system.configFiles, lastLoad: f.system.lastLoad, master: f.system.master,
    listeners: s.port !== null ? f.system.listeners.get(s.port) ?? null : null,
    systemConfig: () => (system === null ? null : { cause: system.cause, explanation: system.explanation, file: system.file, line: system.line }),
    scanGaps: scan === null ? [] : scan.protocols.filter((p) => p.error !== undefined && p.offered === true).map((p) => `${p.version}: ${p.error ?? ''}`),
    certificates: t.tls.certificates.map((c) => {
      const set = s.analyzed.scope.setting(c.parameter);
      return { parameter: c.parameter, path: c.path, readable: c.readable, ...(c.error !== undefined ? { error: c.error } : {}), ...(set !== undefined && set !== null ? { place: { file: set.file, line: set.line } } : {}) };
    }),
  };
  const raw = obs !== null ? compareWire(pred, obs, suiteName) : scan !== null ? [{ what: 'reachable' as const, predicted: ['listening'], observed: [scan.error ?? 'no answer'] }] : [];
  const causes = raw.map((d) => causeOf(d, ctx));
  const differences: Difference[] = raw.map((d, i) => ({ ...d, cause: causes[i]?.cause ?? 'unknown', explanation: causes[i]?.explanation ?? '' }));
  return { obs, differences, causes };
}

/** One service: the join, the grade, and every finding about it, in the order they are found. */
export function joinService(f: AuditFacts, s: DiscoveredService, i: number): Joined {
  const scan = f.scans[i] ?? null;
  const host = f.addresses[i] ?? null;
  const endpoint = endpointOf(host, s.port);
  const t = tlsService(f.analysis, s.analyzed).tls;
  const pred = predictedWire(t);
  const { obs, differences, causes } = differencesOf(f, s, scan, pred);
  const byCause = causeFindings(s.name, endpoint, differences, causes);
  const findings = [...byCause.findings];
  const grade = gradeService(f.grader, s, t, scan, endpoint);
  findings.push(...grade.scanFindings);
  const other = otherListenerFinding(s, s.port !== null ? f.system.listeners.get(s.port) : undefined, f.system.master, differences);
  if (other !== null) findings.push(other);
  findings.push(...ruleFindings(grade.rules, s.name, endpoint, grade.gradedOn));
  const stats = f.logs !== null ? logStats(f.logs, s.logName) : null;
  if (stats !== null && f.logs !== null) findings.push(...serviceLogFindings(s.name, s.logName, stats, f.logs));
  const service: Built = {
    name: s.name, command: s.command, address: host, listen: s.listen, port: s.port, role: s.role, roleSource: s.roleSource,
    file: s.analyzed.entry.file, line: s.analyzed.entry.line, logName: s.logName,
    tls: { level: t.level, implicit: t.wrapper, required: t.level === 'encrypt' || t.wrapper, authOnly: t.authOnly },
    predicted: { versions: pred.versions, ciphers: pred.ciphers, tls13Ciphers: pred.tls13Ciphers, exact: t.prediction.exact, notes: [...t.prediction.notes, ...s.notes] },
    observed: obs !== null ? { versions: obs.versions, ciphers: obs.ciphers, tls13Ciphers: obs.tls13Ciphers ?? [] } : null,
    agreement: differences.length > 0 ? 'differs' : obs === null ? 'unscanned' : 'match',
    differences, rules: grade.rules, gradedOn: grade.gradedOn, logs: stats,
    scan: scan === null ? null : { complete: scan.complete, error: scan.error, connections: scan.stats.connections, durationMs: scan.stats.durationMs, report: scan },
  };
  return { service, findings, reloadKey: byCause.reloadKey };
}

/**
 * Each service's verdict from its rules and findings; findings of no service (main.cf-wide,
 * the log's) count for the whole; the run fails (exit 1) when a finding reaches failOn.
 */
export function verdicts(built: readonly Built[], sorted: readonly AuditFinding[], failOn: Severity | null): { services: AuditService[]; verdict: Verdict; exitCode: 0 | 1 } {
  const services: AuditService[] = built.map((b) => {
    const mine = sorted.filter((x) => x.service === b.name);
    return { ...b, verdict: verdictOf(b.rules, mine), findings: [...new Set(mine.map((x) => x.id))] };
  });
  const global = sorted.filter((x) => x.service === null || !services.some((s) => s.name === x.service));
  const verdict = worstVerdict([...services.map((s) => s.verdict), verdictOf([], global)]);
  const exitCode = failOn !== null && sorted.some((x) => atLeast(x.severity, failOn)) ? 1 : 0;
  return { services, verdict, exitCode };
}

export function decideAudit(f: AuditFacts): AuditDecision {
  // Config findings name services by their master.cf key; a lab copy's are the user's names.
  const rename = labRenamer(f.services);
  const findings: AuditFinding[] = f.configReport.findings.map((x) => renameFinding(configFinding(x), rename));
  const rules = new Map<string, readonly RuleResult[]>();
  const reload: { services: string[]; findingKeys: string[] } = { services: [], findingKeys: [] };
  const built = f.services.map((s, i) => {
    const j = joinService(f, s, i);
    findings.push(...j.findings);
    rules.set(s.name, j.service.rules);
    if (j.reloadKey !== null) {
      reload.services.push(s.name);
      reload.findingKeys.push(j.reloadKey);
    }
    return j.service;
  });
  if (f.logs !== null) findings.push(...logReportFindings(f.logs));
  const fixes = planFixes({
    analysis: f.analysis, configReport: f.configReport, services: f.services, findings, rules,
    regrade: (s, tls) => f.grader.gradeConfig(tls, s.role, { saslEnabled: saslOn(s) }),
    classes: f.logs?.sessionClasses ?? null, period: { from: f.logs?.from ?? null, to: f.logs?.to ?? null },
    reload: reload.services.length > 0 ? reload : null,
    configDir: f.configDir,
    ...(f.lab !== undefined ? { production: { names: f.lab.names, configDir: f.lab.source } } : {}),
    extra: logLevelFixes(f.logs, findings),
  }).map((x) => renameFix(x, rename));
  const sorted = withFixes(sortFindings(findings), fixes);
  return { ...verdicts(built, sorted, f.failOn), findings: sorted, fixes, warnings: f.logs !== null ? logWarnings(f.logs) : [] };
}
