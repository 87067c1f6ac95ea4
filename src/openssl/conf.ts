/**
 * OpenSSL's configuration file syntax, read exactly as NCONF_load() reads it
 * (crypto/conf/conf_def.c def_load_bio(), str_copy(), clear_comments(), process_include(),
 * get_next_file(); the character classes of crypto/conf/keysets.pl), so that the model knows
 * which `name = value` lines OpenSSL really holds, and where each came from (file:line).
 *
 * Rules, each checked against the real OpenSSL 3.0.19 (NCONF_load + NCONF_get_section):
 * - a logical line ends at a newline unless the line ends in an unescaped `\`; the `\` is
 *   dropped and the next line is appended as it is (its leading blanks kept). This happens
 *   before comments are removed, so a comment line ending in `\` swallows the next line;
 * - `#` starts a comment, except inside quotes (' " `, all three the same) or after `\`;
 * - `[ name ]` opens (or reopens) a section; blanks between words of the name are kept;
 * - `name = value`, `section::name = value`; the value has its outer blanks trimmed, then
 *   quotes are removed, `\r \n \b \t` and `\x` unescaped, and `$var`, `${var}`, `$(var)`,
 *   `$sec::var`, `${sec::var}` expanded from the values read so far (the current section,
 *   then the default section; `ENV` falls back to the environment). An unknown variable, an
 *   unclosed brace or a value over 64 KiB is an error;
 * - a name defined twice in a section: the last value wins and moves to the end of the
 *   section's list (_CONF_add_string(): the old entry is deleted, the new one appended);
 * - `.include [=] path` (1.1.1+): a file, or a directory whose `*.cnf` / `*.conf` files are
 *   read in readdir order; a missing or unreadable one is skipped without error. Lines of an
 *   included file go to the section in force, and a section it opens stays open after it. The
 *   directory state is one per load, so when a file included from a directory file ends,
 *   OpenSSL goes on with the next file of the directory and only then returns to the rest of
 *   the including one. A directory inside a directory is ignored. A relative path is taken
 *   from OPENSSL_CONF_INCLUDE, else `.pragma includedir`, else the working directory (3.0+);
 * - `.pragma [=] name:value` (3.0+): dollarid and abspath (on/true/off/false, any case),
 *   includedir; unknown pragmas are ignored, a malformed one is an error.
 * Before 1.1.1 neither directive exists: `.include x` is a line without `=`, an error.
 *
 * Any error makes NCONF_load() fail: OpenSSL then uses nothing of the file. The reader never
 * throws: it returns what it read up to the error, the error with its file:line, and warnings.
 * Unlike OpenSSL (whose line counter runs on across included files), places are per file.
 * Bounded: total bytes, number of files, include nesting (OpenSSL has no limit: a file that
 * includes itself is read until the process runs out of file descriptors).
 */

/** The file access the reader needs (src/postfix/load.ts gives it node:fs). */
export interface ConfIo {
  /** 'file', 'dir' or null (missing or not accessible), as stat(2) answers. */
  stat(path: string): 'file' | 'dir' | null;
  /** The file's text, or null when it cannot be opened. */
  readFile(path: string): string | null;
  /** Directory entries in readdir order (OpenSSL does not sort), or null. */
  readDir(path: string): readonly string[] | null;
}

/** Which OpenSSL reads the file: the syntax changed in 1.1.1 (.include) and 3.0 (.pragma, OPENSSL_CONF_INCLUDE). */
export type ConfDialect = '1.0' | '1.1.1' | '3';

export function confDialect(opensslVersion: string | null): ConfDialect {
  const m = opensslVersion !== null ? /^(\d+)\.(\d+)\.(\d+)/.exec(opensslVersion) ?? /^(\d+)\.(\d+)/.exec(opensslVersion) : null;
  if (!m) return '3';
  const major = Number(m[1]), minor = Number(m[2]), patch = Number(m[3] ?? 1);
  if (major >= 3) return '3';
  if (major === 1 && (minor > 1 || (minor === 1 && patch >= 1))) return '1.1.1';
  return '1.0';
}

export interface ConfPlace {
  readonly file: string;
  readonly line: number;
}

export interface ConfValue extends ConfPlace {
  readonly section: string;
  readonly name: string;
  readonly value: string;
}

export interface ConfWarning extends ConfPlace {
  readonly message: string;
}

export interface ConfOptions {
  readonly dialect?: ConfDialect;
  /** The reader's environment: OPENSSL_CONF_INCLUDE and the ENV section. */
  readonly env?: ReadonlyMap<string, string>;
  /** Where relative include paths are resolved (the process's working directory). */
  readonly cwd?: string;
  readonly maxBytes?: number;
  readonly maxFiles?: number;
  readonly maxDepth?: number;
}

export interface ConfFile {
  /** The file asked for. */
  readonly path: string;
  /** false: the file does not exist or cannot be opened (nothing was read). */
  readonly found: boolean;
  /** Every file read, in reading order (includes included ones). */
  readonly files: readonly string[];
  /** Sections in creation order; each holds its values in OpenSSL's order. */
  readonly sections: ReadonlyMap<string, readonly ConfValue[]>;
  /** The first error: OpenSSL's NCONF_load() fails, and none of the file is used. */
  readonly error: (ConfPlace & { readonly message: string }) | null;
  readonly warnings: readonly ConfWarning[];
}

export const DEFAULT_SECTION = 'default';
/** OpenSSL's MAX_CONF_VALUE_LENGTH. */
export const MAX_CONF_VALUE_LENGTH = 65536;
const MAX_BYTES = 16 << 20;
const MAX_FILES = 1000;
const MAX_DEPTH = 32;

// ---- character classes (crypto/conf/keysets.pl, the default table) ----
const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isEsc = (c: string | undefined) => c === '\\';
const isQuote = (c: string | undefined) => c === '\'' || c === '"' || c === '`';
const isEof = (c: string | undefined) => c === undefined;
const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const isAlnumPunct = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_!.%&*+,/;?@^~|-]$/.test(c);

/** One input: a file's logical lines. */
interface Source {
  readonly file: string;
  readonly lines: readonly { readonly text: string; readonly line: number }[];
  next: number;
  readonly depth: number;
}

/**
 * Physical lines joined as def_load_bio() joins them: trailing CR/LF removed, an unescaped
 * final backslash continues the line; a continuation at the end of the file ends the line.
 */
function logicalLines(text: string): { text: string; line: number }[] {
  const phys = text.split('\n');
  // A final newline does not start another line.
  if (phys.length > 0 && phys[phys.length - 1] === '') phys.pop();
  const out: { text: string; line: number }[] = [];
  let buf = '';
  let start = 0;
  let again = false;
  for (const [i, raw] of phys.entries()) {
    let p = raw;
    // BIO_gets() and strlen(): a NUL ends the line's text.
    const nul = p.indexOf('\0');
    if (nul >= 0) p = p.slice(0, nul);
    p = p.replace(/[\r\n]+$/, '');
    if (!again) start = i + 1;
    buf += p;
    again = false;
    if (buf.length >= 1 && isEsc(buf[buf.length - 1]) && (buf.length <= 1 || !isEsc(buf[buf.length - 2]))) {
      buf = buf.slice(0, -1);
      again = true;
      continue;
    }
    out.push({ text: buf, line: start });
    buf = '';
  }
  if (again) out.push({ text: buf, line: start });
  return out;
}

/** clear_comments(): cut at the first `#` outside quotes and escapes. */
function clearComments(s: string): string {
  let i = 0;
  while (isWs(s[i])) i++;
  for (;;) {
    const c = s[i];
    if (isEof(c)) return s;
    if (c === '#') return s.slice(0, i);
    if (isQuote(c)) {
      const q = c;
      i++;
      while (!isEof(s[i]) && s[i] !== q) {
        if (isEsc(s[i])) {
          i++;
          if (isEof(s[i])) return s;
        }
        i++;
      }
      if (s[i] === q) i++;
      continue;
    }
    if (isEsc(c)) {
      i += isEof(s[i + 1]) ? 1 : 2;
      continue;
    }
    i++;
  }
}

class ConfError extends Error {}

interface ParseState {
  dollarid: boolean;
  abspath: boolean;
  includedir: string | null;
}

export function parseOpensslConf(path: string, io: ConfIo, options: ConfOptions = {}): ConfFile {
  const dialect = options.dialect ?? '3';
  const env = options.env ?? new Map<string, string>();
  const cwd = options.cwd ?? '/';
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const maxFiles = options.maxFiles ?? MAX_FILES;
  const maxDepth = options.maxDepth ?? MAX_DEPTH;

  const sections = new Map<string, ConfValue[]>([[DEFAULT_SECTION, []]]);
  const files: string[] = [];
  const warnings: ConfWarning[] = [];
  const st: ParseState = { dollarid: false, abspath: false, includedir: null };
  let bytes = 0;
  let error: ConfFile['error'] = null;

  const lookup = (section: string | null, name: string): string | undefined => {
    if (section !== null) {
      const v = sections.get(section)?.find((x) => x.name === name);
      if (v !== undefined) return v.value;
      if (section === 'ENV') {
        const e = env.get(name);
        if (e !== undefined) return e;
      }
    }
    return sections.get(DEFAULT_SECTION)?.find((x) => x.name === name)?.value;
  };

  /** eat_alpha_numeric(): a name, skipping escaped characters. */
  const eatName = (s: string, i: number): number => {
    for (;;) {
      if (isEsc(s[i])) {
        i += isEof(s[i + 1]) ? 1 : 2;
        continue;
      }
      if (!(isAlnumPunct(s[i]) || (st.dollarid && s[i] === '$'))) return i;
      i++;
    }
  };
  const eatWs = (s: string, i: number): number => {
    while (isWs(s[i])) i++;
    return i;
  };
  const trimWs = (s: string): string => s.replace(/[ \t\r\n]+$/, '');

  /** str_copy(): unquote, unescape and expand a value. */
  const strCopy = (section: string | null, from: string): string => {
    let out = '';
    let i = 0;
    for (;;) {
      const c = from[i];
      if (isQuote(c)) {
        const q = c;
        i++;
        while (!isEof(from[i]) && from[i] !== q) {
          if (isEsc(from[i])) {
            i++;
            if (isEof(from[i])) break;
          }
          out += from[i];
          i++;
        }
        if (from[i] === q) i++;
      } else if (isEsc(c)) {
        i++;
        const v = from[i];
        i++;
        if (isEof(v)) break;
        out += v === 'r' ? '\r' : v === 'n' ? '\n' : v === 'b' ? '\b' : v === 't' ? '\t' : v;
      } else if (isEof(c)) {
        break;
      } else if (c === '$' && (!st.dollarid || from[i + 1] === '{' || from[i + 1] === '(')) {
        let s = i + 1;
        const q = from[s] === '{' ? '}' : from[s] === '(' ? ')' : null;
        if (q !== null) s++;
        let e = s;
        const nameChar = (x: string | undefined) => isAlnum(x) || (st.dollarid && x === '$');
        while (nameChar(from[e])) e++;
        let sec = section;
        let np = s;
        if (from[e] === ':' && from[e + 1] === ':') {
          sec = from.slice(s, e);
          e += 2;
          np = e;
          while (nameChar(from[e])) e++;
        }
        const name = from.slice(np, e);
        if (q !== null) {
          if (from[e] !== q) throw new ConfError(`no close brace in "${from.slice(i)}"`);
          e++;
        }
        const p = lookup(sec, name);
        if (p === undefined) throw new ConfError(`variable has no value: ${sec !== null && sec !== section ? `${sec}::` : ''}${name === '' ? '(empty name)' : name}`);
        if (out.length + p.length + (from.length - e) > MAX_CONF_VALUE_LENGTH) throw new ConfError(`variable expansion too long (over ${MAX_CONF_VALUE_LENGTH} bytes)`);
        out += p;
        i = e;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };

  const addValue = (section: string, name: string, value: string, place: ConfPlace) => {
    let list = sections.get(section);
    if (list === undefined) {
      list = [];
      sections.set(section, list);
    }
    const old = list.findIndex((v) => v.name === name);
    if (old >= 0) list.splice(old, 1);
    list.push({ section, name, value, ...place });
  };

  const open = (file: string, depth: number, at: ConfPlace | null): Source | null => {
    if (files.length >= maxFiles) {
      warnings.push({ ...(at ?? { file, line: 0 }), message: `more than ${maxFiles} configuration files: ${file} not read` });
      return null;
    }
    const text = io.readFile(file);
    if (text === null) {
      if (at !== null) warnings.push({ ...at, message: `${file} cannot be opened: OpenSSL skips it` });
      return null;
    }
    bytes += text.length;
    if (bytes > maxBytes) {
      warnings.push({ ...(at ?? { file, line: 0 }), message: `configuration files larger than ${maxBytes} bytes in all: ${file} not read` });
      return null;
    }
    files.push(file);
    return { file, lines: logicalLines(text), next: 0, depth };
  };

  const isAbsolute = (p: string) => p.startsWith('/');
  const join = (dir: string, name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

  // The directory being read (one per load, as OpenSSL keeps it) and the stack of parents.
  let dir: { path: string; entries: readonly string[]; next: number; depth: number; at: ConfPlace } | null = null;
  const stack: Source[] = [];

  const nextDirFile = (): Source | null => {
    while (dir !== null && dir.next < dir.entries.length) {
      const name = dir.entries[dir.next++] ?? '';
      const low = name.toLowerCase();
      if (!((name.length > 5 && low.endsWith('.conf')) || (name.length > 4 && low.endsWith('.cnf')))) continue;
      const full = join(dir.path, name);
      // BIO_new_file() opens a sub-directory named *.cnf too; reading it yields nothing.
      if (io.stat(full) === 'dir') continue;
      const src = open(full, dir.depth, dir.at);
      if (src !== null) return src;
    }
    dir = null;
    return null;
  };

  let section = DEFAULT_SECTION;
  const top = io.stat(path) === 'file' ? open(path, 0, null) : null;
  if (top === null) {
    return { path, found: false, files, sections, error: null, warnings };
  }
  let cur: Source | null = top;
  let place: ConfPlace = { file: path, line: 0 };
  try {
    while (cur !== null) {
      const l = cur.lines[cur.next];
      if (l === undefined) {
        if (dir !== null) {
          const n = nextDirFile();
          if (n !== null) {
            cur = n;
            continue;
          }
        }
        cur = stack.pop() ?? null;
        continue;
      }
      cur.next++;
      place = { file: cur.file, line: l.line };
      const buf = clearComments(l.text);
      let s = eatWs(buf, 0);
      if (isEof(buf[s])) continue;
      if (buf[s] === '[') {
        s++;
        const start = eatWs(buf, s);
        let ss = start;
        let end: number;
        for (;;) {
          end = eatName(buf, ss);
          const p = eatWs(buf, end);
          if (buf[p] === ']') break;
          if (!isEof(buf[p]) && ss !== p) {
            ss = p;
            continue;
          }
          throw new ConfError('missing close square bracket');
        }
        section = strCopy(null, buf.slice(start, end));
        if (!sections.has(section)) sections.set(section, []);
        continue;
      }
      const pname0 = s;
      let end = eatName(buf, s);
      let psection = section;
      let pname = pname0;
      if (buf[end] === ':' && buf[end + 1] === ':') {
        psection = buf.slice(pname0, end);
        pname = end + 2;
        end = eatName(buf, pname);
      }
      let p = eatWs(buf, end);
      const directive = (word: string) => buf.startsWith(word, pname) && (p !== pname + word.length || buf[p] === '=');
      if (dialect === '3' && directive('.pragma')) {
        if (buf[p] === '=') p = eatWs(buf, p + 1);
        const body = trimWs(buf.slice(p));
        const colon = body.indexOf(':');
        if (colon <= 0 || colon === body.length - 1) throw new ConfError(`invalid pragma "${body}"`);
        const key = trimWs(body.slice(0, colon));
        const val = body.slice(eatWs(body, colon + 1));
        const bool = (): boolean => {
          const v = val.toLowerCase();
          if (v === 'on' || v === 'true') return true;
          if (v === 'off' || v === 'false') return false;
          throw new ConfError(`invalid pragma value "${val}" for ${key} (on, true, off or false)`);
        };
        if (key === 'dollarid') st.dollarid = bool();
        else if (key === 'abspath') st.abspath = bool();
        else if (key === 'includedir') st.includedir = val;
        else warnings.push({ ...place, message: `unknown .pragma "${key}": OpenSSL ignores it` });
        continue;
      }
      if (dialect !== '1.0' && directive('.include')) {
        if (buf[p] === '=') p = eatWs(buf, p + 1);
        let target = strCopy(psection, trimWs(buf.slice(p)));
        if (dialect === '3') {
          const incDir = env.get('OPENSSL_CONF_INCLUDE') ?? st.includedir;
          if (incDir !== null && !isAbsolute(target)) target = join(incDir, target);
          if (st.abspath && !isAbsolute(target)) throw new ConfError(`relative path "${target}" in .include while .pragma abspath is on`);
        }
        const full = isAbsolute(target) ? target : join(cwd, target);
        const kind = io.stat(full);
        if (kind === null) {
          warnings.push({ ...place, message: `.include ${target}: no such file or directory (OpenSSL skips it)` });
          continue;
        }
        if (cur.depth + 1 > maxDepth) {
          warnings.push({ ...place, message: `.include ${target}: includes nested more than ${maxDepth} deep (an include loop?); OpenSSL would go on until it runs out of file descriptors, mailtls stops here` });
          continue;
        }
        let next: Source | null;
        if (kind === 'dir') {
          if (dir !== null) {
            warnings.push({ ...place, message: `.include ${target}: a directory included from a file of an included directory is ignored (recursive directory include)` });
            continue;
          }
          const entries = io.readDir(full);
          if (entries === null) {
            warnings.push({ ...place, message: `.include ${target}: the directory cannot be read (OpenSSL skips it)` });
            continue;
          }
          dir = { path: full, entries, next: 0, depth: cur.depth + 1, at: place };
          next = nextDirFile();
        } else {
          next = open(full, cur.depth + 1, place);
        }
        if (next !== null) {
          stack.push(cur);
          cur = next;
        }
        continue;
      }
      if (buf[p] !== '=') throw new ConfError(`missing equal sign in "${trimWs(buf.slice(s))}"`);
      const name = buf.slice(pname, end);
      const start = eatWs(buf, p + 1);
      const value = strCopy(psection, trimWs(buf.slice(start)));
      addValue(psection, name, value, place);
    }
  } catch (err) {
    if (!(err instanceof ConfError)) throw err;
    error = { ...place, message: err.message };
  }
  return { path, found: true, files, sections, error, warnings };
}

/** A value of the default section (NCONF_get_string(conf, NULL, name)). */
export function confDefault(conf: ConfFile, name: string): ConfValue | undefined {
  return conf.sections.get(DEFAULT_SECTION)?.find((v) => v.name === name);
}
