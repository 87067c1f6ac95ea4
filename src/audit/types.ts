/**
 * The `mailtls audit` report: plain data. `--json` prints exactly this; the terminal, SARIF and
 * HTML renderers (src/report/audit-*.ts) read only this. Field names marked "contract" are
 * issue 10's JSON contract: others rely on them, so they are never renamed.
 */
import type { ProfileInfo, RuleResult, ServiceRole } from '../policy/types.js';
import type { ScanReport } from '../scan/types.js';
import type { Finding } from '../finding.js';
import type { Severity } from '../severity.js';

export type Verdict = 'pass' | 'warn' | 'fail';

/** Why the wire differs from what the configuration predicts (contract: these ids). */
export type CauseId = 'not-reloaded' | 'openssl-system-config' | 'other-listener' | 'tls-config-file' | 'certificate' | 'unknown';

export type FindingSource = 'config' | 'wire' | 'logs' | 'join';

/**
 * One finding of the audit, in the shape every mailtls finding has (src/finding.ts): `place`
 * gathers service, file, line and endpoint; `fix` is the command of the fix (fixes[]) that
 * resolves it, null where no fix does.
 */
export interface AuditFinding extends Finding {
  /** contract: the kind of finding ("submission-old-tls", "tls-versions", "not-reloaded"); shared by its instances. */
  readonly id: string;
  /** Unique in the report: "<source>:<id>:<service or file:line>". fixes[].resolvesKeys refer to it. */
  readonly key: string;
  /** contract */
  readonly severity: Severity;
  /** contract */
  readonly source: FindingSource;
  /** contract: "submission/inet", or null for the whole server. */
  readonly service: string | null;
  /** contract: config findings (and others that concern a line): main.cf, master.cf, openssl.cnf path. */
  readonly file: string | null;
  /** contract */
  readonly line: number | null;
  /** contract */
  readonly message: string;
  /** contract: the profile rule id ("mail/tls-versions") where one applies. */
  readonly rule: string | null;
  /** One line for tables: what it is. */
  readonly title: string;
  /** The host:port the finding was observed on (wire findings). */
  readonly endpoint: string | null;
}

export interface Difference {
  /** contract: what differs. */
  readonly what: 'versions' | 'ciphers' | 'tls13-ciphers' | 'starttls' | 'reachable';
  /** contract */
  readonly predicted: readonly string[];
  /** contract */
  readonly observed: readonly string[];
  /** contract */
  readonly cause: CauseId;
  /** The check that found the cause, with the file:line or log line that decides. */
  readonly explanation: string;
}

export interface LogStats {
  /** The service's sessions in the log, the audit's own probes left out. */
  readonly sessions: number;
  /** Sessions with TLS, by protocol as Postfix logs it. */
  readonly tls: Readonly<Record<string, number>>;
  readonly ciphers: Readonly<Record<string, number>>;
  readonly plaintext: number;
  readonly failures: number;
  readonly tlsUnlogged: number;
  readonly authenticated: number;
  readonly authWithoutTls: number;
  /** Of authWithoutTls: logins that succeeded without TLS. */
  readonly authOkWithoutTls: number;
  /** Of authWithoutTls: sessions whose every AUTH without TLS was refused. */
  readonly authRefusedWithoutTls: number;
  /** Distinct clients. */
  readonly clients: number;
  /** Clients still on TLS 1.0/1.1 or a weak suite. */
  readonly legacyClients: number;
  /** The audit's own probe sessions found in the log and left out of every number here. */
  readonly excludedProbeSessions: number;
}

export interface AuditService {
  /** contract: "submission/inet" */
  readonly name: string;
  /** smtpd or postscreen. */
  readonly command: string;
  /** contract: the address scanned (or that would be scanned), null when it cannot be told. */
  readonly address: string | null;
  /** Every address the service listens on (master.cf host, else inet_interfaces). */
  readonly listen: readonly string[];
  /** contract */
  readonly port: number | null;
  /** contract */
  readonly role: ServiceRole;
  /** contract: where the role came from ("port 25", "postscreen", "smtpd_sasl_auth_enable = yes (master.cf:18)"). */
  readonly roleSource: string;
  /** The master.cf entry. */
  readonly file: string;
  readonly line: number;
  /** The syslog tag the service logs under ("postfix/submission/smtpd"). */
  readonly logName: string;
  readonly tls: { readonly level: string; readonly implicit: boolean; readonly required: boolean; readonly authOnly: boolean };
  /** contract */
  readonly verdict: Verdict;
  /** contract: versions as "TLSv1.2", ciphers as IANA codes "0xC02F" (TLS 1.2 and older). */
  readonly predicted: {
    readonly versions: readonly string[];
    readonly ciphers: readonly string[];
    /** TLS 1.3 suites ("0x1302"), where the model knows them. */
    readonly tls13Ciphers: readonly string[] | null;
    readonly exact: boolean;
    readonly notes: readonly string[];
  };
  /** contract: null when not scanned. */
  readonly observed: { readonly versions: readonly string[]; readonly ciphers: readonly string[]; readonly tls13Ciphers: readonly string[] } | null;
  /** contract */
  readonly agreement: 'match' | 'differs' | 'unscanned';
  /** contract */
  readonly differences: readonly Difference[];
  /** The profile's rules, graded on the observed wire (else on the prediction). */
  readonly rules: readonly RuleResult[];
  /** Whether rules[] were graded on the wire or on the configuration's prediction. */
  readonly gradedOn: 'wire' | 'config';
  /** contract: ids of this service's findings. */
  readonly findings: readonly string[];
  readonly logs: LogStats | null;
  /** The scan, when it ran. */
  readonly scan: { readonly complete: boolean; readonly error: string | null; readonly connections: number; readonly durationMs: number; readonly report: ScanReport | null } | null;
}

export interface ImpactClient {
  /** contract: `name[addr]` as Postfix logs it. */
  readonly client: string;
  /** contract: its sessions that would fail. */
  readonly sessions: number;
  /** contract */
  readonly lastSeen: string | null;
  /** SASL user names seen for it (at most 5). */
  readonly users: readonly string[];
  /** Why its sessions would fail ("TLSv1.1 not allowed"). */
  readonly reasons: readonly string[];
  /** All its sessions on the services the fix touches. */
  readonly totalSessions: number;
}

export interface FixImpact {
  /** contract: sessions in the log that would fail under the fix. */
  readonly sessions: number;
  /** contract: the clients behind them, most sessions first. */
  readonly clients: readonly ImpactClient[];
  /** Sessions judged in all (on the services the fix touches). */
  readonly judged: number;
  /** Sessions that cannot be judged from the log (TLS details not logged). */
  readonly unknown: number;
  /** false: there is no log, so no impact could be judged. */
  readonly known: boolean;
  /** One sentence: "breaks no client seen in the log (120 sessions, 2026-11-01 to 2026-12-03)". */
  readonly summary: string;
}

export interface AuditFix {
  /** "fix-1", ... in the order printed. */
  readonly id: string;
  /** contract: shell commands, in order. */
  readonly commands: readonly string[];
  /**
   * For a `mailtls lab` copy: the same change for the configuration the copy was made from
   * (the user's service names, that directory), to run there once the lab shows it works.
   */
  readonly productionCommands?: readonly string[];
  /** contract: ids of the findings it resolves. */
  readonly resolves: readonly string[];
  /** The keys of exactly those findings. */
  readonly resolvesKeys: readonly string[];
  /** contract: the service it concerns ("submission/inet"), or null for main.cf-wide changes. */
  readonly service: string | null;
  /** Every service whose TLS it changes. */
  readonly services: readonly string[];
  readonly title: string;
  readonly why: string;
  /** What the configuration model predicts on the wire after the fix, per service it changes. */
  readonly predictedAfter: readonly { readonly service: string; readonly versions: readonly string[]; readonly ciphers: readonly string[] }[];
  /** contract */
  readonly impact: FixImpact;
  /** A gentler change where the fix breaks clients, with its own impact. */
  readonly alternative: { readonly commands: readonly string[]; readonly productionCommands?: readonly string[]; readonly why: string; readonly impact: FixImpact } | null;
}

export interface AuditReport {
  readonly tool: { readonly name: 'mailtls'; readonly version: string };
  readonly generatedAt: string;
  readonly configDir: string;
  /** Set when configDir is a `mailtls lab` instance: its name and the directory it copies. */
  readonly lab: { readonly name: string; readonly source: string | null } | null;
  readonly postfixVersion: string;
  readonly opensslVersion: string | null;
  /** contract: profile.id */
  readonly profile: ProfileInfo;
  /** null: --fail-on none (the exit code is 0 whatever is found). */
  readonly failOn: Severity | null;
  /** contract: the overall verdict. */
  readonly verdict: Verdict;
  /** The exit code the CLI returns for this report (0 nothing reaches failOn, 1 something does). */
  readonly exitCode: 0 | 1;
  /** contract */
  readonly services: readonly AuditService[];
  /** contract */
  readonly fixes: readonly AuditFix[];
  /** contract: most severe first. */
  readonly findings: readonly AuditFinding[];
  readonly logs: {
    readonly source: 'option' | 'maillog_file' | 'syslog' | 'journalctl' | 'none';
    readonly files: readonly string[];
    readonly from: string | null;
    readonly to: string | null;
    readonly lines: number;
    readonly tlsLogging: { readonly inbound: boolean; readonly outbound: boolean };
    readonly excludedProbeSessions: number;
    readonly notes: readonly string[];
  } | null;
  readonly scan: { readonly enabled: boolean; readonly ehloName: string; readonly connections: number; readonly durationMs: number };
  /** Problems that did not stop the audit, with their place. */
  readonly warnings: readonly { readonly code: string; readonly message: string; readonly place: string | null }[];
  readonly stats: { readonly durationMs: number; readonly configMs: number; readonly scanMs: number; readonly logsMs: number };
}
