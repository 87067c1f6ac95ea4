/**
 * `mailtls config` core: parse main.cf and master.cf, build each TLS-relevant service's view of
 * the parameters and compute its effective policy: the model (model.ts). Pure: files,
 * `postconf -d`, certificates and the cipher evaluator are handed in by the loader (load.ts),
 * which then has the findings (findings.ts) and the report (config-report.ts) made of the model.
 */
import { configReport } from './config-report.js';
import { applyEdits } from './edits.js';
import { clientPolicy, serverPolicy, SMTPD_NAMES, TLSPROXY_NAMES, type PolicyEnv } from './effective-tls.js';
import { parseMainCf, type Setting } from './main-cf.js';
import { parseMasterCf, type MasterEntry } from './master-cf.js';
import type { Analysis, AnalyzedService, AnalyzeInput, InternalTls } from './model.js';
import { opensslContext } from './openssl-system.js';
import { ParamScope } from './scope.js';
import { commandName, portOf, roleOf } from './services.js';
import type { ConfigReport, Role, ServiceReport } from './types.js';

export type { Analysis, AnalyzedService, AnalyzeInput, InternalTls } from './model.js';

/**
 * A value as postconf prints it: pcf_print_line() (src/postconf/postconf_print.c) collapses every
 * run of blanks to one space. The daemons see the raw value; the two only differ in whitespace.
 */
export function postconfPrintable(value: string): string {
  return value.split(/[ \t\r\n]+/).filter((w) => w !== '').join(' ');
}

/** The parameter scope a master.cf entry's daemon sees. */
export function scopeFor(defaults: ReadonlyMap<string, string>, main: ReadonlyMap<string, Setting>, entry: MasterEntry): ParamScope {
  const master = new Map([['service_name', entry.service], ['process_name', commandName(entry)]]);
  return ParamScope.of(defaults, main, master, entry.overrides);
}

/** The TLS parameters a service's daemon reads, plus any *tls* override it was given. */
export function tlsParameterNames(role: Role, command: string, scope: ParamScope, entry: MasterEntry): string[] {
  const prefixes: string[] = ['tls_'];
  if (role === 'server') prefixes.push('smtpd_');
  if (role === 'postscreen') prefixes.push('postscreen_', 'smtpd_', 'tlsproxy_');
  if (role === 'tlsproxy') prefixes.push('tlsproxy_');
  if (role === 'client') prefixes.push(`${command}_`);
  const names = new Set<string>();
  for (const n of scope.names()) {
    if (!n.includes('tls') || !scope.isKnown(n)) continue;
    if (prefixes.some((p) => n.startsWith(p))) names.add(n);
  }
  for (const o of entry.overrides) if (o.name.includes('tls') && scope.isKnown(o.name)) names.add(o.name);
  return [...names].sort();
}

/** The model of a configuration: every TLS-relevant service with its effective TLS. */
export function analyzeModel(input: AnalyzeInput): Analysis {
  const parsed = { main: parseMainCf(input.mainCfText, 'main.cf'), master: parseMasterCf(input.masterCfText, 'master.cf') };
  const { main, master } = input.edits !== undefined ? applyEdits(parsed.main, parsed.master, input.edits) : parsed;
  const openssl = input.openssl !== undefined ? opensslContext(input.openssl, input.version, input.opensslVersion) : null;
  const env: PolicyEnv = {
    version: input.version, opensslVersion: input.opensslVersion, readCertificate: input.readCertificate, evaluator: input.evaluator, openssl,
  };
  const mainScope = ParamScope.of(input.defaults, main.settings);
  const tlsproxyEntry = (name: string) => master.entries.find((e) => e.service === name && commandName(e) === 'tlsproxy');
  const postscreens = master.entries.filter((e) => roleOf(e) === 'postscreen');
  const services: AnalyzedService[] = [];
  for (const entry of master.entries) {
    const role = roleOf(entry);
    if (role === null) continue;
    const scope = scopeFor(input.defaults, main.settings, entry);
    let tlsScope = scope;
    let tls: InternalTls;
    const portName = (e: MasterEntry) => input.serviceNames?.get(e.service) ?? e.service;
    let port = entry.type === 'inet' ? portOf(portName(entry)) : null;
    if (role === 'server') {
      tls = serverPolicy(scope, SMTPD_NAMES, env);
      if (entry.type === 'pass') {
        // postscreen hands port-25 connections to the pass service named by its smtpd_service_name.
        const ps = postscreens.find((p) => scopeFor(input.defaults, main.settings, p).get('smtpd_service_name') === entry.service);
        if (ps) port = portOf(portName(ps));
      }
    } else if (role === 'postscreen') {
      const tpName = scope.get('tlsproxy_service_name') || 'tlsproxy';
      const tp = tlsproxyEntry(tpName);
      tlsScope = tp ? scopeFor(input.defaults, main.settings, tp) : ParamScope.of(input.defaults, main.settings, new Map([['service_name', tpName], ['process_name', 'tlsproxy']]));
      const proxy = serverPolicy(tlsScope, TLSPROXY_NAMES, env);
      // postscreen decides whether to announce STARTTLS (postscreen_tls_security_level, else
      // postscreen_use_tls/enforce_tls); tlsproxy then runs the handshake with its own settings.
      const psLevel = scope.get('postscreen_tls_security_level').trim().toLowerCase();
      const psUse = psLevel !== '' ? psLevel !== 'none' : scope.bool('postscreen_use_tls') || scope.bool('postscreen_enforce_tls');
      tls = psUse ? { ...proxy, levelParameter: `postscreen_tls_security_level (handshake by ${tpName}: ${proxy.levelParameter})` } : { ...proxy, level: 'none', levelParameter: 'postscreen_tls_security_level', versions: [], ciphers: [], cipherNames: [], tls13Ciphers: [], tls13CipherNames: [] };
    } else if (role === 'tlsproxy') {
      tls = serverPolicy(scope, TLSPROXY_NAMES, env);
    } else {
      tls = clientPolicy(scope, commandName(entry) === 'lmtp' ? 'lmtp' : 'smtp', env);
    }
    // `parameters` is what `postconf -c DIR -x -o <overrides> -h NAME` prints: postconf has no
    // service_name/process_name from master(8) (they keep their defaults), the daemon does; the
    // policy above uses the daemon's view. The two differ only where a value uses $service_name.
    const postconfView = ParamScope.of(input.defaults, main.settings, new Map(), entry.overrides);
    const parameters: Record<string, string> = {};
    for (const n of tlsParameterNames(role, commandName(entry), scope, entry)) parameters[n] = postconfPrintable(postconfView.get(n));
    const { levelInfo: _l, bothCertKinds: _b, invalidProtocolToken: _i, fatal: _f, ...publicTls } = tls;
    const report: ServiceReport = {
      name: entry.service, type: entry.type, command: commandName(entry), role, port, listen: entry.service, file: entry.file, line: entry.line,
      parameters, overrides: entry.overrides.map((o) => ({ name: o.name, value: o.value, line: o.line })), tls: publicTls,
    };
    const production = input.serviceNames?.get(entry.service);
    services.push({
      entry, role, scope, report, tlsScope, tls, ...(role === 'postscreen' ? { proxyTls: tls, proxyScope: tlsScope } : {}),
      ...(production !== undefined ? { productionListen: production } : {}),
    });
  }
  // Without postscreen's deep protocol tests (the default), postscreen hands every connection to
  // the smtpd pass service before any SMTP command, so STARTTLS on its port is that smtpd's
  // (postscreen(8), "after-220 tests"). With them, new clients get postscreen's own STARTTLS
  // through tlsproxy, which is what the postscreen entry shows then.
  for (const [i, s] of services.entries()) {
    if (s.role !== 'postscreen') continue;
    const deep = ['postscreen_pipelining_enable', 'postscreen_non_smtp_command_enable', 'postscreen_bare_newline_enable']
      .some((n) => s.scope.isKnown(n) && s.scope.bool(n));
    const passName = s.scope.get('smtpd_service_name');
    const pass = services.find((p) => p.role === 'server' && p.entry.type === 'pass' && p.entry.service === passName);
    if (deep || !pass) continue;
    const tls: InternalTls = { ...pass.tls, levelParameter: `${pass.tls.levelParameter} (connections are handed to ${passName}/pass)` };
    const { levelInfo: _l, bothCertKinds: _b, invalidProtocolToken: _i, fatal: _f, ...publicTls } = tls;
    services[i] = { ...s, tls, tlsScope: pass.scope, report: { ...s.report, tls: publicTls }, delegatedTo: `${passName}/pass` };
  }
  return { input, main, master, mainScope, services, env };
}

/**
 * The model and its report in one call, as the loader makes them but from text handed in: for
 * tests and src/audit (a fix checked by analysing again with it applied in memory). The model
 * itself (analyzeModel) knows nothing of findings or reports.
 */
export function analyze(input: AnalyzeInput): { report: ConfigReport; analysis: Analysis } {
  const analysis = analyzeModel(input);
  return { report: configReport(analysis), analysis };
}
