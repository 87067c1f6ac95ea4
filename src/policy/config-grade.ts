/**
 * `mailtls config --profile NAME`, decided: each listening smtpd or postscreen service of an
 * analysed Postfix configuration, its role (src/postfix/service-role.ts) and its predicted TLS
 * graded by the profile; and the JSON that adds them to the report. Pure, here rather than in
 * the CLI so the CLI only calls and renders, and in src/policy because grading is the policy's
 * job: it reads the postfix model as data (types only, plus the role leaf), so dependencies keep
 * pointing from policy to postfix and never back.
 *
 * A `mailtls lab` copy listens on loopback ports; its instance.json keeps the user's service
 * names (src/postfix/lab-copy.ts, handed in by the loader), and the role follows those (port 25
 * and submission), as the audit's discovery does.
 */
import type { Analysis, AnalyzedService } from '../postfix/model.js';
import { serviceRole } from '../postfix/service-role.js';
import type { ConfigReport, ServiceReport } from '../postfix/types.js';
import { gradeConfig, type Profile } from './grade.js';
import type { RuleResult, ServiceRole } from './types.js';

export interface ServiceGrade {
  /** The service's index in the report's (and the analysis's) services. */
  readonly index: number;
  readonly name: string;
  readonly role: ServiceRole;
  readonly roleSource: string;
  readonly rules: RuleResult[];
}

const key = (s: AnalyzedService) => `${s.entry.service}/${s.entry.type}`;
const saslOn = (s: AnalyzedService) => s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable');

/**
 * Each inet smtpd or postscreen service graded by its role. `labNames`: a lab copy's user names
 * by the master.cf name it runs under ("127.0.0.1:40123" -> "submission"), LabCopy.names.
 */
export function gradeServices(profile: Profile, analysis: Analysis, labNames: ReadonlyMap<string, string> = new Map()): ServiceGrade[] {
  const out: ServiceGrade[] = [];
  analysis.services.forEach((s, index) => {
    if (s.entry.type !== 'inet' || (s.role !== 'server' && s.role !== 'postscreen')) return;
    // postscreen hands sessions (and so AUTH) to its smtpd pass service.
    const pass = s.delegatedTo !== undefined ? analysis.services.find((x) => key(x) === s.delegatedTo) ?? s : s;
    const lab = labNames.get(s.entry.service);
    const production = lab ?? s.productionListen ?? s.entry.service;
    const { role, source } = serviceRole({ service: production, port: s.report.port, postscreen: s.role === 'postscreen', saslEnabled: saslOn(pass) });
    out.push({
      index, name: `${lab !== undefined ? production : s.entry.service}/${s.entry.type}`, role,
      roleSource: lab !== undefined ? `${source} (lab: ${s.entry.service})` : source,
      rules: gradeConfig(profile, s.report.tls, role, { saslEnabled: saslOn(pass) }),
    });
  });
  return out;
}

/** The JSON of `mailtls config --profile`: the report, `profile` on top, per service `role` and `rules` (null where not graded). */
export function withGrades(report: ConfigReport, profile: Profile, grades: readonly ServiceGrade[]): ConfigReport & { profile: Profile['info']; services: (ServiceReport & { profileRole: ServiceRole | null; profileRoleSource: string | null; rules: RuleResult[] | null })[] } {
  return {
    ...report,
    profile: profile.info,
    services: report.services.map((s, i) => {
      const g = grades.find((x) => x.index === i);
      return { ...s, profileRole: g?.role ?? null, profileRoleSource: g?.roleSource ?? null, rules: g?.rules ?? null };
    }),
  };
}
