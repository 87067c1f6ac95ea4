/**
 * Sessions to leave out of the statistics: the audit's own probe connections. An audit scans
 * the server it reads the log of, so its ~100 handshakes land in that log as "lost connection"
 * failures and short TLS sessions from the scanner's address. Postfix logs neither the EHLO
 * name nor (by default) the client port of a session, so a probe session is known by what the
 * audit knows of its connections: the source address, the time they started, and that a probe
 * never authenticates (it sends only EHLO, STARTTLS and QUIT).
 */

export interface SessionExclusion {
  /** Epoch ms of the first probe connection; sessions that start earlier are never excluded. */
  readonly since: number;
  /** Epoch ms after which no probe connected (Infinity while the probes still run). */
  readonly until: number;
  /** The probes' source addresses, as Postfix logs them inside the brackets of `name[addr]`. */
  readonly addresses: ReadonlySet<string>;
  /** For the report: "the audit's own probes (EHLO audit.mailtls.invalid)". */
  readonly why: string;
}

/**
 * Classic syslog and maillog_file stamps have whole seconds, so a session logged in the second
 * the first probe connected may carry an earlier stamp; the clocks of the scanner and of the
 * log writer are the same machine's.
 */
const STAMP_SLACK_MS = 1000;

/** The address part of `name[addr]` or `name[addr]:port` (`[addr]` alone too). */
export function clientAddress(client: string): string {
  const open = client.lastIndexOf('[');
  const close = client.lastIndexOf(']');
  return open >= 0 && close > open ? client.slice(open + 1, close) : client;
}

/** True when a session with these facts is one of the excluded probes. */
export function isExcluded(ex: SessionExclusion, client: string, start: number, authAttempted: boolean): boolean {
  if (authAttempted) return false;
  if (!(start >= ex.since - STAMP_SLACK_MS) || !(start <= ex.until + STAMP_SLACK_MS)) return false;
  return ex.addresses.has(clientAddress(client));
}
