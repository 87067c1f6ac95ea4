/**
 * Puts the settings an isolated loopback lab instance needs over a user's main.cf, and says
 * which ones it changed. Pure text in, text out.
 *
 * main.cf syntax (postconf(5), src/util/readlline.c): a logical line starts in column 1, lines
 * starting with whitespace continue it, comment and blank lines are skipped. An entry named in
 * the overlay is commented out (with its continuation lines) rather than left to be overridden,
 * so that Postfix does not warn "overriding earlier entry" on every start, and every other line
 * keeps its number: Postfix's messages about the lab's copy point at the user's lines.
 */

export interface MainEntry {
  readonly name: string;
  readonly value: string;
  /** 0-based index of its first physical line, and one past its last. */
  readonly start: number;
  readonly end: number;
}

export function mainEntries(lines: readonly string[]): MainEntry[] {
  const out: MainEntry[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i] ?? '';
    const t = raw.trim();
    if (t === '' || t.startsWith('#') || /^\s/.test(raw)) { i++; continue; }
    let j = i + 1;
    const parts = [t];
    while (j < lines.length) {
      const next = lines[j] ?? '';
      const nt = next.trim();
      if (nt !== '' && !nt.startsWith('#') && !/^\s/.test(next)) break;
      if (nt !== '' && !nt.startsWith('#')) parts.push(nt);
      j++;
    }
    const logical = parts.join(' ');
    const eq = logical.indexOf('=');
    if (eq > 0) out.push({ name: logical.slice(0, eq).trim(), value: logical.slice(eq + 1).trim(), start: i, end: j });
    i = j;
  }
  return out;
}

/** The last value of each name (the last duplicate wins, as in Postfix). */
export function mainValues(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of mainEntries(text.split('\n'))) m.set(e.name, e.value);
  return m;
}

export function overlayMainCf(text: string, settings: ReadonlyMap<string, string>, header: string, fileLabel = 'main.cf'): { text: string; changes: string[] } {
  const lines = text.split('\n');
  const changes: string[] = [];
  const drop = new Set<number>();
  for (const e of mainEntries(lines)) {
    if (!settings.has(e.name)) continue;
    for (let k = e.start; k < e.end; k++) drop.add(k);
    changes.push(`${fileLabel}:${e.start + 1}: ${e.name} = ${e.value} -> ${settings.get(e.name) ?? ''}`);
  }
  const kept = lines.map((l, k) => (drop.has(k) ? `#mailtls-lab# ${l}` : l));
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const block = [...settings].map(([k, v]) => `${k} = ${v}`);
  for (const [k, v] of settings) if (!changes.some((c) => c.includes(`: ${k} = `))) changes.push(`${fileLabel}: ${k} = ${v}`);
  return { text: `${kept.join('\n')}\n\n${header}\n${block.join('\n')}\n`, changes };
}
