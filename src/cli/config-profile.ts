/**
 * `mailtls config --profile NAME`: each listening smtpd or postscreen service's predicted TLS
 * graded by the profile, by its role. Loaded only with --profile (commands/config.ts), so the
 * plain command is what it was.
 *
 * A `mailtls lab` copy listens on loopback ports; its instance.json keeps the user's service
 * names, and the role follows those (port 25 and submission), as the audit's discovery does.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Analysis, AnalyzedService } from '../postfix/analyze.js';
import { serviceKey } from '../postfix/fixes.js';
import type { ConfigReport, ServiceReport } from '../postfix/types.js';
import { gradeConfig, getProfile, type Profile } from '../policy/grade.js';
import { serviceRole } from '../policy/role.js';
import type { RuleResult, ServiceRole } from '../policy/types.js';
import { renderServiceGrades } from '../report/profile-text.js';
import type { Style } from '../report/terminal.js';

export { getProfile };

export interface ServiceGrade {
  readonly index: number;
  readonly name: string;
  readonly role: ServiceRole;
  readonly roleSource: string;
  readonly rules: RuleResult[];
}

/** The user's service names of a lab copy, by the master.cf name it runs under ("127.0.0.1:40123"). */
function labNames(configDir: string): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const path = join(dirname(resolve(configDir)), 'instance.json');
    if (statSync(path).size > 4 << 20) return out;
    const inst = JSON.parse(readFileSync(path, 'utf8')) as { configDir?: unknown; services?: { service?: unknown; port?: unknown }[] };
    if (typeof inst.configDir !== 'string' || resolve(inst.configDir) !== resolve(configDir) || !Array.isArray(inst.services)) return out;
    for (const s of inst.services) if (typeof s.service === 'string' && typeof s.port === 'number') out.set(`127.0.0.1:${s.port}`, s.service);
  } catch {
    // not a lab copy
  }
  return out;
}

const saslOn = (s: AnalyzedService) => s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable');

export function gradeServices(profile: Profile, report: ConfigReport, analysis: Analysis): ServiceGrade[] {
  const lab = labNames(report.configDir);
  const out: ServiceGrade[] = [];
  analysis.services.forEach((s, index) => {
    if (s.entry.type !== 'inet' || (s.role !== 'server' && s.role !== 'postscreen')) return;
    // postscreen hands sessions (and so AUTH) to its smtpd pass service.
    const pass = s.delegatedTo !== undefined ? analysis.services.find((x) => serviceKey(x.entry) === s.delegatedTo) ?? s : s;
    const production = lab.get(s.entry.service) ?? s.productionListen ?? s.entry.service;
    const { role, source } = serviceRole({ service: production, port: s.report.port, postscreen: s.role === 'postscreen', saslEnabled: saslOn(pass) });
    const name = `${lab.has(s.entry.service) ? production : s.entry.service}/${s.entry.type}`;
    out.push({ index, name, role, roleSource: lab.has(s.entry.service) ? `${source} (lab: ${s.entry.service})` : source, rules: gradeConfig(profile, s.report.tls, role, { saslEnabled: saslOn(pass) }) });
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

export function renderGrades(profile: Profile, grades: readonly ServiceGrade[], s: Style, width: number): string {
  return renderServiceGrades(profile.info, grades, s, width);
}
