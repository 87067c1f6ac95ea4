/**
 * Shared terminal rendering helpers: colour (only when asked), severity labels and simple
 * aligned tables. Renderers build strings from report data; they never compute findings.
 */
import type { Severity } from '../severity.js';

export { SEVERITY_ORDER, bySeverity, type Severity } from '../severity.js';

export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly severity: (sev: Severity) => string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);

export function makeStyle(color: boolean): Style {
  const bold = wrap(color, 1, 22);
  const dim = wrap(color, 2, 22);
  const red = wrap(color, 31, 39);
  const yellow = wrap(color, 33, 39);
  const green = wrap(color, 32, 39);
  const cyan = wrap(color, 36, 39);
  return {
    bold, dim, red, yellow, green, cyan,
    severity: (sev) => {
      const label = sev.toUpperCase().padEnd(8);
      switch (sev) {
        case 'critical': case 'high': return bold(red(label));
        case 'medium': return yellow(label);
        case 'low': return cyan(label);
        default: return dim(label);
      }
    },
  };
}

/** Display width without ANSI escapes, for padding coloured cells. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell)); });
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)))).join('  ').trimEnd())
    .join('\n');
}

/**
 * Words folded to lines of at most `width` characters (the indent not counted), every line
 * prefixed with `indent`; runs of whitespace count as one space.
 */
export function wrapWords(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/)) {
    if (w === '') continue;
    if (cur !== '' && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur === '' ? w : `${cur} ${w}`;
  }
  if (cur !== '') lines.push(cur);
  return lines.map((l) => indent + l).join('\n');
}
