/** `mailtls audit --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */

export const USAGE = `Usage: mailtls audit [DIR] [options]

One verdict per service of the Postfix in DIR (default /etc/postfix), from three sides joined:
the configuration as Postfix reads it, the wire of every listening service (scanned in
parallel), and the log (what clients really negotiate; this audit's own probes left out).
For each service: its address, port and role (mx for port 25 and postscreen, submission for
587/465 and SASL services), whether the server does what its configuration says (and why not:
not reloaded, OpenSSL's system configuration, tls_config_file, another process on the port),
the profile's rules, and the fixes with who they would break according to the log.

Options:
  --log FILE          read this log (repeatable; plain or .gz, rotated sets in order);
                      default: maillog_file, else /var/log/mail.log(.N) or maillog, else journalctl
  --profile NAME      grade by this policy profile (default mail); --profiles lists them
  --profiles          list the profiles, with their sources and dates, and exit
  --json              the report as JSON on stdout
  --sarif FILE        also write the findings as SARIF 2.1.0 (for CI and code review)
  --html FILE         also write a self-contained HTML report
  --fail-on SEV       exit 1 when a finding is at least SEV: critical, high (default), medium,
                      low, info; or "none" to exit 0 whatever is found
  --no-scan           do not connect to the services (configuration and log only)
  --no-logs           do not read a log
  --postfix-version X.Y, --openssl-version X.Y
                      as in mailtls config
  --timeout MS        per-step scan timeout (default 10000)

The audit's connections send only EHLO (as ${'audit.mailtls.invalid'}), STARTTLS and QUIT.
Nothing is changed: the fixes are printed, never run.
Exit status: 0 nothing reaches --fail-on, 1 something does, 2 the audit could not run.
`;
