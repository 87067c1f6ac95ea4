/**
 * Effective TLS policy of one service, following the daemons' own code:
 * - smtpd: src/smtpd/smtpd.c pre_jail_init() and smtpd_start_tls() (level from
 *   smtpd_tls_security_level, else smtpd_use_tls/smtpd_enforce_tls; wrapper mode forces enforce;
 *   enforce forces auth_only; protocols, grade and exclusions chosen by enforce; aNULL excluded
 *   when client certificates are asked for);
 * - tlsproxy (postscreen's STARTTLS): src/tlsproxy/tlsproxy.c, the same with tlsproxy_tls_*;
 * - smtp/lmtp: src/smtp/smtp_tls_policy.c global_tls_level(), policy_create(), set_cipher_grade().
 */
import { buildCipherList, type Grade } from './cipherlist.js';
import { enabledProtocols, opensslProtocols, parseProtocolList, type Protocol } from './protocols.js';
import { describeSystem, opensslContext, prepareSystem, type Hypothesis, type OpensslContext, type SystemWire } from './openssl-system.js';
import { isTls13Suite, needsTls12, type CipherEvaluator } from './predict.js';
import type { ParamScope } from './scope.js';
import type { CertificateInfo, ServiceTls, SystemTls } from './types.js';
import { tls13ByCode } from '../openssl/tls13.js';
import { atLeast, type PostfixVersion } from './version.js';

export interface PolicyEnv {
  readonly version: PostfixVersion;
  readonly opensslVersion: string | null;
  /** Reads one legacy certificate file, or all chain files together (keys and certificates in order). */
  readonly readCertificate: (parameter: string, paths: readonly string[]) => CertificateInfo;
  readonly evaluator: CipherEvaluator | null;
  /** OpenSSL's own configuration (openssl-system.ts); absent: not read, not modelled. */
  readonly openssl?: OpensslContext | null;
  /** A changed system configuration (explainDifference() re-predicts with and without a directive). */
  readonly systemHypothesis?: Hypothesis;
}

/**
 * OpenSSL's configuration for a daemon whose own settings allow `base` versions: what reaches
 * the wire (versions narrowed, TLS 1.3 suites, server order), the report's view of it, and
 * the notes that make the prediction inexact (directives that reach but are not modelled).
 */
export function systemPart(scope: ParamScope, env: PolicyEnv, role: 'server' | 'client', base: readonly Protocol[], preempt: boolean): { system: SystemTls; wire: SystemWire; notes: string[]; exact: boolean } {
  const ctx = env.openssl ?? opensslContext(null, env.version, env.opensslVersion);
  const prepared = prepareSystem(ctx, scope, role);
  const { view, wire } = describeSystem(prepared, env.version, scope, base, preempt, env.systemHypothesis);
  const notes: string[] = [];
  let exact = true;
  if (env.openssl != null && view.how === 'unknown' && env.opensslVersion !== null) {
    notes.push(`OpenSSL's configuration: ${view.source}; the prediction assumes it sets nothing`);
    exact = false;
  }
  for (const d of view.directives) {
    if (d.status !== 'applies') continue;
    if (d.command === 'SignatureAlgorithms' || (d.command === 'ClientSignatureAlgorithms' && role === 'server')) {
      notes.push(`${d.directive} (${d.file}:${d.line}) reaches the SSL_CTX and may narrow which certificates and suites work: not modelled`);
      exact = false;
    }
    if (d.command === 'CipherString' && /@SECLEVEL/i.test(d.value)) {
      notes.push(`${d.directive} (${d.file}:${d.line}): its security level stays in force (Postfix ${env.version.text} does not reset it to 0): not modelled`);
      exact = false;
    }
  }
  return { system: view, wire, notes, exact };
}

const tls13Names = (codes: readonly string[]): string[] => codes.map((c) => tls13ByCode(parseInt(c, 16))?.name ?? c);

/** Server levels smtpd understands (tls_level_lookup(), case-insensitive). */
const CLIENT_LEVELS = ['none', 'may', 'encrypt', 'fingerprint', 'dane', 'dane-only', 'verify', 'secure'] as const;

export interface ServerNames {
  readonly level: string;
  readonly use: string;
  readonly enforce: string;
  readonly wrapper: string | null;
  readonly authOnly: string | null;
  readonly prefix: 'smtpd_tls_' | 'tlsproxy_tls_';
}

export const SMTPD_NAMES: ServerNames = {
  level: 'smtpd_tls_security_level', use: 'smtpd_use_tls', enforce: 'smtpd_enforce_tls',
  wrapper: 'smtpd_tls_wrappermode', authOnly: 'smtpd_tls_auth_only', prefix: 'smtpd_tls_',
};
export const TLSPROXY_NAMES: ServerNames = {
  level: 'tlsproxy_tls_security_level', use: 'tlsproxy_use_tls', enforce: 'tlsproxy_enforce_tls',
  wrapper: null, authOnly: null, prefix: 'tlsproxy_tls_',
};

/** Value of a parameter the version knows; a name the version does not know is ignored by the daemon. */
function known(scope: ParamScope, name: string): string {
  return scope.isKnown(name) ? scope.get(name) : '';
}
function knownBool(scope: ParamScope, name: string | null): boolean {
  return name !== null && scope.isKnown(name) ? scope.bool(name) : false;
}

function gradeList(scope: ParamScope) {
  return (g: Grade) => known(scope, `tls_${g}_cipherlist`);
}

export interface LevelResult {
  readonly use: boolean;
  readonly enforce: boolean;
  readonly levelParameter: string;
  /** Set when the daemon refuses to start (fatal) or downgrades the level (warning). */
  readonly fatal?: string;
  readonly warning?: string;
}

/** pre_jail_init() level logic of smtpd (and tlsproxy's copy of it). */
export function serverLevel(scope: ParamScope, n: ServerNames): LevelResult {
  const wrapper = knownBool(scope, n.wrapper);
  const level = known(scope, n.level).trim();
  let use: boolean;
  let enforce: boolean;
  let levelParameter = n.level;
  let fatal: string | undefined;
  let warning: string | undefined;
  if (!wrapper && level !== '') {
    switch (level.toLowerCase()) {
      case 'none': use = false; enforce = false; break;
      case 'may': use = true; enforce = false; break;
      case 'encrypt': use = true; enforce = true; break;
      case 'fingerprint': case 'verify': case 'secure':
        warning = `${n.level}: unsupported TLS level "${level}", using "encrypt"`;
        use = true; enforce = true; break;
      default:
        fatal = `Invalid TLS level "${level}"`;
        use = false; enforce = false;
    }
  } else {
    use = knownBool(scope, n.use);
    enforce = knownBool(scope, n.enforce);
    if (wrapper) levelParameter = n.wrapper ?? n.level;
    else if (use || enforce) levelParameter = enforce ? n.enforce : n.use;
  }
  enforce = enforce || wrapper;
  use = use || enforce;
  return { use, enforce, levelParameter, ...(fatal !== undefined ? { fatal } : {}), ...(warning !== undefined ? { warning } : {}) };
}

/** Server certificate files as smtpd reads them (chain files replace the legacy ones, 3.4+). */
export function serverCertificates(scope: ParamScope, prefix: string, env: PolicyEnv): { certs: CertificateInfo[]; haveCert: boolean; noCertOk: boolean; both: boolean } {
  const certFile = known(scope, `${prefix}cert_file`).trim();
  const noCertOk = certFile.toLowerCase() === 'none';
  const legacy: [string, string][] = [];
  if (certFile !== '' && !noCertOk) legacy.push([`${prefix}cert_file`, certFile]);
  const ec = known(scope, `${prefix}eccert_file`).trim();
  if (ec !== '') legacy.push([`${prefix}eccert_file`, ec]);
  const dc = known(scope, `${prefix}dcert_file`).trim();
  if (dc !== '') legacy.push([`${prefix}dcert_file`, dc]);
  const chain = known(scope, `${prefix}chain_files`).trim();
  const chainFiles = chain.split(/[ \t\r\n,]+/).filter((f) => f !== '');
  const both = chainFiles.length > 0 && legacy.length > 0;
  // Chain files are read as one sequence: a key file followed by its certificate file is valid.
  const read = chainFiles.length > 0 ? [env.readCertificate(`${prefix}chain_files`, chainFiles)] : legacy.map(([p, f]) => env.readCertificate(p, [f]));
  const certs = read.map((c) => (c.readable ? c : { ...c, assumedKeyTypes: assumeKeyTypes(c.parameter, c.path.split(/,\s*/)) }));
  return { certs, haveCert: chainFiles.length > 0 || legacy.length > 0, noCertOk, both };
}

/**
 * The key type of a certificate we cannot read here (the analysis machine is rarely the mail
 * server): the parameter says it for eccert_file (EC) and dcert_file (DSA); otherwise a file name
 * with "ecdsa"/"ec" as a word hints at EC, and RSA is assumed, the common case (Debian's snakeoil,
 * Let's Encrypt's default before 2025). Chain files: one guess per file name, since each key file
 * may be followed by its certificate.
 */
export function assumeKeyTypes(parameter: string, paths: readonly string[]): string[] {
  if (parameter.endsWith('eccert_file')) return ['ec'];
  if (parameter.endsWith('dcert_file')) return ['dsa'];
  const ec = paths.some((p) => /(^|[^a-z0-9])(ecdsa|ec|ecc|p256|p384|secp\d+r1|prime256v1)([^a-z0-9]|$)/i.test(p.replace(/^.*\//, '')));
  const rsa = paths.some((p) => /(^|[^a-z0-9])rsa([^a-z0-9]|$)/i.test(p.replace(/^.*\//, '')));
  if (ec && rsa) return ['rsa', 'ec'];
  return ec ? ['ec'] : ['rsa'];
}

/** Key types for the prediction: what the readable certificates hold, plus the guesses for the others. */
export function predictionKeyTypes(certs: readonly CertificateInfo[]): { keyTypes: string[]; assumptions: string[] } {
  const keyTypes = new Set<string>();
  const assumptions: string[] = [];
  for (const c of certs) {
    for (const k of c.keyTypes) keyTypes.add(k);
    if (!c.readable) {
      const guess = c.assumedKeyTypes ?? ['rsa'];
      for (const k of guess) keyTypes.add(k);
      const why = c.parameter.endsWith('eccert_file') || c.parameter.endsWith('dcert_file') ? `the parameter ${c.parameter} holds ${guess[0] === 'ec' ? 'an EC' : 'a DSA'} certificate`
        : guess.includes('ec') ? 'the file name suggests it' : 'the common case';
      assumptions.push(`${c.parameter} (${c.path}) cannot be read here (${c.error ?? 'unreadable'}): predicted as ${guess.map((k) => (k === 'ec' ? 'an EC (ECDSA)' : k === 'rsa' ? 'an RSA' : `a ${k.toUpperCase()}`)).join(' and ')} key (${why}); the real server's key type decides`);
    }
  }
  return { keyTypes: [...keyTypes], assumptions };
}

interface CipherPrediction {
  ciphers: string[] | null;
  names: string[] | null;
  notes: string[];
  exact: boolean;
  invalid?: string;
}

function predict(cipherList: string | null, keyTypes: readonly string[] | undefined, env: PolicyEnv, exactKeys: boolean): CipherPrediction {
  const notes: string[] = [];
  if (cipherList === null) return { ciphers: [], names: [], notes, exact: true };
  if (env.evaluator === null || env.opensslVersion === null) {
    notes.push(env.opensslVersion === null ? 'OpenSSL version unknown: give --openssl-version' : 'no cipher-string evaluator available');
    return { ciphers: null, names: null, notes, exact: false };
  }
  let ev;
  try {
    ev = env.evaluator(cipherList, { opensslVersion: env.opensslVersion, securityLevel: 0, keyTypes });
  } catch (err) {
    notes.push(`cipher string not evaluated: ${err instanceof Error ? err.message : String(err)}`);
    return { ciphers: null, names: null, notes, exact: false };
  }
  const suites = ev.suites.filter((s) => !isTls13Suite(s.code));
  return { ciphers: suites.map((s) => s.code), names: suites.map((s) => s.openssl), notes, exact: exactKeys, ...(ev.invalid !== undefined ? { invalid: ev.invalid } : {}) };
}

/** Versions left after the list, OpenSSL's range and the suites (TLS <= 1.2 needs a usable suite). */
function predictVersions(protocols: string | null, env: PolicyEnv, suiteNames: readonly string[] | null, tls13Possible: boolean, notes: string[] = []): { versions: Protocol[]; invalidToken?: string } {
  if (protocols === null) return { versions: [] };
  const parsed = parseProtocolList(protocols, env.version);
  if (!parsed.valid) return { versions: [], ...(parsed.invalidToken !== undefined ? { invalidToken: parsed.invalidToken } : {}) };
  let versions = enabledProtocols(parsed, opensslProtocols(env.opensslVersion ?? undefined));
  if (!tls13Possible) versions = versions.filter((v) => v !== 'TLSv1.3');
  if (suiteNames !== null) {
    const listed = versions;
    versions = versions.filter((v) => v === 'TLSv1.3' || (v === 'TLSv1.2' ? suiteNames.length > 0 : suiteNames.some((n) => !needsTls12(n))));
    const dropped = listed.filter((v) => !versions.includes(v));
    if (dropped.length > 0) notes.push(`${dropped.join(' and ')} ${dropped.length > 1 ? 'are' : 'is'} allowed by the protocol list, but no suite of the cipher list works with ${dropped.length > 1 ? 'them' : 'it'}`);
  }
  return { versions };
}

/** smtpd (inet or pass) and tlsproxy in server role. */
export function serverPolicy(scope: ParamScope, n: ServerNames, env: PolicyEnv): ServiceTls & { levelInfo: LevelResult; bothCertKinds: boolean; invalidProtocolToken?: string } {
  const lv = serverLevel(scope, n);
  const p = n.prefix;
  const wrapper = knownBool(scope, n.wrapper);
  const authOnly = (n.authOnly !== null ? knownBool(scope, n.authOnly) : false) || lv.enforce;
  const preferServerCiphers = knownBool(scope, 'tls_preempt_cipherlist');
  const level = lv.fatal !== undefined ? 'none' : lv.use ? (lv.enforce ? 'encrypt' : 'may') : 'none';
  const base = { level, levelParameter: lv.levelParameter, wrapper, authOnly, preferServerCiphers };
  const { certs, haveCert, noCertOk, both } = serverCertificates(scope, p, env);
  if (!lv.use || lv.fatal !== undefined) {
    return {
      ...base, protocolsParameter: null, protocols: null, versions: [], cipherGrade: null, cipherGradeParameter: null,
      exclusions: [], cipherList: null, ciphers: [], cipherNames: [], tls13Ciphers: [], tls13CipherNames: [], system: null, broken: lv.fatal ?? null, certificates: certs,
      prediction: { exact: true, notes: [] }, levelInfo: lv, bothCertKinds: both,
    };
  }
  const protocolsParameter = `${p}${lv.enforce ? 'mandatory_protocols' : 'protocols'}`;
  const protocols = known(scope, protocolsParameter);
  const gradeParameter = `${p}${lv.enforce ? 'mandatory_ciphers' : 'ciphers'}`;
  const grade = known(scope, gradeParameter);
  const askCert = knownBool(scope, `${p}ask_ccert`) || (lv.enforce && knownBool(scope, `${p}req_ccert`));
  const exclusions: { parameter: string; value: string }[] = [];
  const excl = known(scope, `${p}exclude_ciphers`);
  if (excl.trim() !== '') exclusions.push({ parameter: `${p}exclude_ciphers`, value: excl });
  if (lv.enforce) {
    const m = known(scope, `${p}mandatory_exclude_ciphers`);
    if (m.trim() !== '') exclusions.push({ parameter: `${p}mandatory_exclude_ciphers`, value: m });
  }
  if (askCert) exclusions.push({ parameter: `${p}ask_ccert`, value: 'aNULL' });
  const cl = buildCipherList(grade, env.version, gradeList(scope), exclusions.map((e) => e.value));
  let broken: string | null = null;
  // smtpd.c: "No server certs available. TLS won't be enabled" -> STARTTLS answers 454.
  if (!haveCert && !(noCertOk && !askCert)) broken = 'no server certificate: STARTTLS is answered with 454 (TLS not available due to local problem)';
  const parsed = parseProtocolList(protocols, env.version);
  if (!parsed.valid) broken = `invalid TLS protocol list "${protocols}" (token "${parsed.invalidToken ?? ''}"): TLS support is disabled`;
  if (cl.cipherList === null && broken === null) broken = `${cl.error ?? 'cipher list error'}: every TLS handshake fails`;
  const readable = certs.every((c) => c.readable);
  const { keyTypes, assumptions } = predictionKeyTypes(certs);
  const pred: CipherPrediction = broken !== null ? { ciphers: [], names: [], notes: [], exact: true } : predict(cl.cipherList, keyTypes, env, readable);
  if (broken === null) pred.notes.unshift(...assumptions);
  if (pred.invalid !== undefined && broken === null) broken = `OpenSSL rejects the cipher list (${pred.invalid}): every TLS handshake fails`;
  if (noCertOk && certs.length === 0) pred.notes.push('no certificate (cert_file = none): only anonymous suites');
  const own = broken !== null ? { versions: [] } : predictVersions(protocols, env, pred.names, keyTypes.length > 0, pred.notes);
  const sys = systemPart(scope, env, 'server', own.versions, preferServerCiphers);
  if (broken === null && sys.wire.broken !== null) broken = sys.wire.broken;
  const versions = broken !== null ? [] : sys.wire.versions;
  if (broken === null) pred.notes.push(...sys.notes);
  if (sys.wire.serverOrder && !preferServerCiphers) {
    const d = sys.system.directives.find((x) => x.status === 'applies' && x.changes.includes('serverOrder'));
    if (d) pred.notes.push(`server order is on although tls_preempt_cipherlist = no: ${d.directive} (${d.file}:${d.line})`);
  }
  const tls13Ciphers = env.opensslVersion === null ? null : broken !== null ? [] : sys.wire.tls13;
  return {
    ...base, preferServerCiphers: broken === null ? sys.wire.serverOrder : preferServerCiphers,
    protocolsParameter, protocols, versions, cipherGrade: cl.grade ?? grade, cipherGradeParameter: gradeParameter,
    exclusions, cipherList: broken !== null && cl.cipherList === null ? null : cl.cipherList, ciphers: pred.ciphers, cipherNames: pred.names,
    tls13Ciphers, tls13CipherNames: tls13Ciphers === null ? null : tls13Names(tls13Ciphers), system: sys.system,
    broken, certificates: certs, prediction: { exact: pred.exact && readable && sys.exact, notes: pred.notes }, levelInfo: lv, bothCertKinds: both,
    ...(parsed.invalidToken !== undefined ? { invalidProtocolToken: parsed.invalidToken } : {}),
  };
}

/** smtp(8) / lmtp(8): the global (main.cf + -o) policy; smtp_tls_policy_maps may override per destination. */
export function clientPolicy(scope: ParamScope, proto: 'smtp' | 'lmtp', env: PolicyEnv): ServiceTls & { fatal?: string } {
  const p = `${proto}_tls_`;
  const levelName = `${p}security_level`;
  const raw = known(scope, levelName).trim();
  let level: string;
  let levelParameter = levelName;
  let fatal: string | undefined;
  if (raw !== '') {
    const l = raw.toLowerCase();
    if ((CLIENT_LEVELS as readonly string[]).includes(l)) level = l;
    else {
      fatal = `invalid tls security level: "${raw}"`;
      level = 'none';
    }
  } else if (knownBool(scope, `${proto}_enforce_tls`)) {
    level = knownBool(scope, `${p}enforce_peername`) ? 'verify' : 'encrypt';
    levelParameter = `${proto}_enforce_tls`;
  } else if (knownBool(scope, `${proto}_use_tls`)) {
    level = 'may';
    levelParameter = `${proto}_use_tls`;
  } else level = 'none';
  const wrapper = knownBool(scope, `${p}wrappermode`);
  const base = { level, levelParameter, wrapper, authOnly: false, preferServerCiphers: false, certificates: [] as CertificateInfo[] };
  if (level === 'none') {
    return {
      ...base, protocolsParameter: null, protocols: null, versions: [], cipherGrade: null, cipherGradeParameter: null, exclusions: [],
      cipherList: null, ciphers: [], cipherNames: [], tls13Ciphers: [], tls13CipherNames: [], system: null, broken: fatal ?? null, prediction: { exact: true, notes: [] }, ...(fatal !== undefined ? { fatal } : {}),
    };
  }
  const protocolsParameter = `${p}${level === 'may' ? 'protocols' : 'mandatory_protocols'}`;
  const protocols = known(scope, protocolsParameter);
  const gradeParameter = `${p}${level === 'may' ? 'ciphers' : 'mandatory_ciphers'}`;
  const grade = known(scope, gradeParameter);
  const exclusions: { parameter: string; value: string }[] = [];
  const excl = known(scope, `${p}exclude_ciphers`);
  if (excl.trim() !== '') exclusions.push({ parameter: `${p}exclude_ciphers`, value: excl });
  if (level !== 'may') {
    const m = known(scope, `${p}mandatory_exclude_ciphers`);
    if (m.trim() !== '') exclusions.push({ parameter: `${p}mandatory_exclude_ciphers`, value: m });
    exclusions.push({ parameter: levelName, value: level === 'encrypt' ? 'eNULL' : 'aNULL' });
  }
  const cl = buildCipherList(grade, env.version, gradeList(scope), exclusions.map((e) => e.value));
  const parsed = parseProtocolList(protocols, env.version);
  let broken: string | null = null;
  if (!parsed.valid) broken = `invalid TLS protocol list "${protocols}" (token "${parsed.invalidToken ?? ''}"): every TLS session is aborted`;
  else if (cl.cipherList === null) broken = `${cl.error ?? 'cipher list error'}: every TLS session fails`;
  const pred: CipherPrediction = broken !== null ? { ciphers: [], names: [], notes: [], exact: true } : predict(cl.cipherList, undefined, env, true);
  if (pred.invalid !== undefined && broken === null) broken = `OpenSSL rejects the cipher list (${pred.invalid}): every TLS session fails`;
  const own = broken !== null ? { versions: [] } : predictVersions(protocols, env, pred.names, true, pred.notes);
  const sys = systemPart(scope, env, 'client', own.versions, false);
  if (broken === null && sys.wire.broken !== null) broken = sys.wire.broken;
  const versions = broken !== null ? [] : sys.wire.versions;
  const tls13Ciphers = env.opensslVersion === null ? null : broken !== null ? [] : sys.wire.tls13;
  const notes = [...pred.notes, ...(broken === null ? sys.notes : [])];
  if (level === 'dane' || level === 'dane-only') notes.push('dane: per destination the level becomes may (no TLSA records) or encrypt/dane; shown with the mandatory settings');
  if (known(scope, `${p}policy_maps`).trim() !== '') notes.push(`${p}policy_maps may override level, protocols, ciphers and exclusions per destination`);
  return {
    ...base, protocolsParameter, protocols, versions, cipherGrade: cl.grade ?? grade, cipherGradeParameter: gradeParameter, exclusions,
    cipherList: cl.cipherList, ciphers: pred.ciphers, cipherNames: pred.names, broken,
    tls13Ciphers, tls13CipherNames: tls13Ciphers === null ? null : tls13Names(tls13Ciphers), system: sys.system,
    prediction: { exact: pred.exact && sys.exact, notes }, ...(fatal !== undefined ? { fatal } : {}),
  };
}

/** True when the version has the parameter (for deprecation / "unknown here" findings). */
export function versionHas(env: PolicyEnv, scope: ParamScope, name: string): boolean {
  return scope.isKnown(name) && (name !== 'smtpd_tls_chain_files' || atLeast(env.version, '3.4'));
}
