/**
 * A Dovecot configuration read as Dovecot reads it (src/config/config-parser.c): files in
 * order, each `!include` / `!include_try` expanded in place (a glob relative to the including
 * file, matches in sorted order, include_try silent when nothing matches or a file is
 * missing, recursion refused), settings in the scope of the sections around them, the last
 * assignment winning, `$name` (2.3) / `$SET:name` (2.4) and `$ENV:name` expanded from what is
 * set so far, `<file` values kept as file references. Every setting keeps its file:line.
 *
 * Filters (`protocol imap {}`, `local 10.0.0.1 {}`, `local_name mail.example.com {}`,
 * `remote 192.0.2.0/24 {}`) and named sections (`service imap-login { inet_listener imap { } }`,
 * passdb, userdb, ...) become scopes; a section opened again with the same type and name adds
 * to the first (as conf.d/10-master.conf and a later local.conf do). Problems become warnings
 * with a code and a place, never an exception: Dovecot refuses such a configuration, but the
 * rest of it is still worth analysing.
 *
 * I/O is injected (ConfigFs), so this stays pure; load.ts gives it the real file system.
 */
import { dirname, join } from 'node:path';
import type { ErrorCode } from '../errors.js';
import { parseConfigLine } from './lines.js';

export interface ConfigFs {
  /** The file's text, or null when it does not exist or cannot be read (with the reason). */
  readFile(path: string): { text: string } | { error: string };
  /** Paths matching a glob (`*`, `?`, `[...]`, `{a,b}` in any component), sorted; [] when none. */
  glob(pattern: string): string[];
  /** Environment, for $ENV:name. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface SettingValue {
  readonly key: string;
  /** The value after expansion (for `<file`: the path, see `file`). */
  readonly value: string;
  readonly file: string;
  readonly line: number;
  /** `key = <path`: the value is the content of this file (resolved relative to the setting's file). */
  readonly fromFile?: string;
}

export type ScopeKind = 'root' | 'filter' | 'section';
export const FILTER_TYPES: readonly string[] = ['protocol', 'local', 'local_name', 'remote'];

export interface Scope {
  readonly kind: ScopeKind;
  /** protocol, local, local_name, remote; or the section type (service, inet_listener, passdb, ...). */
  readonly type: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly settings: Map<string, SettingValue>;
  readonly children: Scope[];
  readonly parent: Scope | null;
}

export interface ParseWarning {
  readonly code: ErrorCode;
  readonly file: string;
  readonly line: number | null;
  readonly message: string;
}

export interface DovecotConfig {
  readonly entry: string;
  /** Every file read, in the order Dovecot reads them. */
  readonly files: string[];
  readonly root: Scope;
  readonly warnings: ParseWarning[];
}

export interface ParseOptions {
  /** '2.3' expands `$name`; '2.4' expands `$SET:name` only (src/config/config-parser.c of each). */
  readonly generation: '2.3' | '2.4';
  /** Limits that keep hostile input bounded. */
  readonly maxFiles?: number;
  readonly maxDepth?: number;
  /** The default of a setting, for `$name` when the configuration has not set it (defaults.ts). */
  readonly defaultOf?: (key: string) => string | undefined;
}

const newScope = (kind: ScopeKind, type: string, name: string, file: string, line: number, parent: Scope | null): Scope => ({
  kind, type, name, file, line, settings: new Map(), children: [], parent,
});

export function parseDovecotConfig(entry: string, fs: ConfigFs, options: ParseOptions): DovecotConfig {
  const files: string[] = [];
  const warnings: ParseWarning[] = [];
  const root = newScope('root', '', '', entry, 0, null);
  const maxFiles = options.maxFiles ?? 256;
  const maxDepth = options.maxDepth ?? 16;
  let cur = root;
  const warn = (code: ErrorCode, file: string, line: number | null, message: string) => warnings.push({ code, file, line, message });

  /** config_get_value: this scope's value if set here, else the parents'. */
  const lookup = (scope: Scope, key: string): SettingValue | undefined => {
    for (let s: Scope | null = scope; s; s = s.parent) {
      const v = s.settings.get(key);
      if (v) return v;
      if (s.kind === 'section') return undefined; // a section's settings are its own (service { ... })
    }
    return undefined;
  };

  const expand = (key: string, value: string, file: string, line: number): string => {
    // Tokens split on spaces; only whole tokens starting with '$' are variables (config_write_keyvariable).
    return value.split(/ +/).map((tok) => {
      if (!tok.startsWith('$')) return tok;
      if (tok.startsWith('$ENV:')) {
        const v = fs.env?.[tok.slice(5)];
        if (v === undefined) warn('EDOVECOT_PARSE', file, line, `${key}: ${tok} is not set in this environment; read as empty`);
        return v ?? '';
      }
      const name = options.generation === '2.4' ? (tok.startsWith('$SET:') ? tok.slice(5) : null) : tok.slice(1);
      if (name === null) return tok;
      const v = lookup(cur, name);
      const d = v === undefined ? options.defaultOf?.(name) : undefined;
      if (d !== undefined) return d;
      if (v === undefined) {
        // Dovecot: "Unknown variable: $name" for a setting it does not know; an unset one it knows expands to its default.
        warn('EDOVECOT_PARSE', file, line, `${key}: $${name} has no value set in the configuration; read as empty (Dovecot would use its default, or refuse an unknown name)`);
        return '';
      }
      return v.value;
    }).join(' ');
  };

  const readFileInto = (path: string, stack: string[]): void => {
    if (files.length >= maxFiles) { warn('EDOVECOT_INCLUDE', path, null, `more than ${maxFiles} configuration files: the rest is not read`); return; }
    const got = fs.readFile(path);
    if ('error' in got) { warn('EDOVECOT_INCLUDE', path, null, `cannot read ${path}: ${got.error}`); return; }
    files.push(path);
    const lines = got.text.split('\n');
    let carried = '';
    let carriedFrom = 0;
    for (let n = 0; n < lines.length; n++) {
      const lineNo = n + 1;
      const raw = (lines[n] ?? '').replace(/\r$/, '');
      const { line, warning } = parseConfigLine(raw, carried);
      if (warning) warn('EDOVECOT_PARSE', path, lineNo, warning);
      if (line.type === 'continue') { if (carried === '') carriedFrom = lineNo; carried = line.text; continue; }
      const at = carried !== '' ? carriedFrom : lineNo;
      carried = '';
      switch (line.type) {
        case 'skip': break;
        case 'error': warn('EDOVECOT_PARSE', path, at, line.message); break;
        case 'value': set(line.key, line.value, path, at); break;
        case 'variable': set(line.key, expand(line.key, line.value, path, at), path, at); break;
        case 'file': {
          const p = line.path.startsWith('/') ? line.path : join(dirname(path), line.path);
          set(line.key, line.path, path, at, p);
          break;
        }
        case 'begin': {
          const isFilter = FILTER_TYPES.includes(line.section);
          const problem = isFilter ? filterProblem(cur, line.section) : null;
          if (problem) warn('EDOVECOT_PARSE', path, at, problem);
          const existing = cur.children.find((c) => c.type === line.section && c.name === line.name && line.name !== '');
          if (existing) { cur = existing; break; }
          const scope = newScope(isFilter ? 'filter' : 'section', line.section, line.name, path, at, cur);
          cur.children.push(scope);
          cur = scope;
          break;
        }
        case 'end':
          if (cur.parent === null) warn('EDOVECOT_PARSE', path, at, 'Unexpected \'}\'');
          else cur = cur.parent;
          break;
        case 'include': {
          const pattern = line.pattern.startsWith('/') ? line.pattern : join(dirname(path), line.pattern);
          const matches = /[*?[{]/.test(pattern) ? fs.glob(pattern) : [pattern];
          if (matches.length === 0) {
            if (!line.optional) warn('EDOVECOT_INCLUDE', path, at, `!include ${line.pattern}: No matches`);
            break;
          }
          for (const m of matches) {
            if (stack.includes(m)) { warn('EDOVECOT_INCLUDE', path, at, `Recursive include file: ${m}`); continue; }
            if (stack.length >= maxDepth) { warn('EDOVECOT_INCLUDE', path, at, `includes nested deeper than ${maxDepth}: ${m} is not read`); continue; }
            const probe = fs.readFile(m);
            if ('error' in probe) {
              // settings_add_include(): a missing file is an error for !include, nothing for !include_try.
              if (!line.optional) warn('EDOVECOT_INCLUDE', path, at, `Couldn't open include file ${m}: ${probe.error}`);
              continue;
            }
            readFileInto(m, [...stack, m]);
          }
          break;
        }
      }
    }
    if (carried !== '') warn('EDOVECOT_PARSE', path, carriedFrom, 'the file ends inside a continued (\\) line');
  };

  const set = (key: string, value: string, file: string, line: number, fromFile?: string) => {
    if (key === '') { warn('EDOVECOT_PARSE', file, line, 'a setting without a name'); return; }
    cur.settings.set(key, { key, value, file, line, ...(fromFile !== undefined ? { fromFile } : {}) });
  };

  readFileInto(entry, [entry]);
  for (let s: Scope | null = cur; s && s.parent; s = s.parent) {
    warn('EDOVECOT_PARSE', s.file, s.line, `${s.type}${s.name ? ` ${s.name}` : ''} { is never closed`);
  }
  return { entry, files, root, warnings };
}

/** The nesting rules of config_filter_add_new_filter (2.3). */
function filterProblem(cur: Scope, type: string): string | null {
  const up: Scope[] = [];
  for (let s: Scope | null = cur; s && s.kind === 'filter'; s = s.parent) up.push(s);
  const has = (t: string) => up.some((s) => s.type === t);
  if (type === 'protocol' && has('protocol')) return 'Nested protocol { protocol { .. } } block not allowed';
  if (type === 'local' && has('remote')) return 'remote { local { .. } } not allowed (use local { remote { .. } } instead)';
  if (type === 'local' && has('protocol')) return 'protocol { local { .. } } not allowed (use local { protocol { .. } } instead)';
  if (type === 'local_name' && has('protocol')) return 'protocol { local_name { .. } } not allowed (use local_name { protocol { .. } } instead)';
  if (type === 'remote' && has('protocol')) return 'protocol { remote { .. } } not allowed (use remote { protocol { .. } } instead)';
  return null;
}

/** The setting in force at the top level. */
export function globalSetting(config: DovecotConfig, key: string): SettingValue | undefined {
  return config.root.settings.get(key);
}

/** `protocol NAME { }` filters at the top level (no local/remote around them). */
export function protocolFilter(config: DovecotConfig, protocol: string): Scope | undefined {
  return config.root.children.find((c) => c.kind === 'filter' && c.type === 'protocol' && c.name === protocol);
}

/** Named sections of a type under a scope (service imap-login, inet_listener imaps). */
export function sections(scope: Scope, type: string): Scope[] {
  return scope.children.filter((c) => c.kind === 'section' && c.type === type);
}
