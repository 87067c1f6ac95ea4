/**
 * main.cf: `name = value` per logical line (src/util/dict.c dict_load_fp(), split_nameval.c).
 * The last definition of a name wins; Postfix warns "overriding earlier entry" only when the
 * value differs, but we remember every overridden definition for a finding.
 */
import { readLogicalLines, type LineWarning } from './lines.js';

export interface Setting {
  readonly name: string;
  readonly value: string;
  readonly file: string;
  /** First physical line of the logical line. */
  readonly line: number;
}

export interface MainCf {
  readonly file: string;
  /** Effective settings, last definition wins; in file order of their final definition. */
  readonly settings: ReadonlyMap<string, Setting>;
  /** Definitions replaced by a later one of the same name, with the line that replaced them. */
  readonly overridden: readonly (Setting & { readonly byLine: number })[];
  readonly warnings: readonly (LineWarning & { readonly file: string })[];
}

const SPACE = /[ \t\r\n\v\f]/;

/** split_nameval(): name up to blank or '=', blanks, '=', value with outer blanks trimmed. */
export function splitNameValue(text: string): { name: string; value: string } | { error: string } {
  let i = 0;
  while (i < text.length && SPACE.test(text[i] ?? '')) i++;
  if (i === text.length || text[i] === '=') return { error: 'missing attribute name' };
  const start = i;
  while (i < text.length && !SPACE.test(text[i] ?? '') && text[i] !== '=') i++;
  const name = text.slice(start, i);
  while (i < text.length && SPACE.test(text[i] ?? '')) i++;
  if (text[i] !== '=') return { error: "missing '=' after attribute name" };
  const value = text.slice(i + 1).replace(/^[ \t\r\n\v\f]+/, '').replace(/[ \t\r\n\v\f]+$/, '');
  return { name, value };
}

export function parseMainCf(text: string, file = 'main.cf'): MainCf {
  const { lines, warnings } = readLogicalLines(text);
  const settings = new Map<string, Setting>();
  const overridden: (Setting & { byLine: number })[] = [];
  const warns: (LineWarning & { file: string })[] = warnings.map((w) => ({ ...w, file }));
  for (const l of lines) {
    const nv = splitNameValue(l.text);
    if ('error' in nv) {
      // Postfix stops with a fatal error here; we report it and keep reading.
      warns.push({ file, line: l.line, message: `${nv.error}: "${l.text.slice(0, 60)}"` });
      continue;
    }
    const prev = settings.get(nv.name);
    if (prev) {
      overridden.push({ ...prev, byLine: l.line });
      settings.delete(nv.name);
    }
    settings.set(nv.name, { name: nv.name, value: nv.value, file, line: l.line });
  }
  return { file, settings, overridden, warnings: warns };
}
