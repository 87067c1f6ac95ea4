/**
 * From a configuration file to the SSL configurations OpenSSL holds: CONF_modules_load_file()
 * and CONF_modules_load() (crypto/conf/conf_mod.c, conf_sap.c), the ssl_conf module
 * (crypto/conf/conf_ssl.c ssl_module_init()), checked against OpenSSL 3.0.19:
 *
 * - the application name's entry of the default section (`postfix = postfix_init`) names the
 *   initialisation section; without a name, or when the name is missing and the caller asked
 *   for CONF_MFLAGS_DEFAULT_SECTION, `openssl_conf` does. Neither: nothing is configured, and
 *   that is not an error;
 * - each `module = value` of that section runs in order (a module name is matched up to its
 *   last dot). An unknown module, or a known one whose section is missing, fails, and the
 *   modules after it are not run; those before it stay configured;
 * - ssl_conf names a section of `name = section` pairs; each section holds the SSL_CONF
 *   commands of that name (anything before the first dot of a command is dropped: the
 *   `TLS.MinProtocol` / `DTLS.MinProtocol` trick lets one section hold both). A missing or
 *   empty section fails the whole module: no SSL configuration at all;
 * - failures (and a file that does not parse) are ignored when the caller passed
 *   CONF_MFLAGS_IGNORE_RETURN_CODES (OpenSSL's own default loading, and Postfix's
 *   `tls_config_file = default`), unless the file sets `config_diagnostics` to a number > 0
 *   (3.0+): then the initialisation fails, and with it every SSL_CTX_new().
 * `system_default` is the configuration SSL_CTX_new() applies to every context (1.1.1+).
 */
import { confDefault, DEFAULT_SECTION, type ConfDialect, type ConfFile, type ConfPlace, type ConfValue } from './conf.js';

export interface LoadMode {
  /** OPENSSL_INIT_set_config_appname(); null: openssl_conf. */
  readonly appName: string | null;
  /** CONF_MFLAGS_DEFAULT_SECTION: fall back to openssl_conf when the name's entry is missing. */
  readonly defaultSection: boolean;
  /** CONF_MFLAGS_IGNORE_MISSING_FILE | CONF_MFLAGS_IGNORE_RETURN_CODES: errors leave the library unconfigured instead of failing. */
  readonly lenient: boolean;
}

export interface SslCommand extends ConfPlace {
  readonly section: string;
  /** The name as written ("TLS.MinProtocol"). */
  readonly written: string;
  /** The command SSL_CONF_cmd() receives ("MinProtocol"). */
  readonly cmd: string;
  readonly value: string;
}

export interface SslConfName extends ConfPlace {
  /** "system_default", or an application's own name. */
  readonly name: string;
  readonly section: string;
  readonly commands: readonly SslCommand[];
}

export interface ModuleRun extends ConfPlace {
  readonly name: string;
  readonly value: string;
  readonly status: 'ok' | 'failed' | 'not run';
  readonly message?: string;
}

export interface OpensslConfig {
  readonly conf: ConfFile;
  readonly mode: LoadMode;
  /** The default-section line that chose the initialisation section, or null. */
  readonly appEntry: ConfValue | null;
  readonly initSection: string | null;
  readonly modules: readonly ModuleRun[];
  /** The ssl_conf module's state after loading (kept even when a later module fails). */
  readonly sslConf: { readonly entry: ModuleRun; readonly names: readonly SslConfName[] } | null;
  readonly systemDefault: SslConfName | null;
  /** config_diagnostics > 0 (3.0+). */
  readonly diagnostics: boolean;
  /** The initialisation fails (OPENSSL_init_ssl() returns 0): every SSL_CTX_new() fails. */
  readonly failure: (ConfPlace & { readonly message: string }) | null;
  /** Why the file has no effect although it exists, or what was ignored. */
  readonly notes: readonly string[];
}

/** Built-in modules (OPENSSL_load_builtin_modules()), by release. */
function builtinModules(dialect: ConfDialect): readonly string[] {
  if (dialect === '1.0') return ['oid_section', 'stbl_section', 'engines', 'alg_section'];
  if (dialect === '1.1.1') return ['oid_section', 'stbl_section', 'engines', 'alg_section', 'ssl_conf'];
  return ['oid_section', 'stbl_section', 'engines', 'alg_section', 'ssl_conf', 'providers', 'random'];
}

const section = (conf: ConfFile, name: string): readonly ConfValue[] | undefined => conf.sections.get(name);

/** NCONF_get_number_e(): leading decimal digits; anything else counts as 0. */
function leadingNumber(v: string): number {
  const m = /^\d+/.exec(v);
  return m ? Number(m[0]) : 0;
}

export function loadOpensslConfig(conf: ConfFile, mode: LoadMode, dialect: ConfDialect): OpensslConfig {
  const notes: string[] = [];
  const base = { conf, mode, appEntry: null, initSection: null, modules: [], sslConf: null, systemDefault: null, diagnostics: false };
  const top: ConfPlace = { file: conf.path, line: 0 };
  if (!conf.found) {
    if (mode.lenient) {
      notes.push(`${conf.path} does not exist: OpenSSL runs with its built-in defaults`);
      return { ...base, failure: null, notes };
    }
    return { ...base, failure: { ...top, message: `${conf.path}: no such file` }, notes };
  }
  if (conf.error !== null) {
    const why = `OpenSSL cannot parse ${conf.error.file}:${conf.error.line} (${conf.error.message})`;
    if (mode.lenient) {
      notes.push(`${why}: it ignores the whole file and runs with its built-in defaults`);
      return { ...base, failure: null, notes };
    }
    return { ...base, failure: { file: conf.error.file, line: conf.error.line, message: why }, notes };
  }
  const diagEntry = dialect === '3' ? confDefault(conf, 'config_diagnostics') : undefined;
  const diagnostics = diagEntry !== undefined && leadingNumber(diagEntry.value) > 0;
  const lenient = mode.lenient && !diagnostics;
  if (diagnostics && mode.lenient) notes.push(`config_diagnostics = ${diagEntry?.value ?? ''} (${diagEntry?.file ?? ''}:${diagEntry?.line ?? 0}): errors in this file are not ignored`);

  let appEntry: ConfValue | null = null;
  if (mode.appName !== null) appEntry = confDefault(conf, mode.appName) ?? null;
  if (mode.appName === null || (appEntry === null && mode.defaultSection)) {
    if (mode.appName !== null) notes.push(`no "${mode.appName} = ..." line in the default section: OpenSSL falls back to openssl_conf`);
    appEntry = confDefault(conf, 'openssl_conf') ?? null;
  }
  if (appEntry === null) {
    notes.push(mode.appName !== null && !mode.defaultSection
      ? `no "${mode.appName} = ..." line in the default section of ${conf.path} (and no fallback to openssl_conf for a tls_config_file path): nothing is configured`
      : `no openssl_conf line in the default section of ${conf.path}: nothing is configured`);
    return { ...base, diagnostics, failure: null, notes };
  }
  const initSection = appEntry.value;
  const values = section(conf, initSection);
  const fail = (place: ConfPlace, message: string, partial: Partial<OpensslConfig>): OpensslConfig => {
    if (lenient) {
      notes.push(`${message}: OpenSSL ignores the error`);
      return { ...base, ...partial, diagnostics, appEntry, initSection, failure: null, notes };
    }
    return { ...base, ...partial, diagnostics, appEntry, initSection, failure: { ...place, message }, notes };
  };
  if (values === undefined) {
    return fail(appEntry, `${appEntry.name} = ${initSection} (${appEntry.file}:${appEntry.line}) names a section that does not exist`, {});
  }
  const modules: ModuleRun[] = [];
  const builtin = builtinModules(dialect);
  let sslConf: OpensslConfig['sslConf'] = null;
  let failure: { place: ConfPlace; message: string } | null = null;
  for (const v of values) {
    if (failure !== null) {
      modules.push({ name: v.name, value: v.value, file: v.file, line: v.line, status: 'not run', message: 'an earlier module failed' });
      continue;
    }
    const dot = v.name.lastIndexOf('.');
    const mod = dot >= 0 ? v.name.slice(0, dot) : v.name;
    const run = (status: ModuleRun['status'], message?: string): ModuleRun => ({ name: v.name, value: v.value, file: v.file, line: v.line, status, ...(message !== undefined ? { message } : {}) });
    if (!builtin.includes(mod)) {
      const m = run('failed', `unknown module "${mod}" (OpenSSL tries to load it as a shared library; mailtls assumes that fails)`);
      modules.push(m);
      failure = { place: v, message: `module ${v.name} = ${v.value} (${v.file}:${v.line}): ${m.message ?? ''}` };
      continue;
    }
    if (mod === 'ssl_conf') {
      const r = sslModuleInit(conf, v);
      if (typeof r === 'string') {
        sslConf = null;
        modules.push(run('failed', r));
        failure = { place: v, message: `ssl_conf = ${v.value} (${v.file}:${v.line}): ${r}` };
      } else {
        const entry = run('ok');
        modules.push(entry);
        sslConf = { entry, names: r };
      }
      continue;
    }
    // The other modules read a section of their own; a missing one fails them (their
    // contents - providers, engines, OIDs - are not modelled and assumed to load).
    const needsSection = ['providers', 'engines', 'alg_section', 'oid_section', 'random', 'stbl_section'].includes(mod);
    if (needsSection && section(conf, v.value) === undefined) {
      const m = run('failed', `section [${v.value}] does not exist`);
      modules.push(m);
      failure = { place: v, message: `${v.name} = ${v.value} (${v.file}:${v.line}): ${m.message ?? ''}` };
      continue;
    }
    modules.push(run('ok', 'not modelled; assumed to load'));
  }
  const systemDefault = sslConf?.names.find((n) => n.name === 'system_default') ?? null;
  const partial = { modules, sslConf, systemDefault };
  if (failure !== null) return fail(failure.place, failure.message, partial);
  return { ...base, ...partial, diagnostics, appEntry, initSection, failure: null, notes };
}

/** ssl_module_init(): the named SSL configurations, or why the module fails. */
function sslModuleInit(conf: ConfFile, entry: ConfValue): SslConfName[] | string {
  const list = section(conf, entry.value);
  if (list === undefined) return `ssl section [${entry.value}] not found`;
  if (list.length === 0) return `ssl section [${entry.value}] is empty`;
  const names: SslConfName[] = [];
  for (const n of list) {
    const cmds = section(conf, n.value);
    if (cmds === undefined) return `ssl command section [${n.value}] (for ${n.name}, ${n.file}:${n.line}) not found`;
    if (cmds.length === 0) return `ssl command section [${n.value}] (for ${n.name}, ${n.file}:${n.line}) is empty`;
    names.push({
      name: n.name, section: n.value, file: n.file, line: n.line,
      commands: cmds.map((c) => {
        const dot = c.name.indexOf('.');
        return { section: c.section, written: c.name, cmd: dot >= 0 ? c.name.slice(dot + 1) : c.name, value: c.value, file: c.file, line: c.line };
      }),
    });
  }
  return names;
}

export { DEFAULT_SECTION };
