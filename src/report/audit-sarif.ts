/**
 * The audit's findings as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for
 * pipelines that keep the Postfix configuration in git and show findings on its lines: config
 * findings point at main.cf/master.cf (relative to the configuration directory, uriBaseId
 * CONFIG_DIR), wire findings at a logical location (the service and its host:port). One rule
 * per finding id, with its help text; the fix commands go with each result as text (SARIF's
 * `fixes` need textual replacements, and postconf edits are commands, not diffs).
 */
import type { AuditFinding, AuditFix, AuditReport } from '../audit/types.js';
import type { Severity } from '../severity.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'warning', info: 'note' };
/** GitHub code scanning reads this property (0.0-10.0) to rank results. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const dirUri = (dir: string) => `file://${dir.endsWith('/') ? dir : `${dir}/`}`.replace(/ /g, '%20');

function location(f: AuditFinding, report: AuditReport) {
  const svc = f.service !== null ? report.services.find((s) => s.name === f.service) : undefined;
  const logical = f.service !== null
    ? [{ name: f.service, fullyQualifiedName: `${f.endpoint ?? (svc?.address != null ? `${svc.address}:${svc.port ?? ''}` : '')}/${f.service}`, kind: 'module' }]
    : [];
  if (f.file !== null) {
    const relative = !f.file.startsWith('/');
    return {
      physicalLocation: {
        artifactLocation: relative ? { uri: f.file, uriBaseId: 'CONFIG_DIR' } : { uri: `file://${f.file}` },
        ...(f.line !== null && f.line > 0 ? { region: { startLine: f.line } } : {}),
      },
      ...(logical.length > 0 ? { logicalLocations: logical } : {}),
    };
  }
  // A wire finding of a service: its master.cf entry is where to act, the endpoint where it was seen.
  return {
    ...(svc !== undefined ? { physicalLocation: { artifactLocation: { uri: svc.file, uriBaseId: 'CONFIG_DIR' }, region: { startLine: svc.line } } } : {}),
    logicalLocations: logical.length > 0 ? logical : [{ name: report.configDir, kind: 'module' }],
  };
}

function fixText(fix: AuditFix): string {
  const cmds = fix.commands.length > 0 ? fix.commands.join('\n') : '(no Postfix setting)';
  return `${fix.title}:\n${cmds}\nImpact: ${fix.impact.summary}${fix.alternative !== null ? `\nGentler: ${fix.alternative.why}:\n${fix.alternative.commands.join('\n')}` : ''}`;
}

export function renderAuditSarif(report: AuditReport): object {
  const ids = [...new Set(report.findings.map((f) => f.id))];
  const fixOf = (f: AuditFinding) => report.fixes.find((x) => x.resolvesKeys.includes(f.key));
  const rules = ids.map((id) => {
    const first = report.findings.find((f) => f.id === id) as AuditFinding;
    const fix = fixOf(first);
    const worst = report.findings.filter((f) => f.id === id).map((f) => f.severity).sort((a, b) => Number(SECURITY_SEVERITY[b]) - Number(SECURITY_SEVERITY[a]))[0] ?? first.severity;
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: first.title },
      fullDescription: { text: first.message },
      help: {
        text: `${first.message}${first.rule !== null ? `\nProfile rule: ${first.rule} (${report.profile.id} ${report.profile.version}).` : ''}${fix !== undefined ? `\nFix: ${fixText(fix)}` : ''}`,
      },
      defaultConfiguration: { level: LEVEL[worst] },
      properties: {
        tags: ['security', 'tls', 'postfix', first.source],
        'security-severity': SECURITY_SEVERITY[worst],
        ...(first.rule !== null ? { profileRule: first.rule } : {}),
      },
    };
  });
  const results = report.findings.map((f) => {
    const fix = fixOf(f);
    return {
      ruleId: f.id,
      ruleIndex: ids.indexOf(f.id),
      level: LEVEL[f.severity],
      message: { text: `${f.message}${fix !== undefined ? `\n\nFix (${fix.id}): ${fixText(fix)}` : ''}` },
      locations: [location(f, report)],
      partialFingerprints: { mailtlsFindingKey: f.key },
      properties: {
        severity: f.severity, source: f.source,
        ...(f.rule !== null ? { profileRule: f.rule } : {}),
        ...(f.endpoint !== null ? { endpoint: f.endpoint } : {}),
        ...(fix !== undefined ? { fix: fix.commands, fixImpact: fix.impact.summary } : {}),
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'mailtls', version: report.tool.version, semanticVersion: report.tool.version,
          rules,
        },
      },
      automationDetails: { id: `mailtls-audit/${report.profile.id}/` },
      originalUriBaseIds: { CONFIG_DIR: { uri: dirUri(report.configDir), description: { text: 'The Postfix configuration directory audited' } } },
      invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
      results,
      properties: {
        verdict: report.verdict, profile: report.profile.id, profileVersion: report.profile.version,
        services: report.services.map((s) => ({ name: s.name, address: s.address, port: s.port, role: s.role, verdict: s.verdict, agreement: s.agreement })),
      },
    }],
  };
}
