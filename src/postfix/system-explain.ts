/**
 * Does OpenSSL's configuration explain why the wire differs from the prediction? Checked, not
 * guessed: the service is predicted again under each hypothesis about the system
 * configuration, and a hypothesis explains the difference only when its prediction is what
 * the scan observed:
 * 1. a directive that decides part of the prediction is not in force (the daemons started
 *    before it was written - OpenSSL reads its configuration once per process, and smtpd and
 *    tlsproxy processes live on - or they read another file);
 * 2. a directive Postfix should override takes effect (the running Postfix is older than the
 *    one analysed: MinProtocol before 3.6 / 3.5.5, MaxProtocol before 3.6);
 * 3. no OpenSSL configuration reaches the daemons at all;
 * 4. with tls_config_file: the daemons read OpenSSL's default file instead (a Postfix without
 *    tls_config_file, older than 3.9 / 3.8.1 / 3.7.6 / 3.6.10 / 3.5.20); without it: the
 *    daemons read another file than the one found here is not testable and not tried.
 * The audit (src/audit) calls explainDifference() for each difference it cannot put down to a
 * reload or another listener.
 */
import type { Analysis, AnalyzedService } from './model.js';
import { prepareSystem, type Hypothesis, type PreparedSystem } from './openssl-system.js';
import { clientPolicy, serverPolicy, SMTPD_NAMES, TLSPROXY_NAMES, type PolicyEnv } from './effective-tls.js';
import { needsTls12 } from './predict.js';
import type { ServiceTls } from './types.js';
import type { CtxField } from '../openssl/ssl-ctx.js';
import { cipherByCode } from '../openssl/cipher-table.js';

/** What the scan saw: versions as "TLSv1.2" (or "TLSv1.0"), suites as IANA codes "0xC02F". */
export interface ObservedWire {
  readonly versions: readonly string[];
  /** TLS <= 1.2 suites. */
  readonly ciphers: readonly string[];
  /** TLS 1.3 suites; null: not probed. */
  readonly tls13Ciphers: readonly string[] | null;
}

export interface SystemExplanation {
  readonly cause: 'openssl-system-config' | 'tls-config-file';
  /** The file and line that decide (the directive, or the section that holds them). */
  readonly file: string;
  readonly line: number;
  /** "MinProtocol = TLSv1.2", or the section for a whole-file hypothesis. */
  readonly directive: string;
  readonly explanation: string;
  /** The prediction under the hypothesis: what was observed. */
  readonly predicted: { readonly versions: readonly string[]; readonly ciphers: readonly string[]; readonly tls13Ciphers: readonly string[] };
}

const norm = (v: string): string => (v === 'TLSv1.0' ? 'TLSv1' : v);
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/** The prediction and the observation agree on what the scan can show. */
export function wireAgrees(tls: Pick<ServiceTls, 'versions' | 'ciphers' | 'tls13Ciphers'>, obs: ObservedWire): boolean {
  const pv = tls.versions.map(norm);
  const ov = obs.versions.map(norm);
  if (!sameSet(pv, ov)) return false;
  const legacy = ov.filter((v) => v !== 'TLSv1.3');
  if (legacy.length > 0 && tls.ciphers !== null) {
    const comparable = ov.includes('TLSv1.2') ? tls.ciphers : tls.ciphers.filter((c) => !needsTls12(cipherByCode(parseInt(c, 16))?.name ?? ''));
    if (!sameSet(comparable, obs.ciphers)) return false;
  }
  if (ov.includes('TLSv1.3') && obs.tls13Ciphers !== null && tls.tls13Ciphers !== null && !sameSet(tls.tls13Ciphers, obs.tls13Ciphers)) return false;
  return true;
}

/** The service predicted again with a changed system configuration. */
function repredict(a: Analysis, s: AnalyzedService, h: Hypothesis): ServiceTls {
  const env: PolicyEnv = { ...a.env, systemHypothesis: h };
  if (s.role === 'client') return clientPolicy(s.scope, s.report.command === 'lmtp' ? 'lmtp' : 'smtp', env);
  if (s.role === 'server' || s.delegatedTo !== undefined) return serverPolicy(s.delegatedTo !== undefined ? s.tlsScope : s.scope, SMTPD_NAMES, env);
  return serverPolicy(s.role === 'postscreen' ? s.tlsScope : s.scope, TLSPROXY_NAMES, env);
}

function findService(a: Analysis, service: AnalyzedService | string): AnalyzedService | undefined {
  if (typeof service !== 'string') return service;
  return a.services.find((s) => `${s.entry.service}/${s.entry.type}` === service || s.entry.service === service);
}

const show = (t: Pick<ServiceTls, 'versions' | 'tls13CipherNames'>): string =>
  `${t.versions.join(', ') || 'no TLS'}${t.versions.includes('TLSv1.3') && t.tls13CipherNames !== null ? ` (TLS 1.3: ${t.tls13CipherNames.join(':') || 'none'})` : ''}`;

/**
 * A directive (or the configuration file) of OpenSSL that turns the service's prediction into
 * what was observed; null when none does, when nothing differs, or when OpenSSL's
 * configuration is not modelled for this analysis.
 */
export function explainDifference(analysis: Analysis, service: AnalyzedService | string, observed: ObservedWire): SystemExplanation | null {
  const s = findService(analysis, service);
  const ctx = analysis.env.openssl;
  if (s === undefined || ctx == null || ctx.opensslVersion === null) return null;
  const current = s.report.tls;
  if (current.level === 'none' || wireAgrees(current, observed)) return null;
  const role = s.role === 'client' ? 'client' : 'server';
  const scope = s.role === 'client' ? s.scope : s.delegatedTo !== undefined || s.role === 'postscreen' ? s.tlsScope : s.scope;
  const prepared = prepareSystem(ctx, scope, role);
  const sys = current.system;
  const cause = prepared.how === 'tls_config_file' ? 'tls-config-file' as const : 'openssl-system-config' as const;
  const out = (t: ServiceTls, file: string, line: number, directive: string, explanation: string, c = cause): SystemExplanation => ({
    cause: c, file, line, directive, explanation,
    predicted: { versions: t.versions, ciphers: t.ciphers ?? [], tls13Ciphers: t.tls13Ciphers ?? [] },
  });
  const predictedNow = show(current);

  // 1. A deciding directive that is not in force.
  for (const [i, d] of (sys?.directives ?? []).entries()) {
    if (d.status !== 'applies' || !d.decides) continue;
    const t = repredict(analysis, s, { remove: new Set([i]) });
    if (!wireAgrees(t, observed)) continue;
    return out(t, d.file, d.line, d.directive,
      `${d.file}:${d.line} ${d.directive} makes the prediction ${predictedNow}; the server behaves as if it were not in force (${show(t)}). ` +
      'OpenSSL reads its configuration once, when a daemon starts: smtpd and tlsproxy processes that started before the line was written keep the old settings until they exit (postfix reload makes new ones), ' +
      'unless the daemons read another file');
  }
  // 2. A directive Postfix overrides takes effect.
  const last = (cmd: string) => [...(sys?.directives ?? [])].reverse().find((x) => x.status === 'overridden' && x.command === cmd);
  const min = last('MinProtocol');
  const max = last('MaxProtocol');
  const tries: { fields: CtxField[]; ds: NonNullable<typeof min>[] }[] = [];
  if (min) tries.push({ fields: ['minVersion'], ds: [min] });
  if (max) tries.push({ fields: ['maxVersion'], ds: [max] });
  if (min && max) tries.push({ fields: ['minVersion', 'maxVersion'], ds: [min, max] });
  for (const { fields, ds } of tries) {
    const t = repredict(analysis, s, { force: new Set(fields) });
    if (!wireAgrees(t, observed)) continue;
    const first = ds[0] as NonNullable<typeof min>;
    const what = ds.map((d) => `${d.directive} (${d.file}:${d.line})`).join(' and ');
    return out(t, first.file, first.line, ds.map((d) => d.directive).join('; '),
      `the server behaves as if ${what} took effect (${show(t)}), which Postfix ${analysis.input.version.text} overrides: ` +
      `the running Postfix is probably older than ${analysis.input.version.text} (MinProtocol decides before 3.6 and 3.5.5, 3.4.15, 3.3.13, 3.2.18; MaxProtocol before 3.6)`);
  }
  // 3. No OpenSSL configuration at all.
  if (prepared.commands.length > 0 && sys?.section != null) {
    const t = repredict(analysis, s, { none: true });
    if (wireAgrees(t, observed)) {
      const entry = prepared.config?.systemDefault;
      return out(t, entry?.file ?? prepared.file ?? '', entry?.line ?? 0, `system_default = ${sys.section}`,
        `the server behaves as if no OpenSSL configuration reached the daemons (${show(t)}), while ${prepared.file ?? 'the file'} [${sys.section}] makes the prediction ${predictedNow}: ` +
        'the daemons started before the file got its settings, or read another file (OPENSSL_CONF in their environment, import_environment)');
    }
  }
  // 4. tls_config_file not honoured: OpenSSL's default file instead.
  if (prepared.how === 'tls_config_file') {
    const alt: PreparedSystem = prepareSystem(ctx, scope, role, { kind: 'default', appName: null, reason: 'OpenSSL\'s default file (tls_config_file not honoured)' });
    if (alt.file !== null) {
      const t = repredict(analysis, s, { replace: alt });
      if (wireAgrees(t, observed)) {
        const src = s.scope.source('tls_config_file');
        const at = src.kind === 'main.cf' || src.kind === 'master.cf' ? { file: src.file, line: src.line } : { file: prepared.file ?? '', line: 0 };
        return out(t, at.file, at.line, `tls_config_file = ${prepared.file ?? ''}`,
          `the server behaves as if it read OpenSSL's default file ${alt.file} instead of tls_config_file = ${prepared.file ?? ''} (${show(t)}): ` +
          'tls_config_file exists from Postfix 3.9 and 3.8.1, 3.7.6, 3.6.10, 3.5.20; an older running Postfix ignores it', 'tls-config-file');
      }
    }
  }
  return null;
}
