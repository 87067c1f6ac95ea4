/**
 * Terminal rendering of policy profiles: the profile list (`mailtls audit --profiles`), a list
 * of RuleResults (the "Profile NAME" section of `mailtls scan --profile`, each service of
 * `mailtls config --profile`, and the audit's details). Formats data only.
 */
import type { ProfileInfo, RuleOutcome, RuleResult, ServiceRole } from '../policy/types.js';
import { table, wrapWords, type Style } from './terminal.js';

export function outcomeLabel(o: RuleOutcome, s: Style): string {
  const label = o.toUpperCase().padEnd(4);
  switch (o) {
    case 'fail': return s.bold(s.red(label));
    case 'warn': return s.yellow(label);
    case 'pass': return s.green(label);
    default: return s.dim(label);
  }
}

/** The profile list: id, title, version, date, sources, and what is partial. */
export function renderProfileList(profiles: readonly ProfileInfo[], s: Style, width = 100, defaultId?: string): string {
  const out: string[] = [s.bold('Policy profiles') + s.dim(' (--profile NAME)')];
  for (const p of profiles) {
    out.push('');
    out.push(`  ${s.bold(p.id)}${p.id === defaultId ? s.dim(' (default)') : ''}  ${p.title}`);
    out.push(table([
      [s.dim('version'), `${p.version}, ${p.date}`],
      ...p.sources.map((src, i) => [s.dim(i === 0 ? 'source' : ''), src]),
      ...(p.partial !== null ? [[s.yellow('partial'), p.partial]] : []),
    ].map((row) => [row[0] ?? '', wrapWords(row[1] ?? '', width - 16, '').replace(/\n/g, `\n${' '.repeat(14)}`)]), '    '));
  }
  return `${out.join('\n')}\n`;
}

export interface RuleListOptions {
  readonly width?: number;
  readonly indent?: string;
  /** List passing and n/a rules too (default true); false shows only warn and fail. */
  readonly all?: boolean;
}

/** One line per rule (outcome, severity, id, title), its message under it, then its source. */
export function renderRuleResults(results: readonly RuleResult[], s: Style, opts: RuleListOptions = {}): string {
  const width = opts.width ?? 100;
  const indent = opts.indent ?? '  ';
  const shown = opts.all === false ? results.filter((r) => r.outcome === 'warn' || r.outcome === 'fail') : results;
  if (shown.length === 0) return `${indent}${s.dim('no rule warns or fails')}\n`;
  const hang = `${indent}      `;
  const out: string[] = [];
  for (const r of shown) {
    const sev = r.outcome === 'warn' || r.outcome === 'fail' ? `${s.severity(r.severity)} ` : '';
    out.push(`${indent}${outcomeLabel(r.outcome, s)}  ${sev}${s.bold(r.id)}  ${r.title}`);
    out.push(wrapWords(r.message, width - hang.length, hang));
    out.push(`${hang}${s.dim(r.source)}`);
  }
  return `${out.join('\n')}\n`;
}

/** "Profile NAME (role): 2 fail, 3 warn, 6 pass, 1 n/a", the heading of a graded section. */
export function profileHeading(profile: Pick<ProfileInfo, 'id' | 'title' | 'partial'>, role: ServiceRole | null, results: readonly RuleResult[], s: Style, label = `Profile ${profile.id}`): string {
  const count = (o: RuleOutcome) => results.filter((r) => r.outcome === o).length;
  const tally = (['fail', 'warn', 'pass', 'n/a'] as const).map((o) => `${count(o)} ${o}`).join(', ');
  return `${s.bold(label)}${role !== null ? s.dim(` as ${role}`) : ''}${s.dim(` - ${profile.title}${profile.partial !== null ? ' (partial)' : ''}: ${tally}`)}`;
}

/** The section `mailtls scan --profile` prints before the findings no rule covers. */
export function renderProfileSection(profile: ProfileInfo, role: ServiceRole, results: readonly RuleResult[], s: Style, width = 100): string {
  return `${profileHeading(profile, role, results, s)}\n${renderRuleResults(results, s, { width })}`;
}

export interface GradedService {
  readonly name: string;
  readonly role: ServiceRole;
  readonly roleSource: string;
  readonly rules: readonly RuleResult[];
}

/** `mailtls config --profile`: each graded service's prediction under the profile. */
export function renderServiceGrades(profile: ProfileInfo, services: readonly GradedService[], s: Style, width = 100): string {
  const out: string[] = [`${s.bold(`Profile ${profile.id}`)}${s.dim(` - ${profile.title}${profile.partial !== null ? ' (partial)' : ''}, graded on each service's predicted TLS`)}`];
  if (services.length === 0) out.push('  no inet smtpd or postscreen service to grade');
  for (const svc of services) {
    const tally = (['fail', 'warn', 'pass', 'n/a'] as const).map((o) => `${svc.rules.filter((r) => r.outcome === o).length} ${o}`).join(', ');
    out.push('', `  ${s.bold(svc.name)}${s.dim(` as ${svc.role} (${svc.roleSource}): ${tally}`)}`);
    out.push(renderRuleResults(svc.rules, s, { width, indent: '    ' }).trimEnd());
  }
  return `${out.join('\n')}\n`;
}
