/**
 * How the audit grades a service: by a policy profile (src/policy), on the wire when the scan
 * ran, else on the configuration's prediction. An interface, so that the join stays testable
 * with a grader of the test's own.
 */
import type { ProfileInfo, RuleResult, ServiceRole } from '../policy/types.js';
import type { ServiceTls } from '../postfix/types.js';
import type { Finding as ScanFinding, ScanReport } from '../scan/types.js';

export interface ConfigFacts {
  /** smtpd_sasl_auth_enable for the service (AUTH offered at all). */
  readonly saslEnabled: boolean;
}

export interface Grader {
  readonly profile: ProfileInfo;
  /** The rules on a scan, and the scan's findings that no rule covers. */
  gradeScan(report: ScanReport, role: ServiceRole): { rules: RuleResult[]; findings: ScanFinding[] };
  /** The rules on a configuration's prediction. */
  gradeConfig(tls: ServiceTls, role: ServiceRole, facts: ConfigFacts): RuleResult[];
}
