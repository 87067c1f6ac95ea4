/** `mailtls listen --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */

export const USAGE = `Usage: mailtls listen [--port P] [--address A] [--once] [--refuse] [--json] [--timeout MS]
       mailtls listen --probe-postfix DIR [--levels none,may,encrypt,fingerprint] [--set NAME=VALUE ...]

The sending side: what a mail client or a sending MTA (your Postfix's smtp client) offers when it
delivers. Runs a capture SMTP server that answers EHLO with STARTTLS, reads the client's
ClientHello (versions, cipher suites, groups, signature schemes, SNI, ALPN, every extension,
compression), completes the handshake with a throw-away certificate and accepts the message
(it is discarded), then reports the client's TLS graded by a policy profile, with the
smtp_tls_* settings that change each part.

Options:
  --port P              port to listen on (default 2525; 0: a free one, printed on stderr)
  --address A           address to listen on (default 127.0.0.1; only loopback unless given here)
  --once                stop after the first session (with --refuse: after the refused session
                        and the client's retry, or --wait ms without one)
  --refuse              answer STARTTLS with 220, then fail the handshake (a handshake_failure
                        alert): does the client retry without TLS? A retry is a second session
  --wait MS             with --refuse: how long to wait for a retry (default 10000; with
                        --probe-postfix, per level)
  --duration MS         stop listening after MS (default: until --once is met or Ctrl-C)
  --timeout MS          per-read timeout on each connection (default 30000)
  --json                print the report as one JSON document on stdout
  --profile NAME        the policy profile for the client rules (default mail)

  --probe-postfix DIR   end to end: start a lab copy of the Postfix configuration in DIR (DIR
                        is only read), route mail for LEVEL.probe.mailtls.test to the capture
                        server, send one message per smtp_tls_security_level and report what the
                        smtp client offered at each (needs root, like mailtls lab)
  --levels L,L          the levels to probe (default none,may,encrypt,fingerprint; also verify, secure)
  --set NAME=VALUE      a main.cf setting over the lab copy (what-if), repeatable
  --name N              the lab instance's name (default mailtls-listen)
  With --probe-postfix, --refuse fails every handshake and shows per level whether the smtp
  client then delivers in plaintext (Postfix does so at may only for a message that has waited
  minimal_backoff_time: try --set minimal_backoff_time=1s --set queue_run_delay=1s).

Exit status: 0 when a session was captured (every level, with --probe-postfix), 1 when none was
or the lab failed, 2 on a usage error.
`;
