/**
 * Logical lines of main.cf and master.cf, exactly as Postfix's readllines() builds them
 * (src/util/readlline.c): a logical line starts with non-whitespace text; a physical line that
 * starts with whitespace continues it; blank lines and lines whose first non-blank character is
 * `#` are dropped, even in the middle of a continued value. The physical lines are joined without
 * a separator (the newline is removed, the leading whitespace of the continuation is kept).
 * A `#` anywhere else is ordinary text.
 */

export interface LogicalLine {
  /** The joined text, with the newlines removed. */
  readonly text: string;
  /** 1-based number of the first physical line of this logical line. */
  readonly line: number;
  /** 1-based number of the last physical line that contributed text. */
  readonly lastLine: number;
  /** Where each physical line starts inside `text`, to map an offset back to its line. */
  readonly segments: readonly { readonly offset: number; readonly line: number }[];
}

/** The physical line that holds character `offset` of a logical line. */
export function lineAt(l: LogicalLine, offset: number): number {
  let line = l.line;
  for (const s of l.segments) if (s.offset <= offset) line = s.line;
  return line;
}

export interface LineWarning {
  readonly line: number;
  readonly message: string;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\f';

/** Maximum logical line we accept: Postfix has no limit, we keep memory bounded on hostile input. */
export const MAX_LOGICAL_LINE = 1 << 20;

export function readLogicalLines(text: string): { lines: LogicalLine[]; warnings: LineWarning[] } {
  const physical = text.split('\n');
  // A final newline yields an empty last element, which is not a line.
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  const lines: LogicalLine[] = [];
  const warnings: LineWarning[] = [];
  let cur: { parts: string[]; line: number; lastLine: number; length: number; segments: { offset: number; line: number }[] } | undefined;

  const flush = () => {
    if (!cur) return;
    const joined = cur.parts.join('');
    if (isSpace(joined[0])) {
      // readlline.c: "logical line must not start with whitespace"; the text is ignored.
      warnings.push({ line: cur.line, message: `logical line must not start with whitespace: "${joined.slice(0, 30)}${joined.length > 30 ? '...' : ''}"` });
    } else {
      lines.push({ text: joined, line: cur.line, lastLine: cur.lastLine, segments: cur.segments });
    }
    cur = undefined;
  };

  physical.forEach((raw, i) => {
    const n = i + 1;
    let j = 0;
    while (j < raw.length && isSpace(raw[j])) j++;
    if (j === raw.length || raw[j] === '#') return; // blank or comment line: skipped everywhere
    if (!isSpace(raw[0])) {
      flush();
      cur = { parts: [raw], line: n, lastLine: n, length: raw.length, segments: [{ offset: 0, line: n }] };
    } else if (cur) {
      if (cur.length + raw.length > MAX_LOGICAL_LINE) {
        warnings.push({ line: n, message: `logical line longer than ${MAX_LOGICAL_LINE} characters; the rest is ignored` });
        return;
      }
      cur.parts.push(raw);
      cur.segments.push({ offset: cur.length, line: n });
      cur.length += raw.length;
      cur.lastLine = n;
    } else {
      // Continuation text without a preceding line: readlline keeps reading it as one bogus line.
      cur = { parts: [raw], line: n, lastLine: n, length: raw.length, segments: [{ offset: 0, line: n }] };
    }
  });
  flush();
  return { lines, warnings };
}
