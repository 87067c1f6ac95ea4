/** `mailtls config --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */

export const USAGE = `Usage: mailtls config [DIR] [--postfix-version X.Y] [--openssl-version X.Y] [--openssl-conf FILE] [--dovecot[=DOVECOT_DIR]] [--dovecot-version X.Y] [--json] [--fix] [--profile NAME]

Reads DIR/main.cf and DIR/master.cf (DIR defaults to /etc/postfix) exactly as Postfix does and shows,
for every smtpd, postscreen, tlsproxy, smtp and lmtp service, the TLS policy in force: level,
protocols and the parameter they come from, cipher grade, exclusions, the OpenSSL cipher list,
the predicted TLS versions, TLS 1.2 and TLS 1.3 suites, server order, auth-only and certificates,
and the OpenSSL configuration each daemon reads (tls_config_file, OPENSSL_CONF, OPENSSLDIR/openssl.cnf)
with the directives that decide part of the wire. Then the findings, with file:line.

The mailbox side of the same server (--dovecot; /etc/dovecot when DIR is not given and it exists):
DOVECOT_DIR/dovecot.conf and all it includes, read as Dovecot reads them, and for IMAP, POP3,
ManageSieve and submission the effective TLS (ssl, ssl_min_protocol, ssl_cipher_list,
ssl_cipher_suites, server order, cleartext authentication) with file:line, the predicted TLS
versions and suites, what a client sees before TLS, and findings with the line to write.

Options:
  --postfix-version X.Y   defaults of this Postfix version (default: local postconf, else newest known)
  --openssl-version X.Y   predict suites for this OpenSSL (default: local openssl)
  --openssl-conf FILE     the server's default OpenSSL configuration (another machine's openssl.cnf);
                          default: this machine's (OPENSSL_CONF via import_environment, else
                          OPENSSLDIR/openssl.cnf), read only when the OpenSSL analysed is this one
  --dovecot[=DIR]         also analyse Dovecot's configuration in DIR (default /etc/dovecot)
  --dovecot-version X.Y   defaults of this Dovecot version (default: local dovecot, else newest known)
  --json                  the report as JSON (the Dovecot part under "dovecot")
  --fix                   print the postconf commands that repair the findings (writes nothing)
  --profile NAME          grade each inet smtpd/postscreen service's predicted TLS by a policy profile
                          (mail, ncsc-2025, mozilla-6.0-intermediate, bcp195, ...), by its role (mx,
                          submission, other); JSON gains "profile" and per-service "rules"
`;
