/**
 * The findings the join gives: one per cause of the differences between a service's predicted
 * and observed wire (join.ts decides the causes), and another process on a service's port.
 * How bad each cause is, decided here once. Pure.
 */
import type { Severity } from '../severity.js';
import { joinFinding } from './findings.js';
import type { MasterProcess, PortListeners } from './system.js';
import type { AuditFinding, CauseId, Difference } from './types.js';

/**
 * Another listener and an unloadable certificate are high: clients reach something other than
 * Postfix, or get no TLS at all. A configuration not reloaded is medium: the server runs older
 * settings until one `postfix reload`. A directive of OpenSSL's (or of Postfix's
 * tls_config_file) is low: the server does what the system is configured to do, only not
 * through main.cf; a difference without a cause found is low too (the grades judge the wire).
 */
export const CAUSE_FINDING: Readonly<Record<CauseId, { id: string; severity: Severity; title: string }>> = {
  'not-reloaded': { id: 'not-reloaded', severity: 'medium', title: 'The running Postfix does not use the configuration: not reloaded' },
  'other-listener': { id: 'other-listener', severity: 'high', title: 'Another process listens on the service\'s port' },
  'openssl-system-config': { id: 'openssl-system-config', severity: 'low', title: 'OpenSSL\'s system configuration changes what the service offers' },
  'tls-config-file': { id: 'tls-config-file', severity: 'low', title: 'Postfix\'s tls_config_file changes what the service offers' },
  certificate: { id: 'certificate-not-loaded', severity: 'high', title: 'smtpd cannot load its certificate, so it offers no TLS' },
  unknown: { id: 'prediction-differs', severity: 'low', title: 'The wire differs from what the configuration predicts' },
};

/** Where a cause was found (the file:line of the directive or certificate setting), if anywhere. */
export interface CausePlace {
  readonly cause: CauseId;
  readonly place?: { readonly file: string; readonly line: number };
}

/**
 * One finding per cause, in the order the causes first appear, naming every difference it
 * explains; `reloadKey` is the key of the not-reloaded finding (the reload fix resolves it).
 */
export function causeFindings(
  service: string, endpoint: string | null, differences: readonly Difference[], causes: readonly CausePlace[],
): { findings: AuditFinding[]; reloadKey: string | null } {
  const findings: AuditFinding[] = [];
  let reloadKey: string | null = null;
  for (const cause of new Set(differences.map((d) => d.cause))) {
    const ds = differences.filter((d) => d.cause === cause);
    const cf = CAUSE_FINDING[cause];
    const what = ds.map((d) => `${d.what}: predicted ${d.predicted.join(' ') || 'none'}, observed ${d.observed.join(' ') || 'none'}`).join('; ');
    const place = causes.find((c) => c.cause === cause)?.place ?? null;
    const f = joinFinding(cf.id, cf.severity, service, cf.title, `${service}${endpoint !== null ? ` (${endpoint})` : ''} does not offer what its configuration says (${what}): ${ds[0]?.explanation ?? ''}.`, place);
    findings.push(f);
    if (cause === 'not-reloaded') reloadKey = f.key;
  }
  return { findings, reloadKey };
}

/**
 * Another process on the port is a finding whether or not the scan happened to reach it (with
 * SO_REUSEPORT the kernel spreads connections over both); once only, when no difference already
 * named it as a cause.
 */
export function otherListenerFinding(
  service: { readonly name: string; readonly port: number | null }, listeners: PortListeners | undefined,
  master: MasterProcess | null, differences: readonly Difference[],
): AuditFinding | null {
  const strangers = listeners?.ownersKnown === true && master !== null ? listeners.processes.filter((p) => !p.postfix) : [];
  if (strangers.length === 0 || differences.some((d) => d.cause === 'other-listener')) return null;
  const cf = CAUSE_FINDING['other-listener'];
  return joinFinding(cf.id, cf.severity, service.name, cf.title,
    `port ${service.port ?? '?'} of ${service.name} is also held by ${strangers.map((p) => `${p.command} (pid ${p.pid})`).join(', ')}${master !== null ? `, not only by Postfix's master (pid ${master.pid})` : ''}: some connections may reach that process instead of Postfix.`);
}
