/**
 * The outside world of the mailbox side of `mailtls config`: the files, the local `dovecot`
 * version, the certificates, OpenSSL's default security level. Everything here feeds the pure
 * parser and analyzer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MailtlsError } from '../errors.js';
import { inspectPem } from '../postfix/certs.js';
import { analyzeProtocol, analyzedProtocols, enabledProtocols, type CertificateReader } from './analyze.js';
import { dovecotDefaults, generationOf, NEWEST_KNOWN, parseDovecotVersion, type DovecotVersion } from './defaults.js';
import { dovecotFindings } from './findings.js';
import { parseDovecotConfig, type ConfigFs } from './parse.js';
import type { DovecotReport } from './types.js';

export const MAX_DOVECOT_FILE = 4 << 20;

export interface DovecotLoadOptions {
  readonly configDir: string;
  readonly dovecotVersion?: string;
  readonly opensslVersion?: string | null;
  /** Run `dovecot --version` (default true). */
  readonly useLocalTools?: boolean;
  /** OpenSSL's default security level; default: 2 on Debian/Ubuntu (/etc/debian_version), else 1. */
  readonly securityLevel?: number;
}

/** A glob with `*`, `?`, `[..]` and `{a,b}` in any path component, matches sorted (glob(3) with GLOB_BRACE). */
export function globFiles(pattern: string): string[] {
  const expandBraces = (p: string): string[] => {
    const m = /\{([^{}]*)\}/.exec(p);
    if (!m) return [p];
    return m[1]!.split(',').flatMap((alt) => expandBraces(p.slice(0, m.index) + alt + p.slice(m.index + m[0].length)));
  };
  const out = new Set<string>();
  for (const p of expandBraces(pattern)) {
    const parts = p.split('/');
    let bases = [parts[0] === '' ? '/' : '.'];
    for (const part of parts.slice(parts[0] === '' ? 1 : 0)) {
      if (part === '') continue;
      if (!/[*?[]/.test(part)) { bases = bases.map((b) => join(b, part)); continue; }
      const re = new RegExp(`^${part.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
      const next: string[] = [];
      for (const b of bases) {
        let names: string[] = [];
        try { names = readdirSync(b); } catch { continue; }
        for (const n of names.sort()) if (!n.startsWith('.') && re.test(n)) next.push(join(b, n));
      }
      bases = next;
    }
    for (const b of bases) if (existsSync(b)) out.add(b);
  }
  return [...out].sort();
}

export const diskFs: ConfigFs = {
  readFile(path) {
    try {
      const st = statSync(path);
      if (!st.isFile()) return { error: 'not a file' };
      if (st.size > MAX_DOVECOT_FILE) return { error: `larger than ${MAX_DOVECOT_FILE} bytes` };
      return { text: readFileSync(path, 'utf8') };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { error: e.code === 'ENOENT' ? 'No such file or directory' : e.code === 'EACCES' ? 'Permission denied' : e.message };
    }
  },
  glob: globFiles,
  env: process.env,
};

function localDovecotVersion(): string | null {
  try {
    const r = spawnSync('dovecot', ['--version'], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env['PATH'] ?? ''}` } });
    if (r.error || r.status !== 0) return null;
    return /^(\d+\.\d+(?:\.\d+)*)/.exec(r.stdout.trim())?.[1] ?? null;
  } catch {
    return null;
  }
}

/** `doveconf -d`: the top-level `key = value` lines of the installed build's defaults. */
function localDefaults(): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const r = spawnSync('doveconf', ['-d'], { encoding: 'utf8', timeout: 15_000, maxBuffer: 16 << 20, env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env['PATH'] ?? ''}` } });
    if (r.error || r.status !== 0) return out;
    let depth = 0;
    for (const line of r.stdout.split('\n')) {
      if (/\{\s*$/.test(line)) depth++;
      else if (/^\s*\}\s*$/.test(line)) depth--;
      else if (depth === 0) {
        const m = /^([a-z0-9_]+) = ?(.*)$/.exec(line);
        if (m?.[1]) out.set(m[1], m[2] ?? '');
      }
    }
  } catch {
    // no doveconf: the table's defaults stand
  }
  return out;
}

const certificateReader: CertificateReader = (setting, source) => {
  if ('inline' in source) {
    const pem = inspectPem(source.inline);
    return { setting, path: null, readable: pem.keyTypes.length > 0, keyTypes: pem.keyTypes, ...(pem.subject ? { subject: pem.subject } : {}), ...(pem.notAfter ? { notAfter: pem.notAfter } : {}), ...(pem.error ? { error: pem.error } : {}) };
  }
  try {
    if (statSync(source.path).size > MAX_DOVECOT_FILE) throw new Error('file larger than 4 MiB');
    const pem = inspectPem(readFileSync(source.path, 'utf8'));
    return { setting, path: source.path, readable: pem.keyTypes.length > 0, keyTypes: pem.keyTypes, ...(pem.subject ? { subject: pem.subject } : {}), ...(pem.notAfter ? { notAfter: pem.notAfter } : {}), ...(pem.error ? { error: pem.error } : {}) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { setting, path: source.path, readable: false, keyTypes: [], error: e.code === 'ENOENT' ? 'No such file or directory' : e.code ?? (err instanceof Error ? err.message : String(err)) };
  }
};

/** Reads DIR/dovecot.conf and everything it includes, and analyses the mailbox side. */
export function loadDovecot(opts: DovecotLoadOptions, fs: ConfigFs = diskFs): DovecotReport {
  const dir = resolve(opts.configDir);
  const entry = join(dir, 'dovecot.conf');
  if (!existsSync(dir)) throw new MailtlsError('EDOVECOT_NOTFOUND', `Dovecot configuration directory ${dir}: no such directory`, { place: { file: dir } });
  const first = fs.readFile(entry);
  if ('error' in first) throw new MailtlsError('EDOVECOT_NOTFOUND', `cannot read ${entry}: ${first.error}`, { place: { file: entry } });

  let version: DovecotVersion | null = null;
  let source: DovecotReport['dovecotVersionSource'] = 'newest-known';
  if (opts.dovecotVersion !== undefined) {
    version = parseDovecotVersion(opts.dovecotVersion);
    if (!version) throw new MailtlsError('EUSAGE', `--dovecot-version takes a version such as 2.3 or 2.3.19, not "${opts.dovecotVersion}"`);
    source = 'option';
  } else if (opts.useLocalTools !== false) {
    const local = localDovecotVersion();
    version = local !== null ? parseDovecotVersion(local) : null;
    if (version) source = 'dovecot --version';
  }
  const newest: DovecotVersion = { text: NEWEST_KNOWN, major: 2, minor: 4, patch: 1 };
  version ??= newest;
  // A 2.4 configuration says so on its first line (dovecot_config_version), whatever is installed.
  const says24 = /^\s*dovecot_config_version\s*=\s*2\.4/m.test(first.text);
  if (says24 && generationOf(version) === '2.3' && source !== 'option') version = newest;
  const generation = generationOf(version);
  // The local build's own defaults when it is the version analysed (Debian starts protocols empty and adds one per package).
  const defaults = new Map(dovecotDefaults(version));
  if (source === 'dovecot --version') for (const [k, v] of localDefaults()) if (defaults.has(k)) defaults.set(k, v);
  const config = parseDovecotConfig(entry, fs, { generation, defaultOf: (k) => defaults.get(k) });
  const level = opts.securityLevel ?? (existsSync('/etc/debian_version') ? 2 : 1);
  const analyzeOpts = {
    version, generation, defaults, opensslVersion: opts.opensslVersion ?? null,
    systemSecurityLevel: { level, source: opts.securityLevel !== undefined ? 'option' : level === 2 ? 'Debian\'s OpenSSL default (OPENSSL_TLS_SECURITY_LEVEL=2)' : 'OpenSSL\'s default' },
    readCertificate: certificateReader,
  };
  const services = analyzedProtocols(config, analyzeOpts).map((p) => analyzeProtocol(config, analyzeOpts, p));
  const warnings = config.warnings.map((w) => ({ code: w.code, file: w.file, line: w.line, message: w.message }));
  if (says24 && generation === '2.3') warnings.push({ code: 'EDOVECOT_PARSE', file: entry, line: 1, message: 'the configuration is for Dovecot 2.4 (dovecot_config_version) but --dovecot-version says 2.3' });
  if (!says24 && generation === '2.4') warnings.push({ code: 'EDOVECOT_PARSE', file: entry, line: null, message: 'Dovecot 2.4 needs dovecot_config_version as the first setting of dovecot.conf; this configuration has none (a 2.3 configuration?)' });
  return {
    configDir: dir, entry, dovecotVersion: version.text, dovecotVersionSource: source, generation, opensslVersion: opts.opensslVersion ?? null,
    files: config.files, protocols: enabledProtocols(config, analyzeOpts), services,
    findings: dovecotFindings(config, generation, services), warnings,
  };
}
