/**
 * The outside world of `mailtls config`: the files, the local postconf and openssl, the
 * certificates, whether the directory is a `mailtls lab` copy. Everything here feeds
 * analyzeModel(), which stays pure; the report is then made of the model (config-report.ts).
 */
import { spawnSync } from 'node:child_process';
import { opendirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { MailtlsError } from '../errors.js';
import { evaluateCipherString, type KeyType } from '../openssl/index.js';
import type { ConfIo } from '../openssl/conf.js';
import type { OpensslInput } from './openssl-system.js';
import { analyzeModel } from './analyze.js';
import { inspectPem } from './certs.js';
import { configReport } from './config-report.js';
import { readLabCopy, type LabCopy } from './lab-copy.js';
import type { Analysis } from './model.js';
import { defaultsFor, parsePostconfOutput } from './defaults.js';
import type { CipherEvaluator } from './predict.js';
import type { CertificateInfo, ConfigReport } from './types.js';
import { compareVersions, NEWEST_KNOWN, OLDEST_KNOWN, parsePostfixVersion, type PostfixVersion } from './version.js';

export interface LoadOptions {
  readonly configDir: string;
  readonly postfixVersion?: string;
  readonly opensslVersion?: string;
  /** Run `postconf` / `openssl` to learn local versions and defaults (default true). */
  readonly useLocalTools?: boolean;
  /**
   * See AnalyzeInput.serviceNames (the audit passes a lab copy's names). A lab copy is recognised
   * either way (Loaded.labCopy), but its names change the findings only when passed here.
   */
  readonly serviceNames?: ReadonlyMap<string, string>;
  /** --openssl-conf: the file the server's OpenSSL reads by default (another machine's openssl.cnf). */
  readonly opensslConf?: string;
}

/** Maximum size of main.cf / master.cf we read (Postfix has none; we keep memory bounded). */
export const MAX_CONFIG_FILE = 16 << 20;

function run(cmd: string, args: readonly string[]): string | null {
  try {
    const r = spawnSync(cmd, [...args], { encoding: 'utf8', timeout: 15_000, maxBuffer: 16 << 20 });
    if (r.error || r.status !== 0) return null;
    return r.stdout;
  } catch {
    return null;
  }
}

export function localPostfixVersion(): string | null {
  const out = run('postconf', ['-h', 'mail_version']);
  return out !== null && out.trim() !== '' ? out.trim() : null;
}

export function localOpensslVersion(): string | null {
  const out = run('openssl', ['version']);
  const m = out !== null ? /OpenSSL (\d+\.\d+\.\d+[a-z]*)/.exec(out) : null;
  return m?.[1] ?? null;
}

/** OPENSSLDIR of the local OpenSSL (`openssl version -d`), where it looks for openssl.cnf. */
export function localOpensslDir(): string | null {
  const out = run('openssl', ['version', '-d']);
  const m = out !== null ? /OPENSSLDIR: "([^"]*)"/.exec(out) : null;
  return m?.[1] ?? null;
}

/** Each OpenSSL configuration file at most this large (OpenSSL has no limit; we keep memory bounded). */
export const MAX_OPENSSL_CONF_FILE = 4 << 20;

/** node:fs for the OpenSSL configuration reader: stat, whole files, directories in readdir order. */
export const fsConfIo: ConfIo = {
  stat(path) {
    try {
      const st = statSync(path);
      return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : null;
    } catch {
      return null;
    }
  },
  readFile(path) {
    try {
      if (statSync(path).size > MAX_OPENSSL_CONF_FILE) return null;
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  readDir(path) {
    // opendir/readSync return entries in readdir(3) order, as OpenSSL's OPENSSL_DIR_read() sees them.
    try {
      const d = opendirSync(path);
      const names: string[] = [];
      try {
        for (let e = d.readSync(); e !== null && names.length < 10_000; e = d.readSync()) names.push(e.name);
      } finally {
        d.closeSync();
      }
      return names;
    } catch {
      return null;
    }
  },
};

function readConfigFile(path: string, required: boolean): string | null {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new MailtlsError('ECONFIG_NOTFOUND', `${path} is not a file`, { place: { file: path } });
    if (st.size > MAX_CONFIG_FILE) throw new MailtlsError('ETOOLARGE', `${path} is larger than ${MAX_CONFIG_FILE} bytes`, { place: { file: path } });
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof MailtlsError) throw err;
    if (!required) return null;
    const e = err as NodeJS.ErrnoException;
    throw new MailtlsError('ECONFIG_NOTFOUND', `cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message}`, { place: { file: path }, cause: err });
  }
}

const KEY_TYPES: Readonly<Record<string, KeyType>> = { rsa: 'RSA', ec: 'EC', dsa: 'DSA', ed25519: 'ED25519', ed448: 'ED448' };

/** src/openssl's model, at Postfix's security level 0. */
export const modelEvaluator: CipherEvaluator = (str, opts) => {
  const r = evaluateCipherString(str, {
    opensslVersion: opts.opensslVersion, securityLevel: opts.securityLevel,
    ...(opts.keyTypes !== undefined ? { keyTypes: opts.keyTypes.map((k) => KEY_TYPES[k]).filter((k): k is KeyType => k !== undefined) } : {}),
  });
  return {
    suites: r.suites.map((s) => ({ code: s.hex, openssl: s.openssl })),
    ...(r.invalid ? { invalid: r.error ?? 'invalid cipher string' } : {}),
    warnings: r.warnings,
  };
};

/** Reads certificate files the way Postfix loads them; relative paths from the config directory. */
export function certificateReader(configDir: string): (parameter: string, paths: readonly string[]) => CertificateInfo {
  const cache = new Map<string, CertificateInfo>();
  return (parameter, paths) => {
    const key = `${parameter}\0${paths.join('\0')}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const path = paths.join(', ');
    let info: CertificateInfo;
    try {
      let text = '';
      for (const p of paths) {
        const full = p.startsWith('/') ? p : join(configDir, p);
        if (statSync(full).size > 4 << 20) throw new Error(`${p}: file larger than 4 MiB`);
        text += `${readFileSync(full, 'utf8')}\n`;
      }
      const pem = inspectPem(text);
      info = {
        parameter, path, readable: pem.keyTypes.length > 0, keyTypes: pem.keyTypes,
        ...(pem.subject !== undefined ? { subject: pem.subject } : {}), ...(pem.notAfter !== undefined ? { notAfter: pem.notAfter } : {}),
        ...(pem.error !== undefined ? { error: pem.error } : {}),
      };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      info = { parameter, path, readable: false, keyTypes: [], error: e.code ?? (err instanceof Error ? err.message : String(err)) };
    }
    cache.set(key, info);
    return info;
  };
}

export interface Loaded {
  readonly report: ConfigReport;
  readonly analysis: Analysis;
  /** The directory is a `mailtls lab` copy: its instance and the user's service names (not in the JSON). */
  readonly labCopy?: LabCopy;
}

/** Reads DIR/main.cf and DIR/master.cf, works out versions and defaults, and analyses. */
export function loadAndAnalyze(opts: LoadOptions): Loaded {
  const dir = opts.configDir;
  try {
    if (!statSync(dir).isDirectory()) throw new MailtlsError('ECONFIG_NOTFOUND', `${dir} is not a directory`, { place: { file: dir } });
  } catch (err) {
    if (err instanceof MailtlsError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new MailtlsError('ECONFIG_NOTFOUND', `configuration directory ${dir}: ${e.code === 'ENOENT' ? 'no such directory' : e.code === 'EACCES' ? 'permission denied' : e.message}`, { place: { file: dir }, cause: err });
  }
  const mainText = readConfigFile(join(dir, 'main.cf'), true) ?? '';
  const masterText = readConfigFile(join(dir, 'master.cf'), false);
  const local = opts.useLocalTools !== false;

  let version: PostfixVersion | undefined;
  let versionSource: ConfigReport['postfixVersionSource'];
  const localVersion = local ? localPostfixVersion() : null;
  if (opts.postfixVersion !== undefined) {
    version = parsePostfixVersion(opts.postfixVersion);
    if (!version) throw new MailtlsError('EUSAGE', `--postfix-version takes a version such as 3.7 or 3.7.11, not "${opts.postfixVersion}"`);
    versionSource = 'option';
  } else if (localVersion !== null && parsePostfixVersion(localVersion)) {
    version = parsePostfixVersion(localVersion);
    versionSource = 'postconf';
  } else {
    version = parsePostfixVersion(NEWEST_KNOWN);
    versionSource = 'newest-known';
  }
  if (!version) throw new MailtlsError('EUSAGE', 'no Postfix version');

  let opensslVersion: string | null = null;
  let opensslSource: ConfigReport['opensslVersionSource'] = 'unknown';
  if (opts.opensslVersion !== undefined) {
    if (!/^\d+\.\d+(\.\d+[a-z]*)?$/.test(opts.opensslVersion)) throw new MailtlsError('EUSAGE', `--openssl-version takes a version such as 3.0 or 1.1.1w, not "${opts.opensslVersion}"`);
    opensslVersion = opts.opensslVersion;
    opensslSource = 'option';
  } else if (local) {
    opensslVersion = localOpensslVersion();
    if (opensslVersion !== null) opensslSource = 'local';
  }

  // The local `postconf -d` knows the distribution's build-time defaults; use it for its own version.
  let localDefaults: Map<string, string> | undefined;
  if (local && localVersion !== null && localVersion === version.text) {
    const out = run('postconf', ['-d']);
    if (out !== null) localDefaults = parsePostconfOutput(out);
  }
  const defaults = defaultsFor(version, {
    hostname: hostname(),
    ...(opensslVersion !== null ? { opensslVersion } : {}),
    ...(localDefaults ? { localDefaults } : {}),
  });
  // postconf -c DIR and the daemons (MAIL_CONFIG) see config_directory = DIR.
  defaults.set('config_directory', dir);

  // OpenSSL's own configuration: this machine's default file only when it is the server's OpenSSL.
  let opensslConf: string | null = null;
  if (opts.opensslConf !== undefined) {
    const full = resolve(opts.opensslConf);
    if (fsConfIo.stat(full) !== 'file' || fsConfIo.readFile(full) === null) {
      throw new MailtlsError('EOPENSSL_CONF', `--openssl-conf ${opts.opensslConf}: not a readable file (at most ${MAX_OPENSSL_CONF_FILE} bytes)`, { place: { file: full } });
    }
    opensslConf = full;
  }
  const localOpenssl = local && opensslVersion !== null && (opensslSource === 'local' || opensslVersion === localOpensslVersion());
  const openssl: OpensslInput = {
    io: fsConfIo,
    processEnv: new Map(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
    opensslDir: opensslConf === null && localOpenssl ? localOpensslDir() : null,
    confFile: opensslConf,
    local: localOpenssl && opensslConf === null,
  };

  const analysis = analyzeModel({
    configDir: resolve(dir), mainCfText: mainText, masterCfText: masterText ?? '',
    version, versionSource, opensslVersion, opensslVersionSource: opensslSource,
    defaults, defaultsSource: localDefaults ? 'postconf -d' : 'table',
    readCertificate: certificateReader(dir), evaluator: modelEvaluator, openssl,
    ...(opts.serviceNames !== undefined ? { serviceNames: opts.serviceNames } : {}),
  });
  const report = configReport(analysis);
  const labCopy = readLabCopy(dir);
  const extra: ConfigReport['warnings'][number][] = [];
  if (masterText === null) extra.push({ file: 'master.cf', line: null, message: `${join(dir, 'master.cf')} could not be read: no services analysed` });
  if (!localDefaults && compareVersions(version, parsePostfixVersion(OLDEST_KNOWN) as PostfixVersion) < 0) {
    extra.push({ file: 'main.cf', line: null, message: `Postfix ${version.text} is older than the defaults table (${OLDEST_KNOWN}): its ${OLDEST_KNOWN} defaults are used` });
  }
  if (!localDefaults && compareVersions(version, parsePostfixVersion(NEWEST_KNOWN) as PostfixVersion) > 0) {
    extra.push({ file: 'main.cf', line: null, message: `Postfix ${version.text} is newer than the defaults table (${NEWEST_KNOWN}): its ${NEWEST_KNOWN} defaults are used` });
  }
  const warnings = [...extra, ...report.warnings];
  return { report: { ...report, warnings }, analysis, ...(labCopy !== undefined ? { labCopy } : {}) };
}
