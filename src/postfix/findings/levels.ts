/**
 * Findings on TLS levels and protocols: levels that stop or downgrade a daemon, protocol lists
 * that are invalid, include lists, SSL, old TLS on submission, the pre-3.6 syntax, mandatory
 * settings where nothing requires TLS (and the reverse).
 */
import { serviceKey, setMain, setService, tls12OrNewer } from '../fixes.js';
import type { Setting } from '../main-cf.js';
import type { Analysis, AnalyzedService } from '../model.js';
import { enabledProtocols, opensslProtocols, parseProtocolList, PROTOCOLS, type Protocol } from '../protocols.js';
import type { ParamScope } from '../scope.js';
import type { Finding } from '../types.js';
import { atLeast } from '../version.js';
import { planned, type Emit } from './emit.js';
import { CLIENT_PREFIXES, describeVersions, enforced, fixParam, isSubmission, placeOf, recommendedProtocols, SERVER_PREFIXES } from './facts.js';

/** Server levels that downgrade or stop the daemon, invalid client levels, broken TLS. */
export function levelFindings(a: Analysis, s: AnalyzedService, emit: Emit): void {
  const info = s.tls;
  const levelParam = s.role === 'client' ? `${s.report.command}_tls_security_level` : s.role === 'server' ? 'smtpd_tls_security_level' : 'tlsproxy_tls_security_level';
  const sc = s.role === 'postscreen' ? s.tlsScope : s.scope;
  const place = placeOf(s, levelParam);
  const fixLevel = (v: string) => {
    const set = sc.setting(levelParam);
    // tlsproxy reads its own settings, so postscreen's are fixed in main.cf.
    if (set?.file === 'master.cf' && s.role !== 'postscreen') return setService(s.entry, [levelParam, v]);
    return set === undefined && s.role === 'server' ? setService(s.entry, [levelParam, v]) : setMain([levelParam, v]);
  };
  const fatal = info.levelInfo?.fatal ?? info.fatal;
  if (fatal !== undefined) {
    emit({
      id: 'tls-level-invalid', severity: 'critical', ...place, service: serviceKey(s.entry),
      message: `${levelParam} = "${sc.get(levelParam)}": ${s.report.command} stops with "fatal: ${fatal}"${s.role !== 'client' ? ' (a server supports only none, may and encrypt)' : ''}; the service does not run.`,
      fix: fixLevel(s.role === 'client' ? 'may' : isSubmission(s) ? 'encrypt' : 'may'), fixReason: 'use a level the daemon accepts',
    });
  }
  if (info.levelInfo?.warning !== undefined) {
    emit({
      id: 'tls-level-unsupported', severity: 'medium', ...place, service: serviceKey(s.entry),
      message: `${levelParam} = "${sc.get(levelParam)}" is a client level: ${s.report.command} logs "${info.levelInfo.warning}" and requires plain TLS without checking any client certificate.`,
      fix: fixLevel('encrypt'), fixReason: 'say what the server actually does',
    });
  }
  if (s.tls.broken !== null && fatal === undefined && s.role !== 'client' && !/no server certificate/.test(s.tls.broken)) {
    // Invalid lists and exclusions get their own findings below; this covers the rest.
    if (!/protocol list|cipher exclusion|cipher grade/.test(s.tls.broken)) {
      emit({ id: 'tls-broken', severity: 'high', ...place, service: serviceKey(s.entry), message: `TLS on ${serviceKey(s.entry)} does not work: ${s.tls.broken}.`, fix: null });
    }
  }
}

export function protocolFindings(a: Analysis, s: AnalyzedService, emit: Emit): void {
  const param = s.tls.protocolsParameter;
  const list = s.tls.protocols;
  if (param === null || list === null) return;
  const scope = s.role === 'postscreen' ? s.tlsScope : s.scope;
  const parsed = parseProtocolList(list, a.env.version);
  const place = s.role === 'postscreen' ? (scope.setting(param) ?? { file: s.entry.file, line: s.entry.line }) : placeOf(s, param);
  const where = { file: place.file, line: place.line, service: serviceKey(s.entry) };
  const sub = isSubmission(s);
  const good = recommendedProtocols(a, s, sub);
  if (!parsed.valid) {
    const limitsTooOld = !atLeast(a.env.version, '3.6') && /(^|[\s,:])(>=|<=)/.test(list);
    emit({
      id: limitsTooOld ? 'protocol-limits-unsupported' : 'protocol-list-invalid',
      severity: 'high', ...where,
      message: limitsTooOld
        ? `${param} = "${list}": the ">=" / "<=" syntax needs Postfix 3.6; Postfix ${a.env.version.text} rejects the list ("Invalid TLS protocol list") and ${s.role === 'client' ? 'aborts every TLS session' : 'disables TLS'} on ${serviceKey(s.entry)}.`
        : `${param} = "${list}": "${parsed.invalidToken ?? ''}" is not a protocol Postfix ${a.env.version.text} knows, so the whole list is invalid and ${s.role === 'client' ? 'every TLS session is aborted' : 'TLS is disabled'} on ${serviceKey(s.entry)}.`,
      fix: fixParam(s, scope, param, good), fixReason: 'a protocol list this Postfix version accepts',
    });
    return;
  }
  const versions = s.tls.versions;
  const listed = enabledProtocols(parsed, opensslProtocols(a.env.opensslVersion ?? undefined));
  if (parsed.usesInclusions && (parsed.excluded.has('TLSv1.3') || parsed.excluded.has('TLSv1.2'))) {
    emit({
      id: 'protocol-include-list', severity: listed.includes('TLSv1.2') || listed.includes('TLSv1.3') ? 'medium' : 'high', ...where,
      message: `${param} = "${list}" is an include list: every protocol not named is excluded, including newer ones, so ${serviceKey(s.entry)} ${s.role === 'client' ? 'offers' : 'accepts'} ${listed.length > 0 ? `only ${describeVersions(listed)}` : 'no protocol this OpenSSL supports'}.`,
      fix: fixParam(s, scope, param, good), fixReason: 'name the oldest protocol allowed instead of listing protocols',
    });
  }
  if (versions.includes('SSLv3') || versions.includes('SSLv2')) {
    emit({
      id: 'ssl-protocol-allowed', severity: 'high', ...where,
      message: `${param} = "${list}" leaves ${versions.filter((v) => v.startsWith('SSL')).join(' and ')} enabled, and this OpenSSL still speaks it (POODLE, RFC 7568).`,
      fix: fixParam(s, scope, param, good), fixReason: 'exclude SSL',
    });
  }
  if (sub && (versions.includes('TLSv1') || versions.includes('TLSv1.1'))) submissionOldTls(a, s, param, list, emit);
}

/**
 * Seed 002's question: how to get TLS >= 1.2 on submission. Answer with the parameter actually in
 * force (smtpd.c: smtpd_tls_protocols at level may, smtpd_tls_mandatory_protocols once TLS is
 * required), what does not help (a client -o), and -o overrides in the syntax of this version.
 */
function submissionOldTls(a: Analysis, s: AnalyzedService, param: string, list: string, emit: Emit): void {
  const old = s.tls.versions.filter((v) => v === 'SSLv3' || v === 'TLSv1' || v === 'TLSv1.1');
  const set = s.scope.setting(param);
  const from = set ? `${set.file}:${set.line}` : 'the default';
  const mustEncrypt = !enforced(s) && !s.tls.wrapper;
  const floor = tls12OrNewer(a.env.version);
  const clientOverrides = s.entry.overrides.filter((o) => /^(smtp|lmtp)_tls_.*protocols$/.test(o.name));
  const exact = s.tls.prediction.exact ? '' : ' (predicted; see the notes of the service)';
  const message = `${serviceKey(s.entry)} (port ${s.report.port ?? '?'}) accepts ${old.join(' and ')}${exact}: `
    + (mustEncrypt
      ? `at level "may" its protocols come from ${param} = "${list}" (${from}); smtpd_tls_mandatory_protocols applies only once TLS is required`
      : `TLS is required, so its protocols come from ${param} = "${list}" (${from})`)
    + (clientOverrides.length > 0 ? `, and ${clientOverrides.map((o) => `-o ${o.name}=${o.value}`).join(', ')} (a client parameter) changes nothing` : '')
    + '. Mail clients all have TLS 1.2, and RFC 8996 deprecates TLS 1.0 and 1.1. '
    + (mustEncrypt
      ? `For TLS 1.2 or newer, require TLS here (smtpd_tls_security_level=encrypt) with smtpd_tls_mandatory_protocols=${floor}, as -o overrides of this service; or, keeping TLS optional, -o smtpd_tls_protocols=${floor}.`
      : `For TLS 1.2 or newer, set ${param}=${floor} as an -o override of this service.`);
  emit({
    id: 'submission-old-tls', severity: 'medium',
    ...(set?.file === 'master.cf' ? { file: set.file, line: set.line } : { file: s.entry.file, line: s.entry.line }), service: serviceKey(s.entry),
    message,
    fix: mustEncrypt
      ? setService(s.entry, ['smtpd_tls_security_level', 'encrypt'], ['smtpd_tls_mandatory_protocols', floor])
      : setService(s.entry, [param, floor]),
    fixReason: mustEncrypt ? 'require TLS on submission, with TLS 1.2 or newer' : 'TLS 1.2 or newer on submission',
  });
}

/**
 * Legacy "!" protocol syntax on 3.6+, once per line someone wrote (not defaults, not an override
 * that another finding removes). The fix is the same policy in the ">=" form, so it never
 * contradicts the findings that change the policy itself.
 */
export function legacySyntaxFindings(a: Analysis, emit: Emit, sofar: readonly Finding[]): void {
  if (!atLeast(a.env.version, '3.6')) return;
  const isList = (n: string) => /^(smtpd|smtp|lmtp|tlsproxy)_tls_(mandatory_)?protocols$/.test(n) && a.mainScope.isKnown(n);
  const check = (set: Setting, s: AnalyzedService | null) => {
    // Another fix already rewrites or removes it: that one decides the value.
    if (!isList(set.name) || planned(sofar, s && set.file === 'master.cf' ? `master:${serviceKey(s.entry)}/${set.name}` : `main:${set.name}`) !== undefined) return;
    const parsed = parseProtocolList(set.value, a.env.version);
    if (!parsed.valid || !parsed.usesExclusions || parsed.usesLimits || parsed.usesInclusions) return;
    const value = geForm(parsed.excluded);
    const mandatory = set.name.includes('mandatory');
    const weak = !value.startsWith('>=TLSv1.2') && !value.startsWith('>=TLSv1.3');
    emit({
      id: 'protocol-legacy-syntax', severity: 'info', file: set.file, line: set.line, ...(s ? { service: serviceKey(s.entry) } : {}),
      message: `${set.name} = "${set.value}" uses the pre-3.6 exclusion syntax; Postfix ${a.env.version.text} understands the same policy as "${value}", which also keeps protocol versions newer than this Postfix enabled.`
        + (mandatory && weak ? ` Where TLS is required, ">=TLSv1.2" is the better policy (RFC 8996).` : ''),
      fix: s ? setService(s.entry, [set.name, value.replace(/, /g, ',')]) : setMain([set.name, value]),
      fixReason: 'the same protocols in the >= form',
    });
  };
  for (const set of a.main.settings.values()) check(set, null);
  for (const s of a.services) {
    const serverSide = s.role !== 'client';
    for (const o of s.entry.overrides) if (!(serverSide ? CLIENT_PREFIXES : SERVER_PREFIXES).some((p) => o.name.startsWith(p))) check(o, s);
  }
}

/** An exclusion set as ">=floor" plus the exclusions above the floor ("!SSLv2, !SSLv3, !TLSv1" -> ">=TLSv1.1"). */
export function geForm(excluded: ReadonlySet<Protocol>): string {
  const order = PROTOCOLS.filter((p) => p !== 'SSLv2'); // SSLv2 is no floor (parse_tls_version() has no SSLv2)
  const floor = order.find((p) => !excluded.has(p));
  if (floor === undefined) return '>=TLSv1.3, !TLSv1.3';
  const holes = order.slice(order.indexOf(floor) + 1).filter((p) => excluded.has(p)).map((p) => `!${p}`);
  return [`>=${floor}`, ...holes].join(', ');
}

/** Mandatory settings where nothing enforces TLS, opportunistic ones where everything does. */
export function mandatoryVsOpportunistic(a: Analysis, emit: Emit): void {
  const pairs: [string, string][] = [['protocols', 'mandatory_protocols'], ['ciphers', 'mandatory_ciphers'], ['exclude_ciphers', 'mandatory_exclude_ciphers']];
  type Group = { setting: Setting; services: AnalyzedService[]; enforcedCount: number; scopeOf: (s: AnalyzedService) => ParamScope };
  const check = (prefix: string, isRelevant: (s: AnalyzedService) => boolean, scopeOf: (s: AnalyzedService) => ParamScope, isEnforced: (s: AnalyzedService) => boolean) => {
    for (const [opp, mand] of pairs) {
      for (const [name, wantEnforced] of [[`${prefix}${mand}`, false], [`${prefix}${opp}`, true]] as const) {
        const groups = new Map<string, Group>();
        for (const s of a.services) {
          // dane falls back to "may" without TLSA records, and policy tables pick levels per destination: both sets apply.
          if (!isRelevant(s) || s.tls.level === 'none' || s.tls.level === 'dane') continue;
          if (s.role === 'client' && s.scope.get(`${s.report.command}_tls_policy_maps`).trim() !== '') continue;
          const set = scopeOf(s).setting(name);
          if (!set) continue;
          const key = `${set.file}:${set.line}`;
          const g = groups.get(key) ?? { setting: set, services: [], enforcedCount: 0, scopeOf };
          g.services.push(s);
          if (isEnforced(s)) g.enforcedCount++;
          groups.set(key, g);
        }
        for (const g of groups.values()) {
          const ignoredEverywhere = wantEnforced ? g.enforcedCount === g.services.length : g.enforcedCount === 0;
          if (!ignoredEverywhere) continue;
          const svcNames = g.services.map((s) => serviceKey(s.entry)).join(', ');
          const counterpart = wantEnforced ? `${prefix}${mand}` : `${prefix}${opp}`;
          const first = g.services[0] as AnalyzedService;
          const isMaster = g.setting.file === 'master.cf';
          const counterValue = g.scopeOf(first).get(counterpart);
          const client = prefix.startsWith('smtp_') || prefix.startsWith('lmtp_');
          const same = counterValue === g.setting.value;
          // Both lists say the same: the user's intent holds at every level, nothing to repair.
          if (same) continue;
          const anySubmission = g.services.some(isSubmission);
          let fix: string | null;
          let fixReason: string;
          if (wantEnforced) {
            fix = isMaster ? setService(first.entry, [counterpart, g.setting.value]) : setMain([counterpart, g.setting.value]);
            fixReason = `put the value where it applies (${counterpart})`;
          } else if (anySubmission && isMaster) {
            fix = setService(first.entry, ['smtpd_tls_security_level', 'encrypt']);
            fixReason = 'require TLS on submission, so that the mandatory settings apply';
          } else {
            fix = null;
            fixReason = `it applies only where TLS is required${client ? ' (e.g. destinations raised to encrypt by smtp_tls_policy_maps)' : ''}; moving it to ${counterpart} would restrict opportunistic TLS, which costs interoperability (RFC 9325 section 5.2)`;
          }
          emit({
            id: wantEnforced ? 'opportunistic-setting-ignored' : 'mandatory-setting-ignored',
            severity: /protocols$/.test(name) && (anySubmission || wantEnforced) ? 'medium' : 'low',
            file: g.setting.file, line: g.setting.line, ...(isMaster ? { service: serviceKey(first.entry) } : {}),
            message: wantEnforced
              ? `${name} = "${g.setting.value}" does not apply: TLS is required on ${svcNames}, so Postfix uses ${counterpart} = "${counterValue}" instead.`
              : `${name} = "${g.setting.value}" does not apply: ${svcNames} ${g.services.length > 1 ? 'run' : 'runs'} at level "may" (opportunistic TLS), where Postfix uses ${counterpart} = "${counterValue}" instead; the mandatory settings apply only when TLS is required (level encrypt${client ? ' or higher' : ' or wrapper mode'}).`,
            fix, fixReason,
          });
        }
      }
    }
  };
  check('smtpd_tls_', (s) => s.role === 'server', (s) => s.scope, enforced);
  check('tlsproxy_tls_', (s) => s.role === 'postscreen' && s.delegatedTo === undefined, (s) => s.tlsScope, enforced);
  check('smtp_tls_', (s) => s.role === 'client' && s.report.command === 'smtp', (s) => s.scope, enforced);
  check('lmtp_tls_', (s) => s.role === 'client' && s.report.command === 'lmtp', (s) => s.scope, enforced);
}
