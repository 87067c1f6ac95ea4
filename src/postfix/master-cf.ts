/**
 * master.cf: eight fields per logical line, then daemon arguments (proto/master, postconf's
 * src/postconf/postconf_master.c). `-o name=value` and the long form `-o { name = value }`
 * (Postfix 3.0+) override main.cf for that service only; the daemon applies them with
 * mail_conf_update() after reading main.cf (src/master/single_server.c). When the same
 * service/type appears twice, the last entry wins.
 */
import { lineAt, readLogicalLines, type LineWarning } from './lines.js';
import { splitNameValue, type Setting } from './main-cf.js';

export const MASTER_TYPES = ['inet', 'unix', 'unix-dgram', 'fifo', 'pass'] as const;

export interface MasterEntry {
  /** Column 1: the service name (for inet, `[host:]port`). */
  readonly service: string;
  readonly type: string;
  readonly private: string;
  readonly unpriv: string;
  readonly chroot: string;
  readonly wakeup: string;
  readonly maxproc: string;
  /** Column 8: the command (daemon) name. */
  readonly command: string;
  /** `-o` overrides in order; a later one of the same name wins inside the daemon. */
  readonly overrides: readonly Setting[];
  /** Other daemon options and arguments, as written. */
  readonly args: readonly string[];
  readonly file: string;
  readonly line: number;
}

export interface MasterCf {
  readonly file: string;
  /** Effective entries (last duplicate service/type wins), in file order. */
  readonly entries: readonly MasterEntry[];
  readonly overridden: readonly (MasterEntry & { readonly byLine: number })[];
  readonly warnings: readonly (LineWarning & { readonly file: string })[];
}

const BLANK = /[ \t\r\n\v\f]/;

/** argv_splitq(buf, blanks, "{}"): split on blanks, except inside balanced braces. */
export function splitQuoted(text: string): { tokens: string[]; offsets: number[]; error?: string } {
  const tokens: string[] = [];
  const offsets: number[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && BLANK.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    offsets.push(i);
    let tok = '';
    let level = 0;
    while (i < text.length && (level > 0 || !BLANK.test(text[i] ?? ''))) {
      const c = text[i] ?? '';
      if (c === '{') level++;
      else if (c === '}' && level > 0) level--;
      tok += c;
      i++;
    }
    if (level > 0) return { tokens, offsets, error: `missing '}' in "${tok.slice(0, 40)}"` };
    tokens.push(tok);
  }
  return { tokens, offsets };
}

/** extpar(&arg, "{}", EXTPAR_FLAG_STRIP): text inside the outer braces, outer blanks removed. */
function extractBraces(arg: string): { value: string; error?: string } {
  if (!arg.startsWith('{')) return { value: arg };
  if (!arg.endsWith('}')) return { value: arg.slice(1), error: `syntax error after '}' in "${arg.slice(0, 40)}"` };
  return { value: arg.slice(1, -1).replace(/^[ \t\r\n\v\f]+/, '').replace(/[ \t\r\n\v\f]+$/, '') };
}

export function parseMasterCf(text: string, file = 'master.cf'): MasterCf {
  const { lines, warnings } = readLogicalLines(text);
  const warns: (LineWarning & { file: string })[] = warnings.map((w) => ({ ...w, file }));
  const byKey = new Map<string, MasterEntry>();
  const overridden: (MasterEntry & { byLine: number })[] = [];
  for (const l of lines) {
    const { tokens, offsets, error } = splitQuoted(l.text);
    if (error !== undefined) {
      warns.push({ file, line: l.line, message: error });
      continue;
    }
    if (tokens.length < 8) {
      warns.push({ file, line: l.line, message: `bad field count (${tokens.length}, need 8): "${l.text.slice(0, 60)}"` });
      continue;
    }
    const [service, type, priv, unpriv, chroot, wakeup, maxproc, command] = tokens as [string, string, string, string, string, string, string, string];
    if (!(MASTER_TYPES as readonly string[]).includes(type)) {
      warns.push({ file, line: l.line, message: `invalid type field "${type}" for service "${service}"` });
      continue;
    }
    const overrides: Setting[] = [];
    const args: string[] = [];
    let i = 8;
    // Daemon options: "-o x=y", "-ox=y", "-o { x = y }"; other options are kept as written.
    for (; i < tokens.length; i++) {
      const arg = tokens[i] ?? '';
      if (!arg.startsWith('-') || arg === '--') break;
      let optValue: string | undefined;
      const optLine = lineAt(l, offsets[i] ?? 0);
      if (arg.startsWith('-o')) {
        if (arg.length > 2) optValue = arg.slice(2);
        else if (i + 1 < tokens.length) optValue = tokens[++i];
      } else {
        args.push(arg);
        continue;
      }
      if (optValue === undefined) {
        warns.push({ file, line: l.line, message: `"-o" without a value in service "${service}"` });
        continue;
      }
      const ext = extractBraces(optValue);
      if (ext.error !== undefined) warns.push({ file, line: l.line, message: ext.error });
      const nv = splitNameValue(ext.value);
      if ('error' in nv) {
        warns.push({ file, line: l.line, message: `${nv.error}: "-o ${optValue}" in service "${service}"` });
        continue;
      }
      overrides.push({ name: nv.name, value: nv.value, file, line: optLine });
    }
    for (; i < tokens.length; i++) args.push(extractBraces(tokens[i] ?? '').value);
    const entry: MasterEntry = { service, type, private: priv, unpriv, chroot, wakeup, maxproc, command, overrides, args, file, line: l.line };
    const key = `${service}/${type}`;
    const prev = byKey.get(key);
    if (prev) {
      overridden.push({ ...prev, byLine: l.line });
      byKey.delete(key);
    }
    byKey.set(key, entry);
  }
  const entries = [...byKey.values()].sort((a, b) => a.line - b.line);
  return { file, entries, overridden, warnings: warns };
}
