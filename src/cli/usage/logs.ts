/** `mailtls logs --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */

export const USAGE = `Usage: mailtls logs [FILE ...] [options]

What clients really negotiate with your Postfix, from its logs: TLS by service, protocol
and cipher, clients still on TLS 1.0/1.1 or weak ciphers, failed handshakes, passwords
sent without TLS, outbound TLS by destination, and who would break under a stricter policy.

FILE may be plain or gzip-compressed; several files (rotated: mail.log.2.gz mail.log.1
mail.log) are read oldest first. No FILE or "-" reads stdin.

Options:
  --json              print the report as JSON
  --since T           only sessions from T on (2026-11-21, 2026-11-21T08:00, 24h, 7d)
  --until T           only sessions before T
  --service NAME      only this service (postfix/submission/smtpd, submission, smtp); repeatable
  --if EXPR           impact of a stricter policy; repeatable (all must hold):
                        protocols=>=TLSv1.2   (or !TLSv1,!TLSv1.1; smtpd_tls_protocols=... too)
                        ciphers=high          (Postfix grade: high, medium, low, export, null;
                                               as the newest Postfix builds it, on OpenSSL 3.0)
                        exclude_ciphers=3DES  (smtpd_tls_exclude_ciphers; on the grade medium)
                        tls=required          (smtpd_tls_security_level = encrypt)
                        auth=tls              (smtpd_tls_auth_only = yes)
  --year N            year of the first line, for classic syslog stamps without one
                      (default: inferred from each file's modification time)
  --max-line N        skip lines longer than N characters (default 16384)
  --include-probes    count the sessions of mailtls's own scans and audits too (they are left
                      out by default: each run records when and from where it connected)

TLS details need smtpd_tls_loglevel = 1 (and smtp_tls_loglevel = 1 for outbound);
at the default 0 the report says what the disconnect counters still tell.
`;
