/**
 * The analysed configuration as findings, the audit and the report builder see it: the input
 * analyze() was given, the parsed files and each TLS-relevant service with its effective TLS.
 * Types only, so that the model's builder (analyze.ts), the findings (findings/) and the report
 * (config-report.ts) depend on it and not on one another.
 */
import type { ConfigEdits } from './edits.js';
import type { LevelResult, PolicyEnv } from './effective-tls.js';
import type { MainCf } from './main-cf.js';
import type { MasterCf, MasterEntry } from './master-cf.js';
import type { OpensslInput } from './openssl-system.js';
import type { CipherEvaluator } from './predict.js';
import type { ParamScope } from './scope.js';
import type { CertificateInfo, ConfigReport, Role, ServiceReport, ServiceTls } from './types.js';
import type { PostfixVersion } from './version.js';

export interface AnalyzeInput {
  readonly configDir: string;
  readonly mainCfText: string;
  readonly masterCfText: string;
  readonly version: PostfixVersion;
  readonly versionSource: ConfigReport['postfixVersionSource'];
  readonly opensslVersion: string | null;
  readonly opensslVersionSource: ConfigReport['opensslVersionSource'];
  readonly defaults: ReadonlyMap<string, string>;
  readonly defaultsSource: ConfigReport['defaultsSource'];
  readonly readCertificate: (parameter: string, paths: readonly string[]) => CertificateInfo;
  readonly evaluator: CipherEvaluator | null;
  /** Changes applied in memory before the analysis (the audit predicts the wire after a fix). */
  readonly edits?: ConfigEdits;
  /**
   * The production names of inet services that listen elsewhere here (a `mailtls lab` copy's
   * "127.0.0.1:40123" is the user's "submission"): ports, and so the port-25 and submission
   * rules, follow the production name.
   */
  readonly serviceNames?: ReadonlyMap<string, string>;
  /** Where OpenSSL's own configuration is and how to read it (openssl-system.ts); absent: not modelled. */
  readonly openssl?: OpensslInput;
}

/** One service with everything findings need beside its report. */
export interface AnalyzedService {
  readonly entry: MasterEntry;
  readonly role: Role;
  readonly scope: ParamScope;
  readonly report: ServiceReport;
  /** Whose settings run TLS: the service itself, or for postscreen tlsproxy or the smtpd pass service. */
  readonly tlsScope: ParamScope;
  readonly tls: InternalTls;
  /** postscreen: its own STARTTLS through tlsproxy (used with deep protocol tests). */
  readonly proxyTls?: InternalTls;
  readonly proxyScope?: ParamScope;
  /** postscreen without deep protocol tests: the smtpd pass service that handles TLS, "smtpd/pass". */
  readonly delegatedTo?: string;
  /** The production listen field of a lab copy's service (AnalyzeInput.serviceNames). */
  readonly productionListen?: string;
}

/** The report's TLS view plus what only findings need. */
export type InternalTls = ServiceTls & { levelInfo?: LevelResult; bothCertKinds?: boolean; invalidProtocolToken?: string; fatal?: string };

export interface Analysis {
  readonly input: AnalyzeInput;
  readonly main: MainCf;
  readonly master: MasterCf;
  readonly mainScope: ParamScope;
  readonly services: readonly AnalyzedService[];
  readonly env: PolicyEnv;
}
