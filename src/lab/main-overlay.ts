import { parseMainCf, splitNameValue } from '../postfix/main-cf.js';
import { readLogicalLines } from '../postfix/lines.js';

/**
 * Puts the settings an isolated loopback lab instance needs over a user's main.cf, and says
 * which ones it changed. Pure text in, text out.
 *
 * main.cf is read with the project's Postfix parser (src/postfix: readlline.c's rules). An entry named in
 * the overlay is commented out (with its continuation lines) rather than left to be overridden,
 * so that Postfix does not warn "overriding earlier entry" on every start, and every other line
 * keeps its number: Postfix's messages about the lab's copy point at the user's lines.
 */

/** The last value of each name (the last duplicate wins, as in Postfix). */
export function mainValues(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const [name, setting] of parseMainCf(text).settings) m.set(name, setting.value);
  return m;
}

export function overlayMainCf(text: string, settings: ReadonlyMap<string, string>, header: string, fileLabel = 'main.cf'): { text: string; changes: string[] } {
  const lines = text.split('\n');
  const changes: string[] = [];
  const drop = new Set<number>();
  for (const l of readLogicalLines(text).lines) {
    const nv = splitNameValue(l.text);
    if ('error' in nv || !settings.has(nv.name)) continue;
    for (let k = l.line - 1; k < l.lastLine; k++) drop.add(k);
    changes.push(`${fileLabel}:${l.line}: ${nv.name} = ${nv.value} -> ${settings.get(nv.name) ?? ''}`);
  }
  const kept = lines.map((l, k) => (drop.has(k) ? `#mailtls-lab# ${l}` : l));
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const block = [...settings].map(([k, v]) => `${k} = ${v}`);
  for (const [k, v] of settings) if (!changes.some((c) => c.includes(`: ${k} = `))) changes.push(`${fileLabel}: ${k} = ${v}`);
  return { text: `${kept.join('\n')}\n\n${header}\n${block.join('\n')}\n`, changes };
}
