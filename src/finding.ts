/**
 * The one shape every finding has, whichever side found it (scan, config, dovecot, check,
 * audit), so that a consumer that is not a renderer of one report (a web page, a survey's
 * aggregate) handles one type. Each family's own finding type extends it with the fields its
 * JSON already had: the JSON contracts only gain these fields, none is renamed.
 */
import type { Severity } from './severity.js';

/** Where a finding is: any of a host and port, a file and line, a service. */
export interface Place {
  /** The host or address it was observed on (wire findings), or the MX host it concerns. */
  readonly host?: string;
  readonly port?: number;
  /** The configuration file it concerns (main.cf, master.cf, dovecot.conf, openssl.cnf). */
  readonly file?: string;
  readonly line?: number;
  /** The service ("submission/inet", "imap") it concerns. */
  readonly service?: string;
}

export interface Finding {
  /** Stable kind of finding ("tls-versions", "dane-no-match"), shared by its instances. */
  readonly id: string;
  readonly severity: Severity;
  /** One line for tables: what it is. */
  readonly title: string;
  /** The whole explanation. */
  readonly message: string;
  /** Where it is; `{}` for the whole server or domain. */
  readonly place: Place;
  /** What repairs it (a postconf command, a line to write, DNS records), or null. */
  readonly fix: string | null;
}

/** A place from optional parts, leaving out those that are null or undefined (JSON stays small). */
export function place(parts: { host?: string | null; port?: number | null; file?: string | null; line?: number | null; service?: string | null }): Place {
  const p: { -readonly [K in keyof Place]: Place[K] } = {};
  if (parts.host != null) p.host = parts.host;
  if (parts.port != null) p.port = parts.port;
  if (parts.file != null) p.file = parts.file;
  if (parts.line != null) p.line = parts.line;
  if (parts.service != null) p.service = parts.service;
  return p;
}

/** "host:port", "file:line", "service": the place as one string for terminals. */
export function placeText(p: Place): string {
  const parts: string[] = [];
  if (p.host !== undefined) parts.push(p.port !== undefined ? `${p.host}:${p.port}` : p.host);
  if (p.file !== undefined) parts.push(p.line !== undefined ? `${p.file}:${p.line}` : p.file);
  if (p.service !== undefined) parts.push(p.service);
  return parts.join(' ');
}
