/**
 * One line of a Dovecot configuration file, classified exactly as Dovecot's parser does
 * (src/config/config-parser.c config_parse_line, 2.3 and 2.4 alike): comments (a `#` outside
 * quotes; one not after whitespace is still a comment, with Dovecot's "ambiguous '#'" warning),
 * `\` continuations, `key = value` (quotes removed with C escapes), `key = <file`,
 * `key = ... $var ...` (expanded later), `!include` / `!include_try`, `type [name] {` and `}`.
 */

export type ConfigLine =
  | { readonly type: 'skip' }
  | { readonly type: 'continue'; readonly text: string }
  | { readonly type: 'value'; readonly key: string; readonly value: string; readonly quoted: boolean }
  | { readonly type: 'file'; readonly key: string; readonly path: string }
  | { readonly type: 'variable'; readonly key: string; readonly value: string }
  | { readonly type: 'include'; readonly pattern: string; readonly optional: boolean }
  | { readonly type: 'begin'; readonly section: string; readonly name: string }
  | { readonly type: 'end' }
  | { readonly type: 'error'; readonly message: string };

const isWhite = (c: string | undefined) => c === ' ' || c === '\t';

/** str_unescape(): backslash escapes inside a quoted value. */
function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

export interface ParsedLine {
  readonly line: ConfigLine;
  /** Dovecot's own warning for the line, if any. */
  readonly warning?: string;
}

/**
 * Classifies `raw` (one physical line). `carried` is the text of the preceding continuation
 * lines (`\` at their end), joined by spaces as Dovecot joins them.
 */
export function parseConfigLine(raw: string, carried = ''): ParsedLine {
  let line = raw.replace(/^[ \t]+/, '');
  if (carried === '' && (line.startsWith('#') || line === '')) return { line: { type: 'skip' } };
  let warning: string | undefined;
  // Strip the comment: a '#' outside quotes ends the line.
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' || c === "'") {
      for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\' && i + 1 < line.length) i++;
      if (i >= line.length) break;
    } else if (c === '#') {
      if (i > 0 && !isWhite(line[i - 1])) warning = 'Ambiguous \'#\' character in line, treating it as comment. Add a space before it to remove this warning.';
      line = line.slice(0, i);
      break;
    }
  }
  line = line.replace(/[ \t]+$/, '');
  if (line.endsWith('\\')) {
    const part = line.slice(0, -1).replace(/[ \t]+$/, '');
    return { line: { type: 'continue', text: part !== '' ? `${carried}${part} ` : carried }, ...(warning ? { warning } : {}) };
  }
  if (carried !== '') line = carried + line;
  if (line === '') return { line: { type: 'skip' } };
  const done = (l: ConfigLine): ParsedLine => (warning ? { line: l, warning } : { line: l });

  // a) key = value, b) section [name] {, c) }
  let i = 0;
  let key: string;
  if (line[0] === '"') {
    // 2.4 allows a quoted key; 2.3 reads the quote as part of the key (then it is unknown anyway).
    let j = 1;
    while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
    key = line.slice(1, j);
    i = Math.min(j + 1, line.length);
  } else {
    while (i < line.length && !isWhite(line[i]) && line[i] !== '=') i++;
    key = line.slice(0, i);
  }
  while (isWhite(line[i])) i++;
  const rest = line.slice(i);
  if (key === '!include' || key === '!include_try') return done({ type: 'include', pattern: rest, optional: key === '!include_try' });
  if (rest.startsWith('=')) {
    let value = rest.slice(1).replace(/^[ \t]+/, '');
    if (value.startsWith('<')) return done({ type: 'file', key, path: value.slice(1).replace(/^[ \t]+/, '') });
    if (value[0] !== '"' && value[0] !== "'" && value.includes('$')) return done({ type: 'variable', key, value });
    let quoted = false;
    if (value.length > 1 && ((value[0] === '"' && value.endsWith('"')) || (value[0] === "'" && value.endsWith("'")))) {
      value = unescape(value.slice(1, -1));
      quoted = true;
    }
    return done({ type: 'value', key, value, quoted });
  }
  if (key === '}' && rest === '') return done({ type: 'end' });
  // b) a section, or an error
  let name = '';
  let after = rest;
  if (!after.startsWith('{')) {
    if (after.startsWith('"')) {
      let j = 1;
      while (j < after.length && after[j] !== '"') j++;
      name = unescape(after.slice(1, j));
      after = after.slice(j + 1).replace(/^[ \t]+/, '');
    } else {
      let j = 0;
      while (j < after.length && !isWhite(after[j])) j++;
      name = after.slice(0, j);
      after = after.slice(j).replace(/^[ \t]+/, '');
    }
    if (!after.startsWith('{')) return done({ type: 'error', message: 'Expecting \'{\'' });
  }
  if (after !== '{') return done({ type: 'error', message: 'Garbage after \'{\'' });
  return done({ type: 'begin', section: key, name });
}
