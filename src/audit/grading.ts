/**
 * Which evidence a service is graded on, and the findings its grade gives. Pure (the grader is
 * a policy profile's tables, src/policy).
 *
 * On the wire when the scan completed: that is what clients get. Else on the configuration's
 * prediction, with the findings of a scan that reached the server but did not finish kept (they
 * are facts of the wire all the same). What no scan can see (is TLS required? is AUTH offered
 * at all?) comes from the configuration, marked so (src/policy/grade.ts fillFromConfig).
 */
import type { RuleResult } from '../policy/types.js';
import { fillFromConfig } from '../policy/grade.js';
import type { ServiceTls } from '../postfix/types.js';
import type { ScanReport } from '../scan/types.js';
import type { DiscoveredService } from './discover.js';
import { ruleFinding, scanFinding } from './findings.js';
import type { Grader } from './grade.js';
import type { AuditFinding } from './types.js';

export interface ServiceGrade {
  readonly rules: RuleResult[];
  readonly gradedOn: 'wire' | 'config';
  /** The scan's own findings that no rule covers (wire), in the scan's order. */
  readonly scanFindings: AuditFinding[];
}

/** smtpd_sasl_auth_enable for the service: AUTH offered at all. */
export function saslOn(s: DiscoveredService): boolean {
  const sc = s.analyzed.scope;
  return sc.isKnown('smtpd_sasl_auth_enable') && sc.bool('smtpd_sasl_auth_enable');
}

export function gradeService(grader: Grader, s: DiscoveredService, tls: ServiceTls, scan: ScanReport | null, endpoint: string | null): ServiceGrade {
  const facts = { saslEnabled: saslOn(s) };
  if (scan !== null && scan.complete) {
    const g = grader.gradeScan(scan, s.role);
    return {
      rules: fillFromConfig(g.rules, grader.gradeConfig(tls, s.role, facts)), gradedOn: 'wire',
      scanFindings: g.findings.map((f) => scanFinding(f, s.name, endpoint ?? '')),
    };
  }
  const partial = scan !== null && !scan.complete && scan.smtp !== null ? scan.findings : [];
  return { rules: grader.gradeConfig(tls, s.role, facts), gradedOn: 'config', scanFindings: partial.map((f) => scanFinding(f, s.name, endpoint ?? '')) };
}

/** A rule that warns or fails is a finding; its basis (wire or config) is where it was judged. */
export function ruleFindings(rules: readonly RuleResult[], service: string, endpoint: string | null, gradedOn: 'wire' | 'config'): AuditFinding[] {
  return rules.filter((r) => r.outcome === 'warn' || r.outcome === 'fail').map((r) => ruleFinding(r, service, endpoint, r.basis ?? gradedOn));
}
