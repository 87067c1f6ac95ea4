/**
 * OpenSSL's own configuration as Postfix's TLS daemons get it, and what Postfix then
 * overrides. Pure: the files come through the injected ConfIo (load.ts).
 *
 * Which file, which application name (src/tls/tls_misc.c tls_library_init(), Postfix >= 3.9
 * and the backports 3.8.1, 3.7.6, 3.6.10, 3.5.20; verified on 3.7.11 + OpenSSL 3.0.19):
 * - tls_config_file = default and tls_config_name empty (or a Postfix without them): Postfix
 *   does not initialise OpenSSL itself; SSL_CTX_new() does, and OpenSSL >= 1.1.1 then loads
 *   its default file (OPENSSL_CONF, else OPENSSLDIR/openssl.cnf) with `openssl_conf`,
 *   ignoring errors (ssl/ssl_init.c OPENSSL_init_ssl() adds OPENSSL_INIT_LOAD_CONFIG);
 *   1.1.0 and 1.0.2 load no file (and have no system_default anyway);
 * - tls_config_file = default with tls_config_name = NAME: the default file, the NAME entry,
 *   falling back to openssl_conf when it is missing, errors ignored;
 * - tls_config_file = none: no file (OPENSSL_INIT_NO_LOAD_CONFIG);
 * - tls_config_file = /absolute/path: that file; a missing file, a syntax error or a failing
 *   module disables TLS ("error loading the 'global' settings from the ... OpenSSL
 *   configuration file, disabling TLS support"); a missing NAME entry means no settings, with
 *   no fallback and no error;
 * - anything else, or a non-default value with OpenSSL 1.1.1/1.1.1a: TLS is disabled.
 * OPENSSL_CONF reaches the daemons only through import_environment: master(8) runs them with
 * clean_env() (src/master/master.c). Their working directory, against which a relative
 * `.include` is resolved, is the queue directory. They read the file before entering the chroot.
 *
 * What reaches the SSL_CTX (src/tls/tls_server.c tls_server_init(), tls_client.c
 * tls_client_init() and tls_client_start(); system_default is applied inside SSL_CTX_new(),
 * before any Postfix call):
 * - MinProtocol: replaced by SSL_CTX_set_min_proto_version() from Postfix 3.6 (its own floor,
 *   0 when smtpd_tls_protocols has none) and by the "enable all supported protocols" reset of
 *   3.2.18, 3.3.13, 3.4.15 and 3.5.5 (HISTORY 20200724); decides in older releases;
 * - MaxProtocol: replaced from 3.6 (SSL_CTX_set_max_proto_version()); decides before;
 * - Protocol (-TLSv1 ...): the SSL_OP_NO_* bits stay, Postfix only adds its own;
 * - CipherString: replaced by Postfix's cipher list (tls_set_ciphers()); its @SECLEVEL is
 *   replaced by SSL_CTX_set_security_level(0) from 3.0.14/3.1;
 * - Ciphersuites: Postfix never calls SSL_CTX_set_ciphersuites(): it decides TLS 1.3;
 * - Options = ServerPreference: stays (Postfix only sets SSL_OP_CIPHER_SERVER_PREFERENCE for
 *   tls_preempt_cipherlist = yes, never clears it); PrioritizeChaCha and the others stay;
 * - Groups / Curves: replaced by tls_eecdh_auto_curves (tls_auto_eecdh_curves()), unless
 *   Postfix >= 3.10 has both tls_eecdh_auto_curves and tls_ffdhe_auto_groups empty;
 * - SignatureAlgorithms, RecordPadding: stay (not part of the prediction); VerifyMode and, with
 *   session tickets, NumTickets are replaced.
 */
import { confDialect, parseOpensslConf, type ConfFile, type ConfIo } from '../openssl/conf.js';
import { evaluateCipherString } from '../openssl/cipher-string.js';
import { loadOpensslConfig, type LoadMode, type OpensslConfig, type SslCommand } from '../openssl/ssl-conf.js';
import { applySystemDefault, type AppliedCommand, type ApplyResult, type CtxField, type CtxRole, type TlsProtocolName } from '../openssl/ssl-ctx.js';
import type { Tls13Suite } from '../openssl/server-order.js';
import { defaultTls13Suites, hasTls13, tls13ByCode } from '../openssl/tls13.js';
import { PROTOCOL_CODE, type Protocol } from './protocols.js';
import type { ParamScope, ValueSource } from './scope.js';
import type { SystemDirective, SystemTls, OpensslConfigSummary } from './types.js';
import { atLeast, type PostfixVersion } from './version.js';

/** What the loader hands the analysis to find and read OpenSSL's configuration. */
export interface OpensslInput {
  readonly io: ConfIo;
  /** The environment `postfix start` runs in: import_environment names without a value take theirs. */
  readonly processEnv: ReadonlyMap<string, string>;
  /** OPENSSLDIR (`openssl version -d`), or null when unknown. */
  readonly opensslDir: string | null;
  /** `--openssl-conf FILE`: the file OpenSSL reads by default on the server. */
  readonly confFile: string | null;
  /** The files are the server's own: a missing tls_config_file really disables TLS. */
  readonly local: boolean;
}

/** How Postfix's daemons make OpenSSL load its configuration. */
export type PostfixLoad =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'default'; readonly appName: string | null; readonly reason: string }
  | { readonly kind: 'path'; readonly path: string; readonly appName: string | null; readonly reason: string }
  | { readonly kind: 'broken'; readonly reason: string };

function where(src: ValueSource): string {
  return src.kind === 'main.cf' || src.kind === 'master.cf' ? `${src.file}:${src.line}` : src.kind === 'default' ? 'default' : src.what;
}

function opensslNumber(v: string): { n: number; letter: string } {
  const m = /^(\d+)\.(\d+)(?:\.(\d+)([a-z]*))?/.exec(v);
  return m ? { n: Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3] ?? 0), letter: m[4] ?? '' } : { n: 30000, letter: '' };
}

/** tls_library_init() and OpenSSL's implicit initialisation, for one daemon's parameters. */
export function postfixLoad(version: PostfixVersion, scope: ParamScope, opensslVersion: string): PostfixLoad {
  const { n, letter } = opensslNumber(opensslVersion);
  const has = scope.isKnown('tls_config_file');
  const file = has ? scope.get('tls_config_file').trim() : 'default';
  const name = has && scope.isKnown('tls_config_name') ? scope.get('tls_config_name').trim() : '';
  const fileAt = `tls_config_file = ${file} (${where(scope.source('tls_config_file'))})`;
  const nameAt = name !== '' ? `, tls_config_name = ${name} (${where(scope.source('tls_config_name'))})` : '';
  if (!has || (file === 'default' && name === '')) {
    const why = !has ? `Postfix ${version.text} has no tls_config_file` : 'tls_config_file = default';
    if (n < 10101) return { kind: 'none', reason: `${why}, and OpenSSL ${opensslVersion} loads no configuration file by itself (it does from 1.1.1)` };
    return { kind: 'default', appName: null, reason: `${why}: OpenSSL loads its default file itself (openssl_conf)` };
  }
  // tls_misc.c: OpenSSL before 1.1.1b can only load the default file.
  const before111b = n < 10101 || (n === 10101 && (letter === 'a'));
  if (before111b && file !== 'default') return { kind: 'broken', reason: `non-default ${fileAt} requires OpenSSL 1.1.1b or later: Postfix disables TLS` };
  if (file === 'none') return { kind: 'none', reason: `${fileAt}: OpenSSL loads no configuration file` };
  if (file === 'default') return { kind: 'default', appName: name || null, reason: `tls_config_file = default${nameAt}: OpenSSL's default file, "${name}" falling back to openssl_conf` };
  if (file.startsWith('/')) return { kind: 'path', path: file, appName: name || null, reason: `${fileAt}${nameAt}` };
  return { kind: 'broken', reason: `${fileAt} is not an absolute pathname: Postfix disables TLS` };
}

/** master(8) clean_env(): the daemons' environment from import_environment. */
export function daemonEnvironment(scope: ParamScope, processEnv: ReadonlyMap<string, string>): Map<string, string> {
  const raw = scope.has('import_environment') ? scope.get('import_environment') : 'MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ XAUTHORITY DISPLAY LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME';
  const env = new Map<string, string>();
  // mail_parm_split(): blanks and commas separate; { } groups a value with blanks (3.0+).
  const tokens = raw.match(/\{[^}]*\}|[^\s,{}]+/g) ?? [];
  for (const t of tokens) {
    const tok = t.startsWith('{') ? t.slice(1, -1).trim() : t;
    const eq = tok.indexOf('=');
    if (eq > 0) env.set(tok.slice(0, eq).trim(), tok.slice(eq + 1).trim());
    else {
      const v = processEnv.get(tok);
      if (v !== undefined) env.set(tok, v);
    }
  }
  return env;
}

/** The daemon's OpenSSL configuration, read and loaded, before the commands are applied. */
export interface PreparedSystem {
  readonly how: SystemTls['how'];
  readonly file: string | null;
  readonly source: string;
  readonly load: PostfixLoad | null;
  readonly config: OpensslConfig | null;
  /** system_default's commands, in OpenSSL's order. */
  readonly commands: readonly SslCommand[];
  /** TLS cannot work: the configuration fails to load. */
  readonly broken: string | null;
  readonly notes: readonly string[];
  readonly role: CtxRole;
  readonly opensslVersion: string;
}

export interface OpensslContext {
  readonly input: OpensslInput | null;
  readonly version: PostfixVersion;
  readonly opensslVersion: string | null;
  /** Memoised reads: the same file for many services. */
  readonly cache: Map<string, { conf: ConfFile; config: OpensslConfig }>;
  readonly warnings: { file: string; line: number | null; message: string }[];
  readonly warned: Set<string>;
}

export function opensslContext(input: OpensslInput | null, version: PostfixVersion, opensslVersion: string | null): OpensslContext {
  return { input, version, opensslVersion, cache: new Map(), warnings: [], warned: new Set() };
}

/** Where OpenSSL's default file is for the daemons of this main.cf. */
export function defaultFileFor(ctx: OpensslContext, scope: ParamScope): { file: string | null; how: OpensslConfigSummary['how']; detail: string; notes: string[] } {
  const notes: string[] = [];
  const input = ctx.input;
  if (input === null) return { file: null, how: 'unknown', detail: 'OpenSSL\'s configuration was not read', notes };
  const env = daemonEnvironment(scope, input.processEnv);
  const explicit = /(?:^|[\s,{])OPENSSL_CONF=/.test(scope.has('import_environment') ? scope.get('import_environment') : '');
  const conf = env.get('OPENSSL_CONF');
  if (input.processEnv.has('OPENSSL_CONF') && conf === undefined) {
    notes.push(`OPENSSL_CONF is set here (${input.processEnv.get('OPENSSL_CONF') ?? ''}), but Postfix's daemons do not see it: import_environment does not pass it`);
  }
  if (conf !== undefined && conf !== '' && (explicit || input.confFile === null)) {
    return { file: conf, how: 'OPENSSL_CONF', detail: `OPENSSL_CONF=${conf}, passed to the daemons by import_environment${explicit ? '' : ' (its value taken from this environment)'}`, notes };
  }
  if (input.confFile !== null) return { file: input.confFile, how: 'option', detail: `--openssl-conf ${input.confFile}`, notes };
  if (input.opensslDir !== null) {
    const f = input.opensslDir.endsWith('/') ? `${input.opensslDir}openssl.cnf` : `${input.opensslDir}/openssl.cnf`;
    return { file: f, how: 'OPENSSLDIR', detail: `OPENSSLDIR "${input.opensslDir}" (openssl version -d)`, notes };
  }
  return { file: null, how: 'unknown', detail: 'the server\'s OpenSSL directory is not known: give --openssl-conf FILE', notes };
}

function warnOnce(ctx: OpensslContext, w: { file: string; line: number | null; message: string }): void {
  const key = `${w.file}\0${w.line ?? ''}\0${w.message}`;
  if (ctx.warned.has(key)) return;
  ctx.warned.add(key);
  ctx.warnings.push(w);
}

function readConfig(ctx: OpensslContext, scope: ParamScope, file: string, mode: LoadMode, opensslVersion: string): { conf: ConfFile; config: OpensslConfig } {
  const input = ctx.input as OpensslInput;
  const cwd = scope.get('queue_directory') || '/';
  const key = `${file}\0${mode.appName ?? ''}\0${String(mode.defaultSection)}\0${String(mode.lenient)}\0${cwd}`;
  const hit = ctx.cache.get(key);
  if (hit) return hit;
  const dialect = confDialect(opensslVersion);
  const conf = parseOpensslConf(file, input.io, { dialect, env: daemonEnvironment(scope, input.processEnv), cwd });
  const config = loadOpensslConfig(conf, mode, dialect);
  for (const w of conf.warnings) warnOnce(ctx, w);
  if (conf.error !== null) warnOnce(ctx, { file: conf.error.file, line: conf.error.line, message: `OpenSSL cannot read this file: ${conf.error.message}` });
  const r = { conf, config };
  ctx.cache.set(key, r);
  return r;
}

/** The daemon's configuration (one per tls_config_file / tls_config_name and role). */
export function prepareSystem(ctx: OpensslContext, scope: ParamScope, role: CtxRole, loadOverride?: PostfixLoad): PreparedSystem {
  const ov = ctx.opensslVersion;
  const none = (how: SystemTls['how'], source: string, load: PostfixLoad | null, notes: string[] = [], broken: string | null = null): PreparedSystem => ({
    how, file: null, source, load, config: null, commands: [], broken, notes, role, opensslVersion: ov ?? '3.0',
  });
  if (ov === null) return none('unknown', 'the OpenSSL version is not known: its configuration is not modelled', null);
  const load = loadOverride ?? postfixLoad(ctx.version, scope, ov);
  if (load.kind === 'broken') return none('none', load.reason, load, [], load.reason);
  if (load.kind === 'none') return none('none', load.reason, load);
  if (ctx.input === null) return none('unknown', 'OpenSSL\'s configuration was not read', load);
  let file: string;
  let how: SystemTls['how'];
  let source: string;
  const notes: string[] = [];
  if (load.kind === 'path') {
    file = load.path;
    how = 'tls_config_file';
    source = load.reason;
  } else {
    const d = defaultFileFor(ctx, scope);
    notes.push(...d.notes);
    if (d.file === null) return none('unknown', `${load.reason}; ${d.detail}`, load, notes);
    file = d.file;
    how = d.how === 'unknown' ? 'unknown' : d.how;
    source = `${d.detail}; ${load.reason}`;
  }
  const strict = load.kind === 'path';
  const mode: LoadMode = { appName: load.appName, defaultSection: !strict, lenient: !strict };
  const { conf, config } = readConfig(ctx, scope, file, mode, ov);
  notes.push(...config.notes);
  let broken: string | null = null;
  if (config.failure !== null) {
    const missingHere = strict && !conf.found && !ctx.input.local;
    if (missingHere) notes.push(`${file} cannot be read here: if it is missing on the server too, Postfix disables TLS`);
    else broken = strict
      ? `OpenSSL fails to load ${file} for Postfix (${config.failure.message}): Postfix disables TLS ("error loading the '${load.appName ?? 'global'}' settings")`
      : `OpenSSL's initialisation fails (${config.failure.message}), so SSL_CTX_new() fails: Postfix disables TLS`;
  }
  const sd = config.systemDefault;
  const sysDefault = hasTls13(ov) && sd !== null ? sd.commands : [];
  if (sd !== null && !hasTls13(ov)) notes.push(`OpenSSL ${ov} has no system_default: [${sd.section}] is not applied`);
  return { how, file, source, load, config, commands: broken !== null ? [] : sysDefault, broken, notes, role, opensslVersion: ov };
}

/** A change to the system configuration, to test what a directive explains. */
export interface Hypothesis {
  /** Indexes of commands taken out. */
  readonly remove?: ReadonlySet<number>;
  /** Context fields that reach the wire although Postfix would override them. */
  readonly force?: ReadonlySet<CtxField>;
  /** No OpenSSL configuration at all reaches the daemon. */
  readonly none?: boolean;
  /** Another configuration instead of the one Postfix's settings select. */
  readonly replace?: PreparedSystem;
}

/** What reaches the wire from the system configuration. */
export interface SystemEffect {
  readonly broken: string | null;
  /** OpenSSL's floor and ceiling in force (0: none; Postfix's own apply separately). */
  readonly floor: number;
  readonly ceiling: number;
  readonly noVersions: ReadonlySet<TlsProtocolName>;
  readonly tls13: readonly Tls13Suite[];
  /** SSL_OP_CIPHER_SERVER_PREFERENCE from the system (before tls_preempt_cipherlist). */
  readonly serverPreference: boolean;
  readonly prioritizeChacha: boolean;
  readonly applied: ApplyResult | null;
}

/** Postfix releases that reset the floor to "all supported" (3.6+ set it from their own list). */
export function postfixSetsMin(v: PostfixVersion): boolean {
  if (atLeast(v, '3.6')) return true;
  const p = (base: string, from: string) => v.major === Number(base.split('.')[0]) && v.minor === Number(base.split('.')[1]) && atLeast(v, from);
  return p('3.2', '3.2.18') || p('3.3', '3.3.13') || p('3.4', '3.4.15') || p('3.5', '3.5.5');
}
export const postfixSetsMax = (v: PostfixVersion): boolean => atLeast(v, '3.6');

/** Whether Postfix replaces the system's groups (tls_auto_eecdh_curves / tls_auto_groups). */
function postfixSetsGroups(v: PostfixVersion, scope: ParamScope): boolean {
  if (!atLeast(v, '3.10')) return true;
  const curves = scope.isKnown('tls_eecdh_auto_curves') ? scope.get('tls_eecdh_auto_curves').trim() : 'x';
  const ffdhe = scope.isKnown('tls_ffdhe_auto_groups') ? scope.get('tls_ffdhe_auto_groups').trim() : 'x';
  return !(curves === '' && ffdhe === '');
}

const validity = new Map<string, boolean>();
const cipherStringValid = (ov: string) => (s: string): boolean => {
  const key = `${ov}\0${s}`;
  let v = validity.get(key);
  if (v === undefined) {
    try {
      v = evaluateCipherString(s, { opensslVersion: ov }).invalid !== true;
    } catch {
      v = false;
    }
    if (validity.size > 1000) validity.clear();
    validity.set(key, v);
  }
  return v;
};

export function systemEffect(p0: PreparedSystem, version: PostfixVersion, h: Hypothesis = {}): SystemEffect {
  const p = h.replace ?? p0;
  const ov = p.opensslVersion;
  if (h.none === true) {
    return { broken: null, floor: 0, ceiling: 0, noVersions: new Set(), tls13: defaultTls13Suites(ov), serverPreference: false, prioritizeChacha: false, applied: null };
  }
  const cmds = p.commands.filter((_, i) => !(h.remove?.has(i) ?? false));
  const applied = cmds.length > 0 || p.commands.length > 0
    ? applySystemDefault(cmds, { opensslVersion: ov, role: p.role, cipherStringValid: cipherStringValid(ov), diagnostics: p.config?.diagnostics ?? false })
    : null;
  const st = applied?.state;
  const force = h.force ?? new Set<CtxField>();
  const floor = st !== undefined && (!postfixSetsMin(version) || force.has('minVersion')) ? st.minVersion : 0;
  const ceiling = st !== undefined && (!postfixSetsMax(version) || force.has('maxVersion')) ? st.maxVersion : 0;
  return {
    broken: p.broken ?? applied?.ctxFails ?? null,
    floor, ceiling,
    noVersions: st?.noVersions ?? new Set(),
    tls13: st?.ciphersuites ?? defaultTls13Suites(ov),
    serverPreference: p.role === 'server' && (st?.serverPreference ?? false),
    prioritizeChacha: st?.prioritizeChacha ?? false,
    applied,
  };
}

/** The versions Postfix allows, narrowed by what reaches from the system; TLS 1.3 needs a suite. */
export function systemVersions(versions: readonly Protocol[], e: SystemEffect): Protocol[] {
  if (e.broken !== null) return [];
  return versions.filter((v) => {
    if (v !== 'SSLv2' && e.noVersions.has(v)) return false;
    const code = PROTOCOL_CODE[v];
    if (e.floor > 0 && code < e.floor) return false;
    if (e.ceiling > 0 && code > e.ceiling) return false;
    if (v === 'TLSv1.3' && e.tls13.length === 0) return false;
    return true;
  });
}

/** The part of the prediction the system configuration takes part in. */
export interface SystemWire {
  readonly broken: string | null;
  readonly versions: readonly Protocol[];
  readonly tls13: readonly string[];
  readonly serverOrder: boolean;
}

export const hex = (code: number): string => `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** The wire from Postfix's own versions and tls_preempt_cipherlist plus an effect. */
export function systemWire(base: readonly Protocol[], preempt: boolean, e: SystemEffect): SystemWire {
  const versions = systemVersions(base, e);
  return {
    broken: e.broken, versions,
    tls13: versions.includes('TLSv1.3') ? e.tls13.map((s) => hex(s.code)) : [],
    serverOrder: preempt || e.serverPreference,
  };
}

function changedFields(a: SystemWire, b: SystemWire): SystemDirective['changes'] {
  const out: ('versions' | 'tls13Ciphers' | 'serverOrder' | 'tls')[] = [];
  if ((a.broken === null) !== (b.broken === null)) out.push('tls');
  if (a.versions.join() !== b.versions.join()) out.push('versions');
  if (a.tls13.join() !== b.tls13.join()) out.push('tls13Ciphers');
  if (a.serverOrder !== b.serverOrder) out.push('serverOrder');
  return out;
}

/** Why Postfix's calls replace what a command set, or null when it reaches the SSL_CTX. */
function overriddenBy(c: AppliedCommand, version: PostfixVersion, scope: ParamScope, role: CtxRole, preempt: boolean, state: ApplyResult['state'] | undefined): string | null {
  const cmd = c.command;
  if (cmd === 'CipherString') {
    return `Postfix sets its own cipher list on every connection (tls_set_ciphers()); ${/@SECLEVEL/i.test(c.value) && (atLeast(version, '3.1') || atLeast(version, '3.0.14')) ? 'and security level 0 (SSL_CTX_set_security_level())' : 'its grade parameters decide the TLS <= 1.2 suites'}`;
  }
  if (cmd === 'MinProtocol' && c.sets === 'minVersion' && postfixSetsMin(version)) {
    return atLeast(version, '3.6')
      ? `Postfix ${version.text} sets the floor from its own protocol list (SSL_CTX_set_min_proto_version(), tls_proto_mask_lims())`
      : `Postfix ${version.text} resets the floor to "all supported" (SSL_CTX_set_min_proto_version(ctx, 0), HISTORY 20200724)`;
  }
  if (cmd === 'MaxProtocol' && c.sets === 'maxVersion' && postfixSetsMax(version)) return `Postfix ${version.text} sets the ceiling from its own protocol list (SSL_CTX_set_max_proto_version())`;
  if ((cmd === 'Groups' || cmd === 'Curves' || cmd === 'ECDHParameters') && c.sets === 'groups' && postfixSetsGroups(version, scope)) {
    return 'Postfix sets its own groups (tls_eecdh_auto_curves / tls_ffdhe_auto_groups)';
  }
  if (cmd === 'VerifyMode') return 'Postfix sets its own verification mode (SSL_CTX_set_verify())';
  if (cmd === 'NumTickets' && role === 'server') return 'Postfix sets one ticket per handshake when session tickets are on (SSL_CTX_set_num_tickets(ctx, 1))';
  if (cmd === 'Options' && role === 'server' && preempt && /(^|,)\s*-\s*ServerPreference\s*(,|$)/i.test(c.value) && state !== undefined) {
    return 'tls_preempt_cipherlist = yes sets server preference again after it';
  }
  return null;
}

function effectText(c: AppliedCommand, status: SystemDirective['status'], changes: SystemDirective['changes'], reason: string | null, wireWith: SystemWire, wireWithout: SystemWire): string {
  if (status === 'rejected') return `OpenSSL rejects it: ${c.error ?? 'bad command'}`;
  if (status === 'skipped') return 'not applied: OpenSSL 1.1.1 stops at the first failing command of the section';
  if (status === 'overridden') return `no effect: ${reason ?? 'Postfix overrides it'}`;
  const parts: string[] = [];
  if (changes.includes('tls')) parts.push('TLS does not work with it');
  if (changes.includes('versions')) parts.push(`TLS versions ${wireWithout.versions.join(', ') || 'none'} -> ${wireWith.versions.join(', ') || 'none'}`);
  const names = (codes: readonly string[]) => codes.map((x) => tls13ByCode(parseInt(x, 16))?.name ?? x).join(':') || 'none';
  if (changes.includes('tls13Ciphers')) parts.push(`TLS 1.3 suites ${names(wireWithout.tls13)} -> ${names(wireWith.tls13)}`);
  if (changes.includes('serverOrder')) parts.push(`server order ${wireWithout.serverOrder ? 'on' : 'off'} -> ${wireWith.serverOrder ? 'on' : 'off'}`);
  if (parts.length > 0) return parts.join('; ');
  if (c.command === 'SignatureAlgorithms' || c.command === 'ClientSignatureAlgorithms') return 'reaches the SSL_CTX (signature algorithms are not part of the prediction)';
  if ((c.command === 'MinProtocol' || c.command === 'MaxProtocol') && c.sets === 'other') return 'a DTLS bound: nothing for TLS';
  if (c.error !== undefined) return `reaches the SSL_CTX; ${c.error}`;
  return 'reaches the SSL_CTX; the predicted versions, suites and order stay the same';
}

/** The report's view: which file, which directives, what each changes. */
export function describeSystem(p0: PreparedSystem, version: PostfixVersion, scope: ParamScope, base: readonly Protocol[], preempt: boolean, h: Hypothesis = {}): { view: SystemTls; effect: SystemEffect; wire: SystemWire } {
  const p = h.replace ?? p0;
  const effect = systemEffect(p, version, { ...h, replace: p });
  const wire = systemWire(base, preempt, effect);
  const directives: SystemDirective[] = [];
  const state = effect.applied?.state;
  const removed = h.remove ?? new Set<number>();
  (h.none === true ? [] : p.commands).forEach((_, i) => {
    const c = effect.applied?.commands[i - [...removed].filter((r) => r < i).length];
    if (removed.has(i) || c === undefined) return;
    const without = systemWire(base, preempt, systemEffect(p, version, { ...h, replace: p, remove: new Set([...removed, i]) }));
    const reason = c.ok ? overriddenBy(c, version, scope, p.role, preempt, state) : null;
    const status: SystemDirective['status'] = c.skipped ? 'skipped' : !c.ok ? 'rejected' : reason !== null ? 'overridden' : 'applies';
    const changes = changedFields(wire, without);
    directives.push({
      file: c.file, line: c.line, section: c.section, directive: `${c.written} = ${c.value}`, command: c.command ?? c.cmd, value: c.value,
      status, changes, decides: changes.length > 0, effect: effectText(c, status, changes, reason, wire, without),
    });
  });
  const cfg = p.config;
  const view: SystemTls = {
    file: p.file, how: p.how, source: p.source,
    files: cfg?.conf.files ?? [],
    appName: p.load !== null && p.load.kind !== 'none' && p.load.kind !== 'broken' ? p.load.appName : null,
    section: cfg?.systemDefault?.section ?? null,
    loaded: cfg !== null && cfg.conf.found && cfg.conf.error === null,
    error: cfg?.conf.error ?? (cfg?.failure ? { file: cfg.failure.file, line: cfg.failure.line, message: cfg.failure.message } : null),
    directives,
    notes: [...p.notes, ...(effect.applied?.ctxFails ? [effect.applied.ctxFails] : [])],
  };
  return { view, effect, wire };
}
