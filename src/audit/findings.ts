/**
 * The audit's findings, from the four sources in one shape (types.ts AuditFinding), and the
 * verdicts they give. Pure.
 */
import type { Finding as ConfigFinding } from '../postfix/types.js';
import type { RuleResult } from '../policy/types.js';
import type { Finding as ScanFinding } from '../scan/types.js';
import { atLeast, compareSeverity, type Severity } from '../severity.js';
import { place, type Place } from '../finding.js';
import type { AuditFinding, AuditFix, Verdict } from './types.js';

/** The first sentence, for tables. */
export function titleOf(message: string, max = 90): string {
  const m = /^(.+?[.:;])(\s|$)/.exec(message);
  const t = (m?.[1] ?? message).replace(/[.:;]$/, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** "127.0.0.1:587" or "[::1]:587" to its host and port. */
export function endpointParts(endpoint: string | null): { host: string | null; port: number | null } {
  const m = endpoint === null ? null : /^\[(.+)\]:(\d+)$/.exec(endpoint) ?? /^([^:]+):(\d+)$/.exec(endpoint);
  return m ? { host: m[1] ?? null, port: Number(m[2]) } : { host: endpoint === '' ? null : endpoint, port: null };
}

/** The finding's place (src/finding.ts) from its service, file, line and endpoint. */
export function placeOf(f: Pick<AuditFinding, 'service' | 'file' | 'line' | 'endpoint'>): Place {
  return place({ ...endpointParts(f.endpoint), file: f.file, line: f.line, service: f.service });
}

/** Fills the shared finding fields: place from the audit's own, fix until fixes are planned (withFixes). */
function audit(f: Omit<AuditFinding, 'place' | 'fix'>): AuditFinding {
  return { ...f, place: placeOf(f), fix: null };
}

export function configFinding(f: ConfigFinding): AuditFinding {
  return audit({
    id: f.id, key: `config:${f.id}:${f.file}:${f.line ?? ''}`, severity: f.severity, source: 'config',
    service: f.service ?? null, file: f.file, line: f.line, message: f.message, rule: null,
    title: titleOf(f.message), endpoint: null,
  });
}

export function ruleFinding(r: RuleResult, service: string, endpoint: string | null, gradedOn: 'wire' | 'config'): AuditFinding {
  return audit({
    id: r.id, key: `${gradedOn === 'wire' ? 'wire' : 'config'}:${r.rule}:${service}`, severity: r.severity,
    source: gradedOn === 'wire' ? 'wire' : 'config', service, file: null, line: null,
    message: `${r.message} (${r.source})`, rule: r.rule, title: r.title, endpoint,
  });
}

export function scanFinding(f: ScanFinding, service: string, endpoint: string): AuditFinding {
  return audit({
    id: f.id, key: `wire:${f.id}:${service}`, severity: f.severity, source: 'wire', service, file: null, line: null,
    message: `${f.title}: ${f.detail}`, rule: null, title: f.title, endpoint,
  });
}

export function joinFinding(id: string, severity: Severity, service: string | null, title: string, message: string, place: { file: string; line: number | null } | null = null): AuditFinding {
  return audit({
    id, key: `join:${id}:${service ?? (place ? `${place.file}:${place.line ?? ''}` : '')}`, severity, source: 'join', service,
    file: place?.file ?? null, line: place?.line ?? null, message, rule: null, title, endpoint: null,
  });
}

export function logFinding(id: string, severity: Severity, service: string | null, title: string, message: string): AuditFinding {
  return audit({ id, key: `logs:${id}:${service ?? ''}`, severity, source: 'logs', service, file: null, line: null, message, rule: null, title, endpoint: null });
}

/**
 * Each finding's `fix`: the commands of the first fix (in the order printed) whose resolvesKeys
 * name it, joined by " && " as a config finding's fix is written; null where no fix resolves it
 * or the fix is not a command (a manual change).
 */
export function withFixes(findings: readonly AuditFinding[], fixes: readonly AuditFix[]): AuditFinding[] {
  const byKey = new Map<string, string>();
  for (const x of fixes) {
    if (x.commands.length === 0) continue;
    for (const k of x.resolvesKeys) if (!byKey.has(k)) byKey.set(k, x.commands.join(' && '));
  }
  return findings.map((f) => ({ ...f, fix: byKey.get(f.key) ?? null }));
}

/**
 * A service fails when a profile rule fails or a finding is high or critical; it warns when a
 * rule warns or a finding is medium or low; info findings and passing rules leave it at pass.
 */
export function verdictOf(rules: readonly RuleResult[], findings: readonly AuditFinding[]): Verdict {
  let v: Verdict = 'pass';
  for (const r of rules) {
    if (r.outcome === 'fail') return 'fail';
    if (r.outcome === 'warn') v = 'warn';
  }
  for (const f of findings) {
    if (f.rule !== null) continue; // its rule above decided
    if (atLeast(f.severity, 'high')) return 'fail';
    if (f.severity !== 'info') v = 'warn';
  }
  return v;
}

export function worstVerdict(vs: readonly Verdict[]): Verdict {
  return vs.includes('fail') ? 'fail' : vs.includes('warn') ? 'warn' : 'pass';
}

/** Most severe first, then by source (join, config, wire, logs) and key: one stable order. */
export function sortFindings(fs: readonly AuditFinding[]): AuditFinding[] {
  const src = ['join', 'config', 'wire', 'logs'];
  return [...fs].sort((a, b) => compareSeverity(a.severity, b.severity)
    || src.indexOf(a.source) - src.indexOf(b.source) || a.key.localeCompare(b.key));
}
