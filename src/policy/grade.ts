/**
 * Grading whole reports: a scan (the profile's rules, and the scan findings no rule covers) and
 * a configuration's service. Under a profile the profile is the judge: a scan finding whose
 * subject a rule judged (its id is in the rule's `covers`) drops out, so nothing is said twice;
 * findings no rule judges (STARTTLS injection, rate limiting) stay, and so does a covered one
 * whose rule could not judge for lack of evidence.
 */
import type { ServiceTls } from '../postfix/types.js';
import type { Finding, ScanReport } from '../scan/types.js';
import { gradeEvidence, type GradeOptions } from './evaluate.js';
import { evidenceFromConfig, evidenceFromScan, type ConfigEvidenceOptions } from './evidence.js';
import { getProfile, type Profile } from './profiles.js';

export { getProfile, type Profile };
import type { ProfileInfo, RuleResult, ServiceRole } from './types.js';

export interface ScanGrade {
  readonly rules: RuleResult[];
  /** The scan's findings that no rule of the profile judged. */
  readonly findings: Finding[];
  /** The scan's findings a rule judged instead (kept, so nothing is lost). */
  readonly covered: Finding[];
}

/** Does a rule's `covers` list name this finding id ("cbc-only-*" is a prefix)? */
export function coversFinding(covers: readonly string[], id: string): boolean {
  return covers.some((c) => (c.endsWith('*') ? id.startsWith(c.slice(0, -1)) : c === id));
}

export function gradeScan(profile: Profile, report: ScanReport, role: ServiceRole, opts: GradeOptions = {}): ScanGrade {
  const rules = gradeEvidence(profile, evidenceFromScan(report, role), opts);
  const specs = profile.rulesFor(role);
  const judgedCovers = specs.filter((s) => rules.find((r) => r.id === s.id)?.judged !== false).map((s) => s.covers);
  const findings: Finding[] = [];
  const covered: Finding[] = [];
  for (const f of report.findings) (judgedCovers.some((c) => coversFinding(c, f.id)) ? covered : findings).push(f);
  return { rules, findings, covered };
}

export function gradeConfig(profile: Profile, tls: ServiceTls, role: ServiceRole, opts: ConfigEvidenceOptions & GradeOptions = {}): RuleResult[] {
  return gradeEvidence(profile, evidenceFromConfig(tls, role, opts), opts);
}

/**
 * A grader of one profile in the shape the audit takes (src/audit/grade.ts `Grader`): the
 * profile's description, a scan grader and a configuration grader.
 */
export function profileGrader(id: string): {
  readonly profile: ProfileInfo;
  gradeScan(report: ScanReport, role: ServiceRole): ScanGrade;
  gradeConfig(tls: ServiceTls, role: ServiceRole, facts: { readonly saslEnabled: boolean }): RuleResult[];
} {
  const p = getProfile(id);
  return {
    profile: p.info,
    gradeScan: (report, role) => gradeScan(p, report, role),
    gradeConfig: (tls, role, facts) => gradeConfig(p, tls, role, { saslEnabled: facts.saslEnabled }),
  };
}

/**
 * The wire's results, with each rule the wire could not judge (judged: false) taken from the
 * configuration's results where those judged it: whether TLS is required, for instance, which
 * no scan can see. Each result keeps its `basis`, so a reader knows which side said it.
 */
export function fillFromConfig(wire: readonly RuleResult[], config: readonly RuleResult[]): RuleResult[] {
  return wire.map((w) => {
    if (w.judged !== false) return w;
    const c = config.find((x) => x.rule === w.rule);
    return c !== undefined && c.judged !== false ? c : w;
  });
}
