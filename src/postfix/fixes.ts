/**
 * The repair commands findings suggest. They edit nothing themselves: `mailtls config --fix`
 * prints them. postconf(1): `-e 'name = value'` edits main.cf, `-X name` removes from main.cf,
 * `-P 'service/type/name=value'` sets a master.cf -o override, `-PX 'service/type/name'` removes one.
 * Several settings can go in one command (postconf takes many arguments).
 */
import type { MasterEntry } from './master-cf.js';
import { atLeast, type PostfixVersion } from './version.js';

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export const serviceKey = (e: Pick<MasterEntry, 'service' | 'type'>) => `${e.service}/${e.type}`;

export function setMain(...pairs: [string, string][]): string {
  return `postconf -e ${pairs.map(([n, v]) => shellQuote(`${n} = ${v}`)).join(' ')}`;
}

export function unsetMain(...names: string[]): string {
  return `postconf -X ${names.join(' ')}`;
}

export function setService(entry: Pick<MasterEntry, 'service' | 'type'>, ...pairs: [string, string][]): string {
  return `postconf -P ${pairs.map(([n, v]) => shellQuote(`${serviceKey(entry)}/${n}=${v}`)).join(' ')}`;
}

export function unsetService(entry: Pick<MasterEntry, 'service' | 'type'>, ...names: string[]): string {
  return `postconf -PX ${names.map((n) => shellQuote(`${serviceKey(entry)}/${n}`)).join(' ')}`;
}

/** "TLS 1.2 or newer" in the syntax the version accepts, without whitespace (fits a short -o). */
export function tls12OrNewer(version: PostfixVersion): string {
  return atLeast(version, '3.6') ? '>=TLSv1.2' : '!SSLv2:!SSLv3:!TLSv1:!TLSv1.1';
}

/**
 * What a fix changes, target -> new value (null: removed). Targets are "main:NAME" for main.cf and
 * "master:SERVICE/TYPE/NAME" for a master.cf override; "&&"-joined commands included. Used to keep
 * the fixes of one report coherent (no two fixes setting one parameter differently).
 */
export function fixAssignments(fix: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const cmd of fix.split(' && ')) {
    const m = /^postconf (-e|-X|-P|-PX) (.*)$/.exec(cmd.trim());
    if (!m) continue;
    const args = [...(m[2] ?? '').matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((x) => x[1] !== undefined ? x[1].replace(/'\\''/g, "'") : x[2] ?? '');
    for (const arg of args) {
      const eq = arg.indexOf('=');
      const name = (eq >= 0 ? arg.slice(0, eq) : arg).trim();
      const value = m[1] === '-e' || m[1] === '-P' ? arg.slice(eq + 1).trim() : null;
      out.set(`${m[1] === '-e' || m[1] === '-X' ? 'main' : 'master'}:${name}`, value);
    }
  }
  return out;
}

export function fixTargets(fix: string): string[] {
  return [...fixAssignments(fix).keys()];
}
