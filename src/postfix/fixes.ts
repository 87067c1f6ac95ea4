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
