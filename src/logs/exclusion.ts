/**
 * Sessions to leave out of the statistics: the audit's own probe connections. An audit scans
 * the server it reads the log of, so its ~100 handshakes land in that log as "lost connection"
 * failures and short TLS sessions from the scanner's address. Postfix logs neither the EHLO
 * name nor (by default) the client port of a session, so a probe session is known by what the
 * audit knows of its connections: the source address, the time they started, and that a probe
 * never authenticates (it sends only EHLO, STARTTLS and QUIT).
 */

/** The connections of one mailtls run: from these addresses, between these times. */
export interface ProbeWindow {
  /** Epoch ms of the first probe connection; sessions that start earlier are not the run's. */
  readonly since: number;
  /** Epoch ms after which no probe connected (Infinity while the probes still run). */
  readonly until: number;
  /** The probes' source addresses, as Postfix logs them inside the brackets of `name[addr]`. */
  readonly addresses: ReadonlySet<string>;
}

export interface SessionExclusion {
  /** The runs whose sessions to leave out: this one (live) and earlier ones (scan/ledger.ts). */
  readonly windows: readonly ProbeWindow[];
  /** For the report: "mailtls's own probes (scans and audits)". */
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
  let address: string | null = null;
  for (const w of ex.windows) {
    if (!(start >= w.since - STAMP_SLACK_MS) || !(start <= w.until + STAMP_SLACK_MS)) continue;
    address ??= clientAddress(client);
    if (w.addresses.has(address)) return true;
  }
  return false;
}
