/** `mailtls scan --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */
import { SCAN_DEFAULTS as DEFAULT_SCAN_OPTIONS } from '../../scan/defaults.js';

export function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

export const USAGE = `Usage: mailtls scan HOST[:PORT] [options]

Scans the TLS of a mail server: protocols, every accepted cipher suite and the server's order,
key exchange groups, certificates, the SMTP or IMAP/POP3/ManageSieve facts, and findings with
what to change (Postfix settings on SMTP ports, Dovecot settings on mailbox ports).
Port 25 by default. The protocol follows the port: 25 and 587 SMTP STARTTLS, 465 SMTP over
implicit TLS, 143 IMAP STARTTLS, 993 IMAP over implicit TLS, 110 POP3 STLS, 995 POP3 over
implicit TLS, 4190 ManageSieve STARTTLS; any other port SMTP STARTTLS.
IPv6 addresses go in brackets: [::1]:25.

Options:
  --starttls smtp|imap|pop3|sieve|none
                        STARTTLS in that protocol first, or TLS from the first byte (none)
  --protocol smtp|imap|pop3|sieve
                        with implicit TLS on another port: the protocol spoken over TLS
  --json                print the report as one JSON document on stdout
  --vulns               also probe the known TLS vulnerabilities that need connections of their
                        own: CCS injection, client-initiated renegotiation, ROBOT, Ticketbleed and,
                        when the server takes heartbeats, Heartbleed (about 10 more connections).
                        Without it, the "Vulnerabilities" section holds those judged from the scan
                        alone (Heartbleed when heartbeats are off, CRIME, POODLE, FALLBACK_SCSV,
                        SWEET32, FREAK, Logjam, DROWN, BEAST, LUCKY13, RC4, secure renegotiation,
                        the TLS 1.3 downgrade sentinel)
  --max-connections N   most connections at once to the host (default ${DEFAULT_SCAN_OPTIONS.concurrency});
                        --concurrency N is the same. The scan also learns the server's own limit
                        from its refusals (421 "too many connections") and keeps under it
  --rate N/min          most connection starts per minute to the host (also N/s, N/h; default
                        none). A server's rate limit (Postfix smtpd_client_connection_rate_limit)
                        is also learnt from its refusals, and the starts are spaced to keep to it
  --patience DURATION   how long the scan may wait for a busy or limiting server's pace (30s,
                        5m, 1h; default ${formatDuration(DEFAULT_SCAN_OPTIONS.patienceMs)}). What could not be probed in that time is
                        reported as unknown ("unfinished" in JSON), never as not offered
  --timeout MS          per-step timeout in ms (default ${DEFAULT_SCAN_OPTIONS.timeoutMs})
  --delay MS            pause between connection starts, for tarpitting servers (default 0)
  --role mx|submission  judge the service as server-to-server (opportunistic TLS: a weak suite
                        beats plaintext) or as submission for mail clients (TLS required,
                        RFC 8314); default: submission on 587, implicit TLS and the mailbox
                        protocols, mx otherwise
  --ehlo NAME           the name to send in EHLO (default ${DEFAULT_SCAN_OPTIONS.ehloName})
  --profile NAME        grade the result by a policy profile (mail, ncsc-2025, mozilla-6.0-intermediate,
                        bcp195, ...): a "Profile" section with each rule's outcome; the findings a
                        rule judges drop out. JSON gains "profile" and "rules" ("findings" keeps the
                        uncovered ones, "coveredFindings" the others). mailtls audit --profiles lists them.

It only sends EHLO, STARTTLS and QUIT (IMAP: CAPABILITY, STARTTLS, LOGOUT; POP3: CAPA, STLS,
QUIT; ManageSieve: STARTTLS, LOGOUT); it never sends mail or authenticates.
Exit status: 0 when the scan completed, 1 when it could not (refused, no STARTTLS, 421,
timeout), 2 on a usage error.
`;
