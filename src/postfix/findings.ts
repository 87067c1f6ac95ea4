/**
 * Findings: configuration mistakes, each with file:line, why it matters and the postconf command
 * that repairs it. Every rule is a small function over the analysis; severities follow what the
 * mistake costs: "critical"/"high" only when mail or credentials are exposed or TLS (or the
 * daemon) stops working, so a modern, correct configuration gets none of them.
 */
import type { Analysis, AnalyzedService } from './analyze.js';
import { splitExclusions } from './cipherlist.js';
import { DEFAULTS_BY_VERSION } from './defaults-data.js';
import { fixAssignments, fixTargets, serviceKey, setMain, setService, tls12OrNewer, unsetMain, unsetService } from './fixes.js';
import type { Setting } from './main-cf.js';
import { enabledProtocols, opensslProtocols, parseProtocolList, PROTOCOLS, type Protocol } from './protocols.js';
import type { ParamScope } from './scope.js';
import { isLoopbackOnly } from './services.js';
import { SEVERITY_ORDER } from '../severity.js';
import type { Finding } from './types.js';
import { atLeast } from './version.js';

type Emit = (f: Finding) => void;

const SERVER_PREFIXES = ['smtpd_', 'postscreen_', 'tlsproxy_'];
const CLIENT_PREFIXES = ['smtp_', 'lmtp_'];

/** Reachable from other hosts: not bound to loopback by its listen field or by inet_interfaces. */
function isPublic(s: AnalyzedService): boolean {
  // A lab copy listens on loopback for a service that is public in production.
  if (s.productionListen !== undefined) return !isLoopbackOnly(s.productionListen);
  if (isLoopbackOnly(s.entry.service)) return false;
  const ifs = s.scope.get('inet_interfaces').split(/[\s,]+/).filter((x) => x !== '');
  return !(ifs.length > 0 && ifs.every((i) => /^(loopback-only|localhost|127\.[0-9.]+|::1|\[::1\])$/i.test(i)));
}
const isPort25 = (s: AnalyzedService) => s.report.port === 25 && s.delegatedTo === undefined && isPublic(s) && (s.role === 'server' || s.role === 'postscreen');
const isSubmission = (s: AnalyzedService) => s.role === 'server' && s.entry.type === 'inet' && (s.report.port === 587 || s.report.port === 465) && isPublic(s);
const tlsOn = (s: AnalyzedService) => s.tls.level !== 'none';
const enforced = (s: AnalyzedService) => s.tls.level !== 'none' && s.tls.level !== 'may';

/** Where a finding about a parameter of a service points: its -o or main.cf line, else the entry. */
function placeOf(s: AnalyzedService, name: string): { file: string; line: number } {
  const set = s.scope.setting(name);
  return set ? { file: set.file, line: set.line } : { file: s.entry.file, line: s.entry.line };
}

/** Minimum version in a list, by protocol order; undefined for an empty list. */
function minVersion(vs: readonly Protocol[]): number | undefined {
  const idx = vs.map((v) => PROTOCOLS.indexOf(v));
  return idx.length > 0 ? Math.min(...idx) : undefined;
}

function describeVersions(vs: readonly string[]): string {
  return vs.length > 0 ? vs.join(', ') : 'none';
}

export function findingsFor(a: Analysis): Finding[] {
  const out: Finding[] = [];
  const at = new Map<string, number>();
  const emit: Emit = (found) => {
    // No two fixes may set one parameter differently: the first one emitted (the rules run from the
    // specific to the general) keeps its command, a later contradicting one points at it.
    let f = found;
    for (const [target, value] of f.fix !== null ? fixAssignments(f.fix) : []) {
      const by = plannedBy(out, target);
      if (by === undefined || by.value === value || (by.finding.id === f.id && by.finding.file === f.file && by.finding.line === f.line)) continue;
      const name = target.replace(/^(main|master):/, '');
      f = { ...f, fix: null, fixReason: `see the fix for ${by.finding.id} (${by.finding.file}${by.finding.line !== null ? `:${by.finding.line}` : ''}), which ${by.value === null ? `removes ${name}` : `sets ${name} = ${by.value}`}` };
      break;
    }
    // One finding per (id, file, line): a main.cf line shared by several services is reported once.
    const key = `${f.id}|${f.file}|${f.line ?? ''}`;
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(f);
    } else out[i] = mergeFindings(out[i] as Finding, f);
  };
  wrongSideOverrides(a, emit);
  for (const s of a.services) {
    if (s.delegatedTo !== undefined) continue; // its TLS is the pass service's, reported there
    levelFindings(a, s, emit);
    if (tlsOn(s) || s.role === 'postscreen') protocolFindings(a, s, emit);
    cipherFindings(a, s, emit);
    certificateFindings(s, emit);
  }
  mandatoryVsOpportunistic(a, emit);
  port25AndSubmission(a, emit);
  saslFindings(a, emit);
  clientFindings(a, emit);
  postscreenFindings(a, emit);
  deprecatedFindings(a, emit, out);
  legacySyntaxFindings(a, emit, out);
  fileFindings(a, emit, out);
  preemptFindings(a, emit);
  return sortFindings(out);
}

/** Most severe first, then by file and line (main.cf before master.cf), as the report lists them. */
export function sortFindings(fs: readonly Finding[]): Finding[] {
  return [...fs].sort((x, y) => SEVERITY_ORDER.indexOf(x.severity) - SEVERITY_ORDER.indexOf(y.severity)
    || x.file.localeCompare(y.file) || (x.line ?? 0) - (y.line ?? 0) || x.id.localeCompare(y.id));
}

/**
 * Two findings with the same (id, file, line): keep one. The more severe one leads; a fix for
 * another service is joined with " && " so one command line repairs both; a fix that sets the
 * same parameter differently is dropped (one coherent fix per place).
 */
export function mergeFindings(a: Finding, b: Finding): Finding {
  const [first, second] = SEVERITY_ORDER.indexOf(b.severity) < SEVERITY_ORDER.indexOf(a.severity) ? [b, a] : [a, b];
  if (second.fix === null || second.fix === first.fix || first.fix === null) {
    return first.fix === null && second.fix !== null ? { ...first, fix: second.fix, ...(second.fixReason !== undefined ? { fixReason: second.fixReason } : {}) } : first;
  }
  const t1 = fixTargets(first.fix);
  if (fixTargets(second.fix).some((t) => t1.includes(t))) return first;
  const also = second.service !== undefined && second.service !== first.service ? ` The same holds for ${second.service}.` : '';
  return { ...first, message: first.message + also, fix: `${first.fix} && ${second.fix}` };
}

/** Seed 002: a client parameter given to a server (or the reverse) is accepted and ignored. */
function wrongSideOverrides(a: Analysis, emit: Emit): void {
  for (const s of a.services) {
    const serverSide = s.role !== 'client';
    const wrong = serverSide ? CLIENT_PREFIXES : SERVER_PREFIXES;
    for (const o of s.entry.overrides) {
      if (!wrong.some((p) => o.name.startsWith(p))) continue;
      const daemon = s.report.command;
      let message = serverSide
        ? `"-o ${o.name}=${o.value}" on ${serviceKey(s.entry)} (${daemon}) has no effect: ${o.name} is a Postfix SMTP/LMTP client parameter and ${daemon} never reads it.`
        : `"-o ${o.name}=${o.value}" on ${serviceKey(s.entry)} (${daemon}, the SMTP/LMTP client) has no effect: it is a server parameter.`;
      if (/_tls_(mandatory_)?protocols$/.test(o.name)) {
        const p = parseProtocolList(o.value, a.env.version);
        if (p.valid && p.usesInclusions && (p.excluded.has('TLSv1.2') || p.excluded.has('TLSv1.3'))) {
          const left = enabledProtocols(p, opensslProtocols(a.env.opensslVersion ?? undefined));
          message += ` Had it applied, the include list "${o.value}" would have limited that client to ${left.length > 0 ? left.join(', ') : 'no protocol at all'}${left.length === 1 ? ' only' : ''}.`;
        }
        if (serverSide && s.role === 'server') {
          message += ` This service's protocols come from ${s.tls.protocolsParameter ?? 'nothing (TLS is off)'}${s.tls.protocols !== null ? ` = "${s.tls.protocols}"` : ''}.`;
        }
      }
      emit({
        id: serverSide ? 'client-parameter-on-server' : 'server-parameter-on-client',
        severity: o.name.includes('tls') ? 'medium' : 'low',
        file: o.file, line: o.line, service: serviceKey(s.entry), message,
        fix: unsetService(s.entry, o.name),
        fixReason: `remove the ${o.name} override that ${daemon} ignores`,
      });
    }
  }
}

/** Server levels that downgrade or stop the daemon, invalid client levels, broken TLS. */
function levelFindings(a: Analysis, s: AnalyzedService, emit: Emit): void {
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

function recommendedProtocols(a: Analysis, s: AnalyzedService, forSubmission: boolean): string {
  if (forSubmission || enforced(s)) return tls12OrNewer(a.env.version);
  return atLeast(a.env.version, '3.6') ? '>=TLSv1' : '!SSLv2:!SSLv3';
}

/** Fix that sets a parameter where its current value comes from: -o override, else main.cf. */
function fixParam(s: AnalyzedService, scope: ParamScope, name: string, value: string): string {
  const set = scope.setting(name);
  if (set?.file === 'master.cf' || (s.role === 'server' && !set)) return setService(s.entry, [name, value]);
  if (s.role === 'tlsproxy' || s.role === 'postscreen') return setMain([name, value]);
  return set ? setMain([name, value]) : setService(s.entry, [name, value]);
}

function protocolFindings(a: Analysis, s: AnalyzedService, emit: Emit): void {
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
function legacySyntaxFindings(a: Analysis, emit: Emit, sofar: readonly Finding[]): void {
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

function cipherFindings(a: Analysis, s: AnalyzedService, emit: Emit): void {
  if (s.tls.level === 'none') return;
  const scope = s.role === 'postscreen' ? s.tlsScope : s.scope;
  for (const e of s.tls.exclusions) {
    const bad = splitExclusions(e.value).filter((t) => '!+-@'.includes(t[0] ?? ''));
    if (bad.length === 0 || !scope.setting(e.parameter)) continue;
    const cleaned = splitExclusions(e.value).map((t) => t.replace(/^[!+\-@]+/, '')).filter((t) => t !== '').join(', ');
    const set = scope.setting(e.parameter) as Setting;
    emit({
      id: 'cipher-exclusion-invalid', severity: 'high', file: set.file, line: set.line, service: serviceKey(s.entry),
      message: `${e.parameter} = "${e.value}": Postfix rejects exclusion tokens that start with '!', '+', '-' or '@' (${bad.join(' ')}) and then fails every TLS handshake on ${serviceKey(s.entry)}; write the bare names, Postfix adds the '!'.`,
      fix: set.file === 'master.cf' ? setService(s.entry, [e.parameter, cleaned.replace(/ /g, '')]) : setMain([e.parameter, cleaned]),
      fixReason: 'exclusions are bare cipher names',
    });
  }
  if (s.tls.cipherGradeParameter !== null && s.tls.cipherList === null && s.tls.broken !== null && /cipher grade/.test(s.tls.broken)) {
    const p = s.tls.cipherGradeParameter;
    emit({
      id: 'cipher-grade-invalid', severity: 'high', ...placeOf(s, p), service: serviceKey(s.entry),
      message: `${p} = "${scope.get(p)}" is not a cipher grade (high, medium, null${atLeast(a.env.version, '3.8') ? '' : ', low, export'}); every TLS handshake on ${serviceKey(s.entry)} fails.`,
      fix: fixParam(s, scope, p, 'medium'), fixReason: 'a valid grade',
    });
  }
}

function certificateFindings(s: AnalyzedService, emit: Emit): void {
  if (s.role === 'client' || s.tls.level === 'none') return;
  const scope = s.role === 'postscreen' ? s.tlsScope : s.scope;
  const prefix = s.role === 'server' ? 'smtpd_tls_' : 'tlsproxy_tls_';
  if (s.tls.broken !== null && /no server certificate/.test(s.tls.broken)) {
    emit({
      id: 'no-certificate', severity: 'high', file: s.entry.file, line: s.entry.line, service: serviceKey(s.entry),
      message: `${serviceKey(s.entry)} has TLS at level "${s.tls.level}" but no certificate (${prefix}chain_files, ${prefix}cert_file, ${prefix}eccert_file are empty): Postfix logs "No server certs available. TLS won't be enabled" and answers STARTTLS with 454.`,
      fix: null, fixReason: `set ${prefix}chain_files (Postfix >= 3.4) or ${prefix}cert_file and ${prefix}key_file`,
    });
  }
  const both = s.tls.bothCertKinds === true;
  if (both) {
    const names = ['cert_file', 'key_file', 'eccert_file', 'eckey_file', 'dcert_file', 'dkey_file'].map((n) => prefix + n);
    const legacy = names.filter((n) => scope.setting(n)?.file === 'main.cf');
    const legacyMaster = names.filter((n) => scope.setting(n)?.file === 'master.cf');
    const chain = scope.setting(`${prefix}chain_files`);
    const fixes = [...(legacy.length > 0 ? [unsetMain(...legacy)] : []), ...(legacyMaster.length > 0 && s.role !== 'postscreen' ? [unsetService(s.entry, ...legacyMaster)] : [])];
    emit({
      id: 'certificate-chain-and-legacy', severity: 'low', file: chain?.file ?? s.entry.file, line: chain?.line ?? s.entry.line, service: serviceKey(s.entry),
      message: `Both ${prefix}chain_files and legacy certificate parameters are set: Postfix warns and ignores ${prefix}cert_file, ${prefix}eccert_file and ${prefix}dcert_file.`,
      fix: fixes.length > 0 ? fixes.join(' && ') : null, fixReason: 'remove the ignored legacy certificate settings',
    });
  }
  for (const c of s.tls.certificates) {
    if (c.readable) continue;
    const missing = c.error !== undefined && /ENOENT|no such file/i.test(c.error);
    const set = scope.setting(c.parameter) ?? scope.setting(c.parameter.replace(/^tlsproxy_tls_/, 'smtpd_tls_'));
    emit({
      id: missing ? 'certificate-missing' : 'certificate-unreadable', severity: missing ? 'medium' : 'info',
      file: set?.file ?? s.entry.file, line: set?.line ?? s.entry.line, ...(set?.file === 'master.cf' ? { service: serviceKey(s.entry) } : {}),
      message: missing
        ? `${c.parameter}: ${c.path} does not exist on this machine; if this is the mail server, Postfix cannot load it and TLS fails (STARTTLS answers 454). The prediction assumes ${(c.assumedKeyTypes ?? ['rsa']).join(' and ').toUpperCase()} keys.`
        : `${c.parameter}: ${c.path} could not be read here (${c.error ?? 'unknown error'}); the prediction assumes ${(c.assumedKeyTypes ?? ['rsa']).join(' and ').toUpperCase()} keys.`,
      fix: null,
    });
  }
}

/** Mandatory settings where nothing enforces TLS, opportunistic ones where everything does. */
function mandatoryVsOpportunistic(a: Analysis, emit: Emit): void {
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

function port25AndSubmission(a: Analysis, emit: Emit): void {
  const p25 = a.services.filter(isPort25);
  const subs = a.services.filter(isSubmission);
  for (const s of p25) {
    if (!enforced(s)) continue;
    const levelParam = s.role === 'postscreen' ? 'postscreen_tls_security_level' : s.tls.wrapper ? 'smtpd_tls_wrappermode' : 'smtpd_tls_security_level';
    emit({
      id: 'port25-tls-required', severity: 'high', ...placeOf(s, levelParam), service: serviceKey(s.entry),
      message: `${serviceKey(s.entry)} is the public port 25 and ${s.tls.wrapper ? 'runs in wrapper mode (TLS from the first byte)' : 'requires STARTTLS (level "encrypt")'}: mail from servers that do not use TLS is refused. RFC 3207 section 4: a publicly-referenced SMTP server MUST NOT require STARTTLS.`,
      fix: setService(s.entry, s.tls.wrapper ? ['smtpd_tls_wrappermode', 'no'] : [levelParam === 'postscreen_tls_security_level' ? 'postscreen_tls_security_level' : 'smtpd_tls_security_level', 'may']),
      fixReason: 'opportunistic TLS on port 25',
    });
  }
  for (const s of p25) {
    if (s.tls.level !== 'none' || s.tls.broken !== null) continue;
    const levelParam = s.role === 'postscreen' ? 'postscreen_tls_security_level' : 'smtpd_tls_security_level';
    const set = s.scope.setting(levelParam);
    emit({
      id: 'port25-no-tls', severity: 'medium', ...placeOf(s, levelParam), service: serviceKey(s.entry),
      message: `${serviceKey(s.entry)} is the public port 25 and does not offer STARTTLS: every message from other mail servers arrives in clear text, even from senders that would encrypt.`,
      fix: set?.file === 'master.cf' ? setService(s.entry, [levelParam, 'may']) : setMain([levelParam, 'may']),
      fixReason: 'offer opportunistic TLS (needs a certificate: smtpd_tls_chain_files)',
    });
  }
  for (const s of subs) {
    const sasl = s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable');
    if (s.report.port === 587 && !s.tls.wrapper && !enforced(s)) {
      const none = s.tls.level === 'none';
      emit({
        id: 'submission-tls-not-required', severity: none ? 'high' : 'medium', ...placeOf(s, 'smtpd_tls_security_level'), service: serviceKey(s.entry),
        message: none
          ? `Submission ${serviceKey(s.entry)} (port 587) has TLS off: mail clients send mail${sasl ? ' and passwords' : ''} in clear text.`
          : `Submission ${serviceKey(s.entry)} (port 587) runs at level "may": a client may submit without STARTTLS${s.tls.authOnly ? ' (AUTH is hidden until STARTTLS, so authenticated clients are protected)' : ''}. RFC 8314 section 3.3 wants TLS required for submission.`,
        fix: setService(s.entry, ['smtpd_tls_security_level', 'encrypt']), fixReason: 'require TLS on submission',
      });
    }
  }
  // Port 25 stricter than submission: the service for people is laxer than the one for servers.
  const minOf = (ss: AnalyzedService[]) => ss.map((s) => minVersion(s.tls.versions)).filter((v): v is number => v !== undefined);
  const m25 = minOf(p25);
  if (m25.length > 0) {
    const floor25 = Math.min(...m25);
    for (const s of subs) {
      const m = minVersion(s.tls.versions);
      if (m === undefined || m >= floor25) continue;
      emit({
        id: 'submission-laxer-than-port25', severity: 'medium', ...placeOf(s, s.tls.protocolsParameter ?? 'smtpd_tls_protocols'), service: serviceKey(s.entry),
        message: `${serviceKey(s.entry)} accepts ${PROTOCOLS[m] ?? '?'}, older than anything port 25 accepts (${PROTOCOLS[floor25] ?? '?'}): the authenticated service is weaker than the public relay port.`,
        fix: s.tls.protocolsParameter !== null ? setService(s.entry, [s.tls.protocolsParameter, tls12OrNewer(a.env.version)]) : null,
        fixReason: 'submission at least as strict as port 25',
      });
    }
  }
}

/**
 * SASL AUTH where a client can send its password before TLS. The finding points at the line
 * that turns AUTH on (smtpd_sasl_auth_enable, in main.cf or an -o), since that line's effect is
 * the exposure; one main.cf line that exposes several services is one finding naming them all.
 */
function saslFindings(a: Analysis, emit: Emit): void {
  const exposed = a.services.filter((s) => s.role === 'server' && isPublic(s) && s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable')
    && (s.tls.level === 'none' || (s.tls.level === 'may' && !s.tls.authOnly)));
  const fixFor = (s: AnalyzedService) => {
    const authSet = s.scope.setting('smtpd_tls_auth_only');
    return s.tls.level === 'none'
      ? setService(s.entry, ['smtpd_tls_security_level', isSubmission(s) ? 'encrypt' : 'may'], ['smtpd_tls_auth_only', 'yes'])
      : authSet?.file === 'master.cf' ? setService(s.entry, ['smtpd_tls_auth_only', 'yes']) : null;
  };
  const why = (s: AnalyzedService) => (s.tls.level === 'none' ? `${serviceKey(s.entry)} has TLS off` : `${serviceKey(s.entry)} offers AUTH before STARTTLS (level "may", smtpd_tls_auth_only = no)`);
  // Exposed by one main.cf line: one finding at that line; main.cf's smtpd_tls_auth_only fixes the "may" services.
  const byMain = exposed.filter((s) => s.scope.setting('smtpd_sasl_auth_enable')?.file === 'main.cf');
  const mainSet = byMain[0]?.scope.setting('smtpd_sasl_auth_enable');
  if (mainSet) {
    const perService = byMain.map(fixFor).filter((f): f is string => f !== null);
    const mayViaMain = byMain.some((s) => s.tls.level === 'may' && s.scope.setting('smtpd_tls_auth_only')?.file !== 'master.cf');
    const fix = [...(mayViaMain ? [setMain(['smtpd_tls_auth_only', 'yes'])] : []), ...perService].join(' && ');
    emit({
      id: 'sasl-without-tls', severity: 'high', file: mainSet.file, line: mainSet.line, ...(byMain.length === 1 ? { service: serviceKey((byMain[0] as AnalyzedService).entry) } : {}),
      message: `smtpd_sasl_auth_enable = ${mainSet.value} turns SASL AUTH on for ${byMain.map((s) => serviceKey(s.entry)).join(', ')}, where a client can send its password in clear text: ${byMain.map(why).join('; ')}.`,
      fix: fix === '' ? null : fix,
      fixReason: 'announce AUTH only after STARTTLS',
    });
  }
  for (const s of exposed.filter((x) => !byMain.includes(x))) {
    const set = s.scope.setting('smtpd_sasl_auth_enable');
    emit({
      id: 'sasl-without-tls', severity: 'high', ...(set ? { file: set.file, line: set.line } : placeOf(s, 'smtpd_sasl_auth_enable')), service: serviceKey(s.entry),
      message: s.tls.level === 'none'
        ? `${serviceKey(s.entry)} offers SASL AUTH but has TLS off: passwords travel in clear text.`
        : `${serviceKey(s.entry)} offers SASL AUTH before STARTTLS (level "may", smtpd_tls_auth_only = no): a client can send its password in clear text.`,
      fix: fixFor(s) ?? setService(s.entry, ['smtpd_tls_auth_only', 'yes']),
      fixReason: 'announce AUTH only after STARTTLS',
    });
  }
}

function clientFindings(a: Analysis, emit: Emit): void {
  // No TLS at all for outgoing mail from main.cf (Postfix's default before 3.x distributions set
  // "may"): mail to the servers that offer STARTTLS still goes in clear text. An -o ...=none on one
  // transport is a deliberate choice and not reported.
  const plain = a.services.filter((s) => s.role === 'client' && s.report.command === 'smtp' && s.tls.level === 'none' && s.tls.broken === null
    && s.scope.setting(s.tls.levelParameter)?.file !== 'master.cf' && !s.entry.overrides.some((o) => /^smtp_(use_tls|enforce_tls|tls_security_level)$/.test(o.name)));
  const first = plain.find((s) => s.entry.service === 'smtp') ?? plain[0];
  if (first && a.master.entries.some((e) => e.type === 'inet' || e.type === 'pass')) {
    const set = first.scope.setting('smtp_tls_security_level');
    emit({
      id: 'client-no-tls', severity: 'medium', file: set?.file ?? 'main.cf', line: set?.line ?? null,
      message: `The SMTP client (${plain.map((s) => serviceKey(s.entry)).join(', ')}) never uses TLS (${set ? `smtp_tls_security_level = ${set.value}` : 'smtp_tls_security_level is empty and smtp_use_tls is off'}): outgoing mail travels in clear text even to servers that offer STARTTLS.`,
      fix: setMain(['smtp_tls_security_level', 'may']), fixReason: 'opportunistic TLS for outgoing mail (RFC 3207; Postfix TLS_README)',
    });
  }
  for (const s of a.services) {
    if (s.role !== 'client' || s.report.command !== 'smtp') continue;
    if (!enforced(s) || s.tls.level === 'dane' || s.tls.level === 'dane-only') continue;
    // A client that only talks to one relay host, or with per-destination policies, is fine.
    if (s.scope.get('relayhost').trim() !== '' || s.scope.get('smtp_tls_policy_maps').trim() !== '' || s.entry.service !== 'smtp') continue;
    const param = s.tls.levelParameter;
    emit({
      id: 'client-tls-required-everywhere', severity: 'medium', ...placeOf(s, param), service: serviceKey(s.entry),
      message: `${param} makes the SMTP client require TLS (level "${s.tls.level}") for every destination: mail to the many servers without TLS${s.tls.level !== 'encrypt' ? ' or without a certificate that verifies' : ''} is deferred and finally bounced.`,
      fix: param === 'smtp_tls_security_level' && s.scope.setting(param)?.file !== 'master.cf' ? setMain(['smtp_tls_security_level', 'may']) : s.scope.setting(param)?.file === 'master.cf' ? setService(s.entry, ['smtp_tls_security_level', 'may']) : setMain(['smtp_tls_security_level', 'may']),
      fixReason: 'opportunistic TLS by default; require it per destination with smtp_tls_policy_maps',
    });
  }
}

/** postscreen's own STARTTLS runs in tlsproxy with tlsproxy_tls_*, not with the smtpd pass entry's -o values. */
function postscreenFindings(a: Analysis, emit: Emit): void {
  for (const ps of a.services.filter((s) => s.role === 'postscreen')) {
    const passName = ps.scope.get('smtpd_service_name');
    const pass = a.services.find((s) => s.role === 'server' && s.entry.type === 'pass' && s.entry.service === passName);
    if (!pass) continue;
    const tlsOverrides = pass.entry.overrides.filter((o) => o.name.startsWith('smtpd_') && o.name.includes('tls'));
    if (tlsOverrides.length === 0) continue;
    const deep = ['postscreen_pipelining_enable', 'postscreen_non_smtp_command_enable', 'postscreen_bare_newline_enable'].filter((n) => ps.scope.isKnown(n) && ps.scope.bool(n));
    const proxy = ps.proxyTls ?? ps.tls;
    const differs = pass.tls.protocols !== proxy.protocols || pass.tls.cipherList !== proxy.cipherList || pass.tls.level !== proxy.level;
    if (!differs) continue;
    const first = tlsOverrides[0] as Setting;
    const proxyPairs = tlsOverrides.map((o) => [o.name.replace(/^smtpd_/, 'tlsproxy_'), o.value] as [string, string]).filter(([n]) => (ps.proxyScope ?? ps.tlsScope).isKnown(n));
    emit({
      id: 'postscreen-tlsproxy-settings', severity: deep.length > 0 ? 'medium' : 'info', file: first.file, line: first.line, service: serviceKey(pass.entry),
      message: `The -o ${tlsOverrides.map((o) => o.name).join(', ')} on ${serviceKey(pass.entry)} apply only after postscreen hands the connection over. `
        + (deep.length > 0 ? `With ${deep.join(', ')} on, postscreen answers STARTTLS itself through tlsproxy, which uses tlsproxy_tls_* (level "${proxy.level}", protocols "${proxy.protocols ?? ''}") instead.`
          : 'If you enable postscreen\'s deep protocol tests, its STARTTLS goes through tlsproxy and tlsproxy_tls_* apply instead.'),
      fix: proxyPairs.length > 0 ? setMain(...proxyPairs) : null,
      fixReason: 'give tlsproxy the same TLS settings',
    });
  }
}

/** The earlier finding whose fix sets (or removes, null) a target, and the value it gives it. */
function plannedBy(sofar: readonly Finding[], target: string): { finding: Finding; value: string | null } | undefined {
  for (const f of sofar) {
    if (f.fix === null) continue;
    const m = fixAssignments(f.fix);
    if (m.has(target)) return { finding: f, value: m.get(target) ?? null };
  }
  return undefined;
}

/** The value an earlier finding's fix gives a target, so later fixes agree with it. */
function planned(sofar: readonly Finding[], target: string): string | null | undefined {
  return plannedBy(sofar, target)?.value;
}

function deprecatedFindings(a: Analysis, emit: Emit, sofar: readonly Finding[]): void {
  const v = a.env.version;
  const perScope: { s: AnalyzedService | null; scope: ParamScope }[] = [{ s: null, scope: a.mainScope }, ...a.services.map((s) => ({ s, scope: s.scope }))];
  const where = (set: Setting, s: AnalyzedService | null) => ({ file: set.file, line: set.line, ...(set.file === 'master.cf' && s ? { service: serviceKey(s.entry) } : {}) });
  const unset = (set: Setting, s: AnalyzedService | null, name: string) => (set.file === 'master.cf' && s ? unsetService(s.entry, name) : unsetMain(name));
  for (const { s, scope } of perScope) {
    if (s && s.role === 'client') continue;
    for (const [old, lvl] of [['smtpd_use_tls', 'smtpd_tls_security_level'], ['smtpd_enforce_tls', 'smtpd_tls_security_level'], ['smtp_use_tls', 'smtp_tls_security_level'], ['smtp_enforce_tls', 'smtp_tls_security_level']] as const) {
      const set = scope.setting(old);
      if (!set || (s && set.file === 'main.cf')) continue;
      const levelSet = scope.get(lvl).trim() !== '';
      // The level the switches give now (smtpd.c pre_jail_init(), smtp_tls_policy.c global_tls_level()).
      const enforce = scope.isKnown(old.replace('_use_', '_enforce_')) && scope.bool(old.replace('_use_', '_enforce_'));
      const use = scope.isKnown(old.replace('_enforce_', '_use_')) && scope.bool(old.replace('_enforce_', '_use_'));
      const now = enforce ? (old.startsWith('smtp_') && scope.isKnown('smtp_tls_enforce_peername') && scope.bool('smtp_tls_enforce_peername') ? 'verify' : 'encrypt') : use ? 'may' : 'none';
      const others = [old.replace('_use_', '_enforce_'), old.replace('_enforce_', '_use_')].filter((n, i, l) => n !== old && l.indexOf(n) === i && scope.setting(n)?.file === set.file);
      // Another finding may already change the level (client-tls-required-everywhere): say the same.
      const target = set.file === 'master.cf' && s ? `master:${serviceKey(s.entry)}/${lvl}` : `main:${lvl}`;
      const plan = planned(sofar, target);
      const to = typeof plan === 'string' ? plan : now;
      const levelFix = set.file === 'master.cf' && s ? `${setService(s.entry, [lvl, to])} && ${unsetService(s.entry, old, ...others)}` : `${setMain([lvl, to])} && ${unsetMain(old, ...others)}`;
      emit({
        id: levelSet ? 'deprecated-parameter-ignored' : 'deprecated-parameter', severity: levelSet ? 'low' : 'info', ...where(set, s),
        message: levelSet
          ? `${old} = ${set.value} is ignored: ${lvl} is set and takes precedence. ${old} is deprecated${atLeast(v, '3.9') ? ' (postconf warns since 3.9)' : ''}.`
          : `${old} is deprecated since Postfix 2.3; ${lvl} says the same thing${atLeast(v, '3.9') ? ', and Postfix 3.9+ warns about it' : ''}.`,
        fix: levelSet ? unset(set, s, old) : levelFix,
        fixReason: levelSet ? 'remove the ignored setting' : `say it with ${lvl} (= ${to}${to === now ? ', the level in force now' : ', as the fix above recommends'}), then remove ${old}`,
      });
    }
    const ignored: [string, string, string][] = [
      ['smtpd_tls_eecdh_grade', '3.6', 'Postfix 3.6+ ignores it and lets OpenSSL negotiate the groups of tls_eecdh_auto_curves'],
      ['tlsproxy_tls_eecdh_grade', '3.6', 'Postfix 3.6+ ignores it'],
      ['smtpd_tls_dh512_param_file', '3.6', 'Postfix 3.6+ ignores it (export ciphers are gone)'],
      ['tlsproxy_tls_dh512_param_file', '3.6', 'Postfix 3.6+ ignores it'],
    ];
    for (const [name, since, why] of ignored) {
      const set = scope.setting(name);
      if (!set || (s && set.file === 'main.cf') || !atLeast(v, since)) continue;
      emit({ id: 'ignored-parameter', severity: 'info', ...where(set, s), message: `${name} = ${set.value}: ${why}.`, fix: unset(set, s, name), fixReason: 'remove the ignored setting' });
    }
    const dh = scope.setting('smtpd_tls_dh1024_param_file');
    if (dh && !(s && dh.file === 'main.cf') && atLeast(v, '3.7') && dh.value.trim() !== '' && dh.value.trim().toLowerCase() !== 'auto') {
      emit({
        id: 'dh-param-file', severity: 'info', ...where(dh, s),
        message: `smtpd_tls_dh1024_param_file = ${dh.value}: with Postfix 3.7+ and OpenSSL 3 an empty value (or "auto") lets OpenSSL choose matching DH groups${atLeast(v, '3.9') ? '; the parameter is deprecated since 3.9' : ''}.`,
        fix: unset(dh, s, 'smtpd_tls_dh1024_param_file'), fixReason: 'let OpenSSL choose the DH parameters',
      });
    }
  }
  // TLS parameters this version does not know: Postfix ignores them silently (or postconf warns "unused parameter").
  const referenced = (name: string) => [...a.main.settings.values()].some((x) => x.value.includes(`$${name}`) || x.value.includes(`\${${name}`) || x.value.includes(`$(${name}`));
  const checkUnknown = (set: Setting, s: AnalyzedService | null) => {
    if (!set.name.includes('tls') || a.mainScope.isKnown(set.name) || referenced(set.name)) return;
    const entries = DEFAULTS_BY_VERSION[set.name];
    const other = entries !== undefined;
    emit({
      id: 'unknown-parameter', severity: other ? 'medium' : 'low', ...where(set, s),
      message: other
        ? `${set.name} does not exist in Postfix ${v.text} (it exists in ${entries.filter(([, x]) => x !== null).map(([since]) => since)[0] ?? 'other versions'} and later versions): this setting is ignored.`
        : `${set.name} is not a Postfix parameter (a typo?): it is ignored.`,
      fix: unset(set, s, set.name), fixReason: 'remove the setting Postfix ignores',
    });
  };
  for (const set of a.main.settings.values()) checkUnknown(set, null);
  for (const s of a.services) for (const o of s.entry.overrides) checkUnknown(o, s);
}

/** Duplicates, mid-line '#', expansion errors and bad booleans. */
function fileFindings(a: Analysis, emit: Emit, sofar: readonly Finding[]): void {
  const numericLike = /(_level|_loglevel|_timeout|_limit|_depth|_bytes|_time|_period|_enable|_only|_tls|_mode|_ccert|_protocols|_ciphers|wrappermode|_cipherlist)$/;
  const checkComment = (set: Setting, s: AnalyzedService | null) => {
    const m = /\s#/.exec(set.value);
    if (!m) return;
    const clean = set.value.slice(0, m.index).trimEnd();
    const serious = numericLike.test(set.name);
    emit({
      id: 'comment-in-value', severity: serious ? 'high' : 'medium', file: set.file, line: set.line, ...(s ? { service: serviceKey(s.entry) } : {}),
      message: `${set.name} = "${set.value}": Postfix has no end-of-line comments; the '#' and the text after it are part of the value${serious ? `, which makes it invalid for ${set.name} (the daemon fails or the setting breaks)` : ''}.`,
      fix: set.file === 'master.cf' && s ? setService(s.entry, [set.name, clean]) : setMain([set.name, clean]),
      fixReason: 'move the comment to its own line',
    });
  };
  for (const set of a.main.settings.values()) checkComment(set, null);
  for (const s of a.services) for (const o of s.entry.overrides) checkComment(o, s);
  // Duplicates after the other fixes of the same names: the one line left gets the value they set.
  for (const o of a.main.overridden) {
    const final = a.main.settings.get(o.name);
    const plan = planned(sofar, `main:${o.name}`);
    emit({
      id: 'duplicate-parameter', severity: final && final.value !== o.value && o.name.includes('tls') ? 'low' : 'info', file: o.file, line: o.line,
      message: `${o.name} is set again on line ${o.byLine}; the last one wins, so "${o.value}" here is ${final && final.value === o.value ? 'redundant' : `replaced by "${final?.value ?? ''}"`}.`,
      // postconf -e rewrites every entry of the name, -X removes them all: together one line is left.
      fix: plan === null ? unsetMain(o.name) : final ? `${unsetMain(o.name)} && ${setMain([o.name, plan ?? final.value])}` : null, fixReason: `keep one ${o.name} line, with the value in force`,
    });
  }
  for (const e of a.master.overridden) {
    emit({
      id: 'duplicate-service', severity: 'medium', file: e.file, line: e.line, service: serviceKey(e),
      message: `${serviceKey(e)} is defined again on line ${e.byLine}; only the last entry is used, so this one (and its -o options) does nothing.`,
      fix: null, fixReason: `delete the master.cf entry at line ${e.line}`,
    });
  }
  for (const s of a.services) {
    const seenNames = new Map<string, Setting>();
    for (const o of s.entry.overrides) {
      const prev = seenNames.get(o.name);
      if (prev && prev.value !== o.value) {
        const plan = planned(sofar, `master:${serviceKey(s.entry)}/${o.name}`);
        const keep = typeof plan === 'string' ? plan : o.value;
        emit({
          id: 'duplicate-override', severity: 'low', file: o.file, line: prev.line, service: serviceKey(s.entry),
          message: `-o ${o.name} is given twice on ${serviceKey(s.entry)}; the later "${o.value}" (line ${o.line}) wins over "${prev.value}".`,
          fix: plan === null ? unsetService(s.entry, o.name) : /\s/.test(keep) ? null : `${unsetService(s.entry, o.name)} && ${setService(s.entry, [o.name, keep])}`, fixReason: `keep one -o ${o.name}, with the value in force`,
        });
      }
      seenNames.set(o.name, o);
    }
  }
  // Expansion errors and bad booleans, once per parameter and source.
  const scopes = [a.mainScope, ...a.services.flatMap((s) => [s.scope, s.tlsScope])];
  for (const sc of scopes) {
    for (const i of sc.issues) {
      const src = i.source;
      const file = src.kind === 'main.cf' || src.kind === 'master.cf' ? src.file : 'main.cf';
      const line = src.kind === 'main.cf' || src.kind === 'master.cf' ? src.line : null;
      emit({
        id: /boolean/.test(i.message) ? 'bad-boolean' : 'expansion-error', severity: 'high', file, line,
        message: `${i.name}: ${i.message}${/boolean/.test(i.message) ? '' : ' (Postfix daemons stop with "macro processing error")'}.`, fix: null,
      });
    }
  }
}

/** tls_preempt_cipherlist in context (seed 000): what server order changes with this list. */
function preemptFindings(a: Analysis, emit: Emit): void {
  const set = a.mainScope.setting('tls_preempt_cipherlist');
  if (!set) return;
  const on = a.mainScope.bool('tls_preempt_cipherlist');
  const servers = a.services.filter((s) => (s.role === 'server' || s.role === 'postscreen') && s.tls.cipherNames !== null && (s.tls.cipherNames?.length ?? 0) > 0);
  const s = servers.find(isPort25) ?? servers[0];
  let context = '';
  if (s?.tls.cipherNames) {
    const names = s.tls.cipherNames;
    const weak = names.filter((n) => /(^|-)(RC4|DES-CBC3|3DES|NULL|EXP|SEED|IDEA|MD5)|^(AES|CAMELLIA)\d*-SHA$|^ARIA/.test(n) || /-SHA$/.test(n));
    const anon = names.filter((n) => /^(ADH|AECDH)-/.test(n));
    context = ` On ${serviceKey(s.entry)} the list begins ${names.slice(0, 3).join(', ')}`
      + (anon.length > 0 && names.indexOf(anon[0] ?? '') < 3
        ? `: with the stock "aNULL:-aNULL:..." lists the anonymous suites come first${on ? ', so a client that offers them gets an anonymous suite' : ''}; Postfix's own SMTP client lists them first as well, so Postfix-to-Postfix TLS 1.2 sessions are anonymous (ADH) either way — harmless for opportunistic TLS, where no certificate is checked`
        : '')
      + `. ${weak.length === 0 ? 'It contains no weak suites, so server order changes little: any suite a client can pick is acceptable.'
        : on ? `It also allows ${weak.length} older suites (e.g. ${weak.slice(0, 2).join(', ')}); that is when server order matters: a client that prefers one of them still gets your first choice.`
          : `It also allows ${weak.length} older suites (e.g. ${weak.slice(0, 2).join(', ')}); a client that prefers one of them gets it. Removing them (exclusions or a higher grade) protects better than server order; on port 25 keep them only for old senders (RFC 9325 section 5.2).`}`;
  }
  emit({
    id: 'preempt-cipherlist', severity: 'info', file: set.file, line: set.line,
    message: `tls_preempt_cipherlist = ${set.value}: ${on ? 'the server picks the first suite of its own list that the client offers (SSL_OP_CIPHER_SERVER_PREFERENCE)' : 'the client\'s preference decides among the suites both sides allow'}; it only affects TLS 1.2 and older, and only the server side.${context}`,
    fix: null,
  });
}
