/** `mailtls check --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */

export const USAGE = `Usage: mailtls check DOMAIN [options]

The domain as a sending mail server sees it: every MX in preference order (null MX, the
implicit MX, CNAMEs), every address of every MX scanned on port 25 at once, DNSSEC (secure,
insecure, bogus), DANE TLSA records matched against the certificates served, MTA-STS (TXT
record and policy over HTTPS), TLS-RPT, REQUIRETLS, and a verdict per address and for the
domain, with the DNS records and policy file to publish.

Options:
  --resolver IP[:PORT]  ask this validating resolver (default: the nameservers of
                        /etc/resolv.conf); DNSSEC statuses are its AD bit
  --ca-file FILE        trust this CA (PEM) too, besides the system's bundle
  --profile NAME        the policy profile to grade by (default mail)
  --json                print the report as one JSON document on stdout
  --concurrency N       addresses scanned at once (default 8; each scan keeps its own
                        per-host connection limit)
  --timeout MS          per-step timeout of the scans (default 10000)
  --html FILE           also write the report as one self-contained HTML page

Special-purpose addresses (RFC 6890: private, loopback, documentation ...) are reported and
not scanned; loopback is scanned only when --resolver is a loopback address (a test stack
such as 'mailtls lab dns up').
Exit status: 0 when the check ran and the verdict is pass or warn, 1 when it is fail or the
check could not run, 2 on a usage error.
`;
