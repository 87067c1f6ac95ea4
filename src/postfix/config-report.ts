/**
 * The `mailtls config` report (types.ts `ConfigReport`, = the JSON) made of an analysed
 * configuration: the versions and where they come from, each service's report, the findings,
 * the parsers' warnings. Pure; the loader (load.ts) adds the warnings of its own I/O.
 */
import { findingsFor } from './findings.js';
import type { Analysis } from './model.js';
import { defaultFileFor } from './openssl-system.js';
import type { ConfigReport } from './types.js';

export function configReport(analysis: Analysis): ConfigReport {
  const { input, main, master, mainScope, services, env } = analysis;
  const openssl = env.openssl ?? null;
  // Findings first: OpenSSL's configuration may still warn while they are made.
  const findings = findingsFor(analysis);
  const warnings = [
    ...main.warnings.map((w) => ({ file: w.file, line: w.line, message: w.message })),
    ...master.warnings.map((w) => ({ file: w.file, line: w.line, message: w.message })),
    ...(openssl?.warnings ?? []),
  ];
  return {
    postfixVersion: input.version.text, postfixVersionSource: input.versionSource,
    opensslVersion: input.opensslVersion, opensslVersionSource: input.opensslVersionSource,
    configDir: input.configDir, defaultsSource: input.defaultsSource,
    opensslConfig: openssl !== null ? (({ file, how, detail, notes }) => ({ defaultFile: file, how, detail, notes }))(defaultFileFor(openssl, mainScope)) : null,
    services: services.map((s) => s.report), findings, warnings,
  };
}
